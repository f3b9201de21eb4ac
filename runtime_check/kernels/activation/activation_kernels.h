// Registers the reference interpreter's activation kernels (see runtime_check/README.md for the list).
//
//   KernelRegistry registry;
//   RegisterActivationKernels(registry);
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_ACTIVATION_ACTIVATION_KERNELS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_ACTIVATION_ACTIVATION_KERNELS_H_

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {

void RegisterActivationKernels(KernelRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_ACTIVATION_ACTIVATION_KERNELS_H_
