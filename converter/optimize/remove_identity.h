// Removes operators that return their input unchanged: a RESHAPE whose output has the input's
// static shape, and a TRANSPOSE whose constant permutation is 0, 1, ..., rank-1.
//
//   A -> t -> RESHAPE(t, [1,4]) -> y -> B     (t is [1,4])     becomes     A -> t -> B
//
// Readers of the output then read the input. When the output is pinned (a subgraph or signature
// output, whose index and name stay), the input's producer writes the output instead, which needs
// an input that only this operator reads, that is not pinned and that an operator produces.
// Data tensors must have the same type and no quantization (quantized models come later).
#ifndef TFCONV_CONVERTER_OPTIMIZE_REMOVE_IDENTITY_H_
#define TFCONV_CONVERTER_OPTIMIZE_REMOVE_IDENTITY_H_

#include "converter/tflite/model_ir.h"

namespace tfconv {

// Rewrites every match in every subgraph once; return how many operators were removed.
int RemoveIdentityReshapes(TflModel& model);
int RemoveIdentityTransposes(TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_OPTIMIZE_REMOVE_IDENTITY_H_
