// Registers the reference interpreter's sequence kernels (see runtime_check/README.md for the list).
//
//   KernelRegistry registry;
//   RegisterSequenceKernels(registry);
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_SEQUENCE_KERNELS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_SEQUENCE_KERNELS_H_

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {

void RegisterSequenceKernels(KernelRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_SEQUENCE_KERNELS_H_
