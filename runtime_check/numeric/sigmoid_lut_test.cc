// The table against the function it samples, and the interpolating lookups against double
// precision over every int16 input.
#include "runtime_check/numeric/sigmoid_lut.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

int Q15(double v) { return static_cast<int>(std::lround(std::min(32767.0, v * 32768.0))); }
double Sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

TEST(SigmoidLutTest, TableSamplesSigmoidOfIOver24) {
  for (int i = 0; i < 255; ++i) {
    EXPECT_NEAR(kSigmoidTableQ16[i], std::round(65536 * Sigmoid(i / 24.0)), 1) << i;
    EXPECT_LE(kSigmoidTableQ16[i], kSigmoidTableQ16[i + 1]) << i;
  }
  EXPECT_EQ(kSigmoidTableQ16[0], 32768);
  EXPECT_EQ(kSigmoidTableQ16[255], 65535);
}

TEST(SigmoidLutTest, LookUpTableFunctions) {
  // 1024 in Q3.12 is 0.25: input 3 * 1024 = 3072 reads entry 6 (sigmoid(6/24)) with no fraction:
  // (36843 << 9 + 512) >> 10 = 18422.
  EXPECT_EQ(LutLogistic(1024, 0, 0), 18422);
  EXPECT_EQ(LutLogistic(0, 0, 0), 16384);
  EXPECT_EQ(LutTanh(0, 0, 0), 0);
  int worst_sigmoid = 0, worst_tanh = 0;
  for (int v = -32768; v <= 32767; ++v) {
    worst_sigmoid = std::max(worst_sigmoid, std::abs(LutLogistic(v, 0, 0) - Q15(Sigmoid(v / 4096.0))));
    worst_tanh = std::max(worst_tanh, std::abs(LutTanh(v, 0, 0) - Q15(std::tanh(v / 4096.0))));
  }
  EXPECT_LE(worst_sigmoid, 1);
  EXPECT_LE(worst_tanh, 1);
  // A power-of-two scale other than 2^-12: input with 4 integer bits (shift 1, multiplier 6).
  for (int v = -30000; v <= 30000; v += 777) {
    EXPECT_NEAR(LutTanh(v, 0, 1), Q15(std::tanh(v / 2048.0)), 1) << v;
  }
  // Negative shift handled by the caller as multiplier 3 with a rounding right shift (the input
  // loses 3 bits, hence the wider bound).
  for (int v = -30000; v <= 30000; v += 777) {
    EXPECT_NEAR(LutTanh(v, 3, 3), Q15(std::tanh(v / 32768.0)), 3) << v;
  }
}

}  // namespace
}  // namespace tfconv
