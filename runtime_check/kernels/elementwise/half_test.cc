#include "runtime_check/kernels/elementwise/half.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "gtest/gtest.h"

namespace tfconv {
namespace elementwise {
namespace {

TEST(HalfTest, KnownValues) {
  EXPECT_EQ(fp16::FromFloat(1.0f), 0x3C00);
  EXPECT_EQ(fp16::FromFloat(-2.0f), 0xC000);
  EXPECT_EQ(fp16::FromFloat(-0.0f), 0x8000);
  EXPECT_EQ(fp16::FromFloat(65504.f), 0x7BFF);  // largest finite
  EXPECT_EQ(fp16::FromFloat(65519.99f), 0x7BFF);
  EXPECT_EQ(fp16::FromFloat(65520.f), 0x7C00);                         // the tie rounds to even: infinity
  EXPECT_EQ(fp16::FromFloat(std::ldexp(1.f, -24)), 0x0001);            // smallest subnormal
  EXPECT_EQ(fp16::FromFloat(std::ldexp(1.f, -25)), 0x0000);            // a tie rounds to even (zero)
  EXPECT_EQ(fp16::FromFloat(std::ldexp(3.f, -25)), 0x0002);            // a tie rounds to even (2)
  EXPECT_EQ(fp16::FromFloat(std::ldexp(1.f, -14)), 0x0400);            // smallest normal
  EXPECT_EQ(fp16::FromFloat(1.f + std::ldexp(1.f, -11)), 0x3C00);      // tie to even
  EXPECT_EQ(fp16::FromFloat(1.f + 3 * std::ldexp(1.f, -11)), 0x3C02);  // tie to even (up)
  EXPECT_EQ(fp16::FromFloat(std::numeric_limits<float>::quiet_NaN()), 0x7E00);
  EXPECT_EQ(fp16::FromFloat(-std::numeric_limits<float>::infinity()), 0xFC00);
}

TEST(HalfTest, RoundTripsEveryHalf) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const float f = fp16::ToFloat(static_cast<uint16_t>(h));
    const bool nan = (h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0;
    if (nan) {
      EXPECT_TRUE(std::isnan(f)) << h;
      continue;
    }
    ASSERT_EQ(fp16::FromFloat(f), h) << std::hex << h;
  }
  EXPECT_EQ(fp16::ToFloat(0x0001), std::ldexp(1.f, -24));
  EXPECT_EQ(fp16::ToFloat(0x7BFF), 65504.f);
}

TEST(HalfTest, RoundsToNearest) {
  // Every float between two neighbouring halves goes to the nearer one.
  for (uint16_t h = 0x3C00; h < 0x3C40; ++h) {
    const float a = fp16::ToFloat(h), b = fp16::ToFloat(static_cast<uint16_t>(h + 1));
    EXPECT_EQ(fp16::FromFloat(a + (b - a) * 0.49f), h);
    EXPECT_EQ(fp16::FromFloat(a + (b - a) * 0.51f), h + 1);
  }
}

}  // namespace
}  // namespace elementwise
}  // namespace tfconv
