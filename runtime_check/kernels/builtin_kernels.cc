#include "runtime_check/kernels/builtin_kernels.h"

#include "runtime_check/kernels/activation/activation_kernels.h"
#include "runtime_check/kernels/array/array_kernels.h"
#include "runtime_check/kernels/control/control_kernels.h"
#include "runtime_check/kernels/conv/conv_kernels.h"
#include "runtime_check/kernels/elementwise/elementwise_kernels.h"
#include "runtime_check/kernels/pool_reduce/pool_reduce_kernels.h"
#include "runtime_check/kernels/sequence/sequence_kernels.h"

namespace tfconv {

const KernelRegistry& BuiltinKernels() {
  static const KernelRegistry* registry = [] {
    auto* r = new KernelRegistry;
    RegisterActivationKernels(*r);
    RegisterArrayKernels(*r);
    RegisterControlKernels(*r);
    RegisterConvKernels(*r);
    RegisterElementwiseKernels(*r);
    RegisterPoolReduceKernels(*r);
    RegisterSequenceKernels(*r);
    return r;
  }();
  return *registry;
}

KernelRegistry BuiltinKernelsWithNumerics(const std::string& kernel_numerics) {
  KernelRegistry kernels = BuiltinKernels();
  if (kernel_numerics == "tflite_micro") UseMicroLstmNumerics(kernels);
  return kernels;
}

}  // namespace tfconv
