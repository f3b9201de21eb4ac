// The entry point of libgraph_ops.so: the graph plumbing ops (see graph_ops.h).
#include "ops/plugin_api.h"
#include "plugins/graph/graph_ops.h"

namespace {
void RegisterAll(TfconvRegistryHandle* handle) {
  tfconv::RegisterGraphOps(tfconv::OpRegistry::FromHandle(handle));
}
}  // namespace

TFCONV_DEFINE_PLUGIN("tfconv.graph", "1.0.0", RegisterAll)
