// Float16 quantization (--optimizations=DEFAULT --supported_types=float16): every float32 constant
// an operator reads becomes a FLOAT16 tensor behind a DEQUANTIZE, as the official converter does
// (weights and biases alike, whatever their size; values beyond the float16 range are clamped to
// +-65504 first, as the official does, then rounded to nearest even). The DEQUANTIZE output is named
// `<constant>_dequantize` and placed before the constant's first reader. The official converter
// writes no extra metadata for this mode (the `reduced_precision_support` entry of LiteRT's
// test_model_redux_precision.bin belongs to a separate option). Operators and tensors matching
// options.denylist_regex keep their float32 constants.
//
//   QuantizeOptions options;
//   options.mode = QuantizationMode::kFloat16;
//   absl::StatusOr<QuantizeReport> r = QuantizeFloat16(model, options);
//   // Operator versions are assigned (DEQUANTIZE of FLOAT16 is v3).
#ifndef TFCONV_QUANTIZATION_FLOAT16_H_
#define TFCONV_QUANTIZATION_FLOAT16_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "quantization/options.h"

namespace tfconv {

// On error (an invalid denylist pattern) the model is unchanged.
absl::StatusOr<QuantizeReport> QuantizeFloat16(TflModel& model, const QuantizeOptions& options);

// The float16 bits the official converter stores for `value`: clamped to [-65504, 65504], then
// rounded to the nearest half (ties to even); NaN stays NaN.
uint16_t ClampedHalf(float value);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_FLOAT16_H_
