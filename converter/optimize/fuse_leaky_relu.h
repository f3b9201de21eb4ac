// LEAKY_RELU from MAXIMUM(x, MUL(x, alpha)) (operands of both in either order), as older TF graphs
// and tfjs models write tf.nn.leaky_relu; the official converter's MatchLeakyRelu.
//
// alpha is a one-element float32 constant with |alpha| < 1 (then max(x, alpha * x) is x for
// x >= 0 and alpha * x below; alpha >= 1 would swap the branches); the MUL's result has no other
// reader and no pinned role, neither operator has a fused activation, and the result has x's shape.
//
//   int n = FuseLeakyRelu(model);
#ifndef TFCONV_CONVERTER_OPTIMIZE_FUSE_LEAKY_RELU_H_
#define TFCONV_CONVERTER_OPTIMIZE_FUSE_LEAKY_RELU_H_

#include "converter/tflite/model_ir.h"

namespace tfconv {

int FuseLeakyRelu(TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_OPTIMIZE_FUSE_LEAKY_RELU_H_
