#include "runtime_check/kernels/sequence/sequence_kernels.h"

namespace tfconv {

void RegisterSequenceKernels(KernelRegistry& registry) {
  RegisterLstmKernels(registry);
  RegisterSvdfKernel(registry);
}

}  // namespace tfconv
