// Registers the reference interpreter's pool and reduce kernels (see runtime_check/README.md for the list).
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
