// The entry point of libkeras_layers.so.
#include "ops/op_registry.h"
#include "ops/plugin_api.h"
#include "plugins/keras/keras_layers.h"

namespace {

void RegisterLayers(TfconvRegistryHandle* handle) {
  tfconv::RegisterKerasLayers(tfconv::OpRegistry::FromHandle(handle));
}

}  // namespace

TFCONV_DEFINE_PLUGIN("tfconv.keras", "1.0.0", RegisterLayers)
