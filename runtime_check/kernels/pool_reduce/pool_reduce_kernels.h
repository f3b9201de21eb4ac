// Registers the reference interpreter's pool and reduce kernels: AVERAGE_POOL_2D, MAX_POOL_2D,
// L2_POOL_2D, MEAN, SUM, REDUCE_MAX, REDUCE_MIN, REDUCE_PROD, REDUCE_ANY, REDUCE_ALL, ARG_MAX,
// ARG_MIN (float, INT32/INT64 where meaningful, and quantized UINT8/INT8/INT16 bit-exact with
// TFLite's reference kernels; see pooling.cc and reduce.cc for the integer pipelines), CUMSUM,
// SEGMENT_SUM and UNSORTED_SEGMENT_SUM/MAX/MIN/PROD (float and INT32).
//
//   KernelRegistry registry;
//   RegisterPoolReduceKernels(registry);
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_POOL_REDUCE_POOL_REDUCE_KERNELS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_POOL_REDUCE_POOL_REDUCE_KERNELS_H_

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {

void RegisterPoolReduceKernels(KernelRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_POOL_REDUCE_POOL_REDUCE_KERNELS_H_
