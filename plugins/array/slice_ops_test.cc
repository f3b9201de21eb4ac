#include <limits>

#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

struct Masks {
  int64_t begin = 0, end = 0, ellipsis = 0, new_axis = 0, shrink = 0;
};

AttrMap MaskAttrs(const Masks& m) {
  return {{"begin_mask", m.begin},
          {"end_mask", m.end},
          {"ellipsis_mask", m.ellipsis},
          {"new_axis_mask", m.new_axis},
          {"shrink_axis_mask", m.shrink}};
}

Tensor Vec(std::vector<int32_t> v) {
  const int64_t n = static_cast<int64_t>(v.size());
  return Tensor::FromVector<int32_t>({n}, v);
}

class SliceOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }

  absl::StatusOr<Tensor> StridedSlice(const Tensor& in, std::vector<int32_t> b, std::vector<int32_t> e,
                                      std::vector<int32_t> s, Masks m) {
    auto out = t.Run("StridedSlice", {in, Vec(b), Vec(e), Vec(s)}, MaskAttrs(m));
    if (!out.ok()) return out.status();
    return (*out)[0];
  }

  OpTester t{RegisterArrayOps};
  // x[r][c] = 4r + c, shape [3, 4].
  Tensor x = Tensor::FromVector<float>({3, 4}, Iota<float>(12));
};

TEST_F(SliceOpsTest, SliceWithSizeToTheEnd) {
  auto out = t.Run("Slice", {x, Vec({1, 1}), Vec({2, -1})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{5, 6, 7, 9, 10, 11}));
}

TEST_F(SliceOpsTest, SliceARank3Batch) {
  // y[i][j][k] = 12i + 4j + k; take every batch, rows 1..2, column 2.
  Tensor y = Tensor::FromVector<float>({2, 3, 4}, Iota<float>(24));
  auto out = t.Run("Slice", {y, Tensor::FromVector<int64_t>({3}, {0, 1, 2}),
                             Tensor::FromVector<int64_t>({3}, {-1, 2, 1})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 2, 1}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{6, 10, 18, 22}));
}

TEST_F(SliceOpsTest, SliceOutOfBoundsAndWrongLength) {
  auto out = t.Run("Slice", {x, Vec({2, 0}), Vec({2, 4})});
  ASSERT_FALSE(out.ok());
  EXPECT_TRUE(HasMessage(out.status(), "dimension 0")) << out.status();
  EXPECT_FALSE(t.Run("Slice", {x, Vec({0}), Vec({1})}).ok());
}

TEST_F(SliceOpsTest, SliceLowering) {
  Output in = t.Input("in", DataType::kFloat, PartialShape({-1, 4}));
  Node* n = t.AddNode("s", "Slice",
                      {in, t.Const("b", Tensor::FromVector<int64_t>({2}, {0, 1})),
                       t.Const("z", Tensor::FromVector<int64_t>({2}, {-1, 2}))});
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(n->outputs[0].shape, PartialShape({-1, 2}));
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::SLICE);
  EXPECT_EQ(Values<int32_t>(*low->value(low->ops[0].inputs[1])), (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(Values<int32_t>(*low->value(low->ops[0].inputs[2])), (std::vector<int32_t>{-1, 2}));
}

TEST_F(SliceOpsTest, RangesWithMasksAndStrides) {
  // x[1:, ::2]
  auto out = StridedSlice(x, {1, 0}, {0, 0}, {1, 2}, {.begin = 2, .end = 3});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(Values<float>(*out), (std::vector<float>{4, 6, 8, 10}));
}

TEST_F(SliceOpsTest, ShrinkWithANegativeIndex) {
  // x[-1]
  auto out = StridedSlice(x, {-1}, {0}, {1}, {.shrink = 1});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->shape(), (std::vector<int64_t>{4}));
  EXPECT_EQ(Values<float>(*out), (std::vector<float>{8, 9, 10, 11}));
}

TEST_F(SliceOpsTest, ReverseRowsAndPickAColumn) {
  // x[::-1, 1]
  auto out = StridedSlice(x, {0, 1}, {0, 2}, {-1, 1}, {.begin = 1, .end = 1, .shrink = 2});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->shape(), (std::vector<int64_t>{3}));
  EXPECT_EQ(Values<float>(*out), (std::vector<float>{9, 5, 1}));
}

TEST_F(SliceOpsTest, EllipsisNewAxisAndShrinkTogether) {
  // x[..., tf.newaxis, 2]: the ellipsis covers dimension 0, a new axis follows, column 2 is taken.
  auto out = StridedSlice(x, {0, 0, 2}, {0, 0, 3}, {1, 1, 1}, {.ellipsis = 1, .new_axis = 2, .shrink = 4});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->shape(), (std::vector<int64_t>{3, 1}));
  EXPECT_EQ(Values<float>(*out), (std::vector<float>{2, 6, 10}));
}

TEST_F(SliceOpsTest, LeadingNewAxis) {
  // x[tf.newaxis, 1:3]
  auto out = StridedSlice(x, {0, 1}, {0, 3}, {1, 1}, {.new_axis = 1});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->shape(), (std::vector<int64_t>{1, 2, 4}));
  EXPECT_EQ(Values<float>(*out), Iota<float>(8, 4));
}

TEST_F(SliceOpsTest, BoundsAreClampedAndEmptyRangesAreEmpty) {
  auto past = StridedSlice(x, {1}, {100}, {1}, {});
  ASSERT_TRUE(past.ok()) << past.status();
  EXPECT_EQ(past->shape(), (std::vector<int64_t>{2, 4}));
  auto beyond = StridedSlice(x, {5}, {10}, {1}, {});
  ASSERT_TRUE(beyond.ok()) << beyond.status();
  EXPECT_EQ(beyond->shape(), (std::vector<int64_t>{0, 4}));
  auto backwards = StridedSlice(x, {3}, {1}, {1}, {});
  ASSERT_TRUE(backwards.ok()) << backwards.status();
  EXPECT_EQ(backwards->shape(), (std::vector<int64_t>{0, 4}));
  // x[:, 10:-10:-2]: begin clamps to 3, end to -1 (before the start): columns 3 and 1.
  auto reverse = StridedSlice(x, {0, 10}, {0, -10}, {1, -2}, {.begin = 1, .end = 1});
  ASSERT_TRUE(reverse.ok()) << reverse.status();
  EXPECT_EQ(reverse->shape(), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(Values<float>(*reverse), (std::vector<float>{3, 1, 7, 5, 11, 9}));
}

TEST_F(SliceOpsTest, Rank4EllipsisOnABatch) {
  // y[..., 1] on [2, 2, 3, 4]: y[a][b][c][1] = 24a + 12b + 4c + 1.
  Tensor y = Tensor::FromVector<int32_t>({2, 2, 3, 4}, Iota<int32_t>(48));
  auto out = t.Run("StridedSlice", {y, Vec({0, 1}), Vec({0, 2}), Vec({1, 1})},
                   MaskAttrs({.ellipsis = 1, .shrink = 2}));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 2, 3}));
  std::vector<int32_t> expected;
  for (int a = 0; a < 2; ++a) {
    for (int b = 0; b < 2; ++b) {
      for (int c = 0; c < 3; ++c) expected.push_back(24 * a + 12 * b + 4 * c + 1);
    }
  }
  EXPECT_EQ(Values<int32_t>((*out)[0]), expected);
}

TEST_F(SliceOpsTest, OnShapeVectors) {
  // tf.shape(x)[0] and tf.shape(x)[1:3] on an int32 and an int64 shape.
  Tensor shape32 = Tensor::FromVector<int32_t>({4}, {8, 224, 224, 3});
  auto batch = StridedSlice(shape32, {0}, {1}, {1}, {.shrink = 1});
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ(batch->rank(), 0);
  EXPECT_EQ(Values<int32_t>(*batch), (std::vector<int32_t>{8}));
  Tensor shape64 = Tensor::FromVector<int64_t>({4}, {8, 224, 224, 3});
  auto out =
      t.Run("StridedSlice", {shape64, Tensor::FromVector<int64_t>({1}, {1}),
                             Tensor::FromVector<int64_t>({1}, {3}), Tensor::FromVector<int64_t>({1}, {1})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int64_t>((*out)[0]), (std::vector<int64_t>{224, 224}));
}

TEST_F(SliceOpsTest, Errors) {
  auto bounds = StridedSlice(x, {3}, {4}, {1}, {.shrink = 1});
  ASSERT_FALSE(bounds.ok());
  EXPECT_TRUE(HasMessage(bounds.status(), "out of bounds")) << bounds.status();
  auto zero = StridedSlice(x, {0}, {2}, {0}, {});
  ASSERT_FALSE(zero.ok());
  EXPECT_TRUE(HasMessage(zero.status(), "non-zero")) << zero.status();
  auto ellipses = StridedSlice(x, {0, 0}, {0, 0}, {1, 1}, {.ellipsis = 3});
  ASSERT_FALSE(ellipses.ok());
  EXPECT_TRUE(HasMessage(ellipses.status(), "ellipsis")) << ellipses.status();
  auto too_many = StridedSlice(x, {0, 0, 0}, {1, 1, 1}, {1, 1, 1}, {});
  EXPECT_FALSE(too_many.ok());
}

TEST_F(SliceOpsTest, InfersPartialShapes) {
  Output in = t.Input("in", DataType::kFloat, PartialShape({-1, 4}));
  Node* cols =
      t.AddNode("cols", "StridedSlice",
                {in, t.Const("b", Vec({0, 1})), t.Const("e", Vec({0, 3})), t.Const("s", Vec({1, 1}))},
                MaskAttrs({.begin = 1, .end = 1}));
  ASSERT_TRUE(t.Infer(cols).ok());
  EXPECT_EQ(cols->outputs[0].shape, PartialShape({-1, 2}));
  Node* row = t.AddNode("row", "StridedSlice",
                        {in, t.Const("b1", Vec({0})), t.Const("e1", Vec({1})), t.Const("s1", Vec({1}))},
                        MaskAttrs({.shrink = 1}));
  ASSERT_TRUE(t.Infer(row).ok());
  EXPECT_EQ(row->outputs[0].shape, PartialShape({4}));
  Output dyn_b = t.Input("db", DataType::kInt32, PartialShape({2}));
  Node* dyn = t.AddNode("dyn", "StridedSlice", {in, dyn_b, dyn_b, t.Const("s2", Vec({1, 1}))},
                        MaskAttrs({.shrink = 1}));
  ASSERT_TRUE(t.Infer(dyn).ok());
  EXPECT_EQ(dyn->outputs[0].shape, PartialShape({-1}));
}

TEST_F(SliceOpsTest, LoweringExpandsTheEllipsisAndReshapesNewAxes) {
  Output in = t.Input("in", DataType::kFloat, PartialShape({3, 4}));
  Node* n = t.AddNode(
      "ss", "StridedSlice",
      {in, t.Const("b", Vec({0, 0, 2})), t.Const("e", Vec({0, 0, 3})), t.Const("s", Vec({1, 1, 1}))},
      MaskAttrs({.ellipsis = 1, .new_axis = 2, .shrink = 4}));
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 2u);
  const LoweredOp& slice = low->ops[0];
  EXPECT_EQ(slice.op, BuiltinOperator::STRIDED_SLICE);
  EXPECT_EQ(Values<int32_t>(*low->value(slice.inputs[1])), (std::vector<int32_t>{0, 2}));
  EXPECT_EQ(Values<int32_t>(*low->value(slice.inputs[2])), (std::vector<int32_t>{0, 3}));
  EXPECT_EQ(Values<int32_t>(*low->value(slice.inputs[3])), (std::vector<int32_t>{1, 1}));
  const auto* options = slice.options.AsStridedSliceOptions();
  ASSERT_NE(options, nullptr);
  EXPECT_EQ(options->begin_mask, 1);
  EXPECT_EQ(options->end_mask, 1);
  EXPECT_EQ(options->shrink_axis_mask, 2);
  EXPECT_EQ(options->ellipsis_mask, 0);
  EXPECT_EQ(options->new_axis_mask, 0);
  EXPECT_FALSE(options->offset);
  EXPECT_EQ(low->tensors[slice.outputs[0]].shape, PartialShape({3}));
  const LoweredOp& reshape = low->ops[1];
  EXPECT_EQ(reshape.op, BuiltinOperator::RESHAPE);
  EXPECT_EQ(reshape.inputs[0], slice.outputs[0]);
  EXPECT_EQ(Values<int32_t>(*low->value(reshape.inputs[1])), (std::vector<int32_t>{3, 1}));
  EXPECT_EQ(reshape.outputs[0], low->outputs.at(0));
}

TEST_F(SliceOpsTest, LoweringPadsShortSpecsAndClampsInt64Bounds) {
  Output in = t.Input("in", DataType::kFloat, PartialShape({-1, 8, 8, 3}));
  const int64_t big = std::numeric_limits<int64_t>::max();
  Node* n = t.AddNode("ss", "StridedSlice",
                      {in, t.Const("b", Tensor::FromVector<int64_t>({2}, {0, 2})),
                       t.Const("e", Tensor::FromVector<int64_t>({2}, {0, big})),
                       t.Const("s", Tensor::FromVector<int64_t>({2}, {1, 1}))},
                      MaskAttrs({.begin = 1, .end = 1}));
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(n->outputs[0].shape, PartialShape({-1, 6, 8, 3}));
  ASSERT_EQ(low->ops.size(), 1u);
  const LoweredOp& op = low->ops[0];
  EXPECT_EQ(Values<int32_t>(*low->value(op.inputs[1])), (std::vector<int32_t>{0, 2, 0, 0}));
  EXPECT_EQ(Values<int32_t>(*low->value(op.inputs[2])),
            (std::vector<int32_t>{0, std::numeric_limits<int32_t>::max(), 0, 0}));
  const auto* options = op.options.AsStridedSliceOptions();
  ASSERT_NE(options, nullptr);
  EXPECT_EQ(options->begin_mask, 1 | 4 | 8);
  EXPECT_EQ(options->end_mask, 1 | 4 | 8);
}

TEST_F(SliceOpsTest, LoweringComputedDenseBoundsCastsThemToInt32) {
  Output in = t.Input("in", DataType::kFloat, PartialShape({-1, 4}));
  Output b = t.Input("b", DataType::kInt64, PartialShape({2}));
  Node* n =
      t.AddNode("ss", "StridedSlice", {in, b, b, t.Const("s", Tensor::FromVector<int64_t>({2}, {1, 1}))},
                MaskAttrs({.end = 2}));
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 3u);  // two casts (begin, end) and the slice
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::CAST);
  EXPECT_EQ(low->ops[1].op, BuiltinOperator::CAST);
  EXPECT_EQ(low->ops[2].op, BuiltinOperator::STRIDED_SLICE);
  EXPECT_EQ(low->ops[2].options.AsStridedSliceOptions()->end_mask, 2);

  Node* sparse =
      t.AddNode("ss2", "StridedSlice", {in, b, b, t.Const("s2", Tensor::FromVector<int64_t>({2}, {1, 1}))},
                MaskAttrs({.new_axis = 1}));
  auto unsupported = t.Lower(sparse);
  ASSERT_FALSE(unsupported.ok());
  EXPECT_EQ(unsupported.status().code(), absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace tfconv
