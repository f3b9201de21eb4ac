#include <cmath>
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "runtime_check/kernels/elementwise/elementwise_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::OpTest;
using kernel_test::PerAxisQuant;
using kernel_test::Quant;
using kernel_test::ValuesOf;

using tflite::ActivationFunctionType;
using tflite::BuiltinOperator;
using tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterElementwiseKernels>(); }

tflite::MulOptionsT Opts(ActivationFunctionType act) {
  tflite::MulOptionsT o;
  o.fused_activation_function = act;
  return o;
}

TEST(MulTest, FloatBroadcastsWithReluN1To1) {
  OpTest t(BuiltinOperator::MUL, Kernels());
  t.Input<float>(TensorType::FLOAT32, {2, 1}, {0.5f, -2})
      .Input<float>(TensorType::FLOAT32, {3}, {1, 0.25f, -1})
      .Output(TensorType::FLOAT32)
      .Options(Opts(ActivationFunctionType::RELU_N1_TO_1));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->shape(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{0.5f, 0.125f, -0.5f, -1, -0.5f, 1}));
}

TEST(MulTest, IntegersWrap) {
  OpTest t(BuiltinOperator::MUL, Kernels());
  t.Input<int32_t>(TensorType::INT32, {3}, {3, -4, 65536})
      .Input<int32_t>(TensorType::INT32, {3}, {5, 6, 65536})
      .Output(TensorType::INT32);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int32_t>(*y), (std::vector<int32_t>{15, -24, 0}));

  OpTest t16(BuiltinOperator::MUL, Kernels());
  t16.Input<int16_t>(TensorType::INT16, {2}, {300, -7})
      .Input<int16_t>(TensorType::INT16, {2}, {300, 3})
      .Output(TensorType::INT16);
  y = t16.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int16_t>(*y), (std::vector<int16_t>{static_cast<int16_t>(90000 - 65536), -21}));

  OpTest t64(BuiltinOperator::MUL, Kernels());
  t64.Input<int64_t>(TensorType::INT64, {1}, {int64_t{1} << 33})
      .Input<int64_t>(TensorType::INT64, {1}, {3})
      .Output(TensorType::INT64);
  y = t64.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int64_t>(*y)[0], int64_t{3} << 33);
}

TEST(MulTest, Int8ExactHandDerived) {
  // 0.5 * 0.25 / 0.125 = 1: the product of the offset values is the output.
  OpTest t(BuiltinOperator::MUL, Kernels());
  t.Input<int8_t>(TensorType::INT8, {4}, {3, -4, 13, 127}, Quant(0.5f, 1))
      .Input<int8_t>(TensorType::INT8, {4}, {5, 7, 9, 127}, Quant(0.25f, -1))
      .Output(TensorType::INT8, Quant(0.125f, 2))
      .Options(Opts(ActivationFunctionType::NONE));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  // (3-1)*(5+1)+2 = 14; (-5)*(8)+2 = -38; 12*10+2 = 122; 126*128 saturates.
  EXPECT_EQ(ValuesOf<int8_t>(*y), (std::vector<int8_t>{14, -38, 122, 127}));
}

template <typename T>
void CheckAgainstFloat(TensorType type, float s1, int z1, float s2, int z2, float so, int zo,
                       ActivationFunctionType act) {
  std::vector<T> a, b;
  for (int i = std::numeric_limits<T>::min(); i <= std::numeric_limits<T>::max(); i += 3) {
    for (int j = std::numeric_limits<T>::min(); j <= std::numeric_limits<T>::max(); j += 7) {
      a.push_back(static_cast<T>(i));
      b.push_back(static_cast<T>(j));
    }
  }
  const int n = static_cast<int>(a.size());
  OpTest t(BuiltinOperator::MUL, Kernels());
  t.Input<T>(type, {n}, a, Quant(s1, z1));
  t.Input<T>(type, {n}, b, Quant(s2, z2));
  t.Output(type, Quant(so, zo)).Options(Opts(act));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  const std::vector<T> got = ValuesOf<T>(*y);
  double lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  if (act == ActivationFunctionType::RELU6) {
    lo = std::max(lo, double(zo));
    hi = std::min(hi, zo + std::round(6.0 / so));
  }
  for (int i = 0; i < n; ++i) {
    const double real = double(s1) * (a[i] - z1) * double(s2) * (b[i] - z2);
    const double expected = std::clamp(std::round(real / so) + zo, lo, hi);
    ASSERT_LE(std::abs(got[i] - expected), 1) << int{a[i]} << " * " << int{b[i]};
  }
}

TEST(MulTest, Int8AgainstFloat) {
  CheckAgainstFloat<int8_t>(TensorType::INT8, 0.05f, -3, 0.031f, 10, 0.2f, 5, ActivationFunctionType::NONE);
}

TEST(MulTest, Uint8Relu6AgainstFloat) {
  CheckAgainstFloat<uint8_t>(TensorType::UINT8, 0.02f, 128, 0.03f, 120, 0.05f, 10, ActivationFunctionType::RELU6);
}

TEST(MulTest, Int16QuantizedAgainstFloat) {
  std::vector<int16_t> a, b;
  for (int i = -32768; i < 32768; i += 1021) {
    for (int j = -32768; j < 32768; j += 1531) {
      a.push_back(static_cast<int16_t>(i));
      b.push_back(static_cast<int16_t>(j));
    }
  }
  const int n = static_cast<int>(a.size());
  const float s1 = 1e-3f, s2 = 3e-4f, so = 1.5e-2f;
  OpTest t(BuiltinOperator::MUL, Kernels());
  t.Input<int16_t>(TensorType::INT16, {n}, a, Quant(s1, 0))
      .Input<int16_t>(TensorType::INT16, {n}, b, Quant(s2, 0))
      .Output(TensorType::INT16, Quant(so, 0));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  const std::vector<int16_t> got = ValuesOf<int16_t>(*y);
  for (int i = 0; i < n; ++i) {
    const double expected = std::clamp(std::round(double(s1) * a[i] * s2 * b[i] / so), -32768.0, 32767.0);
    ASSERT_LE(std::abs(got[i] - expected), 1) << a[i] << " * " << b[i];
  }
}

TEST(MulTest, Int16ToInt8LstmPath) {
  // Q0.15 operands: 0.5 * 0.5 = 0.25 = 8192 in Q0.15, divided by 2^8 -> 32; -0.5 * 0.25 -> -16;
  // 1 - 2^-15 squared ~ 1 -> 128, clamped to 127 - zero point.
  OpTest t(BuiltinOperator::MUL, Kernels());
  t.Input<int16_t>(TensorType::INT16, {3}, {16384, -16384, 32767}, Quant(1.f / 32768, 0))
      .Input<int16_t>(TensorType::INT16, {3}, {16384, 8192, 32767}, Quant(1.f / 32768, 0))
      .Output(TensorType::INT8, Quant(1.f / 128, 3));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int8_t>(*y), (std::vector<int8_t>{35, -13, 127}));
}

TEST(MulTest, Int16QuantizedNeedsZeroPoints) {
  OpTest t(BuiltinOperator::MUL, Kernels());
  t.Input<int16_t>(TensorType::INT16, {1}, {1}, Quant(1.f, 1))
      .Input<int16_t>(TensorType::INT16, {1}, {1}, Quant(1.f, 0))
      .Output(TensorType::INT16, Quant(1.f, 0));
  EXPECT_FALSE(t.RunOne().ok());
}

TEST(MulTest, RefusesUnsupportedTypes) {
  OpTest t(BuiltinOperator::MUL, Kernels());
  t.Input<bool>(TensorType::BOOL, {1}, {true}).Input<bool>(TensorType::BOOL, {1}, {true}).Output(TensorType::BOOL);
  EXPECT_FALSE(t.RunOne().ok());
  OpTest mismatch(BuiltinOperator::MUL, Kernels());
  mismatch.Input<float>(TensorType::FLOAT32, {1}, {1})
      .Input<float>(TensorType::FLOAT32, {1}, {1})
      .Output(TensorType::INT32);
  EXPECT_FALSE(mismatch.RunOne().ok());
}

}  // namespace
}  // namespace tfconv
