// The entry point of libarray_ops.so.
#include "ops/op_registry.h"
#include "ops/plugin_api.h"
#include "plugins/array/array_ops.h"

namespace {

void RegisterOps(TfconvRegistryHandle* handle) {
  tfconv::RegisterArrayOps(tfconv::OpRegistry::FromHandle(handle));
}

}  // namespace

TFCONV_DEFINE_PLUGIN("tfconv.array", "1.0.0", RegisterOps)
