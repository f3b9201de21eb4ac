// L2_NORMALIZATION over the last axis.
//   float32: x / max(sqrt(sum x^2), 1e-6).
//   uint8 (output scale 1/128, zero point 128) and int8 (1/128, 0): the reference kernels' integer
//   sum of squares and fixed-point inverse square root (Newton-Raphson in Q3).
// Fused activations other than NONE are refused, as TFLite refuses them.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/kernels/activation/activation_ops.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/numeric/fixed_point.h"

namespace tfconv {
namespace activation {
namespace {

using tflite::TensorType;

absl::Status L2Normalization(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  const auto* options = c.op().builtin_options.AsL2NormOptions();
  if (options != nullptr && options->fused_activation_function != tflite::ActivationFunctionType::NONE) {
    return c.Unimplemented("fused activation on L2_NORMALIZATION (TFLite refuses it too)");
  }
  if (x.rank() < 1) return c.Error("L2_NORMALIZATION needs a tensor of rank >= 1");
  const int64_t depth = x.dim(-1);
  const int64_t outer = depth == 0 ? 0 : x.num_elements() / depth;
  y.Reset(x.type(), x.shape());
  if (x.type() == TensorType::FLOAT32) {
    const float* in = x.data<float>();
    float* out = y.mutable_data<float>();
    for (int64_t r = 0; r < outer; ++r) {
      float squared = 0;
      for (int64_t i = 0; i < depth; ++i) squared += in[r * depth + i] * in[r * depth + i];
      const float norm = std::max(std::sqrt(squared), 1e-6f);
      for (int64_t i = 0; i < depth; ++i) out[r * depth + i] = in[r * depth + i] / norm;
    }
    return absl::OkStatus();
  }
  if (x.type() != TensorType::UINT8 && x.type() != TensorType::INT8) return c.UnsupportedType(x);
  float si, so;
  int32_t zi, zo;
  TFCONV_KERNEL_RETURN_IF_ERROR(elementwise::PerTensorQuant(c, x, &si, &zi));
  TFCONV_KERNEL_RETURN_IF_ERROR(elementwise::PerTensorQuant(c, y, &so, &zo));
  const bool is_uint8 = x.type() == TensorType::UINT8;
  if (so != 1.f / 128 || zo != (is_uint8 ? 128 : 0)) {
    return c.Error(absl::StrCat("quantized L2_NORMALIZATION needs output scale 1/128 and zero point ",
                                is_uint8 ? 128 : 0, ", got ", so, " and ", zo));
  }
  for (int64_t r = 0; r < outer; ++r) {
    int32_t squared = 0;
    for (int64_t i = 0; i < depth; ++i) {
      const int32_t d =
          static_cast<int32_t>(is_uint8 ? x.data<uint8_t>()[r * depth + i] : x.data<int8_t>()[r * depth + i]) - zi;
      squared += d * d;
    }
    int32_t multiplier;
    int shift;
    fixed_point::GetInvSqrtQuantizedMultiplierExp(squared, /*reverse_shift=*/-1, &multiplier, &shift);
    for (int64_t i = 0; i < depth; ++i) {
      if (is_uint8) {
        const int32_t d = static_cast<int32_t>(x.data<uint8_t>()[r * depth + i]) - zi;
        const int32_t v = 128 + MultiplyByQuantizedMultiplier(128 * d, multiplier, shift);
        y.mutable_data<uint8_t>()[r * depth + i] = static_cast<uint8_t>(std::clamp(v, 0, 255));
      } else {
        const int32_t d = static_cast<int32_t>(x.data<int8_t>()[r * depth + i]) - zi;
        const int32_t v = MultiplyByQuantizedMultiplier(d, multiplier, shift + 7);
        y.mutable_data<int8_t>()[r * depth + i] = static_cast<int8_t>(std::clamp(v, -128, 127));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterL2Normalization(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::L2_NORMALIZATION, L2Normalization);
}

}  // namespace activation
}  // namespace tfconv
