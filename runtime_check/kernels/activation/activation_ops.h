// The registration functions of the activation kernel files; RegisterActivationKernels calls them.
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_ACTIVATION_ACTIVATION_OPS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_ACTIVATION_ACTIVATION_OPS_H_

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {
namespace activation {

void RegisterRelu(KernelRegistry& registry);             // RELU, RELU6, RELU_N1_TO_1, RELU_0_TO_1
void RegisterLeakyRelu(KernelRegistry& registry);        // LEAKY_RELU, PRELU
void RegisterLogisticTanh(KernelRegistry& registry);     // LOGISTIC, TANH
void RegisterSoftmax(KernelRegistry& registry);          // SOFTMAX, LOG_SOFTMAX
void RegisterSmooth(KernelRegistry& registry);           // ELU, GELU, HARD_SWISH
void RegisterL2Normalization(KernelRegistry& registry);  // L2_NORMALIZATION
void RegisterLocalResponseNormalization(KernelRegistry& registry);  // LOCAL_RESPONSE_NORMALIZATION
void RegisterQuantize(KernelRegistry& registry);         // QUANTIZE, DEQUANTIZE

}  // namespace activation
}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_ACTIVATION_ACTIVATION_OPS_H_
