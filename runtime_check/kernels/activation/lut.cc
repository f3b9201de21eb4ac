#include "runtime_check/kernels/activation/lut.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace activation {
namespace {

template <typename FloatT>
void PopulateLut16Impl(FloatT input_scale, int32_t input_zero_point, FloatT output_scale, int32_t output_zero_point,
                       const std::function<FloatT(FloatT)>& f, int16_t* lut) {
  constexpr int32_t kMin = std::numeric_limits<int16_t>::min();
  constexpr int32_t kMax = std::numeric_limits<int16_t>::max();
  const FloatT input_min = input_scale * (kMin - input_zero_point);
  const FloatT input_max = input_scale * (kMax - input_zero_point);
  const FloatT output_min = output_scale * (kMin - output_zero_point);
  const FloatT output_max = output_scale * (kMax - output_zero_point);
  const int steps = kLut16Size - 1;
  const FloatT step = (input_max - input_min) / steps;
  const FloatT half_step = step / 2;
  const FloatT scaling_inv = static_cast<FloatT>(kMax - kMin + 1) / (output_max - output_min);
  const FloatT table_min = static_cast<FloatT>(kMin);
  const FloatT table_max = static_cast<FloatT>(kMax);
  for (int i = 0; i < steps; ++i) {
    const FloatT val = f(input_min + i * step);
    const FloatT val_midpoint = f(input_min + i * step + half_step);
    const FloatT val_next = f(input_min + (i + 1) * step);
    const FloatT sample = std::round(val * scaling_inv);
    // Linear interpolation between samples misses the function at the midpoint; split that error
    // between the two ends.
    const FloatT midpoint_interp = std::round((val_next * scaling_inv + std::round(val * scaling_inv)) / 2);
    const FloatT midpoint = std::round(val_midpoint * scaling_inv);
    const FloatT bias = std::round((midpoint_interp - midpoint) / 2);
    lut[i] = static_cast<int16_t>(std::min(std::max(sample - bias, table_min), table_max));
  }
  lut[steps] = static_cast<int16_t>(std::min(std::max(std::round(f(input_max) * scaling_inv), table_min), table_max));
}

}  // namespace

void PopulateLut8(bool is_signed, float input_scale, int32_t input_zero_point, float output_scale,
                  int32_t output_zero_point, const std::function<float(float)>& f, uint8_t lut[256]) {
  const int32_t min = is_signed ? -128 : 0;
  const int32_t max = is_signed ? 127 : 255;
  const float inverse_scale = 1 / output_scale;
  for (int32_t v = min; v <= max; ++v) {
    const float dequantized = input_scale * static_cast<float>(v - input_zero_point);
    const float rescaled = std::round(f(dequantized) * inverse_scale);
    // Clamped in float first so that infinities and NaN (mapped to min) cannot overflow the cast.
    const float shifted = rescaled + static_cast<float>(output_zero_point);
    const int32_t q = std::isnan(shifted)
                          ? min
                          : static_cast<int32_t>(std::clamp(shifted, static_cast<float>(min), static_cast<float>(max)));
    lut[static_cast<uint8_t>(v)] = static_cast<uint8_t>(q);
  }
}

void PopulateLut16(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                   const std::function<float(float)>& f, int16_t lut[kLut16Size]) {
  PopulateLut16Impl<float>(input_scale, input_zero_point, output_scale, output_zero_point, f, lut);
}

void PopulateLut16(double input_scale, int32_t input_zero_point, double output_scale, int32_t output_zero_point,
                   const std::function<double(double)>& f, int16_t lut[kLut16Size]) {
  PopulateLut16Impl<double>(input_scale, input_zero_point, output_scale, output_zero_point, f, lut);
}

absl::Status ApplyLut8(KernelContext& c, float (*f)(float), const RtTensor& x, RtTensor& y) {
  float si, so;
  int32_t zi, zo;
  TFCONV_KERNEL_RETURN_IF_ERROR(elementwise::PerTensorQuant(c, x, &si, &zi));
  TFCONV_KERNEL_RETURN_IF_ERROR(elementwise::PerTensorQuant(c, y, &so, &zo));
  uint8_t lut[256];
  PopulateLut8(x.type() == tflite::TensorType::INT8, si, zi, so, zo, f, lut);
  for (int64_t i = 0; i < x.num_elements(); ++i) y.mutable_raw()[i] = lut[x.raw()[i]];
  return absl::OkStatus();
}

int16_t LookupLut16(int16_t value, const int16_t lut[kLut16Size]) {
  const int index = 256 + (value >> 7);  // 0..511
  const int offset = value & 0x7F;
  const int16_t base = lut[index];
  const int16_t slope = static_cast<int16_t>(lut[index + 1] - lut[index]);
  const int delta = (slope * offset + 64) >> 7;
  return static_cast<int16_t>(base + delta);
}

}  // namespace activation
}  // namespace tfconv
