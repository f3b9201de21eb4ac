// The entry point of libactivation_ops.so.
#include "ops/op_registry.h"
#include "ops/plugin_api.h"
#include "plugins/activation/activation_ops.h"

namespace {

void RegisterOps(TfconvRegistryHandle* handle) {
  tfconv::RegisterActivationOps(tfconv::OpRegistry::FromHandle(handle));
}

}  // namespace

TFCONV_DEFINE_PLUGIN("tfconv.activation", "1.0.0", RegisterOps)
