#include "converter/passes/apply_input_arrays.h"

#include "converter/passes/prune_to_outputs.h"
#include "converter/passes/test_ops.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

class ApplyInputArraysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterTestOps(registry_);
    context_.registry = &registry_;
    context_.model_interface = &interface_;
  }
  // Prune first, as the frozen-graph pipeline does.
  absl::Status Run() {
    absl::Status s = PruneToOutputs(g_, context_);
    if (!s.ok()) return s;
    return ApplyInputArrays(g_, context_);
  }
  std::vector<std::string> Names() {
    std::vector<std::string> out;
    for (const Node* n : g_.nodes()) out.push_back(n->name());
    return out;
  }

  OpRegistry registry_;
  ModelInterface interface_;
  PassContext context_;
  Graph g_;
};

TEST_F(ApplyInputArraysTest, PlaceholderTakesTheGivenShape) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({-1, 10}));
  AddOp(g_, "y", "Add", {{x, 0}, {x, 0}});
  context_.options.input_arrays = {"x:0"};
  context_.options.input_shapes = {PartialShape({4, 10})};
  context_.options.output_arrays = {"y"};
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(*x->FindAttr("shape")->get_if<PartialShape>(), PartialShape({4, 10}));
  EXPECT_EQ(x->outputs[0].shape, PartialShape({4, 10}));
  ASSERT_EQ(interface_.inputs.size(), 1u);
  EXPECT_EQ(interface_.inputs[0].name, "x:0");
  EXPECT_EQ(interface_.inputs[0].tensor, (Output{x, 0}));
}

TEST_F(ApplyInputArraysTest, ShapeConflictingWithAStaticShapeNamesBoth) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({1, 224, 224, 3}));
  AddOp(g_, "y", "Add", {{x, 0}, {x, 0}});
  context_.options.input_arrays = {"x"};
  context_.options.input_shapes = {PartialShape({1, 112, 112, 3})};
  context_.options.output_arrays = {"y"};
  absl::Status s = Run();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "node 'x' (Placeholder): input array 'x': --input_shapes gives [1,112,112,3] but the "
            "placeholder's static shape is [1,224,224,3]");
}

TEST_F(ApplyInputArraysTest, RelaxingADimensionIsAllowedAndTypesMustAgree) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({1, 3}));
  AddOp(g_, "y", "Add", {{x, 0}, {x, 0}});
  context_.options.input_arrays = {"x"};
  context_.options.input_shapes = {PartialShape({-1, 3})};
  context_.options.output_arrays = {"y"};
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(x->outputs[0].shape, PartialShape({-1, 3}));

  context_.options.input_types = {DataType::kInt32};
  absl::Status s = ApplyInputArrays(g_, context_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("is given type int32 but the placeholder has type float32"),
            std::string::npos) << s;
}

TEST_F(ApplyInputArraysTest, InnerTensorCutsTheGraph) {
  // x -> pre (Add) -> body (Add) -> y; cutting at "pre" drops x and pre.
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({2, 5}));
  Node* pre = AddOp(g_, "pre", "Add", {{x, 0}, {x, 0}});
  Node* body = AddOp(g_, "body", "Add", {{pre, 0}, {pre, 0}});
  context_.options.input_arrays = {"pre"};
  context_.options.output_arrays = {"body"};
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(Names(), (std::vector<std::string>{"body", "pre"}));
  Node* input = g_.FindNode("pre");
  ASSERT_NE(input, pre);
  EXPECT_EQ(input->op(), "Placeholder");
  EXPECT_EQ(*input->FindAttr("dtype")->get_if<DataType>(), DataType::kFloat);
  EXPECT_EQ(*input->FindAttr("shape")->get_if<PartialShape>(), PartialShape({2, 5}));
  EXPECT_EQ(body->inputs[0], (Output{input, 0}));
  EXPECT_EQ(body->inputs[1], (Output{input, 0}));
  ASSERT_EQ(interface_.inputs.size(), 1u);
  EXPECT_EQ(interface_.inputs[0].name, "pre");
  EXPECT_EQ(interface_.inputs[0].tensor, (Output{input, 0}));
  (void)x;
}

TEST_F(ApplyInputArraysTest, CutKeepsTheUserSpellingAndAGivenShapeWins) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({2, 5}));
  Node* pre = AddOp(g_, "pre", "Add", {{x, 0}, {x, 0}});
  AddOp(g_, "body", "Add", {{pre, 0}, {pre, 0}});
  context_.options.input_arrays = {"pre:0"};
  context_.options.input_shapes = {PartialShape({-1, 5})};
  context_.options.output_arrays = {"body"};
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(interface_.inputs[0].name, "pre:0");
  EXPECT_EQ(interface_.inputs[0].tensor.node->name(), "pre");
  EXPECT_EQ(interface_.inputs[0].tensor.node->outputs[0].shape, PartialShape({-1, 5}));
}

TEST_F(ApplyInputArraysTest, CutAtANodeThatStaysGetsASuffixedName) {
  // `pre` must stay: the output still waits on it through a control edge.
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({3}));
  Node* pre = AddOp(g_, "pre", "Add", {{x, 0}, {x, 0}});
  Node* y = AddOp(g_, "y", "Add", {{pre, 0}, {x, 0}});
  y->control_inputs.push_back(pre);
  context_.options.input_arrays = {"pre", "x"};
  context_.options.output_arrays = {"y"};
  ASSERT_TRUE(Run().ok());
  Node* input = interface_.inputs[0].tensor.node;
  EXPECT_EQ(input->name(), "pre_0");
  EXPECT_EQ(y->inputs[0], (Output{input, 0}));
  EXPECT_EQ(g_.FindNode("pre"), pre);
}

TEST_F(ApplyInputArraysTest, NamedPlaceholderWithDefaultBecomesAPlaceholder) {
  Node* d = AddConst(g_, "default", Tensor::FromVector<float>({2}, {1, 2}));
  Node* pwd = AddOp(g_, "flag", "PlaceholderWithDefault", {{d, 0}});
  AddOp(g_, "y", "Add", {{pwd, 0}, {pwd, 0}});
  context_.options.input_arrays = {"flag"};
  context_.options.output_arrays = {"y"};
  ASSERT_TRUE(Run().ok());
  Node* input = g_.FindNode("flag");
  EXPECT_EQ(input->op(), "Placeholder");
  EXPECT_EQ(g_.FindNode("default"), nullptr);
  EXPECT_EQ(input->outputs[0].shape, PartialShape({2}));
}

TEST_F(ApplyInputArraysTest, UnknownProducerTypeComesFromItsAttrOrIsAnError) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({3}));
  Node* decode = AddOp(g_, "decode", "DecodeSomething", {{x, 0}});
  decode->attrs["T"] = DataType::kInt32;
  Node* mystery = AddOp(g_, "mystery", "Mystery", {{x, 0}});
  AddOp(g_, "y", "Add", {{decode, 0}, {decode, 0}});
  AddOp(g_, "z", "Add", {{mystery, 0}, {mystery, 0}});
  context_.options.input_arrays = {"decode"};
  context_.options.output_arrays = {"y"};
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(g_.FindNode("decode")->outputs[0].dtype, DataType::kInt32);

  Graph g2;
  Node* x2 = AddPlaceholder(g2, "x", DataType::kFloat, PartialShape({3}));
  Node* m2 = AddOp(g2, "mystery", "Mystery", {{x2, 0}});
  AddOp(g2, "z", "Add", {{m2, 0}, {m2, 0}});
  context_.options.input_arrays = {"mystery"};
  context_.options.output_arrays = {"z"};
  ASSERT_TRUE(PruneToOutputs(g2, context_).ok());
  absl::Status s = ApplyInputArrays(g2, context_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("cannot tell the element type of input array 'mystery'"),
            std::string::npos) << s;

  context_.options.input_types = {DataType::kFloat};
  EXPECT_TRUE(ApplyInputArrays(g2, context_).ok());
}

TEST_F(ApplyInputArraysTest, CountMismatchesAreClearErrors) {
  Node* a = AddPlaceholder(g_, "a", DataType::kFloat, PartialShape({1}));
  Node* b = AddPlaceholder(g_, "b", DataType::kFloat, PartialShape({1}));
  AddOp(g_, "y", "Add", {{a, 0}, {b, 0}});
  context_.options.output_arrays = {"y"};
  context_.options.input_arrays = {"a", "b"};
  context_.options.input_shapes = {PartialShape({1})};
  absl::Status s = Run();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "--input_arrays names 2 input(s) (a, b) but --input_shapes gives 1 shape(s); give one "
            "shape per input, separated by ':' (an empty one is a scalar)");

  context_.options.input_arrays.clear();
  s = ApplyInputArrays(g_, context_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("no --input_arrays"), std::string::npos) << s;
}

TEST_F(ApplyInputArraysTest, MissingInputNamesSuggestCloseOnes) {
  Node* x = AddPlaceholder(g_, "input_image", DataType::kFloat, PartialShape({1}));
  AddOp(g_, "y", "Add", {{x, 0}, {x, 0}});
  context_.options.output_arrays = {"y"};
  context_.options.input_arrays = {"input_imag"};
  absl::Status s = Run();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "input array 'input_imag' (did you mean 'input_image'?) is not in the graph");
}

TEST_F(ApplyInputArraysTest, UnnamedPlaceholdersTheOutputsNeedAreAnError) {
  Node* a = AddPlaceholder(g_, "a", DataType::kFloat, PartialShape({1}));
  Node* b = AddPlaceholder(g_, "b", DataType::kFloat, PartialShape({1}));
  Node* c = AddPlaceholder(g_, "c", DataType::kFloat, PartialShape({1}));
  Node* ab = AddOp(g_, "ab", "Add", {{a, 0}, {b, 0}});
  AddOp(g_, "y", "Add", {{ab, 0}, {c, 0}});
  context_.options.output_arrays = {"y"};
  context_.options.input_arrays = {"b"};
  absl::Status s = Run();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "the outputs need the graph input(s) a, c, which --input_arrays does not name; add them "
            "to --input_arrays");
}

TEST_F(ApplyInputArraysTest, WithoutInputArraysThePlaceholdersLeftAreTheInputs) {
  Node* b = AddPlaceholder(g_, "b", DataType::kFloat, PartialShape({1}));
  AddPlaceholder(g_, "unused", DataType::kFloat, PartialShape({1}));
  Node* a = AddPlaceholder(g_, "a", DataType::kFloat, PartialShape({1}));
  AddOp(g_, "y", "Add", {{a, 0}, {b, 0}});
  context_.options.output_arrays = {"y"};
  ASSERT_TRUE(Run().ok());
  ASSERT_EQ(interface_.inputs.size(), 2u);
  EXPECT_EQ(interface_.inputs[0].name, "b");  // graph order
  EXPECT_EQ(interface_.inputs[1].name, "a");
}

}  // namespace
}  // namespace tfconv
