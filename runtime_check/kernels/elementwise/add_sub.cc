// ADD and SUB with NumPy broadcasting.
//   float32, int32, int64: plain arithmetic (integers wrap) and the fused activation's clamp.
//   uint8, int8, int16 (quantized): the reference kernels' fixed-point pipeline. Each input, minus
//   its zero point, is shifted left by 20 bits (15 for int16) and rescaled to twice the larger
//   input scale; the sum (difference) is rescaled to the output scale. SUB is the same pipeline
//   with the second operand subtracted (TFLite negates its multiplier, which rounds identically).
//   int16 with pot_scale_int16 and power-of-two scales everywhere: TFLite's LSTM path, where one
//   input is rounding-shifted onto the output scale and the other must already be on it.
// The output takes the inputs' type, as TFLite's Prepare sets it.
#include <algorithm>
#include <cstdint>

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
absl::Status Plain(KernelContext& c, bool subtract, tflite::ActivationFunctionType act, const Broadcast& bc,
                   const RtTensor& a, const RtTensor& b, RtTensor& y) {
  return PlainBinary<T>(c, act, bc, a, b, y, [subtract](T x, T z) {
    if constexpr (std::is_floating_point_v<T>) {
      return subtract ? x - z : x + z;
    } else {
      return subtract ? WrapSub(x, z) : WrapAdd(x, z);
    }
  });
}

struct QuantParams {
  int left_shift = 0;
  int32_t offset1 = 0, offset2 = 0, out_offset = 0;
  int32_t mult1 = 0, mult2 = 0, mult_out = 0;
  int shift1 = 0, shift2 = 0, shift_out = 0;
  int32_t act_min = 0, act_max = 0;
};

template <typename T>
void GeneralQuantized(const QuantParams& p, bool subtract, const Broadcast& bc, const T* pa, const T* pb, T* out) {
  for (int64_t i = 0; i < bc.size(); ++i) {
    const int32_t x1 = (p.offset1 + static_cast<int32_t>(pa[bc.a(i)])) * (1 << p.left_shift);
    const int32_t x2 = (p.offset2 + static_cast<int32_t>(pb[bc.b(i)])) * (1 << p.left_shift);
    const int32_t s1 = MultiplyByQuantizedMultiplier(x1, p.mult1, p.shift1);
    const int32_t s2 = MultiplyByQuantizedMultiplier(x2, p.mult2, p.shift2);
    const int32_t raw = subtract ? s1 - s2 : s1 + s2;
    const int32_t o = MultiplyByQuantizedMultiplier(raw, p.mult_out, p.shift_out) + p.out_offset;
    out[i] = static_cast<T>(std::clamp(o, p.act_min, p.act_max));
  }
}

// int16, zero points 0, power-of-two scales: shifts are exponent differences to the output scale.
void PowerOfTwoInt16(const QuantParams& p, bool subtract, const Broadcast& bc, const int16_t* pa, const int16_t* pb,
                     int16_t* out) {
  for (int64_t i = 0; i < bc.size(); ++i) {
    const int32_t r1 = RoundingDivideByPOT(pa[bc.a(i)], -p.shift1);
    const int32_t r2 = RoundingDivideByPOT(pb[bc.b(i)], -p.shift2);
    const int32_t raw = subtract ? r1 - r2 : r1 + r2;
    out[i] = static_cast<int16_t>(std::clamp(raw, p.act_min, p.act_max));
  }
}

absl::Status Quantized(KernelContext& c, bool subtract, tflite::ActivationFunctionType act, bool pot_option,
                       const Broadcast& bc, const RtTensor& a, const RtTensor& b, RtTensor& y) {
  float s1, s2, so;
  int32_t z1, z2, zo;
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, a, &s1, &z1));
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, b, &s2, &z2));
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, y, &so, &zo));
  QuantParams p;
  TFCONV_KERNEL_RETURN_IF_ERROR(QuantizedActivationRange(c, act, y, &p.act_min, &p.act_max));
  const bool is_int16 = a.type() == TensorType::INT16;
  int log1 = 0, log2 = 0, logo = 0;
  const bool use_pot = is_int16 && pot_option && CheckedLog2(s1, &log1) && CheckedLog2(s2, &log2) &&
                       CheckedLog2(so, &logo) && z1 == 0 && z2 == 0 && zo == 0;
  if (use_pot) {
    p.shift1 = log1 - logo;
    p.shift2 = log2 - logo;
    if ((p.shift1 != 0 && p.shift2 != 0) || p.shift1 > 0 || p.shift2 > 0 || p.shift1 < -31 || p.shift2 < -31) {
      return c.Error(
          absl::StrCat("int16 power-of-two scales need one input on the output scale and the other "
                       "finer; input exponents relative to the output: ",
                       p.shift1, ", ", p.shift2));
    }
    PowerOfTwoInt16(p, subtract, bc, a.data<int16_t>(), b.data<int16_t>(), y.mutable_data<int16_t>());
    return absl::OkStatus();
  }
  p.left_shift = is_int16 ? 15 : 20;
  p.offset1 = -z1;
  p.offset2 = -z2;
  p.out_offset = zo;
  const double twice_max = 2.0 * std::max(static_cast<double>(s1), static_cast<double>(s2));
  TFCONV_KERNEL_RETURN_IF_ERROR(MultiplierBelowOne(c, s1 / twice_max, "input 0", &p.mult1, &p.shift1));
  TFCONV_KERNEL_RETURN_IF_ERROR(MultiplierBelowOne(c, s2 / twice_max, "input 1", &p.mult2, &p.shift2));
  TFCONV_KERNEL_RETURN_IF_ERROR(
      MultiplierBelowOne(c, twice_max / (static_cast<double>(1 << p.left_shift) * static_cast<double>(so)), "output",
                         &p.mult_out, &p.shift_out));
  switch (a.type()) {
    case TensorType::UINT8:
      GeneralQuantized(p, subtract, bc, a.data<uint8_t>(), b.data<uint8_t>(), y.mutable_data<uint8_t>());
      break;
    case TensorType::INT8:
      GeneralQuantized(p, subtract, bc, a.data<int8_t>(), b.data<int8_t>(), y.mutable_data<int8_t>());
      break;
    default: GeneralQuantized(p, subtract, bc, a.data<int16_t>(), b.data<int16_t>(), y.mutable_data<int16_t>()); break;
  }
  return absl::OkStatus();
}

absl::Status AddSub(KernelContext& c, bool subtract) {
  Broadcast bc;
  TFCONV_KERNEL_RETURN_IF_ERROR(PrepareBinary(c, &bc));
  const RtTensor& a = c.input(0);
  const RtTensor& b = c.input(1);
  tflite::ActivationFunctionType act;
  bool pot_option;
  if (subtract) {
    const auto* o = c.op().builtin_options.AsSubOptions();
    act = ActivationOf(o);
    pot_option = o != nullptr && o->pot_scale_int16;
  } else {
    const auto* o = c.op().builtin_options.AsAddOptions();
    act = ActivationOf(o);
    pot_option = o != nullptr && o->pot_scale_int16;
  }
  RtTensor& y = c.output(0);
  y.Reset(a.type(), bc.shape());
  switch (a.type()) {
    case TensorType::FLOAT32: return Plain<float>(c, subtract, act, bc, a, b, y);
    case TensorType::INT32: return Plain<int32_t>(c, subtract, act, bc, a, b, y);
    case TensorType::INT64: return Plain<int64_t>(c, subtract, act, bc, a, b, y);
    case TensorType::UINT8:
    case TensorType::INT8:
    case TensorType::INT16: return Quantized(c, subtract, act, pot_option, bc, a, b, y);
    default: return c.UnsupportedType(a);
  }
}

absl::Status Add(KernelContext& c) { return AddSub(c, /*subtract=*/false); }
absl::Status Sub(KernelContext& c) { return AddSub(c, /*subtract=*/true); }

}  // namespace

void RegisterAddSub(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::ADD, Add);
  registry.AddBuiltin(tflite::BuiltinOperator::SUB, Sub);
}

}  // namespace elementwise
}  // namespace tfconv
