#include "runtime_check/kernels/activation/fixed_point.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "gtest/gtest.h"

namespace tfconv {
namespace activation {
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
  int32_t multiplier;
  int shift;
  GetInvSqrtQuantizedMultiplierExp(1, -1, &multiplier, &shift);
  EXPECT_EQ(multiplier, std::numeric_limits<int32_t>::max());
  EXPECT_EQ(shift, 0);
}

}  // namespace
}  // namespace fixed_point
}  // namespace activation
}  // namespace tfconv
