#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

class FillOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterArrayOps};
};

TEST_F(FillOpsTest, ShapeInBothOutTypes) {
  Tensor x = Tensor::Zeros(DataType::kFloat, {2, 3, 4});
  auto s32 = t.Run("Shape", {x});
  ASSERT_TRUE(s32.ok()) << s32.status();
  EXPECT_EQ((*s32)[0].dtype(), DataType::kInt32);
  EXPECT_EQ(Values<int32_t>((*s32)[0]), (std::vector<int32_t>{2, 3, 4}));
  auto s64 = t.Run("Shape", {x}, {{"out_type", DataType::kInt64}});
  ASSERT_TRUE(s64.ok()) << s64.status();
  EXPECT_EQ(Values<int64_t>((*s64)[0]), (std::vector<int64_t>{2, 3, 4}));
  auto scalar = t.Run("Shape", {Tensor::Scalar<float>(1)});
  ASSERT_TRUE(scalar.ok()) << scalar.status();
  EXPECT_EQ((*scalar)[0].shape(), (std::vector<int64_t>{0}));
}

TEST_F(FillOpsTest, ShapeInferAndLower) {
  Node* known = t.AddNode("s", "Shape", {t.Input("x", DataType::kFloat, PartialShape({-1, 3}))},
                          {{"out_type", DataType::kInt64}});
  auto low = t.Lower(known);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(known->outputs[0].dtype, DataType::kInt64);
  EXPECT_EQ(known->outputs[0].shape, PartialShape({2}));
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::SHAPE);
  ASSERT_NE(low->ops[0].options.AsShapeOptions(), nullptr);
  EXPECT_EQ(low->ops[0].options.AsShapeOptions()->out_type, tflite::TensorType::INT64);
  Node* unknown = t.AddNode("u", "Shape", {t.Input("y", DataType::kFloat, PartialShape::UnknownRank())});
  ASSERT_TRUE(t.Infer(unknown).ok());
  EXPECT_EQ(unknown->outputs[0].shape, PartialShape({-1}));
}

TEST_F(FillOpsTest, ShapeOfAStaticShapeIsAConstant) {
  Node* n = t.AddNode("s", "Shape", {t.Input("x", DataType::kFloat, PartialShape({2, 5, 3}))}, {});
  ASSERT_TRUE(t.Infer(n).ok());
  ASSERT_TRUE(n->outputs[0].value.has_value());
  EXPECT_EQ(Values<int32_t>(*n->outputs[0].value), (std::vector<int32_t>{2, 5, 3}));
  EXPECT_EQ(n->outputs[0].shape, PartialShape({3}));
}

TEST_F(FillOpsTest, Fill) {
  auto out = t.Run("Fill", {Tensor::FromVector<int64_t>({2}, {2, 3}), Tensor::Scalar<float>(7.5f)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(Values<float>((*out)[0]), std::vector<float>(6, 7.5f));
  auto ints = t.Run("Fill", {Tensor::FromVector<int32_t>({1}, {3}), Tensor::Scalar<int64_t>(-4)});
  ASSERT_TRUE(ints.ok()) << ints.status();
  EXPECT_EQ(Values<int64_t>((*ints)[0]), (std::vector<int64_t>{-4, -4, -4}));
  auto negative = t.Run("Fill", {Tensor::FromVector<int32_t>({2}, {2, -1}), Tensor::Scalar<float>(0)});
  ASSERT_FALSE(negative.ok());
  EXPECT_TRUE(HasMessage(negative.status(), "non-negative")) << negative.status();
}

TEST_F(FillOpsTest, FillLowering) {
  Node* n = t.AddNode(
      "f", "Fill",
      {t.Input("dims", DataType::kInt32, PartialShape({3})), t.Const("v", Tensor::Scalar<float>(1))});
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(n->outputs[0].shape, PartialShape({-1, -1, -1}));
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::FILL);
  EXPECT_EQ(low->tensors[low->ops[0].inputs[0]].name, "dims");
}

TEST_F(FillOpsTest, ZerosLikeAndOnesLike) {
  auto zeros = t.Run("ZerosLike", {Tensor::FromVector<int32_t>({2, 2}, {5, 6, 7, 8})});
  ASSERT_TRUE(zeros.ok()) << zeros.status();
  EXPECT_EQ(Values<int32_t>((*zeros)[0]), (std::vector<int32_t>{0, 0, 0, 0}));
  auto ones = t.Run("OnesLike", {Tensor::FromVector<float>({1, 3}, {5, 6, 7})});
  ASSERT_TRUE(ones.ok()) << ones.status();
  EXPECT_EQ((*ones)[0].shape(), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(Values<float>((*ones)[0]), (std::vector<float>{1, 1, 1}));
  auto truths = t.Run("OnesLike", {Tensor::FromVector<bool>({2}, {false, true})});
  ASSERT_TRUE(truths.ok()) << truths.status();
  EXPECT_EQ(Values<bool>((*truths)[0]), (std::vector<bool>{true, true}));
}

TEST_F(FillOpsTest, LikeLowering) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({2, 3}));
  auto zeros = t.Lower(t.AddNode("z", "ZerosLike", {x}));
  ASSERT_TRUE(zeros.ok()) << zeros.status();
  EXPECT_EQ(zeros->ops[0].op, BuiltinOperator::ZEROS_LIKE);

  auto ones = t.Lower(t.AddNode("o", "OnesLike", {x}));
  ASSERT_TRUE(ones.ok()) << ones.status();
  ASSERT_EQ(ones->ops.size(), 1u);
  EXPECT_EQ(ones->ops[0].op, BuiltinOperator::FILL);
  EXPECT_EQ(Values<int32_t>(*ones->value(ones->ops[0].inputs[0])), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(Values<float>(*ones->value(ones->ops[0].inputs[1])), (std::vector<float>{1}));

  Output y = t.Input("y", DataType::kInt32, PartialShape({-1, 3}));
  auto dyn = t.Lower(t.AddNode("o2", "OnesLike", {y}));
  ASSERT_TRUE(dyn.ok()) << dyn.status();
  ASSERT_EQ(dyn->ops.size(), 2u);
  EXPECT_EQ(dyn->ops[0].op, BuiltinOperator::SHAPE);
  EXPECT_EQ(dyn->ops[1].op, BuiltinOperator::FILL);
  EXPECT_EQ(dyn->ops[1].inputs[0], dyn->ops[0].outputs[0]);
  EXPECT_EQ(Values<int32_t>(*dyn->value(dyn->ops[1].inputs[1])), (std::vector<int32_t>{1}));
}

TEST_F(FillOpsTest, Range) {
  auto up =
      t.Run("Range", {Tensor::Scalar<int32_t>(0), Tensor::Scalar<int32_t>(10), Tensor::Scalar<int32_t>(3)});
  ASSERT_TRUE(up.ok()) << up.status();
  EXPECT_EQ(Values<int32_t>((*up)[0]), (std::vector<int32_t>{0, 3, 6, 9}));
  auto down =
      t.Run("Range", {Tensor::Scalar<int64_t>(10), Tensor::Scalar<int64_t>(0), Tensor::Scalar<int64_t>(-3)});
  ASSERT_TRUE(down.ok()) << down.status();
  EXPECT_EQ(Values<int64_t>((*down)[0]), (std::vector<int64_t>{10, 7, 4, 1}));
  auto floats =
      t.Run("Range", {Tensor::Scalar<float>(0), Tensor::Scalar<float>(1), Tensor::Scalar<float>(0.25f)});
  ASSERT_TRUE(floats.ok()) << floats.status();
  EXPECT_EQ(Values<float>((*floats)[0]), (std::vector<float>{0, 0.25f, 0.5f, 0.75f}));
  auto empty =
      t.Run("Range", {Tensor::Scalar<int32_t>(3), Tensor::Scalar<int32_t>(3), Tensor::Scalar<int32_t>(1)});
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ((*empty)[0].shape(), (std::vector<int64_t>{0}));
}

TEST_F(FillOpsTest, RangeErrors) {
  auto zero =
      t.Run("Range", {Tensor::Scalar<int32_t>(0), Tensor::Scalar<int32_t>(5), Tensor::Scalar<int32_t>(0)});
  ASSERT_FALSE(zero.ok());
  EXPECT_TRUE(HasMessage(zero.status(), "delta")) << zero.status();
  EXPECT_FALSE(
      t.Run("Range", {Tensor::Scalar<int32_t>(5), Tensor::Scalar<int32_t>(0), Tensor::Scalar<int32_t>(1)})
          .ok());
  EXPECT_FALSE(
      t.Run("Range", {Tensor::Scalar<int32_t>(0), Tensor::Scalar<int64_t>(5), Tensor::Scalar<int32_t>(1)})
          .ok());
}

TEST_F(FillOpsTest, RangeInferAndLower) {
  Node* n =
      t.AddNode("r", "Range",
                {t.Input("start", DataType::kInt32, PartialShape()),
                 t.Const("limit", Tensor::Scalar<int32_t>(5)), t.Const("delta", Tensor::Scalar<int32_t>(1))});
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(n->outputs[0].shape, PartialShape({-1}));
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::RANGE);
  EXPECT_EQ(low->ops[0].inputs.size(), 3u);
}

TEST_F(FillOpsTest, Tile) {
  auto rows = t.Run(
      "Tile", {Tensor::FromVector<float>({2, 3}, Iota<float>(6)), Tensor::FromVector<int32_t>({2}, {2, 1})});
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ((*rows)[0].shape(), (std::vector<int64_t>{4, 3}));
  EXPECT_EQ(Values<float>((*rows)[0]), (std::vector<float>{0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5}));
  auto both =
      t.Run("Tile", {Tensor::FromVector<int64_t>({1, 2}, {1, 2}), Tensor::FromVector<int64_t>({2}, {2, 2})});
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ((*both)[0].shape(), (std::vector<int64_t>{2, 4}));
  EXPECT_EQ(Values<int64_t>((*both)[0]), (std::vector<int64_t>{1, 2, 1, 2, 1, 2, 1, 2}));
  EXPECT_FALSE(
      t.Run("Tile", {Tensor::FromVector<float>({2}, {1, 2}), Tensor::FromVector<int32_t>({2}, {1, 1})}).ok());
}

TEST_F(FillOpsTest, TileInferAndLower) {
  Node* n = t.AddNode("t", "Tile",
                      {t.Input("x", DataType::kFloat, PartialShape({-1, 3})),
                       t.Const("m", Tensor::FromVector<int32_t>({2}, {1, 4}))});
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(n->outputs[0].shape, PartialShape({-1, 12}));
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::TILE);
  EXPECT_EQ(low->tensors[low->ops[0].inputs[1]].name, "m");
}

}  // namespace
}  // namespace tfconv
