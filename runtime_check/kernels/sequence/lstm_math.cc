#include "runtime_check/kernels/sequence/lstm_math.h"

#include <cmath>
#include <cstdlib>
#include <limits>

#include "runtime_check/interpreter/quant_math.h"

namespace tfconv {
namespace {

// ---- 16-bit fixed-point arithmetic as gemmlowp defines it for int16 raw values: plain
// (wrapping) add/subtract/negate, rounding doubling high multiply, rounding shifts.

int16_t Wrap(int32_t v) { return static_cast<int16_t>(v); }
int16_t Add(int16_t a, int16_t b) { return Wrap(a + b); }
int16_t Sub(int16_t a, int16_t b) { return Wrap(a - b); }
int16_t Neg(int16_t a) { return Wrap(-a); }

int16_t SaturatingAdd(int16_t a, int16_t b) {
  const int32_t sum = static_cast<int32_t>(a) + b;
  return static_cast<int16_t>(sum > 32767 ? 32767 : (sum < -32768 ? -32768 : sum));
}

// a * b / 2^15 rounded to nearest (ties away from zero); -1 * -1 saturates.
int16_t Mul(int16_t a, int16_t b) {
  if (a == b && a == std::numeric_limits<int16_t>::min()) return std::numeric_limits<int16_t>::max();
  const int32_t ab = static_cast<int32_t>(a) * b;
  const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return static_cast<int16_t>((ab + nudge) / (1 << 15));
}

int16_t RoundingDivideByPOT16(int16_t x, int exponent) {
  const int32_t mask = (1 << exponent) - 1;
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return Wrap((x >> exponent) + (remainder > threshold ? 1 : 0));
}

// x * 2^exponent: saturating for exponent > 0, rounding for exponent < 0.
int16_t MulByPOT(int16_t x, int exponent) {
  if (exponent == 0) return x;
  if (exponent < 0) return RoundingDivideByPOT16(x, -exponent);
  const int32_t threshold = (1 << (15 - exponent)) - 1;
  if (x > threshold) return std::numeric_limits<int16_t>::max();
  if (x < -threshold) return std::numeric_limits<int16_t>::min();
  return Wrap(x * (1 << exponent));
}

// Changes the number of integer bits of a value (rounding or saturating).
int16_t Rescale(int16_t x, int from_bits, int to_bits) { return MulByPOT(x, from_bits - to_bits); }

// A constant given as a 32-bit fixed-point raw value, rounded to 16 bits.
int16_t Constant(int32_t raw32) { return static_cast<int16_t>(RoundingDivideByPOT(raw32, 16)); }

int16_t RoundingHalfSum(int16_t a, int16_t b) {
  const int32_t sum = static_cast<int32_t>(a) + b;
  const int32_t sign = sum >= 0 ? 1 : -1;
  return static_cast<int16_t>((sum + sign) / 2);
}

constexpr int16_t kOneQ0 = 32767;    // "1" with 0 integer bits
constexpr int16_t kOneQ2 = 1 << 13;  // 1.0 with 2 integer bits

// exp(a) for a in [-1/4, 0), a with 0 integer bits: Taylor series around -1/8.
int16_t ExpOnQuarterInterval(int16_t a) {
  const int16_t exp_minus_one_eighth = Constant(1895147668);
  const int16_t one_third = Constant(715827883);
  const int16_t x = Add(a, 1 << 12);  // a + 1/8
  const int16_t x2 = Mul(x, x);
  const int16_t x3 = Mul(x2, x);
  const int16_t x4 = Mul(x2, x2);
  const int16_t x4_over_4 = MulByPOT(x4, -2);
  const int16_t poly = MulByPOT(Add(Mul(Add(x4_over_4, x3), one_third), x2), -1);
  return SaturatingAdd(exp_minus_one_eighth, Mul(exp_minus_one_eighth, Add(x, poly)));
}

// exp(a) for a <= 0 with `integer_bits` integer bits; result with 0 integer bits.
int16_t ExpOnNegativeValues(int16_t a, int integer_bits) {
  const int fractional_bits = 15 - integer_bits;
  const int16_t one_quarter = static_cast<int16_t>(1 << (fractional_bits - 2));
  const int16_t a_mod_quarter_minus_quarter = Sub(static_cast<int16_t>(a & (one_quarter - 1)), one_quarter);
  int16_t result = ExpOnQuarterInterval(Rescale(a_mod_quarter_minus_quarter, integer_bits, 0));
  const int16_t remainder = Sub(a_mod_quarter_minus_quarter, a);
  // exp(-2^k) factors for the bits of the remainder above 1/4.
  struct Factor {
    int exponent;
    int32_t raw32;
  };
  static constexpr Factor kFactors[] = {{-2, 1672461947}, {-1, 1302514674}, {0, 790015084}, {1, 290630308},
                                        {2, 39332535},    {3, 720401},      {4, 242}};
  for (const Factor& f : kFactors) {
    if (integer_bits <= f.exponent) continue;
    const int16_t bit = static_cast<int16_t>(1 << (fractional_bits + f.exponent));
    if ((remainder & bit) != 0) result = Mul(result, Constant(f.raw32));
  }
  if (integer_bits > 5) {
    const int16_t minus_32 = Constant(-(1 << (36 - integer_bits)));
    if (a < minus_32) result = 0;
  }
  if (a == 0) result = kOneQ0;
  return result;
}

// Newton-Raphson reciprocal of (1 + a)/2 for a in (0, 1): returns 1/(1+a) (`minus_one` false)
// or (1-a)/(1+a) (`minus_one` true), with 0 integer bits.
int16_t ReciprocalOnePlus(int16_t a, bool minus_one) {
  const int16_t half_denominator = RoundingHalfSum(a, kOneQ0);
  const int16_t c48_over_17 = Constant(1515870810);
  const int16_t c_minus_32_over_17 = Constant(-1010580540);
  int16_t x = Add(c48_over_17, Mul(half_denominator, c_minus_32_over_17));  // 2 integer bits
  for (int i = 0; i < 3; ++i) {
    const int16_t half_denominator_times_x = Mul(half_denominator, x);
    const int16_t one_minus = Sub(kOneQ2, half_denominator_times_x);
    x = Add(x, Rescale(Mul(x, one_minus), 4, 2));
  }
  return minus_one ? Rescale(Sub(x, kOneQ2), 2, 0) : Rescale(x, 1, 0);  // x/2 read with 1 integer bit
}

// ---- The look-up table of reference_integer_ops: sigmoid(i/24) in 0.16 fixed point, i = 0..255
// (tanh is read from it as 2*sigmoid(2x) - 1). These exact values define the int16 results.
constexpr uint16_t kSigmoidTable[256] = {
#include "runtime_check/kernels/sequence/sigmoid_table.inc"
};

}  // namespace

int16_t GemmlowpLogistic(int16_t x) {
  constexpr int kIntegerBits = 3;
  if (x == 0) return 1 << 14;  // 0.5
  const bool positive = x > 0;
  const int16_t abs = positive ? x : Neg(x);
  const int16_t on_positive = ReciprocalOnePlus(ExpOnNegativeValues(Neg(abs), kIntegerBits), false);
  return positive ? on_positive : Sub(kOneQ0, on_positive);
}

int16_t GemmlowpTanh(int integer_bits, int16_t x) {
  if (x == 0) return 0;
  const bool negative = x < 0;
  const int16_t non_positive = negative ? x : Neg(x);
  // tanh(-|x|) = -(1 - exp(-2|x|)) / (1 + exp(-2|x|)); doubling is read as one more integer bit.
  const int16_t t = ReciprocalOnePlus(ExpOnNegativeValues(non_positive, integer_bits + 1), true);
  return negative ? Neg(t) : t;
}

int16_t LutLogistic(int16_t x, int32_t input_multiplier, int input_left_shift) {
  if (input_multiplier == 0) {
    input_multiplier = 3 << input_left_shift;
    input_left_shift = 0;
  }
  const int32_t round = input_left_shift > 0 ? 1 << (input_left_shift - 1) : 0;
  const int32_t input = (x * input_multiplier + round) >> input_left_shift;
  const uint32_t abs_input = static_cast<uint32_t>(std::abs(input));
  const uint32_t index = abs_input >> 9;
  uint32_t result;
  if (index >= 255) {
    result = 0x7FFFu << 10;
  } else {
    const uint32_t lo = kSigmoidTable[index];
    const uint32_t hi = kSigmoidTable[index + 1];
    result = (lo << 9) + (abs_input & 0x1FF) * (hi - lo);  // unsigned wrap is intended when hi < lo
  }
  result = input >= 0 ? result + (1u << 9) : (1u << 25) - result + (1u << 9) - 1;
  return static_cast<int16_t>(result >> 10);
}

int16_t LutTanh(int16_t x, int32_t input_multiplier, int input_left_shift) {
  if (input_multiplier == 0) {
    input_multiplier = 3 << input_left_shift;
    input_left_shift = 0;
  }
  const int32_t round = input_left_shift > 0 ? 1 << (input_left_shift - 1) : 0;
  const int32_t input = (x * input_multiplier + round) >> input_left_shift;
  const uint32_t abs_input = static_cast<uint32_t>(std::abs(input));
  const uint32_t index = abs_input >> 8;
  int32_t result;
  if (index >= 255) {
    result = 0xFFFF << 8;
  } else {
    const uint32_t lo = kSigmoidTable[index];
    const uint32_t hi = kSigmoidTable[index + 1];
    result = static_cast<int32_t>((lo << 8) + (abs_input & 0xFF) * (hi - lo));
  }
  result = input >= 0 ? result - (1 << 23) + (1 << 7) : -result + (1 << 23) + (1 << 7) - 1;
  return static_cast<int16_t>(result >> 8);
}

namespace {

int CountLeadingZeros32(uint32_t x) {
  if (x == 0) return 32;
  int n = 0;
  while ((x & 0x80000000u) == 0) {
    x <<= 1;
    ++n;
  }
  return n;
}

// 32-bit fixed-point helpers for the inverse square root.
int32_t MulByPOT32(int32_t x, int exponent) {
  if (exponent == 0) return x;
  if (exponent < 0) return RoundingDivideByPOT(x, -exponent);
  const int32_t threshold = static_cast<int32_t>((1LL << (31 - exponent)) - 1);
  if (x > threshold) return std::numeric_limits<int32_t>::max();
  if (x < -threshold) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(static_cast<uint32_t>(x) << exponent);
}

int32_t Sub32(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}

}  // namespace

void InvSqrtQuantizedMultiplierExp(int32_t input, int reverse_shift, int32_t* multiplier, int* shift) {
  if (input <= 1) {
    // 0 and 1 give the largest multiplier, as the runtime does (no division by zero).
    *multiplier = std::numeric_limits<int32_t>::max();
    *shift = 0;
    return;
  }
  *shift = 11;
  while (input >= (1 << 29)) {
    input /= 4;
    ++*shift;
  }
  const int max_left_shift_bit_pairs = (CountLeadingZeros32(static_cast<uint32_t>(input)) - 1) / 2;
  const int left_shift_bit_pairs = max_left_shift_bit_pairs - 1;
  *shift -= left_shift_bit_pairs;
  input <<= 2 * left_shift_bit_pairs;
  // Newton-Raphson on x = 1/sqrt(input) with values having 3 integer bits.
  const int32_t half_input = RoundingDivideByPOT(input >> 1, 1);
  const int32_t one_and_half = (1 << 28) + (1 << 27);
  int32_t x = 1 << 28;  // 1.0
  for (int i = 0; i < 5; ++i) {
    const int32_t x3 = MulByPOT32(SaturatingRoundingDoublingHighMul(SaturatingRoundingDoublingHighMul(x, x), x), 6);
    x = MulByPOT32(
        Sub32(SaturatingRoundingDoublingHighMul(one_and_half, x), SaturatingRoundingDoublingHighMul(half_input, x3)),
        3);
  }
  x = SaturatingRoundingDoublingHighMul(x, 1518500250);  // * sqrt(2)/2
  *multiplier = x;
  if (*shift < 0) {
    *multiplier = static_cast<int32_t>(static_cast<uint32_t>(*multiplier) << -*shift);
    *shift = 0;
  }
  *shift *= reverse_shift;
}

bool CheckedLog2(float x, int* log2) {
  const float value = std::log(x) * (1.0f / std::log(2.0f));
  const float rounded = std::round(value);
  *log2 = static_cast<int>(rounded);
  return std::abs(value - rounded) < 1e-3f;
}

}  // namespace tfconv
