// ELU, GELU and HARD_SWISH.
//   float32: x < 0 ? expm1(x) : x; GELU as 0.5 x erfc(-x / sqrt(2)), or with the tanh
//     approximation when the option asks for it (the runtime vectorizes these with Eigen, so the
//     last bits can differ); x * min(6, max(0, x + 3)) / 6.
//   ELU int8 and GELU uint8/int8: a 256-entry table of the float function, as TFLite.
//   HARD_SWISH uint8/int8: the reference kernel's 16-bit fixed point (a "relu-ish" factor in
//     [0, 1] times the input on a 2^7 finer scale, multipliers reduced to 16 bits).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/kernels/activation/activation_ops.h"
#include "runtime_check/kernels/activation/lut.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace activation {
namespace {

using elementwise::PerTensorQuant;
using tflite::TensorType;

float Elu(float v) { return v < 0.0f ? std::expm1(v) : v; }

constexpr float kSqrt2OverPi = static_cast<float>(M_2_SQRTPI * M_SQRT1_2);

float Gelu(float v) { return 0.5f * v * std::erfc(v * static_cast<float>(-M_SQRT1_2)); }

float GeluApproximate(float v) { return 0.5f * v * (1.f + std::tanh(kSqrt2OverPi * (v + 0.044715f * v * v * v))); }

absl::Status EluOp(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  y.Reset(x.type(), x.shape());
  switch (x.type()) {
    case TensorType::FLOAT32:
      for (int64_t i = 0; i < x.num_elements(); ++i) y.mutable_data<float>()[i] = Elu(x.data<float>()[i]);
      return absl::OkStatus();
    case TensorType::INT8: return ApplyLut8(c, Elu, x, y);
    default: return c.UnsupportedType(x);
  }
}

absl::Status GeluOp(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  const auto* options = c.op().builtin_options.AsGeluOptions();
  float (*f)(float) = options != nullptr && options->approximate ? GeluApproximate : Gelu;
  y.Reset(x.type(), x.shape());
  switch (x.type()) {
    case TensorType::FLOAT32:
      for (int64_t i = 0; i < x.num_elements(); ++i) y.mutable_data<float>()[i] = f(x.data<float>()[i]);
      return absl::OkStatus();
    case TensorType::UINT8:
    case TensorType::INT8: return ApplyLut8(c, f, x, y);
    default: return c.UnsupportedType(x);
  }
}

// 16-bit fixed-point helpers with the int16 semantics of gemmlowp's scalar code.
int16_t RoundingHighMul16(int16_t a, int16_t b) {
  if (a == b && a == std::numeric_limits<int16_t>::min()) return std::numeric_limits<int16_t>::max();
  const int32_t ab = static_cast<int32_t>(a) * b;
  const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return static_cast<int16_t>((ab + nudge) / (1 << 15));
}

// Like RoundingHighMul16 but rounding toward zero (ARM's SQDMULH).
int16_t HighMul16(int16_t a, int16_t b) {
  if (a == b && a == std::numeric_limits<int16_t>::min()) return std::numeric_limits<int16_t>::max();
  return static_cast<int16_t>((static_cast<int32_t>(a) * b) / (1 << 15));
}

int16_t RoundingDivideByPOT16(int16_t x, int exponent) {
  const int16_t mask = static_cast<int16_t>((int64_t{1} << exponent) - 1);
  const int16_t remainder = static_cast<int16_t>(x & mask);
  const int16_t threshold = static_cast<int16_t>((mask >> 1) + (x < 0 ? 1 : 0));
  return static_cast<int16_t>((x >> exponent) + (remainder > threshold ? 1 : 0));
}

int16_t SaturatingLeftShift16(int16_t v, int amount) {
  const int64_t r = static_cast<int64_t>(v) * (int64_t{1} << amount);
  return static_cast<int16_t>(
      std::clamp<int64_t>(r, std::numeric_limits<int16_t>::min(), std::numeric_limits<int16_t>::max()));
}

int16_t DownScaleToInt16(int32_t multiplier) {
  if (multiplier >= std::numeric_limits<int32_t>::max() - (1 << 15)) return std::numeric_limits<int16_t>::max();
  return static_cast<int16_t>((multiplier + (1 << 15)) >> 16);
}

template <typename T>
absl::Status QuantizedHardSwish(KernelContext& c, const RtTensor& x, RtTensor& y) {
  float si, so;
  int32_t zi, zo;
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, x, &si, &zi));
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, y, &so, &zo));
  // Float arithmetic, as in TFLite's Prepare.
  const float hires_input_scale = (1.0f / 128.0f) * si;
  const float reluish_scale = 3.0f / 32768.0f;
  int32_t m32;
  int output_exponent, reluish_exponent;
  QuantizeMultiplier(static_cast<double>(hires_input_scale / so), &m32, &output_exponent);
  const int16_t output_multiplier = DownScaleToInt16(m32);
  if (output_exponent > 0) {
    return c.Error(absl::StrCat("HARD_SWISH output scale ", so, " is too small for input scale ", si));
  }
  QuantizeMultiplier(static_cast<double>(hires_input_scale / reluish_scale), &m32, &reluish_exponent);
  const int16_t reluish_multiplier = DownScaleToInt16(m32);
  const T* in = x.data<T>();
  T* out = y.mutable_data<T>();
  for (int64_t i = 0; i < x.num_elements(); ++i) {
    const int16_t input_value = static_cast<int16_t>(in[i] - zi);
    const int16_t hires = static_cast<int16_t>(input_value * (1 << 7));
    const int16_t preshift_output = RoundingHighMul16(hires, output_multiplier);
    // The factor min(max(x + 3, 0), 6) / 6, first as x / 3 in [-1, 1] (saturating), then in [0, 1].
    int16_t reluish = hires;
    if (reluish_exponent > 0) reluish = SaturatingLeftShift16(reluish, reluish_exponent - 1);
    reluish = RoundingHighMul16(reluish, reluish_multiplier);
    if (reluish_exponent > 0) reluish = SaturatingLeftShift16(reluish, 1);
    if (reluish_exponent < 0) reluish = RoundingDivideByPOT16(reluish, -reluish_exponent);
    reluish = static_cast<int16_t>((reluish + (1 << 15)) >> 1);
    const int16_t preshift = HighMul16(reluish, preshift_output);
    int16_t v = RoundingDivideByPOT16(preshift, -output_exponent);
    v = static_cast<int16_t>(v + zo);
    v = std::min<int16_t>(v, std::numeric_limits<T>::max());
    v = std::max<int16_t>(v, std::numeric_limits<T>::min());
    out[i] = static_cast<T>(v);
  }
  return absl::OkStatus();
}

absl::Status HardSwish(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  y.Reset(x.type(), x.shape());
  switch (x.type()) {
    case TensorType::FLOAT32:
      for (int64_t i = 0; i < x.num_elements(); ++i) {
        const float v = x.data<float>()[i];
        y.mutable_data<float>()[i] = v * std::min(6.f, std::max(0.f, v + 3)) / 6;
      }
      return absl::OkStatus();
    case TensorType::UINT8: return QuantizedHardSwish<uint8_t>(c, x, y);
    case TensorType::INT8: return QuantizedHardSwish<int8_t>(c, x, y);
    default: return c.UnsupportedType(x);
  }
}

}  // namespace

void RegisterSmooth(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::ELU, EluOp);
  registry.AddBuiltin(tflite::BuiltinOperator::GELU, GeluOp);
  registry.AddBuiltin(tflite::BuiltinOperator::HARD_SWISH, HardSwish);
}

}  // namespace activation
}  // namespace tfconv
