// The conv family's kernels, one file each; register.cc adds them all to a registry.
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_CONV_CONV_OPS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_CONV_CONV_OPS_H_

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {

void RegisterConv2D(KernelRegistry& registry);           // conv_2d.cc
void RegisterDepthwiseConv2D(KernelRegistry& registry);  // depthwise_conv_2d.cc
void RegisterTransposeConv(KernelRegistry& registry);    // transpose_conv.cc
void RegisterFullyConnected(KernelRegistry& registry);   // fully_connected.cc
void RegisterBatchMatMul(KernelRegistry& registry);      // batch_matmul.cc

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_CONV_CONV_OPS_H_
