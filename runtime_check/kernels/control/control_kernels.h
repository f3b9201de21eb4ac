// Registers the reference interpreter's control kernels (see runtime_check/README.md for the list).
//
//   KernelRegistry registry;
//   RegisterControlKernels(registry);
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_CONTROL_CONTROL_KERNELS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_CONTROL_CONTROL_KERNELS_H_

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {

void RegisterControlKernels(KernelRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_CONTROL_CONTROL_KERNELS_H_
