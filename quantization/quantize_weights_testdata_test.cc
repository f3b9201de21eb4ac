// The official weight-quantization unit tests (LiteRT tflite/converter/quantization/lite/
// quantize_weights_test.cc) replayed on their own test models (../shared/testdata/real/litert/
// quant_testdata), plus LiteRT's LSTM test models: the assertions are the official ones (types,
// scale counts, which tensors stay float, DEQUANTIZE placement); outputs are checked against the
// float model in the reference interpreter.
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "converter/frontend/shared_testdata.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "converter/tflite/op_version.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "quantization/quantize.h"
#include "quantization/test_models.h"

namespace tfconv {
namespace {

using ::testing::HasSubstr;
using Op = tflite::BuiltinOperator;
using TT = tflite::TensorType;

TflModel Load(const std::string& shared, const std::string& relative) {
  absl::StatusOr<TflModel> m = ReadModelFile(shared + "/testdata/real/litert/" + relative);
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *std::move(m) : TflModel{};
}

QuantizeOptions DynamicRange(int64_t min_elements) {
  QuantizeOptions o;
  o.mode = QuantizationMode::kDynamicRange;
  o.weights_min_num_elements = min_elements;
  return o;
}

bool IsGraphIo(const TflSubgraph& g, int t) {
  for (int i : g.inputs) if (i == t) return true;
  for (int o : g.outputs) if (o == t) return true;
  return false;
}

// QuantizeWeightsTest.HybridConv (per-channel, the updated hybrid scheme).
TEST(QuantizeWeightsTestdata, HybridConv) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  TflModel m = Load(shared, "quant_testdata/single_conv_weights_min_0_max_plus_10.bin");
  const size_t tensors = m.subgraphs[0].tensors.size();
  ASSERT_TRUE(QuantizeModel(m, DynamicRange(0)).ok());
  const TflSubgraph& g = m.subgraphs[0];
  ASSERT_EQ(g.tensors.size(), tensors);
  ASSERT_EQ(g.operators.size(), 1u);
  EXPECT_EQ(CodeOf(m, 0), Op::CONV_2D);
  for (size_t i = 0; i < g.tensors.size(); ++i) {
    const TflTensor& t = g.tensors[i];
    if (t.name == "conv_bias" || IsGraphIo(g, static_cast<int>(i)) || t.buffer == 0 ||
        m.buffers[t.buffer].data.empty()) {
      EXPECT_EQ(t.type, TT::FLOAT32) << t.name;
    } else {
      EXPECT_EQ(t.type, TT::INT8) << t.name;
      ASSERT_TRUE(t.quantization.has_value());
      EXPECT_EQ(static_cast<int>(t.quantization->scale.size()), t.shape[0]) << t.name;
      EXPECT_TRUE(t.quantization->min.empty());  // the recorded float range is not carried over
    }
  }
}

// QuantizeWeightsTest.VerifyUpdatedHybridSchemeFalseQuantizationHybrid.
TEST(QuantizeWeightsTestdata, HybridConvPerTensor) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  TflModel m = Load(shared, "quant_testdata/single_conv_weights_min_0_max_plus_10.bin");
  QuantizeOptions o = DynamicRange(0);
  o.disable_per_channel = true;
  ASSERT_TRUE(QuantizeModel(m, o).ok());
  const TflTensor& w = m.subgraphs[0].tensors[0];
  ASSERT_EQ(w.name, "conv_weights");
  EXPECT_EQ(w.type, TT::INT8);
  EXPECT_EQ(w.quantization->scale.size(), 1u);
}

// QuantizeWeightsTest.WeightsMinNumElements: nothing is quantized.
TEST(QuantizeWeightsTestdata, WeightsMinNumElements) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  TflModel m = Load(shared, "quant_testdata/single_conv_weights_min_0_max_plus_10.bin");
  TflModel before = m;
  AssignOperatorVersions(before);
  ASSERT_TRUE(QuantizeModel(m, DynamicRange(1000000)).ok());
  EXPECT_EQ(*SerializeModel(m), *SerializeModel(before));
}

// QuantizeWeightsTest.DequantizeConvFloat16.
TEST(QuantizeWeightsTestdata, DequantizeConvFloat16) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  TflModel m = Load(shared, "quant_testdata/single_conv_weights_min_0_max_plus_10.bin");
  TflModel original = m;
  const size_t tensors = m.subgraphs[0].tensors.size();
  QuantizeOptions o;
  o.mode = QuantizationMode::kFloat16;
  ASSERT_TRUE(QuantizeModel(m, o).ok());
  const TflSubgraph& g = m.subgraphs[0];
  ASSERT_EQ(g.tensors.size(), tensors + 2);
  int dequantize_inputs = 0;
  for (size_t i = 0; i < g.operators.size(); ++i) {
    if (CodeOf(m, static_cast<int>(i)) != Op::DEQUANTIZE) continue;
    EXPECT_EQ(g.tensors[g.operators[i].inputs[0]].type, TT::FLOAT16);
    EXPECT_EQ(g.tensors[g.operators[i].outputs[0]].type, TT::FLOAT32);
    ++dequantize_inputs;
  }
  EXPECT_EQ(dequantize_inputs, 2);
  for (const TflTensor& t : g.tensors) {
    if (t.name == "conv_weights" || t.name == "conv_bias") EXPECT_EQ(t.type, TT::FLOAT16) << t.name;
  }
  // Outputs stay within float16 rounding of the float model's.
  std::vector<float> x(108);
  for (int i = 0; i < 108; ++i) x[i] = static_cast<float>(i % 11);  // the recorded input range [0, 10]
  absl::StatusOr<std::vector<RtTensor>> a = RunModel(original, {FloatTensor({1, 6, 6, 3}, x)});
  absl::StatusOr<std::vector<RtTensor>> b = RunModel(m, {FloatTensor({1, 6, 6, 3}, x)});
  ASSERT_TRUE(a.ok() && b.ok()) << a.status() << b.status();
  const std::vector<float> fa = FloatsOf((*a)[0]), fb = FloatsOf((*b)[0]);
  for (size_t i = 0; i < fa.size(); ++i) EXPECT_NEAR(fb[i], fa[i], 1e-3f * (1 + std::abs(fa[i]))) << i;
}

// QuantizeWeightsTest.SharedWeights_Hybrid.
TEST(QuantizeWeightsTestdata, SharedWeightsHybrid) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  TflModel m = Load(shared, "quant_testdata/weight_shared_between_convs.bin");
  ASSERT_TRUE(QuantizeModel(m, DynamicRange(0)).ok());
  const TflSubgraph& g = m.subgraphs[0];
  int convs = 0;
  for (size_t i = 0; i < g.operators.size(); ++i) {
    if (CodeOf(m, static_cast<int>(i)) != Op::CONV_2D) continue;
    ++convs;
    EXPECT_EQ(g.tensors[g.operators[i].inputs[1]].type, TT::INT8);
  }
  EXPECT_EQ(convs, 2);
  EXPECT_EQ(g.operators.size(), 2u);
}

// QuantizeWeightsTest.VerifyGatherQuantization: the GATHER reads the int8 weight.
TEST(QuantizeWeightsTestdata, GatherReadsInt8) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  TflModel m = Load(shared, "quant_testdata/quantized_with_gather.bin");
  TflModel original = m;
  ASSERT_TRUE(QuantizeModel(m, DynamicRange(0)).ok());
  const TflSubgraph& g = m.subgraphs[0];
  int gathers = 0;
  float scale = 0;
  for (size_t i = 0; i < g.operators.size(); ++i) {
    if (CodeOf(m, static_cast<int>(i)) != Op::GATHER) continue;
    ++gathers;
    const TflTensor& w = g.tensors[g.operators[i].inputs[0]];
    EXPECT_EQ(w.type, TT::INT8);
    scale = w.quantization->scale[0];
  }
  EXPECT_EQ(gathers, 1);
  // The model's output is still the float tensor 'tfl.gather', now written by a DEQUANTIZE.
  ASSERT_EQ(g.outputs.size(), 1u);
  EXPECT_EQ(g.tensors[g.outputs[0]].name, "tfl.gather");
  EXPECT_EQ(g.tensors[g.outputs[0]].type, TT::FLOAT32);
  absl::StatusOr<std::vector<RtTensor>> a = RunModel(original, {Int32Tensor({2}, {1, 11})});
  absl::StatusOr<std::vector<RtTensor>> b = RunModel(m, {Int32Tensor({2}, {1, 11})});
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  const std::vector<float> fa = FloatsOf((*a)[0]), fb = FloatsOf((*b)[0]);
  ASSERT_EQ(fa.size(), 4u);
  for (size_t i = 0; i < fa.size(); ++i) EXPECT_LE(std::abs(fa[i] - fb[i]), scale * 0.5f * 1.0001f) << i;
}

// QuantizeWeightsTest with the custom op and no custom-op map: nothing to do.
TEST(QuantizeWeightsTestdata, CustomOpIsLeftAlone) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  TflModel m = Load(shared, "quant_testdata/custom_op.bin");
  TflModel before = m;
  AssignOperatorVersions(before);
  ASSERT_TRUE(QuantizeModel(m, DynamicRange(0)).ok());
  EXPECT_EQ(*SerializeModel(m), *SerializeModel(before));
}

// LiteRT's lstm.bin (full kernel, layer norm, projection): every weight int8, the LSTM hybrid with
// asymmetric input quantization (version 4); biases, layer-norm weights and states stay float.
TEST(QuantizeWeightsTestdata, LstmIsHybrid) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  TflModel m = Load(shared, "testdata/lstm.bin");
  absl::StatusOr<QuantizeReport> r = QuantizeModel(m, DynamicRange(0));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->quantized_operators, 1);
  const TflSubgraph& g = m.subgraphs[0];
  ASSERT_EQ(g.operators.size(), 1u);
  const TflOperator& op = g.operators[0];
  for (int i : {1, 2, 3, 4, 5, 6, 7, 8, 16}) EXPECT_EQ(g.tensors[op.inputs[i]].type, TT::INT8) << i;
  for (int i : {12, 13, 14, 15, 17, 20, 21, 22, 23}) EXPECT_EQ(g.tensors[op.inputs[i]].type, TT::FLOAT32) << i;
  EXPECT_TRUE(op.builtin_options.AsLSTMOptions()->asymmetric_quantize_inputs);
  EXPECT_EQ(m.operator_codes[op.opcode_index].version, 4);
}

// With one weight left float (denylisted), LSTM falls back to DEQUANTIZEs for the other weights
// (the older official rule), UNIDIRECTIONAL_SEQUENCE_LSTM stays wholly float (the MLIR rule).
TEST(QuantizeWeightsTestdata, LstmWithAFloatWeight) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  QuantizeOptions o = DynamicRange(0);
  o.denylist_regex = "rec2cell";
  TflModel lstm = Load(shared, "testdata/lstm.bin");
  TflModel original = lstm;
  absl::StatusOr<QuantizeReport> r = QuantizeModel(lstm, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->quantized_operators, 0);
  const TflSubgraph& g = lstm.subgraphs[0];
  ASSERT_EQ(g.operators.size(), 9u);  // 8 DEQUANTIZE + LSTM
  for (int i = 0; i < 8; ++i) EXPECT_EQ(CodeOf(lstm, i), Op::DEQUANTIZE);
  EXPECT_EQ(g.tensors[g.operators[8].inputs[7]].type, TT::FLOAT32);
  EXPECT_THAT(absl::StrJoin(r->warnings, "\n"), HasSubstr("weight 'rec2cell_weights7' matches the denylist"));
  // The float LSTM kernel runs on the dequantized weights.
  absl::StatusOr<std::vector<RtTensor>> a = RunModel(original, {FloatTensor({1, 2}, {0.5f, -0.25f})});
  absl::StatusOr<std::vector<RtTensor>> b = RunModel(lstm, {FloatTensor({1, 2}, {0.5f, -0.25f})});
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  const std::vector<float> fa = FloatsOf((*a)[0]), fb = FloatsOf((*b)[0]);
  for (size_t i = 0; i < fa.size(); ++i) EXPECT_NEAR(fb[i], fa[i], 0.02f) << i;

  TflModel seq = Load(shared, "testdata/unidirectional_sequence_lstm.bin");
  TflModel before = seq;
  AssignOperatorVersions(before);
  r = QuantizeModel(seq, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*SerializeModel(seq), *SerializeModel(before));
  EXPECT_THAT(absl::StrJoin(r->float_operators, "\n"),
              HasSubstr("UNIDIRECTIONAL_SEQUENCE_LSTM 'output24' (its hybrid kernel needs every weight quantized"));
}

}  // namespace
}  // namespace tfconv
