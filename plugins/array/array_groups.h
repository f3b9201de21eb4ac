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
void RegisterReduceOps(OpRegistry& registry);     // Mean, Sum, Max, Min, Prod, Any, All
void RegisterCastOps(OpRegistry& registry);       // Cast
void RegisterSliceOps(OpRegistry& registry);      // Slice, StridedSlice
void RegisterGatherOps(OpRegistry& registry);     // GatherV2, Gather
void RegisterFillOps(OpRegistry& registry);       // Shape, Fill, ZerosLike, OnesLike, Range, Tile
void RegisterIndexOps(OpRegistry& registry);      // ArgMax, ArgMin, TopKV2, Where, Unique
void RegisterSpaceOps(OpRegistry& registry);      // DepthToSpace, SpaceToDepth, SpaceToBatchND, BatchToSpaceND
void RegisterResizeOps(OpRegistry& registry);     // ResizeBilinear, ResizeNearestNeighbor
void RegisterBroadcastOps(OpRegistry& registry);  // Rank, Size, ShapeN, BroadcastTo, BroadcastArgs
void RegisterScatterOps(OpRegistry& registry);    // GatherNd, ScatterNd, OneHot, ReverseV2, ReverseSequence
void RegisterSelectOps(OpRegistry& registry);     // Select, SelectV2
void RegisterDiagOps(OpRegistry& registry);       // MatrixDiag, MatrixSetDiag and their V2/V3 forms (k = 0)
void RegisterSegmentOps(OpRegistry& registry);    // SegmentSum, UnsortedSegmentSum/Max/Min/Prod
void RegisterSparseOps(OpRegistry& registry);     // SparseToDense
void RegisterBitcastOps(OpRegistry& registry);    // Bitcast
void RegisterNmsOps(OpRegistry& registry);        // NonMaxSuppressionV4, NonMaxSuppressionV5

}  // namespace array
}  // namespace tfconv

#endif  // TFCONV_PLUGINS_ARRAY_ARRAY_GROUPS_H_
