// Select and SelectV2: reference semantics against values worked out by hand from TensorFlow's
// documentation of tf.compat.v1.where / tf.where, and the lowerings the official converter picks.
#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

class SelectOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterArrayOps};
};

Tensor Bools(std::vector<int64_t> shape, std::vector<bool> v) { return Tensor::FromVector<bool>(std::move(shape), v); }

TEST_F(SelectOpsTest, SelectScalarConditionPicksAWholeOperand) {
  Tensor a = Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b = Tensor::FromVector<float>({2, 3}, {-1, -2, -3, -4, -5, -6});
  auto yes = t.Run("Select", {Tensor::Scalar<bool>(true), a, b});
  ASSERT_TRUE(yes.ok()) << yes.status();
  EXPECT_EQ(Values<float>((*yes)[0]), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  auto no = t.Run("Select", {Tensor::Scalar<bool>(false), a, b});
  ASSERT_TRUE(no.ok()) << no.status();
  EXPECT_EQ(Values<float>((*no)[0]), (std::vector<float>{-1, -2, -3, -4, -5, -6}));
}

TEST_F(SelectOpsTest, SelectVectorConditionPicksRows) {
  // t, e: [3, 2, 2]; condition [3] = {T, F, T}: rows 0 and 2 of t, row 1 of e.
  Tensor a = Tensor::FromVector<int32_t>({3, 2, 2}, Iota<int32_t>(12));
  Tensor b = Tensor::FromVector<int32_t>({3, 2, 2}, Iota<int32_t>(12, 100));
  auto out = t.Run("Select", {Bools({3}, {true, false, true}), a, b});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{3, 2, 2}));
  EXPECT_EQ(Values<int32_t>((*out)[0]), (std::vector<int32_t>{0, 1, 2, 3, 104, 105, 106, 107, 8, 9, 10, 11}));
}

TEST_F(SelectOpsTest, SelectSameShapeIsElementwiseAlsoForVectors) {
  // A vector t with a vector condition: element by element, not rows.
  auto out =
      t.Run("Select", {Bools({5}, {true, false, false, true, false}), Tensor::FromVector<float>({5}, {1, 2, 3, 4, 5}),
                       Tensor::FromVector<float>({5}, {10, 20, 30, 40, 50})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{1, 20, 30, 4, 50}));
  // Same-shape condition over a matrix; bool values.
  auto b = t.Run("Select", {Bools({2, 2}, {true, false, false, true}), Bools({2, 2}, {true, true, true, true}),
                            Bools({2, 2}, {false, false, false, false})});
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(Values<bool>((*b)[0]), (std::vector<bool>{true, false, false, true}));
}

TEST_F(SelectOpsTest, SelectRejectsMismatchedShapes) {
  Tensor a = Tensor::Zeros(DataType::kFloat, {3, 2});
  // Vector condition of the wrong length, t and e of different shapes, condition of another shape.
  EXPECT_FALSE(t.Run("Select", {Bools({2}, {true, false}), a, a}).ok());
  EXPECT_FALSE(t.Run("Select", {Tensor::Scalar<bool>(true), a, Tensor::Zeros(DataType::kFloat, {2, 3})}).ok());
  EXPECT_FALSE(t.Run("Select", {Bools({2, 3}, std::vector<bool>(6, true)), a, a}).ok());
  // A non-bool condition and t, e of different types.
  EXPECT_FALSE(t.Run("Select", {Tensor::Scalar<float>(1), a, a}).ok());
  EXPECT_FALSE(t.Run("Select", {Tensor::Scalar<bool>(true), a, Tensor::Zeros(DataType::kInt32, {3, 2})}).ok());
}

TEST_F(SelectOpsTest, SelectLowersToSelectWithRowCondition) {
  Node* n = t.AddNode(
      "s", "Select",
      {t.Input("c", DataType::kBool, PartialShape({4})), t.Input("a", DataType::kFloat, PartialShape({-1, 5})),
       t.Input("b", DataType::kFloat, PartialShape({4, -1}))});
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(n->outputs[0].shape, PartialShape({4, 5}));  // rows from the condition, columns from t
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::SELECT);
  EXPECT_EQ(low->ops[0].inputs.size(), 3u);
  EXPECT_NE(low->ops[0].options.AsSelectOptions(), nullptr);
  // float64 has no SELECT kernel: reported, not emitted.
  Node* d =
      t.AddNode("d", "Select",
                {t.Input("c2", DataType::kBool, PartialShape({})), t.Input("x", DataType::kDouble, PartialShape({3})),
                 t.Input("y", DataType::kDouble, PartialShape({3}))});
  auto bad = t.Lower(d);
  EXPECT_TRUE(absl::IsUnimplemented(bad.status())) << bad.status();
}

TEST_F(SelectOpsTest, SelectV2BroadcastsAllThree) {
  // condition [3, 1], t [1, 4], e scalar -> [3, 4]: row r takes t's row where condition[r], else e.
  auto out = t.Run("SelectV2", {Bools({3, 1}, {true, false, true}), Tensor::FromVector<float>({1, 4}, {1, 2, 3, 4}),
                                Tensor::Scalar<float>(-7)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{1, 2, 3, 4, -7, -7, -7, -7, 1, 2, 3, 4}));
  // condition [5] against t [5] and e [2, 5]: each row of e checked column by column.
  auto ints = t.Run("SelectV2",
                    {Bools({5}, {false, true, true, false, true}), Tensor::FromVector<int32_t>({5}, {1, 2, 3, 4, 5}),
                     Tensor::FromVector<int32_t>({2, 5}, Iota<int32_t>(10, 10))});
  ASSERT_TRUE(ints.ok()) << ints.status();
  EXPECT_EQ((*ints)[0].shape(), (std::vector<int64_t>{2, 5}));
  EXPECT_EQ(Values<int32_t>((*ints)[0]), (std::vector<int32_t>{10, 2, 3, 13, 5, 15, 2, 3, 18, 5}));
  // Shapes that do not broadcast.
  EXPECT_FALSE(t.Run("SelectV2", {Bools({2}, {true, false}), Tensor::Zeros(DataType::kFloat, {3}),
                                  Tensor::Zeros(DataType::kFloat, {3})})
                   .ok());
}

TEST_F(SelectOpsTest, SelectV2EmptyResult) {
  auto out = t.Run("SelectV2", {Bools({0, 1}, {}), Tensor::Zeros(DataType::kFloat, {1, 3}), Tensor::Scalar<float>(1)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{0, 3}));
}

TEST_F(SelectOpsTest, SelectV2LoweringFollowsTheShapes) {
  auto lower = [&](const std::string& name, PartialShape c, PartialShape a, PartialShape b) {
    Node* n = t.AddNode(
        name, "SelectV2",
        {t.Input(name + "_c", DataType::kBool, std::move(c)), t.Input(name + "_a", DataType::kFloat, std::move(a)),
         t.Input(name + "_b", DataType::kFloat, std::move(b))});
    return t.Lower(n);
  };
  // Equal static shapes: SELECT, as the official converter (LegalizeSelectV2SameStaticShape).
  auto same = lower("same", PartialShape({2, 3}), PartialShape({2, 3}), PartialShape({2, 3}));
  ASSERT_TRUE(same.ok()) << same.status();
  ASSERT_EQ(same->ops.size(), 1u);
  EXPECT_EQ(same->ops[0].op, BuiltinOperator::SELECT);
  // Broadcasting, or shapes not static: SELECT_V2 with its options table.
  auto bcast = lower("bcast", PartialShape({3, 1}), PartialShape({1, 4}), PartialShape({}));
  ASSERT_TRUE(bcast.ok()) << bcast.status();
  ASSERT_EQ(bcast->ops.size(), 1u);
  EXPECT_EQ(bcast->ops[0].op, BuiltinOperator::SELECT_V2);
  EXPECT_NE(bcast->ops[0].options.AsSelectV2Options(), nullptr);
  auto dynamic = lower("dyn", PartialShape({-1, 3}), PartialShape({-1, 3}), PartialShape({-1, 3}));
  ASSERT_TRUE(dynamic.ok()) << dynamic.status();
  EXPECT_EQ(dynamic->ops[0].op, BuiltinOperator::SELECT_V2);
  // Rank 6 is beyond SELECT_V2: the condition and e are expanded with BROADCAST_TO, then SELECT.
  auto wide = lower("wide", PartialShape({2, 1, 1, 1, 1, 3}), PartialShape({2, 2, 1, 1, 2, 3}), PartialShape({3}));
  ASSERT_TRUE(wide.ok()) << wide.status();
  ASSERT_EQ(wide->ops.size(), 3u);
  EXPECT_EQ(wide->ops[0].op, BuiltinOperator::BROADCAST_TO);
  EXPECT_EQ(wide->ops[1].op, BuiltinOperator::BROADCAST_TO);
  EXPECT_EQ(wide->ops[2].op, BuiltinOperator::SELECT);
  EXPECT_EQ(Values<int32_t>(*wide->value(wide->ops[0].inputs[1])), (std::vector<int32_t>{2, 2, 1, 1, 2, 3}));
  EXPECT_EQ(wide->tensors[wide->ops[0].outputs[0]].dtype, DataType::kBool);
  EXPECT_EQ(wide->tensors[wide->ops[1].outputs[0]].shape, PartialShape({2, 2, 1, 1, 2, 3}));
  // A constant operand is expanded at conversion instead.
  Node* k = t.AddNode("konst", "SelectV2",
                      {t.Const("kc", Bools({1, 1, 1, 1, 1, 2}, {true, false})),
                       t.Input("ka", DataType::kFloat, PartialShape({1, 1, 1, 1, 3, 2})),
                       t.Input("kb", DataType::kFloat, PartialShape({1, 1, 1, 1, 3, 2}))});
  auto konst = t.Lower(k);
  ASSERT_TRUE(konst.ok()) << konst.status();
  ASSERT_EQ(konst->ops.size(), 1u);
  EXPECT_EQ(konst->ops[0].op, BuiltinOperator::SELECT);
  EXPECT_EQ(Values<bool>(*konst->value(konst->ops[0].inputs[0])),
            (std::vector<bool>{true, false, true, false, true, false}));
  // Beyond rank 5 with unknown dims: no explicit broadcast can be built.
  auto unknown = lower("unk", PartialShape({-1, 1, 1, 1, 1, 3}), PartialShape({-1, 2, 1, 1, 2, 3}), PartialShape({3}));
  EXPECT_TRUE(absl::IsUnimplemented(unknown.status())) << unknown.status();
}

}  // namespace
}  // namespace tfconv
