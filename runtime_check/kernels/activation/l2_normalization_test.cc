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

TEST(L2NormalizationTest, Float) {
  OpTest t(BuiltinOperator::L2_NORMALIZATION, Kernels());
  t.Input<float>(TensorType::FLOAT32, {2, 3}, {1, 2, 2, 0, 0, 0}).Output(TensorType::FLOAT32);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  const std::vector<float> got = ValuesOf<float>(*y);
  EXPECT_NEAR(got[0], 1.f / 3, 1e-7);
  EXPECT_NEAR(got[1], 2.f / 3, 1e-7);
  EXPECT_NEAR(got[2], 2.f / 3, 1e-7);
  EXPECT_EQ(got[3], 0.f);  // an all-zero row stays zero (the norm is floored at 1e-6)
}

template <typename T>
void CheckAgainstFloat(TensorType type, float si, int zi, int zo, int depth) {
  std::vector<T> x;
  uint32_t s = 7;
  for (int i = 0; i < depth * 50; ++i) {
    s = s * 1103515245u + 12345u;
    x.push_back(static_cast<T>(std::numeric_limits<T>::min() + (s >> 8) % 256));
  }
  OpTest t(BuiltinOperator::L2_NORMALIZATION, Kernels());
  t.Input<T>(type, {50, depth}, x, Quant(si, zi)).Output(type, Quant(1.f / 128, zo));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  const std::vector<T> got = ValuesOf<T>(*y);
  for (int r = 0; r < 50; ++r) {
    double norm = 0;
    for (int i = 0; i < depth; ++i) norm += std::pow(double(x[r * depth + i] - zi), 2);
    norm = std::sqrt(norm);
    for (int i = 0; i < depth; ++i) {
      const double v = norm == 0 ? 0 : (x[r * depth + i] - zi) / norm;
      const double expected = std::clamp(std::round(v * 128) + zo, double{std::numeric_limits<T>::min()},
                                         double{std::numeric_limits<T>::max()});
      ASSERT_LE(std::abs(got[r * depth + i] - expected), 1) << "row " << r << " element " << i;
    }
  }
}

TEST(L2NormalizationTest, QuantizedAgainstFloat) {
  CheckAgainstFloat<int8_t>(TensorType::INT8, 0.1f, 3, 0, 8);
  CheckAgainstFloat<uint8_t>(TensorType::UINT8, 0.02f, 128, 128, 5);
  CheckAgainstFloat<int8_t>(TensorType::INT8, 0.1f, 0, 0, 300);
}

TEST(L2NormalizationTest, RefusesWhatTfliteRefuses) {
  OpTest scale(BuiltinOperator::L2_NORMALIZATION, Kernels());
  scale.Input<int8_t>(TensorType::INT8, {1, 2}, {1, 2}, Quant(0.1f, 0)).Output(TensorType::INT8, Quant(1.f / 64, 0));
  EXPECT_FALSE(scale.RunOne().ok());
  tflite::L2NormOptionsT relu;
  relu.fused_activation_function = tflite::ActivationFunctionType::RELU;
  OpTest act(BuiltinOperator::L2_NORMALIZATION, Kernels());
  act.Input<float>(TensorType::FLOAT32, {1, 2}, {1, 2}).Output(TensorType::FLOAT32).Options(relu);
  auto y = act.RunOne();
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.status().code(), absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace tfconv
