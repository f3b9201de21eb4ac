#include "plugins/nn/nn_ops.h"

#include "plugins/nn/nn_ops_internal.h"

namespace tfconv {

absl::Status CheckRank(const Node& node, const PartialShape& s, int rank, absl::string_view what) {
  if (!s.known_rank() || s.rank() == rank) return absl::OkStatus();
  return NodeError(node, absl::StrCat(what, " must have rank ", rank, ", got shape ", s.ToString()));
}

PartialShape ImageShape(const ImageLayout& layout, int64_t n, int64_t h, int64_t w, int64_t c) {
  std::vector<int64_t> dims(4);
  dims[layout.batch] = n;
  dims[layout.height] = h;
  dims[layout.width] = w;
  dims[layout.channels] = c;
  return PartialShape(std::move(dims));
}

void RegisterNnOps(OpRegistry& registry) {
  RegisterConvOps(registry);
  RegisterPoolOps(registry);
  RegisterMatMulOps(registry);
  RegisterBiasAddOps(registry);
  RegisterBatchNormOps(registry);
  RegisterFusedOps(registry);
  RegisterEinsumOps(registry);
  RegisterLrnOps(registry);
}

}  // namespace tfconv
