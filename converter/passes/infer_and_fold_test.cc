#include "converter/passes/infer_and_fold.h"

#include "converter/passes/test_ops.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

class InferAndFoldTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterTestOps(registry_);
    context_.registry = &registry_;
    context_.model_interface = &interface_;
  }
  std::vector<float> Floats(const Node* n, int i = 0) {
    const Tensor& t = *n->outputs[i].value;
    return std::vector<float>(t.data<float>().begin(), t.data<float>().end());
  }

  OpRegistry registry_;
  ModelInterface interface_;
  PassContext context_;
  Graph g_;
};

TEST_F(InferAndFoldTest, FoldsConstantSubgraphs) {
  Node* a = AddConst(g_, "a", Tensor::FromVector<float>({2, 2}, {1, 2, 3, 4}));
  Node* b = AddConst(g_, "b", Tensor::Scalar<float>(0.5f));
  Node* sum = AddOp(g_, "sum", "Add", {{a, 0}, {b, 0}});
  Node* twice = AddOp(g_, "twice", "Add", {{sum, 0}, {sum, 0}});
  ASSERT_TRUE(InferAndFold(g_, context_).ok());
  ASSERT_TRUE(twice->outputs[0].value.has_value());
  EXPECT_EQ(Floats(sum), (std::vector<float>{1.5f, 2.5f, 3.5f, 4.5f}));
  EXPECT_EQ(Floats(twice), (std::vector<float>{3, 5, 7, 9}));
  EXPECT_EQ(twice->outputs[0].dtype, DataType::kFloat);
  EXPECT_EQ(twice->outputs[0].shape, PartialShape({2, 2}));
}

TEST_F(InferAndFoldTest, InputsAreInferredNotFolded) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({-1, 3}));
  Node* c = AddConst(g_, "c", Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6}));
  Node* y = AddOp(g_, "y", "Add", {{x, 0}, {c, 0}});
  ASSERT_TRUE(InferAndFold(g_, context_).ok());
  EXPECT_FALSE(x->outputs[0].value.has_value());
  EXPECT_FALSE(y->outputs[0].value.has_value());
  EXPECT_EQ(y->outputs[0].dtype, DataType::kFloat);
  EXPECT_EQ(y->outputs[0].shape, PartialShape({2, 3}));  // the unknown dim taken from c
}

TEST_F(InferAndFoldTest, ForwardingNodesPassInput0Through) {
  Node* c = AddConst(g_, "c", Tensor::FromVector<int32_t>({3}, {7, 8, 9}));
  Node* id = AddOp(g_, "id", "Identity", {{c, 0}});
  Node* with_default = AddOp(g_, "pwd", "PlaceholderWithDefault", {{id, 0}});
  with_default->attrs["shape"] = PartialShape({-1});
  Node* y = AddOp(g_, "y", "Add", {{with_default, 0}, {id, 0}});
  ASSERT_TRUE(InferAndFold(g_, context_).ok());
  ASSERT_TRUE(id->outputs[0].value.has_value());
  ASSERT_TRUE(with_default->outputs[0].value.has_value());
  EXPECT_EQ(with_default->outputs[0].shape, PartialShape({3}));
  ASSERT_TRUE(y->outputs[0].value.has_value());
  auto v = y->outputs[0].value->data<int32_t>();
  EXPECT_EQ(std::vector<int32_t>(v.begin(), v.end()), (std::vector<int32_t>{14, 16, 18}));
}

TEST_F(InferAndFoldTest, StatefulOpsAreNeverFolded) {
  const int before = RandomUniformEvaluations();
  Node* r = g_.AddNode("r", "RandomUniform");
  Node* c = AddConst(g_, "c", Tensor::Scalar<float>(1));
  Node* y = AddOp(g_, "y", "Add", {{r, 0}, {c, 0}});
  ASSERT_TRUE(InferAndFold(g_, context_).ok());
  EXPECT_EQ(RandomUniformEvaluations(), before);
  EXPECT_FALSE(r->outputs[0].value.has_value());
  EXPECT_FALSE(y->outputs[0].value.has_value());
  EXPECT_EQ(y->outputs[0].dtype, DataType::kFloat);
}

TEST_F(InferAndFoldTest, UnknownOpsTakeRecordedShapesAndTypes) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({1, 8}));
  Node* custom = AddOp(g_, "custom", "MyCustomOp", {{x, 0}});
  custom->attrs["T"] = DataType::kFloat;
  AttrList shapes;
  shapes.shape = {PartialShape({1, 4}), PartialShape({1, -1})};
  custom->attrs["_output_shapes"] = shapes;
  Node* bare = AddOp(g_, "bare", "AnotherUnknownOp", {{custom, 1}});
  ASSERT_TRUE(InferAndFold(g_, context_).ok());
  ASSERT_EQ(custom->num_outputs(), 2);
  EXPECT_EQ(custom->outputs[0].dtype, DataType::kFloat);
  EXPECT_EQ(custom->outputs[1].shape, PartialShape({1, -1}));
  EXPECT_EQ(bare->num_outputs(), 0);  // nothing known, and that is not an error
}

TEST_F(InferAndFoldTest, InferErrorsPropagateWithTheNodeName) {
  Node* a = AddPlaceholder(g_, "a", DataType::kFloat, PartialShape({2}));
  Node* b = AddPlaceholder(g_, "b", DataType::kFloat, PartialShape({3}));
  AddOp(g_, "bad_add", "Add", {{a, 0}, {b, 0}});
  absl::Status s = InferAndFold(g_, context_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "node 'bad_add' (Add): incompatible shapes [2] and [3]");
}

TEST_F(InferAndFoldTest, ReadingAnOutputAKnownOpDoesNotHaveIsAnError) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({1}));
  x->EnsureOutputs(3);  // as the front end sizes it for a reader of "x:2"
  AddOp(g_, "y", "Add", {{x, 0}, {x, 2}});
  absl::Status s = InferAndFold(g_, context_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "node 'y' (Add): input #1 reads 'x:2', but node 'x' (Placeholder) has 1 output(s)");
}

TEST_F(InferAndFoldTest, RerunDropsValuesThatAreNoLongerConstant) {
  Node* c = AddConst(g_, "c", Tensor::Scalar<float>(2));
  Node* y = AddOp(g_, "y", "Add", {{c, 0}, {c, 0}});
  ASSERT_TRUE(InferAndFold(g_, context_).ok());
  ASSERT_TRUE(y->outputs[0].value.has_value());
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape());
  y->inputs[1] = {x, 0};
  ASSERT_TRUE(InferAndFold(g_, context_).ok());
  EXPECT_FALSE(y->outputs[0].value.has_value());
}

TEST_F(InferAndFoldTest, InterfaceTensorsMustExist) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({1}));
  Node* custom = AddOp(g_, "custom", "MyCustomOp", {{x, 0}});
  interface_.outputs = {{"custom:2", {custom, 2}}};
  ASSERT_TRUE(InferAndFold(g_, context_).ok());
  EXPECT_EQ(custom->num_outputs(), 3);  // an unknown op is given the slot

  interface_.outputs = {{"x:1", {x, 1}}};
  absl::Status s = InferAndFold(g_, context_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "node 'x' (Placeholder): output array 'x:1' names output 1, but the node has 1 output(s)");
}

TEST_F(InferAndFoldTest, EvaluateDisagreeingWithInferIsReportedAsAPluginBug) {
  OpRegistry registry;
  registry.BeginPlugin("tfconv.buggy", false);
  OpRegistration r;
  r.op = "Liar";
  r.infer = [](InferenceContext& c) {
    c.set_output(0, DataType::kFloat, PartialShape({2}));
    return absl::OkStatus();
  };
  r.evaluate = [](const EvalContext&) -> absl::StatusOr<std::vector<Tensor>> {
    return std::vector<Tensor>{Tensor::FromVector<int32_t>({2}, {1, 2})};
  };
  registry.Add(std::move(r));
  ASSERT_TRUE(registry.EndPlugin().ok());
  context_.registry = &registry;
  g_.AddNode("liar", "Liar");
  absl::Status s = InferAndFold(g_, context_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("returned int32 where infer said float32"), std::string::npos) << s;
  EXPECT_NE(s.message().find("tfconv.buggy"), std::string::npos) << s;
}

TEST_F(InferAndFoldTest, AncestorsOnlyLeavesTheRestAlone) {
  Node* c = AddConst(g_, "c", Tensor::Scalar<float>(1));
  Node* y = AddOp(g_, "y", "Add", {{c, 0}, {c, 0}});
  Node* other = AddConst(g_, "other", Tensor::Scalar<float>(3));
  ASSERT_TRUE(InferAndFoldAncestors({y}, context_).ok());
  EXPECT_TRUE(y->outputs[0].value.has_value());
  EXPECT_TRUE(other->outputs.empty());
}

}  // namespace
}  // namespace tfconv
