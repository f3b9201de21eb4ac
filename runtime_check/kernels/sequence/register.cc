#include "runtime_check/kernels/sequence/sequence_kernels.h"

namespace tfconv {

void RegisterSequenceKernels(KernelRegistry& registry) { (void)registry; }

}  // namespace tfconv
