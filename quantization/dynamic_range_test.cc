// Dynamic-range quantization on small hand-made models. Expected codes come from weights built as
// integers times a power of two (so the spec's scale max|w| / 127 and the codes are exact), the
// structure from the official rules (LiteRT quantize-dynamic-range.mlir and quantize_weights_test),
// and outputs from running the float model in the reference interpreter.
#include "quantization/dynamic_range.h"

#include <cmath>
#include <cstdint>
#include <limits>
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

// Channel c of a [4, 3, 3, 3] filter: integers m in [-127, 127] (one of them +-127) times 2^-(c+3),
// so per-channel scales are exactly 2^-(c+3) and the codes are the integers m.
int Code(int c, int j) {
  if (j == 0) return c % 2 == 0 ? 127 : -127;
  return (j * 37 + c * 11) % 255 - 127;
}
std::vector<float> ConvWeights() {
  std::vector<float> w;
  for (int c = 0; c < 4; ++c) {
    for (int j = 0; j < 27; ++j) w.push_back(std::ldexp(static_cast<float>(Code(c, j)), -(c + 3)));
  }
  return w;
}

// input [1,5,5,3] -> CONV_2D (weights [4,3,3,3], bias [4]) -> output [1,5,5,4].
TestModel ConvModel() {
  TestModel m;
  const int x = m.Input("input", {1, 5, 5, 3});
  const int w = m.Const("conv/kernel", {4, 3, 3, 3}, ConvWeights());
  const int b = m.Const("conv/bias", {4}, {0.5f, -0.25f, 0.125f, 1.0f});
  const int y = m.Output("output", {1, 5, 5, 4});
  tflite::Conv2DOptionsT o;
  o.padding = tflite::Padding::SAME;
  o.stride_w = o.stride_h = 1;
  m.Op(Op::CONV_2D, {x, w, b}, {y}, o);
  return m;
}

QuantizeOptions Options(int64_t min_elements = 0) {
  QuantizeOptions o;
  o.mode = QuantizationMode::kDynamicRange;
  o.weights_min_num_elements = min_elements;
  return o;
}

int VersionOf(TflModel model, int op) {
  AssignOperatorVersions(model);
  return model.operator_codes[model.subgraphs[0].operators[op].opcode_index].version;
}

// Max |a - b| over the elements, relative to max |b|.
float RelativeError(const std::vector<float>& a, const std::vector<float>& b) {
  float err = 0, ref = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    err = std::max(err, std::abs(a[i] - b[i]));
    ref = std::max(ref, std::abs(b[i]));
  }
  return ref == 0 ? err : err / ref;
}

void ExpectOutputsClose(const TflModel& float_model, const TflModel& quantized, const std::vector<RtTensor>& inputs,
                        float tolerance) {
  absl::StatusOr<std::vector<RtTensor>> f = RunModel(float_model, inputs);
  ASSERT_TRUE(f.ok()) << f.status();
  absl::StatusOr<std::vector<RtTensor>> q = RunModel(quantized, inputs);
  ASSERT_TRUE(q.ok()) << q.status();
  ASSERT_EQ(f->size(), q->size());
  for (size_t i = 0; i < f->size(); ++i) {
    EXPECT_LT(RelativeError(FloatsOf((*q)[i]), FloatsOf((*f)[i])), tolerance) << "output " << i;
  }
}

TEST(DynamicRange, ConvIsHybridWithPerChannelWeights) {
  TestModel m = ConvModel();
  TflModel original = m.model;
  absl::StatusOr<QuantizeReport> r = QuantizeDynamicRange(m.model, Options());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->quantized_operators, 1);
  const TflSubgraph& g = m.graph();
  ASSERT_EQ(g.operators.size(), 1u);  // hybrid: no DEQUANTIZE
  ASSERT_EQ(g.tensors.size(), 4u);    // quantized in place
  const TflTensor& w = g.tensors[1];
  EXPECT_EQ(w.type, TT::INT8);
  EXPECT_EQ(w.name, "conv/kernel");
  ASSERT_TRUE(w.quantization.has_value());
  EXPECT_THAT(w.quantization->scale, ElementsAre(0.125f, 0.0625f, 0.03125f, 0.015625f));
  EXPECT_THAT(w.quantization->zero_point, ElementsAre(0, 0, 0, 0));
  EXPECT_EQ(w.quantization->quantized_dimension, 0);
  std::vector<int8_t> codes = Int8Data(m.model, w);
  ASSERT_EQ(codes.size(), 108u);
  for (int c = 0; c < 4; ++c) {
    for (int j = 0; j < 27; ++j) EXPECT_EQ(codes[c * 27 + j], Code(c, j)) << c << "," << j;
  }
  // The bias stays float and untouched.
  EXPECT_EQ(g.tensors[2].type, TT::FLOAT32);
  EXPECT_THAT(FloatData(m.model, g.tensors[2]), ElementsAre(0.5f, -0.25f, 0.125f, 1.0f));
  EXPECT_EQ(VersionOf(m.model, 0), 5);  // hybrid per-channel CONV_2D
  ExpectOutputsClose(original, m.model, {FloatTensor({1, 5, 5, 3}, PseudoRandom(75, 2.0f, 1))}, 0.02f);
}

TEST(DynamicRange, DisablePerChannelGivesOneScaleAndTheOlderHybridConv) {
  TestModel m = ConvModel();
  TflModel original = m.model;
  QuantizeOptions o = Options();
  o.disable_per_channel = true;
  ASSERT_TRUE(QuantizeDynamicRange(m.model, o).ok());
  const TflTensor& w = m.graph().tensors[1];
  EXPECT_EQ(w.type, TT::INT8);
  // The widest channel (0) sets the scale: 127 * 2^-3 / 127.
  EXPECT_THAT(w.quantization->scale, ElementsAre(0.125f));
  std::vector<int8_t> codes = Int8Data(m.model, w);
  for (int c = 0; c < 4; ++c) {
    for (int j = 0; j < 27; ++j) {
      // w / 2^-3 = m * 2^-c exactly; the spec rounds half away from zero.
      EXPECT_EQ(codes[c * 27 + j], static_cast<int>(std::round(std::ldexp(Code(c, j), -c)))) << c << "," << j;
    }
  }
  EXPECT_EQ(VersionOf(m.model, 0), 2);  // what the official KWS model shows
  ExpectOutputsClose(original, m.model, {FloatTensor({1, 5, 5, 3}, PseudoRandom(75, 2.0f, 2))}, 0.05f);
}

TEST(DynamicRange, WeightsUnderTheThresholdStayFloat) {
  TestModel m = ConvModel();  // 108 elements
  TflModel before = m.model;
  absl::StatusOr<QuantizeReport> r = QuantizeDynamicRange(m.model, Options(1024));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->quantized_operators, 0);
  EXPECT_EQ(m.graph().tensors[1].type, TT::FLOAT32);
  AssignOperatorVersions(before);  // the only change: versions are assigned
  EXPECT_EQ(*SerializeModel(m.model), *SerializeModel(before));
  EXPECT_THAT(absl::StrJoin(r->float_operators, "\n"),
              HasSubstr("CONV_2D 'output' (weight 'conv/kernel' has 108 elements, fewer than 1024)"));
}

// input [2,16] -> FULLY_CONNECTED (weights [8,16], bias [8]) -> [2,8].
TestModel FcModel() {
  TestModel m;
  const int x = m.Input("x", {2, 16});
  const int w = m.Const("dense/kernel", {8, 16}, PseudoRandom(128, 0.5f, 7));
  const int b = m.Const("dense/bias", {8}, PseudoRandom(8, 0.1f, 8));
  const int y = m.Output("y", {2, 8});
  m.Op(Op::FULLY_CONNECTED, {x, w, b}, {y}, tflite::FullyConnectedOptionsT{});
  return m;
}

TEST(DynamicRange, FullyConnectedIsHybridPerTensorWithAsymmetricInputs) {
  TestModel m = FcModel();
  TflModel original = m.model;
  const std::vector<float> weights = FloatData(m.model, m.graph().tensors[1]);
  ASSERT_TRUE(QuantizeDynamicRange(m.model, Options()).ok());
  const TflTensor& w = m.graph().tensors[1];
  EXPECT_EQ(w.type, TT::INT8);
  ASSERT_EQ(w.quantization->scale.size(), 1u);
  float max_abs = 0;
  for (float v : weights) max_abs = std::max(max_abs, std::abs(v));
  const float scale = w.quantization->scale[0];
  EXPECT_FLOAT_EQ(scale, max_abs / 127);
  // Every code dequantizes to within half a step of its weight.
  std::vector<int8_t> codes = Int8Data(m.model, w);
  for (size_t i = 0; i < codes.size(); ++i) {
    EXPECT_LE(std::abs(codes[i] * scale - weights[i]), scale * 0.5f * 1.0001f) << i;
  }
  const auto* o = m.graph().operators[0].builtin_options.AsFullyConnectedOptions();
  ASSERT_NE(o, nullptr);
  EXPECT_TRUE(o->asymmetric_quantize_inputs);
  EXPECT_EQ(VersionOf(m.model, 0), 9);
  ExpectOutputsClose(original, m.model, {FloatTensor({2, 16}, PseudoRandom(32, 1.0f, 9))}, 0.03f);
}

// input [1,4,4,8] -> DEPTHWISE_CONV_2D (weights [1,3,3,8]) -> [1,4,4,8].
TestModel DepthwiseModel() {
  TestModel m;
  const int x = m.Input("x", {1, 4, 4, 8});
  std::vector<float> w(72);
  for (int i = 0; i < 72; ++i) w[i] = std::ldexp(static_cast<float>(Code(i % 4, i / 8 + 1)), -(i % 8));
  const int wt = m.Const("dw/kernel", {1, 3, 3, 8}, w);
  const int b = m.Const("dw/bias", {8}, std::vector<float>(8, 0.0f));
  const int y = m.Output("y", {1, 4, 4, 8});
  tflite::DepthwiseConv2DOptionsT o;
  o.padding = tflite::Padding::SAME;
  o.stride_w = o.stride_h = 1;
  o.depth_multiplier = 1;
  m.Op(Op::DEPTHWISE_CONV_2D, {x, wt, b}, {y}, o);
  return m;
}

TEST(DynamicRange, DepthwiseIsHybridPerChannelAlongDimension3) {
  TestModel m = DepthwiseModel();
  TflModel original = m.model;
  ASSERT_TRUE(QuantizeDynamicRange(m.model, Options()).ok());
  ASSERT_EQ(m.graph().operators.size(), 1u);
  const TflTensor& w = m.graph().tensors[1];
  EXPECT_EQ(w.type, TT::INT8);
  EXPECT_EQ(w.quantization->scale.size(), 8u);
  EXPECT_EQ(w.quantization->quantized_dimension, 3);
  EXPECT_EQ(VersionOf(m.model, 0), 6);
  ExpectOutputsClose(original, m.model, {FloatTensor({1, 4, 4, 8}, PseudoRandom(128, 2.0f, 3))}, 0.05f);
}

TEST(DynamicRange, DepthwiseWithoutPerChannelReadsADequantize) {
  TestModel m = DepthwiseModel();
  TflModel original = m.model;
  QuantizeOptions o = Options();
  o.disable_per_channel = true;
  absl::StatusOr<QuantizeReport> r = QuantizeDynamicRange(m.model, o);
  ASSERT_TRUE(r.ok()) << r.status();
  const TflSubgraph& g = m.graph();
  ASSERT_EQ(g.operators.size(), 2u);
  EXPECT_EQ(CodeOf(m.model, 0), Op::DEQUANTIZE);
  EXPECT_EQ(CodeOf(m.model, 1), Op::DEPTHWISE_CONV_2D);
  EXPECT_EQ(g.operators[0].inputs, std::vector<int32_t>({1}));
  const int dq = g.operators[0].outputs[0];
  EXPECT_EQ(g.tensors[dq].name, "dw/kernel_dequantize");
  EXPECT_EQ(g.tensors[dq].type, TT::FLOAT32);
  EXPECT_EQ(g.operators[1].inputs[1], dq);
  EXPECT_EQ(g.tensors[1].quantization->scale.size(), 1u);
  EXPECT_THAT(absl::StrJoin(r->float_operators, "\n"), HasSubstr("DEPTHWISE_CONV_2D 'y' (no hybrid kernel"));
  ExpectOutputsClose(original, m.model, {FloatTensor({1, 4, 4, 8}, PseudoRandom(128, 1.0f, 3))}, 0.01f);
}

TEST(DynamicRange, TransposeConvReadsPerChannelWeightsThroughDequantize) {
  TestModel m;
  const int shape = m.ConstInt32("out_shape", {4}, {1, 4, 4, 4});
  const int w = m.Const("tconv/kernel", {4, 3, 3, 2}, PseudoRandom(72, 1.0f, 11));
  const int x = m.Input("x", {1, 2, 2, 2});
  const int y = m.Output("y", {1, 4, 4, 4});
  tflite::TransposeConvOptionsT o;
  o.padding = tflite::Padding::SAME;
  o.stride_w = o.stride_h = 2;
  m.Op(Op::TRANSPOSE_CONV, {shape, w, x}, {y}, o);
  TflModel original = m.model;
  ASSERT_TRUE(QuantizeDynamicRange(m.model, Options()).ok());
  const TflSubgraph& g = m.graph();
  ASSERT_EQ(g.operators.size(), 2u);
  EXPECT_EQ(CodeOf(m.model, 0), Op::DEQUANTIZE);
  EXPECT_EQ(g.tensors[w].type, TT::INT8);
  EXPECT_EQ(g.tensors[w].quantization->scale.size(), 4u);
  EXPECT_EQ(g.tensors[w].quantization->quantized_dimension, 0);
  EXPECT_EQ(VersionOf(m.model, 0), 5);  // per-axis int8 DEQUANTIZE
  ExpectOutputsClose(original, m.model, {FloatTensor({1, 2, 2, 2}, PseudoRandom(8, 1.0f, 12))}, 0.02f);
}

// The official QuantizeMultiUses case: one constant read by CONV_2D (per channel, dim 0),
// DEPTHWISE_CONV_2D (per channel, dim 3) and GATHER (per tensor): three int8 versions.
TEST(DynamicRange, WeightSharedByOpsWithDifferentLayoutsIsQuantizedOncePerLayout) {
  TestModel m;
  const int x = m.Input("x", {1, 4, 4, 3});
  const int idx = m.Input("idx", {2}, TT::INT32);
  const int w = m.Const("shared", {8, 3, 3, 3}, PseudoRandom(216, 1.0f, 5));
  const int conv_out = m.Output("conv", {1, 4, 4, 8});
  const int dw_out = m.Output("dw", {1, 4, 4, 3});
  const int gather_out = m.Output("gathered", {2, 3, 3, 3});
  tflite::Conv2DOptionsT co;
  co.padding = tflite::Padding::SAME;
  m.Op(Op::CONV_2D, {x, w, -1}, {conv_out}, co);
  tflite::DepthwiseConv2DOptionsT dwo;
  dwo.padding = tflite::Padding::SAME;
  m.Op(Op::DEPTHWISE_CONV_2D, {x, w, -1}, {dw_out}, dwo);
  m.Op(Op::GATHER, {w, idx}, {gather_out}, tflite::GatherOptionsT{});
  absl::StatusOr<QuantizeReport> r = QuantizeDynamicRange(m.model, Options());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->quantized_operators, 3);
  const TflSubgraph& g = m.graph();
  ASSERT_EQ(g.operators.size(), 4u);  // + the DEQUANTIZE after the GATHER
  const TflTensor& conv_w = g.tensors[g.operators[0].inputs[1]];
  const TflTensor& dw_w = g.tensors[g.operators[1].inputs[1]];
  const TflTensor& gather_w = g.tensors[g.operators[2].inputs[0]];
  EXPECT_EQ(g.operators[0].inputs[1], w);  // the first layout is quantized in place
  EXPECT_EQ(conv_w.quantization->scale.size(), 8u);
  EXPECT_EQ(dw_w.name, "shared_int8_axis3");
  EXPECT_EQ(dw_w.quantization->scale.size(), 3u);
  EXPECT_EQ(dw_w.quantization->quantized_dimension, 3);
  EXPECT_EQ(gather_w.name, "shared_int8");
  EXPECT_EQ(gather_w.quantization->scale.size(), 1u);
  EXPECT_EQ(gather_w.type, TT::INT8);
  // GATHER gathers int8 rows, then a DEQUANTIZE writes the original output tensor.
  const int gathered_int8 = g.operators[2].outputs[0];
  EXPECT_EQ(g.tensors[gathered_int8].type, TT::INT8);
  EXPECT_EQ(g.tensors[gathered_int8].quantization->scale, gather_w.quantization->scale);
  EXPECT_EQ(CodeOf(m.model, 3), Op::DEQUANTIZE);
  EXPECT_EQ(g.operators[3].inputs, std::vector<int32_t>({gathered_int8}));
  EXPECT_EQ(g.operators[3].outputs, std::vector<int32_t>({gather_out}));
  EXPECT_EQ(g.tensors[gather_out].type, TT::FLOAT32);
}

TEST(DynamicRange, WeightSharedByTwoConvsIsQuantizedOnce) {
  TestModel m;
  const int x1 = m.Input("x1", {1, 3, 3, 3});
  const int x2 = m.Input("x2", {1, 3, 3, 3});
  const int w = m.Const("kernel", {4, 3, 3, 3}, ConvWeights());
  const int y1 = m.Output("y1", {1, 3, 3, 4});
  const int y2 = m.Output("y2", {1, 3, 3, 4});
  tflite::Conv2DOptionsT o;
  o.padding = tflite::Padding::SAME;
  m.Op(Op::CONV_2D, {x1, w, -1}, {y1}, o);
  m.Op(Op::CONV_2D, {x2, w, -1}, {y2}, o);
  const size_t tensors = m.graph().tensors.size();
  const size_t buffers = m.model.buffers.size();
  absl::StatusOr<QuantizeReport> r = QuantizeDynamicRange(m.model, Options());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->quantized_operators, 2);
  EXPECT_EQ(m.graph().tensors.size(), tensors);
  EXPECT_EQ(m.model.buffers.size(), buffers);  // the float bytes were replaced in place
  EXPECT_EQ(m.graph().operators[0].inputs[1], w);
  EXPECT_EQ(m.graph().operators[1].inputs[1], w);
  EXPECT_EQ(m.graph().tensors[w].type, TT::INT8);
}

TEST(DynamicRange, ABufferSharedWithAnotherTensorIsNotOverwritten) {
  TestModel m = ConvModel();
  // A second float tensor (read by nothing quantizable) shares the kernel's buffer.
  TflTensor alias = m.graph().tensors[1];
  alias.name = "alias";
  const int a = m.graph().AddTensor(alias);
  m.graph().outputs.push_back(a);
  ASSERT_TRUE(QuantizeDynamicRange(m.model, Options()).ok());
  EXPECT_NE(m.graph().tensors[1].buffer, m.graph().tensors[a].buffer);
  EXPECT_EQ(FloatData(m.model, m.graph().tensors[a]), ConvWeights());
}

TEST(DynamicRange, DenylistedOperatorKeepsItsFloatWeight) {
  TestModel m;
  const int x = m.Input("x", {1, 3, 3, 3});
  const int w = m.Const("kernel", {4, 3, 3, 3}, ConvWeights());
  const int y1 = m.Output("head/y1", {1, 3, 3, 4});
  const int y2 = m.Output("body/y2", {1, 3, 3, 4});
  tflite::Conv2DOptionsT o;
  o.padding = tflite::Padding::SAME;
  m.Op(Op::CONV_2D, {x, w, -1}, {y1}, o);
  m.Op(Op::CONV_2D, {x, w, -1}, {y2}, o);
  QuantizeOptions opts = Options();
  opts.denylist_regex = "head/";
  absl::StatusOr<QuantizeReport> r = QuantizeDynamicRange(m.model, opts);
  ASSERT_TRUE(r.ok()) << r.status();
  const TflSubgraph& g = m.graph();
  EXPECT_EQ(g.operators[0].inputs[1], w);
  EXPECT_EQ(g.tensors[w].type, TT::FLOAT32);
  EXPECT_EQ(FloatData(m.model, g.tensors[w]), ConvWeights());
  const TflTensor& q = g.tensors[g.operators[1].inputs[1]];
  EXPECT_EQ(q.type, TT::INT8);
  EXPECT_EQ(q.name, "kernel_int8_axis0");
  EXPECT_EQ(r->quantized_operators, 1);
  EXPECT_THAT(absl::StrJoin(r->float_operators, "\n"), HasSubstr("CONV_2D 'head/y1' (matches the denylist)"));
}

TEST(DynamicRange, DenylistedWeightStaysFloat) {
  TestModel m = ConvModel();
  QuantizeOptions opts = Options();
  opts.denylist_regex = "kernel$";
  absl::StatusOr<QuantizeReport> r = QuantizeDynamicRange(m.model, opts);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(m.graph().tensors[1].type, TT::FLOAT32);
  EXPECT_THAT(absl::StrJoin(r->float_operators, "\n"), HasSubstr("weight 'conv/kernel' matches the denylist"));
}

TEST(DynamicRange, InvalidDenylistIsAnErrorAndLeavesTheModel) {
  TestModel m = ConvModel();
  TflModel before = m.model;
  QuantizeOptions opts = Options();
  opts.denylist_regex = "conv/(";
  absl::StatusOr<QuantizeReport> r = QuantizeDynamicRange(m.model, opts);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("'conv/('"));
  EXPECT_EQ(*SerializeModel(m.model), *SerializeModel(before));
}

TEST(DynamicRange, NonFiniteWeightsStayFloat) {
  TestModel m = FcModel();
  std::vector<float> w = FloatData(m.model, m.graph().tensors[1]);
  w[3] = std::numeric_limits<float>::infinity();
  m.model.buffers[m.graph().tensors[1].buffer].data = ByteBuffer::Copy(w.data(), w.size() * 4);
  absl::StatusOr<QuantizeReport> r = QuantizeDynamicRange(m.model, Options());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(m.graph().tensors[1].type, TT::FLOAT32);
  EXPECT_THAT(absl::StrJoin(r->float_operators, "\n"), HasSubstr("non-finite"));
}

TEST(DynamicRange, BatchMatMulIsHybridWithAsymmetricInputs) {
  TestModel m;
  const int x = m.Input("x", {2, 3, 16});
  const int w = m.Const("rhs", {16, 4}, PseudoRandom(64, 1.0f, 4));
  const int y = m.Output("y", {2, 3, 4});
  m.Op(Op::BATCH_MATMUL, {x, w}, {y}, tflite::BatchMatMulOptionsT{});
  ASSERT_TRUE(QuantizeDynamicRange(m.model, Options()).ok());
  EXPECT_EQ(m.graph().tensors[w].type, TT::INT8);
  EXPECT_EQ(m.graph().operators.size(), 1u);
  EXPECT_TRUE(m.graph().operators[0].builtin_options.AsBatchMatMulOptions()->asymmetric_quantize_inputs);
  EXPECT_EQ(VersionOf(m.model, 0), 4);
}

TEST(DynamicRange, IntegerModelIsLeftAlone) {
  TestModel m;
  const int x = m.Input("x", {1, 16}, TT::INT8);
  const int w = m.Const("w", {4, 16}, PseudoRandom(64, 1.0f, 4));
  const int y = m.Output("y", {1, 4}, TT::INT8);
  m.Op(Op::FULLY_CONNECTED, {x, w, -1}, {y}, tflite::FullyConnectedOptionsT{});
  TflModel before = m.model;
  AssignOperatorVersions(before);
  ASSERT_TRUE(QuantizeDynamicRange(m.model, Options()).ok());
  EXPECT_EQ(*SerializeModel(m.model), *SerializeModel(before));
}

TEST(DynamicRange, CustomOperatorsAreNotTouched) {
  TestModel m;
  const int x = m.Input("x", {1, 4});
  const int w = m.Const("w", {64, 16}, PseudoRandom(1024, 1.0f, 4));
  const int y = m.Output("y", {1, 4});
  TflOperator& op = m.graph().operators.emplace_back();
  op.opcode_index = m.model.CustomOpcodeIndex("MyOp");
  op.inputs = {x, w};
  op.outputs = {y};
  TflModel before = m.model;
  AssignOperatorVersions(before);
  ASSERT_TRUE(QuantizeDynamicRange(m.model, Options()).ok());
  EXPECT_EQ(*SerializeModel(m.model), *SerializeModel(before));
}

}  // namespace
}  // namespace tfconv
