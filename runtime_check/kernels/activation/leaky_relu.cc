// LEAKY_RELU and PRELU.
//   LEAKY_RELU float32: x > 0 ? x : alpha * x.
//   LEAKY_RELU uint8/int8/int16 (int16 with zero points 0), as the reference kernel (the optimized
//   int16 kernel of the default runtime is not followed): v = x - z_in; the output is
//   z_out + v * s_in / s_out for v >= 0, else z_out + v * alpha * s_in / s_out, both multipliers
//   computed in float and applied as Q31 multipliers; a negative alpha keeps its sign outside
//   the multiplier.
//   PRELU float32: x >= 0 ? x : alpha * x, alpha broadcast to the input's shape.
//   PRELU uint8/int8: (x - z_in) * s_in / s_out, or (x - z_in) * (alpha - z_alpha) * s_in * s_alpha
//   / s_out for negative inputs.
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

using elementwise::PerTensorQuant;
using tflite::TensorType;

template <typename T>
absl::Status QuantizedLeaky(KernelContext& c, float alpha, const RtTensor& x, RtTensor& y) {
  float si, so;
  int32_t zi, zo;
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, x, &si, &zi));
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, y, &so, &zo));
  if (std::is_same_v<T, int16_t> && (zi != 0 || zo != 0)) {
    return c.Error(absl::StrCat("int16 LEAKY_RELU needs zero points 0, got ", zi, " and ", zo));
  }
  // Float arithmetic for both ratios, as in TFLite's Prepare.
  const float alpha_ratio = si * alpha / so;
  const float identity_ratio = si / so;
  int32_t alpha_multiplier, identity_multiplier;
  int alpha_shift, identity_shift;
  QuantizeMultiplier(std::abs(static_cast<double>(alpha_ratio)), &alpha_multiplier, &alpha_shift);
  QuantizeMultiplier(static_cast<double>(identity_ratio), &identity_multiplier, &identity_shift);
  const bool alpha_negative = alpha_ratio < 0;
  constexpr int32_t kMin = std::numeric_limits<T>::min();
  constexpr int32_t kMax = std::numeric_limits<T>::max();
  const T* in = x.data<T>();
  T* out = y.mutable_data<T>();
  for (int64_t i = 0; i < x.num_elements(); ++i) {
    const int32_t v = static_cast<int32_t>(in[i]) - zi;
    int32_t o = zo;
    if (v >= 0) {
      o += MultiplyByQuantizedMultiplier(v, identity_multiplier, identity_shift);
    } else {
      const int32_t scaled = MultiplyByQuantizedMultiplier(v, alpha_multiplier, alpha_shift);
      o += alpha_negative ? -scaled : scaled;
    }
    out[i] = static_cast<T>(std::clamp(o, kMin, kMax));
  }
  return absl::OkStatus();
}

absl::Status LeakyRelu(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  const auto* options = c.op().builtin_options.AsLeakyReluOptions();
  const float alpha = options == nullptr ? 0.f : options->alpha;
  y.Reset(x.type(), x.shape());
  switch (x.type()) {
    case TensorType::FLOAT32:
      for (int64_t i = 0; i < x.num_elements(); ++i) {
        const float v = x.data<float>()[i];
        y.mutable_data<float>()[i] = v > 0 ? v : v * alpha;
      }
      return absl::OkStatus();
    case TensorType::UINT8: return QuantizedLeaky<uint8_t>(c, alpha, x, y);
    case TensorType::INT8: return QuantizedLeaky<int8_t>(c, alpha, x, y);
    case TensorType::INT16: return QuantizedLeaky<int16_t>(c, alpha, x, y);
    default: return c.UnsupportedType(x);
  }
}

template <typename T>
absl::Status QuantizedPrelu(KernelContext& c, const elementwise::Broadcast& bc, const RtTensor& x,
                            const RtTensor& alpha, RtTensor& y) {
  float si, sa, so;
  int32_t zi, za, zo;
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, x, &si, &zi));
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, alpha, &sa, &za));
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, y, &so, &zo));
  int32_t m1, m2;
  int s1, s2;
  QuantizeMultiplier(static_cast<double>(si / so), &m1, &s1);
  QuantizeMultiplier(static_cast<double>(si * sa / so), &m2, &s2);
  constexpr int32_t kMin = std::numeric_limits<T>::min();
  constexpr int32_t kMax = std::numeric_limits<T>::max();
  const T* in = x.data<T>();
  const T* pa = alpha.data<T>();
  T* out = y.mutable_data<T>();
  for (int64_t i = 0; i < bc.size(); ++i) {
    const int32_t v = static_cast<int32_t>(in[bc.a(i)]) - zi;
    int32_t o;
    if (v >= 0) {
      o = MultiplyByQuantizedMultiplier(v, m1, s1);
    } else {
      o = MultiplyByQuantizedMultiplier(v * (static_cast<int32_t>(pa[bc.b(i)]) - za), m2, s2);
    }
    out[i] = static_cast<T>(std::clamp(o + zo, kMin, kMax));
  }
  return absl::OkStatus();
}

absl::Status Prelu(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& x = c.input(0);
  const RtTensor& alpha = c.input(1);
  if (x.type() != alpha.type()) {
    return c.Error(absl::StrCat("input and alpha types differ: ", TfliteTypeName(x.type()), " and ",
                                TfliteTypeName(alpha.type())));
  }
  elementwise::Broadcast bc;
  TFCONV_KERNEL_RETURN_IF_ERROR(bc.Init(c, x.shape(), alpha.shape()));
  if (bc.shape() != x.shape()) {
    return c.Error(absl::StrCat("alpha ", ShapeString(alpha.shape()), " broadcasts the input ", ShapeString(x.shape()),
                                " to ", ShapeString(bc.shape()), "; PRELU needs the input's shape"));
  }
  RtTensor& y = c.output(0);
  y.Reset(x.type(), x.shape());
  switch (x.type()) {
    case TensorType::FLOAT32:
      for (int64_t i = 0; i < bc.size(); ++i) {
        const float v = x.data<float>()[bc.a(i)];
        y.mutable_data<float>()[i] = v >= 0 ? v : v * alpha.data<float>()[bc.b(i)];
      }
      return absl::OkStatus();
    case TensorType::UINT8: return QuantizedPrelu<uint8_t>(c, bc, x, alpha, y);
    case TensorType::INT8: return QuantizedPrelu<int8_t>(c, bc, x, alpha, y);
    default: return c.UnsupportedType(x);
  }
}

}  // namespace

void RegisterLeakyRelu(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::LEAKY_RELU, LeakyRelu);
  registry.AddBuiltin(tflite::BuiltinOperator::PRELU, Prelu);
}

}  // namespace activation
}  // namespace tfconv
