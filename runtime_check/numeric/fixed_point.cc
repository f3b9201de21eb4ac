#include "runtime_check/numeric/fixed_point.h"

#include <algorithm>
#include <limits>

#include "runtime_check/interpreter/quant_math.h"

namespace tfconv {
namespace fixed_point {
namespace {

constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
constexpr int32_t kMin = std::numeric_limits<int32_t>::min();

int32_t SaturatingAdd(int32_t a, int32_t b) {
  return static_cast<int32_t>(std::clamp<int64_t>(static_cast<int64_t>(a) + b, kMin, kMax));
}
int32_t SaturatingSub(int32_t a, int32_t b) {
  return static_cast<int32_t>(std::clamp<int64_t>(static_cast<int64_t>(a) - b, kMin, kMax));
}

// gemmlowp's FixedPoint<Raw> primitives for the two raw widths. The algorithms below are written
// once over them; constants are given as 32-bit raw values and rounded to 16 bits for int16, as
// gemmlowp's GEMMLOWP_CHECKED_FIXEDPOINT_CONSTANT does.
template <typename Raw>
struct Ops;

template <>
struct Ops<int32_t> {
  static constexpr int kFractionalBits = 31;
  static int32_t Add(int32_t a, int32_t b) { return fixed_point::Add(a, b); }
  static int32_t Sub(int32_t a, int32_t b) { return fixed_point::Sub(a, b); }
  static int32_t Mul(int32_t a, int32_t b) { return SaturatingRoundingDoublingHighMul(a, b); }
  static int32_t MulByPOT(int32_t x, int e) { return fixed_point::SaturatingRoundingMultiplyByPOT(x, e); }
  static int32_t HalfSum(int32_t a, int32_t b) { return fixed_point::RoundingHalfSum(a, b); }
  static int32_t Constant(int32_t raw32) { return raw32; }
  // gemmlowp adds the last Taylor term with wrapping arithmetic on int32...
  static int32_t AddSaturatingIf16Bit(int32_t a, int32_t b) { return Add(a, b); }
};

template <>
struct Ops<int16_t> {
  static constexpr int kFractionalBits = 15;
  static int16_t Add(int16_t a, int16_t b) { return static_cast<int16_t>(a + b); }
  static int16_t Sub(int16_t a, int16_t b) { return static_cast<int16_t>(a - b); }
  // a * b / 2^15 rounded to nearest (ties away from zero); -1 * -1 saturates.
  static int16_t Mul(int16_t a, int16_t b) {
    if (a == b && a == std::numeric_limits<int16_t>::min()) return std::numeric_limits<int16_t>::max();
    const int32_t ab = static_cast<int32_t>(a) * b;
    const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
    return static_cast<int16_t>((ab + nudge) / (1 << 15));
  }
  static int16_t MulByPOT(int16_t x, int e) {
    if (e == 0) return x;
    if (e < 0) return static_cast<int16_t>(RoundingDivideByPOT(x, -e));  // exact on the widened value
    const int32_t threshold = (1 << (15 - e)) - 1;
    if (x > threshold) return std::numeric_limits<int16_t>::max();
    if (x < -threshold) return std::numeric_limits<int16_t>::min();
    return static_cast<int16_t>(x * (1 << e));
  }
  static int16_t HalfSum(int16_t a, int16_t b) {
    const int32_t sum = static_cast<int32_t>(a) + b;
    return static_cast<int16_t>((sum + (sum >= 0 ? 1 : -1)) / 2);
  }
  static int16_t Constant(int32_t raw32) { return static_cast<int16_t>(RoundingDivideByPOT(raw32, 16)); }
  // ... and with saturation on int16.
  static int16_t AddSaturatingIf16Bit(int16_t a, int16_t b) {
    return static_cast<int16_t>(std::clamp<int32_t>(static_cast<int32_t>(a) + b, -32768, 32767));
  }
};

template <typename Raw>
Raw OneT(int integer_bits) {
  return integer_bits == 0 ? std::numeric_limits<Raw>::max()
                           : static_cast<Raw>(Raw{1} << (Ops<Raw>::kFractionalBits - integer_bits));
}

template <typename Raw>
Raw RescaleT(Raw x, int src_bits, int dst_bits) {
  return Ops<Raw>::MulByPOT(x, src_bits - dst_bits);
}

// exp(a) for a in [-1/4, 0), Q0 in and out: a Taylor expansion around -1/8.
template <typename Raw>
Raw ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(Raw a) {
  using O = Ops<Raw>;
  const Raw exp_minus_one_eighth = O::Constant(1895147668);  // exp(-1/8)
  const Raw one_third = O::Constant(715827883);
  const Raw x = O::Add(a, static_cast<Raw>(Raw{1} << (O::kFractionalBits - 3)));  // a + 1/8
  const Raw x2 = O::Mul(x, x);
  const Raw x3 = O::Mul(x2, x);
  const Raw x4 = O::Mul(x2, x2);
  const Raw x4_over_4 = O::MulByPOT(x4, -2);
  const Raw poly = O::MulByPOT(O::Add(O::Mul(O::Add(x4_over_4, x3), one_third), x2), -1);
  return O::AddSaturatingIf16Bit(exp_minus_one_eighth, O::Mul(exp_minus_one_eighth, O::Add(x, poly)));
}

template <typename Raw>
Raw ExpOnNegativeValuesT(Raw a, int integer_bits) {
  using O = Ops<Raw>;
  const int fractional_bits = O::kFractionalBits - integer_bits;
  const Raw one_quarter = static_cast<Raw>(Raw{1} << (fractional_bits - 2));
  const Raw a_mod_quarter_minus_one_quarter = O::Sub(static_cast<Raw>(a & (one_quarter - 1)), one_quarter);
  Raw result =
      ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(RescaleT(a_mod_quarter_minus_one_quarter, integer_bits, 0));
  const Raw remainder = O::Sub(a_mod_quarter_minus_one_quarter, a);
  // exp(-2^e) in Q0 for e = -2..4: multiply in the factor of each whole power of two in -a.
  struct Factor {
    int exponent;
    int32_t multiplier;
  };
  static constexpr Factor kFactors[] = {{-2, 1672461947}, {-1, 1302514674}, {0, 790015084}, {1, 290630308},
                                        {2, 39332535},    {3, 720401},      {4, 242}};
  for (const Factor& f : kFactors) {
    if (integer_bits > f.exponent && (remainder & (int32_t{1} << (fractional_bits + f.exponent))) != 0) {
      result = O::Mul(result, O::Constant(f.multiplier));
    }
  }
  // Below -32 exp underflows.
  if (integer_bits > 5 && a < O::Constant(-(int32_t{1} << (36 - integer_bits)))) result = 0;
  if (a == 0) result = std::numeric_limits<Raw>::max();
  return result;
}

// Newton-Raphson division on half the denominator: 1 / (1 + a) for a in [0, 1) in Q2.
template <typename Raw>
Raw ReciprocalOfOnePlusQ2(Raw a) {
  using O = Ops<Raw>;
  const Raw half_denominator = O::HalfSum(a, std::numeric_limits<Raw>::max());
  const Raw c48_over_17 = O::Constant(1515870810);
  const Raw c_neg32_over_17 = O::Constant(-1010580540);
  Raw x = O::Add(c48_over_17, O::Mul(half_denominator, c_neg32_over_17));
  for (int i = 0; i < 3; ++i) {
    const Raw half_denominator_times_x = O::Mul(half_denominator, x);
    const Raw one_minus = O::Sub(OneT<Raw>(2), half_denominator_times_x);
    x = O::Add(x, RescaleT(O::Mul(x, one_minus), 4, 2));
  }
  return x;
}

}  // namespace

int32_t Add(int32_t a, int32_t b) { return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b)); }

int32_t Sub(int32_t a, int32_t b) { return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b)); }

int32_t Mul(int32_t a, int32_t b) { return SaturatingRoundingDoublingHighMul(a, b); }

int32_t RoundingHalfSum(int32_t a, int32_t b) {
  const int64_t sum = static_cast<int64_t>(a) + b;
  const int64_t sign = sum >= 0 ? 1 : -1;
  return static_cast<int32_t>((sum + sign) / 2);
}

int32_t SaturatingRoundingMultiplyByPOT(int32_t x, int exponent) {
  if (exponent == 0) return x;
  if (exponent < 0) return RoundingDivideByPOT(x, -exponent);
  const int32_t threshold = static_cast<int32_t>((int64_t{1} << (31 - exponent)) - 1);
  if (x > threshold) return kMax;
  if (x < -threshold) return kMin;
  return static_cast<int32_t>(static_cast<uint32_t>(x) << exponent);
}

int32_t Rescale(int32_t x, int src_bits, int dst_bits) {
  return SaturatingRoundingMultiplyByPOT(x, src_bits - dst_bits);
}

int32_t One(int integer_bits) { return integer_bits == 0 ? kMax : (1 << (31 - integer_bits)); }

int CountLeadingZeros(uint32_t x) {
  if (x == 0) return 32;
  int n = 0;
  while ((x & 0x80000000u) == 0) {
    x <<= 1;
    ++n;
  }
  return n;
}

int32_t ExpOnNegativeValues(int32_t a, int integer_bits) { return ExpOnNegativeValuesT<int32_t>(a, integer_bits); }

int32_t OneOverOnePlusXForXIn01(int32_t a) {
  return Rescale(ReciprocalOfOnePlusQ2<int32_t>(a), 1, 0);  // x / 2, read as Q1, back to Q0
}

int32_t LogXForXGreaterThanOrEqualTo1(int32_t x, int input_bits, int output_bits) {
  const int accum_bits = output_bits + 1;
  const int32_t log_2 = 1488522236;
  const int32_t sqrt_sqrt_half = 1805811301;
  const int32_t sqrt_half = 1518500250;
  const int32_t one_quarter = 536870912;
  const int32_t alpha_n = 117049297;
  const int32_t alpha_d = 127690142;
  const int32_t alpha_i = 1057819769;
  const int32_t alpha_f = 638450708;
  const int32_t shifted_quarter = Rescale(one_quarter, 0, accum_bits);

  // Normalize x (read as Q0) two ways, by its headroom and by its headroom after scaling by
  // sqrt(1/2), and keep the mantissa closer to 1.
  const int32_t z_a = x;
  const int z_a_headroom_plus_1 = CountLeadingZeros(static_cast<uint32_t>(z_a));
  const int32_t r_a_tmp = SaturatingRoundingMultiplyByPOT(z_a, z_a_headroom_plus_1 - 1);
  const int32_t r_a_raw = SaturatingRoundingMultiplyByPOT(Mul(r_a_tmp, sqrt_half), 1);
  const int32_t z_a_pow_2_adj = SaturatingAdd(
      SaturatingRoundingMultiplyByPOT(input_bits - z_a_headroom_plus_1, 31 - accum_bits), shifted_quarter);

  const int32_t z_b = Mul(z_a, sqrt_half);
  const int z_b_headroom = CountLeadingZeros(static_cast<uint32_t>(z_b)) - 1;
  const int32_t r_b_raw = SaturatingRoundingMultiplyByPOT(z_a, z_b_headroom);
  const int32_t z_b_pow_2_adj =
      SaturatingSub(SaturatingRoundingMultiplyByPOT(input_bits - z_b_headroom, 31 - accum_bits), shifted_quarter);

  const int32_t r = std::min(r_a_raw, r_b_raw);
  const int32_t z_pow_2_adj = std::max(z_a_pow_2_adj, z_b_pow_2_adj);

  // A rational approximation of log on the mantissa.
  const int32_t p = RoundingHalfSum(r, sqrt_sqrt_half);
  int32_t q = Sub(r, sqrt_sqrt_half);
  q = Add(q, q);
  const int32_t common_sq = Mul(q, q);
  const int32_t num = Add(Mul(q, r), Mul(Mul(q, common_sq), alpha_n));
  const int32_t denom_minus_one = Add(Mul(p, Add(Add(alpha_i, q), Mul(alpha_d, common_sq))), Mul(alpha_f, q));
  const int32_t recip_denom = OneOverOnePlusXForXIn01(denom_minus_one);
  const int32_t num_scaled = Rescale(num, 0, accum_bits);
  return Rescale(Add(Mul(z_pow_2_adj, log_2), Mul(num_scaled, recip_denom)), accum_bits, output_bits);
}

int32_t GetReciprocal(int32_t x, int integer_bits, int* num_bits_over_unit) {
  if (x <= 0) {  // not reached by the kernels (a sum of exps includes exp(0) = 1)
    *num_bits_over_unit = 0;
    return kMax;
  }
  const int headroom_plus_one = CountLeadingZeros(static_cast<uint32_t>(x));
  *num_bits_over_unit = integer_bits - headroom_plus_one;
  const int32_t shifted_sum_minus_one =
      static_cast<int32_t>((static_cast<uint32_t>(x) << headroom_plus_one) - (uint32_t{1} << 31));
  return OneOverOnePlusXForXIn01(shifted_sum_minus_one);
}

void GetInvSqrtQuantizedMultiplierExp(int32_t input, int reverse_shift, int32_t* multiplier, int* shift) {
  if (input <= 1) {  // 0 and 1 both give the largest multiplier, as in TFLite
    *multiplier = kMax;
    *shift = 0;
    return;
  }
  int output_shift = 11;
  while (input >= (1 << 29)) {
    input /= 4;
    ++output_shift;
  }
  const int max_left_shift_bits = CountLeadingZeros(static_cast<uint32_t>(input)) - 1;
  const int left_shift_bit_pairs = max_left_shift_bits / 2 - 1;
  output_shift -= left_shift_bit_pairs;
  input <<= 2 * left_shift_bit_pairs;
  // Newton-Raphson for 1 / sqrt(input) in Q3, starting from 1.
  const int32_t half_input = SaturatingRoundingMultiplyByPOT(input >> 1, -1);
  const int32_t half_three = (1 << 28) + (1 << 27);
  int32_t x = One(3);
  for (int i = 0; i < 5; ++i) {
    const int32_t x3 = Rescale(Mul(Mul(x, x), x), 9, 3);
    x = Rescale(Sub(Mul(half_three, x), Mul(half_input, x3)), 6, 3);
  }
  x = Mul(x, 1518500250);  // * sqrt(2) / 2
  if (output_shift < 0) {
    x = static_cast<int32_t>(static_cast<uint32_t>(x) << -output_shift);
    output_shift = 0;
  }
  *multiplier = x;
  *shift = output_shift * reverse_shift;
}

namespace q16 {

int16_t ExpOnNegativeValues(int16_t a, int integer_bits) { return ExpOnNegativeValuesT<int16_t>(a, integer_bits); }

int16_t OneOverOnePlusXForXIn01(int16_t a) { return RescaleT<int16_t>(ReciprocalOfOnePlusQ2<int16_t>(a), 1, 0); }

int16_t OneMinusXOverOnePlusXForXIn01(int16_t a) {
  return RescaleT<int16_t>(Ops<int16_t>::Sub(ReciprocalOfOnePlusQ2<int16_t>(a), OneT<int16_t>(2)), 2, 0);
}

}  // namespace q16

}  // namespace fixed_point
}  // namespace tfconv
