#include "runtime_check/kernels/pool_reduce/pool_reduce_kernels.h"

namespace tfconv {

void RegisterPoolReduceKernels(KernelRegistry& registry) { (void)registry; }

}  // namespace tfconv
