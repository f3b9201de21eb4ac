#include "converter/passes/remove_identities.h"

#include "converter/passes/test_ops.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

class RemoveIdentitiesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterTestOps(registry_);
    context_.registry = &registry_;
    context_.model_interface = &interface_;
  }
  OpRegistry registry_;
  ModelInterface interface_;
  PassContext context_;
  Graph g_;
};

TEST_F(RemoveIdentitiesTest, ChainsAreSplicedOut) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({1}));
  Node* i1 = AddOp(g_, "i1", "Identity", {{x, 0}});
  Node* i2 = AddOp(g_, "i2", "Identity", {{i1, 0}});
  Node* y = AddOp(g_, "y", "Add", {{i2, 0}, {i1, 0}});
  interface_.inputs = {{"x", {x, 0}}};
  interface_.outputs = {{"y", {y, 0}}};
  ASSERT_TRUE(RemoveIdentities(g_, context_).ok());
  EXPECT_EQ(g_.num_nodes(), 2);
  EXPECT_EQ(y->inputs[0], (Output{x, 0}));
  EXPECT_EQ(y->inputs[1], (Output{x, 0}));
}

TEST_F(RemoveIdentitiesTest, OutputIdentityKeepsItsName) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({1}));
  Node* y = AddOp(g_, "y", "Add", {{x, 0}, {x, 0}});
  Node* out = AddOp(g_, "output", "Identity", {{y, 0}});
  interface_.outputs = {{"output", {out, 0}}};
  ASSERT_TRUE(RemoveIdentities(g_, context_).ok());
  EXPECT_EQ(g_.FindNode("output"), out);
}

TEST_F(RemoveIdentitiesTest, ControlEdgesMove) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({1}));
  Node* check = g_.AddNode("check", "Assert");
  Node* id = AddOp(g_, "id", "Identity", {{x, 0}});
  id->control_inputs.push_back(check);
  Node* y = AddOp(g_, "y", "Add", {{id, 0}, {x, 0}});
  Node* after = g_.AddNode("after", "NoOp");
  after->control_inputs.push_back(id);
  interface_.outputs = {{"y", {y, 0}}};
  ASSERT_TRUE(RemoveIdentities(g_, context_).ok());
  EXPECT_EQ(g_.FindNode("id"), nullptr);
  EXPECT_EQ(y->inputs[0], (Output{x, 0}));
  EXPECT_EQ(y->control_inputs, (std::vector<Node*>{check}));
  EXPECT_EQ(after->control_inputs, (std::vector<Node*>{x, check}));
}

TEST_F(RemoveIdentitiesTest, PlaceholderWithDefaultThatIsNoInputIsSpliced) {
  Node* d = AddConst(g_, "default", Tensor::Scalar<float>(1));
  Node* pwd = AddOp(g_, "training", "PlaceholderWithDefault", {{d, 0}});
  Node* y = AddOp(g_, "y", "Add", {{pwd, 0}, {d, 0}});
  interface_.outputs = {{"y", {y, 0}}};
  ASSERT_TRUE(RemoveIdentities(g_, context_).ok());
  EXPECT_EQ(g_.FindNode("training"), nullptr);
  EXPECT_EQ(y->inputs[0], (Output{d, 0}));
}

TEST_F(RemoveIdentitiesTest, NodesWithOtherOutputsReadStay) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({1}));
  Node* odd = AddOp(g_, "odd", "Identity", {{x, 0}});
  Node* y = AddOp(g_, "y", "Add", {{odd, 1}, {odd, 0}});
  interface_.outputs = {{"y", {y, 0}}};
  ASSERT_TRUE(RemoveIdentities(g_, context_).ok());
  EXPECT_EQ(g_.FindNode("odd"), odd);
}

}  // namespace
}  // namespace tfconv
