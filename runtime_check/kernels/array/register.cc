#include "runtime_check/kernels/array/array_kernels.h"

namespace tfconv {

void RegisterArrayKernels(KernelRegistry& registry) { (void)registry; }

}  // namespace tfconv
