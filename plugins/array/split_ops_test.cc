#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

class SplitOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterArrayOps};
};

TEST_F(SplitOpsTest, SplitIntoEqualPieces) {
  Tensor x = Tensor::FromVector<float>({2, 4}, Iota<float>(8));
  auto out = t.Run("Split", {Tensor::Scalar<int32_t>(-1), x}, {{"num_split", int64_t{2}}});
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 2u);
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{0, 1, 4, 5}));
  EXPECT_EQ(Values<float>((*out)[1]), (std::vector<float>{2, 3, 6, 7}));
}

TEST_F(SplitOpsTest, SplitOfARank3TensorAlongTheBatch) {
  Tensor x = Tensor::FromVector<int32_t>({4, 1, 2}, Iota<int32_t>(8));
  auto out = t.Run("Split", {Tensor::Scalar<int64_t>(0), x}, {{"num_split", int64_t{4}}});
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 4u);
  EXPECT_EQ((*out)[3].shape(), (std::vector<int64_t>{1, 1, 2}));
  EXPECT_EQ(Values<int32_t>((*out)[3]), (std::vector<int32_t>{6, 7}));
}

TEST_F(SplitOpsTest, SplitMustDivideEvenly) {
  auto out = t.Run("Split", {Tensor::Scalar<int32_t>(1), Tensor::FromVector<float>({2, 3}, Iota<float>(6))},
                   {{"num_split", int64_t{2}}});
  ASSERT_FALSE(out.ok());
  EXPECT_TRUE(HasMessage(out.status(), "not divisible")) << out.status();
}

TEST_F(SplitOpsTest, SplitVResolvesTheMinusOne) {
  Tensor x = Tensor::FromVector<float>({3, 2}, Iota<float>(6));
  auto out = t.Run("SplitV", {x, Tensor::FromVector<int64_t>({2}, {1, -1}), Tensor::Scalar<int32_t>(0)},
                   {{"num_split", int64_t{2}}});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ((*out)[1].shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{0, 1}));
  EXPECT_EQ(Values<float>((*out)[1]), (std::vector<float>{2, 3, 4, 5}));
}

TEST_F(SplitOpsTest, SplitVSizesMustAddUp) {
  Tensor x = Tensor::FromVector<float>({3, 2}, Iota<float>(6));
  auto out = t.Run("SplitV", {x, Tensor::FromVector<int32_t>({2}, {1, 1}), Tensor::Scalar<int32_t>(0)},
                   {{"num_split", int64_t{2}}});
  ASSERT_FALSE(out.ok());
  EXPECT_TRUE(HasMessage(out.status(), "do not add up")) << out.status();
  EXPECT_FALSE(t.Run("SplitV", {x, Tensor::FromVector<int32_t>({2}, {-1, -1}), Tensor::Scalar<int32_t>(0)},
                     {{"num_split", int64_t{2}}})
                   .ok());
}

TEST_F(SplitOpsTest, SplitInfersPartialShapes) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 6}));
  Node* n =
      t.AddNode("s", "Split", {t.Const("axis", Tensor::Scalar<int32_t>(-1)), x}, {{"num_split", int64_t{3}}});
  ASSERT_TRUE(t.Infer(n).ok());
  ASSERT_EQ(n->num_outputs(), 3);
  EXPECT_EQ(n->outputs[2].shape, PartialShape({-1, 2}));

  Node* v = t.AddNode("v", "SplitV",
                      {x, t.Const("sizes", Tensor::FromVector<int32_t>({2}, {2, -1})),
                       t.Const("axis1", Tensor::Scalar<int32_t>(1))},
                      {{"num_split", int64_t{2}}});
  ASSERT_TRUE(t.Infer(v).ok());
  EXPECT_EQ(v->outputs[0].shape, PartialShape({-1, 2}));
  EXPECT_EQ(v->outputs[1].shape, PartialShape({-1, 4}));
}

TEST_F(SplitOpsTest, SplitLowering) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 6}));
  auto low = t.Lower(
      t.AddNode("s", "Split", {t.Const("axis", Tensor::Scalar<int64_t>(1)), x}, {{"num_split", int64_t{3}}}));
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 1u);
  const LoweredOp& op = low->ops[0];
  EXPECT_EQ(op.op, BuiltinOperator::SPLIT);
  ASSERT_EQ(op.inputs.size(), 2u);
  const Tensor* axis = low->value(op.inputs[0]);  // SPLIT takes the axis first
  ASSERT_NE(axis, nullptr);
  EXPECT_EQ(axis->dtype(), DataType::kInt32);
  EXPECT_EQ(axis->rank(), 0);
  EXPECT_EQ(Values<int32_t>(*axis), (std::vector<int32_t>{1}));
  EXPECT_EQ(op.outputs.size(), 3u);
  ASSERT_NE(op.options.AsSplitOptions(), nullptr);
  EXPECT_EQ(op.options.AsSplitOptions()->num_splits, 3);
}

TEST_F(SplitOpsTest, SplitVLowering) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 6}));
  auto low = t.Lower(t.AddNode("v", "SplitV",
                               {x, t.Const("sizes", Tensor::FromVector<int64_t>({2}, {2, 4})),
                                t.Const("axis", Tensor::Scalar<int32_t>(1))},
                               {{"num_split", int64_t{2}}}));
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 1u);
  const LoweredOp& op = low->ops[0];
  EXPECT_EQ(op.op, BuiltinOperator::SPLIT_V);
  ASSERT_EQ(op.inputs.size(), 3u);
  EXPECT_EQ(Values<int32_t>(*low->value(op.inputs[1])), (std::vector<int32_t>{2, 4}));
  ASSERT_NE(op.options.AsSplitVOptions(), nullptr);
  EXPECT_EQ(op.options.AsSplitVOptions()->num_splits, 2);
}

}  // namespace
}  // namespace tfconv
