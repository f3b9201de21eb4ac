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

std::vector<float> RunFloat(BuiltinOperator op, const std::vector<float>& x) {
  OpTest t(op, Kernels());
  t.Input<float>(TensorType::FLOAT32, {static_cast<int32_t>(x.size())}, x).Output(TensorType::FLOAT32);
  auto y = t.RunOne();
  EXPECT_TRUE(y.ok()) << y.status();
  return y.ok() ? ValuesOf<float>(*y) : std::vector<float>{};
}

template <typename T>
absl::StatusOr<std::vector<T>> RunQuantized(BuiltinOperator op, TensorType type, const std::vector<T>& x,
                                            TflQuantization in, TflQuantization out) {
  OpTest t(op, Kernels());
  t.Input<T>(type, {static_cast<int32_t>(x.size())}, x, in).Output(type, out);
  auto y = t.RunOne();
  if (!y.ok()) return y.status();
  return ValuesOf<T>(*y);
}

TEST(ReluTest, Float) {
  const std::vector<float> x = {-3, -0.5f, 0.5f, 2, 7};
  EXPECT_EQ(RunFloat(BuiltinOperator::RELU, x), (std::vector<float>{0, 0, 0.5f, 2, 7}));
  EXPECT_EQ(RunFloat(BuiltinOperator::RELU6, x), (std::vector<float>{0, 0, 0.5f, 2, 6}));
  EXPECT_EQ(RunFloat(BuiltinOperator::RELU_N1_TO_1, x), (std::vector<float>{-1, -0.5f, 0.5f, 1, 1}));
  EXPECT_EQ(RunFloat(BuiltinOperator::RELU_0_TO_1, x), (std::vector<float>{0, 0, 0.5f, 1, 1}));
  EXPECT_TRUE(std::isnan(RunFloat(BuiltinOperator::RELU, {NAN})[0]));
  EXPECT_EQ(RunFloat(BuiltinOperator::RELU6, {NAN})[0], 0.f);
}

TEST(ReluTest, Int8RescalesOntoTheOutput) {
  // in: scale 0.5, zero point -10; out: scale 0.25, zero point -128. out = -128 + 2 * (x + 10).
  auto y = RunQuantized<int8_t>(BuiltinOperator::RELU, TensorType::INT8, {-20, -10, 0, 50, 127}, Quant(0.5f, -10),
                                Quant(0.25f, -128));
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(*y, (std::vector<int8_t>{-128, -128, -108, -8, 127}));
}

TEST(ReluTest, Uint8Relu6ClampsAtQuantizedSix) {
  // in: 0.1, zp 128; out: 0.05, zp 0 -> out = 2 * (x - 128), clamped to [0, 120].
  auto y = RunQuantized<uint8_t>(BuiltinOperator::RELU6, TensorType::UINT8, {100, 150, 190, 200}, Quant(0.1f, 128),
                                 Quant(0.05f, 0));
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(*y, (std::vector<uint8_t>{0, 44, 120, 120}));
}

TEST(ReluTest, Int16) {
  // in: 0.001; out: 0.002 -> halved, ties away from zero.
  auto y = RunQuantized<int16_t>(BuiltinOperator::RELU, TensorType::INT16, {3, -3, 32767, 1}, Quant(0.001f, 0),
                                 Quant(0.002f, 0));
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(*y, (std::vector<int16_t>{2, 0, 16384, 1}));
  auto relu6 =
      RunQuantized<int16_t>(BuiltinOperator::RELU6, TensorType::INT16, {7000, -5}, Quant(0.001f, 0), Quant(0.001f, 0));
  ASSERT_TRUE(relu6.ok()) << relu6.status();
  EXPECT_EQ(*relu6, (std::vector<int16_t>{6000, 0}));
  EXPECT_FALSE(
      (RunQuantized<int16_t>(BuiltinOperator::RELU, TensorType::INT16, {1}, Quant(0.001f, 1), Quant(0.001f, 0))).ok());
  EXPECT_FALSE(
      (RunQuantized<int16_t>(BuiltinOperator::RELU_N1_TO_1, TensorType::INT16, {1}, Quant(0.001f, 0), Quant(0.001f, 0)))
          .ok());
}

TEST(ReluTest, BoundedVariantsQuantized) {
  auto n1 = RunQuantized<int8_t>(BuiltinOperator::RELU_N1_TO_1, TensorType::INT8, {100, -100, 10}, Quant(1.f / 64, 0),
                                 Quant(1.f / 64, 0));
  ASSERT_TRUE(n1.ok()) << n1.status();
  EXPECT_EQ(*n1, (std::vector<int8_t>{64, -64, 10}));
  auto z1 = RunQuantized<uint8_t>(BuiltinOperator::RELU_0_TO_1, TensorType::UINT8, {250, 20}, Quant(1.f / 200, 0),
                                  Quant(1.f / 200, 0));
  ASSERT_TRUE(z1.ok()) << z1.status();
  EXPECT_EQ(*z1, (std::vector<uint8_t>{200, 20}));
}

TEST(ReluTest, RefusesUnsupported) {
  OpTest t(BuiltinOperator::RELU, Kernels());
  t.Input<int32_t>(TensorType::INT32, {1}, {1}).Output(TensorType::INT32);
  EXPECT_FALSE(t.RunOne().ok());
  OpTest unquantized(BuiltinOperator::RELU, Kernels());
  unquantized.Input<int8_t>(TensorType::INT8, {1}, {1}).Output(TensorType::INT8);
  EXPECT_FALSE(unquantized.RunOne().ok());
}

}  // namespace
}  // namespace tfconv
