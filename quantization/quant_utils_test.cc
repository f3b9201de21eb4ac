// Expected values are derived by hand from the quantization spec (real = (q - zero_point) * scale,
// ranges widened to contain 0, symmetric int8 in [-127, 127], rounding half away from zero); most
// inputs are chosen so that the scale is a power of two and every product is exact.
#include "quantization/quant_utils.h"

#include <cstdint>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using ::testing::ElementsAre;
using ::testing::FloatEq;

TEST(AsymmetricParams, Int8RangeAroundZero) {
  // [-1, 3]: scale 4/255; zero point -128 + 1/(4/255) = -64.25 -> -64.
  AffineParams p = AsymmetricParams(-1.0f, 3.0f, tflite::TensorType::INT8);
  EXPECT_FLOAT_EQ(p.scale, 4.0f / 255.0f);
  EXPECT_EQ(p.zero_point, -64);
}

TEST(AsymmetricParams, RangeIsWidenedToContainZero) {
  // [0.5, 2] -> [0, 2]: zero sits on qmin.
  AffineParams p = AsymmetricParams(0.5f, 2.0f, tflite::TensorType::INT8);
  EXPECT_FLOAT_EQ(p.scale, 2.0f / 255.0f);
  EXPECT_EQ(p.zero_point, -128);
  // [-2, -1] -> [-2, 0] in uint8: zero sits on qmax.
  AffineParams u = AsymmetricParams(-2.0f, -1.0f, tflite::TensorType::UINT8);
  EXPECT_FLOAT_EQ(u.scale, 2.0f / 255.0f);
  EXPECT_EQ(u.zero_point, 255);
}

TEST(AsymmetricParams, ZeroPointOfSymmetricRangeUsesFloatScale) {
  // [-1, 1]: the float scale 2/255 rounds up (0.0078431377), so 1/scale = 127.49999...:
  // int8 -128 + 127.49999 = -0.50001 -> -1; uint8 0 + 127.49999 -> 127.
  AffineParams p = AsymmetricParams(-1.0f, 1.0f, tflite::TensorType::INT8);
  EXPECT_FLOAT_EQ(p.scale, 2.0f / 255.0f);
  EXPECT_GT(static_cast<double>(p.scale), 2.0 / 255.0);
  EXPECT_EQ(p.zero_point, -1);
  EXPECT_EQ(AsymmetricParams(-1.0f, 1.0f, tflite::TensorType::UINT8).zero_point, 127);
  // uint8 [-1, 3]: 1/(4/255) = 63.75 -> 64.
  EXPECT_EQ(AsymmetricParams(-1.0f, 3.0f, tflite::TensorType::UINT8).zero_point, 64);
}

TEST(AsymmetricParams, DegenerateRangeGetsTinyNonZeroScale) {
  // [0, 0] is widened to [-5e-7, 5e-7] as the official quantizer does.
  AffineParams p = AsymmetricParams(0.0f, 0.0f, tflite::TensorType::INT8);
  EXPECT_NEAR(p.scale, 1e-6 / 255, 1e-15);
  EXPECT_GE(p.zero_point, -1);
  EXPECT_LE(p.zero_point, 0);
}

TEST(SymmetricParams, ScaleIsHalfRangeOverQmax) {
  AffineParams p = SymmetricParams(-3.0f, 2.0f, 127);
  EXPECT_FLOAT_EQ(p.scale, 3.0f / 127.0f);
  EXPECT_EQ(p.zero_point, 0);
  EXPECT_FLOAT_EQ(SymmetricParams(-0.5f, 1.0f, 32767).scale, 1.0f / 32767.0f);
  EXPECT_GT(SymmetricParams(0.0f, 0.0f, 127).scale, 0.0f);
}

TEST(QuantizeSymmetric, PerTensorRoundsHalfAwayFromZero) {
  // Range 127: scale 1, so the codes are the rounded values: 2.5 -> 3, -0.5 -> -1.
  std::vector<float> v = {-127.0f, 2.5f, -0.5f, 126.4f};
  std::vector<int32_t> shape = {4};
  absl::StatusOr<QuantizedWeights> q = QuantizeSymmetric(v, shape, -1);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_THAT(q->values, ElementsAre(-127, 3, -1, 126));
  EXPECT_THAT(q->scales, ElementsAre(FloatEq(1.0f)));
  EXPECT_THAT(q->mins, ElementsAre(FloatEq(-127.0f)));
  EXPECT_THAT(q->maxs, ElementsAre(FloatEq(126.4f)));
}

TEST(QuantizeSymmetric, PerTensorGeneralScale) {
  // Range 2: scale 2/127; 1 * 63.5 -> 64 (within float error either way rounds to 64), -2 -> -127.
  std::vector<float> v = {-2.0f, 1.0f, 0.0f, 0.1f};
  std::vector<int32_t> shape = {2, 2};
  absl::StatusOr<QuantizedWeights> q = QuantizeSymmetric(v, shape, -1);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_THAT(q->values, ElementsAre(-127, 64, 0, 6));  // 0.1 * 63.5 = 6.35 -> 6
  EXPECT_THAT(q->scales, ElementsAre(FloatEq(2.0f / 127.0f)));
}

TEST(QuantizeSymmetric, PerChannelAlongFirstDimension) {
  // Row 0 range 127 (scale 1), row 1 range 63.5 (scale 0.5, inverse 2).
  std::vector<float> v = {127.0f, -50.2f, 0.5f,  //
                          -63.5f, 10.25f, 1.25f};
  std::vector<int32_t> shape = {2, 3};
  absl::StatusOr<QuantizedWeights> q = QuantizeSymmetric(v, shape, 0);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_THAT(q->values, ElementsAre(127, -50, 1, -127, 21, 3));
  EXPECT_THAT(q->scales, ElementsAre(FloatEq(1.0f), FloatEq(0.5f)));
  EXPECT_THAT(q->mins, ElementsAre(FloatEq(-50.2f), FloatEq(-63.5f)));
  EXPECT_THAT(q->maxs, ElementsAre(FloatEq(127.0f), FloatEq(10.25f)));
}

TEST(QuantizeSymmetric, PerChannelAlongLastDimension) {
  // Depthwise layout [1, 3, 2]: channels are the columns.
  std::vector<float> v = {127.0f, -63.5f,  //
                          1.5f, 10.25f,    //
                          -0.5f, 1.25f};
  std::vector<int32_t> shape = {1, 3, 2};
  absl::StatusOr<QuantizedWeights> q = QuantizeSymmetric(v, shape, 2);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_THAT(q->values, ElementsAre(127, -127, 2, 21, -1, 3));
  EXPECT_THAT(q->scales, ElementsAre(FloatEq(1.0f), FloatEq(0.5f)));
  EXPECT_THAT(q->mins, ElementsAre(FloatEq(-0.5f), FloatEq(-63.5f)));
  EXPECT_THAT(q->maxs, ElementsAre(FloatEq(127.0f), FloatEq(10.25f)));
}

TEST(QuantizeSymmetric, ZeroChannelGetsTinyScaleAndZeroCodes) {
  std::vector<float> v = {1.0f, -1.0f, 0.0f, 0.0f};
  std::vector<int32_t> shape = {2, 2};
  absl::StatusOr<QuantizedWeights> q = QuantizeSymmetric(v, shape, 0);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_THAT(q->values, ElementsAre(127, -127, 0, 0));
  EXPECT_FLOAT_EQ(q->scales[0], 1.0f / 127.0f);
  EXPECT_NEAR(q->scales[1], 1e-6 / 254, 1e-15);
}

TEST(QuantizeSymmetric, RejectsBadInput) {
  std::vector<float> v = {1.0f, 2.0f, 3.0f};
  std::vector<int32_t> two_by_two = {2, 2};
  EXPECT_FALSE(QuantizeSymmetric(v, two_by_two, -1).ok());  // 3 values for 4 elements
  std::vector<int32_t> three = {3};
  EXPECT_FALSE(QuantizeSymmetric(v, three, 1).ok());  // no dimension 1
  std::vector<float> nan = {1.0f, std::nanf(""), 0.0f};
  absl::StatusOr<QuantizedWeights> q = QuantizeSymmetric(nan, three, -1);
  ASSERT_FALSE(q.ok());
  EXPECT_THAT(std::string(q.status().message()), ::testing::HasSubstr("element 1"));
}

TEST(QuantizeSymmetric16, ScaleAndCodes) {
  std::vector<float> v = {-32767.0f, 1.5f, 0.0f, -2.5f};
  float scale = 0;
  std::vector<int16_t> q = QuantizeSymmetric16(v, &scale);
  EXPECT_FLOAT_EQ(scale, 1.0f);
  EXPECT_THAT(q, ElementsAre(-32767, 2, 0, -3));
}

TEST(QuantizeBias, PerTensorScaleIsInputTimesWeight) {
  // scale 0.5 * 0.25 = 0.125: 1 -> 8, -2.5 -> -20, 0.3 -> 2.4 -> 2, 0.1875 -> 1.5 -> 2.
  std::vector<float> bias = {1.0f, -2.5f, 0.3f, 0.1875f, -0.1875f};
  std::vector<float> ws = {0.25f};
  EXPECT_THAT(QuantizeBias32(bias, 0.5f, ws), ElementsAre(8, -20, 2, 2, -2));
  EXPECT_THAT(QuantizeBias64(bias, 0.5f, ws), ElementsAre(8, -20, 2, 2, -2));
}

TEST(QuantizeBias, PerChannel) {
  // scales 0.125, 0.25, 0.5.
  std::vector<float> bias = {1.0f, -2.5f, 0.3f};
  std::vector<float> ws = {0.25f, 0.5f, 1.0f};
  EXPECT_THAT(QuantizeBias32(bias, 0.5f, ws), ElementsAre(8, -10, 1));
}

TEST(QuantizeBias, SaturatesSymmetrically) {
  std::vector<float> bias = {1e10f, -1e10f};
  std::vector<float> ws = {1.0f};
  EXPECT_THAT(QuantizeBias32(bias, 1.0f, ws), ElementsAre(2147483647, -2147483647));
  EXPECT_THAT(QuantizeBias64(bias, 1.0f, ws), ElementsAre(10000000000LL, -10000000000LL));
}

TEST(Half, KnownBitPatterns) {
  EXPECT_EQ(FloatToHalf(1.0f), 0x3C00);
  EXPECT_EQ(FloatToHalf(0.1f), 0x2E66);
  EXPECT_EQ(FloatToHalf(-2.0f), 0xC000);
  EXPECT_EQ(FloatToHalf(65504.0f), 0x7BFF);
  EXPECT_EQ(FloatToHalf(65520.0f), 0x7C00);  // rounds to infinity
  EXPECT_EQ(HalfToFloat(0x3555), 0.333251953125f);
}

}  // namespace
}  // namespace tfconv
