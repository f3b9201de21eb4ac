// MUL with NumPy broadcasting.
//   float32, int32, int64, and int16 without quantization: plain products (integers wrap) and the
//   fused activation's clamp.
//   uint8, int8, int16 (quantized, all three tensors of one type): (a - za) * (b - zb) rescaled by
//   s_a * s_b / s_out (that ratio computed in float, as the runtime does) plus the output zero point.
//   int16 inputs with an int8/uint8 output: TFLite's LSTM path, a Q0.15 product shifted down by 8 bits.
#include <algorithm>
#include <cstdint>
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

template <typename T>
absl::Status Plain(KernelContext& c, tflite::ActivationFunctionType act, const Broadcast& bc, const RtTensor& a,
                   const RtTensor& b, RtTensor& y) {
  return PlainBinary<T>(c, act, bc, a, b, y, [](T x, T z) {
    if constexpr (std::is_floating_point_v<T>) {
      return x * z;
    } else {
      return WrapMul(x, z);
    }
  });
}

template <typename T>
void QuantizedLoop(const Broadcast& bc, const T* pa, const T* pb, int32_t za, int32_t zb, int32_t zo,
                   int32_t multiplier, int shift, int32_t lo, int32_t hi, T* out) {
  for (int64_t i = 0; i < bc.size(); ++i) {
    const int32_t va = static_cast<int32_t>(pa[bc.a(i)]) - za;
    const int32_t vb = static_cast<int32_t>(pb[bc.b(i)]) - zb;
    const int32_t o = zo + MultiplyByQuantizedMultiplier(va * vb, multiplier, shift);
    out[i] = static_cast<T>(std::clamp(o, lo, hi));
  }
}

// gemmlowp's 16-bit SaturatingRoundingDoublingHighMul: round(a * b / 2^15), -1 * -1 saturated.
int16_t RoundingHighMul16(int16_t a, int16_t b) {
  if (a == b && a == std::numeric_limits<int16_t>::min()) return std::numeric_limits<int16_t>::max();
  const int32_t ab = static_cast<int32_t>(a) * static_cast<int32_t>(b);
  const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return static_cast<int16_t>((ab + nudge) / (1 << 15));
}

absl::Status Int16ToInt8(KernelContext& c, tflite::ActivationFunctionType act, const RtTensor& a, const RtTensor& b,
                         RtTensor& y) {
  if (a.shape() != b.shape()) {
    return c.Error(
        absl::StrCat("int16 inputs with an 8-bit output need equal shapes (TFLite does not broadcast "
                     "them), got ",
                     ShapeString(a.shape()), " and ", ShapeString(b.shape())));
  }
  float so;
  int32_t zo;
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, y, &so, &zo));
  y.Resize(a.shape());
  int32_t lo, hi;
  TFCONV_KERNEL_RETURN_IF_ERROR(QuantizedActivationRange(c, act, y, &lo, &hi));
  const int16_t* pa = a.data<int16_t>();
  const int16_t* pb = b.data<int16_t>();
  for (int64_t i = 0; i < a.num_elements(); ++i) {
    const int32_t rescaled = RoundingDivideByPOT(RoundingHighMul16(pa[i], pb[i]), 8);
    const int32_t o = zo + std::clamp(rescaled, lo - zo, hi - zo);
    if (y.type() == TensorType::INT8) {
      y.mutable_data<int8_t>()[i] = static_cast<int8_t>(o);
    } else {
      y.mutable_data<uint8_t>()[i] = static_cast<uint8_t>(o);
    }
  }
  return absl::OkStatus();
}

absl::Status Quantized(KernelContext& c, tflite::ActivationFunctionType act, const Broadcast& bc, const RtTensor& a,
                       const RtTensor& b, RtTensor& y) {
  float sa, sb, so;
  int32_t za, zb, zo;
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, a, &sa, &za));
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, b, &sb, &zb));
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, y, &so, &zo));
  if (a.type() == TensorType::INT16 && (za != 0 || zb != 0 || zo != 0)) {
    return c.Error(
        absl::StrCat("int16 MUL needs zero points 0 (the product would overflow), got ", za, ", ", zb, ", ", zo));
  }
  int32_t lo, hi;
  TFCONV_KERNEL_RETURN_IF_ERROR(QuantizedActivationRange(c, act, y, &lo, &hi));
  int32_t multiplier;
  int shift;
  // Float arithmetic, as in TFLite's Prepare.
  QuantizeMultiplier(static_cast<double>(sa * sb / so), &multiplier, &shift);
  switch (a.type()) {
    case TensorType::UINT8:
      QuantizedLoop(bc, a.data<uint8_t>(), b.data<uint8_t>(), za, zb, zo, multiplier, shift, lo, hi,
                    y.mutable_data<uint8_t>());
      break;
    case TensorType::INT8:
      QuantizedLoop(bc, a.data<int8_t>(), b.data<int8_t>(), za, zb, zo, multiplier, shift, lo, hi,
                    y.mutable_data<int8_t>());
      break;
    default:
      QuantizedLoop(bc, a.data<int16_t>(), b.data<int16_t>(), za, zb, zo, multiplier, shift, lo, hi,
                    y.mutable_data<int16_t>());
      break;
  }
  return absl::OkStatus();
}

absl::Status Mul(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckBinaryInputs(c));
  const RtTensor& a = c.input(0);
  const RtTensor& b = c.input(1);
  RtTensor& y = c.output(0);
  const tflite::ActivationFunctionType act = ActivationOf(c.op().builtin_options.AsMulOptions());
  if (a.type() == TensorType::INT16 && (y.type() == TensorType::INT8 || y.type() == TensorType::UINT8)) {
    return Int16ToInt8(c, act, a, b, y);
  }
  if (y.type() != a.type()) {
    return c.Error(
        absl::StrCat("output type ", TfliteTypeName(y.type()), " differs from the inputs' ", TfliteTypeName(a.type())));
  }
  Broadcast bc;
  TFCONV_KERNEL_RETURN_IF_ERROR(bc.Init(c, a.shape(), b.shape()));
  y.Resize(bc.shape());
  switch (a.type()) {
    case TensorType::FLOAT32: return Plain<float>(c, act, bc, a, b, y);
    case TensorType::INT32: return Plain<int32_t>(c, act, bc, a, b, y);
    case TensorType::INT64: return Plain<int64_t>(c, act, bc, a, b, y);
    case TensorType::INT16:
      if (!y.is_quantized()) return Plain<int16_t>(c, act, bc, a, b, y);
      return Quantized(c, act, bc, a, b, y);
    case TensorType::UINT8:
    case TensorType::INT8: return Quantized(c, act, bc, a, b, y);
    default: return c.UnsupportedType(a);
  }
}

}  // namespace

void RegisterMul(KernelRegistry& registry) { registry.AddBuiltin(tflite::BuiltinOperator::MUL, Mul); }

}  // namespace elementwise
}  // namespace tfconv
