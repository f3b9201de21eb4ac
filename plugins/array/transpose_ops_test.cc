#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

class TransposeOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterArrayOps};
};

TEST_F(TransposeOpsTest, TransposeAMatrix) {
  auto out = t.Run("Transpose", {Tensor::FromVector<float>({2, 3}, Iota<float>(6)),
                                 Tensor::FromVector<int32_t>({2}, {1, 0})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{0, 3, 1, 4, 2, 5}));
}

TEST_F(TransposeOpsTest, TransposeRank3MatchesTheIndexFormula) {
  // in[i][j][k] = 12i + 4j + k; with perm [2, 0, 1], out[k][i][j] = in[i][j][k].
  auto out = t.Run("Transpose", {Tensor::FromVector<int64_t>({2, 3, 4}, Iota<int64_t>(24)),
                                 Tensor::FromVector<int64_t>({3}, {2, 0, 1})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{4, 2, 3}));
  std::vector<int64_t> expected;
  for (int k = 0; k < 4; ++k) {
    for (int i = 0; i < 2; ++i) {
      for (int j = 0; j < 3; ++j) expected.push_back(12 * i + 4 * j + k);
    }
  }
  EXPECT_EQ(Values<int64_t>((*out)[0]), expected);
}

TEST_F(TransposeOpsTest, NhwcToNchwOnABatch) {
  // [N=2, H=1, W=2, C=3] -> [N, C, H, W]: out[n][c][0][w] = in[n][0][w][c] = 6n + 3w + c.
  auto out = t.Run("Transpose", {Tensor::FromVector<float>({2, 1, 2, 3}, Iota<float>(12)),
                                 Tensor::FromVector<int32_t>({4}, {0, 3, 1, 2})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 3, 1, 2}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11}));
}

TEST_F(TransposeOpsTest, BadPermutations) {
  Tensor x = Tensor::FromVector<float>({2, 3}, Iota<float>(6));
  auto repeated = t.Run("Transpose", {x, Tensor::FromVector<int32_t>({2}, {0, 0})});
  ASSERT_FALSE(repeated.ok());
  EXPECT_TRUE(HasMessage(repeated.status(), "not a permutation")) << repeated.status();
  EXPECT_FALSE(t.Run("Transpose", {x, Tensor::FromVector<int32_t>({3}, {0, 1, 2})}).ok());
  EXPECT_FALSE(t.Run("Transpose", {x, Tensor::FromVector<int32_t>({2}, {0, 2})}).ok());
}

TEST_F(TransposeOpsTest, InfersPartialShapes) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 8, 3}));
  Node* a = t.AddNode("a", "Transpose", {x, t.Const("p", Tensor::FromVector<int32_t>({3}, {2, 0, 1}))});
  ASSERT_TRUE(t.Infer(a).ok());
  EXPECT_EQ(a->outputs[0].shape, PartialShape({3, -1, 8}));
  Node* b = t.AddNode("b", "Transpose", {x, t.Input("q", DataType::kInt32, PartialShape({3}))});
  ASSERT_TRUE(t.Infer(b).ok());
  EXPECT_EQ(b->outputs[0].shape, PartialShape({-1, -1, -1}));
}

TEST_F(TransposeOpsTest, LowersToTransposeWithAnInt32Perm) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 8, 3}));
  auto low =
      t.Lower(t.AddNode("tr", "Transpose", {x, t.Const("p", Tensor::FromVector<int64_t>({3}, {0, 2, 1}))}));
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::TRANSPOSE);
  EXPECT_EQ(low->ops[0].options.type, tflite::BuiltinOptions::TransposeOptions);
  const Tensor* perm = low->value(low->ops[0].inputs[1]);
  ASSERT_NE(perm, nullptr);
  EXPECT_EQ(perm->dtype(), DataType::kInt32);
  EXPECT_EQ(Values<int32_t>(*perm), (std::vector<int32_t>{0, 2, 1}));
}

TEST_F(TransposeOpsTest, MovingOnlyUnitDimsLowersToReshape) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({1, 5, 1, 3}));
  auto low = t.Lower(
      t.AddNode("tr", "Transpose", {x, t.Const("p", Tensor::FromVector<int32_t>({4}, {2, 1, 0, 3}))}));
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::RESHAPE);
  EXPECT_EQ(Values<int32_t>(*low->value(low->ops[0].inputs[1])), (std::vector<int32_t>{1, 5, 1, 3}));

  // Swapping two non-unit dimensions reorders elements: a real TRANSPOSE.
  auto real = t.Lower(
      t.AddNode("tr2", "Transpose", {x, t.Const("p2", Tensor::FromVector<int32_t>({4}, {0, 3, 2, 1}))}));
  ASSERT_TRUE(real.ok()) << real.status();
  EXPECT_EQ(real->ops[0].op, BuiltinOperator::TRANSPOSE);
}

}  // namespace
}  // namespace tfconv
