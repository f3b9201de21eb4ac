// RELU, RELU6, RELU_N1_TO_1 and RELU_0_TO_1.
//   float32: clamps (RELU and RELU_N1_TO_1 keep NaN, RELU6 maps it to 0, as the runtime's loops do).
//   uint8/int8 (all four) and int16 (RELU, RELU6; zero points 0): the input, minus its zero point,
//   is rescaled by s_in / s_out (computed in float) onto the output, then clamped to the quantized
//   bounds round(bound / s_out) + z_out of the activation.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/kernels/activation/activation_ops.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace activation {
namespace {

using tflite::TensorType;

constexpr float kInf = std::numeric_limits<float>::infinity();

enum class Kind { kRelu, kRelu6, kReluN1To1, kRelu0To1 };

float FloatRelu(Kind kind, float v) {
  switch (kind) {
    case Kind::kRelu: return v < 0.f ? 0.f : v;
    case Kind::kRelu6: return std::min(std::max(0.f, v), 6.f);
    case Kind::kReluN1To1: return v > 1.f ? 1.f : v < -1.f ? -1.f : v;
    default: return v > 1.f ? 1.f : v < 0.f ? 0.f : v;
  }
}

int32_t QuantizeBound(float bound, float scale, int32_t zero_point) {
  const float q = std::round(bound / scale);
  return zero_point + static_cast<int32_t>(std::clamp(q, -2147483648.f, 2147483520.f));
}

template <typename T>
absl::Status Quantized(KernelContext& c, float act_min, float act_max, const RtTensor& x, RtTensor& y) {
  float si, so;
  int32_t zi, zo;
  TFCONV_KERNEL_RETURN_IF_ERROR(elementwise::PerTensorQuant(c, x, &si, &zi));
  TFCONV_KERNEL_RETURN_IF_ERROR(elementwise::PerTensorQuant(c, y, &so, &zo));
  if (std::is_same_v<T, int16_t> && (zi != 0 || zo != 0)) {
    return c.Error(absl::StrCat("int16 activations need zero points 0, got ", zi, " and ", zo));
  }
  int32_t multiplier;
  int shift;
  QuantizeMultiplier(static_cast<double>(si / so), &multiplier, &shift);
  constexpr int32_t kMin = std::numeric_limits<T>::min();
  constexpr int32_t kMax = std::numeric_limits<T>::max();
  const int32_t lo = std::max(kMin, QuantizeBound(act_min, so, zo));
  const int32_t hi = act_max == kInf ? kMax : std::min(kMax, QuantizeBound(act_max, so, zo));
  const T* in = x.data<T>();
  T* out = y.mutable_data<T>();
  for (int64_t i = 0; i < x.num_elements(); ++i) {
    const int32_t v = zo + MultiplyByQuantizedMultiplier(static_cast<int32_t>(in[i]) - zi, multiplier, shift);
    out[i] = static_cast<T>(std::clamp(v, lo, hi));
  }
  return absl::OkStatus();
}

absl::Status Relu(KernelContext& c, Kind kind) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  y.Reset(x.type(), x.shape());
  float lo = 0.f, hi = kInf;
  if (kind == Kind::kRelu6) hi = 6.f;
  if (kind == Kind::kReluN1To1) lo = -1.f;
  if (kind == Kind::kReluN1To1 || kind == Kind::kRelu0To1) hi = 1.f;
  switch (x.type()) {
    case TensorType::FLOAT32:
      for (int64_t i = 0; i < x.num_elements(); ++i) y.mutable_data<float>()[i] = FloatRelu(kind, x.data<float>()[i]);
      return absl::OkStatus();
    case TensorType::UINT8: return Quantized<uint8_t>(c, lo, hi, x, y);
    case TensorType::INT8: return Quantized<int8_t>(c, lo, hi, x, y);
    case TensorType::INT16:
      if (kind == Kind::kRelu || kind == Kind::kRelu6) return Quantized<int16_t>(c, lo, hi, x, y);
      return c.UnsupportedType(x);
    default: return c.UnsupportedType(x);
  }
}

absl::Status ReluOp(KernelContext& c) { return Relu(c, Kind::kRelu); }
absl::Status Relu6Op(KernelContext& c) { return Relu(c, Kind::kRelu6); }
absl::Status ReluN1To1Op(KernelContext& c) { return Relu(c, Kind::kReluN1To1); }
absl::Status Relu0To1Op(KernelContext& c) { return Relu(c, Kind::kRelu0To1); }

}  // namespace

void RegisterRelu(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::RELU, ReluOp);
  registry.AddBuiltin(tflite::BuiltinOperator::RELU6, Relu6Op);
  registry.AddBuiltin(tflite::BuiltinOperator::RELU_N1_TO_1, ReluN1To1Op);
  registry.AddBuiltin(tflite::BuiltinOperator::RELU_0_TO_1, Relu0To1Op);
}

}  // namespace activation
}  // namespace tfconv
