// Segment reductions: values worked out by hand from TensorFlow's documentation of
// tf.math.segment_sum and tf.math.unsorted_segment_*, and the lowerings around TFLite's limits.
#include <limits>

#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

class SegmentOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterArrayOps};
};

TEST_F(SegmentOpsTest, SegmentSumWithAGap) {
  // data [5, 2]; ids {0, 0, 2, 2, 3}: segment 1 is empty (zeros), the result has 4 rows.
  Tensor data = Tensor::FromVector<float>({5, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  auto out = t.Run("SegmentSum", {data, Tensor::FromVector<int64_t>({5}, {0, 0, 2, 2, 3})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{4, 2}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{4, 6, 0, 0, 12, 14, 9, 10}));
  // Unsorted or negative ids are errors; so is one id too many.
  EXPECT_FALSE(t.Run("SegmentSum", {data, Tensor::FromVector<int32_t>({5}, {0, 1, 0, 2, 3})}).ok());
  EXPECT_FALSE(t.Run("SegmentSum", {data, Tensor::FromVector<int32_t>({5}, {-1, 0, 0, 1, 1})}).ok());
  EXPECT_FALSE(t.Run("SegmentSum", {data, Tensor::FromVector<int32_t>({6}, {0, 0, 0, 1, 1, 1})}).ok());
}

TEST_F(SegmentOpsTest, SegmentSumLowering) {
  // Computed ids: SEGMENT_SUM with the int64 ids cast to int32; the row count is unknown.
  Node* n = t.AddNode(
      "s", "SegmentSum",
      {t.Input("d", DataType::kFloat, PartialShape({7, 3})), t.Input("ids", DataType::kInt64, PartialShape({7}))});
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(n->outputs[0].shape, PartialShape({-1, 3}));
  ASSERT_EQ(low->ops.size(), 2u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::CAST);
  EXPECT_EQ(low->ops[1].op, BuiltinOperator::SEGMENT_SUM);
  // Constant ids: UNSORTED_SEGMENT_SUM with ids[last] + 1 segments (a static output shape), both
  // for ids from 0 without gaps and for a gap or a first id above 0, which SEGMENT_SUM rejects.
  Node* c = t.AddNode("c", "SegmentSum",
                      {t.Input("d2", DataType::kInt32, PartialShape({4})),
                       t.Const("ids2", Tensor::FromVector<int64_t>({4}, {0, 1, 1, 2}))});
  auto contiguous = t.Lower(c);
  ASSERT_TRUE(contiguous.ok()) << contiguous.status();
  EXPECT_EQ(c->outputs[0].shape, PartialShape({3}));
  ASSERT_EQ(contiguous->ops.size(), 1u);
  EXPECT_EQ(contiguous->ops[0].op, BuiltinOperator::UNSORTED_SEGMENT_SUM);
  EXPECT_EQ(Values<int32_t>(*contiguous->value(contiguous->ops[0].inputs[1])), (std::vector<int32_t>{0, 1, 1, 2}));
  EXPECT_EQ(Values<int32_t>(*contiguous->value(contiguous->ops[0].inputs[2])), (std::vector<int32_t>{3}));
  Node* g = t.AddNode("g", "SegmentSum",
                      {t.Input("d3", DataType::kFloat, PartialShape({3, 2})),
                       t.Const("ids3", Tensor::FromVector<int32_t>({3}, {1, 1, 4}))});
  auto gap = t.Lower(g);
  ASSERT_TRUE(gap.ok()) << gap.status();
  EXPECT_EQ(g->outputs[0].shape, PartialShape({5, 2}));
  ASSERT_EQ(gap->ops.size(), 1u);
  EXPECT_EQ(gap->ops[0].op, BuiltinOperator::UNSORTED_SEGMENT_SUM);
  EXPECT_EQ(Values<int32_t>(*gap->value(gap->ops[0].inputs[2])), (std::vector<int32_t>{5}));
  // int64 data has no kernel.
  Node* w = t.AddNode(
      "w", "SegmentSum",
      {t.Input("d4", DataType::kInt64, PartialShape({2})), t.Input("ids4", DataType::kInt32, PartialShape({2}))});
  EXPECT_TRUE(absl::IsUnimplemented(t.Lower(w).status()));
}

TEST_F(SegmentOpsTest, UnsortedReductionsWithEmptyAndDroppedSegments) {
  // data [6, 2]; ids {2, 0, 2, -1, 0, 2} (the -1 row is dropped); 4 segments, segment 1 and 3 empty.
  Tensor data = Tensor::FromVector<float>({6, 2}, {1, -1, 2, -2, 3, -3, 100, 100, 5, -5, 6, -6});
  Tensor ids = Tensor::FromVector<int32_t>({6}, {2, 0, 2, -1, 0, 2});
  Tensor n = Tensor::Scalar<int32_t>(4);
  const float lo = std::numeric_limits<float>::lowest();
  const float hi = std::numeric_limits<float>::max();
  auto sum = t.Run("UnsortedSegmentSum", {data, ids, n});
  ASSERT_TRUE(sum.ok()) << sum.status();
  EXPECT_EQ((*sum)[0].shape(), (std::vector<int64_t>{4, 2}));
  EXPECT_EQ(Values<float>((*sum)[0]), (std::vector<float>{7, -7, 0, 0, 10, -10, 0, 0}));
  auto mx = t.Run("UnsortedSegmentMax", {data, ids, n});
  ASSERT_TRUE(mx.ok()) << mx.status();
  EXPECT_EQ(Values<float>((*mx)[0]), (std::vector<float>{5, -2, lo, lo, 6, -1, lo, lo}));
  auto mn = t.Run("UnsortedSegmentMin", {data, ids, n});
  ASSERT_TRUE(mn.ok()) << mn.status();
  EXPECT_EQ(Values<float>((*mn)[0]), (std::vector<float>{2, -5, hi, hi, 1, -6, hi, hi}));
  auto prod = t.Run("UnsortedSegmentProd", {data, ids, n});
  ASSERT_TRUE(prod.ok()) << prod.status();
  EXPECT_EQ(Values<float>((*prod)[0]), (std::vector<float>{10, 10, 1, 1, 18, -18, 1, 1}));
  // An id not below num_segments is an error.
  EXPECT_FALSE(t.Run("UnsortedSegmentSum", {data, ids, Tensor::Scalar<int32_t>(2)}).ok());
}

TEST_F(SegmentOpsTest, UnsortedIdsOverSeveralDimensions) {
  // ids [2, 3] over data [2, 3, 2]: each (i, j) row of 2 goes to segment ids[i, j].
  Tensor data = Tensor::FromVector<int32_t>({2, 3, 2}, Iota<int32_t>(12));
  Tensor ids = Tensor::FromVector<int64_t>({2, 3}, {1, 0, 1, 0, 2, 1});
  auto out = t.Run("UnsortedSegmentSum", {data, ids, Tensor::Scalar<int64_t>(3)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{3, 2}));
  // segment 0: rows (0,1) + (1,0) = {2,3} + {6,7}; 1: (0,0) + (0,2) + (1,2) = {0,1}+{4,5}+{10,11}; 2: {8,9}.
  EXPECT_EQ(Values<int32_t>((*out)[0]), (std::vector<int32_t>{8, 10, 14, 17, 8, 9}));
  // ids that are not a prefix of data's shape.
  EXPECT_FALSE(
      t.Run("UnsortedSegmentSum", {data, Tensor::Zeros(DataType::kInt32, {3}), Tensor::Scalar<int32_t>(1)}).ok());
}

TEST_F(SegmentOpsTest, UnsortedLowering) {
  // 1-D computed ids, constant int64 num_segments: the ids cast, num_segments an int32 scalar.
  Node* n = t.AddNode("m", "UnsortedSegmentMax",
                      {t.Input("d", DataType::kFloat, PartialShape({-1, 4})),
                       t.Input("ids", DataType::kInt64, PartialShape({-1})), t.Const("n", Tensor::Scalar<int64_t>(6))});
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(n->outputs[0].shape, PartialShape({6, 4}));
  ASSERT_EQ(low->ops.size(), 2u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::CAST);
  EXPECT_EQ(low->ops[1].op, BuiltinOperator::UNSORTED_SEGMENT_MAX);
  const Tensor* segments = low->value(low->ops[1].inputs[2]);
  ASSERT_NE(segments, nullptr);
  EXPECT_EQ(segments->dtype(), DataType::kInt32);
  EXPECT_EQ(Values<int32_t>(*segments), (std::vector<int32_t>{6}));
  // ids [2, 3] (computed): data [2, 3, 5] is reshaped to [6, 5] and the ids to [6] first.
  Node* m =
      t.AddNode("p", "UnsortedSegmentProd",
                {t.Input("d2", DataType::kInt32, PartialShape({2, 3, 5})),
                 t.Input("ids2", DataType::kInt32, PartialShape({2, 3})), t.Const("n2", Tensor::Scalar<int32_t>(4))});
  auto flat = t.Lower(m);
  ASSERT_TRUE(flat.ok()) << flat.status();
  EXPECT_EQ(m->outputs[0].shape, PartialShape({4, 5}));
  ASSERT_EQ(flat->ops.size(), 3u);
  EXPECT_EQ(flat->ops[0].op, BuiltinOperator::RESHAPE);
  EXPECT_EQ(flat->ops[1].op, BuiltinOperator::RESHAPE);
  EXPECT_EQ(flat->ops[2].op, BuiltinOperator::UNSORTED_SEGMENT_PROD);
  EXPECT_EQ(flat->tensors[flat->ops[2].inputs[0]].shape, PartialShape({6, 5}));
  EXPECT_EQ(flat->tensors[flat->ops[2].inputs[1]].shape, PartialShape({6}));
  // Constant multi-dimensional ids become a flat int32 constant directly.
  Node* k = t.AddNode(
      "k", "UnsortedSegmentMin",
      {t.Input("d3", DataType::kFloat, PartialShape({2, 2})),
       t.Const("ids3", Tensor::FromVector<int64_t>({2, 2}, {0, 1, 1, 0})), t.Const("n3", Tensor::Scalar<int32_t>(2))});
  auto konst = t.Lower(k);
  ASSERT_TRUE(konst.ok()) << konst.status();
  ASSERT_EQ(konst->ops.size(), 2u);  // RESHAPE of data, then the op
  EXPECT_EQ(Values<int32_t>(*konst->value(konst->ops[1].inputs[1])), (std::vector<int32_t>{0, 1, 1, 0}));
}

}  // namespace
}  // namespace tfconv
