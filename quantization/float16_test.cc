// Float16 quantization on small hand-made models. Half bit patterns are the IEEE binary16 values
// worked out by hand; the structure follows the official form (LiteRT's test_model_redux_precision.bin
// and quantize_weights_test DequantizeConvFloat16: every float constant FLOAT16 behind its own
// DEQUANTIZE named `<constant>_dequantize`, placed before the first reader).
#include "quantization/float16.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "converter/tflite/op_version.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "quantization/test_models.h"

namespace tfconv {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Op = tflite::BuiltinOperator;
using TT = tflite::TensorType;

QuantizeOptions Options() {
  QuantizeOptions o;
  o.mode = QuantizationMode::kFloat16;
  return o;
}

TEST(ClampedHalf, HandDerivedBits) {
  EXPECT_EQ(ClampedHalf(1.0f), 0x3C00);        // 2^0: exponent 15, mantissa 0
  EXPECT_EQ(ClampedHalf(-2.0f), 0xC000);       // sign, exponent 16
  EXPECT_EQ(ClampedHalf(0.1f), 0x2E66);        // 1.6 * 2^-4: mantissa 0.6 * 1024 = 614.4 -> 614
  EXPECT_EQ(ClampedHalf(1.0f / 3), 0x3555);    // 1.333 * 2^-2: 341.33 -> 341
  EXPECT_EQ(ClampedHalf(65504.0f), 0x7BFF);    // the largest half
  EXPECT_EQ(ClampedHalf(70000.0f), 0x7BFF);    // clamped, not infinity
  EXPECT_EQ(ClampedHalf(-1e9f), 0xFBFF);
  EXPECT_EQ(ClampedHalf(1.0009765625f), 0x3C01);  // 1 + 2^-10: exact
  EXPECT_EQ(ClampedHalf(1.00048828125f), 0x3C00);  // 1 + 2^-11: tie, to even
  EXPECT_EQ(ClampedHalf(5.9604644775390625e-8f), 0x0001);  // 2^-24, the smallest subnormal
}

// input [1,3,3,2] -> CONV_2D (weights [2,1,1,2], bias [2]) -> output [1,3,3,2].
TestModel SmallConv() {
  TestModel m;
  const int x = m.Input("input", {1, 3, 3, 2});
  const int w = m.Const("conv/kernel", {2, 1, 1, 2}, {0.1f, 70000.0f, -2.0f, 1.0f / 3});
  const int b = m.Const("conv/bias", {2}, {1.0f, 1.00048828125f});
  const int y = m.Output("output", {1, 3, 3, 2});
  tflite::Conv2DOptionsT o;
  o.padding = tflite::Padding::SAME;
  o.stride_w = o.stride_h = 1;
  m.Op(Op::CONV_2D, {x, w, b}, {y}, o);
  return m;
}

TEST(Float16, WeightsAndBiasBecomeHalvesBehindDequantize) {
  TestModel m = SmallConv();
  absl::StatusOr<QuantizeReport> r = QuantizeFloat16(m.model, Options());
  ASSERT_TRUE(r.ok()) << r.status();
  const TflSubgraph& g = m.graph();
  ASSERT_EQ(g.tensors.size(), 6u);  // two DEQUANTIZE outputs added
  ASSERT_EQ(g.operators.size(), 3u);
  EXPECT_EQ(CodeOf(m.model, 0), Op::DEQUANTIZE);
  EXPECT_EQ(CodeOf(m.model, 1), Op::DEQUANTIZE);
  EXPECT_EQ(CodeOf(m.model, 2), Op::CONV_2D);
  // Weights first, then bias, as in the official file.
  EXPECT_EQ(g.operators[0].inputs, std::vector<int32_t>({1}));
  EXPECT_EQ(g.tensors[g.operators[0].outputs[0]].name, "conv/kernel_dequantize");
  EXPECT_EQ(g.operators[1].inputs, std::vector<int32_t>({2}));
  EXPECT_EQ(g.tensors[g.operators[1].outputs[0]].name, "conv/bias_dequantize");
  EXPECT_EQ(g.operators[2].inputs,
            std::vector<int32_t>({0, g.operators[0].outputs[0], g.operators[1].outputs[0]}));
  EXPECT_EQ(g.tensors[1].type, TT::FLOAT16);
  EXPECT_EQ(g.tensors[1].name, "conv/kernel");
  EXPECT_THAT(HalfData(m.model, g.tensors[1]), ElementsAre(0x2E66, 0x7BFF, 0xC000, 0x3555));
  EXPECT_EQ(g.tensors[2].type, TT::FLOAT16);
  EXPECT_THAT(HalfData(m.model, g.tensors[2]), ElementsAre(0x3C00, 0x3C00));
  EXPECT_EQ(r->quantized_operators, 0);

  TflModel versioned = m.model;
  AssignOperatorVersions(versioned);
  EXPECT_EQ(versioned.operator_codes[versioned.subgraphs[0].operators[0].opcode_index].version, 3);
  EXPECT_EQ(versioned.metadata.size(), 0u);  // no reduced_precision_support entry
}

TEST(Float16, RunsLikeTheFloatModelWithHalfWeights) {
  TestModel m = SmallConv();
  // The float model with the halves' exact values written in by hand.
  TestModel rounded;
  {
    const int x = rounded.Input("input", {1, 3, 3, 2});
    const int w = rounded.Const("conv/kernel", {2, 1, 1, 2},
                                {0.0999755859375f, 65504.0f, -2.0f, 0.333251953125f});
    const int b = rounded.Const("conv/bias", {2}, {1.0f, 1.0f});
    const int y = rounded.Output("output", {1, 3, 3, 2});
    tflite::Conv2DOptionsT o;
    o.padding = tflite::Padding::SAME;
    o.stride_w = o.stride_h = 1;
    rounded.Op(Op::CONV_2D, {x, w, b}, {y}, o);
  }
  ASSERT_TRUE(QuantizeFloat16(m.model, Options()).ok());
  const std::vector<RtTensor> in = {FloatTensor({1, 3, 3, 2}, PseudoRandom(18, 1.0f, 3))};
  absl::StatusOr<std::vector<RtTensor>> a = RunModel(m.model, in);
  ASSERT_TRUE(a.ok()) << a.status();
  absl::StatusOr<std::vector<RtTensor>> b = RunModel(rounded.model, in);
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(FloatsOf((*a)[0]), FloatsOf((*b)[0]));
}

TEST(Float16, SharedConstantGetsOneDequantizeBeforeItsFirstReader) {
  TestModel m;
  const int x = m.Input("x", {4});
  const int c = m.Const("c", {4}, {1, 2, 3, 4});
  const int shape = m.ConstInt32("shape", {2}, {2, 2});
  const int a = m.Activation("a", {4});
  const int s = m.Activation("s", {4});
  const int y = m.Output("y", {2, 2});
  m.Op(Op::RELU, {x}, {a});
  m.Op(Op::ADD, {a, c}, {s}, tflite::AddOptionsT{});
  const int s2 = m.Activation("s2", {4});
  m.Op(Op::MUL, {s, c}, {s2}, tflite::MulOptionsT{});
  m.Op(Op::RESHAPE, {s2, shape}, {y});
  ASSERT_TRUE(QuantizeFloat16(m.model, Options()).ok());
  const TflSubgraph& g = m.graph();
  ASSERT_EQ(g.operators.size(), 5u);
  EXPECT_EQ(CodeOf(m.model, 0), Op::RELU);
  EXPECT_EQ(CodeOf(m.model, 1), Op::DEQUANTIZE);
  const int dq = g.operators[1].outputs[0];
  EXPECT_EQ(g.operators[2].inputs[1], dq);
  EXPECT_EQ(g.operators[3].inputs[1], dq);
  EXPECT_EQ(g.tensors[c].type, TT::FLOAT16);
  EXPECT_EQ(g.tensors[shape].type, TT::INT32);  // only float32 constants change
  absl::StatusOr<std::vector<RtTensor>> out = RunModel(m.model, {FloatTensor({4}, {-1, 0.5f, 2, 3})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_THAT(FloatsOf((*out)[0]), ElementsAre(1, 5, 15, 28));  // (relu(x) + c) * c
}

TEST(Float16, DenylistedOperatorKeepsTheFloatConstant) {
  TestModel m;
  const int x = m.Input("x", {4});
  const int c = m.Const("c", {4}, {1, 2, 3, 4});
  const int y1 = m.Output("keep/y1", {4});
  const int y2 = m.Output("y2", {4});
  m.Op(Op::ADD, {x, c}, {y1}, tflite::AddOptionsT{});
  m.Op(Op::MUL, {x, c}, {y2}, tflite::MulOptionsT{});
  QuantizeOptions o = Options();
  o.denylist_regex = "^keep/";
  absl::StatusOr<QuantizeReport> r = QuantizeFloat16(m.model, o);
  ASSERT_TRUE(r.ok()) << r.status();
  const TflSubgraph& g = m.graph();
  EXPECT_EQ(g.tensors[c].type, TT::FLOAT32);
  EXPECT_EQ(g.operators[0].inputs[1], c);
  ASSERT_EQ(g.operators.size(), 3u);
  EXPECT_EQ(CodeOf(m.model, 1), Op::DEQUANTIZE);
  const int half = g.operators[1].inputs[0];
  EXPECT_EQ(g.tensors[half].name, "c_fp16");
  EXPECT_EQ(g.tensors[half].type, TT::FLOAT16);
  EXPECT_EQ(g.operators[2].inputs[1], g.operators[1].outputs[0]);
  EXPECT_THAT(absl::StrJoin(r->float_operators, "\n"), HasSubstr("ADD 'keep/y1' (matches the denylist)"));
}

TEST(Float16, DenylistedTensorStaysFloat) {
  TestModel m = SmallConv();
  QuantizeOptions o = Options();
  o.denylist_regex = "bias";
  ASSERT_TRUE(QuantizeFloat16(m.model, o).ok());
  EXPECT_EQ(m.graph().tensors[1].type, TT::FLOAT16);
  EXPECT_EQ(m.graph().tensors[2].type, TT::FLOAT32);
  EXPECT_EQ(m.graph().operators.size(), 2u);
}

TEST(Float16, InvalidDenylistIsAnError) {
  TestModel m = SmallConv();
  TflModel before = m.model;
  QuantizeOptions o = Options();
  o.denylist_regex = "[";
  EXPECT_FALSE(QuantizeFloat16(m.model, o).ok());
  EXPECT_EQ(*SerializeModel(m.model), *SerializeModel(before));
}

}  // namespace
}  // namespace tfconv
