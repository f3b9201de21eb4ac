#include "gtest/gtest.h"
#include "plugins/nn/nn_ops.h"
#include "plugins/nn/testing/fake_lowering_context.h"
#include "plugins/nn/testing/op_test_fixture.h"

namespace tfconv {
namespace {

class BiasAddOpsTest : public OpTestFixture {
 protected:
  void SetUp() override { Register("tfconv.nn", RegisterNnOps); }
};

TEST_F(BiasAddOpsTest, Shapes) {
  Node* v = Source("v", DataType::kFloat, {-1, 4, 4, -1});
  Node* b = Source("b", DataType::kFloat, {8});
  Node* nhwc = Op("nhwc", "BiasAdd", {v, b});
  ASSERT_TRUE(Infer(nhwc).ok());
  EXPECT_EQ(nhwc->outputs[0].shape, PartialShape({-1, 4, 4, 8}));  // channels from the bias
  Node* vc = Source("vc", DataType::kFloat, {2, 8, 4, 4});
  Node* nchw = Op("nchw", "BiasAdd", {vc, b}, {{"data_format", "NCHW"}});
  ASSERT_TRUE(Infer(nchw).ok());
  EXPECT_EQ(nchw->outputs[0].shape, PartialShape({2, 8, 4, 4}));
  absl::Status s = Infer(Op("bad", "BiasAdd", {vc, b}));
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'bad' (BiasAdd)"), std::string::npos) << s;
  EXPECT_FALSE(Infer(Op("scalar", "BiasAdd", {Source("s", DataType::kFloat, {8}), b})).ok());
  ASSERT_TRUE(Infer(Op("v1", "BiasAddV1", {v, b})).ok());
}

TEST_F(BiasAddOpsTest, EvaluatesAlongTheChannelAxis) {
  Tensor v = Tensor::FromVector<float>({2, 1, 1, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b = Tensor::FromVector<float>({3}, {10, 20, 30});
  Node* add = Op("add", "BiasAdd", {Source("v", DataType::kFloat, {2, 1, 1, 3}), Constant("b", b)});
  absl::StatusOr<Tensor> y = Eval1(add, {v, b});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(Floats(*y), std::vector<float>({11, 22, 33, 14, 25, 36}));

  Tensor vc = Tensor::FromVector<float>({1, 2, 1, 2}, {1, 2, 3, 4});
  Tensor bc = Tensor::FromVector<float>({2}, {100, 200});
  Node* nchw = Op("nchw", "BiasAdd", {Source("vc", DataType::kFloat, {1, 2, 1, 2}), Constant("bc", bc)},
                  {{"data_format", "NCHW"}});
  y = Eval1(nchw, {vc, bc});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(Floats(*y), std::vector<float>({101, 102, 203, 204}));
  EXPECT_FALSE(Eval1(add, {v, bc}).ok());
}

TEST_F(BiasAddOpsTest, LowersToAddForNhwc) {
  Node* v = Source("v", DataType::kFloat, {1, 4, 4, 3});
  Node* b = Constant("b", Tensor::FromVector<float>({3}, {1, 2, 3}));
  Node* add = Op("add", "BiasAdd", {v, b});
  ASSERT_TRUE(Infer(add).ok());
  FakeLoweringContext c(*add);
  ASSERT_TRUE(Reg("BiasAdd").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 1u);
  EXPECT_EQ(c.BuiltinCode(0), tflite::BuiltinOperator::ADD);
  EXPECT_EQ(c.ops()[0].inputs, std::vector<int32_t>({c.input_tensor_if_created(0), c.input_tensor_if_created(1)}));
  EXPECT_EQ(c.ConstData<float>(c.ops()[0].inputs[1]), std::vector<float>({1, 2, 3}));
  const tflite::AddOptionsT* o = c.ops()[0].builtin_options.AsAddOptions();
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->fused_activation_function, tflite::ActivationFunctionType::NONE);
}

TEST_F(BiasAddOpsTest, NchwIsUnsupportedWithAReason) {
  Node* v = Source("v", DataType::kFloat, {1, 3, 4, 4});
  Node* b = Source("b", DataType::kFloat, {3});
  Node* add = Op("add", "BiasAdd", {v, b}, {{"data_format", "NCHW"}});
  ASSERT_TRUE(Infer(add).ok());
  FakeLoweringContext c(*add);
  absl::Status s = Reg("BiasAdd").lower(c);
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;
  EXPECT_NE(s.message().find("'add' (BiasAdd)"), std::string::npos) << s;
  EXPECT_NE(s.message().find("NCHW"), std::string::npos) << s;
  EXPECT_TRUE(c.ops().empty());
}

}  // namespace
}  // namespace tfconv
