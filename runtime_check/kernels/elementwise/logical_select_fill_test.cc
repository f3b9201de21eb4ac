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
using V = std::vector<bool>;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterElementwiseKernels>(); }

TEST(LogicalTest, AndOrBroadcastAndNot) {
  OpTest a(BuiltinOperator::LOGICAL_AND, Kernels());
  a.Input<bool>(TensorType::BOOL, {2, 2}, {true, false, true, true})
      .Input<bool>(TensorType::BOOL, {2}, {true, false})
      .Output(TensorType::BOOL);
  auto y = a.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<bool>(*y), (V{true, false, true, false}));

  OpTest o(BuiltinOperator::LOGICAL_OR, Kernels());
  o.Input<bool>(TensorType::BOOL, {3}, {true, false, false})
      .Input<bool>(TensorType::BOOL, {}, {false})
      .Output(TensorType::BOOL);
  y = o.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<bool>(*y), (V{true, false, false}));

  OpTest n(BuiltinOperator::LOGICAL_NOT, Kernels());
  n.Input<bool>(TensorType::BOOL, {2}, {true, false}).Output(TensorType::BOOL);
  y = n.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<bool>(*y), (V{false, true}));

  OpTest bad(BuiltinOperator::LOGICAL_AND, Kernels());
  bad.Input<int32_t>(TensorType::INT32, {1}, {1}).Input<int32_t>(TensorType::INT32, {1}, {1}).Output(TensorType::BOOL);
  EXPECT_FALSE(bad.RunOne().ok());
}

TEST(SelectTest, V1SameShapeRowsAndScalar) {
  OpTest same(BuiltinOperator::SELECT, Kernels());
  same.Input<bool>(TensorType::BOOL, {3}, {true, false, true})
      .Input<float>(TensorType::FLOAT32, {3}, {1, 2, 3})
      .Input<float>(TensorType::FLOAT32, {3}, {-1, -2, -3})
      .Output(TensorType::FLOAT32);
  auto y = same.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{1, -2, 3}));

  OpTest rows(BuiltinOperator::SELECT, Kernels());
  rows.Input<bool>(TensorType::BOOL, {2}, {false, true})
      .Input<int32_t>(TensorType::INT32, {2, 2}, {1, 2, 3, 4})
      .Input<int32_t>(TensorType::INT32, {2, 2}, {5, 6, 7, 8})
      .Output(TensorType::INT32);
  y = rows.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int32_t>(*y), (std::vector<int32_t>{5, 6, 3, 4}));

  OpTest scalar(BuiltinOperator::SELECT, Kernels());
  scalar.Input<bool>(TensorType::BOOL, {}, {false})
      .Input<int8_t>(TensorType::INT8, {2}, {1, 2})
      .Input<int8_t>(TensorType::INT8, {2}, {3, 4})
      .Output(TensorType::INT8);
  y = scalar.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int8_t>(*y), (std::vector<int8_t>{3, 4}));

  OpTest bad(BuiltinOperator::SELECT, Kernels());
  bad.Input<bool>(TensorType::BOOL, {3}, {true, true, true})
      .Input<float>(TensorType::FLOAT32, {2}, {1, 2})
      .Input<float>(TensorType::FLOAT32, {2}, {1, 2})
      .Output(TensorType::FLOAT32);
  EXPECT_FALSE(bad.RunOne().ok());
}

TEST(SelectTest, V2BroadcastsAllThree) {
  OpTest t(BuiltinOperator::SELECT_V2, Kernels());
  t.Input<bool>(TensorType::BOOL, {2, 1}, {true, false})
      .Input<float>(TensorType::FLOAT32, {1, 3}, {1, 2, 3})
      .Input<float>(TensorType::FLOAT32, {}, {0})
      .Output(TensorType::FLOAT32);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->shape(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{1, 2, 3, 0, 0, 0}));

  OpTest types(BuiltinOperator::SELECT_V2, Kernels());
  types.Input<bool>(TensorType::BOOL, {1}, {true})
      .Input<float>(TensorType::FLOAT32, {1}, {1})
      .Input<int32_t>(TensorType::INT32, {1}, {1})
      .Output(TensorType::FLOAT32);
  EXPECT_FALSE(types.RunOne().ok());
}

TEST(FillTest, ShapesFromInt32AndInt64) {
  OpTest t(BuiltinOperator::FILL, Kernels());
  t.Input<int32_t>(TensorType::INT32, {2}, {2, 3})
      .Input<float>(TensorType::FLOAT32, {}, {1.5f})
      .Output(TensorType::FLOAT32);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->shape(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(ValuesOf<float>(*y), std::vector<float>(6, 1.5f));

  OpTest t64(BuiltinOperator::FILL, Kernels());
  t64.Input<int64_t>(TensorType::INT64, {1}, {3}).Input<bool>(TensorType::BOOL, {}, {true}).Output(TensorType::BOOL);
  y = t64.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<bool>(*y), (V{true, true, true}));

  OpTest negative(BuiltinOperator::FILL, Kernels());
  negative.Input<int32_t>(TensorType::INT32, {2}, {2, -1})
      .Input<float>(TensorType::FLOAT32, {}, {0})
      .Output(TensorType::FLOAT32);
  EXPECT_FALSE(negative.RunOne().ok());

  OpTest huge(BuiltinOperator::FILL, Kernels());
  huge.Input<int64_t>(TensorType::INT64, {3}, {1 << 20, 1 << 20, 1 << 20})
      .Input<float>(TensorType::FLOAT32, {}, {0})
      .Output(TensorType::FLOAT32);
  EXPECT_FALSE(huge.RunOne().ok());
}

TEST(ZerosLikeTest, KeepsTypeAndShape) {
  OpTest t(BuiltinOperator::ZEROS_LIKE, Kernels());
  t.Input<int64_t>(TensorType::INT64, {2, 2}, {1, 2, 3, 4}).Output(TensorType::INT64);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->shape(), (std::vector<int32_t>{2, 2}));
  EXPECT_EQ(ValuesOf<int64_t>(*y), std::vector<int64_t>(4, 0));
}

}  // namespace
}  // namespace tfconv
