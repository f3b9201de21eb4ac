// Hand-derived values for the pass's own arithmetic.
#include "quantization/full_integer/quant_arith.h"

#include <cmath>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using ::testing::ElementsAre;

TEST(QuantArithTest, PowerOfTwoScaleCoversTheRange) {
  EXPECT_EQ(PowerOfTwoScale(0, 0.42435f), 1.0f / 32768);   // 2^0 >= 0.42
  EXPECT_EQ(PowerOfTwoScale(0, 1.3112f), 2.0f / 32768);    // 2^1 >= 1.31
  EXPECT_EQ(PowerOfTwoScale(-3, 2), 4.0f / 32768);         // |min| counts
  EXPECT_EQ(PowerOfTwoScale(0, 4), 4.0f / 32768);          // exactly a power of two
  EXPECT_EQ(PowerOfTwoScale(0, 5000), 1024.0f / 32768);    // capped at 2^10
  EXPECT_EQ(PowerOfTwoScale(0, 0), 1.0f / 32768);
}

TEST(QuantArithTest, QuantizeWithScalesPerChannel) {
  const std::vector<float> v = {1, -2, 0.5f, 4};
  // Rows are channels (dimension 0): row 0 at 0.5, row 1 at 1; 0.5 / 1 rounds away from zero.
  EXPECT_THAT(QuantizeWithScales8(v, {2, 2}, 0, {0.5f, 1}), ElementsAre(2, -4, 1, 4));
  // Columns are channels (dimension 1).
  EXPECT_THAT(QuantizeWithScales8(v, {2, 2}, 1, {0.5f, 1}), ElementsAre(2, -2, 1, 4));
  // One scale: per tensor; saturation at +-127 (never -128).
  EXPECT_THAT(QuantizeWithScales8({1000, -1000, 0}, {3}, -1, {1}), ElementsAre(127, -127, 0));
}

TEST(QuantArithTest, QuantizePerChannelMultipliesBy127OverTheRange) {
  // Row 0: max|x| = 2, x * 63.5; row 1: max|x| = 4, x * 31.75 (rounded half away from zero).
  EXPECT_THAT(QuantizePerChannel8({1, -2, 0.5f, 4}, {2, 2}, 0, {-2, 0.5f}, {1, 4}),
              ElementsAre(64, -127, 16, 127));
  EXPECT_THAT(QuantizePerChannel8({0, 0}, {2, 1}, 0, {0, 0}, {0, 0}), ElementsAre(0, 0));
}

TEST(QuantArithTest, QuantizeAffine) {
  // The official concat test's constant {0, 5} in the output's scale 10/255, zero point -128:
  // 5 * 25.5 = 127.5 rounds away to 128, then + (-128) = 0.
  EXPECT_THAT(QuantizeAffine({0, 5}, 10.0f / 255, -128, -128, 127), ElementsAre(-128, 0));
  EXPECT_THAT(QuantizeAffine({-100, 100}, 0.5f, 10, -128, 127), ElementsAre(-128, 127));
  EXPECT_THAT(QuantizeAffine({1.0f}, 0.0f, 3, -128, 127), ElementsAre(3));  // zero scale: zp
}

TEST(QuantArithTest, QuantizeInt16WithScale) {
  EXPECT_THAT(QuantizeInt16WithScale({1.0f, -0.5f, 100.0f, -100.0f}, 1.0f / 512),
              ElementsAre(512, -256, 32767, -32767));
}

TEST(QuantArithTest, WeightScaleGrowsWhenTheBiasWouldOverflow) {
  // Bias scale 1e-3 * 1e-3 = 1e-6: half the int32 range holds |b| < 1073.74.
  std::vector<float> scales = {1e-3f};
  EXPECT_FALSE(AdjustWeightScalesForBias({1000.0f, -500.0f}, 1e-3f, scales));
  EXPECT_EQ(scales[0], 1e-3f);
  // |b| = 2000 needs 2 * 2000 / (2^31 - 1) / 1e-3 = 1.862645e-3.
  EXPECT_TRUE(AdjustWeightScalesForBias({2000.0f, -10.0f}, 1e-3f, scales));
  EXPECT_NEAR(scales[0], 1.862645e-3, 1e-9);
  // Per channel only the channel that overflows changes.
  std::vector<float> per_channel = {1e-3f, 1e-3f};
  EXPECT_TRUE(AdjustWeightScalesForBias({10.0f, -2000.0f}, 1e-3f, per_channel));
  EXPECT_EQ(per_channel[0], 1e-3f);
  EXPECT_NEAR(per_channel[1], 1.862645e-3, 1e-9);
}

TEST(QuantArithTest, ReadFloatConstant) {
  TflModel m;
  const std::vector<float> values = {1.5f, -2};
  TflTensor t{.name = "w", .type = tflite::TensorType::FLOAT32, .shape = {2}};
  t.buffer = m.AddBuffer(BytesOf(values));
  absl::StatusOr<std::vector<float>> got = ReadFloatConstant(m, t);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(*got, ElementsAre(1.5f, -2));
  t.shape = {3};
  EXPECT_FALSE(ReadFloatConstant(m, t).ok());
  t.type = tflite::TensorType::INT8;
  EXPECT_FALSE(ReadFloatConstant(m, t).ok());
  t.buffer = 0;
  t.type = tflite::TensorType::FLOAT32;
  EXPECT_FALSE(ReadFloatConstant(m, t).ok());
}

}  // namespace
}  // namespace tfconv
