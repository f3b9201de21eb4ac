#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

std::vector<float> Iota(int n) { return tfconv::Iota<float>(n); }

bool Contains(const absl::Status& s, const std::string& text) { return HasMessage(s, text); }

class ReshapeOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterArrayOps};
};

TEST_F(ReshapeOpsTest, ReshapeInfersTheMinusOneAndKeepsElementOrder) {
  auto out = t.Run(
      "Reshape", {Tensor::FromVector<float>({2, 3, 4}, Iota(24)), Tensor::FromVector<int32_t>({2}, {4, -1})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{4, 6}));
  EXPECT_EQ(Values<float>((*out)[0]), Iota(24));
}

TEST_F(ReshapeOpsTest, ReshapeWorksOnInt64ShapeTensorsAndInt32Data) {
  // Shape tensors are often int64 and the data itself a shape (constant folding of shape math).
  auto out = t.Run("Reshape", {Tensor::FromVector<int32_t>({6}, {1, 2, 3, 4, 5, 6}),
                               Tensor::FromVector<int64_t>({3}, {3, 1, 2})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{3, 1, 2}));
  EXPECT_EQ(Values<int32_t>((*out)[0]), (std::vector<int32_t>{1, 2, 3, 4, 5, 6}));
}

TEST_F(ReshapeOpsTest, ReshapeToScalarAndBack) {
  auto scalar =
      t.Run("Reshape", {Tensor::FromVector<int64_t>({1, 1}, {7}), Tensor::FromVector<int32_t>({0}, {})});
  ASSERT_TRUE(scalar.ok()) << scalar.status();
  EXPECT_EQ((*scalar)[0].rank(), 0);
  EXPECT_EQ(Values<int64_t>((*scalar)[0]), (std::vector<int64_t>{7}));
}

TEST_F(ReshapeOpsTest, ReshapeToAnIncompatibleCountNamesTheNode) {
  Output x = t.Const("x", Tensor::FromVector<float>({2, 3, 4}, Iota(24)));
  Output s = t.Const("s", Tensor::FromVector<int32_t>({2}, {5, 5}));
  Node* r = t.AddNode("model/flatten/Reshape", "Reshape", {x, s});
  absl::Status st = t.Infer(r);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st, "model/flatten/Reshape")) << st;
  EXPECT_TRUE(Contains(st, "24 elements")) << st;
  EXPECT_TRUE(Contains(st, "25 elements")) << st;
}

TEST_F(ReshapeOpsTest, ReshapeRejectsBadTargets) {
  Tensor x = Tensor::FromVector<float>({2, 3}, Iota(6));
  EXPECT_FALSE(t.Run("Reshape", {x, Tensor::FromVector<int32_t>({2}, {-1, -1})}).ok());
  EXPECT_FALSE(t.Run("Reshape", {x, Tensor::FromVector<int32_t>({2}, {-2, 3})}).ok());
  EXPECT_FALSE(t.Run("Reshape", {x, Tensor::FromVector<int32_t>({2}, {4, -1})}).ok());    // 6 % 4 != 0
  EXPECT_FALSE(t.Run("Reshape", {x, Tensor::FromVector<int32_t>({1, 2}, {2, 3})}).ok());  // not a vector
}

TEST_F(ReshapeOpsTest, ReshapeInfersPartialShapes) {
  // Unknown batch: the -1 stays unknown, the constant sizes are kept.
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 3, 4}));
  Node* a = t.AddNode("a", "Reshape", {x, t.Const("s1", Tensor::FromVector<int32_t>({2}, {-1, 12}))});
  ASSERT_TRUE(t.Infer(a).ok());
  EXPECT_EQ(a->outputs[0].shape, PartialShape({-1, 12}));
  EXPECT_EQ(a->outputs[0].dtype, DataType::kFloat);

  // A computed shape of length 3: rank 3, sizes unknown.
  Output s2 = t.Input("s2", DataType::kInt32, PartialShape({3}));
  Node* b = t.AddNode("b", "Reshape", {x, s2});
  ASSERT_TRUE(t.Infer(b).ok());
  EXPECT_EQ(b->outputs[0].shape, PartialShape({-1, -1, -1}));

  // A computed shape of length 1 on a fully known input: the only size is the element count.
  Output y = t.Input("y", DataType::kFloat, PartialShape({2, 5}));
  Output s3 = t.Input("s3", DataType::kInt64, PartialShape({1}));
  Node* c = t.AddNode("c", "Reshape", {y, s3});
  ASSERT_TRUE(t.Infer(c).ok());
  EXPECT_EQ(c->outputs[0].shape, PartialShape({10}));

  // Nothing known about the shape operand.
  Output s4 = t.Input("s4", DataType::kInt32, PartialShape::UnknownRank());
  Node* d = t.AddNode("d", "Reshape", {y, s4});
  ASSERT_TRUE(t.Infer(d).ok());
  EXPECT_FALSE(d->outputs[0].shape.known_rank());
}

TEST_F(ReshapeOpsTest, ReshapeLowersWithAnInt32ShapeKeepingMinusOne) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 3, 4}));
  Node* r = t.AddNode("r", "Reshape", {x, t.Const("s", Tensor::FromVector<int64_t>({2}, {-1, 12}))});
  auto low = t.Lower(r);
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 1u);
  const LoweredOp& op = low->ops[0];
  EXPECT_EQ(op.op, BuiltinOperator::RESHAPE);
  EXPECT_EQ(op.options.type, tflite::BuiltinOptions::NONE);  // as the official converter writes it
  ASSERT_EQ(op.inputs.size(), 2u);
  const Tensor* shape = low->value(op.inputs[1]);
  ASSERT_NE(shape, nullptr);
  EXPECT_EQ(shape->dtype(), DataType::kInt32);
  EXPECT_EQ(Values<int32_t>(*shape), (std::vector<int32_t>{-1, 12}));
  EXPECT_EQ(op.outputs[0], low->outputs.at(0));
}

TEST_F(ReshapeOpsTest, ReshapeLowersAnInt32ConstantShapeAsTheInputItself) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({1, 1, 1, 64}));
  Output s = t.Const("model/flatten/Const", Tensor::FromVector<int32_t>({2}, {-1, 64}));
  auto low = t.Lower(t.AddNode("r", "Reshape", {x, s}));
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->tensors[low->ops[0].inputs[1]].name, "model/flatten/Const");
}

TEST_F(ReshapeOpsTest, ReshapeCastsAComputedInt64Shape) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 6}));
  Output s = t.Input("s", DataType::kInt64, PartialShape({2}));
  auto low = t.Lower(t.AddNode("r", "Reshape", {x, s}));
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 2u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::CAST);
  EXPECT_EQ(low->ops[1].op, BuiltinOperator::RESHAPE);
  EXPECT_EQ(low->tensors[low->ops[0].outputs[0]].dtype, DataType::kInt32);
  EXPECT_EQ(low->ops[1].inputs[1], low->ops[0].outputs[0]);
}

TEST_F(ReshapeOpsTest, SqueezeRemovesListedOrAllUnitDims) {
  Tensor x = Tensor::FromVector<float>({1, 2, 1, 3}, Iota(6));
  auto all = t.Run("Squeeze", {x});
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ((*all)[0].shape(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(Values<float>((*all)[0]), Iota(6));

  auto listed = t.Run("Squeeze", {x}, {{"squeeze_dims", AttrList::Ints({-2})}});
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ((*listed)[0].shape(), (std::vector<int64_t>{1, 2, 3}));
}

TEST_F(ReshapeOpsTest, SqueezeErrors) {
  Tensor x = Tensor::FromVector<float>({1, 2, 1, 3}, Iota(6));
  auto not_one = t.Run("Squeeze", {x}, {{"squeeze_dims", AttrList::Ints({1})}});
  ASSERT_FALSE(not_one.ok());
  EXPECT_TRUE(Contains(not_one.status(), "size is 2")) << not_one.status();
  auto out_of_range = t.Run("Squeeze", {x}, {{"squeeze_dims", AttrList::Ints({4})}});
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_TRUE(Contains(out_of_range.status(), "out of range")) << out_of_range.status();
}

TEST_F(ReshapeOpsTest, SqueezeInfersWithUnknownSizes) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 1, 3}));
  Node* all = t.AddNode("all", "Squeeze", {x});
  ASSERT_TRUE(t.Infer(all).ok());
  EXPECT_FALSE(all->outputs[0].shape.known_rank());  // the unknown size might be 1
  Node* listed = t.AddNode("listed", "Squeeze", {x}, {{"squeeze_dims", AttrList::Ints({1})}});
  ASSERT_TRUE(t.Infer(listed).ok());
  EXPECT_EQ(listed->outputs[0].shape, PartialShape({-1, 3}));
}

TEST_F(ReshapeOpsTest, SqueezeLowersToReshapeWhenAtMostOneSizeIsUnknown) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 1, 3}));
  auto low = t.Lower(t.AddNode("s", "Squeeze", {x}, {{"squeeze_dims", AttrList::Ints({1})}}));
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::RESHAPE);
  EXPECT_EQ(Values<int32_t>(*low->value(low->ops[0].inputs[1])), (std::vector<int32_t>{-1, 3}));
}

TEST_F(ReshapeOpsTest, SqueezeLowersToSqueezeWithTwoUnknownSizes) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 1, -1}));
  auto low = t.Lower(t.AddNode("s", "Squeeze", {x}, {{"squeeze_dims", AttrList::Ints({-2})}}));
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::SQUEEZE);
  const auto* options = low->ops[0].options.AsSqueezeOptions();
  ASSERT_NE(options, nullptr);
  EXPECT_EQ(options->squeeze_dims, (std::vector<int32_t>{1}));
}

TEST_F(ReshapeOpsTest, ExpandDimsInsertsAUnitDim) {
  Tensor x = Tensor::FromVector<int64_t>({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  struct Case {
    int32_t axis;
    std::vector<int64_t> shape;
  };
  for (const Case& k : {Case{0, {1, 2, 2, 2}}, Case{1, {2, 1, 2, 2}}, Case{3, {2, 2, 2, 1}},
                        Case{-1, {2, 2, 2, 1}}, Case{-4, {1, 2, 2, 2}}}) {
    auto out = t.Run("ExpandDims", {x, Tensor::Scalar<int32_t>(k.axis)});
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ((*out)[0].shape(), k.shape) << "axis " << k.axis;
    EXPECT_EQ(Values<int64_t>((*out)[0]), (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
  }
}

TEST_F(ReshapeOpsTest, ExpandDimsAxisOutOfRange) {
  Tensor x = Tensor::FromVector<float>({2, 3}, Iota(6));
  auto out = t.Run("ExpandDims", {x, Tensor::Scalar<int32_t>(3)});
  ASSERT_FALSE(out.ok());
  EXPECT_TRUE(Contains(out.status(), "out of range")) << out.status();
  EXPECT_FALSE(t.Run("ExpandDims", {x, Tensor::Scalar<int64_t>(-4)}).ok());
}

TEST_F(ReshapeOpsTest, ExpandDimsLowering) {
  // Static output: a RESHAPE with the output shape, as the official converter's rewrite gives.
  Output x = t.Input("x", DataType::kFloat, PartialShape({2, 3}));
  auto low = t.Lower(t.AddNode("e", "ExpandDims", {x, t.Const("a", Tensor::Scalar<int64_t>(1))}));
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::RESHAPE);
  EXPECT_EQ(Values<int32_t>(*low->value(low->ops[0].inputs[1])), (std::vector<int32_t>{2, 1, 3}));

  // Unknown batch: EXPAND_DIMS with an int32 axis.
  Output y = t.Input("y", DataType::kFloat, PartialShape({-1, 3}));
  auto dyn = t.Lower(t.AddNode("f", "ExpandDims", {y, t.Const("b", Tensor::Scalar<int64_t>(-1))}));
  ASSERT_TRUE(dyn.ok()) << dyn.status();
  ASSERT_EQ(dyn->ops.size(), 1u);
  EXPECT_EQ(dyn->ops[0].op, BuiltinOperator::EXPAND_DIMS);
  const Tensor* axis = dyn->value(dyn->ops[0].inputs[1]);
  ASSERT_NE(axis, nullptr);
  EXPECT_EQ(axis->dtype(), DataType::kInt32);
  EXPECT_EQ(Values<int32_t>(*axis), (std::vector<int32_t>{-1}));
  EXPECT_EQ(dyn->tensors[dyn->outputs.at(0)].shape, PartialShape({-1, 3, 1}));
}

}  // namespace
}  // namespace tfconv
