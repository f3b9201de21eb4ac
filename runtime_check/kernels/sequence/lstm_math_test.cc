#include "runtime_check/kernels/sequence/lstm_math.h"

#include <cmath>
#include <cstdlib>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

int Q15(double v) { return static_cast<int>(std::lround(std::min(32767.0, v * 32768.0))); }
double Sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// The fixed-point functions against double precision over every int16 input. The bounds are the
// accuracy of the runtime's algorithms (gemmlowp's 16-bit polynomial/Newton steps lose a few bits).
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

}  // namespace
}  // namespace tfconv
