// The pool_reduce family's kernel files, each registering its own ops (called from register.cc).
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_POOL_REDUCE_POOL_REDUCE_OPS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_POOL_REDUCE_POOL_REDUCE_OPS_H_

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {

void RegisterPoolingKernels(KernelRegistry& registry);     // AVERAGE_POOL_2D, MAX_POOL_2D, L2_POOL_2D
void RegisterReduceKernels(KernelRegistry& registry);      // MEAN, SUM, REDUCE_MAX/MIN/PROD/ANY/ALL
void RegisterArgMinMaxKernels(KernelRegistry& registry);   // ARG_MAX, ARG_MIN
void RegisterCumsumKernel(KernelRegistry& registry);       // CUMSUM
void RegisterSegmentKernels(KernelRegistry& registry);     // SEGMENT_SUM, UNSORTED_SEGMENT_SUM/MAX/MIN/PROD

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_POOL_REDUCE_POOL_REDUCE_OPS_H_
