// The nn op family: convolutions, pools, matrix products, BiasAdd, batch normalization, their
// fused forms, Einsum and LRN, with TF's reference semantics and the lowering the official converter
// emits.
//
//   Conv2D                 -> CONV_2D (filter HWIO -> OHWI, zero bias [O]; EXPLICIT padding: PAD first)
//   DepthwiseConv2dNative  -> DEPTHWISE_CONV_2D (filter [H,W,C,M] -> [1,H,W,C*M], depth_multiplier M)
//   Conv2DBackpropInput    -> TRANSPOSE_CONV (filter [H,W,O,I] -> [O,H,W,I], no bias)
//   MaxPool, AvgPool       -> MAX_POOL_2D, AVERAGE_POOL_2D (NCHW: TRANSPOSE around it)
//   MaxPoolV2              -> MAX_POOL_2D (ksize and strides: constant inputs)
//   MatMul                 -> FULLY_CONNECTED (weights [N,K], no bias, keep_num_dims false)
//   BatchMatMul[V2,V3]     -> FULLY_CONNECTED keep_num_dims when y is a constant matrix, else BATCH_MATMUL
//   BiasAdd, BiasAddV1     -> ADD (NHWC)
//   FusedBatchNorm[V2,V3]  -> MUL, ADD with a host-folded multiplier and shift (constant statistics),
//                             else ADD, RSQRT, MUL, SUB, MUL, ADD; inference mode, NHWC only
//   _FusedConv2D, _FusedDepthwiseConv2dNative, FusedDepthwiseConv2dNative, _FusedMatMul
//                          -> the plain op's CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED with the bias,
//                             a batch norm folded into constant weights, RELU/RELU6 fused; then ADD of
//                             an addend and ELU, LEAKY_RELU, LOGISTIC, TANH, GELU as operators
//   Einsum                 -> FULLY_CONNECTED or BATCH_MATMUL with TRANSPOSE/RESHAPE around it, SUM
//   LRN                    -> LOCAL_RESPONSE_NORMALIZATION
// The plain ops never fuse an activation; a later pass does that. Only float32 is lowered.
//
//   OpRegistry registry;
//   registry.BeginPlugin("tfconv.nn", false);
//   RegisterNnOps(registry);
//   registry.EndPlugin();
#ifndef TFCONV_PLUGINS_NN_NN_OPS_H_
#define TFCONV_PLUGINS_NN_NN_OPS_H_

#include "ops/op_registry.h"

namespace tfconv {

void RegisterNnOps(OpRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_NN_NN_OPS_H_
