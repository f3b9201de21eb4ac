#include "runtime_check/kernels/pool_reduce/pool_reduce_kernels.h"
#include "runtime_check/kernels/pool_reduce/pool_reduce_ops.h"

namespace tfconv {

void RegisterPoolReduceKernels(KernelRegistry& registry) {
  RegisterPoolingKernels(registry);
  RegisterReduceKernels(registry);
  RegisterArgMinMaxKernels(registry);
  RegisterCumsumKernel(registry);
  RegisterSegmentKernels(registry);
}

}  // namespace tfconv
