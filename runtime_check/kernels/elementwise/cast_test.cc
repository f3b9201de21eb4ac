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

using tflite::BuiltinOperator;
using tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterElementwiseKernels>(); }

template <typename From, typename To>
std::vector<To> Cast(TensorType from, TensorType to, const std::vector<From>& x) {
  OpTest t(BuiltinOperator::CAST, Kernels());
  t.Input<From>(from, {static_cast<int32_t>(x.size())}, x).Output(to);
  auto y = t.RunOne();
  EXPECT_TRUE(y.ok()) << y.status();
  if (!y.ok()) return {};
  EXPECT_EQ(y->type(), to);
  return ValuesOf<To>(*y);
}

TEST(CastTest, FloatToIntegerTruncatesAndSaturates) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ((Cast<float, int8_t>(TensorType::FLOAT32, TensorType::INT8, {2.9f, -2.9f, 300, -1e10f, nan})),
            (std::vector<int8_t>{2, -2, 127, -128, 127}));
  EXPECT_EQ((Cast<float, int32_t>(TensorType::FLOAT32, TensorType::INT32, {3e9f, -3e9f, 2147483520.f})),
            (std::vector<int32_t>{2147483647, -2147483647 - 1, 2147483520}));
  EXPECT_EQ((Cast<float, uint8_t>(TensorType::FLOAT32, TensorType::UINT8, {-1, 255.9f, 256})),
            (std::vector<uint8_t>{0, 255, 255}));
  EXPECT_EQ((Cast<double, int64_t>(TensorType::FLOAT64, TensorType::INT64, {1e30, -7.5})),
            (std::vector<int64_t>{std::numeric_limits<int64_t>::max(), -7}));
}

TEST(CastTest, IntegersWrapAndWiden) {
  EXPECT_EQ((Cast<int32_t, uint8_t>(TensorType::INT32, TensorType::UINT8, {257, -1, 7})),
            (std::vector<uint8_t>{1, 255, 7}));
  EXPECT_EQ((Cast<uint8_t, int32_t>(TensorType::UINT8, TensorType::INT32, {255, 0})), (std::vector<int32_t>{255, 0}));
  EXPECT_EQ((Cast<int8_t, uint16_t>(TensorType::INT8, TensorType::UINT16, {-1})), (std::vector<uint16_t>{65535}));
  EXPECT_EQ((Cast<int64_t, float>(TensorType::INT64, TensorType::FLOAT32, {(int64_t{1} << 40) + 1})),
            (std::vector<float>{1099511627776.f}));
  EXPECT_EQ((Cast<uint32_t, int64_t>(TensorType::UINT32, TensorType::INT64, {4000000000u})),
            (std::vector<int64_t>{4000000000}));
}

TEST(CastTest, Bool) {
  EXPECT_EQ((Cast<float, bool>(TensorType::FLOAT32, TensorType::BOOL, {0, -0.f, 0.1f, NAN})),
            (std::vector<bool>{false, false, true, true}));
  EXPECT_EQ((Cast<bool, float>(TensorType::BOOL, TensorType::FLOAT32, {true, false})), (std::vector<float>{1, 0}));
  EXPECT_EQ((Cast<int16_t, bool>(TensorType::INT16, TensorType::BOOL, {0, -3})), (std::vector<bool>{false, true}));
  EXPECT_EQ((Cast<bool, int64_t>(TensorType::BOOL, TensorType::INT64, {true})), (std::vector<int64_t>{1}));
}

TEST(CastTest, Float16) {
  // 1/3 rounds to 0x3555 = 0.333251953125; 70000 overflows to infinity.
  const std::vector<uint16_t> h =
      Cast<float, uint16_t>(TensorType::FLOAT32, TensorType::FLOAT16, {1.f / 3, 70000, -2, 0.5f});
  EXPECT_EQ(h, (std::vector<uint16_t>{0x3555, 0x7C00, 0xC000, 0x3800}));
  EXPECT_EQ((Cast<uint16_t, float>(TensorType::FLOAT16, TensorType::FLOAT32, {0x3555, 0xC000})),
            (std::vector<float>{0.333251953125f, -2}));
  EXPECT_EQ((Cast<uint16_t, int32_t>(TensorType::FLOAT16, TensorType::INT32, {0x7C00, 0x4900})),
            (std::vector<int32_t>{2147483647, 10}));
}

TEST(CastTest, RefusesUnsupported) {
  OpTest t(BuiltinOperator::CAST, Kernels());
  t.Input<float>(TensorType::FLOAT32, {1}, {1}).Output(TensorType::COMPLEX64);
  EXPECT_FALSE(t.RunOne().ok());
}

}  // namespace
}  // namespace tfconv
