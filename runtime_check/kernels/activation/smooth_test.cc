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

double Elu(double v) { return v < 0 ? std::expm1(v) : v; }
double Gelu(double v) { return 0.5 * v * std::erfc(-v / std::sqrt(2.0)); }
double GeluTanh(double v) { return 0.5 * v * (1 + std::tanh(std::sqrt(2 / M_PI) * (v + 0.044715 * v * v * v))); }
double HardSwish(double v) { return v * std::min(6.0, std::max(0.0, v + 3)) / 6; }

std::vector<float> RunFloat(BuiltinOperator op, const std::vector<float>& x, bool approximate = false) {
  OpTest t(op, Kernels());
  t.Input<float>(TensorType::FLOAT32, {static_cast<int32_t>(x.size())}, x).Output(TensorType::FLOAT32);
  if (op == BuiltinOperator::GELU) {
    tflite::GeluOptionsT o;
    o.approximate = approximate;
    t.Options(o);
  }
  auto y = t.RunOne();
  EXPECT_TRUE(y.ok()) << y.status();
  return y.ok() ? ValuesOf<float>(*y) : std::vector<float>{};
}

TEST(SmoothTest, Float) {
  const std::vector<float> x = {-4, -1, -0.25f, 0, 0.5f, 2, 5};
  const std::vector<float> elu = RunFloat(BuiltinOperator::ELU, x);
  const std::vector<float> gelu = RunFloat(BuiltinOperator::GELU, x);
  const std::vector<float> gelu_tanh = RunFloat(BuiltinOperator::GELU, x, /*approximate=*/true);
  const std::vector<float> hard_swish = RunFloat(BuiltinOperator::HARD_SWISH, x);
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR(elu[i], Elu(x[i]), 1e-6);
    EXPECT_NEAR(gelu[i], Gelu(x[i]), 1e-6);
    EXPECT_NEAR(gelu_tanh[i], GeluTanh(x[i]), 1e-6);
    EXPECT_NEAR(hard_swish[i], HardSwish(x[i]), 1e-6);
  }
  EXPECT_NE(gelu[1], gelu_tanh[1]);  // the option selects the formula
}

template <typename T>
void Check8Bit(BuiltinOperator op, TensorType type, float si, int zi, float so, int zo, double (*f)(double),
               bool approximate, int tolerance) {
  std::vector<T> x;
  for (int v = std::numeric_limits<T>::min(); v <= std::numeric_limits<T>::max(); ++v) x.push_back(T(v));
  OpTest t(op, Kernels());
  t.Input<T>(type, {static_cast<int32_t>(x.size())}, x, Quant(si, zi)).Output(type, Quant(so, zo));
  if (op == BuiltinOperator::GELU) {
    tflite::GeluOptionsT o;
    o.approximate = approximate;
    t.Options(o);
  }
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  const std::vector<T> got = ValuesOf<T>(*y);
  for (size_t i = 0; i < x.size(); ++i) {
    const double expected = std::clamp(std::round(f(double(si) * (x[i] - zi)) / so) + zo,
                                       double{std::numeric_limits<T>::min()}, double{std::numeric_limits<T>::max()});
    ASSERT_LE(std::abs(got[i] - expected), tolerance) << int{x[i]};
  }
}

TEST(SmoothTest, EluInt8Table) {
  Check8Bit<int8_t>(BuiltinOperator::ELU, TensorType::INT8, 0.05f, 10, 0.03f, 40, Elu, false, 1);
  OpTest t(BuiltinOperator::ELU, Kernels());
  t.Input<uint8_t>(TensorType::UINT8, {1}, {1}, Quant(0.1f, 0)).Output(TensorType::UINT8, Quant(0.1f, 0));
  EXPECT_FALSE(t.RunOne().ok());
}

TEST(SmoothTest, GeluTables) {
  Check8Bit<int8_t>(BuiltinOperator::GELU, TensorType::INT8, 0.04f, 0, 0.03f, -60, Gelu, false, 1);
  Check8Bit<uint8_t>(BuiltinOperator::GELU, TensorType::UINT8, 0.04f, 128, 0.03f, 10, GeluTanh, true, 1);
}

TEST(SmoothTest, HardSwishFixedPoint) {
  Check8Bit<int8_t>(BuiltinOperator::HARD_SWISH, TensorType::INT8, 0.05f, 0, 0.04f, -30, HardSwish, false, 1);
  Check8Bit<uint8_t>(BuiltinOperator::HARD_SWISH, TensorType::UINT8, 0.1f, 128, 0.05f, 70, HardSwish, false, 1);
  Check8Bit<int8_t>(BuiltinOperator::HARD_SWISH, TensorType::INT8, 0.5f, -20, 0.45f, -128, HardSwish, false, 1);
}

}  // namespace
}  // namespace tfconv
