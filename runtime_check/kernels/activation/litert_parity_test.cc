// Exact outputs of the official runtime (LiteRT 2.5.3, run through shared/validators/run_litert.mjs)
// on the same one-operator models, for quantized kernels whose results the runtime computes
// exactly as the reference kernels (int16 tables and fixed point, the reference softmax family,
// HARD_SWISH, L2_NORMALIZATION). They pin the integer pipelines bit for bit.
#include <cstdint>
#include <functional>
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

// -32000, -28000, ..., 32000.
std::vector<int16_t> Int16Line() {
  std::vector<int16_t> v;
  for (int i = 0; i <= 16; ++i) v.push_back(static_cast<int16_t>(-32000 + 4000 * i));
  return v;
}
std::vector<int16_t> Int16Rows(int n) {
  std::vector<int16_t> v;
  for (int i = 0; i < n; ++i) v.push_back(static_cast<int16_t>((i * 7919) % 20001 - 10000));
  return v;
}
std::vector<int8_t> Int8Rows(int n) {
  std::vector<int8_t> v;
  for (int i = 0; i < n; ++i) v.push_back(static_cast<int8_t>((i * 37) % 256 - 128));
  return v;
}

template <typename T>
std::vector<T> RunOp(BuiltinOperator op, TensorType type, std::vector<int32_t> shape, const std::vector<T>& x,
                     TflQuantization in, TflQuantization out, std::function<void(OpTest&)> options = nullptr) {
  OpTest t(op, Kernels());
  t.Input<T>(type, shape, x, in).Output(type, out);
  if (options) options(t);
  auto y = t.RunOne();
  EXPECT_TRUE(y.ok()) << y.status();
  return y.ok() ? ValuesOf<T>(*y) : std::vector<T>{};
}

void Beta1(OpTest& t) {
  tflite::SoftmaxOptionsT o;
  o.beta = 1;
  t.Options(o);
}

TEST(LiteRtParityTest, Int16Softmax) {
  EXPECT_EQ(RunOp<int16_t>(BuiltinOperator::SOFTMAX, TensorType::INT16, {2, 8}, Int16Rows(16), Quant(0.0005f, 0),
                           Quant(1.f / 32768, 0), Beta1),
            (std::vector<int16_t>{2, 73, 3847, 9, 480, 25159, 60, 3139, 6, 316, 16564, 39, 2066, 5, 258, 13514}));
}

TEST(LiteRtParityTest, Int8SoftmaxAndLogSoftmax) {
  EXPECT_EQ(RunOp<int8_t>(BuiltinOperator::SOFTMAX, TensorType::INT8, {2, 6}, Int8Rows(12), Quant(0.1f, 3),
                          Quant(1.f / 256, -128), Beta1),
            (std::vector<int8_t>{-128, -128, -128, -128, -122, 122, 127, -128, -128, -128, -128, -128}));
  EXPECT_EQ(RunOp<int8_t>(BuiltinOperator::LOG_SOFTMAX, TensorType::INT8, {2, 6}, Int8Rows(12), Quant(0.05f, 2),
                          Quant(16.f / 256, 127)),
            (std::vector<int8_t>{-24, 6, 35, 65, 95, 124, 126, -49, -19, 10, 40, 70}));
}

TEST(LiteRtParityTest, Int16LogisticAndTanhWithGeneralScales) {
  EXPECT_EQ(RunOp<int16_t>(BuiltinOperator::LOGISTIC, TensorType::INT16, {17}, Int16Line(), Quant(0.00031f, 0),
                           Quant(1.f / 32768, 0)),
            (std::vector<int16_t>{1, 5, 19, 67, 228, 775, 2532, 7354, 16384, 25414, 30236, 31993, 32540, 32701, 32749,
                                  32763, 32767}));
  EXPECT_EQ(RunOp<int16_t>(BuiltinOperator::TANH, TensorType::INT16, {17}, Int16Line(), Quant(0.00042f, 0),
                           Quant(1.f / 32768, 0)),
            (std::vector<int16_t>{-32767, -32767, -32767, -32767, -32767, -32765, -32689, -30568, 0, 30568, 32689,
                                  32765, 32767, 32767, 32767, 32767, 32767}));
}

TEST(LiteRtParityTest, Int16LeakyRelu) {
  EXPECT_EQ(RunOp<int16_t>(BuiltinOperator::LEAKY_RELU, TensorType::INT16, {17}, Int16Line(), Quant(0.001f, 0),
                           Quant(0.0007f, 0),
                           [](OpTest& t) {
                             tflite::LeakyReluOptionsT o;
                             o.alpha = 0.01f;
                             t.Options(o);
                           }),
            (std::vector<int16_t>{-457, -400, -343, -286, -229, -171, -114, -57, 0, 5714, 11429, 17143, 22857, 28571,
                                  32767, 32767, 32767}));
}

TEST(LiteRtParityTest, Int8HardSwishAndL2Normalization) {
  EXPECT_EQ(RunOp<int8_t>(BuiltinOperator::HARD_SWISH, TensorType::INT8, {12}, Int8Rows(12), Quant(0.05f, 0),
                          Quant(0.04f, -30)),
            (std::vector<int8_t>{-30, -30, -33, -38, -13, 39, 87, -30, -30, -35, -37, -10}));
  EXPECT_EQ(RunOp<int8_t>(BuiltinOperator::L2_NORMALIZATION, TensorType::INT8, {2, 6}, Int8Rows(12), Quant(0.1f, 3),
                          Quant(1.f / 128, 0)),
            (std::vector<int8_t>{-93, -66, -40, -14, 12, 38, 61, -86, -61, -36, -11, 13}));
}

}  // namespace
}  // namespace tfconv
