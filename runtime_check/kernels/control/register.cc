#include "runtime_check/kernels/control/control_kernels.h"

namespace tfconv {

void RegisterControlKernels(KernelRegistry& registry) {
  RegisterWhileKernel(registry);
  RegisterIfKernel(registry);
  RegisterCallOnceKernel(registry);
  RegisterResourceVariableKernels(registry);
}

}  // namespace tfconv
