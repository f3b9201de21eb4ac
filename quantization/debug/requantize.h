// Verifying the debugger's denylist: quantize the float model again, with and without it, the way
// the given quantized model was made (its mode and I/O types read from its tensors).
//
//   absl::StatusOr<Requantizer> r = MakeRequantizer(float_model, quant_model, samples);
//   setup.requantize = *r;                    // quant_debugger.h calls it with "" and the regex
//   QuantizeOptions o = InferQuantizeOptions(*quant_model, 0);   // e.g. kInt8, INT8 in, INT8 out
//
// Full-integer modes need ranges: a float model without recorded min/max (a plain float .tflite) is
// calibrated on the debugger's samples first (quantization/calibration), once.
#ifndef TFCONV_QUANTIZATION_DEBUG_REQUANTIZE_H_
#define TFCONV_QUANTIZATION_DEBUG_REQUANTIZE_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "quantization/debug/quant_debugger.h"
#include "quantization/options.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

// int16 activations: kInt16x8; int8/uint8 activations: kInt8; float activations with float16
// weights: kFloat16, with int8 weights: kDynamicRange; nothing quantized: kNone. Input and output
// types are those of the model's inputs and outputs.
QuantizeOptions InferQuantizeOptions(const TflModel& quant_model, int subgraph);

// Fails when the quantized model shows no quantization, or calibration fails.
absl::StatusOr<Requantizer> MakeRequantizer(std::shared_ptr<const TflModel> float_model,
                                            std::shared_ptr<const TflModel> quant_model,
                                            const std::vector<std::vector<RtTensor>>& samples,
                                            int float_subgraph = 0, int quant_subgraph = 0);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_DEBUG_REQUANTIZE_H_
