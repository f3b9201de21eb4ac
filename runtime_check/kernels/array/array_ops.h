// The array family's kernel files, each registering its own ops (called from register.cc).
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_ARRAY_ARRAY_OPS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_ARRAY_ARRAY_OPS_H_

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {

void RegisterReshapeKernels(KernelRegistry& registry);        // RESHAPE, SQUEEZE, EXPAND_DIMS
void RegisterConcatenationKernel(KernelRegistry& registry);   // CONCATENATION
void RegisterPadKernels(KernelRegistry& registry);            // PAD, PADV2, MIRROR_PAD
void RegisterSliceKernels(KernelRegistry& registry);          // SLICE, STRIDED_SLICE
void RegisterGatherKernels(KernelRegistry& registry);         // GATHER, GATHER_ND
void RegisterTransposeKernel(KernelRegistry& registry);       // TRANSPOSE
void RegisterPackKernels(KernelRegistry& registry);           // PACK, UNPACK
void RegisterSplitKernels(KernelRegistry& registry);          // SPLIT, SPLIT_V
void RegisterSpaceBatchKernels(KernelRegistry& registry);     // SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND,
                                                              // DEPTH_TO_SPACE, SPACE_TO_DEPTH
void RegisterTileKernels(KernelRegistry& registry);           // TILE, BROADCAST_TO
void RegisterShapeKernels(KernelRegistry& registry);          // SHAPE, RANK, BROADCAST_ARGS, RANGE
void RegisterReverseKernel(KernelRegistry& registry);         // REVERSE_V2, REVERSE_SEQUENCE
void RegisterWhereKernel(KernelRegistry& registry);           // WHERE
void RegisterOneHotKernel(KernelRegistry& registry);          // ONE_HOT
void RegisterResizeKernels(KernelRegistry& registry);         // RESIZE_BILINEAR, RESIZE_NEAREST_NEIGHBOR
void RegisterTopKKernel(KernelRegistry& registry);            // TOPK_V2
void RegisterUniqueKernel(KernelRegistry& registry);          // UNIQUE
void RegisterScatterKernels(KernelRegistry& registry);        // SCATTER_ND, SPARSE_TO_DENSE
void RegisterMatrixDiagKernels(KernelRegistry& registry);     // MATRIX_DIAG, MATRIX_SET_DIAG

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_ARRAY_ARRAY_OPS_H_
