#include "converter/passes/apply_batch_size.h"

#include "converter/passes/apply_input_arrays.h"
#include "converter/passes/infer_and_fold.h"
#include "converter/passes/prune_to_outputs.h"
#include "converter/passes/test_ops.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

class ApplyBatchSizeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterTestOps(registry_);
    context_.registry = &registry_;
    context_.model_interface = &interface_;
  }
  // As the frozen-graph pipeline runs them.
  absl::Status Run() {
    for (auto pass : {PruneToOutputs, ApplyInputArrays, ApplyBatchSize, InferAndFold}) {
      absl::Status s = pass(g_, context_);
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }
  const PartialShape& ShapeAttr(const Node* n) { return *n->FindAttr("shape")->get_if<PartialShape>(); }

  OpRegistry registry_;
  ModelInterface interface_;
  PassContext context_;
  Graph g_;
};

TEST_F(ApplyBatchSizeTest, FillsOnlyADynamicFirstDimension) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({-1, 5}));
  Node* y = AddPlaceholder(g_, "y", DataType::kFloat, PartialShape({2, -1}));    // batch already static
  Node* z = AddPlaceholder(g_, "z", DataType::kFloat, PartialShape({-1, -1}));   // only dim 0 is the batch
  Node* u = AddPlaceholder(g_, "u", DataType::kFloat, PartialShape::UnknownRank());
  Node* s = AddPlaceholder(g_, "s", DataType::kFloat, PartialShape());           // a scalar
  Node* sum = AddOp(g_, "sum", "Add", {{x, 0}, {x, 0}});
  for (Node* n : {y, z, u, s}) AddOp(g_, n->name() + "_out", "Add", {{n, 0}, {n, 0}});
  context_.options.batch_size = 3;
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(ShapeAttr(x), PartialShape({3, 5}));
  EXPECT_EQ(x->outputs[0].shape, PartialShape({3, 5}));
  EXPECT_EQ(sum->outputs[0].shape, PartialShape({3, 5}));  // inference downstream sees the batch
  EXPECT_EQ(ShapeAttr(y), PartialShape({2, -1}));
  EXPECT_EQ(ShapeAttr(z), PartialShape({3, -1}));
  EXPECT_FALSE(ShapeAttr(u).known_rank());
  EXPECT_EQ(ShapeAttr(s), PartialShape());
}

TEST_F(ApplyBatchSizeTest, AfterInputShapes) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape::UnknownRank());
  AddOp(g_, "out", "Add", {{x, 0}, {x, 0}});
  context_.options.input_arrays = {"x"};
  context_.options.input_shapes = {PartialShape({-1, 7})};
  context_.options.batch_size = 4;
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(ShapeAttr(x), PartialShape({4, 7}));
}

TEST_F(ApplyBatchSizeTest, ZeroKeepsTheGraphAsItIs) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({-1, 5}));
  AddOp(g_, "out", "Add", {{x, 0}, {x, 0}});
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(ShapeAttr(x), PartialShape({-1, 5}));
}

TEST_F(ApplyBatchSizeTest, NegativeIsAnError) {
  Node* x = AddPlaceholder(g_, "x", DataType::kFloat, PartialShape({-1, 5}));
  AddOp(g_, "out", "Add", {{x, 0}, {x, 0}});
  context_.options.batch_size = -2;
  absl::Status s = Run();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "--batch_size=-2: give a positive batch size (or leave the flag out to keep it dynamic)");
}

}  // namespace
}  // namespace tfconv
