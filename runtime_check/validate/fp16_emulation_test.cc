// RoundToHalf against every half value, decoded by the validators' independent HalfToFloat: each
// half is kept exactly, the midpoints between neighbours go to the even one, and values just off a
// midpoint go to the nearer neighbour.
#include "runtime_check/validate/fp16_emulation.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "gtest/gtest.h"
#include "runtime_check/compare/tensor_io.h"

namespace tfconv {
namespace {

uint32_t Bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

// Compares bit patterns, so that -0 and +0 are told apart.
void ExpectSameFloat(float got, float want, const char* what, uint32_t h) {
  EXPECT_EQ(Bits(got), Bits(want)) << what << " of half 0x" << std::hex << h << ": got " << got << ", want " << want;
}

TEST(RoundToHalfTest, EveryHalfIsKept) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const float f = HalfToFloat(static_cast<uint16_t>(h));
    if (std::isnan(f)) {
      EXPECT_TRUE(std::isnan(RoundToHalf(f)));
      continue;
    }
    ExpectSameFloat(RoundToHalf(f), f, "value", h);
  }
}

TEST(RoundToHalfTest, MidpointsTieToEvenAndNeighboursRoundToNearest) {
  for (uint32_t sign : {0u, 0x8000u}) {
    // Consecutive finite halves h and h+1 of one sign (0x7bff is the largest finite one).
    for (uint32_t h = sign; h < sign + 0x7bff; ++h) {
      const float lo = HalfToFloat(static_cast<uint16_t>(h));
      const float hi = HalfToFloat(static_cast<uint16_t>(h + 1));
      const float mid = static_cast<float>((static_cast<double>(lo) + hi) / 2);  // exact in float
      const float even = (h & 1) == 0 ? lo : hi;
      ExpectSameFloat(RoundToHalf(mid), even, "midpoint", h);
      ExpectSameFloat(RoundToHalf(std::nextafter(mid, lo)), lo, "below midpoint", h);
      ExpectSameFloat(RoundToHalf(std::nextafter(mid, hi)), hi, "above midpoint", h);
    }
  }
}

TEST(RoundToHalfTest, OverflowAndSpecialValues) {
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

TEST(RoundToHalfTest, TensorOnlyFloat32) {
  RtTensor f = RtTensor::Make(tflite::TensorType::FLOAT32, {2});
  f.mutable_data<float>()[0] = 0.1f;
  f.mutable_data<float>()[1] = 1.0f;
  RoundTensorToHalf(f);
  EXPECT_EQ(f.data<float>()[0], 0.0999755859375f);
  EXPECT_EQ(f.data<float>()[1], 1.0f);
  RtTensor i = RtTensor::Make(tflite::TensorType::INT32, {1});
  i.mutable_data<int32_t>()[0] = 123457;
  RoundTensorToHalf(i);
  EXPECT_EQ(i.data<int32_t>()[0], 123457);
}

}  // namespace
}  // namespace tfconv
