// HARD_SWISH from its float32 arithmetic, x * relu6(x + 3) / 6, in the forms Keras, MobileNetV3
// and the official converter's MatchHardSwishPattern1..6 know:
//
//   MUL(MUL(x, r), 1/6)     DIV(MUL(x, r), 6)     MUL(x, MUL(r, 1/6))     MUL(x, DIV(r, 6))
//
// where r = ADD(x, 3) with a fused RELU6, or ADD(x, 3) followed by RELU6; every MUL/ADD may have
// its operands in either order. The constants are single values (3, 1/6 or 6 within a relative
// 1e-6), the intermediate results have no other reader and no pinned role, no operator of the
// pattern but the ADD has a fused activation, and the result has x's shape (no broadcast).
//
//   int n = FuseHardSwish(model);   // patterns replaced by one HARD_SWISH(x) each
#ifndef TFCONV_CONVERTER_OPTIMIZE_FUSE_HARD_SWISH_H_
#define TFCONV_CONVERTER_OPTIMIZE_FUSE_HARD_SWISH_H_

#include "converter/tflite/model_ir.h"

namespace tfconv {

int FuseHardSwish(TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_OPTIMIZE_FUSE_HARD_SWISH_H_
