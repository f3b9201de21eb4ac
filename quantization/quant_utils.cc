// The numerics follow the official quantizer in its current (MLIR, "legacy float scale") form, which
// for ordinary ranges gives the same numbers as the older tools/optimize code:
//  - scales are computed in float: (float(max) - float(min)) / (qmax - qmin);
//  - ranges narrower than 1e-6 are first widened to at least [-5e-7, 5e-7], so a constant-zero
//    tensor gets a tiny non-zero scale instead of 0 (the official ExpandVerySmallRange);
//  - values round half away from zero (std::round, as TfLiteRound) after multiplying by the float
//    inverse scale, then clamp to the narrow range [-qmax, qmax].
#include "quantization/quant_utils.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {
namespace {

// The official kNearZeroTolerance: a range at most this wide is widened to it.
constexpr double kNearZeroTolerance = 1.0e-6;
constexpr double kSmallestHalfRange = kNearZeroTolerance / 2;

// Widens [min, max] (already containing 0) like the official ExpandVerySmallRange.
void ExpandVerySmallRange(double& min, double& max) {
  if (max - min > kNearZeroTolerance) return;
  min = std::min(min, -kSmallestHalfRange);
  max = std::max(max, kSmallestHalfRange);
}

// The scale of a symmetric range [-half_range, half_range] in [-qmax, qmax], computed as the official
// quantizer does (float arithmetic on the widened range).
float SymmetricScale(double half_range, int64_t qmax) {
  double min = -half_range, max = half_range;
  ExpandVerySmallRange(min, max);
  return (static_cast<float>(max) - static_cast<float>(min)) / static_cast<float>(2 * qmax);
}

// Round half away from zero, saturating into T (NaN becomes 0), as the official SafeCast does.
template <typename T>
T SaturatingRound(float x) {
  const float r = std::round(x);
  if (std::isnan(r)) return 0;
  if (r >= static_cast<float>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  if (r <= static_cast<float>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  return static_cast<T>(r);
}

// 1 / scale rounded to float, 0 for a zero scale (the official inverse of bias and per-channel scales).
float InverseScale(float scale) {
  return scale == 0 ? 0.0f : static_cast<float>(1.0 / static_cast<double>(scale));
}

template <typename T>
std::vector<T> QuantizeBias(absl::Span<const float> bias, float input_scale,
                            absl::Span<const float> weight_scales) {
  std::vector<T> out(bias.size(), 0);
  if (weight_scales.empty()) return out;
  const T limit = std::numeric_limits<T>::max();
  for (size_t i = 0; i < bias.size(); ++i) {
    const float weight_scale = weight_scales.size() == 1 ? weight_scales[0]
                               : i < weight_scales.size() ? weight_scales[i]
                                                          : weight_scales.back();
    const float inv = InverseScale(input_scale * weight_scale);
    const T q = SaturatingRound<T>(bias[i] * inv);
    out[i] = std::clamp<T>(q, -limit, limit);
  }
  return out;
}

}  // namespace

AffineParams AsymmetricParams(float min, float max, tflite::TensorType type) {
  int64_t qmin = -128, qmax = 127;
  if (type == tflite::TensorType::UINT8) {
    qmin = 0;
    qmax = 255;
  } else if (type == tflite::TensorType::INT16) {
    qmin = -32768;
    qmax = 32767;
  }
  // 0 must be representable exactly.
  double lo = std::min(static_cast<double>(min), 0.0);
  double hi = std::max(static_cast<double>(max), 0.0);
  ExpandVerySmallRange(lo, hi);
  AffineParams p;
  p.scale = (static_cast<float>(hi) - static_cast<float>(lo)) / static_cast<float>(qmax - qmin);
  // Nudge the zero point to an integer inside [qmin, qmax].
  const float zero_point_from_min = static_cast<float>(qmin - lo / p.scale);
  if (zero_point_from_min < qmin) {
    p.zero_point = qmin;
  } else if (zero_point_from_min > qmax) {
    p.zero_point = qmax;
  } else {
    p.zero_point = static_cast<int64_t>(std::round(zero_point_from_min));
  }
  return p;
}

AffineParams SymmetricParams(float min, float max, int64_t qmax) {
  AffineParams p;
  const double half_range = std::max(std::abs(static_cast<double>(min)), std::abs(static_cast<double>(max)));
  p.scale = SymmetricScale(half_range, qmax);
  p.zero_point = 0;
  return p;
}

absl::StatusOr<QuantizedWeights> QuantizeSymmetric(absl::Span<const float> values,
                                                   absl::Span<const int32_t> shape, int channel_dim,
                                                   int qmax) {
  int64_t count = 1;
  for (int32_t d : shape) {
    if (d < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot quantize a weight of shape [", absl::StrJoin(shape, ","), "]: negative dimension"));
    }
    count *= d;
  }
  if (count != static_cast<int64_t>(values.size())) {
    return absl::InvalidArgumentError(absl::StrCat("cannot quantize a weight of shape [",
                                                   absl::StrJoin(shape, ","), "]: it holds ",
                                                   values.size(), " values, the shape needs ", count));
  }
  if (channel_dim >= static_cast<int>(shape.size()) || channel_dim < -1) {
    return absl::InvalidArgumentError(absl::StrCat("cannot quantize a weight of shape [",
                                                   absl::StrJoin(shape, ","), "] along dimension ",
                                                   channel_dim, ": the weight has rank ", shape.size()));
  }
  if (qmax <= 0 || qmax > 127) {
    return absl::InvalidArgumentError(absl::StrCat("int8 weights need 0 < qmax <= 127, got ", qmax));
  }
  const int64_t channels = channel_dim < 0 ? 1 : shape[channel_dim];
  // Elements of one channel are `inner` apart in runs of `inner`: index / inner % channels.
  int64_t inner = 1;
  if (channel_dim >= 0) {
    for (size_t i = channel_dim + 1; i < shape.size(); ++i) inner *= shape[i];
  }
  auto channel_of = [&](int64_t index) -> int64_t {
    return channel_dim < 0 ? 0 : (index / inner) % channels;
  };

  QuantizedWeights out;
  out.mins.assign(channels, 0.0f);
  out.maxs.assign(channels, 0.0f);
  std::vector<bool> seen(channels, false);
  for (int64_t i = 0; i < count; ++i) {
    const int64_t c = channel_of(i);
    const float v = values[i];
    if (!std::isfinite(v)) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot quantize a weight holding ", v, " (element ", i, "): not finite"));
    }
    if (!seen[c]) {
      out.mins[c] = out.maxs[c] = v;
      seen[c] = true;
    } else {
      out.mins[c] = std::min(out.mins[c], v);
      out.maxs[c] = std::max(out.maxs[c], v);
    }
  }

  out.scales.resize(channels);
  std::vector<float> inverse(channels);
  for (int64_t c = 0; c < channels; ++c) {
    const float half_range = std::max(std::abs(out.mins[c]), std::abs(out.maxs[c]));
    out.scales[c] = SymmetricScale(half_range, qmax);
    // Codes are value * (qmax / range) in float, per tensor and per channel: the official int8
    // ResNet-8 (pretrainedResnet_quant.tflite) has one per-channel byte that float(1 / scale) misses.
    inverse[c] = half_range > 0 ? static_cast<float>(qmax) / half_range : InverseScale(out.scales[c]);
    if (half_range > 0 && 2.0 * half_range <= kNearZeroTolerance) {
      inverse[c] = InverseScale(out.scales[c]);  // keep codes consistent with the widened scale
    }
  }
  out.values.resize(count);
  for (int64_t i = 0; i < count; ++i) {
    const int64_t c = channel_of(i);
    const int32_t q = SaturatingRound<int32_t>(values[i] * inverse[c]);
    out.values[i] = static_cast<int8_t>(std::clamp<int32_t>(q, -qmax, qmax));
  }
  return out;
}

std::vector<int16_t> QuantizeSymmetric16(absl::Span<const float> values, float* scale) {
  float half_range = 0;
  for (float v : values) half_range = std::max(half_range, std::abs(v));
  const float s = SymmetricScale(half_range, 32767);
  if (scale != nullptr) *scale = s;
  const float inv = InverseScale(s);
  std::vector<int16_t> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const int32_t q = SaturatingRound<int32_t>(values[i] * inv);
    out[i] = static_cast<int16_t>(std::clamp<int32_t>(q, -32767, 32767));
  }
  return out;
}

std::vector<int32_t> QuantizeBias32(absl::Span<const float> bias, float input_scale,
                                    absl::Span<const float> weight_scales) {
  return QuantizeBias<int32_t>(bias, input_scale, weight_scales);
}

std::vector<int64_t> QuantizeBias64(absl::Span<const float> bias, float input_scale,
                                    absl::Span<const float> weight_scales) {
  return QuantizeBias<int64_t>(bias, input_scale, weight_scales);
}

// FloatToHalf / HalfToFloat: defined once in //runtime_check/numeric:half (same declarations), so a
// binary that links both the quantizer and the interpreter has one definition.

}  // namespace tfconv
