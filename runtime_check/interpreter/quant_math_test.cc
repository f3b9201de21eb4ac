#include "runtime_check/interpreter/quant_math.h"

#include <cmath>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

TEST(QuantizeMultiplierTest, PowersOfTwoAreExact) {
  int32_t q;
  int shift;
  QuantizeMultiplier(0.5, &q, &shift);
  EXPECT_EQ(q, 1 << 30);
  EXPECT_EQ(shift, 0);
  QuantizeMultiplier(4.0, &q, &shift);
  EXPECT_EQ(q, 1 << 30);
  EXPECT_EQ(shift, 3);
  QuantizeMultiplier(0.0, &q, &shift);
  EXPECT_EQ(q, 0);
}

TEST(QuantizeMultiplierTest, RepresentsTheRealValue) {
  for (double real : {0.0003, 0.0123456, 0.75, 1.9999999999, 3.3, 1234.5}) {
    int32_t q;
    int shift;
    QuantizeMultiplier(real, &q, &shift);
    EXPECT_GE(q, 1 << 30) << real;
    EXPECT_NEAR(std::ldexp(static_cast<double>(q), shift - 31), real, real * 1e-9) << real;
  }
}

TEST(RoundingTest, TiesRoundAwayFromZero) {
  EXPECT_EQ(RoundingDivideByPOT(5, 1), 3);
  EXPECT_EQ(RoundingDivideByPOT(-5, 1), -3);
  EXPECT_EQ(RoundingDivideByPOT(4, 1), 2);
  EXPECT_EQ(RoundingDivideByPOT(-7, 2), -2);  // -1.75
  EXPECT_EQ(RoundingDivideByPOT(6, 2), 2);    // 1.5
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(1 << 30, 1 << 30), 1 << 29);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN), INT32_MAX);
}

TEST(MultiplyByQuantizedMultiplierTest, MatchesRoundedRealProduct) {
  for (double real : {0.001234, 0.3, 0.5, 0.9, 1.7, 6.5}) {
    int32_t q;
    int shift;
    QuantizeMultiplier(real, &q, &shift);
    for (int32_t x : {-100000, -12345, -7, 0, 1, 3, 999, 65536}) {
      const double exact = x * real;
      const int32_t got = MultiplyByQuantizedMultiplier(x, q, shift);
      // Two roundings (to the Q31 product, then by the shift) can add up to just under 1.
      EXPECT_LT(std::abs(got - exact), 1.0 + 1e-6 * std::abs(exact)) << x << " * " << real;
      const int32_t got64 = MultiplyByQuantizedMultiplier(static_cast<int64_t>(x), q, shift);
      EXPECT_LE(std::abs(got64 - exact), 0.5 + 1e-4 * std::abs(exact)) << x << " * " << real;
    }
  }
}

TEST(MultiplyByQuantizedMultiplierTest, RoundsTwiceLikeTheReferenceKernels) {
  // 1 * 0.3 = 0.3: the high multiply gives round(0.6) = 1, the shift by one then rounds 0.5 up.
  int32_t q;
  int shift;
  QuantizeMultiplier(0.3, &q, &shift);
  EXPECT_EQ(shift, -1);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(1, q, shift), 1);
}

TEST(SaturateCastTest, Clamps) {
  EXPECT_EQ(SaturateCast<int8_t>(300), 127);
  EXPECT_EQ(SaturateCast<int8_t>(-300), -128);
  EXPECT_EQ(SaturateCast<uint8_t>(-1), 0);
  EXPECT_EQ(SaturateCast<int16_t>(1234), 1234);
}

}  // namespace
}  // namespace tfconv
