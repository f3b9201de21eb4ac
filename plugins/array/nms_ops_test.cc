// Non-max suppression: selections worked out by hand from TensorFlow's documentation of
// tf.image.non_max_suppression_padded / non_max_suppression_with_scores, on boxes whose overlaps
// are simple fractions (IoU 9/11 for boxes shifted by a tenth of their width, 2/3 by a fifth).
#include <cmath>

#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

class NmsOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterArrayOps};
};

// Seven 10x10 boxes: 0, 1 (shifted right by 1, corners given in the other order) and 2 (shifted
// left by 1) overlap pairwise (IoU 0-1 and 0-2: 90/110 = 9/11; 1-2: 80/120 = 2/3); 3 and 4 overlap
// likewise far away; 5 and 6 stand alone. Score of 6 is below the threshold used (0.1).
Tensor Boxes() {
  return Tensor::FromVector<float>({7, 4}, {0,  0,   10, 10,  10, 11,  0, 1,   0,  -1,  10, 9,   0,  100,
                                            10, 110, 0,  101, 10, 111, 0, 200, 10, 210, 0,  300, 10, 310});
}
Tensor Scores() { return Tensor::FromVector<float>({7}, {0.9f, 0.75f, 0.6f, 0.95f, 0.5f, 0.3f, 0.05f}); }
Tensor F(float v) { return Tensor::Scalar<float>(v); }
Tensor I(int32_t v) { return Tensor::Scalar<int32_t>(v); }

TEST_F(NmsOpsTest, HardSuppressionUnpaddedAndPadded) {
  // By score: 3, 0, 1 (drops: IoU 9/11 with 0), 2 (drops), 4 (drops: 9/11 with 3), 5; 6 is below 0.1.
  auto out = t.Run("NonMaxSuppressionV4", {Boxes(), Scores(), I(10), F(0.5f), F(0.1f)});
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 2u);
  EXPECT_EQ(Values<int32_t>((*out)[0]), (std::vector<int32_t>{3, 0, 5}));
  EXPECT_EQ(Values<int32_t>((*out)[1]), (std::vector<int32_t>{3}));
  // At most 2 outputs, padded to 2 (nothing to pad) and, with max 5, padded with zeros.
  auto two = t.Run("NonMaxSuppressionV4", {Boxes(), Scores(), I(2), F(0.5f), F(0.1f)});
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_EQ(Values<int32_t>((*two)[0]), (std::vector<int32_t>{3, 0}));
  auto padded =
      t.Run("NonMaxSuppressionV4", {Boxes(), Scores(), I(5), F(0.5f), F(0.1f)}, {{"pad_to_max_output_size", true}});
  ASSERT_TRUE(padded.ok()) << padded.status();
  EXPECT_EQ(Values<int32_t>((*padded)[0]), (std::vector<int32_t>{3, 0, 5, 0, 0}));
  EXPECT_EQ(Values<int32_t>((*padded)[1]), (std::vector<int32_t>{3}));
  // A looser IoU threshold (0.9 > 9/11) keeps every box above the score threshold.
  auto loose = t.Run("NonMaxSuppressionV4", {Boxes(), Scores(), I(10), F(0.9f), F(0.1f)});
  ASSERT_TRUE(loose.ok()) << loose.status();
  EXPECT_EQ(Values<int32_t>((*loose)[0]), (std::vector<int32_t>{3, 0, 1, 2, 4, 5}));
  // Equal scores: the lower index first.
  auto ties = t.Run("NonMaxSuppressionV4",
                    {Boxes(), Tensor::FromVector<float>({7}, std::vector<float>(7, 0.5f)), I(3), F(0.5f), F(0.0f)});
  ASSERT_TRUE(ties.ok()) << ties.status();
  EXPECT_EQ(Values<int32_t>((*ties)[0]), (std::vector<int32_t>{0, 3, 5}));
  // iou_threshold outside [0, 1].
  EXPECT_FALSE(t.Run("NonMaxSuppressionV4", {Boxes(), Scores(), I(3), F(1.5f), F(0.0f)}).ok());
}

TEST_F(NmsOpsTest, SoftSuppressionLowersScoresAndRequeues) {
  // Boxes 0, 1, 3 only; sigma 0.5: box 1 meets box 0 (IoU 9/11), its score becomes
  // 0.75 * exp(-0.5 (9/11)^2 / 0.5); it goes back into the queue and is then selected.
  Tensor boxes = Tensor::FromVector<float>({3, 4}, {0, 0, 10, 10, 10, 11, 0, 1, 0, 100, 10, 110});
  Tensor scores = Tensor::FromVector<float>({3}, {0.9f, 0.75f, 0.95f});
  auto out = t.Run("NonMaxSuppressionV5", {boxes, scores, I(5), F(0.5f), F(0.1f), F(0.5f)});
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 3u);
  EXPECT_EQ(Values<int32_t>((*out)[0]), (std::vector<int32_t>{2, 0, 1}));
  const std::vector<float> s = Values<float>((*out)[1]);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_FLOAT_EQ(s[0], 0.95f);
  EXPECT_FLOAT_EQ(s[1], 0.9f);
  EXPECT_NEAR(s[2], 0.75 * std::exp(-(81.0 / 121.0)), 1e-6);
  EXPECT_EQ(Values<int32_t>((*out)[2]), (std::vector<int32_t>{3}));
  // A score threshold above the lowered score drops box 1 instead.
  auto cut = t.Run("NonMaxSuppressionV5", {boxes, scores, I(5), F(0.5f), F(0.4f), F(0.5f)});
  ASSERT_TRUE(cut.ok()) << cut.status();
  EXPECT_EQ(Values<int32_t>((*cut)[0]), (std::vector<int32_t>{2, 0}));
  // sigma 0 is hard NMS: box 1 is dropped at IoU 9/11 > 0.5.
  auto hard = t.Run("NonMaxSuppressionV5", {boxes, scores, I(5), F(0.5f), F(0.1f), F(0.0f)},
                    {{"pad_to_max_output_size", true}});
  ASSERT_TRUE(hard.ok()) << hard.status();
  EXPECT_EQ(Values<int32_t>((*hard)[0]), (std::vector<int32_t>{2, 0, 0, 0, 0}));
  EXPECT_EQ(Values<float>((*hard)[1]), (std::vector<float>{0.95f, 0.9f, 0, 0, 0}));
}

TEST_F(NmsOpsTest, LoweringCutsThePaddedOutputsUnlessTfPadsToo) {
  auto node = [&](const std::string& name, const char* op, bool pad) {
    std::vector<Output> in = {t.Input(name + "_b", DataType::kFloat, PartialShape({-1, 4})),
                              t.Input(name + "_s", DataType::kFloat, PartialShape({-1})), t.Const(name + "_m", I(8)),
                              t.Const(name + "_i", F(0.5f)), t.Const(name + "_t", F(0.2f))};
    if (std::string(op) == "NonMaxSuppressionV5") in.push_back(t.Const(name + "_g", F(0.5f)));
    return t.AddNode(name, op, in, {{"pad_to_max_output_size", pad}});
  };
  // TF without padding: the kernel's 8 padded indices, then SLICE to valid_outputs.
  Node* v4 = node("v4", "NonMaxSuppressionV4", false);
  auto low = t.Lower(v4);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(v4->outputs[0].shape, PartialShape({-1}));
  ASSERT_EQ(low->ops.size(), 3u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::NON_MAX_SUPPRESSION_V4);
  EXPECT_EQ(low->ops[0].inputs.size(), 5u);
  EXPECT_EQ(low->tensors[low->ops[0].outputs[0]].shape, PartialShape({8}));
  EXPECT_EQ(low->ops[1].op, BuiltinOperator::RESHAPE);
  EXPECT_EQ(low->ops[2].op, BuiltinOperator::SLICE);
  EXPECT_EQ(low->ops[2].outputs[0], low->outputs.at(0));
  EXPECT_EQ(low->ops[0].outputs[1], low->outputs.at(1));
  // The kernel drops at IoU >= its threshold, TensorFlow at IoU > 0.5: the next float above 0.5.
  const Tensor* iou = low->value(low->ops[0].inputs[3]);
  ASSERT_NE(iou, nullptr);
  EXPECT_GT(iou->data<float>()[0], 0.5f);
  EXPECT_LT(iou->data<float>()[0], 0.5f + 1e-6f);
  // TF padding too: one op straight into the node's three outputs.
  Node* v5 = node("v5", "NonMaxSuppressionV5", true);
  auto soft = t.Lower(v5);
  ASSERT_TRUE(soft.ok()) << soft.status();
  EXPECT_EQ(v5->outputs[1].shape, PartialShape({8}));
  ASSERT_EQ(soft->ops.size(), 1u);
  EXPECT_EQ(soft->ops[0].op, BuiltinOperator::NON_MAX_SUPPRESSION_V5);
  EXPECT_EQ(soft->ops[0].inputs.size(), 6u);
  EXPECT_EQ(soft->ops[0].outputs.size(), 3u);
  // Soft NMS (sigma 0.5 > 0): TensorFlow ignores iou_threshold, the kernel gets 1.
  EXPECT_EQ(Values<float>(*soft->value(soft->ops[0].inputs[3])), (std::vector<float>{1.0f}));
  // A computed sigma: the threshold is chosen at run time.
  Node* dyn =
      t.AddNode("dyn", "NonMaxSuppressionV5",
                {t.Input("db", DataType::kFloat, PartialShape({3, 4})),
                 t.Input("ds", DataType::kFloat, PartialShape({3})), t.Const("dm", I(2)), t.Const("di", F(0.5f)),
                 t.Const("dt", F(0.0f)), t.Input("dg", DataType::kFloat, PartialShape({}))},
                {{"pad_to_max_output_size", true}});
  auto chosen = t.Lower(dyn);
  ASSERT_TRUE(chosen.ok()) << chosen.status();
  ASSERT_EQ(chosen->ops.size(), 3u);
  EXPECT_EQ(chosen->ops[0].op, BuiltinOperator::GREATER);
  EXPECT_EQ(chosen->ops[1].op, BuiltinOperator::SELECT_V2);
  EXPECT_EQ(chosen->ops[2].inputs[3], chosen->ops[1].outputs[0]);
}

}  // namespace
}  // namespace tfconv
