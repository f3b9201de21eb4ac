#include "runtime_check/kernels/activation/activation_kernels.h"
#include "runtime_check/kernels/activation/activation_ops.h"

namespace tfconv {

void RegisterActivationKernels(KernelRegistry& registry) {
  activation::RegisterRelu(registry);
  activation::RegisterLeakyRelu(registry);
  activation::RegisterLogisticTanh(registry);
  activation::RegisterSoftmax(registry);
  activation::RegisterSmooth(registry);
  activation::RegisterL2Normalization(registry);
  activation::RegisterLocalResponseNormalization(registry);
  activation::RegisterQuantize(registry);
}

}  // namespace tfconv
