// The arithmetic of the quantization spec: choosing scale and zero point from a range, quantizing
// weights (symmetric, per tensor or per channel), biases, float16. Shared by every mode.
//
//   AffineParams p = AsymmetricParams(-1.0f, 3.0f, tflite::TensorType::INT8);   // activations
//   absl::StatusOr<QuantizedWeights> w = QuantizeSymmetric(values, shape, /*channel_dim=*/0, 127);
//   std::vector<int32_t> b = QuantizeBias32(bias, input_scale, w->scales);
#ifndef TFCONV_QUANTIZATION_QUANT_UTILS_H_
#define TFCONV_QUANTIZATION_QUANT_UTILS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "converter/schema/tflite_schema_generated.h"

namespace tfconv {

struct AffineParams {
  float scale = 1.0f;
  int64_t zero_point = 0;
};

// Asymmetric per-tensor parameters of an activation with range [min, max] for INT8 / UINT8 (the range
// is first widened to contain 0, as the spec requires 0 to be exact; the zero point is nudged into the
// type's range as the official quantizer does). A degenerate range gets a tiny non-zero scale.
AffineParams AsymmetricParams(float min, float max, tflite::TensorType type);
// Symmetric parameters (zero point 0): scale = max(|min|, |max|) / qmax (qmax 127 for int8 weights,
// 32767 for int16 activations).
AffineParams SymmetricParams(float min, float max, int64_t qmax);

struct QuantizedWeights {
  std::vector<int8_t> values;
  std::vector<float> scales;   // one per channel (or one)
  std::vector<float> mins, maxs;  // the float range per channel, as the official tool records it
};
// Symmetric int8 in [-qmax, qmax] (qmax 127), per channel along `channel_dim` (-1: per tensor).
absl::StatusOr<QuantizedWeights> QuantizeSymmetric(absl::Span<const float> values,
                                                   absl::Span<const int32_t> shape, int channel_dim,
                                                   int qmax = 127);
// Symmetric int16 (scale = max|x| / 32767), for the weights some kernels take as int16.
std::vector<int16_t> QuantizeSymmetric16(absl::Span<const float> values, float* scale);

// Bias: int32 (int8 modes) or int64 (16x8) at scale input_scale * weight_scale[c], zero point 0.
// `weight_scales` has one entry, or one per output channel (bias.size()).
std::vector<int32_t> QuantizeBias32(absl::Span<const float> bias, float input_scale,
                                    absl::Span<const float> weight_scales);
std::vector<int64_t> QuantizeBias64(absl::Span<const float> bias, float input_scale,
                                    absl::Span<const float> weight_scales);

// IEEE half precision bits, round to nearest even, overflow to infinity.
uint16_t FloatToHalf(float value);
float HalfToFloat(uint16_t bits);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_QUANT_UTILS_H_
