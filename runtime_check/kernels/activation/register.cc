#include "runtime_check/kernels/activation/activation_kernels.h"

namespace tfconv {

void RegisterActivationKernels(KernelRegistry& registry) { (void)registry; }

}  // namespace tfconv
