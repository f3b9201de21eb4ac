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

using tflite::BuiltinOperator;
using tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterElementwiseKernels>(); }

TEST(PowTest, FloatAndInt) {
  OpTest f(BuiltinOperator::POW, Kernels());
  f.Input<float>(TensorType::FLOAT32, {3}, {2, 9, 4})
      .Input<float>(TensorType::FLOAT32, {3}, {3, 0.5f, -1})
      .Output(TensorType::FLOAT32);
  auto y = f.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{8, 3, 0.25f}));

  OpTest i(BuiltinOperator::POW, Kernels());
  i.Input<int32_t>(TensorType::INT32, {4}, {2, -3, 7, 2})
      .Input<int32_t>(TensorType::INT32, {4}, {10, 3, 0, 32})
      .Output(TensorType::INT32);
  y = i.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int32_t>(*y), (std::vector<int32_t>{1024, -27, 1, 0}));  // 2^32 wraps to 0

  OpTest neg(BuiltinOperator::POW, Kernels());
  neg.Input<int32_t>(TensorType::INT32, {1}, {2})
      .Input<int32_t>(TensorType::INT32, {1}, {-1})
      .Output(TensorType::INT32);
  EXPECT_FALSE(neg.RunOne().ok());
}

// atan2 in all four quadrants and on the axes, against the angles known by hand.
TEST(Atan2Test, QuadrantsAndAxes) {
  OpTest t(BuiltinOperator::ATAN2, Kernels());
  t.Input<float>(TensorType::FLOAT32, {2, 3}, {1, 1, -1, -1, 0, 2})
      .Input<float>(TensorType::FLOAT32, {2, 3}, {1, -1, -1, 1, -3, 0})
      .Output(TensorType::FLOAT32);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  const double pi = 3.14159265358979323846;
  const std::vector<double> want = {pi / 4, 3 * pi / 4, -3 * pi / 4, -pi / 4, pi, pi / 2};
  const std::vector<float> got = ValuesOf<float>(*y);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-6) << i;

  OpTest broadcast(BuiltinOperator::ATAN2, Kernels());  // TFLite's kernel does not broadcast
  broadcast.Input<float>(TensorType::FLOAT32, {2}, {1, 2})
      .Input<float>(TensorType::FLOAT32, {1}, {1})
      .Output(TensorType::FLOAT32);
  EXPECT_FALSE(broadcast.RunOne().ok());
}

TEST(AddNTest, SumsThreeInputs) {
  OpTest f(BuiltinOperator::ADD_N, Kernels());
  f.Input<float>(TensorType::FLOAT32, {2, 2}, {1, 2, 3, 4})
      .Input<float>(TensorType::FLOAT32, {2, 2}, {0.5f, -2, 0, 10})
      .Input<float>(TensorType::FLOAT32, {2, 2}, {0.25f, 0, -3, 1})
      .Output(TensorType::FLOAT32);
  auto y = f.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{1.75f, 0, 0, 15}));

  OpTest i(BuiltinOperator::ADD_N, Kernels());
  i.Input<int32_t>(TensorType::INT32, {2}, {2147483647, 5})
      .Input<int32_t>(TensorType::INT32, {2}, {1, -7})
      .Output(TensorType::INT32);
  y = i.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int32_t>(*y), (std::vector<int32_t>{-2147483647 - 1, -2}));  // wraps

  OpTest mixed(BuiltinOperator::ADD_N, Kernels());
  mixed.Input<float>(TensorType::FLOAT32, {2}, {1, 2})
      .Input<float>(TensorType::FLOAT32, {1}, {1})
      .Output(TensorType::FLOAT32);
  EXPECT_FALSE(mixed.RunOne().ok());
}

TEST(SquaredDifferenceTest, FloatAndInt) {
  OpTest f(BuiltinOperator::SQUARED_DIFFERENCE, Kernels());
  f.Input<float>(TensorType::FLOAT32, {2, 2}, {1, 2, 3, 4})
      .Input<float>(TensorType::FLOAT32, {2}, {0.5f, 4})
      .Output(TensorType::FLOAT32);
  auto y = f.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{0.25f, 4, 6.25f, 0}));

  OpTest i(BuiltinOperator::SQUARED_DIFFERENCE, Kernels());
  i.Input<int32_t>(TensorType::INT32, {2}, {-3, 10})
      .Input<int32_t>(TensorType::INT32, {2}, {4, 10})
      .Output(TensorType::INT32);
  y = i.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int32_t>(*y), (std::vector<int32_t>{49, 0}));

  OpTest q(BuiltinOperator::SQUARED_DIFFERENCE, Kernels());
  q.Input<int8_t>(TensorType::INT8, {1}, {1}, Quant(1, 0))
      .Input<int8_t>(TensorType::INT8, {1}, {1}, Quant(1, 0))
      .Output(TensorType::INT8, Quant(1, 0));
  auto r = q.RunOne();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnimplemented);
}

TEST(MaximumMinimumTest, BroadcastOverTypes) {
  OpTest f(BuiltinOperator::MAXIMUM, Kernels());
  f.Input<float>(TensorType::FLOAT32, {2, 2}, {1, -2, 3, -4})
      .Input<float>(TensorType::FLOAT32, {}, {0})
      .Output(TensorType::FLOAT32);
  auto y = f.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{1, 0, 3, 0}));

  OpTest i8(BuiltinOperator::MINIMUM, Kernels());
  i8.Input<int8_t>(TensorType::INT8, {3}, {-128, 5, 127}, Quant(0.1f, 3))
      .Input<int8_t>(TensorType::INT8, {1}, {4}, Quant(0.1f, 3))
      .Output(TensorType::INT8, Quant(0.1f, 3));
  y = i8.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int8_t>(*y), (std::vector<int8_t>{-128, 4, 4}));

  OpTest i64(BuiltinOperator::MAXIMUM, Kernels());
  i64.Input<int64_t>(TensorType::INT64, {2}, {int64_t{1} << 40, -1})
      .Input<int64_t>(TensorType::INT64, {2}, {3, -7})
      .Output(TensorType::INT64);
  y = i64.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int64_t>(*y), (std::vector<int64_t>{int64_t{1} << 40, -1}));

  OpTest u8(BuiltinOperator::MINIMUM, Kernels());
  u8.Input<uint8_t>(TensorType::UINT8, {2}, {200, 3})
      .Input<uint8_t>(TensorType::UINT8, {2}, {100, 4})
      .Output(TensorType::UINT8);
  y = u8.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<uint8_t>(*y), (std::vector<uint8_t>{100, 3}));

  OpTest bad(BuiltinOperator::MAXIMUM, Kernels());
  bad.Input<bool>(TensorType::BOOL, {1}, {true}).Input<bool>(TensorType::BOOL, {1}, {false}).Output(TensorType::BOOL);
  EXPECT_FALSE(bad.RunOne().ok());
}

}  // namespace
}  // namespace tfconv
