// All kernels of the reference interpreter, by family.
//
//   auto interp = Interpreter::Create(model, BuiltinKernels());
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_BUILTIN_KERNELS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_BUILTIN_KERNELS_H_

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {

// The shared registry of every built-in kernel (built once; callers may copy and extend it).
const KernelRegistry& BuiltinKernels();

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_BUILTIN_KERNELS_H_
