#include "plugins/array/array_ops.h"

#include "plugins/array/array_groups.h"

namespace tfconv {

void RegisterArrayOps(OpRegistry& registry) {
  array::RegisterReshapeOps(registry);
  array::RegisterConcatOps(registry);
  array::RegisterSplitOps(registry);
  array::RegisterTransposeOps(registry);
  array::RegisterPadOps(registry);
  array::RegisterReduceOps(registry);
  array::RegisterCastOps(registry);
  array::RegisterSliceOps(registry);
  array::RegisterGatherOps(registry);
  array::RegisterFillOps(registry);
  array::RegisterIndexOps(registry);
  array::RegisterSpaceOps(registry);
  array::RegisterResizeOps(registry);
  array::RegisterBroadcastOps(registry);
  array::RegisterScatterOps(registry);
  array::RegisterSelectOps(registry);
  array::RegisterDiagOps(registry);
  array::RegisterSegmentOps(registry);
  array::RegisterSparseOps(registry);
  array::RegisterBitcastOps(registry);
  array::RegisterNmsOps(registry);
}

}  // namespace tfconv
