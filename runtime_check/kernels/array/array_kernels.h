// Registers the reference interpreter's array kernels (see runtime_check/README.md for the list).
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
