// Real published networks (../shared/testdata/real/npm_graphs, see its NOTES.md) evaluated on the
// validators' default inputs and compared with the outputs tfjs computed from the original models
// (*.reference.json), within 1e-4 (absolute + relative), as the op-coverage work asks of them.
#include <cstdlib>
#include <iostream>
#include <string>

#include "converter/frontend/shared_testdata.h"
#include "gtest/gtest.h"
#include "ops/plugin_loader.h"
#include "runtime_check/compare/tensor_compare.h"
#include "runtime_check/evaluator/graph_evaluator.h"
#include "runtime_check/io/tensor_io.h"

namespace tfconv {
namespace {

const OpRegistry& BuiltinPlugins() {
  static const OpRegistry* registry = [] {
    auto* r = new OpRegistry();
    const char* dir = std::getenv("TEST_SRCDIR");
    PluginSearchOptions o;
    o.plugin_dirs = {std::string(dir != nullptr ? dir : ".") + "/tfconv/plugins"};
    o.search_environment = o.search_runfiles = o.search_executable_dir = false;
    absl::StatusOr<PluginLoadReport> report = LoadAllPlugins(o, *r, /*strict=*/true);
    EXPECT_TRUE(report.ok()) << report.status();
    return r;
  }();
  return *registry;
}

struct NpmGraph {
  const char* name;
  const char* input;
  const char* shape;
  std::vector<std::string> outputs;
};

class NpmGraphsTest : public ::testing::TestWithParam<NpmGraph> {};

TEST_P(NpmGraphsTest, MatchesTheTfjsReference) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const NpmGraph& g = GetParam();
  const std::string dir = shared + "/testdata/real/npm_graphs/";
  ConversionRequest request;
  request.graph_def_file = dir + g.name + ".pb";
  request.input_arrays = {g.input};
  request.input_shapes = g.shape;
  request.output_arrays = g.outputs;
  absl::StatusOr<std::unique_ptr<GraphEvaluator>> ev = GraphEvaluator::Create(request, BuiltinPlugins());
  ASSERT_TRUE(ev.ok()) << ev.status();
  // A node without reference semantics is a limit of the plugins: reported, not a failure.
  if (!(*ev)->unevaluable().empty()) {
    std::string list;
    for (const UnevaluableNode& u : (*ev)->unevaluable()) {
      list += "\n  node '" + u.node + "' (" + u.op + "): " + u.reason;
    }
    GTEST_SKIP() << g.name << " cannot be evaluated:" << list;
  }
  absl::StatusOr<std::vector<Tensor>> in = (*ev)->DefaultInputs();
  ASSERT_TRUE(in.ok()) << in.status();
  absl::StatusOr<std::vector<Tensor>> out = (*ev)->Evaluate(*in);
  ASSERT_TRUE(out.ok()) << out.status();

  absl::StatusOr<std::vector<TensorSource>> file = ReadTensorFile(dir + g.name + ".reference.json");
  ASSERT_TRUE(file.ok()) << file.status();
  absl::StatusOr<std::vector<RtTensor>> reference = TensorsAsGiven(*file);
  ASSERT_TRUE(reference.ok()) << reference.status();
  // The reference lists the outputs in the order of the table in NOTES.md, as output_arrays here.
  std::vector<CompareOperand> ours, theirs;
  for (size_t i = 0; i < out->size(); ++i) ours.push_back(CompareOperand::Of((*out)[i], (*ev)->outputs()[i].name));
  for (const RtTensor& t : *reference) {
    absl::StatusOr<CompareOperand> operand = OperandFromRtTensor(t);
    ASSERT_TRUE(operand.ok()) << operand.status();
    theirs.push_back(*std::move(operand));
  }
  CompareOptions options;
  options.tolerance = {1e-4, 1e-4, 0.99999};
  ComparisonReport report = CompareTensorLists(ours, theirs, options);
  for (size_t i = 0; i < report.outputs.size(); ++i) {
    EXPECT_EQ(report.outputs[i].name, report.outputs[i].expected_name);
  }
  EXPECT_TRUE(report.passed) << report.ToText();
  std::cout << g.name << " (" << (*ev)->num_evaluated_nodes() << " nodes evaluated):\n" << report.ToText();
}

INSTANTIATE_TEST_SUITE_P(
    Real, NpmGraphsTest,
    ::testing::Values(NpmGraph{"human_antispoof", "conv2d_input", "1,128,128,3", {"Identity"}},
                      NpmGraph{"human_blazeface", "input", "1,256,256,3",
                               {"Identity_3", "Identity", "Identity_1", "Identity_2"}},
                      NpmGraph{"human_emotion", "input_1", "1,64,64,1", {"Identity"}},
                      NpmGraph{"human_iris", "input_1", "1,64,64,3", {"Identity"}}),
    [](const ::testing::TestParamInfo<NpmGraph>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace tfconv
