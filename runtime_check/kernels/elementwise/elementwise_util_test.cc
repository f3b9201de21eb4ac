#include "runtime_check/kernels/elementwise/elementwise_util.h"

#include "gtest/gtest.h"

namespace tfconv {
namespace elementwise {
namespace {

TEST(CheckedLog2Test, PowersOfTwoWithinTheRuntimesTolerance) {
  int l = 0;
  EXPECT_TRUE(CheckedLog2(1.f / 2048, &l));
  EXPECT_EQ(l, -11);
  EXPECT_TRUE(CheckedLog2(0.000244141f, &l));  // 2^-12 as printed in a model dump
  EXPECT_EQ(l, -12);
  EXPECT_TRUE(CheckedLog2(8.f, &l));
  EXPECT_EQ(l, 3);
  EXPECT_FALSE(CheckedLog2(0.0003f, &l));
  EXPECT_FALSE(CheckedLog2(0.f, &l));
  EXPECT_FALSE(CheckedLog2(-0.25f, &l));
}

}  // namespace
}  // namespace elementwise
}  // namespace tfconv
