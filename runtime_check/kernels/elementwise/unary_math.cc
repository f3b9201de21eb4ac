// Unary math: ABS NEG EXP LOG SQRT RSQRT SIN COS FLOOR CEIL ROUND SQUARE SIGN.
//   float32: the <cmath> function in float (ROUND rounds half to even, as TFLite's RoundToNearest).
//   ABS: also int32, int16 without quantization (both wrap at the minimum), and quantized int8/int16
//     (|x - zp|, rescaled by s_in / s_out when the scales differ).
//   NEG: also int32 and int64 (wrapping). SIGN: also float64 and int32.
// The quantized LUT paths of LOG/RSQRT/EXP and quantized NEG are not implemented.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/kernels/elementwise/elementwise_ops.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace elementwise {
namespace {

using tflite::TensorType;

float RoundHalfToEven(float v) {
  const float f = std::floor(v);
  const float diff = v - f;
  if (diff < 0.5f || (diff == 0.5f && std::fmod(f, 2.0f) == 0.0f)) return f;
  return f + 1.0f;
}

template <typename T, typename F>
void Map(const RtTensor& x, RtTensor& y, F f) {
  y.Reset(x.type(), x.shape());
  const T* in = x.data<T>();
  T* out = y.mutable_data<T>();
  for (int64_t i = 0; i < x.num_elements(); ++i) out[i] = f(in[i]);
}

absl::Status FloatOnly(KernelContext& c, float (*f)(float)) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  if (x.type() != TensorType::FLOAT32) {
    if (x.type() == TensorType::INT8 || x.type() == TensorType::INT16) {
      return c.Unimplemented(absl::StrCat("quantized ", TfliteTypeName(x.type()), " input"));
    }
    return c.UnsupportedType(x);
  }
  Map<float>(x, c.output(0), f);
  return absl::OkStatus();
}

template <typename T>
absl::Status QuantizedAbs(KernelContext& c, const RtTensor& x, RtTensor& y) {
  float si, so;
  int32_t zi, zo;
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, x, &si, &zi));
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, y, &so, &zo));
  if (std::is_same_v<T, int16_t> && (zi != 0 || zo != 0)) {
    return c.Error(absl::StrCat("int16 ABS needs zero points 0, got ", zi, " and ", zo));
  }
  const bool rescale = si != so;
  int32_t multiplier = 0;
  int shift = 0;
  if (rescale) QuantizeMultiplier(static_cast<double>(si / so), &multiplier, &shift);  // float ratio, as TFLite
  constexpr int32_t kMin = std::numeric_limits<T>::min();
  constexpr int32_t kMax = std::numeric_limits<T>::max();
  Map<T>(x, y, [&](T v) {
    const int32_t magnitude = std::abs(static_cast<int32_t>(v) - zi);
    const int32_t o = (rescale ? MultiplyByQuantizedMultiplier(magnitude, multiplier, shift) : magnitude) + zo;
    return static_cast<T>(std::clamp(o, kMin, kMax));
  });
  return absl::OkStatus();
}

absl::Status Abs(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  switch (x.type()) {
    case TensorType::FLOAT32: Map<float>(x, y, [](float v) { return std::abs(v); }); return absl::OkStatus();
    case TensorType::INT32:
      Map<int32_t>(x, y, [](int32_t v) { return v < 0 ? WrapSub(0, v) : v; });
      return absl::OkStatus();
    case TensorType::INT16:
      if (!x.is_quantized()) {
        Map<int16_t>(x, y, [](int16_t v) { return static_cast<int16_t>(std::abs(static_cast<int32_t>(v))); });
        return absl::OkStatus();
      }
      y.Reset(x.type(), x.shape());
      return QuantizedAbs<int16_t>(c, x, y);
    case TensorType::INT8: y.Reset(x.type(), x.shape()); return QuantizedAbs<int8_t>(c, x, y);
    default: return c.UnsupportedType(x);
  }
}

absl::Status Neg(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  switch (x.type()) {
    case TensorType::FLOAT32: Map<float>(x, y, [](float v) { return -v; }); return absl::OkStatus();
    case TensorType::INT32: Map<int32_t>(x, y, [](int32_t v) { return WrapSub(0, v); }); return absl::OkStatus();
    case TensorType::INT64:
      Map<int64_t>(x, y, [](int64_t v) { return WrapSub<int64_t>(0, v); });
      return absl::OkStatus();
    default: return c.UnsupportedType(x);
  }
}

template <typename T>
T SignOf(T v) {
  return static_cast<T>((T{0} < v) - (v < T{0}));
}

absl::Status Sign(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  switch (x.type()) {
    case TensorType::FLOAT32: Map<float>(x, y, SignOf<float>); return absl::OkStatus();
    case TensorType::FLOAT64: Map<double>(x, y, SignOf<double>); return absl::OkStatus();
    case TensorType::INT32: Map<int32_t>(x, y, SignOf<int32_t>); return absl::OkStatus();
    default: return c.UnsupportedType(x);
  }
}

absl::Status Exp(KernelContext& c) {
  return FloatOnly(c, [](float v) { return std::exp(v); });
}
absl::Status Log(KernelContext& c) {
  return FloatOnly(c, [](float v) { return std::log(v); });
}
absl::Status Sqrt(KernelContext& c) {
  return FloatOnly(c, [](float v) { return std::sqrt(v); });
}
absl::Status Rsqrt(KernelContext& c) {
  return FloatOnly(c, [](float v) { return 1.f / std::sqrt(v); });
}
absl::Status Sin(KernelContext& c) {
  return FloatOnly(c, [](float v) { return std::sin(v); });
}
absl::Status Cos(KernelContext& c) {
  return FloatOnly(c, [](float v) { return std::cos(v); });
}
absl::Status Floor(KernelContext& c) {
  return FloatOnly(c, [](float v) { return std::floor(v); });
}
absl::Status Ceil(KernelContext& c) {
  return FloatOnly(c, [](float v) { return std::ceil(v); });
}
absl::Status Round(KernelContext& c) { return FloatOnly(c, RoundHalfToEven); }
absl::Status Square(KernelContext& c) {
  return FloatOnly(c, [](float v) { return v * v; });
}

}  // namespace

void RegisterUnaryMath(KernelRegistry& registry) {
  using Op = tflite::BuiltinOperator;
  registry.AddBuiltin(Op::ABS, Abs);
  registry.AddBuiltin(Op::NEG, Neg);
  registry.AddBuiltin(Op::EXP, Exp);
  registry.AddBuiltin(Op::LOG, Log);
  registry.AddBuiltin(Op::SQRT, Sqrt);
  registry.AddBuiltin(Op::RSQRT, Rsqrt);
  registry.AddBuiltin(Op::SIN, Sin);
  registry.AddBuiltin(Op::COS, Cos);
  registry.AddBuiltin(Op::FLOOR, Floor);
  registry.AddBuiltin(Op::CEIL, Ceil);
  registry.AddBuiltin(Op::ROUND, Round);
  registry.AddBuiltin(Op::SQUARE, Square);
  registry.AddBuiltin(Op::SIGN, Sign);
}

}  // namespace elementwise
}  // namespace tfconv
