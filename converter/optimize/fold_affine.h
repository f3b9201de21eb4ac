// Folds per-channel constant arithmetic that follows a float32 CONV_2D, DEPTHWISE_CONV_2D or
// FULLY_CONNECTED into its weights (the official converter's FuseBinaryOpToPrecedingAffine and
// FuseMulOrDivWithConv2dOrDepthwiseConv2d; here also for FULLY_CONNECTED):
//
//   CONV_2D(x, w, b) -> t -> ADD(t, k) -> y    becomes   CONV_2D(x, w, b + k) -> y
//   CONV_2D(x, w, b) -> t -> SUB(t, k) -> y    becomes   CONV_2D(x, w, b - k) -> y
//   CONV_2D(x, w, b) -> t -> MUL(t, k) -> y    becomes   CONV_2D(x, w * k, b * k) -> y
//   CONV_2D(x, w, b) -> t -> DIV(t, k) -> y    becomes   CONV_2D(x, w / k, b / k) -> y
//
// k is a constant that broadcasts along the output channels only: shape [C], [1,..,1,C] or one
// element. The output channel is dim 0 of a CONV_2D filter (OHWI) and of FULLY_CONNECTED weights
// ([out, in]), dim 3 of a DEPTHWISE_CONV_2D filter (1HWC). A missing bias is created for ADD/SUB.
// The affine op must have no fused activation (it takes the binary op's), `t` no other reader and
// no pinned role. MUL/DIV need constant weights and finite factors (non-zero for DIV). New weights
// always go to new tensors and buffers, so a constant another operator reads is never changed.
#ifndef TFCONV_CONVERTER_OPTIMIZE_FOLD_AFFINE_H_
#define TFCONV_CONVERTER_OPTIMIZE_FOLD_AFFINE_H_

#include "converter/tflite/model_ir.h"

namespace tfconv {

// Rewrites every match in every subgraph once; return how many binary ops were folded.
int FoldAddSubIntoBias(TflModel& model);
int FoldMulDivIntoWeights(TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_OPTIMIZE_FOLD_AFFINE_H_
