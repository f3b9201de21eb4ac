// Registers the reference interpreter's conv kernels (see runtime_check/README.md for the list).
//
//   KernelRegistry registry;
//   RegisterConvKernels(registry);
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_CONV_CONV_KERNELS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_CONV_CONV_KERNELS_H_

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {

void RegisterConvKernels(KernelRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_CONV_CONV_KERNELS_H_
