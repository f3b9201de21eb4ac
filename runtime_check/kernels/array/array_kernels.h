// Registers the reference interpreter's array kernels: RESHAPE, SQUEEZE, EXPAND_DIMS,
// CONCATENATION, PAD, PADV2, MIRROR_PAD, SLICE, STRIDED_SLICE, GATHER, GATHER_ND, TRANSPOSE, PACK,
// UNPACK, SPLIT, SPLIT_V, SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND, DEPTH_TO_SPACE, SPACE_TO_DEPTH, TILE,
// BROADCAST_TO, SHAPE, RANK, BROADCAST_ARGS, RANGE, REVERSE_V2, REVERSE_SEQUENCE, WHERE, ONE_HOT,
// RESIZE_BILINEAR, RESIZE_NEAREST_NEIGHBOR, TOPK_V2, UNIQUE, SCATTER_ND, SPARSE_TO_DENSE, MATRIX_DIAG,
// MATRIX_SET_DIAG.
// Data movement ops take any fixed-size element type and require equal input/output
// quantization; the file of each op states its numerics and where it deliberately refuses what
// TFLite would silently get wrong.
//
//   KernelRegistry registry;
//   RegisterArrayKernels(registry);
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_ARRAY_ARRAY_KERNELS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_ARRAY_ARRAY_KERNELS_H_

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {

void RegisterArrayKernels(KernelRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_ARRAY_ARRAY_KERNELS_H_
