// The entry point of libmath_ops.so: registers the elementwise math ops (math_ops.h).
#include "ops/op_registry.h"
#include "ops/plugin_api.h"
#include "plugins/math/math_ops.h"

namespace {

void RegisterMathPlugin(TfconvRegistryHandle* handle) {
  tfconv::RegisterMathOps(tfconv::OpRegistry::FromHandle(handle));
}

}  // namespace

TFCONV_DEFINE_PLUGIN("tfconv.math", "1.0.0", RegisterMathPlugin)
