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

tflite::SoftmaxOptionsT Beta(float beta) {
  tflite::SoftmaxOptionsT o;
  o.beta = beta;
  return o;
}

// Softmax (or log-softmax) of each row of `depth` reals.
std::vector<double> Reference(const std::vector<double>& x, int depth, double beta, bool log) {
  std::vector<double> y(x.size());
  for (size_t r = 0; r < x.size() / depth; ++r) {
    double max = -1e300, sum = 0;
    for (int i = 0; i < depth; ++i) max = std::max(max, x[r * depth + i]);
    for (int i = 0; i < depth; ++i) sum += std::exp(beta * (x[r * depth + i] - max));
    for (int i = 0; i < depth; ++i) {
      const double z = beta * (x[r * depth + i] - max);
      y[r * depth + i] = log ? z - std::log(sum) : std::exp(z) / sum;
    }
  }
  return y;
}

TEST(SoftmaxTest, FloatLastAxisWithBeta) {
  const std::vector<float> x = {1, 2, 3, -1, 0, 5};
  OpTest t(BuiltinOperator::SOFTMAX, Kernels());
  t.Input<float>(TensorType::FLOAT32, {2, 1, 3}, x).Output(TensorType::FLOAT32).Options(Beta(0.5f));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->shape(), (std::vector<int32_t>{2, 1, 3}));
  const std::vector<double> expected = Reference(std::vector<double>(x.begin(), x.end()), 3, 0.5, false);
  const std::vector<float> got = ValuesOf<float>(*y);
  for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(got[i], expected[i], 1e-6);
}

// Pseudo-random rows of quantized inputs.
template <typename T>
std::vector<T> Rows(int n, int seed) {
  std::vector<T> x(n);
  uint32_t s = 12345u + seed;
  for (int i = 0; i < n; ++i) {
    s = s * 1103515245u + 12345u;
    x[i] = static_cast<T>(std::numeric_limits<T>::min() +
                          (s >> 8) % (int(std::numeric_limits<T>::max()) - std::numeric_limits<T>::min() + 1));
  }
  return x;
}

template <typename In, typename Out>
void CheckQuantizedSoftmax(TensorType in_type, TensorType out_type, float si, int zi, float so, int zo, float beta,
                           int depth, int tolerance) {
  const std::vector<In> x = Rows<In>(depth * 40, depth);
  OpTest t(BuiltinOperator::SOFTMAX, Kernels());
  t.Input<In>(in_type, {40, depth}, x, Quant(si, zi)).Output(out_type, Quant(so, zo)).Options(Beta(beta));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  std::vector<double> real(x.size());
  for (size_t i = 0; i < x.size(); ++i) real[i] = double(si) * (x[i] - zi);
  const std::vector<double> p = Reference(real, depth, beta, false);
  const std::vector<Out> got = ValuesOf<Out>(*y);
  for (size_t i = 0; i < x.size(); ++i) {
    const double expected = std::clamp(std::round(p[i] / so) + zo, double{std::numeric_limits<Out>::min()},
                                       double{std::numeric_limits<Out>::max()});
    ASSERT_LE(std::abs(got[i] - expected), tolerance) << "element " << i << " p=" << p[i];
  }
}

TEST(SoftmaxTest, EightBitFixedPoint) {
  CheckQuantizedSoftmax<int8_t, int8_t>(TensorType::INT8, TensorType::INT8, 0.1f, 3, 1.f / 256, -128, 1.0f, 10, 1);
  CheckQuantizedSoftmax<int8_t, int8_t>(TensorType::INT8, TensorType::INT8, 0.02f, 0, 1.f / 256, -128, 2.0f, 4, 1);
  CheckQuantizedSoftmax<uint8_t, uint8_t>(TensorType::UINT8, TensorType::UINT8, 0.05f, 128, 1.f / 256, 0, 1.0f, 7, 1);
  CheckQuantizedSoftmax<int8_t, int16_t>(TensorType::INT8, TensorType::INT16, 0.1f, 0, 1.f / 65536, -32768, 1.0f, 5, 2);
}

TEST(SoftmaxTest, EqualInputsShareExactly) {
  OpTest t(BuiltinOperator::SOFTMAX, Kernels());
  t.Input<int8_t>(TensorType::INT8, {1, 4}, {9, 9, 9, 9}, Quant(0.1f, 0))
      .Output(TensorType::INT8, Quant(1.f / 256, -128))
      .Options(Beta(1));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int8_t>(*y), (std::vector<int8_t>{-64, -64, -64, -64}));  // 0.25 * 256 - 128
}

TEST(SoftmaxTest, Int16Tables) {
  // The interpolated tables are off by up to about 15 steps of 2^-15 near 1 (the official runtime
  // gives the same numbers, see litert_parity_test).
  CheckQuantizedSoftmax<int16_t, int16_t>(TensorType::INT16, TensorType::INT16, 0.0005f, 0, 1.f / 32768, 0, 1.0f, 8,
                                          16);
  CheckQuantizedSoftmax<int16_t, int16_t>(TensorType::INT16, TensorType::INT16, 0.0001f, 0, 1.f / 32768, 0, 0.7f, 3,
                                          16);
}

TEST(SoftmaxTest, RefusesOutputsTheKernelCannotWrite) {
  OpTest zp(BuiltinOperator::SOFTMAX, Kernels());
  zp.Input<int8_t>(TensorType::INT8, {1, 2}, {1, 2}, Quant(0.1f, 0)).Output(TensorType::INT8, Quant(1.f / 256, 0));
  EXPECT_FALSE(zp.RunOne().ok());
  OpTest rank5(BuiltinOperator::SOFTMAX, Kernels());
  rank5.Input<int16_t>(TensorType::INT16, {1, 1, 1, 1, 2}, {1, 2}, Quant(0.1f, 0))
      .Output(TensorType::INT16, Quant(1.f / 32768, 0));
  EXPECT_FALSE(rank5.RunOne().ok());
  OpTest scalar(BuiltinOperator::SOFTMAX, Kernels());
  scalar.Input<float>(TensorType::FLOAT32, {}, {1}).Output(TensorType::FLOAT32);
  EXPECT_FALSE(scalar.RunOne().ok());
}

TEST(LogSoftmaxTest, Float) {
  const std::vector<float> x = {1, 2, 3, 10, 0, -10};
  OpTest t(BuiltinOperator::LOG_SOFTMAX, Kernels());
  t.Input<float>(TensorType::FLOAT32, {2, 3}, x).Output(TensorType::FLOAT32);
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  const std::vector<double> expected = Reference(std::vector<double>(x.begin(), x.end()), 3, 1.0, true);
  const std::vector<float> got = ValuesOf<float>(*y);
  for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(got[i], expected[i], 1e-5);
}

template <typename T>
void CheckQuantizedLogSoftmax(TensorType type, float si, int zi, int zo, int depth) {
  const std::vector<T> x = Rows<T>(depth * 40, depth + 7);
  OpTest t(BuiltinOperator::LOG_SOFTMAX, Kernels());
  t.Input<T>(type, {40, depth}, x, Quant(si, zi)).Output(type, Quant(16.f / 256, zo));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  std::vector<double> real(x.size());
  for (size_t i = 0; i < x.size(); ++i) real[i] = double(si) * (x[i] - zi);
  const std::vector<double> p = Reference(real, depth, 1.0, true);
  const std::vector<T> got = ValuesOf<T>(*y);
  for (size_t i = 0; i < x.size(); ++i) {
    const double expected = std::clamp(std::round(p[i] * 16) + zo, double{std::numeric_limits<T>::min()},
                                       double{std::numeric_limits<T>::max()});
    ASSERT_LE(std::abs(got[i] - expected), 1) << "element " << i << " log p=" << p[i];
  }
}

TEST(LogSoftmaxTest, EightBitFixedPoint) {
  CheckQuantizedLogSoftmax<int8_t>(TensorType::INT8, 0.05f, 2, 127, 6);
  CheckQuantizedLogSoftmax<uint8_t>(TensorType::UINT8, 0.03f, 128, 255, 9);
  OpTest bad(BuiltinOperator::LOG_SOFTMAX, Kernels());
  bad.Input<int8_t>(TensorType::INT8, {1, 2}, {1, 2}, Quant(0.1f, 0)).Output(TensorType::INT8, Quant(1.f / 256, 127));
  EXPECT_FALSE(bad.RunOne().ok());
}

}  // namespace
}  // namespace tfconv
