#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

class PadOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterArrayOps};
};

Tensor Paddings(std::vector<int64_t> rows) {
  const int64_t n = static_cast<int64_t>(rows.size()) / 2;
  return Tensor::FromVector<int32_t>({n, 2}, std::vector<int32_t>(rows.begin(), rows.end()));
}

TEST_F(PadOpsTest, PadWithZeros) {
  auto out = t.Run("Pad", {Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6}), Paddings({1, 0, 0, 2})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{3, 5}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 4, 5, 6, 0, 0}));
}

TEST_F(PadOpsTest, PadABatchOfFeatureMapsLikeConvPadding) {
  // [N=2, H=1, W=2, C=1], one pixel of padding around H and W.
  Tensor x = Tensor::FromVector<float>({2, 1, 2, 1}, {1, 2, 3, 4});
  auto out = t.Run("Pad", {x, Paddings({0, 0, 1, 1, 1, 1, 0, 0})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 3, 4, 1}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0,  //
                                                          0, 0, 0, 0, 0, 3, 4, 0, 0, 0, 0, 0}));
}

TEST_F(PadOpsTest, PadV2WithAConstant) {
  auto out = t.Run("PadV2", {Tensor::FromVector<int32_t>({2}, {7, 8}),
                             Tensor::FromVector<int64_t>({1, 2}, {2, 1}), Tensor::Scalar<int32_t>(-1)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int32_t>((*out)[0]), (std::vector<int32_t>{-1, -1, 7, 8, -1}));
}

TEST_F(PadOpsTest, MirrorPadReflectAndSymmetric) {
  Tensor x = Tensor::FromVector<float>({3}, {1, 2, 3});
  auto reflect = t.Run("MirrorPad", {x, Paddings({2, 2})}, {{"mode", "REFLECT"}});
  ASSERT_TRUE(reflect.ok()) << reflect.status();
  EXPECT_EQ(Values<float>((*reflect)[0]), (std::vector<float>{3, 2, 1, 2, 3, 2, 1}));
  auto symmetric = t.Run("MirrorPad", {x, Paddings({2, 2})}, {{"mode", "SYMMETRIC"}});
  ASSERT_TRUE(symmetric.ok()) << symmetric.status();
  EXPECT_EQ(Values<float>((*symmetric)[0]), (std::vector<float>{2, 1, 1, 2, 3, 3, 2}));
}

TEST_F(PadOpsTest, MirrorPadReflectIn2D) {
  auto out =
      t.Run("MirrorPad", {Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6}), Paddings({1, 1, 1, 1})},
            {{"mode", "REFLECT"}});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{4, 5}));
  EXPECT_EQ(Values<float>((*out)[0]),
            (std::vector<float>{5, 4, 5, 6, 5, 2, 1, 2, 3, 2, 5, 4, 5, 6, 5, 2, 1, 2, 3, 2}));
}

TEST_F(PadOpsTest, Errors) {
  Tensor x = Tensor::FromVector<float>({3}, {1, 2, 3});
  auto too_much = t.Run("MirrorPad", {x, Paddings({3, 0})}, {{"mode", "REFLECT"}});
  ASSERT_FALSE(too_much.ok());
  EXPECT_TRUE(HasMessage(too_much.status(), "REFLECT")) << too_much.status();
  EXPECT_TRUE(t.Run("MirrorPad", {x, Paddings({3, 0})}, {{"mode", "SYMMETRIC"}}).ok());
  auto negative = t.Run("Pad", {x, Paddings({-1, 0})});
  ASSERT_FALSE(negative.ok());
  EXPECT_TRUE(HasMessage(negative.status(), "non-negative")) << negative.status();
  auto shape = t.Run("Pad", {x, Paddings({1, 1, 1, 1})});
  ASSERT_FALSE(shape.ok());
  EXPECT_TRUE(HasMessage(shape.status(), "[1,2]")) << shape.status();
  EXPECT_FALSE(t.Run("MirrorPad", {x, Paddings({1, 1})}, {{"mode", "EDGE"}}).ok());
}

TEST_F(PadOpsTest, InfersPartialShapes) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 5, 5, 3}));
  Node* n = t.AddNode("p", "Pad", {x, t.Const("pads", Paddings({0, 0, 1, 2, 3, 4, 0, 0}))});
  ASSERT_TRUE(t.Infer(n).ok());
  EXPECT_EQ(n->outputs[0].shape, PartialShape({-1, 8, 12, 3}));
  Node* m = t.AddNode("q", "Pad", {x, t.Input("dyn", DataType::kInt32, PartialShape({4, 2}))});
  ASSERT_TRUE(t.Infer(m).ok());
  EXPECT_EQ(m->outputs[0].shape, PartialShape({-1, -1, -1, -1}));
}

TEST_F(PadOpsTest, Lowering) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 5, 5, 3}));
  Tensor pads64 = Tensor::FromVector<int64_t>({4, 2}, {0, 0, 1, 1, 1, 1, 0, 0});
  auto pad = t.Lower(t.AddNode("p", "Pad", {x, t.Const("pads", pads64)}));
  ASSERT_TRUE(pad.ok()) << pad.status();
  ASSERT_EQ(pad->ops.size(), 1u);
  EXPECT_EQ(pad->ops[0].op, BuiltinOperator::PAD);
  EXPECT_EQ(pad->ops[0].options.type, tflite::BuiltinOptions::PadOptions);
  const Tensor* p = pad->value(pad->ops[0].inputs[1]);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->dtype(), DataType::kInt32);
  EXPECT_EQ(p->shape(), (std::vector<int64_t>{4, 2}));
  EXPECT_EQ(Values<int32_t>(*p), (std::vector<int32_t>{0, 0, 1, 1, 1, 1, 0, 0}));

  auto mirror = t.Lower(t.AddNode("m", "MirrorPad", {x, t.Const("pads2", pads64)}, {{"mode", "SYMMETRIC"}}));
  ASSERT_TRUE(mirror.ok()) << mirror.status();
  EXPECT_EQ(mirror->ops[0].op, BuiltinOperator::MIRROR_PAD);
  ASSERT_NE(mirror->ops[0].options.AsMirrorPadOptions(), nullptr);
  EXPECT_EQ(mirror->ops[0].options.AsMirrorPadOptions()->mode, tflite::MirrorPadMode::SYMMETRIC);

  auto v2 = t.Lower(
      t.AddNode("v", "PadV2", {x, t.Const("pads3", pads64), t.Const("c", Tensor::Scalar<float>(-1))}));
  ASSERT_TRUE(v2.ok()) << v2.status();
  EXPECT_EQ(v2->ops[0].op, BuiltinOperator::PADV2);
  ASSERT_EQ(v2->ops[0].inputs.size(), 3u);
  EXPECT_EQ(Values<float>(*v2->value(v2->ops[0].inputs[2])), (std::vector<float>{-1}));
}

}  // namespace
}  // namespace tfconv
