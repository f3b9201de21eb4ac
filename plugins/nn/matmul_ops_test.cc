#include "gtest/gtest.h"
#include "plugins/nn/nn_ops.h"
#include "plugins/nn/testing/fake_lowering_context.h"
#include "plugins/nn/testing/op_test_fixture.h"

namespace tfconv {
namespace {

class MatMulOpsTest : public OpTestFixture {
 protected:
  void SetUp() override { Register("tfconv.nn", RegisterNnOps); }
  // a = [[1,2,3],[4,5,6]], b = [[7,8],[9,10],[11,12]]; a x b = [[58,64],[139,154]].
  Tensor a_ = Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b_ = Tensor::FromVector<float>({3, 2}, {7, 8, 9, 10, 11, 12});
};

TEST_F(MatMulOpsTest, MatMulShapes) {
  Node* a = Source("a", DataType::kFloat, {2, 3});
  Node* b = Source("b", DataType::kFloat, {3, 4});
  Node* m = Op("m", "MatMul", {a, b});
  ASSERT_TRUE(Infer(m).ok());
  EXPECT_EQ(m->outputs[0].shape, PartialShape({2, 4}));
  Node* at = Source("at", DataType::kFloat, {3, -1});
  Node* t = Op("t", "MatMul", {at, b}, {{"transpose_a", true}});
  ASSERT_TRUE(Infer(t).ok());
  EXPECT_EQ(t->outputs[0].shape, PartialShape({-1, 4}));
  absl::Status s = Infer(Op("bad", "MatMul", {a, a}));
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("inner dimensions"), std::string::npos) << s;
  EXPECT_FALSE(Infer(Op("rank", "MatMul", {Source("r3", DataType::kFloat, {1, 2, 3}), b})).ok());
}

TEST_F(MatMulOpsTest, BatchMatMulShapes) {
  Node* x = Source("x", DataType::kFloat, {2, 1, 2, 3});
  Node* y = Source("y", DataType::kFloat, {4, 3, 5});
  Node* v2 = Op("v2", "BatchMatMulV2", {x, y});
  ASSERT_TRUE(Infer(v2).ok());
  EXPECT_EQ(v2->outputs[0].shape, PartialShape({2, 4, 2, 5}));
  EXPECT_FALSE(Infer(Op("v1", "BatchMatMul", {x, y})).ok());  // V1 does not broadcast
  Node* y4 = Source("y4", DataType::kFloat, {2, 1, 5, 3});
  Node* v1 = Op("v1_ok", "BatchMatMul", {x, y4}, {{"adj_y", true}});
  ASSERT_TRUE(Infer(v1).ok());
  EXPECT_EQ(v1->outputs[0].shape, PartialShape({2, 1, 2, 5}));
  Node* v3 = Op("v3", "BatchMatMulV3", {x, y}, {{"Ta", DataType::kFloat}, {"Tb", DataType::kFloat},
                                                 {"Tout", DataType::kFloat}});
  ASSERT_TRUE(Infer(v3).ok());
  EXPECT_EQ(v3->outputs[0].dtype, DataType::kFloat);
  Node* yb = Source("yb", DataType::kFloat, {3, 3, 5});
  EXPECT_FALSE(Infer(Op("nobroadcast", "BatchMatMulV2", {Source("x3", DataType::kFloat, {2, 2, 3}), yb})).ok());
}

TEST_F(MatMulOpsTest, EvaluatesWithTransposes) {
  Node* m = Op("m", "MatMul", {Constant("a", a_), Constant("b", b_)});
  absl::StatusOr<Tensor> z = Eval1(m, {a_, b_});
  ASSERT_TRUE(z.ok()) << z.status();
  EXPECT_EQ(Floats(*z), std::vector<float>({58, 64, 139, 154}));
  Tensor at = Tensor::FromVector<float>({3, 2}, {1, 4, 2, 5, 3, 6});
  Tensor bt = Tensor::FromVector<float>({2, 3}, {7, 9, 11, 8, 10, 12});
  Node* tt = Op("tt", "MatMul", {Constant("at", at), Constant("bt", bt)},
                {{"transpose_a", true}, {"transpose_b", true}});
  z = Eval1(tt, {at, bt});
  ASSERT_TRUE(z.ok()) << z.status();
  EXPECT_EQ(Floats(*z), std::vector<float>({58, 64, 139, 154}));
  // int32 too, as TF's MatMul supports it.
  Node* mi = Op("mi", "MatMul", {Source("ai", DataType::kInt32, {1, 2}), Source("bi", DataType::kInt32, {2, 1})});
  absl::StatusOr<Tensor> zi = Eval1(mi, {Tensor::FromVector<int32_t>({1, 2}, {3, 4}),
                                         Tensor::FromVector<int32_t>({2, 1}, {5, 6})});
  ASSERT_TRUE(zi.ok()) << zi.status();
  EXPECT_EQ(zi->data<int32_t>()[0], 39);
  EXPECT_FALSE(Eval1(m, {a_, a_}).ok());
}

TEST_F(MatMulOpsTest, BatchMatMulEvaluatesWithBroadcast) {
  // x [2, 1, 1, 2] = {[1, 2]}, {[3, 4]}; y [3, 2, 1] = {[1;0]}, {[0;1]}, {[1;1]}.
  Tensor x = Tensor::FromVector<float>({2, 1, 1, 2}, {1, 2, 3, 4});
  Tensor y = Tensor::FromVector<float>({3, 2, 1}, {1, 0, 0, 1, 1, 1});
  Node* v2 = Op("v2", "BatchMatMulV2", {Source("x", DataType::kFloat, {2, 1, 1, 2}),
                                        Source("y", DataType::kFloat, {3, 2, 1})});
  absl::StatusOr<Tensor> z = Eval1(v2, {x, y});
  ASSERT_TRUE(z.ok()) << z.status();
  EXPECT_EQ(z->shape(), std::vector<int64_t>({2, 3, 1, 1}));
  EXPECT_EQ(Floats(*z), std::vector<float>({1, 2, 3, 3, 4, 7}));
}

TEST_F(MatMulOpsTest, MatMulWithConstantWeightsLowersToFullyConnected) {
  Node* a = Source("a", DataType::kFloat, {-1, 3});
  Node* m = Op("m", "MatMul", {a, Constant("b", b_)});
  ASSERT_TRUE(Infer(m).ok());
  FakeLoweringContext c(*m);
  ASSERT_TRUE(Reg("MatMul").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 1u);
  EXPECT_EQ(c.BuiltinCode(0), tflite::BuiltinOperator::FULLY_CONNECTED);
  const TflOperator& op = c.ops()[0];
  ASSERT_EQ(op.inputs.size(), 3u);
  EXPECT_EQ(op.inputs[0], c.input_tensor_if_created(0));
  EXPECT_EQ(c.tensor(op.inputs[1]).shape, std::vector<int32_t>({2, 3}));  // [N, K]
  EXPECT_EQ(c.ConstData<float>(op.inputs[1]), std::vector<float>({7, 9, 11, 8, 10, 12}));
  EXPECT_EQ(op.inputs[2], -1);  // no bias, as the official converter emits
  const tflite::FullyConnectedOptionsT* o = op.builtin_options.AsFullyConnectedOptions();
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->fused_activation_function, tflite::ActivationFunctionType::NONE);
  EXPECT_EQ(o->weights_format, tflite::FullyConnectedOptionsWeightsFormat::DEFAULT);
  EXPECT_FALSE(o->keep_num_dims);
}

TEST_F(MatMulOpsTest, TransposeBTakesTheConstantAsIs) {
  Tensor bt = Tensor::FromVector<float>({2, 3}, {7, 9, 11, 8, 10, 12});
  Node* m = Op("m", "MatMul", {Source("a", DataType::kFloat, {4, 3}), Constant("bt", bt)}, {{"transpose_b", true}});
  ASSERT_TRUE(Infer(m).ok());
  FakeLoweringContext c(*m);
  ASSERT_TRUE(Reg("MatMul").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 1u);
  EXPECT_EQ(c.ops()[0].inputs[1], c.input_tensor_if_created(1));
  EXPECT_EQ(c.ConstData<float>(c.ops()[0].inputs[1]), std::vector<float>({7, 9, 11, 8, 10, 12}));
}

TEST_F(MatMulOpsTest, ComputedOperandsGetTransposeOperators) {
  Node* a = Source("a", DataType::kFloat, {3, 2});
  Node* b = Source("b", DataType::kFloat, {3, 5});
  Node* m = Op("m", "MatMul", {a, b}, {{"transpose_a", true}});
  ASSERT_TRUE(Infer(m).ok());
  EXPECT_EQ(m->outputs[0].shape, PartialShape({2, 5}));
  FakeLoweringContext c(*m);
  ASSERT_TRUE(Reg("MatMul").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 3u);
  EXPECT_EQ(c.BuiltinCode(0), tflite::BuiltinOperator::TRANSPOSE);  // a -> [2, 3]
  EXPECT_EQ(c.ops()[0].inputs[0], c.input_tensor_if_created(0));
  EXPECT_EQ(c.tensor(c.ops()[0].outputs[0]).shape, std::vector<int32_t>({2, 3}));
  EXPECT_EQ(c.BuiltinCode(1), tflite::BuiltinOperator::TRANSPOSE);  // b -> [5, 3]
  EXPECT_EQ(c.ops()[1].inputs[0], c.input_tensor_if_created(1));
  EXPECT_EQ(c.ConstData<int32_t>(c.ops()[1].inputs[1]), std::vector<int32_t>({1, 0}));
  EXPECT_EQ(c.tensor(c.ops()[1].outputs[0]).shape, std::vector<int32_t>({5, 3}));
  EXPECT_EQ(c.BuiltinCode(2), tflite::BuiltinOperator::FULLY_CONNECTED);
  EXPECT_EQ(c.ops()[2].inputs, std::vector<int32_t>({c.ops()[0].outputs[0], c.ops()[1].outputs[0], -1}));
}

TEST_F(MatMulOpsTest, BatchMatMulWithConstantMatrixLowersToFullyConnectedKeepingDims) {
  Node* x = Source("x", DataType::kFloat, {-1, 4, 3});
  Node* v2 = Op("v2", "BatchMatMulV2", {x, Constant("w", b_)});
  ASSERT_TRUE(Infer(v2).ok());
  EXPECT_EQ(v2->outputs[0].shape, PartialShape({-1, 4, 2}));
  FakeLoweringContext c(*v2);
  ASSERT_TRUE(Reg("BatchMatMulV2").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 1u);
  EXPECT_EQ(c.BuiltinCode(0), tflite::BuiltinOperator::FULLY_CONNECTED);
  EXPECT_EQ(c.ConstData<float>(c.ops()[0].inputs[1]), std::vector<float>({7, 9, 11, 8, 10, 12}));
  EXPECT_EQ(c.ops()[0].inputs[2], -1);
  EXPECT_TRUE(c.ops()[0].builtin_options.AsFullyConnectedOptions()->keep_num_dims);
}

TEST_F(MatMulOpsTest, BatchMatMulOfActivationsLowersToBatchMatMul) {
  Node* x = Source("x", DataType::kFloat, {2, 3, 4});
  Node* y = Source("y", DataType::kFloat, {2, 5, 4});
  Node* bmm = Op("bmm", "BatchMatMulV3", {x, y}, {{"adj_y", true}, {"Tout", DataType::kFloat}});
  ASSERT_TRUE(Infer(bmm).ok());
  EXPECT_EQ(bmm->outputs[0].shape, PartialShape({2, 3, 5}));
  FakeLoweringContext c(*bmm);
  ASSERT_TRUE(Reg("BatchMatMulV3").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 1u);
  EXPECT_EQ(c.BuiltinCode(0), tflite::BuiltinOperator::BATCH_MATMUL);
  EXPECT_EQ(c.ops()[0].inputs, std::vector<int32_t>({c.input_tensor_if_created(0), c.input_tensor_if_created(1)}));
  const tflite::BatchMatMulOptionsT* o = c.ops()[0].builtin_options.AsBatchMatMulOptions();
  ASSERT_NE(o, nullptr);
  EXPECT_FALSE(o->adj_x);
  EXPECT_TRUE(o->adj_y);
}

TEST_F(MatMulOpsTest, IntegerMatMulIsNotLowered) {
  Node* m = Op("m", "MatMul", {Source("a", DataType::kInt32, {2, 3}), Source("b", DataType::kInt32, {3, 2})});
  ASSERT_TRUE(Infer(m).ok());
  FakeLoweringContext c(*m);
  absl::Status s = Reg("MatMul").lower(c);
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;
  EXPECT_NE(s.message().find("int32"), std::string::npos) << s;
}

}  // namespace
}  // namespace tfconv
