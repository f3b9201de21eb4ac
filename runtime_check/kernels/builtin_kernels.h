// All kernels of the reference interpreter, by family.
//
//   auto interp = Interpreter::Create(model, BuiltinKernels());
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_BUILTIN_KERNELS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_BUILTIN_KERNELS_H_

#include <string>

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {

// The shared registry of every built-in kernel (built once; callers may copy and extend it).
const KernelRegistry& BuiltinKernels();

// The built-in kernels with the integer rounding of `kernel_numerics`, a hardware profile's field:
// "litert" (as BuiltinKernels) or "tflite_micro" (TFLite Micro's integer LSTM). Unknown names are
// refused by the profile loader, so they fall back to "litert" here.
KernelRegistry BuiltinKernelsWithNumerics(const std::string& kernel_numerics);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_BUILTIN_KERNELS_H_
