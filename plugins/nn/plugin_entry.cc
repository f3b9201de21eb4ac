// The entry point of libnn_ops.so: convolutions, pools, matrix products, BiasAdd,
// FusedBatchNorm (see nn_ops.h).
#include "ops/plugin_api.h"
#include "plugins/nn/nn_ops.h"

namespace {
void RegisterAll(TfconvRegistryHandle* handle) { tfconv::RegisterNnOps(tfconv::OpRegistry::FromHandle(handle)); }
}  // namespace

TFCONV_DEFINE_PLUGIN("tfconv.nn", "1.0.0", RegisterAll)
