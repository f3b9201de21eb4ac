#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

class GatherOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterArrayOps};
};

TEST_F(GatherOpsTest, GatherRows) {
  auto out = t.Run("GatherV2", {Tensor::FromVector<float>({3, 2}, Iota<float>(6)),
                                Tensor::FromVector<int32_t>({2}, {2, 0}), Tensor::Scalar<int32_t>(0)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{4, 5, 0, 1}));
}

TEST_F(GatherOpsTest, GatherColumnsWithMatrixIndicesAndNegativeAxis) {
  Tensor params = Tensor::FromVector<float>({2, 3}, Iota<float>(6));
  Tensor indices = Tensor::FromVector<int64_t>({2, 2}, {2, 0, 1, 1});
  for (int32_t axis : {1, -1}) {
    auto out = t.Run("GatherV2", {params, indices, Tensor::Scalar<int32_t>(axis)});
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 2, 2}));
    EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{2, 0, 1, 1, 5, 3, 4, 4}));
  }
}

TEST_F(GatherOpsTest, GatherWithBatchDims) {
  // Per batch row b: out[b][j] = params[b][indices[b][j]].
  auto out = t.Run("GatherV2",
                   {Tensor::FromVector<float>({2, 3}, Iota<float>(6)),
                    Tensor::FromVector<int32_t>({2, 2}, {0, 2, 1, 1}), Tensor::Scalar<int32_t>(1)},
                   {{"batch_dims", int64_t{1}}});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{0, 2, 4, 4}));
}

TEST_F(GatherOpsTest, GatherFromAShapeVectorAndTheV1Op) {
  auto dims = t.Run("GatherV2", {Tensor::FromVector<int64_t>({4}, {8, 224, 224, 3}),
                                 Tensor::FromVector<int32_t>({2}, {1, 2}), Tensor::Scalar<int64_t>(0)});
  ASSERT_TRUE(dims.ok()) << dims.status();
  EXPECT_EQ(Values<int64_t>((*dims)[0]), (std::vector<int64_t>{224, 224}));
  auto v1 = t.Run("Gather", {Tensor::FromVector<int32_t>({3}, {7, 8, 9}), Tensor::Scalar<int32_t>(2)});
  ASSERT_TRUE(v1.ok()) << v1.status();
  EXPECT_EQ((*v1)[0].rank(), 0);
  EXPECT_EQ(Values<int32_t>((*v1)[0]), (std::vector<int32_t>{9}));
}

TEST_F(GatherOpsTest, Errors) {
  Tensor params = Tensor::FromVector<float>({3, 2}, Iota<float>(6));
  auto index =
      t.Run("GatherV2", {params, Tensor::FromVector<int32_t>({2}, {0, 3}), Tensor::Scalar<int32_t>(0)});
  ASSERT_FALSE(index.ok());
  EXPECT_TRUE(HasMessage(index.status(), "not in [0, 3)")) << index.status();
  auto axis = t.Run("GatherV2", {params, Tensor::FromVector<int32_t>({1}, {0}), Tensor::Scalar<int32_t>(2)});
  ASSERT_FALSE(axis.ok());
  EXPECT_TRUE(HasMessage(axis.status(), "out of range")) << axis.status();
}

TEST_F(GatherOpsTest, InfersPartialShapes) {
  Output params = t.Input("p", DataType::kFloat, PartialShape({-1, 5}));
  Output ids = t.Input("i", DataType::kInt32, PartialShape({-1, 7}));
  Node* n = t.AddNode("g", "GatherV2", {params, ids, t.Const("axis", Tensor::Scalar<int32_t>(0))});
  ASSERT_TRUE(t.Infer(n).ok());
  EXPECT_EQ(n->outputs[0].shape, PartialShape({-1, 7, 5}));
  Node* m = t.AddNode("h", "GatherV2", {params, ids, t.Input("a", DataType::kInt32, PartialShape())});
  ASSERT_TRUE(t.Infer(m).ok());
  EXPECT_EQ(m->outputs[0].shape, PartialShape({-1, -1, -1}));
}

TEST_F(GatherOpsTest, Lowering) {
  Output params = t.Input("p", DataType::kFloat, PartialShape({4, 5, 6}));
  Output ids = t.Input("i", DataType::kInt64, PartialShape({4, 3}));
  auto low = t.Lower(t.AddNode("g", "GatherV2", {params, ids, t.Const("axis", Tensor::Scalar<int64_t>(-2))},
                               {{"batch_dims", int64_t{-1}}}));
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::GATHER);
  EXPECT_EQ(low->ops[0].inputs.size(), 2u);
  EXPECT_EQ(low->tensors[low->ops[0].inputs[1]].dtype, DataType::kInt64);  // indices pass through
  const auto* options = low->ops[0].options.AsGatherOptions();
  ASSERT_NE(options, nullptr);
  EXPECT_EQ(options->axis, 1);
  EXPECT_EQ(options->batch_dims, 1);
  EXPECT_EQ(low->tensors[low->ops[0].outputs[0]].shape, PartialShape({4, 3, 6}));

  auto dyn =
      t.Lower(t.AddNode("g2", "GatherV2", {params, ids, t.Input("a", DataType::kInt32, PartialShape())}));
  ASSERT_FALSE(dyn.ok());
  EXPECT_EQ(dyn.status().code(), absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace tfconv
