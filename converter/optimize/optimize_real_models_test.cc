// Real models through the converter, with and without the optimizer: the operator count drops to
// the official converter's and the outputs agree (reference interpreter, same random inputs).
#include <cstdlib>
#include <iostream>

#include "converter/api/converter.h"
#include "converter/frontend/shared_testdata.h"
#include "converter/optimize/optimize.h"
#include "converter/optimize/optimize_test_util.h"
#include "converter/tflite/op_version.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using namespace optimize_test;  // NOLINT

const Converter& BuiltinConverter() {
  static const Converter* converter = [] {
    const char* dir = std::getenv("TEST_SRCDIR");
    PluginSearchOptions o;
    o.plugin_dirs = {std::string(dir != nullptr ? dir : ".") + "/tfconv/plugins"};
    o.search_environment = o.search_runfiles = o.search_executable_dir = false;
    absl::StatusOr<std::unique_ptr<Converter>> c = Converter::Create(o);  // not strict: plugins under work elsewhere may clash
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? c->release() : nullptr;
  }();
  return *converter;
}

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

}  // namespace
}  // namespace tfconv
