// The half conversions against known bit patterns, against two deliberately simple independent
// references (an ldexp decoder and a frexp/nearbyint rounding), and exhaustively over every half.
#include "runtime_check/numeric/half.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

uint32_t Bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

// Compares bit patterns, so that -0 and +0 are told apart.
void ExpectSameFloat(float got, float want, const char* what, uint32_t h) {
  EXPECT_EQ(Bits(got), Bits(want)) << what << " 0x" << std::hex << h << ": got " << got << ", want " << want;
}

// Decoding from the definition: (-1)^s * 2^(e-15) * 1.m, or 2^-14 * 0.m for e = 0.
float ReferenceHalfToFloat(uint16_t bits) {
  const int sign = (bits >> 15) & 1;
  const int exponent = (bits >> 10) & 0x1f;
  const int mantissa = bits & 0x3ff;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);
  } else if (exponent == 31) {
    magnitude = mantissa == 0 ? std::numeric_limits<float>::infinity() : std::nanf("");
  } else {
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400), exponent - 25);
  }
  return sign ? -magnitude : magnitude;
}

// Rounding from the definition: a half holds 11 significant bits, so in [2^(e-1), 2^e) its step is
// 2^(e-11), and below 2^-14 the step stays 2^-24. Scaling by a power of two is exact.
float ReferenceRoundToHalf(float f) {
  if (!std::isfinite(f)) return f;
  if (std::fabs(f) >= 65520.0f) return std::copysign(std::numeric_limits<float>::infinity(), f);
  int exponent = 0;
  std::frexp(std::fabs(f), &exponent);
  const int step_exponent = std::max(exponent, -13) - 11;
  const double steps = std::nearbyint(std::ldexp(static_cast<double>(f), -step_exponent));
  return static_cast<float>(std::ldexp(steps, step_exponent));
}

TEST(HalfTest, KnownBitPatterns) {
  EXPECT_EQ(HalfToFloat(0x3C00), 1.0f);
  EXPECT_EQ(HalfToFloat(0xC000), -2.0f);
  EXPECT_EQ(HalfToFloat(0x3555), 0.333251953125f);
  EXPECT_EQ(HalfToFloat(0x0001), std::ldexp(1.0f, -24));  // smallest subnormal
  EXPECT_EQ(HalfToFloat(0x7BFF), 65504.0f);               // largest finite
  EXPECT_EQ(HalfToFloat(0x7C00), std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(HalfToFloat(0x7E00)));

  EXPECT_EQ(FloatToHalf(1.0f), 0x3C00);
  EXPECT_EQ(FloatToHalf(-2.0f), 0xC000);
  EXPECT_EQ(FloatToHalf(-0.0f), 0x8000);
  EXPECT_EQ(FloatToHalf(0.1f), 0x2E66);
  EXPECT_EQ(FloatToHalf(65504.f), 0x7BFF);
  EXPECT_EQ(FloatToHalf(65519.99f), 0x7BFF);
  EXPECT_EQ(FloatToHalf(65520.f), 0x7C00);                         // the tie rounds to even: infinity
  EXPECT_EQ(FloatToHalf(std::ldexp(1.f, -24)), 0x0001);            // smallest subnormal
  EXPECT_EQ(FloatToHalf(std::ldexp(1.f, -25)), 0x0000);            // a tie rounds to even (zero)
  EXPECT_EQ(FloatToHalf(std::ldexp(3.f, -25)), 0x0002);            // a tie rounds to even (2)
  EXPECT_EQ(FloatToHalf(std::ldexp(1.f, -14)), 0x0400);            // smallest normal
  EXPECT_EQ(FloatToHalf(1.f + std::ldexp(1.f, -11)), 0x3C00);      // tie, even stays
  EXPECT_EQ(FloatToHalf(1.f + 3 * std::ldexp(1.f, -11)), 0x3C02);  // tie, odd rounds up
  EXPECT_EQ(FloatToHalf(std::numeric_limits<float>::quiet_NaN()), 0x7E00);
  EXPECT_EQ(FloatToHalf(-std::numeric_limits<float>::infinity()), 0xFC00);
}

TEST(HalfTest, EveryHalfDecodesAsTheDefinitionAndRoundTrips) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const float f = HalfToFloat(static_cast<uint16_t>(h));
    const float want = ReferenceHalfToFloat(static_cast<uint16_t>(h));
    const bool nan = (h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0;
    if (nan) {
      ASSERT_TRUE(std::isnan(f)) << std::hex << h;
      ASSERT_TRUE(std::isnan(RoundToHalf(f))) << std::hex << h;
      continue;
    }
    ASSERT_EQ(Bits(f), Bits(want)) << std::hex << h;
    ASSERT_EQ(FloatToHalf(f), h) << std::hex << h;
    ExpectSameFloat(RoundToHalf(f), f, "half", h);
  }
}

TEST(HalfTest, MidpointsTieToEvenAndNeighboursRoundToNearest) {
  for (uint32_t sign : {0u, 0x8000u}) {
    // Consecutive finite halves h and h+1 of one sign (0x7BFF is the largest finite one).
    for (uint32_t h = sign; h < sign + 0x7BFF; ++h) {
      const float lo = HalfToFloat(static_cast<uint16_t>(h));
      const float hi = HalfToFloat(static_cast<uint16_t>(h + 1));
      const float mid = static_cast<float>((static_cast<double>(lo) + hi) / 2);  // exact in float
      const float even = (h & 1) == 0 ? lo : hi;
      ExpectSameFloat(RoundToHalf(mid), even, "midpoint after half", h);
      ExpectSameFloat(RoundToHalf(std::nextafter(mid, lo)), lo, "below the midpoint after half", h);
      ExpectSameFloat(RoundToHalf(std::nextafter(mid, hi)), hi, "above the midpoint after half", h);
    }
  }
}

TEST(HalfTest, RoundsToNearest) {
  // Every float between two neighbouring halves goes to the nearer one.
  for (uint16_t h = 0x3C00; h < 0x3C40; ++h) {
    const float a = HalfToFloat(h), b = HalfToFloat(static_cast<uint16_t>(h + 1));
    EXPECT_EQ(FloatToHalf(a + (b - a) * 0.49f), h);
    EXPECT_EQ(FloatToHalf(a + (b - a) * 0.51f), h + 1);
  }
}

TEST(HalfTest, RoundingAgreesWithTheDefinitionOnRandomFloats) {
  std::mt19937 rng(16);
  std::uniform_int_distribution<uint32_t> bits;
  for (int i = 0; i < 200000; ++i) {
    uint32_t b = bits(rng);
    // Mostly magnitudes a half can hold (exponents -30..20), some from the whole float range.
    if (i % 4 != 0) b = (b & 0x807FFFFFu) | ((97 + (b >> 23) % 51) << 23);
    float f;
    std::memcpy(&f, &b, sizeof f);
    if (std::isnan(f)) continue;
    ExpectSameFloat(RoundToHalf(f), ReferenceRoundToHalf(f), "float with bits", b);
  }
}

TEST(HalfTest, OverflowAndSpecialValues) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(RoundToHalf(65504.0f), 65504.0f);
  EXPECT_EQ(RoundToHalf(65519.996f), 65504.0f);
  EXPECT_EQ(RoundToHalf(65520.0f), inf);  // the tie goes to the even "65536", which overflows
  EXPECT_EQ(RoundToHalf(-1e6f), -inf);
  EXPECT_EQ(RoundToHalf(inf), inf);
  EXPECT_TRUE(std::isnan(RoundToHalf(std::nanf(""))));
  EXPECT_EQ(RoundToHalf(0.1f), 0.0999755859375f);
  EXPECT_EQ(RoundToHalf(1e-8f), 0.0f);  // below half of the smallest subnormal (2^-25)
  EXPECT_EQ(Bits(RoundToHalf(-1e-8f)), Bits(-0.0f));
  EXPECT_EQ(RoundToHalf(std::ldexp(1.0f, -24)), std::ldexp(1.0f, -24));
}

}  // namespace
}  // namespace tfconv
