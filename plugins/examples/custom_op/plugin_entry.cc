// The entry point of libsoftclip_op.so: the one exported symbol the converter looks for.
#include "ops/op_registry.h"
#include "ops/plugin_api.h"
#include "plugins/examples/custom_op/softclip.h"

namespace {

void RegisterPlugin(TfconvRegistryHandle* handle) {
  example::RegisterSoftClipOp(tfconv::OpRegistry::FromHandle(handle));
}

}  // namespace

TFCONV_DEFINE_PLUGIN("example.softclip", "1.0.0", RegisterPlugin)
