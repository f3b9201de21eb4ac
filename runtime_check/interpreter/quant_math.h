// Integer arithmetic of the TFLite quantization spec: a real multiplier M = q * 2^shift with q a
// Q0.31 fixed-point value, and the rounding multiplications the reference kernels use, so that
// quantized results match the official runtime bit for bit.
//
//   int32_t q; int shift;
//   QuantizeMultiplier(input_scale * filter_scale / output_scale, &q, &shift);
//   int32_t scaled = MultiplyByQuantizedMultiplier(acc, q, shift) + output_zero_point;
#ifndef TFCONV_RUNTIME_CHECK_INTERPRETER_QUANT_MATH_H_
#define TFCONV_RUNTIME_CHECK_INTERPRETER_QUANT_MATH_H_

#include <algorithm>
#include <cstdint>
#include <limits>

namespace tfconv {

// Splits `real` (>= 0) into q in [2^30, 2^31) (or 0) and shift with real ~= q * 2^(shift - 31).
void QuantizeMultiplier(double real, int32_t* quantized, int* shift);

// round(a * b / 2^31) (positive ties up, negative ties toward zero, as gemmlowp does), saturating
// the single overflow case.
inline int32_t SaturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  if (a == b && a == std::numeric_limits<int32_t>::min()) return std::numeric_limits<int32_t>::max();
  const int64_t ab = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  const int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return static_cast<int32_t>((ab + nudge) / (1LL << 31));
}

// x / 2^exponent rounded to nearest, ties away from zero.
inline int32_t RoundingDivideByPOT(int32_t x, int exponent) {
  const int32_t mask = static_cast<int32_t>((1LL << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

// x * q * 2^(shift - 31), the requantization step of the int8/uint8 kernels (double rounding, as
// the official reference kernels are built by default).
inline int32_t MultiplyByQuantizedMultiplier(int32_t x, int32_t quantized, int shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  return RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x * (1 << left), quantized), right);
}

// The 64-bit accumulator variant used by the int16-activation kernels: the multiplier is reduced to
// 16 bits and the product rounded once.
inline int32_t MultiplyByQuantizedMultiplier(int64_t x, int32_t quantized, int shift) {
  const int32_t reduced = quantized < 0x7FFF0000 ? ((quantized + (1 << 15)) >> 16) : 0x7FFF;
  const int total_shift = 15 - shift;
  const int64_t rounded = x * static_cast<int64_t>(reduced) + (static_cast<int64_t>(1) << (total_shift - 1));
  const int64_t result = rounded >> total_shift;
  return static_cast<int32_t>(std::clamp<int64_t>(result, std::numeric_limits<int32_t>::min(),
                                                  std::numeric_limits<int32_t>::max()));
}

template <typename T>
inline T SaturateCast(int32_t v) {
  return static_cast<T>(std::clamp<int32_t>(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
}

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_INTERPRETER_QUANT_MATH_H_
