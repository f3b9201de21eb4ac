// Which requantization multiplier each kernel uses. TFLite computes it two ways:
//   legacy (uint8 kernels, per-tensor FULLY_CONNECTED): double(float(s_in * s_w)) / s_out
//   exact  (int8/int16 conv kernels, per-channel FULLY_CONNECTED): double(s_in) * s_w / s_out
// The two differ in the low bits of the multiplier, hence sometimes in the last bit of an output.
// Scales whose float product rounds (1 + 2^-12 squared) and an accumulator for which the two
// formulas give different outputs pin down the formula of each kernel. Every model here is a
// single element whose input equals its zero point, so the accumulator is the bias.
#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/kernels/conv/conv_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::OpTest;
using kernel_test::Quant;
using tflite::BuiltinOperator;
using tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterConvKernels>(); }

constexpr float kInScale = 1.000244140625f;  // 1 + 2^-12: the product needs 25 bits
constexpr float kWeightScale = 1.000244140625f;
constexpr float kOutScale = 1048576.0f;  // 2^20: outputs near 60 for accumulators near 2^26

struct Found {
  int32_t acc = 0, legacy = 0, exact = 0;
};

// The first accumulator from 2^26 on where the two formulas give different outputs.
Found Discriminate() {
  int32_t ql, qe;
  int sl, se;
  QuantizeMultiplier(static_cast<double>(kInScale * kWeightScale) / kOutScale, &ql, &sl);
  QuantizeMultiplier(double{kInScale} * double{kWeightScale} / double{kOutScale}, &qe, &se);
  EXPECT_NE(ql, qe) << "the scales do not tell the formulas apart";
  Found f;
  for (int32_t a = 1 << 26; a < (1 << 26) + (1 << 24); ++a) {
    const int32_t l = MultiplyByQuantizedMultiplier(a, ql, sl), e = MultiplyByQuantizedMultiplier(a, qe, se);
    if (l != e) return {a, l, e};
  }
  ADD_FAILURE() << "no accumulator tells the formulas apart";
  return f;
}

// Runs `op` on one element of `type` (zero point 0) with bias `acc`; returns the output value.
int RunOneElement(BuiltinOperator op, TensorType type, int32_t acc) {
  OpTest m(op, Kernels(), op == BuiltinOperator::TRANSPOSE_CONV ? 4 : 1);
  const bool fc = op == BuiltinOperator::FULLY_CONNECTED;
  const std::vector<int32_t> shape = fc ? std::vector<int32_t>{1, 1} : std::vector<int32_t>{1, 1, 1, 1};
  const TensorType wt = type == TensorType::UINT8 ? TensorType::UINT8 : TensorType::INT8;
  switch (op) {
    case BuiltinOperator::CONV_2D: {
      tflite::Conv2DOptionsT o;
      o.stride_h = o.stride_w = 1;
      m.Options(o);
      break;
    }
    case BuiltinOperator::DEPTHWISE_CONV_2D: {
      tflite::DepthwiseConv2DOptionsT o;
      o.stride_h = o.stride_w = 1;
      m.Options(o);
      break;
    }
    case BuiltinOperator::TRANSPOSE_CONV: {
      tflite::TransposeConvOptionsT o;
      o.stride_h = o.stride_w = 1;
      m.Options(o);
      break;
    }
    default: m.Options(tflite::FullyConnectedOptionsT()); break;
  }
  const auto x = [&] { m.Input<uint8_t>(type, shape, {0}, Quant(kInScale, 0)); };
  const auto w = [&] { m.ConstInput<uint8_t>(wt, shape, {1}, Quant(kWeightScale, 0)); };
  if (op == BuiltinOperator::TRANSPOSE_CONV) {
    m.ConstInput<int32_t>(TensorType::INT32, {4}, {1, 1, 1, 1});  // output shape, weights, input
    w();
    x();
  } else {
    x();
    w();
  }
  m.ConstInput<int32_t>(TensorType::INT32, {1}, {acc}).Output(type, Quant(kOutScale, 0), shape);
  auto out = m.Run();
  EXPECT_TRUE(out.ok()) << out.status();
  if (!out.ok()) return -1000;
  return type == TensorType::UINT8 ? (*out)[0].data<uint8_t>()[0] : (*out)[0].data<int8_t>()[0];
}

TEST(MultiplierTest, EachKernelUsesTfLitesFormula) {
  const Found f = Discriminate();
  ASSERT_NE(f.legacy, f.exact);
  ASSERT_GT(f.legacy, 0);
  ASSERT_LT(f.legacy, 127);
  struct Row {
    BuiltinOperator op;
    TensorType type;
    bool legacy;
  };
  const Row rows[] = {
      {BuiltinOperator::CONV_2D, TensorType::UINT8, true},
      {BuiltinOperator::CONV_2D, TensorType::INT8, false},
      {BuiltinOperator::DEPTHWISE_CONV_2D, TensorType::UINT8, true},
      {BuiltinOperator::DEPTHWISE_CONV_2D, TensorType::INT8, false},
      {BuiltinOperator::TRANSPOSE_CONV, TensorType::UINT8, true},
      {BuiltinOperator::TRANSPOSE_CONV, TensorType::INT8, false},
      {BuiltinOperator::FULLY_CONNECTED, TensorType::UINT8, true},
      {BuiltinOperator::FULLY_CONNECTED, TensorType::INT8, true},  // per-tensor FC: legacy even for int8
  };
  for (const Row& r : rows) {
    EXPECT_EQ(RunOneElement(r.op, r.type, f.acc), r.legacy ? f.legacy : f.exact)
        << tflite::EnumNameBuiltinOperator(r.op) << " " << tflite::EnumNameTensorType(r.type);
  }
}

}  // namespace
}  // namespace tfconv
