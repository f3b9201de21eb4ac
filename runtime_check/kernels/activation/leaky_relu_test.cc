#include <cmath>
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "runtime_check/kernels/activation/activation_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::OpTest;
using kernel_test::PerAxisQuant;
using kernel_test::Quant;
using kernel_test::ValuesOf;

using tflite::BuiltinOperator;
using tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterActivationKernels>(); }

tflite::LeakyReluOptionsT Alpha(float alpha) {
  tflite::LeakyReluOptionsT o;
  o.alpha = alpha;
  return o;
}

TEST(LeakyReluTest, Float) {
  OpTest t(BuiltinOperator::LEAKY_RELU, Kernels());
  t.Input<float>(TensorType::FLOAT32, {3}, {-5, 0, 3}).Output(TensorType::FLOAT32).Options(Alpha(0.2f));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{-1, 0, 3}));
}

TEST(LeakyReluTest, Int8ExactHandDerived) {
  // Same scale in and out: alpha 0.25 -> -10 * 0.25 = -2.5 rounds away from zero to -3.
  OpTest t(BuiltinOperator::LEAKY_RELU, Kernels());
  t.Input<int8_t>(TensorType::INT8, {4}, {-10, 7, -4, -128}, Quant(0.5f, 0))
      .Output(TensorType::INT8, Quant(0.5f, 0))
      .Options(Alpha(0.25f));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int8_t>(*y), (std::vector<int8_t>{-3, 7, -1, -32}));
}

TEST(LeakyReluTest, NegativeAlphaKeepsItsSign) {
  OpTest t(BuiltinOperator::LEAKY_RELU, Kernels());
  t.Input<int8_t>(TensorType::INT8, {2}, {-6, 5}, Quant(0.1f, 0))
      .Output(TensorType::INT8, Quant(0.1f, 0))
      .Options(Alpha(-0.5f));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int8_t>(*y), (std::vector<int8_t>{3, 5}));
}

template <typename T>
void SweepAgainstFloat(TensorType type, float si, int zi, float so, int zo, float alpha, int step) {
  std::vector<T> x;
  for (int v = std::numeric_limits<T>::min(); v <= std::numeric_limits<T>::max(); v += step) x.push_back(T(v));
  OpTest t(BuiltinOperator::LEAKY_RELU, Kernels());
  t.Input<T>(type, {static_cast<int32_t>(x.size())}, x, Quant(si, zi))
      .Output(type, Quant(so, zo))
      .Options(Alpha(alpha));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  const std::vector<T> got = ValuesOf<T>(*y);
  for (size_t i = 0; i < x.size(); ++i) {
    const double real = double(si) * (x[i] - zi);
    const double f = real > 0 ? real : real * alpha;
    const double expected = std::clamp(std::round(f / so) + zo, double{std::numeric_limits<T>::min()},
                                       double{std::numeric_limits<T>::max()});
    ASSERT_LE(std::abs(got[i] - expected), 1) << int{x[i]};
  }
}

TEST(LeakyReluTest, QuantizedAgainstFloat) {
  SweepAgainstFloat<int8_t>(TensorType::INT8, 0.07f, -5, 0.05f, 20, 0.3f, 1);
  SweepAgainstFloat<uint8_t>(TensorType::UINT8, 0.02f, 100, 0.03f, 60, 0.1f, 1);
  SweepAgainstFloat<int16_t>(TensorType::INT16, 0.00174882f, 0, 0.00174882f, 0, 0.3f, 3);
  SweepAgainstFloat<int16_t>(TensorType::INT16, 0.001f, 0, 0.0007f, 0, 0.01f, 3);
}

TEST(LeakyReluTest, Int16NeedsZeroPoints) {
  OpTest t(BuiltinOperator::LEAKY_RELU, Kernels());
  t.Input<int16_t>(TensorType::INT16, {1}, {1}, Quant(0.1f, 2))
      .Output(TensorType::INT16, Quant(0.1f, 0))
      .Options(Alpha(0.1f));
  EXPECT_FALSE(t.RunOne().ok());
}

TEST(PreluTest, FloatBroadcastsAlphaPerChannel) {
  OpTest t(BuiltinOperator::PRELU, Kernels());
  t.Input<float>(TensorType::FLOAT32, {2, 3}, {-1, -2, 3, 4, -5, -6})
      .ConstInput<float>(TensorType::FLOAT32, {3}, {0.5f, 2, 0.1f})
      .Output(TensorType::FLOAT32);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{-0.5f, -4, 3, 4, -10, -0.6f}));

  OpTest bad(BuiltinOperator::PRELU, Kernels());
  bad.Input<float>(TensorType::FLOAT32, {3}, {1, 2, 3})
      .ConstInput<float>(TensorType::FLOAT32, {2, 3}, {1, 1, 1, 1, 1, 1})
      .Output(TensorType::FLOAT32);
  EXPECT_FALSE(bad.RunOne().ok());
}

TEST(PreluTest, Int8AgainstFloat) {
  std::vector<int8_t> x;
  for (int v = -128; v < 128; ++v) x.push_back(static_cast<int8_t>(v));
  const std::vector<int8_t> alpha = {-100, 0, 64, 127};
  const float si = 0.05f, sa = 0.004f, so = 0.04f;
  const int zi = 3, za = -20, zo = -7;
  OpTest t(BuiltinOperator::PRELU, Kernels());
  t.Input<int8_t>(TensorType::INT8, {64, 4}, x, Quant(si, zi))
      .ConstInput<int8_t>(TensorType::INT8, {4}, alpha, Quant(sa, za))
      .Output(TensorType::INT8, Quant(so, zo));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  const std::vector<int8_t> got = ValuesOf<int8_t>(*y);
  for (size_t i = 0; i < x.size(); ++i) {
    const double v = double(si) * (x[i] - zi);
    const double a = double(sa) * (alpha[i % 4] - za);
    const double expected = std::clamp(std::round((v >= 0 ? v : v * a) / so) + zo, -128.0, 127.0);
    ASSERT_LE(std::abs(got[i] - expected), 1) << int{x[i]} << " alpha " << int{alpha[i % 4]};
  }
}

}  // namespace
}  // namespace tfconv
