// GELU from its float32 arithmetic (the official converter's MatchGeluApproximate* and MatchGelu):
//
//   tanh form:  0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))   ->  GELU(x, approximate=true)
//   erf form:   0.5 * x * (1 + erf(x / sqrt(2)))                          ->  GELU(x, approximate=false)
//
// The products may be spelled with MUL in any association and operand order (0.5 * x * s,
// x * (s * 0.5), (x * 0.5) * s, ...), with DIV by a constant for a multiplication by its inverse,
// and x^3 as POW(x, 3) or any product of three x (x * x * x, x * (x * x), (x * 0.044715) * x * x).
// Constants are one-element float32 values equal within a relative 1e-6 to 0.5, 1, sqrt(2/pi),
// 0.044715 and 1/sqrt(2) once multiplied together per product. TensorFlow's Erf has no TFLite
// builtin: it reaches the model as the custom op "Erf" (--allow_custom_ops) or "FlexErf", and only
// this pattern turns it into a builtin. Every intermediate result has one reader and no pinned role,
// no operator has a fused activation, and the result has x's shape.
//
//   int n = FuseGelu(model);
#ifndef TFCONV_CONVERTER_OPTIMIZE_FUSE_GELU_H_
#define TFCONV_CONVERTER_OPTIMIZE_FUSE_GELU_H_

#include "converter/tflite/model_ir.h"

namespace tfconv {

int FuseGelu(TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_OPTIMIZE_FUSE_GELU_H_
