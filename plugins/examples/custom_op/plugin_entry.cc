// The entry point of libsoftclip_op.so: the one exported symbol the converter looks for.
#include "ops/op_registry.h"
#include "ops/plugin_api.h"
#include "plugins/examples/custom_op/softclip.h"
#include "plugins/examples/custom_op/softclip_keras_layer.h"

namespace {

void RegisterPlugin(TfconvRegistryHandle* handle) {
  tfconv::OpRegistry& registry = tfconv::OpRegistry::FromHandle(handle);
  example::RegisterSoftClipOp(registry);          // the TF op and its TFLite custom op
  example::RegisterSoftClipKerasLayer(registry);  // the Keras layer class that emits the TF op
}

}  // namespace

TFCONV_DEFINE_PLUGIN("example.softclip", "1.0.0", RegisterPlugin)
