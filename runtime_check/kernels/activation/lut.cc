#include "runtime_check/kernels/activation/lut.h"

#include <algorithm>
#include <cmath>
#include <limits>

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

int16_t LookupLut16(int16_t value, const int16_t lut[kLut16Size]) {
  const int index = 256 + (value >> 7);  // 0..511
  const int offset = value & 0x7F;
  const int16_t base = lut[index];
  const int16_t slope = static_cast<int16_t>(lut[index + 1] - lut[index]);
  const int delta = (slope * offset + 64) >> 7;
  return static_cast<int16_t>(base + delta);
}

// Data of the official int16 LOGISTIC/TANH kernels (tensorflow/lite/kernels/internal/common.h,
// sigmoid_table_uint16). It is not a plain rounding of the function (many entries are one above
// round(65536 * sigmoid(i / 24))), so it is kept verbatim: the interpolated results depend on it.
const uint16_t kSigmoidTableQ16[256] = {
    32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149, 40794, 41432, 42064, 42688,
    43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369, 47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409,
    51865, 52311, 52745, 53169, 53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
    57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370, 60565, 60753, 60935, 61110,
    61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302, 62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186,
    63279, 63368, 63454, 63536, 63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
    64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786, 64816, 64845, 64873, 64900,
    64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079, 65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208,
    65221, 65234, 65246, 65258, 65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
    65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433, 65438, 65442, 65445, 65449,
    65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474, 65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491,
    65493, 65495, 65497, 65498, 65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
    65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522, 65523, 65523, 65524, 65524,
    65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528, 65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530,
    65530, 65530, 65531, 65531, 65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
    65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65535,
};

}  // namespace activation
}  // namespace tfconv
