// The op groups of the array plugin; RegisterArrayOps (array_ops.h) calls each of them.
#ifndef TFCONV_PLUGINS_ARRAY_ARRAY_GROUPS_H_
#define TFCONV_PLUGINS_ARRAY_ARRAY_GROUPS_H_

#include "ops/op_registry.h"

namespace tfconv {
namespace array {

void RegisterReshapeOps(OpRegistry& registry);    // Reshape, Squeeze, ExpandDims
void RegisterConcatOps(OpRegistry& registry);     // ConcatV2, Concat, Pack, Unpack
void RegisterSplitOps(OpRegistry& registry);      // Split, SplitV
void RegisterTransposeOps(OpRegistry& registry);  // Transpose
void RegisterPadOps(OpRegistry& registry);        // Pad, PadV2, MirrorPad
void RegisterReduceOps(OpRegistry& registry);     // Mean, Sum, Max, Min, Prod
void RegisterCastOps(OpRegistry& registry);       // Cast
void RegisterSliceOps(OpRegistry& registry);      // Slice, StridedSlice
void RegisterGatherOps(OpRegistry& registry);     // GatherV2, Gather
void RegisterFillOps(OpRegistry& registry);       // Shape, Fill, ZerosLike, OnesLike, Range, Tile

}  // namespace array
}  // namespace tfconv

#endif  // TFCONV_PLUGINS_ARRAY_ARRAY_GROUPS_H_
