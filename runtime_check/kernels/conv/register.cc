#include "runtime_check/kernels/conv/conv_kernels.h"
#include "runtime_check/kernels/conv/conv_ops.h"

namespace tfconv {

void RegisterConvKernels(KernelRegistry& registry) {
  RegisterConv2D(registry);
  RegisterDepthwiseConv2D(registry);
  RegisterTransposeConv(registry);
  RegisterFullyConnected(registry);
  RegisterBatchMatMul(registry);
}

}  // namespace tfconv
