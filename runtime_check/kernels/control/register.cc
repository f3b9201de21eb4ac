#include "runtime_check/kernels/control/control_kernels.h"

namespace tfconv {

void RegisterControlKernels(KernelRegistry& registry) { (void)registry; }

}  // namespace tfconv
