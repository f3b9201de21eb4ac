// The fixed-point arithmetic of gemmlowp that the reference softmax, log-softmax and
// L2-normalization kernels use, on raw int32 values (and, in q16, the int16 functions of the
// integer LSTM). A value in format Qm has m integer bits and
// 31 - m fractional bits; a product of Qa and Qb values is in Q(a+b) (SaturatingRoundingDoublingHighMul
// on the raw values), and Rescale changes the format with a rounding or saturating shift.
//
//   // exp(x) for x = -1.5 held in Q5 (26 fractional bits); the result is Q0:
//   int32_t e = fixed_point::ExpOnNegativeValues(-(3 << 25), /*integer_bits=*/5);
#ifndef TFCONV_RUNTIME_CHECK_NUMERIC_FIXED_POINT_H_
#define TFCONV_RUNTIME_CHECK_NUMERIC_FIXED_POINT_H_

#include <cstdint>

namespace tfconv {
namespace fixed_point {

// Wrapping raw addition and subtraction (gemmlowp's int32 operators do not saturate).
int32_t Add(int32_t a, int32_t b);
int32_t Sub(int32_t a, int32_t b);
// The product of two fixed-point values (formats add up).
int32_t Mul(int32_t a, int32_t b);
// round((a + b) / 2), ties away from zero.
int32_t RoundingHalfSum(int32_t a, int32_t b);
// x * 2^exponent: a saturating left shift for exponent > 0, a rounding right shift for exponent < 0.
int32_t SaturatingRoundingMultiplyByPOT(int32_t x, int exponent);
// Changes the format from Q(src_bits) to Q(dst_bits).
int32_t Rescale(int32_t x, int src_bits, int dst_bits);
// 1.0 in format Qm (for m = 0 the largest value, 1 - 2^-31).
int32_t One(int integer_bits);
// Leading zero bits of x as unsigned (32 for 0).
int CountLeadingZeros(uint32_t x);

// exp(a) for a <= 0 in Q(integer_bits); the result is Q0.
int32_t ExpOnNegativeValues(int32_t a, int integer_bits);
// 1 / (1 + a) for a in [0, 1) in Q0; the result is Q0.
int32_t OneOverOnePlusXForXIn01(int32_t a);
// log(x) for x >= 1 in Q(input_bits); the result is in Q(output_bits).
int32_t LogXForXGreaterThanOrEqualTo1(int32_t x, int input_bits, int output_bits);
// TFLite's GetReciprocal: 1 / x for x in Q(integer_bits), as a Q0 mantissa and the number of bits
// of x above 1.0.
int32_t GetReciprocal(int32_t x, int integer_bits, int* num_bits_over_unit);
// TFLite's GetInvSqrtQuantizedMultiplierExp: 1 / sqrt(input) as a multiplier and shift.
void GetInvSqrtQuantizedMultiplierExp(int32_t input, int reverse_shift, int32_t* multiplier, int* shift);

// The same gemmlowp algorithms on int16 raw values (FixedPoint<int16_t>: 15 - m fractional bits),
// as LiteRT's integer LSTM uses them for its logistic and tanh.
namespace q16 {
// exp(a) for a <= 0 in Q(integer_bits); the result is Q0.
int16_t ExpOnNegativeValues(int16_t a, int integer_bits);
// 1 / (1 + a) and (1 - a) / (1 + a) for a in [0, 1) in Q0; the results are Q0.
int16_t OneOverOnePlusXForXIn01(int16_t a);
int16_t OneMinusXOverOnePlusXForXIn01(int16_t a);
}  // namespace q16

}  // namespace fixed_point
}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_NUMERIC_FIXED_POINT_H_
