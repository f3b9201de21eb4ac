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

std::vector<float> RunFloat(BuiltinOperator op, const std::vector<float>& x) {
  OpTest t(op, Kernels());
  t.Input<float>(TensorType::FLOAT32, {static_cast<int32_t>(x.size())}, x).Output(TensorType::FLOAT32);
  auto y = t.RunOne();
  EXPECT_TRUE(y.ok()) << y.status();
  return y.ok() ? ValuesOf<float>(*y) : std::vector<float>{};
}

TEST(UnaryMathTest, FloatFunctions) {
  const std::vector<float> x = {0.25f, 1, 4, 9.5f};
  struct Case {
    BuiltinOperator op;
    float (*f)(float);
  };
  const Case cases[] = {
      {BuiltinOperator::EXP, [](float v) { return std::exp(v); }},
      {BuiltinOperator::LOG, [](float v) { return std::log(v); }},
      {BuiltinOperator::SQRT, [](float v) { return std::sqrt(v); }},
      {BuiltinOperator::RSQRT, [](float v) { return 1.f / std::sqrt(v); }},
      {BuiltinOperator::SIN, [](float v) { return std::sin(v); }},
      {BuiltinOperator::COS, [](float v) { return std::cos(v); }},
      {BuiltinOperator::SQUARE, [](float v) { return v * v; }},
      {BuiltinOperator::NEG, [](float v) { return -v; }},
      {BuiltinOperator::ABS, [](float v) { return std::abs(v); }},
  };
  for (const Case& c : cases) {
    const std::vector<float> got = RunFloat(c.op, x);
    ASSERT_EQ(got.size(), x.size()) << tflite::EnumNameBuiltinOperator(c.op);
    for (size_t i = 0; i < x.size(); ++i) EXPECT_EQ(got[i], c.f(x[i])) << tflite::EnumNameBuiltinOperator(c.op);
  }
  EXPECT_EQ(RunFloat(BuiltinOperator::SQRT, {16, 0.25f}), (std::vector<float>{4, 0.5f}));
  EXPECT_EQ(RunFloat(BuiltinOperator::ABS, {-2, 3}), (std::vector<float>{2, 3}));
}

TEST(UnaryMathTest, FloorCeilRoundHalfToEven) {
  const std::vector<float> x = {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 2.6f, -2.4f};
  EXPECT_EQ(RunFloat(BuiltinOperator::FLOOR, x), (std::vector<float>{-3, -2, -1, 0, 1, 2, 2, -3}));
  EXPECT_EQ(RunFloat(BuiltinOperator::CEIL, x), (std::vector<float>{-2, -1, -0.f, 1, 2, 3, 3, -2}));
  EXPECT_EQ(RunFloat(BuiltinOperator::ROUND, x), (std::vector<float>{-2, -2, -0.f, 0, 2, 2, 3, -2}));
}

TEST(UnaryMathTest, SignAndIntegerOps) {
  EXPECT_EQ(RunFloat(BuiltinOperator::SIGN, {-3, 0, 0.5f}), (std::vector<float>{-1, 0, 1}));

  OpTest sign(BuiltinOperator::SIGN, Kernels());
  sign.Input<int32_t>(TensorType::INT32, {3}, {-7, 0, 9}).Output(TensorType::INT32);
  auto y = sign.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int32_t>(*y), (std::vector<int32_t>{-1, 0, 1}));

  OpTest neg(BuiltinOperator::NEG, Kernels());
  neg.Input<int64_t>(TensorType::INT64, {2}, {5, -(int64_t{1} << 40)}).Output(TensorType::INT64);
  y = neg.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int64_t>(*y), (std::vector<int64_t>{-5, int64_t{1} << 40}));

  OpTest abs(BuiltinOperator::ABS, Kernels());
  abs.Input<int32_t>(TensorType::INT32, {2}, {-5, 6}).Output(TensorType::INT32);
  y = abs.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int32_t>(*y), (std::vector<int32_t>{5, 6}));

  OpTest abs16(BuiltinOperator::ABS, Kernels());
  abs16.Input<int16_t>(TensorType::INT16, {2}, {-300, -32768}).Output(TensorType::INT16);
  y = abs16.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int16_t>(*y), (std::vector<int16_t>{300, -32768}));  // wraps as TFLite
}

TEST(UnaryMathTest, QuantizedAbs) {
  // Same scale: |x - zp| + zp_out. Scale 0.1 -> 0.2: halved (ties away from zero).
  OpTest same(BuiltinOperator::ABS, Kernels());
  same.Input<int8_t>(TensorType::INT8, {3}, {-10, 3, 127}, Quant(0.1f, 2)).Output(TensorType::INT8, Quant(0.1f, 2));
  auto y = same.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int8_t>(*y), (std::vector<int8_t>{14, 3, 127}));

  OpTest rescale(BuiltinOperator::ABS, Kernels());
  rescale.Input<int8_t>(TensorType::INT8, {4}, {-10, 3, 5, -128}, Quant(0.1f, 0))
      .Output(TensorType::INT8, Quant(0.2f, -100));
  y = rescale.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int8_t>(*y), (std::vector<int8_t>{-95, -98, -97, -36}));

  OpTest i16(BuiltinOperator::ABS, Kernels());
  i16.Input<int16_t>(TensorType::INT16, {2}, {-1000, 999}, Quant(0.001f, 0))
      .Output(TensorType::INT16, Quant(0.004f, 0));
  y = i16.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int16_t>(*y), (std::vector<int16_t>{250, 250}));
}

TEST(UnaryMathTest, RefusesWhatItDoesNotImplement) {
  OpTest q(BuiltinOperator::EXP, Kernels());
  q.Input<int8_t>(TensorType::INT8, {1}, {1}, Quant(0.1f, 0)).Output(TensorType::INT8, Quant(0.1f, 0));
  auto y = q.RunOne();
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.status().code(), absl::StatusCode::kUnimplemented);

  OpTest i(BuiltinOperator::SQRT, Kernels());
  i.Input<int32_t>(TensorType::INT32, {1}, {4}).Output(TensorType::INT32);
  EXPECT_FALSE(i.RunOne().ok());
}

}  // namespace
}  // namespace tfconv
