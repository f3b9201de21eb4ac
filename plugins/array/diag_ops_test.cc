// Matrix diagonal ops: values worked out by hand from TensorFlow's documentation of
// tf.linalg.diag / tf.linalg.set_diag, and which argument values convert.
#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

class DiagOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterArrayOps};
};

Tensor I32(int32_t v) { return Tensor::Scalar<int32_t>(v); }

TEST_F(DiagOpsTest, MatrixDiagBatchOfThree) {
  // diagonal [2, 3] -> [2, 3, 3] with the rows of the diagonal on the main diagonals.
  auto out = t.Run("MatrixDiag", {Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 3, 3}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{1, 0, 0, 0, 2, 0, 0, 0, 3,  //
                                                          4, 0, 0, 0, 5, 0, 0, 0, 6}));
  EXPECT_FALSE(t.Run("MatrixDiag", {Tensor::Scalar<float>(1)}).ok());
}

TEST_F(DiagOpsTest, MatrixDiagV3DefaultsRectangleAndPadding) {
  Tensor diag = Tensor::FromVector<int32_t>({2}, {7, 8});
  // k = 0, num_rows = num_cols = -1, padding 0: the same as MatrixDiag.
  auto square = t.Run("MatrixDiagV3", {diag, I32(0), I32(-1), I32(-1), I32(0)}, {{"align", std::string("RIGHT_LEFT")}});
  ASSERT_TRUE(square.ok()) << square.status();
  EXPECT_EQ((*square)[0].shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(Values<int32_t>((*square)[0]), (std::vector<int32_t>{7, 0, 0, 8}));
  // num_cols 3 (num_rows derived = 2) and padding 9: [[7, 9, 9], [9, 8, 9]].
  auto wide = t.Run("MatrixDiagV2", {diag, I32(0), I32(-1), I32(3), I32(9)});
  ASSERT_TRUE(wide.ok()) << wide.status();
  EXPECT_EQ((*wide)[0].shape(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(Values<int32_t>((*wide)[0]), (std::vector<int32_t>{7, 9, 9, 9, 8, 9}));
  // k given as [0, 0] is still the main diagonal; num_rows 3: [[7, 0], [0, 8], [0, 0]].
  auto tall = t.Run("MatrixDiagV3", {diag, Tensor::FromVector<int32_t>({2}, {0, 0}), I32(3), I32(-1), I32(0)});
  ASSERT_TRUE(tall.ok()) << tall.status();
  EXPECT_EQ(Values<int32_t>((*tall)[0]), (std::vector<int32_t>{7, 0, 0, 8, 0, 0}));
  // Sizes that do not hold the diagonal: both larger, or one smaller.
  EXPECT_FALSE(t.Run("MatrixDiagV2", {diag, I32(0), I32(3), I32(3), I32(0)}).ok());
  EXPECT_FALSE(t.Run("MatrixDiagV2", {diag, I32(0), I32(1), I32(-1), I32(0)}).ok());
}

TEST_F(DiagOpsTest, OtherDiagonalsAreReportedByArgumentName) {
  Tensor diag = Tensor::FromVector<float>({3}, {1, 2, 3});
  auto off = t.Run("MatrixDiagV3", {diag, I32(1), I32(-1), I32(-1), Tensor::Scalar<float>(0)});
  EXPECT_TRUE(absl::IsUnimplemented(off.status())) << off.status();
  EXPECT_TRUE(HasMessage(off.status(), "argument 'k'")) << off.status();
  auto band = t.Run("MatrixSetDiagV3",
                    {Tensor::Zeros(DataType::kFloat, {3, 3}), diag, Tensor::FromVector<int32_t>({2}, {-1, 0})});
  EXPECT_TRUE(HasMessage(band.status(), "argument 'k'")) << band.status();
}

TEST_F(DiagOpsTest, MatrixDiagLowering) {
  Node* v1 = t.AddNode("d1", "MatrixDiag", {t.Input("x", DataType::kFloat, PartialShape({-1, 5}))});
  auto low = t.Lower(v1);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(v1->outputs[0].shape, PartialShape({-1, 5, 5}));
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::MATRIX_DIAG);
  EXPECT_EQ(low->ops[0].inputs.size(), 1u);
  EXPECT_EQ(low->ops[0].options.type, tflite::BuiltinOptions::NONE);

  auto v3 = [&](const std::string& name, Tensor rows, Tensor cols, Tensor pad) {
    Node* n = t.AddNode(name, "MatrixDiagV3",
                        {t.Input(name + "_x", DataType::kFloat, PartialShape({2, 5})), t.Const(name + "_k", I32(0)),
                         t.Const(name + "_r", std::move(rows)), t.Const(name + "_c", std::move(cols)),
                         t.Const(name + "_p", std::move(pad))});
    return t.Lower(n);
  };
  auto ok = v3("ok", I32(-1), I32(5), Tensor::Scalar<float>(0));  // 5 = the diagonal's length
  ASSERT_TRUE(ok.ok()) << ok.status();
  ASSERT_EQ(ok->ops.size(), 1u);
  EXPECT_EQ(ok->ops[0].op, BuiltinOperator::MATRIX_DIAG);
  auto padded = v3("pad", I32(-1), I32(-1), Tensor::Scalar<float>(1));
  EXPECT_TRUE(absl::IsUnimplemented(padded.status()));
  EXPECT_TRUE(HasMessage(padded.status(), "padding_value")) << padded.status();
  auto wide = v3("wide", I32(-1), I32(6), Tensor::Scalar<float>(0));
  EXPECT_TRUE(HasMessage(wide.status(), "argument 'num_cols'")) << wide.status();
  // A computed k cannot be checked.
  Node* dyn =
      t.AddNode("dyn", "MatrixDiagV2",
                {t.Input("dx", DataType::kFloat, PartialShape({4})), t.Input("dk", DataType::kInt32, PartialShape({})),
                 t.Const("dr", I32(-1)), t.Const("dc", I32(-1)), t.Const("dp", Tensor::Scalar<float>(0))});
  auto computed = t.Lower(dyn);
  EXPECT_TRUE(HasMessage(computed.status(), "argument 'k' is computed")) << computed.status();
  // bool has no MATRIX_DIAG kernel.
  Node* b = t.AddNode("b", "MatrixDiag", {t.Input("bx", DataType::kBool, PartialShape({3}))});
  EXPECT_TRUE(absl::IsUnimplemented(t.Lower(b).status()));
}

TEST_F(DiagOpsTest, MatrixSetDiagRectangularBatch) {
  // input [2, 2, 3] (values 0..11), diagonal [2, 2]: min(2, 3) = 2 entries per matrix.
  Tensor in = Tensor::FromVector<int64_t>({2, 2, 3}, Iota<int64_t>(12));
  Tensor diag = Tensor::FromVector<int64_t>({2, 2}, {-1, -2, -3, -4});
  auto out = t.Run("MatrixSetDiag", {in, diag});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int64_t>((*out)[0]), (std::vector<int64_t>{-1, 1, 2, 3, -2, 5,  //
                                                              -3, 7, 8, 9, -4, 11}));
  // A tall matrix [3, 2] takes 2 entries too; V2 with k = 0 means the same.
  auto tall = t.Run("MatrixSetDiagV2",
                    {Tensor::Zeros(DataType::kFloat, {3, 2}), Tensor::FromVector<float>({2}, {5, 6}), I32(0)});
  ASSERT_TRUE(tall.ok()) << tall.status();
  EXPECT_EQ(Values<float>((*tall)[0]), (std::vector<float>{5, 0, 0, 6, 0, 0}));
  // The diagonal must have min(rows, cols) entries.
  EXPECT_FALSE(t.Run("MatrixSetDiag", {in, Tensor::Zeros(DataType::kInt64, {2, 3})}).ok());
}

TEST_F(DiagOpsTest, MatrixSetDiagLowering) {
  Node* n = t.AddNode("s", "MatrixSetDiagV3",
                      {t.Input("in", DataType::kInt32, PartialShape({-1, 4, 6})),
                       t.Input("dg", DataType::kInt32, PartialShape({3, -1})), t.Const("k", I32(0))},
                      {{"align", std::string("LEFT_RIGHT")}});
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(n->outputs[0].shape, PartialShape({3, 4, 6}));  // the batch taken from the diagonal
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::MATRIX_SET_DIAG);
  EXPECT_EQ(low->ops[0].inputs.size(), 2u);  // k is not an operand of the TFLite op
  // Inference catches a diagonal of the wrong length.
  Node* bad = t.AddNode(
      "bad", "MatrixSetDiag",
      {t.Input("in2", DataType::kFloat, PartialShape({4, 6})), t.Input("dg2", DataType::kFloat, PartialShape({6}))});
  EXPECT_FALSE(t.Infer(bad).ok());
}

}  // namespace
}  // namespace tfconv
