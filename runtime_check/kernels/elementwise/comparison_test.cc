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

using tflite::BuiltinOperator;
using tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterElementwiseKernels>(); }

template <typename T>
std::vector<bool> Compare(BuiltinOperator op, TensorType type, std::vector<int32_t> sa, std::vector<T> a,
                          std::vector<int32_t> sb, std::vector<T> b, std::optional<TflQuantization> qa = std::nullopt,
                          std::optional<TflQuantization> qb = std::nullopt) {
  OpTest t(op, Kernels());
  t.Input<T>(type, sa, a, qa);
  t.Input<T>(type, sb, b, qb);
  t.Output(TensorType::BOOL);
  auto y = t.RunOne();
  EXPECT_TRUE(y.ok()) << y.status();
  if (!y.ok()) return {};
  EXPECT_EQ(y->type(), TensorType::BOOL);
  return ValuesOf<bool>(*y);
}

TEST(ComparisonTest, FloatBroadcastsEveryOperator) {
  const std::vector<float> a = {1, 2, 3};
  const std::vector<float> b = {2};
  using V = std::vector<bool>;
  EXPECT_EQ(Compare<float>(BuiltinOperator::LESS, TensorType::FLOAT32, {3}, a, {1}, b), (V{true, false, false}));
  EXPECT_EQ(Compare<float>(BuiltinOperator::LESS_EQUAL, TensorType::FLOAT32, {3}, a, {1}, b), (V{true, true, false}));
  EXPECT_EQ(Compare<float>(BuiltinOperator::GREATER, TensorType::FLOAT32, {3}, a, {1}, b), (V{false, false, true}));
  EXPECT_EQ(Compare<float>(BuiltinOperator::GREATER_EQUAL, TensorType::FLOAT32, {3}, a, {1}, b),
            (V{false, true, true}));
  EXPECT_EQ(Compare<float>(BuiltinOperator::EQUAL, TensorType::FLOAT32, {3}, a, {1}, b), (V{false, true, false}));
  EXPECT_EQ(Compare<float>(BuiltinOperator::NOT_EQUAL, TensorType::FLOAT32, {3}, a, {1}, b), (V{true, false, true}));
}

TEST(ComparisonTest, IntegersAndBool) {
  using V = std::vector<bool>;
  EXPECT_EQ(Compare<int32_t>(BuiltinOperator::EQUAL, TensorType::INT32, {2, 2}, {1, 2, 3, 4}, {2}, {1, 4}),
            (V{true, false, false, true}));
  EXPECT_EQ(Compare<int64_t>(BuiltinOperator::GREATER, TensorType::INT64, {2}, {int64_t{1} << 40, -1}, {2}, {0, 0}),
            (V{true, false}));
  EXPECT_EQ(Compare<int16_t>(BuiltinOperator::LESS, TensorType::INT16, {2}, {-5, 5}, {}, {0}), (V{true, false}));
  EXPECT_EQ(Compare<bool>(BuiltinOperator::NOT_EQUAL, TensorType::BOOL, {3}, {true, false, true}, {1}, {true}),
            (V{false, true, false}));

  OpTest less_bool(BuiltinOperator::LESS, Kernels());
  less_bool.Input<bool>(TensorType::BOOL, {1}, {true})
      .Input<bool>(TensorType::BOOL, {1}, {false})
      .Output(TensorType::BOOL);
  EXPECT_FALSE(less_bool.RunOne().ok());
}

TEST(ComparisonTest, QuantizedOperandsCompareByRealValue) {
  using V = std::vector<bool>;
  // a: scale 0.5, zero point 2 -> {1.0, 1.5, 2.0}; b: scale 0.25, zero point -4 -> 1.5.
  const std::vector<int8_t> a = {4, 5, 6};
  const std::vector<int8_t> b = {2};
  EXPECT_EQ(Compare<int8_t>(BuiltinOperator::EQUAL, TensorType::INT8, {3}, a, {1}, b, Quant(0.5f, 2), Quant(0.25f, -4)),
            (V{false, true, false}));
  EXPECT_EQ(Compare<int8_t>(BuiltinOperator::LESS, TensorType::INT8, {3}, a, {1}, b, Quant(0.5f, 2), Quant(0.25f, -4)),
            (V{true, false, false}));
  // uint8: 0.1 * (130 - 128) = 0.2 vs 0.05 * (4 - 0) = 0.2 (within the 2^-8 steps of the comparison).
  EXPECT_EQ(Compare<uint8_t>(BuiltinOperator::GREATER_EQUAL, TensorType::UINT8, {2}, {130, 129}, {1}, {4},
                             Quant(0.1f, 128), Quant(0.05f, 0)),
            (V{true, false}));
  // Without quantization the stored integers compare.
  EXPECT_EQ(Compare<int8_t>(BuiltinOperator::GREATER, TensorType::INT8, {2}, {-1, 3}, {1}, {0}), (V{false, true}));
}

TEST(ComparisonTest, RefusesMixedTypes) {
  OpTest t(BuiltinOperator::EQUAL, Kernels());
  t.Input<float>(TensorType::FLOAT32, {1}, {1}).Input<int32_t>(TensorType::INT32, {1}, {1}).Output(TensorType::BOOL);
  EXPECT_FALSE(t.RunOne().ok());
}

}  // namespace
}  // namespace tfconv
