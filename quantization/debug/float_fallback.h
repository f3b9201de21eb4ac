// What a quantized model would compute if some of its operators stayed float: the same model with
// each chosen operator replaced by its float original between a DEQUANTIZE of each quantized input
// and a QUANTIZE into its old output (same scale and zero point), with the float model's weights.
// This is what a quantizer's denylist (--quantize_denylist) produces, so the debugger can measure a
// denylist on any quantized model, the official converter's included, without re-quantizing.
//
//   TensorPairing p = PairTensors(float_model, 0, quant_model, 0);
//   absl::StatusOr<int> f = FallbackOriginal(float_model, 0, quant_model, 0, p, /*quant_op=*/3);
//   absl::StatusOr<TflModel> m = WithFloatFallback(float_model, 0, quant_model, 0, p, {3, 7});
#ifndef TFCONV_QUANTIZATION_DEBUG_FLOAT_FALLBACK_H_
#define TFCONV_QUANTIZATION_DEBUG_FLOAT_FALLBACK_H_

#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "quantization/debug/tensor_pairing.h"

namespace tfconv {

// The float operator that quantized operator `quant_op` came from: same operator code, outputs
// paired one to one, and each non-constant float input paired with the quantized operator's input at
// the same position. Errors say why not (a QUANTIZE/DEQUANTIZE, control flow or state, an operator
// already float, inputs that do not correspond...).
absl::StatusOr<int> FallbackOriginal(const TflModel& float_model, int float_subgraph, const TflModel& quant_model,
                                     int quant_subgraph, const TensorPairing& pairing, int quant_op);

// A copy of `quant_model` in which every operator of `quant_ops` (subgraph `quant_subgraph`) runs its
// float original. Operator versions are reassigned (op_version.h). Errors name the operator that
// cannot fall back.
absl::StatusOr<TflModel> WithFloatFallback(const TflModel& float_model, int float_subgraph,
                                           const TflModel& quant_model, int quant_subgraph,
                                           const TensorPairing& pairing, const std::vector<int>& quant_ops);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_DEBUG_FLOAT_FALLBACK_H_
