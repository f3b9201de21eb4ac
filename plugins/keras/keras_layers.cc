#include "plugins/keras/keras_layers.h"

#include "plugins/keras/layer_families.h"

namespace tfconv {

void RegisterKerasLayers(OpRegistry& registry) {
  RegisterConvLayers(registry);
  RegisterPoolLayers(registry);
  RegisterShapeLayers(registry);
  RegisterCoreLayers(registry);
  RegisterActivationLayers(registry);
  RegisterNormLayers(registry);
  RegisterMergeLayers(registry);
}

}  // namespace tfconv
