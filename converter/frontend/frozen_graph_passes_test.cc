// Real frozen graphs through the front end and the frozen-graph passes, with the test ops standing
// in for the real plugins (ops they do not cover stay unknown, as unsupported ops would).
#include <string>
#include <vector>

#include "converter/frontend/graphdef_import.h"
#include "converter/frontend/shared_testdata.h"
#include "converter/passes/frozen_graph_passes.h"
#include "converter/passes/input_shapes.h"
#include "converter/passes/test_ops.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

class FrozenGraphPassesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterTestOps(registry_);
    context_.registry = &registry_;
    context_.model_interface = &interface_;
    AddFrozenGraphPasses(passes_);
  }
  absl::StatusOr<Graph> Load(const std::string& shared, const std::string& relative) {
    const std::string path = shared + "/testdata/real/" + relative;
    auto def = ReadGraphDefFile(path);
    if (!def.ok()) return def.status();
    return ImportGraphDef(std::move(*def), path);
  }
  static std::vector<std::string> Names(const std::vector<InterfaceTensor>& ts) {
    std::vector<std::string> out;
    for (const auto& t : ts) out.push_back(t.name);
    return out;
  }
  static std::vector<std::string> Inputs(const Node* n) {
    std::vector<std::string> out;
    for (const Output& o : n->inputs) out.push_back(o.TensorName());
    return out;
  }

  OpRegistry registry_;
  ModelInterface interface_;
  PassContext context_;
  PassManager passes_;
};

TEST_F(FrozenGraphPassesTest, FrozenLinearModelWithDefaults) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  auto graph = Load(shared, "tf2onnx/regression/graphdef/frozen.pb");
  ASSERT_TRUE(graph.ok()) << graph.status();
  ASSERT_TRUE(passes_.Run(*graph, context_).ok());
  EXPECT_EQ(Names(interface_.inputs), (std::vector<std::string>{"X"}));
  EXPECT_EQ(Names(interface_.outputs), (std::vector<std::string>{"pred"}));
  // The variable reads are spliced out; the output Identity keeps the user-visible name.
  EXPECT_EQ(graph->FindNode("W/read"), nullptr);
  EXPECT_EQ(graph->FindNode("b/read"), nullptr);
  EXPECT_EQ(Inputs(graph->FindNode("Mul")), (std::vector<std::string>{"X", "W"}));
  EXPECT_EQ(Inputs(graph->FindNode("Add")), (std::vector<std::string>{"Mul", "b"}));
  EXPECT_EQ(graph->FindNode("pred")->op(), "Identity");
  // Mul has no test op: its type comes from its T attribute, and nothing after it folds.
  const Node* mul = graph->FindNode("Mul");
  EXPECT_EQ(mul->outputs[0].dtype, DataType::kFloat);
  EXPECT_FALSE(graph->FindNode("Add")->outputs[0].value.has_value());
  ASSERT_TRUE(graph->FindNode("b")->outputs[0].value.has_value());
  EXPECT_FLOAT_EQ(graph->FindNode("b")->outputs[0].value->data<float>()[0], 1.04952538f);
}

TEST_F(FrozenGraphPassesTest, MultiAddDefaultsAndNamedArrays) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  {
    auto graph = Load(shared, "litert/testdata/multi_add.pb");
    ASSERT_TRUE(graph.ok()) << graph.status();
    ASSERT_TRUE(passes_.Run(*graph, context_).ok());
    EXPECT_EQ(Names(interface_.inputs), (std::vector<std::string>{"a", "b", "c", "d"}));
    EXPECT_EQ(Names(interface_.outputs), (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(graph->FindNode("y")->outputs[0].shape, PartialShape({1, 8, 8, 3}));
  }
  {
    // Cut at the shared sum `i` and keep only `x`: b, c, d and y go. (The interface still names
    // the first graph's nodes; Run starts it afresh.)
    auto graph = Load(shared, "litert/testdata/multi_add.pb");
    ASSERT_TRUE(graph.ok()) << graph.status();
    context_.options.input_arrays = {"a", "i"};
    context_.options.input_shapes = ParseInputShapes("1,8,8,3:1,8,8,3").value();
    context_.options.output_arrays = {"x"};
    ASSERT_TRUE(passes_.Run(*graph, context_).ok());
    EXPECT_EQ(graph->num_nodes(), 3);
    const Node* i = graph->FindNode("i");
    ASSERT_NE(i, nullptr);
    EXPECT_EQ(i->op(), "Placeholder");
    EXPECT_EQ(i->outputs[0].dtype, DataType::kFloat);
    EXPECT_EQ(Inputs(graph->FindNode("x")), (std::vector<std::string>{"a", "i"}));
    EXPECT_EQ(Names(interface_.inputs), (std::vector<std::string>{"a", "i"}));
  }
}

TEST_F(FrozenGraphPassesTest, TypoInOutputArraysIsSuggested) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  auto graph = Load(shared, "tf2onnx/regression/graphdef/frozen.pb");
  ASSERT_TRUE(graph.ok()) << graph.status();
  context_.options.output_arrays = {"prd"};
  absl::Status s = passes_.Run(*graph, context_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(std::string(s.message()),
            "pass 'prune_to_outputs': output array 'prd' (did you mean 'pred'?) is not in the graph");
}

TEST_F(FrozenGraphPassesTest, TextGraphWithStringInputs) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  auto graph = Load(shared, "litert/python_testdata/gather.pbtxt");
  ASSERT_TRUE(graph.ok()) << graph.status();
  ASSERT_TRUE(passes_.Run(*graph, context_).ok());
  EXPECT_EQ(Names(interface_.inputs), (std::vector<std::string>{"input", "indices"}));
  EXPECT_EQ(Names(interface_.outputs), (std::vector<std::string>{"output"}));
  EXPECT_EQ(graph->FindNode("input")->outputs[0].dtype, DataType::kString);
  EXPECT_EQ(graph->FindNode("indices")->outputs[0].shape, PartialShape({3}));
}

}  // namespace
}  // namespace tfconv
