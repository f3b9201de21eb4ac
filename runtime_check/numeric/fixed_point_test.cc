#include "runtime_check/numeric/fixed_point.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include "gtest/gtest.h"

namespace tfconv {
namespace fixed_point {
namespace {

double ToReal(int32_t raw, int integer_bits) { return std::ldexp(static_cast<double>(raw), integer_bits - 31); }
int32_t FromReal(double v, int integer_bits) {
  return static_cast<int32_t>(std::llround(std::ldexp(v, 31 - integer_bits)));
}

TEST(FixedPointTest, ShiftsSaturateAndRound) {
  EXPECT_EQ(SaturatingRoundingMultiplyByPOT(3, 2), 12);
  EXPECT_EQ(SaturatingRoundingMultiplyByPOT(1 << 30, 1), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(SaturatingRoundingMultiplyByPOT(-(1 << 30) - 1, 1), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(SaturatingRoundingMultiplyByPOT(5, -1), 3);  // 2.5 rounds away from zero
  EXPECT_EQ(SaturatingRoundingMultiplyByPOT(-5, -1), -3);
  EXPECT_EQ(RoundingHalfSum(3, 4), 4);
  EXPECT_EQ(RoundingHalfSum(-3, -4), -4);
  EXPECT_EQ(Rescale(1 << 26, 5, 0), std::numeric_limits<int32_t>::max());  // 1.0 saturates in Q0
  EXPECT_EQ(Rescale(1 << 26, 5, 12), 1 << 19);
  EXPECT_EQ(One(0), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(One(5), 1 << 26);
  EXPECT_EQ(CountLeadingZeros(1), 31);
  EXPECT_EQ(CountLeadingZeros(0), 32);
}

TEST(FixedPointTest, ExpOnNegativeValues) {
  for (double x = -31.9; x <= 0; x += 0.0173) {
    const double got = ToReal(ExpOnNegativeValues(FromReal(x, 5), 5), 0);
    EXPECT_NEAR(got, std::exp(x), 5e-7) << x;
  }
  EXPECT_EQ(ExpOnNegativeValues(0, 5), std::numeric_limits<int32_t>::max());
  // Q12 input: below -32 the result flushes to zero.
  EXPECT_EQ(ExpOnNegativeValues(FromReal(-40, 12), 12), 0);
  EXPECT_NEAR(ToReal(ExpOnNegativeValues(FromReal(-2.5, 12), 12), 0), std::exp(-2.5), 5e-7);
}

TEST(FixedPointTest, OneOverOnePlusX) {
  for (double x = 0; x < 1; x += 0.0123) {
    EXPECT_NEAR(ToReal(OneOverOnePlusXForXIn01(FromReal(x, 0)), 0), 1 / (1 + x), 1e-8) << x;
  }
}

TEST(FixedPointTest, LogOfValuesAtLeastOne) {
  for (double x = 1; x < 4000; x *= 1.37) {
    const double got = ToReal(LogXForXGreaterThanOrEqualTo1(FromReal(x, 12), 12, 5), 5);
    EXPECT_NEAR(got, std::log(ToReal(FromReal(x, 12), 12)), 1e-6) << x;
  }
}

TEST(FixedPointTest, Reciprocal) {
  for (double x = 1; x < 4000; x *= 1.51) {
    int bits;
    const int32_t q = FromReal(x, 12);
    const int32_t r = GetReciprocal(q, 12, &bits);
    EXPECT_NEAR(std::ldexp(ToReal(r, 0), -bits), 1 / ToReal(q, 12), 1e-8 / x) << x;
  }
}

TEST(FixedPointTest, InverseSqrt) {
  for (int64_t x = 2; x < 2000000000; x = x * 3 + 1) {
    int32_t multiplier;
    int shift;
    GetInvSqrtQuantizedMultiplierExp(static_cast<int32_t>(x), -1, &multiplier, &shift);
    // multiplier * 2^(shift - 31) ~ 1 / sqrt(x)
    EXPECT_NEAR(std::ldexp(static_cast<double>(multiplier), shift - 31) * std::sqrt(double(x)), 1.0, 1e-4) << x;
  }
  // Values around the normalization steps (powers of 4, the 2^29 limit), within 2e-6.
  for (int32_t in : {2, 3, 100, 4096, 65537, 1 << 20, 123456789, (1 << 30) + 7}) {
    int32_t m;
    int s;
    GetInvSqrtQuantizedMultiplierExp(in, -1, &m, &s);
    EXPECT_NEAR(m * std::ldexp(1.0, s - 31) * std::sqrt(static_cast<double>(in)), 1.0, 2e-6) << in;
  }
  int32_t multiplier;
  int shift;
  GetInvSqrtQuantizedMultiplierExp(1, -1, &multiplier, &shift);
  EXPECT_EQ(multiplier, std::numeric_limits<int32_t>::max());
  EXPECT_EQ(shift, 0);
}

TEST(FixedPointTest, Int16FunctionsAreCloseToTheRealOnes) {
  auto q15 = [](double v) { return static_cast<int>(std::lround(std::min(32767.0, v * 32768))); };
  // Every int16 value: exp in Q3 (inputs -8..0), 1/(1+x) and (1-x)/(1+x) in Q0 (inputs 0..1).
  int worst_exp = 0, worst_recip = 0, worst_ratio = 0;
  for (int v = -32768; v <= 0; ++v) {
    const int got = q16::ExpOnNegativeValues(static_cast<int16_t>(v), 3);
    worst_exp = std::max(worst_exp, std::abs(got - q15(std::exp(v / 4096.0))));
  }
  for (int v = 0; v <= 32767; ++v) {
    const double x = v / 32768.0;
    const int recip = q16::OneOverOnePlusXForXIn01(static_cast<int16_t>(v));
    const int ratio = q16::OneMinusXOverOnePlusXForXIn01(static_cast<int16_t>(v));
    worst_recip = std::max(worst_recip, std::abs(recip - q15(1 / (1 + x))));
    worst_ratio = std::max(worst_ratio, std::abs(ratio - q15((1 - x) / (1 + x))));
  }
  EXPECT_EQ(q16::ExpOnNegativeValues(0, 3), 32767);
  // The accuracy of gemmlowp's 16-bit polynomial and Newton steps (the ratio loses a bit more to
  // the final subtraction).
  EXPECT_LE(worst_exp, 2);
  EXPECT_LE(worst_recip, 6);
  EXPECT_LE(worst_ratio, 12);
}

}  // namespace
}  // namespace fixed_point
}  // namespace tfconv
