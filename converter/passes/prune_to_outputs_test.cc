#include "converter/passes/prune_to_outputs.h"

#include "converter/passes/test_ops.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

class PruneToOutputsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterTestOps(registry_);
    context_.registry = &registry_;
    context_.model_interface = &interface_;
  }
  std::vector<std::string> Names() {
    std::vector<std::string> out;
    for (const Node* n : g_.nodes()) out.push_back(n->name());
    return out;
  }
  std::vector<std::string> OutputNames() {
    std::vector<std::string> out;
    for (const auto& t : interface_.outputs) out.push_back(t.name);
    return out;
  }

  OpRegistry registry_;
  ModelInterface interface_;
  PassContext context_;
  Graph g_;
};

TEST_F(PruneToOutputsTest, KeepsWhatTheOutputsNeedThroughDataAndControlEdges) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({2}));
  Node* check = g_.AddNode("check", "Assert");
  Node* y = AddOp(g_, "y", "Add", {{x, 0}, {x, 0}});
  y->control_inputs.push_back(check);
  Node* side = g_.AddNode("side_effect", "RandomUniform");  // stateful, but feeds nothing needed
  AddOp(g_, "other_output", "Add", {{side, 0}, {x, 0}});
  context_.options.output_arrays = {"y"};
  ASSERT_TRUE(PruneToOutputs(g_, context_).ok());
  EXPECT_EQ(Names(), (std::vector<std::string>{"x", "check", "y"}));
  ASSERT_EQ(interface_.outputs.size(), 1u);
  EXPECT_EQ(interface_.outputs[0].name, "y");
  EXPECT_EQ(interface_.outputs[0].tensor, (Output{y, 0}));
}

TEST_F(PruneToOutputsTest, KeepsNamedInputsEvenWhenUnused) {
  AddPlaceholder(g_, "unused", DataType::kFloat, PartialShape({2}));
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({2}));
  AddOp(g_, "y", "Add", {{x, 0}, {x, 0}});
  context_.options.output_arrays = {"y:0"};
  context_.options.input_arrays = {"x", "unused"};
  ASSERT_TRUE(PruneToOutputs(g_, context_).ok());
  EXPECT_EQ(Names(), (std::vector<std::string>{"unused", "x", "y"}));
  EXPECT_EQ(OutputNames(), (std::vector<std::string>{"y:0"}));
}

TEST_F(PruneToOutputsTest, MissingOutputsAreListedWithSuggestions) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({2}));
  AddOp(g_, "model/logits", "Add", {{x, 0}, {x, 0}});
  context_.options.output_arrays = {"logits", "model/logit", "zzz_nothing"};
  absl::Status s = PruneToOutputs(g_, context_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "output arrays 'logits' (did you mean 'model/logits'?), 'model/logit' (did you mean "
            "'model/logits'?), 'zzz_nothing' are not in the graph");
  EXPECT_EQ(g_.num_nodes(), 2);  // nothing removed on error
}

TEST_F(PruneToOutputsTest, DefaultOutputsAreUnreadDataOutputs) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({2}));
  AddPlaceholder(g_, "unused_input", DataType::kFloat, PartialShape({2}));
  Node* a = AddOp(g_, "a", "Add", {{x, 0}, {x, 0}});
  AddOp(g_, "b", "Add", {{a, 0}, {x, 0}});
  g_.AddNode("init", "NoOp");                                 // no data output
  AddOp(g_, "custom", "UnknownToEveryPlugin", {{a, 0}});      // assumed to have one
  Node* recorded = AddOp(g_, "recorded_sink", "UnknownSink", {{a, 0}});
  recorded->attrs["_output_shapes"] = AttrList();            // recorded: no outputs
  ASSERT_TRUE(PruneToOutputs(g_, context_).ok());
  EXPECT_EQ(OutputNames(), (std::vector<std::string>{"b", "custom"}));
  EXPECT_EQ(Names(), (std::vector<std::string>{"x", "a", "b", "custom"}));
}

TEST_F(PruneToOutputsTest, GraphWithoutOutputsIsAnError) {
  g_.AddNode("init", "NoOp");
  absl::Status s = PruneToOutputs(g_, context_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("--output_arrays"), std::string::npos);
}

}  // namespace
}  // namespace tfconv
