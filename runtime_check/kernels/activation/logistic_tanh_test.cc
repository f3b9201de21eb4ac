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

double Sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

TEST(LogisticTest, Float) {
  OpTest t(BuiltinOperator::LOGISTIC, Kernels());
  const std::vector<float> x = {-20, -2, 0, 1.5f, 20};
  t.Input<float>(TensorType::FLOAT32, {5}, x).Output(TensorType::FLOAT32);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  const std::vector<float> got = ValuesOf<float>(*y);
  for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(got[i], Sigmoid(x[i]), 1e-7) << x[i];
  EXPECT_EQ(got[4], 1.0f);
  EXPECT_EQ(got[0], std::exp(-20.f));
}

TEST(TanhTest, Float) {
  OpTest t(BuiltinOperator::TANH, Kernels());
  t.Input<float>(TensorType::FLOAT32, {3}, {-1, 0, 0.5f}).Output(TensorType::FLOAT32);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{std::tanh(-1.f), 0, std::tanh(0.5f)}));
}

// Every 8-bit input against the float function, within one step (the table is the function rounded).
template <typename T>
void Check8Bit(BuiltinOperator op, TensorType type, float si, int zi, float so, int zo, double (*f)(double)) {
  std::vector<T> x;
  for (int v = std::numeric_limits<T>::min(); v <= std::numeric_limits<T>::max(); ++v) x.push_back(T(v));
  OpTest t(op, Kernels());
  t.Input<T>(type, {static_cast<int32_t>(x.size())}, x, Quant(si, zi)).Output(type, Quant(so, zo));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  const std::vector<T> got = ValuesOf<T>(*y);
  int exact = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double expected = std::clamp(std::round(f(double(si) * (x[i] - zi)) / so) + zo,
                                       double{std::numeric_limits<T>::min()}, double{std::numeric_limits<T>::max()});
    ASSERT_LE(std::abs(got[i] - expected), 1) << int{x[i]};
    exact += got[i] == expected;
  }
  EXPECT_GE(exact, 250);
}

TEST(LogisticTest, EightBitTables) {
  Check8Bit<int8_t>(BuiltinOperator::LOGISTIC, TensorType::INT8, 0.1f, 3, 1.f / 256, -128, Sigmoid);
  Check8Bit<uint8_t>(BuiltinOperator::LOGISTIC, TensorType::UINT8, 0.05f, 128, 1.f / 256, 0, Sigmoid);
}

TEST(LogisticTest, EightBitNeedsOutputScale) {
  OpTest t(BuiltinOperator::LOGISTIC, Kernels());
  t.Input<int8_t>(TensorType::INT8, {1}, {1}, Quant(0.1f, 0)).Output(TensorType::INT8, Quant(1.f / 128, -128));
  EXPECT_FALSE(t.RunOne().ok());
}

TEST(TanhTest, EightBitTables) {
  Check8Bit<int8_t>(BuiltinOperator::TANH, TensorType::INT8, 0.03f, -2, 1.f / 128, 0,
                    [](double v) { return std::tanh(v); });
  Check8Bit<uint8_t>(BuiltinOperator::TANH, TensorType::UINT8, 0.05f, 128, 1.f / 128, 128,
                     [](double v) { return std::tanh(v); });
}

// int16 over the whole input range against the float function in Q0.15; the table interpolation
// is within a few steps.
void Check16Bit(BuiltinOperator op, float si, double (*f)(double), int tolerance) {
  std::vector<int16_t> x;
  for (int v = -32768; v < 32768; v += 7) x.push_back(static_cast<int16_t>(v));
  OpTest t(op, Kernels());
  t.Input<int16_t>(TensorType::INT16, {static_cast<int32_t>(x.size())}, x, Quant(si, 0))
      .Output(TensorType::INT16, Quant(1.f / 32768, 0));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  const std::vector<int16_t> got = ValuesOf<int16_t>(*y);
  double total = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double expected = std::clamp(std::round(f(double(si) * x[i]) * 32768), -32768.0, 32767.0);
    ASSERT_LE(std::abs(got[i] - expected), tolerance) << x[i];
    total += std::abs(got[i] - expected);
  }
  EXPECT_LT(total / x.size(), 1.0);
}

TEST(LogisticTest, Int16PowerOfTwoAndGeneralScales) {
  Check16Bit(BuiltinOperator::LOGISTIC, 1.f / 4096, Sigmoid, 3);
  Check16Bit(BuiltinOperator::LOGISTIC, 0.00031f, Sigmoid, 3);
  Check16Bit(BuiltinOperator::LOGISTIC, 1.f / 8192, Sigmoid, 3);  // power of two, but not 2^-12
}

TEST(TanhTest, Int16PowerOfTwoAndGeneralScales) {
  auto tanh = [](double v) { return std::tanh(v); };
  Check16Bit(BuiltinOperator::TANH, 1.f / 4096, tanh, 3);
  Check16Bit(BuiltinOperator::TANH, 1.f / 2048, tanh, 3);
  Check16Bit(BuiltinOperator::TANH, 0.00042f, tanh, 3);
}

TEST(LogisticTest, Int16ExactPoints) {
  OpTest t(BuiltinOperator::LOGISTIC, Kernels());
  t.Input<int16_t>(TensorType::INT16, {3}, {0, 32767, -32768}, Quant(1.f / 4096, 0))
      .Output(TensorType::INT16, Quant(1.f / 32768, 0));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  // sigmoid(0) = 0.5 -> 16384; sigmoid(+-8) * 32768 = 32757.0 and 10.99.
  EXPECT_EQ(ValuesOf<int16_t>(*y), (std::vector<int16_t>{16384, 32757, 11}));

  OpTest th(BuiltinOperator::TANH, Kernels());
  th.Input<int16_t>(TensorType::INT16, {3}, {0, 32767, -32768}, Quant(1.f / 4096, 0))
      .Output(TensorType::INT16, Quant(1.f / 32768, 0));
  y = th.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  // tanh(+-8) saturates the table: 32767 and -32767.
  EXPECT_EQ(ValuesOf<int16_t>(*y), (std::vector<int16_t>{0, 32767, -32767}));
}

TEST(LogisticTest, Int16RefusesWhatTfliteRefuses) {
  OpTest zp(BuiltinOperator::LOGISTIC, Kernels());
  zp.Input<int16_t>(TensorType::INT16, {1}, {0}, Quant(1.f / 4096, 1)).Output(TensorType::INT16, Quant(1.f / 32768, 0));
  EXPECT_FALSE(zp.RunOne().ok());
  OpTest scale(BuiltinOperator::TANH, Kernels());
  scale.Input<int16_t>(TensorType::INT16, {1}, {0}, Quant(1.f / 4096, 0)).Output(TensorType::INT16, Quant(0.001f, 0));
  EXPECT_FALSE(scale.RunOne().ok());
  OpTest i32(BuiltinOperator::TANH, Kernels());
  i32.Input<int32_t>(TensorType::INT32, {1}, {0}).Output(TensorType::INT32);
  EXPECT_FALSE(i32.RunOne().ok());
}

}  // namespace
}  // namespace tfconv
