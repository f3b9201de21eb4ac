// The built-in Keras layer builders (plugin "tfconv.keras"): each writes a Keras layer call as TF ops
// that the op plugins lower. The plugin's entry point (plugin_entry.cc) and the tests call
// RegisterKerasLayers.
//
//   OpRegistry registry;
//   registry.BeginPlugin("tfconv.keras", false);
//   RegisterKerasLayers(registry);
//   registry.EndPlugin();
//   registry.FindKerasLayer("Conv2D")->variable_names(config);   // {"kernel", "bias"}
#ifndef TFCONV_PLUGINS_KERAS_KERAS_LAYERS_H_
#define TFCONV_PLUGINS_KERAS_KERAS_LAYERS_H_

#include "ops/op_registry.h"

namespace tfconv {

void RegisterKerasLayers(OpRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_KERAS_KERAS_LAYERS_H_
