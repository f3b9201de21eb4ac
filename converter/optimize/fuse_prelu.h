// PRELU from its float32 arithmetic, relu(x) - alpha * relu(-x), in the two spellings real graphs
// carry:
//
//   Keras PReLU (official MatchPRelu):  ADD(RELU(x), MUL(RELU(NEG(x)), k))   ->  PRELU(x, -k)
//   tfjs Prelu written back as TF ops:   SUB(RELU(x), MUL(RELU(NEG(x)), k))   ->  PRELU(x, k)
//
// (MUL and ADD operands in either order.) k is a float32 constant whose shape broadcasts to x's
// without growing it (rank at most x's, each dim 1 or x's); with broadcasting, x has rank <= 4,
// as TFLite's broadcasting PRELU kernel needs. The intermediates have no other reader and no pinned
// role, no operator has a fused activation. The ADD form gets a new, negated alpha constant (k is
// never changed); the SUB form reads k as it is.
//
//   int n = FusePRelu(model);
#ifndef TFCONV_CONVERTER_OPTIMIZE_FUSE_PRELU_H_
#define TFCONV_CONVERTER_OPTIMIZE_FUSE_PRELU_H_

#include "converter/tflite/model_ir.h"

namespace tfconv {

int FusePRelu(TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_OPTIMIZE_FUSE_PRELU_H_
