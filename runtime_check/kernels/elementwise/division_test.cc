#include <cmath>
#include <cstdint>
#include <limits>
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

TEST(DivTest, FloatWithRelu) {
  tflite::DivOptionsT o;
  o.fused_activation_function = ActivationFunctionType::RELU;
  OpTest t(BuiltinOperator::DIV, Kernels());
  t.Input<float>(TensorType::FLOAT32, {4}, {1, -6, 7, 1})
      .ConstInput<float>(TensorType::FLOAT32, {1}, {2})
      .Output(TensorType::FLOAT32)
      .Options(o);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{0.5f, 0, 3.5f, 0.5f}));
}

TEST(DivTest, FloatInfinityIsClampedLikeTflite) {
  // TFLite clamps float DIV results to [lowest, max] even without an activation.
  OpTest t(BuiltinOperator::DIV, Kernels());
  t.Input<float>(TensorType::FLOAT32, {2}, {1, -1})
      .Input<float>(TensorType::FLOAT32, {2}, {0, 0})
      .Output(TensorType::FLOAT32);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<float>(*y),
            (std::vector<float>{std::numeric_limits<float>::max(), std::numeric_limits<float>::lowest()}));
}

TEST(DivTest, Int32TruncatesAndRefusesZero) {
  OpTest t(BuiltinOperator::DIV, Kernels());
  t.Input<int32_t>(TensorType::INT32, {4}, {7, -7, 7, -2147483647 - 1})
      .Input<int32_t>(TensorType::INT32, {4}, {2, 2, -2, -1})
      .Output(TensorType::INT32);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int32_t>(*y), (std::vector<int32_t>{3, -3, -3, -2147483647 - 1}));

  OpTest zero(BuiltinOperator::DIV, Kernels());
  zero.Input<int32_t>(TensorType::INT32, {2}, {1, 2})
      .Input<int32_t>(TensorType::INT32, {2}, {1, 0})
      .Output(TensorType::INT32);
  auto z = zero.RunOne();
  ASSERT_FALSE(z.ok());
  EXPECT_NE(z.status().message().find("division by zero"), std::string::npos) << z.status();
}

TEST(FloorDivTest, IntegersRoundTowardMinusInfinity) {
  OpTest t(BuiltinOperator::FLOOR_DIV, Kernels());
  t.Input<int32_t>(TensorType::INT32, {5}, {7, -7, 7, -7, 6})
      .Input<int32_t>(TensorType::INT32, {5}, {2, 2, -2, -2, 3})
      .Output(TensorType::INT32);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int32_t>(*y), (std::vector<int32_t>{3, -4, -4, 3, 2}));

  OpTest t8(BuiltinOperator::FLOOR_DIV, Kernels());
  t8.Input<int8_t>(TensorType::INT8, {2}, {-128, -5})
      .Input<int8_t>(TensorType::INT8, {1}, {3})
      .Output(TensorType::INT8);
  y = t8.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int8_t>(*y), (std::vector<int8_t>{-43, -2}));
}

TEST(FloorDivTest, Float) {
  OpTest t(BuiltinOperator::FLOOR_DIV, Kernels());
  t.Input<float>(TensorType::FLOAT32, {3}, {7.5f, -7.5f, 1})
      .Input<float>(TensorType::FLOAT32, {3}, {2, 2, 0})
      .Output(TensorType::FLOAT32);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  const std::vector<float> v = ValuesOf<float>(*y);
  EXPECT_EQ(v[0], 3);
  EXPECT_EQ(v[1], -4);
  EXPECT_TRUE(std::isinf(v[2]));
}

TEST(FloorModTest, TakesTheDivisorsSign) {
  OpTest t(BuiltinOperator::FLOOR_MOD, Kernels());
  t.Input<int32_t>(TensorType::INT32, {5}, {7, -7, 7, -7, 6})
      .Input<int32_t>(TensorType::INT32, {5}, {3, 3, -3, -3, 3})
      .Output(TensorType::INT32);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int32_t>(*y), (std::vector<int32_t>{1, 2, -2, -1, 0}));

  OpTest f(BuiltinOperator::FLOOR_MOD, Kernels());
  f.Input<float>(TensorType::FLOAT32, {3}, {7.5f, -7.5f, 7.5f})
      .Input<float>(TensorType::FLOAT32, {3}, {2, 2, -2})
      .Output(TensorType::FLOAT32);
  y = f.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{1.5f, 0.5f, -0.5f}));

  OpTest zero(BuiltinOperator::FLOOR_MOD, Kernels());
  zero.Input<int64_t>(TensorType::INT64, {1}, {1})
      .Input<int64_t>(TensorType::INT64, {1}, {0})
      .Output(TensorType::INT64);
  EXPECT_FALSE(zero.RunOne().ok());
}

TEST(DivTest, RefusesUnsupported) {
  OpTest t(BuiltinOperator::DIV, Kernels());
  t.Input<int8_t>(TensorType::INT8, {1}, {1}).Input<int8_t>(TensorType::INT8, {1}, {1}).Output(TensorType::INT8);
  EXPECT_FALSE(t.RunOne().ok());
  OpTest q(BuiltinOperator::DIV, Kernels());
  q.Input<uint8_t>(TensorType::UINT8, {1}, {1}, Quant(1, 0))
      .Input<uint8_t>(TensorType::UINT8, {1}, {1}, Quant(1, 0))
      .Output(TensorType::UINT8, Quant(1, 0));
  auto y = q.RunOne();
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.status().code(), absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace tfconv
