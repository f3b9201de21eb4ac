#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

class ConcatOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterArrayOps};
};

TEST_F(ConcatOpsTest, ConcatV2AlongTheLastAxisWithNegativeIndex) {
  Tensor a = Tensor::FromVector<float>({2, 2, 1}, {0, 1, 2, 3});
  Tensor b = Tensor::FromVector<float>({2, 2, 2}, Iota<float>(8, 10));
  auto out = t.Run("ConcatV2", {a, b, Tensor::Scalar<int32_t>(-1)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 2, 3}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{0, 10, 11, 1, 12, 13, 2, 14, 15, 3, 16, 17}));
}

TEST_F(ConcatOpsTest, ConcatV2AlongAMiddleAxisWithBatch) {
  Tensor a = Tensor::FromVector<float>({2, 1, 2}, {0, 1, 2, 3});
  Tensor b = Tensor::FromVector<float>({2, 2, 2}, Iota<float>(8, 10));
  auto out = t.Run("ConcatV2", {a, b, Tensor::Scalar<int64_t>(1)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 3, 2}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{0, 1, 10, 11, 12, 13, 2, 3, 14, 15, 16, 17}));
}

TEST_F(ConcatOpsTest, ConcatWithTheAxisFirstJoinsShapeVectors) {
  auto out = t.Run("Concat", {Tensor::Scalar<int32_t>(0), Tensor::FromVector<int64_t>({2}, {1, 2}),
                              Tensor::FromVector<int64_t>({3}, {3, 4, 5})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int64_t>((*out)[0]), (std::vector<int64_t>{1, 2, 3, 4, 5}));
}

TEST_F(ConcatOpsTest, ConcatErrors) {
  Tensor a = Tensor::FromVector<float>({2, 2}, Iota<float>(4));
  Tensor c = Tensor::FromVector<float>({3, 2}, Iota<float>(6));
  auto axis = t.Run("ConcatV2", {a, a, Tensor::Scalar<int32_t>(2)});
  ASSERT_FALSE(axis.ok());
  EXPECT_TRUE(HasMessage(axis.status(), "out of range")) << axis.status();
  auto sizes = t.Run("ConcatV2", {a, c, Tensor::Scalar<int32_t>(1)});
  ASSERT_FALSE(sizes.ok());
  EXPECT_TRUE(HasMessage(sizes.status(), "dimension 0 of input 1")) << sizes.status();
  auto rank =
      t.Run("ConcatV2", {a, Tensor::FromVector<float>({4}, Iota<float>(4)), Tensor::Scalar<int32_t>(0)});
  EXPECT_FALSE(rank.ok());
  auto scalars =
      t.Run("ConcatV2", {Tensor::Scalar<float>(1), Tensor::Scalar<float>(2), Tensor::Scalar<int32_t>(0)});
  EXPECT_FALSE(scalars.ok());
}

TEST_F(ConcatOpsTest, ConcatInfersPartialShapes) {
  Output a = t.Input("a", DataType::kFloat, PartialShape({-1, 4}));
  Output b = t.Input("b", DataType::kFloat, PartialShape({-1, 6}));
  Node* n = t.AddNode("n", "ConcatV2", {a, b, t.Const("axis", Tensor::Scalar<int32_t>(1))});
  ASSERT_TRUE(t.Infer(n).ok());
  EXPECT_EQ(n->outputs[0].shape, PartialShape({-1, 10}));

  Output c = t.Input("c", DataType::kFloat, PartialShape({2, -1}));
  Output d = t.Input("d", DataType::kFloat, PartialShape({-1, 3}));
  Node* m = t.AddNode("m", "ConcatV2", {c, d, t.Const("axis0", Tensor::Scalar<int32_t>(0))});
  ASSERT_TRUE(t.Infer(m).ok());
  EXPECT_EQ(m->outputs[0].shape, PartialShape({-1, 3}));

  Output axis = t.Input("axis", DataType::kInt32, PartialShape());
  Node* k = t.AddNode("k", "ConcatV2", {a, b, axis});
  ASSERT_TRUE(t.Infer(k).ok());
  EXPECT_EQ(k->outputs[0].shape, PartialShape({-1, -1}));
}

TEST_F(ConcatOpsTest, ConcatLowersWithANormalizedAxis) {
  Output a = t.Input("a", DataType::kFloat, PartialShape({-1, 4, 4, 8}));
  Output b = t.Input("b", DataType::kFloat, PartialShape({-1, 4, 4, 16}));
  auto low = t.Lower(t.AddNode("cat", "ConcatV2", {a, b, t.Const("axis", Tensor::Scalar<int32_t>(-1))}));
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 1u);
  const LoweredOp& op = low->ops[0];
  EXPECT_EQ(op.op, BuiltinOperator::CONCATENATION);
  ASSERT_EQ(op.inputs.size(), 2u);  // the axis is an option, not an operand
  EXPECT_EQ(low->tensors[op.inputs[0]].name, "a");
  const auto* options = op.options.AsConcatenationOptions();
  ASSERT_NE(options, nullptr);
  EXPECT_EQ(options->axis, 3);
  EXPECT_EQ(options->fused_activation_function, tflite::ActivationFunctionType::NONE);
  EXPECT_EQ(low->tensors[op.outputs[0]].shape, PartialShape({-1, 4, 4, 24}));
}

TEST_F(ConcatOpsTest, ConcatWithAComputedAxisIsUnsupported) {
  Output a = t.Input("a", DataType::kFloat, PartialShape({2, 2}));
  Output axis = t.Input("axis", DataType::kInt32, PartialShape());
  auto low = t.Lower(t.AddNode("cat", "ConcatV2", {a, a, axis}));
  ASSERT_FALSE(low.ok());
  EXPECT_EQ(low.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_TRUE(HasMessage(low.status(), "'cat'")) << low.status();
}

TEST_F(ConcatOpsTest, PackScalarsIntoAShapeVector) {
  auto out =
      t.Run("Pack", {Tensor::Scalar<int32_t>(1), Tensor::Scalar<int32_t>(49), Tensor::Scalar<int32_t>(40)},
            {{"N", int64_t{3}}, {"axis", int64_t{0}}});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{3}));
  EXPECT_EQ(Values<int32_t>((*out)[0]), (std::vector<int32_t>{1, 49, 40}));
}

TEST_F(ConcatOpsTest, PackAlongAMiddleAndTheLastAxis) {
  Tensor a = Tensor::FromVector<float>({2, 3}, Iota<float>(6));
  Tensor b = Tensor::FromVector<float>({2, 3}, Iota<float>(6, 10));
  auto mid = t.Run("Pack", {a, b}, {{"axis", int64_t{1}}});
  ASSERT_TRUE(mid.ok()) << mid.status();
  EXPECT_EQ((*mid)[0].shape(), (std::vector<int64_t>{2, 2, 3}));
  EXPECT_EQ(Values<float>((*mid)[0]), (std::vector<float>{0, 1, 2, 10, 11, 12, 3, 4, 5, 13, 14, 15}));

  auto last =
      t.Run("Pack", {Tensor::FromVector<int64_t>({2}, {1, 2}), Tensor::FromVector<int64_t>({2}, {3, 4})},
            {{"axis", int64_t{-1}}});
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ((*last)[0].shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(Values<int64_t>((*last)[0]), (std::vector<int64_t>{1, 3, 2, 4}));
}

TEST_F(ConcatOpsTest, PackErrors) {
  Tensor a = Tensor::FromVector<float>({2}, {1, 2});
  Tensor b = Tensor::FromVector<float>({3}, {1, 2, 3});
  EXPECT_FALSE(t.Run("Pack", {a, b}).ok());
  auto axis = t.Run("Pack", {a, a}, {{"axis", int64_t{2}}});
  ASSERT_FALSE(axis.ok());
  EXPECT_TRUE(HasMessage(axis.status(), "out of range")) << axis.status();
}

TEST_F(ConcatOpsTest, PackLowering) {
  Output a = t.Input("a", DataType::kFloat, PartialShape({-1, 3}));
  Output b = t.Input("b", DataType::kFloat, PartialShape({2, -1}));
  Node* n = t.AddNode("p", "Pack", {a, b}, {{"axis", int64_t{-1}}});
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(n->outputs[0].shape, PartialShape({2, 3, 2}));  // sizes merged across the values
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::PACK);
  const auto* options = low->ops[0].options.AsPackOptions();
  ASSERT_NE(options, nullptr);
  EXPECT_EQ(options->values_count, 2);
  EXPECT_EQ(options->axis, 2);
}

TEST_F(ConcatOpsTest, UnpackSplitsAlongAnAxis) {
  Tensor x = Tensor::FromVector<float>({2, 3}, Iota<float>(6));
  for (int64_t axis : {1, -1}) {
    auto out = t.Run("Unpack", {x}, {{"num", int64_t{3}}, {"axis", axis}});
    ASSERT_TRUE(out.ok()) << out.status();
    ASSERT_EQ(out->size(), 3u);
    EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{0, 3}));
    EXPECT_EQ(Values<float>((*out)[1]), (std::vector<float>{1, 4}));
    EXPECT_EQ(Values<float>((*out)[2]), (std::vector<float>{2, 5}));
    EXPECT_EQ((*out)[2].shape(), (std::vector<int64_t>{2}));
  }
  auto rows = t.Run("Unpack", {x}, {{"num", int64_t{2}}});
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Values<float>((*rows)[1]), (std::vector<float>{3, 4, 5}));
}

TEST_F(ConcatOpsTest, UnpackNumMustMatch) {
  auto out = t.Run("Unpack", {Tensor::FromVector<float>({2, 3}, Iota<float>(6))}, {{"num", int64_t{3}}});
  ASSERT_FALSE(out.ok());
  EXPECT_TRUE(HasMessage(out.status(), "must equal num = 3")) << out.status();
}

TEST_F(ConcatOpsTest, UnpackLowering) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 3}));
  Node* n = t.AddNode("u", "Unpack", {x}, {{"num", int64_t{3}}, {"axis", int64_t{-1}}});
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(n->num_outputs(), 3);
  EXPECT_EQ(n->outputs[1].shape, PartialShape({-1}));
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::UNPACK);
  EXPECT_EQ(low->ops[0].outputs.size(), 3u);
  const auto* options = low->ops[0].options.AsUnpackOptions();
  ASSERT_NE(options, nullptr);
  EXPECT_EQ(options->num, 3);
  EXPECT_EQ(options->axis, 1);
}

}  // namespace
}  // namespace tfconv
