#include "quantization/full_integer/quant_arith.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"

namespace tfconv {
namespace {

// Round half away from zero, then saturate (NaN gives 0), in int64 so no cast overflows.
int64_t RoundSaturate(double x, int64_t lo, int64_t hi) {
  const double r = std::round(x);
  if (std::isnan(r)) return 0;
  if (r <= static_cast<double>(lo)) return lo;
  if (r >= static_cast<double>(hi)) return hi;
  return static_cast<int64_t>(r);
}

// 1 / scale in float, 0 for a zero scale (how the official tool inverts its scales).
float Inverse(float scale) { return scale == 0 ? 0.0f : static_cast<float>(1.0 / scale); }

}  // namespace

absl::StatusOr<std::vector<float>> ReadFloatConstant(const TflModel& model, const TflTensor& tensor) {
  if (tensor.type != tflite::TensorType::FLOAT32) {
    return absl::InvalidArgumentError(
        absl::StrCat("tensor '", tensor.name, "' is not FLOAT32, it cannot be quantized from float"));
  }
  if (tensor.buffer == 0 || tensor.buffer >= model.buffers.size()) {
    return absl::InvalidArgumentError(absl::StrCat("tensor '", tensor.name, "' has no constant data"));
  }
  int64_t count = 1;
  for (int32_t d : tensor.shape) count *= std::max<int32_t>(d, 0);
  const ByteBuffer& bytes = model.buffers[tensor.buffer].data;
  if (bytes.size() != static_cast<size_t>(count) * sizeof(float)) {
    return absl::InvalidArgumentError(absl::StrCat("tensor '", tensor.name, "' holds ", bytes.size(),
                                                   " bytes, its shape needs ", count * 4));
  }
  std::vector<float> values(count);
  if (count > 0) std::memcpy(values.data(), bytes.data(), bytes.size());  // buffers may be unaligned
  return values;
}

std::vector<int8_t> QuantizeWithScales8(absl::Span<const float> values,
                                        absl::Span<const int32_t> shape, int channel_dim,
                                        absl::Span<const float> scales) {
  int64_t inner = 1, channels = 1;
  if (channel_dim >= 0 && channel_dim < static_cast<int>(shape.size()) && scales.size() > 1) {
    channels = shape[channel_dim];
    for (size_t i = channel_dim + 1; i < shape.size(); ++i) inner *= shape[i];
  }
  std::vector<float> inverse(scales.size());
  for (size_t c = 0; c < scales.size(); ++c) inverse[c] = Inverse(scales[c]);
  std::vector<int8_t> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const int64_t c = channels == 1 ? 0 : (static_cast<int64_t>(i) / inner) % channels;
    const float inv = c < static_cast<int64_t>(inverse.size()) ? inverse[c] : 0.0f;
    out[i] = static_cast<int8_t>(RoundSaturate(values[i] * inv, -127, 127));
  }
  return out;
}

std::vector<int8_t> QuantizePerChannel8(absl::Span<const float> values, absl::Span<const int32_t> shape,
                                        int channel_dim, absl::Span<const float> mins,
                                        absl::Span<const float> maxs) {
  int64_t inner = 1, channels = 1;
  if (channel_dim >= 0 && channel_dim < static_cast<int>(shape.size())) {
    channels = shape[channel_dim];
    for (size_t i = channel_dim + 1; i < shape.size(); ++i) inner *= shape[i];
  }
  std::vector<float> inverse(channels, 0.0f);
  for (int64_t c = 0; c < channels && c < static_cast<int64_t>(mins.size()) &&
                      c < static_cast<int64_t>(maxs.size());
       ++c) {
    const float half_range = std::max(std::abs(mins[c]), std::abs(maxs[c]));
    inverse[c] = half_range == 0 ? 0.0f : 127.0f / half_range;
  }
  std::vector<int8_t> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const int64_t c = (static_cast<int64_t>(i) / inner) % channels;
    out[i] = static_cast<int8_t>(RoundSaturate(values[i] * inverse[c], -127, 127));
  }
  return out;
}

std::vector<int64_t> QuantizeAffine(absl::Span<const float> values, float scale, int64_t zero_point,
                                    int64_t qmin, int64_t qmax) {
  const float inv = Inverse(scale);
  std::vector<int64_t> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    // Saturate the rounded value before adding the zero point, as the official requantization does.
    const int64_t q = RoundSaturate(values[i] * inv, std::numeric_limits<int32_t>::min(),
                                    std::numeric_limits<int32_t>::max());
    out[i] = std::clamp<int64_t>(q + zero_point, qmin, qmax);
  }
  return out;
}

std::vector<int16_t> QuantizeInt16WithScale(absl::Span<const float> values, float scale) {
  const float inv = Inverse(scale);
  std::vector<int16_t> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    out[i] = static_cast<int16_t>(RoundSaturate(values[i] * inv, -32767, 32767));
  }
  return out;
}

float PowerOfTwoScale(float min, float max) {
  const float range = std::max(std::abs(min), std::abs(max));
  int power = 0;
  while (power < 10 && std::pow(2.0f, static_cast<float>(power)) < range) ++power;
  return std::pow(2.0f, static_cast<float>(power)) / 32768.0f;
}

bool AdjustWeightScalesForBias(absl::Span<const float> bias, float input_scale,
                               std::vector<float>& weight_scales) {
  constexpr double kInt32Max = std::numeric_limits<int32_t>::max();
  if (weight_scales.empty() || bias.empty() || input_scale <= 0) return false;
  bool changed = false;
  // The scale that puts |b| at half the int32 range: 2 |b| / int32_max / input_scale.
  auto needed = [&](float b) {
    const float half_range =
        static_cast<float>(2.0 * std::abs(b) / kInt32Max * (127.0f / input_scale));
    return half_range / 127.0f;
  };
  if (weight_scales.size() > 1) {
    for (size_t i = 0; i < weight_scales.size() && i < bias.size(); ++i) {
      if (std::abs(bias[i]) >= 0.5 * input_scale * weight_scales[i] * kInt32Max) {
        weight_scales[i] = needed(bias[i]);
        changed = true;
      }
    }
  } else {
    float half = 0;
    for (float b : bias) half = std::max(half, std::abs(b));
    if (half / kInt32Max >= 0.5 * input_scale * weight_scales[0]) {
      weight_scales[0] = needed(half);
      changed = true;
    }
  }
  return changed;
}

}  // namespace tfconv
