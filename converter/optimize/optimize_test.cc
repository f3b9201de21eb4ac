// OptimizeModel: the fixed-point loop, the report, the off switch, malformed models, determinism.
#include "converter/optimize/optimize.h"

#include "converter/optimize/optimize_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using namespace optimize_test;  // NOLINT
using B = tflite::BuiltinOperator;
using ::testing::HasSubstr;

// conv -> ADD(bias) -> RESHAPE(same) -> MUL(scale) -> ADD(offset) -> RELU6 -> FC -> ADD -> RELU.
// The identity reshape hides the MUL from the conv until it is removed: needs several rounds.
Builder Chain() {
  Builder b;
  const int x = b.Input("x", {1, 3, 3, 2});
  const int w = b.Const("w", {4, 1, 1, 2}, b.Random(8));
  const int zero = b.Const("zero", {4}, {0, 0, 0, 0});
  int t = b.Tensor("conv", {1, 3, 3, 4});
  b.Op(B::CONV_2D, {x, w, zero}, {t}, ConvOptions());
  auto next = [&](B op, int k, tflite::BuiltinOptionsUnion o, std::vector<int32_t> shape) {
    const int y = b.Tensor("t" + std::to_string(b.graph().tensors.size()), shape);
    b.Op(op, k >= 0 ? std::vector<int32_t>{t, k} : std::vector<int32_t>{t}, {y}, std::move(o));
    t = y;
  };
  next(B::ADD, b.Const("bias", {4}, b.Random(4)), AddOptions(), {1, 3, 3, 4});
  next(B::RESHAPE, b.ConstInt("shape", {4}, {1, 3, 3, 4}), {}, {1, 3, 3, 4});
  next(B::MUL, b.Const("scale", {4}, {2, -1, 0.5f, 3}), MulOptions(), {1, 3, 3, 4});
  next(B::ADD, b.Const("offset", {4}, b.Random(4)), AddOptions(), {1, 3, 3, 4});
  next(B::RELU6, -1, {}, {1, 3, 3, 4});
  const int fw = b.Const("fc_w", {5, 4}, b.Random(20));
  const int fc = b.Tensor("fc", {9, 5});
  b.Op(B::FULLY_CONNECTED, {t, fw, -1}, {fc}, FullyConnectedOptions());
  t = fc;
  next(B::ADD, b.Const("fc_b", {5}, b.Random(5)), AddOptions(), {9, 5});
  next(B::RELU, -1, {}, {9, 5});
  b.graph().tensors[t].name = "logits";
  b.Outputs({t});
  return b;
}

TEST(OptimizeModel, RunsToAFixedPoint) {
  Builder b = Chain();
  TflModel after = b.model();
  absl::StatusOr<OptimizeReport> r = OptimizeModel(after);
  ASSERT_TRUE(r.ok()) << r.status();
  //        before
  EXPECT_EQ(OpList(b.model()), (Ops{"CONV_2D", "ADD", "RESHAPE", "MUL", "ADD", "RELU6", "FULLY_CONNECTED",
                                    "ADD", "RELU"}));
  //        after
  EXPECT_EQ(OpList(after), (Ops{"CONV_2D+RELU6", "FULLY_CONNECTED+RELU"}));
  EXPECT_EQ(r->operators_before, 9u);
  EXPECT_EQ(r->operators_after, 2u);
  EXPECT_GE(r->rounds, 2);
  EXPECT_EQ(r->count("remove_identity_reshape"), 1);
  EXPECT_EQ(r->count("fold_add_sub_into_bias"), 3);
  EXPECT_EQ(r->count("fold_mul_div_into_weights"), 1);
  EXPECT_EQ(r->count("fold_activation"), 2);
  EXPECT_THAT(r->ToString(), HasSubstr("9 -> 2 operators"));
  EXPECT_EQ(after.subgraphs[0].tensors[after.subgraphs[0].outputs[0]].name, "logits");
  // Only x, the conv filter and bias, the conv output, the FC weights and bias, logits remain.
  EXPECT_EQ(after.subgraphs[0].tensors.size(), 7u);
  EXPECT_EQ(after.operator_codes.size(), 2u);
  ExpectSameOutputs(b.model(), after);
  // A second run finds nothing to do.
  TflModel again = after;
  absl::StatusOr<OptimizeReport> r2 = OptimizeModel(again);
  ASSERT_TRUE(r2.ok());
  EXPECT_TRUE(r2->counts.empty());
  EXPECT_EQ(r2->rounds, 1);
}

TEST(OptimizeModel, DisabledLeavesTheModelAlone) {
  Builder b = Chain();
  TflModel after = b.model();
  OptimizeOptions off;
  off.enabled = false;
  absl::StatusOr<OptimizeReport> r = OptimizeModel(after, off);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(OpList(after), OpList(b.model()));
  EXPECT_EQ(r->operators_after, 9u);
}

TEST(OptimizeModel, SinglePatternSwitches) {
  Builder b = Chain();
  TflModel after = b.model();
  OptimizeOptions only_activations;
  only_activations.fold_bias = only_activations.fold_scale = only_activations.remove_identities = false;
  ASSERT_TRUE(OptimizeModel(after, only_activations).ok());
  EXPECT_EQ(OpList(after), (Ops{"CONV_2D", "ADD", "RESHAPE", "MUL", "ADD+RELU6", "FULLY_CONNECTED", "ADD+RELU"}));
  ExpectSameOutputs(b.model(), after);
}

TEST(OptimizeModel, MalformedModelIsRefusedUnchanged) {
  Builder b = Chain();
  b.graph().operators[1].inputs[1] = 999;
  TflModel after = b.model();
  absl::StatusOr<OptimizeReport> r = OptimizeModel(after);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("999"));
  EXPECT_EQ(OpList(after), OpList(b.model()));
}

TEST(OptimizeModel, Deterministic) {
  Builder b = Chain();
  TflModel m1 = b.model(), m2 = b.model();
  ASSERT_TRUE(OptimizeModel(m1).ok());
  ASSERT_TRUE(OptimizeModel(m2).ok());
  ASSERT_EQ(m1.buffers.size(), m2.buffers.size());
  for (size_t i = 0; i < m1.buffers.size(); ++i) {
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(m1.buffers[i].data.data()), m1.buffers[i].data.size()),
              std::string(reinterpret_cast<const char*>(m2.buffers[i].data.data()), m2.buffers[i].data.size()));
  }
  ASSERT_EQ(m1.subgraphs[0].tensors.size(), m2.subgraphs[0].tensors.size());
  for (size_t i = 0; i < m1.subgraphs[0].tensors.size(); ++i) {
    EXPECT_EQ(m1.subgraphs[0].tensors[i].name, m2.subgraphs[0].tensors[i].name);
    EXPECT_EQ(m1.subgraphs[0].tensors[i].buffer, m2.subgraphs[0].tensors[i].buffer);
  }
}

}  // namespace
}  // namespace tfconv
