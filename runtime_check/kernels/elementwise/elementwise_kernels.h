// Registers the reference interpreter's elementwise kernels (see runtime_check/README.md for the list).
//
//   KernelRegistry registry;
//   RegisterElementwiseKernels(registry);
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_ELEMENTWISE_ELEMENTWISE_KERNELS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_ELEMENTWISE_ELEMENTWISE_KERNELS_H_

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {

void RegisterElementwiseKernels(KernelRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_ELEMENTWISE_ELEMENTWISE_KERNELS_H_
