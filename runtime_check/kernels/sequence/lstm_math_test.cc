#include "runtime_check/kernels/sequence/lstm_math.h"

#include <cmath>
#include <cstdlib>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

int Q15(double v) { return static_cast<int>(std::lround(std::min(32767.0, v * 32768.0))); }
double Sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// The fixed-point functions against double precision over every int16 input. The bounds are the
// accuracy of the runtime's algorithms (gemmlowp's 16-bit polynomial/Newton steps lose a few bits;
// the interpolated table is within one unit).
TEST(LstmMathTest, GemmlowpLogisticIsCloseToSigmoid) {
  EXPECT_EQ(GemmlowpLogistic(0), 16384);
  int worst = 0;
  for (int v = -32768; v <= 32767; ++v)
    worst = std::max(worst, std::abs(GemmlowpLogistic(v) - Q15(Sigmoid(v / 4096.0))));
  EXPECT_LE(worst, 6);
  EXPECT_GT(GemmlowpLogistic(32767), 32700);
  EXPECT_LT(GemmlowpLogistic(-32768), 60);
}

TEST(LstmMathTest, GemmlowpTanhIsCloseToTanhForEveryIntegerBits) {
  for (int bits = 0; bits <= 6; ++bits) {
    EXPECT_EQ(GemmlowpTanh(bits, 0), 0);
    int worst = 0;
    for (int v = -32768; v <= 32767; ++v) {
      const double x = v / std::ldexp(1.0, 15 - bits);
      worst = std::max(worst, std::abs(GemmlowpTanh(bits, v) - Q15(std::tanh(x))));
      // Odd function (up to the asymmetric int16 range).
      if (v > -32768) {
        ASSERT_EQ(GemmlowpTanh(bits, v), -GemmlowpTanh(bits, -v)) << bits << " " << v;
      }
    }
    EXPECT_LE(worst, 12) << "integer bits " << bits;
  }
}

TEST(LstmMathTest, LookUpTableFunctions) {
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

TEST(LstmMathTest, InverseSquareRoot) {
  for (int32_t in : {2, 3, 100, 4096, 65537, 1 << 20, 123456789, (1 << 30) + 7}) {
    int32_t m;
    int shift;
    InvSqrtQuantizedMultiplierExp(in, -1, &m, &shift);
    const double value = m * std::ldexp(1.0, shift - 31);
    EXPECT_NEAR(value * std::sqrt(static_cast<double>(in)), 1.0, 2e-6) << in;
  }
  int32_t m;
  int shift;
  InvSqrtQuantizedMultiplierExp(1, -1, &m, &shift);
  EXPECT_EQ(m, 2147483647);
  EXPECT_EQ(shift, 0);
}

TEST(LstmMathTest, CheckedLog2) {
  int l;
  EXPECT_TRUE(CheckedLog2(1.f / 2048, &l));
  EXPECT_EQ(l, -11);
  EXPECT_TRUE(CheckedLog2(0.000244141f, &l));  // 2^-12 as printed in a model dump
  EXPECT_EQ(l, -12);
  EXPECT_FALSE(CheckedLog2(0.0003f, &l));
}

}  // namespace
}  // namespace tfconv
