// Real models through the converter, with and without the optimizer: the operator count drops to
// the official converter's and the outputs agree (reference interpreter, same random inputs).
// Also TF graphs spelled as TensorFlow writes atrous convolutions and Keras/tfjs write PReLU,
// hard swish, leaky ReLU and GELU (testdata/, made by the gen_*.py there).
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>

#include "converter/api/builtin_converter_for_tests.h"
#include "converter/api/converter.h"
#include "converter/frontend/shared_testdata.h"
#include "converter/optimize/optimize.h"
#include "converter/optimize/optimize_test_util.h"
#include "converter/tflite/op_version.h"
#include "gtest/gtest.h"
#include "runtime_check/io/tensor_io.h"

namespace tfconv {
namespace {

using namespace optimize_test;  // NOLINT

const Converter& BuiltinConverter() { return BuiltinConverterForTests(/*strict=*/false); }

std::string Join(const Ops& ops) {
  std::string s;
  for (const std::string& op : ops) s += (s.empty() ? "" : " ") + op;
  return s;
}

// Converts, optimizes a copy, and checks both compute the same; returns the optimized model.
TflModel ConvertBothWays(const ConversionRequest& request, TflModel* unoptimized) {
  ConversionRequest without = request;
  without.optimize = false;  // the converter optimizes by default; the baseline is the lowering's output
  absl::StatusOr<TflModel> plain = BuiltinConverter().Convert(without);
  EXPECT_TRUE(plain.ok()) << plain.status();
  if (!plain.ok()) return {};
  TflModel optimized = *plain;
  absl::StatusOr<OptimizeReport> r = OptimizeModel(optimized);
  EXPECT_TRUE(r.ok()) << r.status();
  AssignOperatorVersions(optimized);
  std::cout << (r.ok() ? r->ToString() : "") << "\n  without: " << Join(OpList(*plain))
            << "\n  with:    " << Join(OpList(optimized)) << "\n";
  for (uint32_t seed : {1u, 2u, 3u}) ExpectSameOutputs(*plain, optimized, seed);
  *unoptimized = *std::move(plain);
  return optimized;
}

std::map<std::string, int> CountOps(const Ops& ops) {
  std::map<std::string, int> counts;
  for (const std::string& op : ops) ++counts[op];
  return counts;
}

std::string TestData(const std::string& name) {
  const char* dir = std::getenv("TEST_SRCDIR");
  return std::string(dir != nullptr ? dir : ".") + "/tfconv/converter/optimize/testdata/" + name;
}

TEST(OptimizeRealModels, MnistCnnExample) {
  const char* dir = std::getenv("TEST_SRCDIR");
  ConversionRequest r;
  r.graph_def_file = std::string(dir != nullptr ? dir : ".") + "/tfconv/examples/mnist_cnn.pbtxt";
  r.input_arrays = {"image"};
  r.output_arrays = {"probabilities"};
  TflModel before;
  TflModel after = ConvertBothWays(r, &before);
  //        before (18)
  EXPECT_EQ(OpList(before), (Ops{"CONV_2D", "ADD", "RELU", "MAX_POOL_2D", "DEPTHWISE_CONV_2D", "ADD", "RELU6",
                                 "CONV_2D", "ADD", "RELU6", "MAX_POOL_2D", "CONV_2D", "ADD", "RELU", "RESHAPE",
                                 "FULLY_CONNECTED", "ADD", "SOFTMAX"}));
  //        after (9, as the official converter)
  EXPECT_EQ(OpList(after), (Ops{"CONV_2D+RELU", "MAX_POOL_2D", "DEPTHWISE_CONV_2D+RELU6", "CONV_2D+RELU6",
                                "MAX_POOL_2D", "CONV_2D+RELU", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX"}));
  const TflSubgraph& g = after.subgraphs[0];
  EXPECT_EQ(g.tensors[g.inputs[0]].name, "image");
  EXPECT_EQ(g.tensors[g.outputs[0]].name, "probabilities");
}

TEST(OptimizeRealModels, KeywordSpottingSavedModel) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  ConversionRequest r;
  r.saved_model_dir = shared + "/testdata/real/mlperf_tiny/keyword_spotting/kws_ref_model";
  TflModel before;
  TflModel after = ConvertBothWays(r, &before);
  EXPECT_GT(OpList(before).size(), 40u);
  // The official converter's 13: CONV_2D, 4 x (DEPTHWISE_CONV_2D, CONV_2D), AVERAGE_POOL_2D,
  // RESHAPE, FULLY_CONNECTED, SOFTMAX.
  EXPECT_EQ(OpList(after).size(), 13u) << Join(OpList(after));
  ASSERT_EQ(after.signature_defs.size(), before.signature_defs.size());
  for (size_t i = 0; i < after.signature_defs.size(); ++i) {
    const TflSignatureDef& a = after.signature_defs[i];
    const TflSignatureDef& b = before.signature_defs[i];
    ASSERT_EQ(a.outputs.size(), b.outputs.size());
    for (size_t j = 0; j < a.outputs.size(); ++j) {
      EXPECT_EQ(a.outputs[j].first, b.outputs[j].first);
      EXPECT_EQ(after.subgraphs[a.subgraph_index].tensors[a.outputs[j].second].name,
                before.subgraphs[b.subgraph_index].tensors[b.outputs[j].second].name);
    }
  }
}

TEST(OptimizeRealModels, HumanIrisPReluFromTfjs) {
  // tfjs' Prelu written back as Relu/Neg/Relu/Mul/Sub (NOTES.md of npm_graphs): 53 of them.
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = shared + "/testdata/real/npm_graphs/";
  ConversionRequest r;
  r.graph_def_file = dir + "human_iris.pb";
  r.input_arrays = {"input_1"};
  r.input_shapes = "1,64,64,3";
  r.output_arrays = {"Identity"};
  TflModel before;
  TflModel after = ConvertBothWays(r, &before);
  const std::map<std::string, int> b = CountOps(OpList(before)), a = CountOps(OpList(after));
  //        before (435 operators)
  EXPECT_EQ(b, (std::map<std::string, int>{{"ADD", 81}, {"CONCATENATION", 1}, {"CONV_2D", 55},
                                            {"DEPTHWISE_CONV_2D", 26}, {"MAX_POOL_2D", 6}, {"MUL", 53},
                                            {"NEG", 53}, {"PAD", 1}, {"RELU", 106}, {"SUB", 53}}));
  //        after (168: the BatchNorm ADDs folded into the convs, each PReLU one PRELU)
  EXPECT_EQ(a, (std::map<std::string, int>{{"ADD", 26}, {"CONCATENATION", 1}, {"CONV_2D", 55},
                                            {"DEPTHWISE_CONV_2D", 26}, {"MAX_POOL_2D", 6}, {"PAD", 1},
                                            {"PRELU", 53}}));
  // The optimized model against tfjs running the original model on the validators' default input.
  absl::StatusOr<RtTensor> input = DefaultPatternTensor(tflite::TensorType::FLOAT32, {1, 64, 64, 3});
  ASSERT_TRUE(input.ok()) << input.status();
  absl::StatusOr<std::vector<RtTensor>> ours = optimize_test::Run(after, {*input});
  ASSERT_TRUE(ours.ok()) << ours.status();
  absl::StatusOr<std::vector<TensorSource>> file = ReadTensorFile(dir + "human_iris.reference.json");
  ASSERT_TRUE(file.ok()) << file.status();
  absl::StatusOr<std::vector<RtTensor>> reference = TensorsAsGiven(*file);
  ASSERT_TRUE(reference.ok()) << reference.status();
  ASSERT_EQ(ours->size(), 1u);
  ASSERT_EQ(reference->size(), 1u);
  ASSERT_EQ((*ours)[0].num_elements(), (*reference)[0].num_elements());
  double worst = 0;
  for (int64_t i = 0; i < (*ours)[0].num_elements(); ++i) {
    const double x = (*ours)[0].data<float>()[i], y = (*reference)[0].data<float>()[i];
    worst = std::max(worst, std::fabs(x - y) / (1e-4 + 1e-4 * std::fabs(y)));
  }
  EXPECT_LE(worst, 1.0) << "outside |ours - tfjs| <= 1e-4 + 1e-4 |tfjs|";
}

TEST(OptimizeRealModels, AtrousConvolutionsAsTensorFlowWritesThem) {
  ConversionRequest r;
  r.graph_def_file = TestData("atrous_conv.pbtxt");
  r.input_arrays = {"x"};
  r.output_arrays = {"y"};
  TflModel before;
  TflModel after = ConvertBothWays(r, &before);
  //        before
  EXPECT_EQ(OpList(before), (Ops{"SPACE_TO_BATCH_ND", "CONV_2D", "BATCH_TO_SPACE_ND", "ADD", "RELU",
                                 "SPACE_TO_BATCH_ND", "DEPTHWISE_CONV_2D", "BATCH_TO_SPACE_ND", "ADD", "RELU6"}));
  //        after
  EXPECT_EQ(OpList(after), (Ops{"CONV_2D+RELU", "DEPTHWISE_CONV_2D+RELU6"}));
  const TflSubgraph& g = after.subgraphs[0];
  ASSERT_EQ(g.operators.size(), 2u);
  const tflite::Conv2DOptionsT* conv = g.operators[0].builtin_options.AsConv2DOptions();
  const tflite::DepthwiseConv2DOptionsT* dw = g.operators[1].builtin_options.AsDepthwiseConv2DOptions();
  ASSERT_NE(conv, nullptr);
  ASSERT_NE(dw, nullptr);
  EXPECT_EQ(conv->padding, tflite::Padding::SAME);
  EXPECT_EQ(conv->dilation_h_factor, 2);
  EXPECT_EQ(conv->dilation_w_factor, 2);
  EXPECT_EQ(dw->padding, tflite::Padding::VALID);
  EXPECT_EQ(dw->dilation_h_factor, 3);
  EXPECT_EQ(dw->dilation_w_factor, 3);
  EXPECT_EQ(g.tensors[g.outputs[0]].name, "y");
}

TEST(OptimizeRealModels, DilatedConv1dAsTensorFlowWritesIt) {
  ConversionRequest r;
  r.graph_def_file = TestData("atrous_conv1d.pbtxt");
  r.input_arrays = {"x"};
  r.output_arrays = {"y"};
  TflModel before;
  TflModel after = ConvertBothWays(r, &before);
  //        before
  EXPECT_EQ(OpList(before),
            (Ops{"SPACE_TO_BATCH_ND", "RESHAPE", "CONV_2D", "RESHAPE", "BATCH_TO_SPACE_ND", "ADD"}));
  //        after (the bias ADD after the squeeze is not moved into the conv)
  EXPECT_EQ(OpList(after), (Ops{"RESHAPE", "CONV_2D", "RESHAPE", "ADD"}));
  const tflite::Conv2DOptionsT* conv = after.subgraphs[0].operators[1].builtin_options.AsConv2DOptions();
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(conv->padding, tflite::Padding::SAME);
  EXPECT_EQ(conv->dilation_h_factor, 1);
  EXPECT_EQ(conv->dilation_w_factor, 2);
}

TEST(OptimizeRealModels, KerasAndTfjsActivationSpellings) {
  ConversionRequest r;
  r.graph_def_file = TestData("activation_patterns.pbtxt");
  r.input_arrays = {"x"};
  r.output_arrays = {"y"};
  TflModel before;
  TflModel after = ConvertBothWays(r, &before);
  //        before
  EXPECT_EQ(OpList(before), (Ops{"RELU", "NEG", "RELU", "MUL", "ADD",      // Keras PReLU
                                 "ADD", "RELU6", "MUL", "MUL",             // hard swish
                                 "MUL", "MAXIMUM",                         // max(0.2 x, x)
                                 "MUL", "POW", "MUL", "ADD", "MUL", "TANH", "ADD", "MUL"}));  // gelu
  //        after
  EXPECT_EQ(OpList(after), (Ops{"PRELU", "HARD_SWISH", "LEAKY_RELU", "GELU"}));
}

TEST(OptimizeRealModels, GeluWithErfAsACustomOp) {
  // Erf has no builtin: with --allow_custom_ops it is lowered as the custom op "Erf", which only
  // the GELU pattern turns into a builtin. The unoptimized model cannot run here (no Erf kernel),
  // so the optimized one is checked against the formula.
  ConversionRequest r;
  r.graph_def_file = TestData("gelu_erf.pbtxt");
  r.input_arrays = {"x"};
  r.output_arrays = {"y"};
  r.lowering.allow_custom_ops = true;
  ConversionRequest plain = r;
  plain.optimize = false;
  absl::StatusOr<TflModel> before = BuiltinConverter().Convert(plain);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(OpList(*before), (Ops{"MUL", "DIV", "CUSTOM(Erf)", "ADD", "MUL"}));
  absl::StatusOr<TflModel> after = BuiltinConverter().Convert(r);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(OpList(*after), (Ops{"GELU"}));
  const std::vector<float> x = Linspace(-3.5f, 2.5f, 16);
  absl::StatusOr<std::vector<RtTensor>> out = optimize_test::Run(*after, {FloatTensor({2, 8}, x)});
  ASSERT_TRUE(out.ok()) << out.status();
  for (size_t i = 0; i < x.size(); ++i) {
    const double expected = 0.5 * x[i] * (1 + std::erf(x[i] / std::sqrt(2.0)));
    EXPECT_NEAR((*out)[0].data<float>()[i], expected, 2e-6) << "x = " << x[i];
  }
}

}  // namespace
}  // namespace tfconv
