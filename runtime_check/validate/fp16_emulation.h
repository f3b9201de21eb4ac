// Float16 emulation for profiles whose numeric_mode is "fp16_emulated" (gpu_fp16): a float32
// value rounded to the nearest IEEE binary16 value (ties to even) and widened back, which is what
// storing it in a half-precision tensor and reading it again gives.
//
//   RoundTensorToHalf(t);     // every element of a FLOAT32 RtTensor, in place (RoundToHalf of
//                             // runtime_check/numeric/half.h: 0.1f becomes 0.0999755859375f)
//   auto half_model = WithConstantsRoundedToHalf(*model);   // float32 weights as float16 values
//   EmulateHalfOutputs(*interpreter);                        // every float32 op output rounded
#ifndef TFCONV_RUNTIME_CHECK_VALIDATE_FP16_EMULATION_H_
#define TFCONV_RUNTIME_CHECK_VALIDATE_FP16_EMULATION_H_

#include <memory>

#include "converter/tflite/model_ir.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/interpreter/rt_tensor.h"
#include "runtime_check/numeric/half.h"

namespace tfconv {

// Rounds every element of a FLOAT32 tensor; tensors of other types are left unchanged.
void RoundTensorToHalf(RtTensor& tensor);

// A copy of `model` whose FLOAT32 constant buffers hold half-rounded values (a buffer that some
// tensor of another type also reads is left alone). Other buffers are shared, not copied.
std::shared_ptr<const TflModel> WithConstantsRoundedToHalf(const TflModel& model);

// Makes the interpreter round every FLOAT32 output of every operator right after it runs
// (replacing any observer it had).
void EmulateHalfOutputs(Interpreter& interpreter);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_VALIDATE_FP16_EMULATION_H_
