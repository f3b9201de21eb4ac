// SparseToDense: values worked out by hand from TensorFlow's documentation of
// tf.compat.v1.sparse_to_dense, validate_indices, and the lowering around TFLite's kernel limits.
#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

class SparseOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterArrayOps};
};

TEST_F(SparseOpsTest, TwoDimensionalIndicesWithVectorValues) {
  // [3, 4] of -1 with (0, 1) = 10, (1, 3) = 20, (2, 0) = 30.
  auto out = t.Run("SparseToDense",
                   {Tensor::FromVector<int64_t>({3, 2}, {0, 1, 1, 3, 2, 0}), Tensor::FromVector<int64_t>({2}, {3, 4}),
                    Tensor::FromVector<float>({3}, {10, 20, 30}), Tensor::Scalar<float>(-1)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{-1, 10, -1, -1, -1, -1, -1, 20, 30, -1, -1, -1}));
}

TEST_F(SparseOpsTest, VectorAndScalarIndicesWithScalarValue) {
  // 1-D indices {1, 4} into a length-6 vector, one scalar value for both.
  auto vec = t.Run("SparseToDense", {Tensor::FromVector<int32_t>({2}, {1, 4}), Tensor::FromVector<int32_t>({1}, {6}),
                                     Tensor::Scalar<int32_t>(7), Tensor::Scalar<int32_t>(0)});
  ASSERT_TRUE(vec.ok()) << vec.status();
  EXPECT_EQ(Values<int32_t>((*vec)[0]), (std::vector<int32_t>{0, 7, 0, 0, 7, 0}));
  // A scalar index.
  auto one = t.Run("SparseToDense", {Tensor::Scalar<int32_t>(2), Tensor::FromVector<int32_t>({1}, {3}),
                                     Tensor::Scalar<float>(5), Tensor::Scalar<float>(1)});
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(Values<float>((*one)[0]), (std::vector<float>{1, 1, 5}));
}

TEST_F(SparseOpsTest, ValidateIndices) {
  Tensor shape = Tensor::FromVector<int32_t>({1}, {5});
  Tensor values = Tensor::FromVector<float>({2}, {1, 2});
  Tensor fill = Tensor::Scalar<float>(0);
  Tensor unsorted = Tensor::FromVector<int32_t>({2}, {3, 1});
  Tensor repeated = Tensor::FromVector<int32_t>({2}, {2, 2});
  // validate_indices (TensorFlow's default) rejects out-of-order and repeated indices...
  auto bad_order = t.Run("SparseToDense", {unsorted, shape, values, fill});
  EXPECT_TRUE(HasMessage(bad_order.status(), "out of order")) << bad_order.status();
  auto bad_repeat = t.Run("SparseToDense", {repeated, shape, values, fill});
  EXPECT_TRUE(HasMessage(bad_repeat.status(), "repeated")) << bad_repeat.status();
  // ...without it they are written in order, the last one winning.
  auto loose = t.Run("SparseToDense", {unsorted, shape, values, fill}, {{"validate_indices", false}});
  ASSERT_TRUE(loose.ok()) << loose.status();
  EXPECT_EQ(Values<float>((*loose)[0]), (std::vector<float>{0, 2, 0, 1, 0}));
  auto last = t.Run("SparseToDense", {repeated, shape, values, fill}, {{"validate_indices", false}});
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(Values<float>((*last)[0]), (std::vector<float>{0, 0, 2, 0, 0}));
  // Out of bounds is an error either way; so are values of the wrong count.
  EXPECT_FALSE(t.Run("SparseToDense", {Tensor::FromVector<int32_t>({1}, {5}), shape, Tensor::Scalar<float>(1), fill},
                     {{"validate_indices", false}})
                   .ok());
  EXPECT_FALSE(t.Run("SparseToDense", {Tensor::FromVector<int32_t>({3}, {0, 1, 2}), shape, values, fill}).ok());
}

TEST_F(SparseOpsTest, LoweringToSparseToDense) {
  Node* n = t.AddNode("s", "SparseToDense",
                      {t.Input("i", DataType::kInt64, PartialShape({-1, 3})),
                       t.Const("shape", Tensor::FromVector<int64_t>({3}, {2, 3, 4})),
                       t.Input("v", DataType::kFloat, PartialShape({-1})), t.Const("d", Tensor::Scalar<float>(0))});
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(n->outputs[0].shape, PartialShape({2, 3, 4}));
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::SPARSE_TO_DENSE);
  EXPECT_EQ(low->ops[0].inputs.size(), 4u);
  EXPECT_EQ(low->ops[0].options.type, tflite::BuiltinOptions::NONE);
}

TEST_F(SparseOpsTest, LoweringWorksAroundKernelLimits) {
  // A scalar value with 3 indices: TFLite's kernel takes a scalar only with one index, so a
  // constant becomes a vector of 3 copies...
  Node* c = t.AddNode(
      "c", "SparseToDense",
      {t.Input("i", DataType::kInt32, PartialShape({3})), t.Const("shape", Tensor::FromVector<int32_t>({1}, {8})),
       t.Const("v", Tensor::Scalar<float>(2.5f)), t.Const("d", Tensor::Scalar<float>(0))});
  auto konst = t.Lower(c);
  ASSERT_TRUE(konst.ok()) << konst.status();
  ASSERT_EQ(konst->ops.size(), 1u);
  EXPECT_EQ(Values<float>(*konst->value(konst->ops[0].inputs[2])), (std::vector<float>{2.5f, 2.5f, 2.5f}));
  // ...and a computed scalar is broadcast to [3].
  Node* b = t.AddNode("b", "SparseToDense",
                      {t.Input("i2", DataType::kInt32, PartialShape({3, 2})),
                       t.Const("shape2", Tensor::FromVector<int32_t>({2}, {4, 4})),
                       t.Input("v2", DataType::kInt32, PartialShape({})), t.Const("d2", Tensor::Scalar<int32_t>(0))});
  auto bcast = t.Lower(b);
  ASSERT_TRUE(bcast.ok()) << bcast.status();
  ASSERT_EQ(bcast->ops.size(), 2u);
  EXPECT_EQ(bcast->ops[0].op, BuiltinOperator::BROADCAST_TO);
  EXPECT_EQ(bcast->tensors[bcast->ops[0].outputs[0]].shape, PartialShape({3}));
  EXPECT_EQ(bcast->ops[1].inputs[2], bcast->ops[0].outputs[0]);
  // A scalar index becomes [1] (the kernel reads dimension 0 of the indices).
  Node* s =
      t.AddNode("one", "SparseToDense",
                {t.Const("i3", Tensor::Scalar<int32_t>(1)), t.Const("shape3", Tensor::FromVector<int32_t>({1}, {2})),
                 t.Input("v3", DataType::kFloat, PartialShape({})), t.Const("d3", Tensor::Scalar<float>(0))});
  auto scalar = t.Lower(s);
  ASSERT_TRUE(scalar.ok()) << scalar.status();
  ASSERT_EQ(scalar->ops.size(), 1u);
  EXPECT_EQ(scalar->value(scalar->ops[0].inputs[0])->shape(), (std::vector<int64_t>{1}));
  // Constant indices are validated at conversion (the kernel does not check them).
  Node* v = t.AddNode("bad", "SparseToDense",
                      {t.Const("i4", Tensor::FromVector<int32_t>({2}, {3, 1})),
                       t.Const("shape4", Tensor::FromVector<int32_t>({1}, {4})),
                       t.Input("v4", DataType::kFloat, PartialShape({2})), t.Const("d4", Tensor::Scalar<float>(0))});
  EXPECT_TRUE(HasMessage(t.Lower(v).status(), "out of order"));
  // 5-D outputs and int16 values are beyond the kernel.
  Node* r5 = t.AddNode("r5", "SparseToDense",
                       {t.Input("i5", DataType::kInt32, PartialShape({2, 5})),
                        t.Const("shape5", Tensor::FromVector<int32_t>({5}, {2, 2, 2, 2, 2})),
                        t.Input("v5", DataType::kFloat, PartialShape({2})), t.Const("d5", Tensor::Scalar<float>(0))});
  EXPECT_TRUE(absl::IsUnimplemented(t.Lower(r5).status()));
  Node* i16 = t.AddNode(
      "i16", "SparseToDense",
      {t.Input("i6", DataType::kInt32, PartialShape({2})), t.Const("shape6", Tensor::FromVector<int32_t>({1}, {4})),
       t.Input("v6", DataType::kInt16, PartialShape({2})), t.Const("d6", Tensor::FromVector<int16_t>({}, {0}))});
  EXPECT_TRUE(absl::IsUnimplemented(t.Lower(i16).status()));
}

}  // namespace
}  // namespace tfconv
