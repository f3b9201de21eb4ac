// Arithmetic the full-integer pass needs beyond quantization/quant_utils.h: quantizing with given
// scales, the LSTM cell-state scale, the bias-overflow guard of the official quantizer, and reading
// a constant's float values out of the model.
//
//   std::vector<int8_t> q = QuantizeWithScales8(values, shape, /*channel_dim=*/0, scales);
//   float cell_scale = PowerOfTwoScale(min, max);            // 2^k / 32768, 2^k >= max|x|
//   AdjustWeightScalesForBias(bias, input_scale, &scales);   // so bias / (s_in * s_w) fits int32
#ifndef TFCONV_QUANTIZATION_FULL_INTEGER_QUANT_ARITH_H_
#define TFCONV_QUANTIZATION_FULL_INTEGER_QUANT_ARITH_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "converter/tflite/model_ir.h"

namespace tfconv {

// The float values of a FLOAT32 constant (its buffer holds exactly one float per element).
absl::StatusOr<std::vector<float>> ReadFloatConstant(const TflModel& model, const TflTensor& tensor);

// Symmetric int8 in [-127, 127] with the given scales (one, or one per element of `channel_dim`).
std::vector<int8_t> QuantizeWithScales8(absl::Span<const float> values,
                                        absl::Span<const int32_t> shape, int channel_dim,
                                        absl::Span<const float> scales);

// Symmetric int8 per channel as the official tool (tools/optimize) computes it: each value times
// 127 / max|channel| in float, rounded half away from zero. (quant_utils' QuantizeSymmetric
// multiplies by 1 / scale, which differs in rare rounding ties; the official int8 files of real
// models match this form.)
std::vector<int8_t> QuantizePerChannel8(absl::Span<const float> values, absl::Span<const int32_t> shape,
                                        int channel_dim, absl::Span<const float> mins,
                                        absl::Span<const float> maxs);

// Affine per-tensor quantization round(x / scale) + zero_point, saturated to [qmin, qmax].
std::vector<int64_t> QuantizeAffine(absl::Span<const float> values, float scale, int64_t zero_point,
                                    int64_t qmin, int64_t qmax);

// Symmetric int16 codes at `scale`, saturated to [-32767, 32767] (the official int16 constants).
std::vector<int16_t> QuantizeInt16WithScale(absl::Span<const float> values, float scale);

// The LSTM cell state's scale: the smallest power of two 2^k >= max(|min|, |max|) (k in [0, 10]),
// over 32768, so the kernel can shift instead of multiply.
float PowerOfTwoScale(float min, float max);

// The official guard against bias overflow: when a bias value would need more than half the int32
// range at scale input_scale * weight_scale, the weight scale grows until it fits. `weight_scales`
// holds one scale (per tensor) or one per bias element. Returns true when a scale changed.
bool AdjustWeightScalesForBias(absl::Span<const float> bias, float input_scale,
                               std::vector<float>& weight_scales);

// Little-endian bytes of a vector, as a model buffer.
template <typename T>
ByteBuffer BytesOf(const std::vector<T>& values) {
  return ByteBuffer::Copy(values.data(), values.size() * sizeof(T));
}

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_FULL_INTEGER_QUANT_ARITH_H_
