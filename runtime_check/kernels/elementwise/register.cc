#include "runtime_check/kernels/elementwise/elementwise_kernels.h"
#include "runtime_check/kernels/elementwise/elementwise_ops.h"

namespace tfconv {

void RegisterElementwiseKernels(KernelRegistry& registry) {
  elementwise::RegisterAddSub(registry);
  elementwise::RegisterMul(registry);
  elementwise::RegisterDivision(registry);
  elementwise::RegisterBinaryMath(registry);
  elementwise::RegisterComparison(registry);
  elementwise::RegisterLogical(registry);
  elementwise::RegisterSelect(registry);
  elementwise::RegisterUnaryMath(registry);
  elementwise::RegisterCast(registry);
  elementwise::RegisterFill(registry);
  elementwise::RegisterBitwise(registry);
  elementwise::RegisterBucketize(registry);
}

}  // namespace tfconv
