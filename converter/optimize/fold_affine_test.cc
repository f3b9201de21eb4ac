// Bias and scale folding into CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED, the batch-norm chain,
// and the cases that must stay. Numerics: before vs after in the reference interpreter.
#include "converter/optimize/fold_affine.h"

#include "converter/optimize/optimize.h"
#include "converter/optimize/optimize_test_util.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using namespace optimize_test;  // NOLINT
using B = tflite::BuiltinOperator;
using A = tflite::ActivationFunctionType;

struct Affine {
  Builder b;
  int out = -1;       // the affine op's output
  int channels = 0;
};

// x -> AFFINE(x, w, bias or none) -> t, with 3 output channels (conv, fc) or 4 (depthwise 2x2).
Affine MakeAffine(B op, bool with_bias, A act = A::NONE) {
  Affine a;
  Builder& b = a.b;
  const int x = b.Input("x", {1, 4, 4, 2});
  int w = -1;
  std::vector<int32_t> out_shape;
  tflite::BuiltinOptionsUnion options;
  if (op == B::CONV_2D) {
    a.channels = 3;
    w = b.Const("w", {3, 3, 3, 2}, b.Random(54));
    out_shape = {1, 4, 4, 3};
    options = ConvOptions(act);
  } else if (op == B::DEPTHWISE_CONV_2D) {
    a.channels = 4;
    w = b.Const("w", {1, 2, 2, 4}, b.Random(16));
    out_shape = {1, 3, 3, 4};
    options = DepthwiseOptions(2, act);
  } else {
    a.channels = 3;
    w = b.Const("w", {3, 2}, b.Random(6));
    out_shape = {16, 3};
    options = FullyConnectedOptions(act);
  }
  const int bias = with_bias ? b.Const("bias", {a.channels}, b.Random(a.channels)) : -1;
  a.out = b.Tensor("t", out_shape);
  b.Op(op, {x, w, bias}, {a.out}, std::move(options));
  b.Outputs({a.out});
  return a;
}

// Appends `op`(t, k) -> y (or (k, t) when `const_first`) and makes y the output.
int Then(Affine& a, B op, int k, bool const_first = false, A act = A::NONE) {
  Builder& b = a.b;
  const int y = b.Tensor(std::string("y") + std::to_string(b.graph().tensors.size()), b.graph().tensors[a.out].shape);
  tflite::BuiltinOptionsUnion o = op == B::ADD ? AddOptions(act) : op == B::SUB ? SubOptions(act)
                                  : op == B::MUL ? MulOptions(act) : DivOptions(act);
  b.Op(op, const_first ? std::vector<int32_t>{k, a.out} : std::vector<int32_t>{a.out, k}, {y}, std::move(o));
  b.Outputs({y});
  a.out = y;
  return y;
}

TEST(FoldAffine, AddAndSubIntoBiasForEveryAffineOp) {
  for (B op : {B::CONV_2D, B::DEPTHWISE_CONV_2D, B::FULLY_CONNECTED}) {
    for (B bin : {B::ADD, B::SUB}) {
      for (bool with_bias : {true, false}) {
        const std::string name = tflite::EnumNameBuiltinOperator(op);
        SCOPED_TRACE(name + " " + tflite::EnumNameBuiltinOperator(bin) + (with_bias ? " bias" : " no bias"));
        Affine a = MakeAffine(op, with_bias);
        Then(a, bin, a.b.Const("k", {a.channels}, a.b.Random(a.channels)), false, A::RELU6);
        TflModel after = a.b.model();
        EXPECT_EQ(FoldAddSubIntoBias(after), 1);
        //        before                                                     after
        EXPECT_EQ(OpList(a.b.model()), (Ops{name, tflite::EnumNameBuiltinOperator(bin) + std::string("+RELU6")}));
        EXPECT_EQ(OpList(after), (Ops{name + "+RELU6"}));
        ExpectSameOutputs(a.b.model(), after);
      }
    }
  }
}

TEST(FoldAffine, AddConstantShapes) {
  // [1,1,1,C], a single element, and the constant as the first operand.
  Affine a = MakeAffine(B::CONV_2D, true);
  Then(a, B::ADD, a.b.Const("k4", {1, 1, 1, 3}, {0.5f, -0.25f, 2.0f}));
  Then(a, B::ADD, a.b.Const("k1", {1}, {-0.75f}), /*const_first=*/true);
  TflModel after = a.b.model();
  ASSERT_TRUE(OptimizeModel(after).ok());
  EXPECT_EQ(OpList(a.b.model()), (Ops{"CONV_2D", "ADD", "ADD"}));
  EXPECT_EQ(OpList(after), (Ops{"CONV_2D"}));
  ExpectSameOutputs(a.b.model(), after);
}

TEST(FoldAffine, MulAndDivIntoWeightsForEveryAffineOp) {
  for (B op : {B::CONV_2D, B::DEPTHWISE_CONV_2D, B::FULLY_CONNECTED}) {
    for (B bin : {B::MUL, B::DIV}) {
      for (bool with_bias : {true, false}) {
        const std::string name = tflite::EnumNameBuiltinOperator(op);
        SCOPED_TRACE(name + " " + tflite::EnumNameBuiltinOperator(bin) + (with_bias ? " bias" : " no bias"));
        Affine a = MakeAffine(op, with_bias);
        std::vector<float> k;
        for (int c = 0; c < a.channels; ++c) k.push_back(0.5f + 0.75f * c * (c % 2 ? -1 : 1));
        Then(a, bin, a.b.Const("k", {1, a.channels}, k), false, A::RELU);
        TflModel after = a.b.model();
        EXPECT_EQ(FoldMulDivIntoWeights(after), 1);
        EXPECT_EQ(OpList(a.b.model()), (Ops{name, tflite::EnumNameBuiltinOperator(bin) + std::string("+RELU")}));
        EXPECT_EQ(OpList(after), (Ops{name + "+RELU"}));
        ExpectSameOutputs(a.b.model(), after);
      }
    }
  }
}

TEST(FoldAffine, BatchNormChainBecomesOneConv) {
  // What the lowering makes of Conv2D + BiasAdd + FusedBatchNorm + Relu.
  Affine a = MakeAffine(B::CONV_2D, true);
  Then(a, B::ADD, a.b.Const("conv_bias", {3}, {0.1f, 0.2f, -0.3f}));
  Then(a, B::MUL, a.b.Const("bn_scale", {3}, {1.5f, -0.5f, 0.25f}));
  Then(a, B::ADD, a.b.Const("bn_offset", {3}, {-0.2f, 0.4f, 0.05f}));
  const int y = a.out;
  const int z = a.b.Tensor("z", a.b.graph().tensors[y].shape);
  a.b.Op(B::RELU, {y}, {z}).Outputs({z});
  TflModel after = a.b.model();
  absl::StatusOr<OptimizeReport> r = OptimizeModel(after);
  ASSERT_TRUE(r.ok()) << r.status();
  //        before                                               after
  EXPECT_EQ(OpList(a.b.model()), (Ops{"CONV_2D", "ADD", "MUL", "ADD", "RELU"}));
  EXPECT_EQ(OpList(after), (Ops{"CONV_2D+RELU"}));
  EXPECT_EQ(r->count("fold_add_sub_into_bias"), 2);
  EXPECT_EQ(r->count("fold_mul_div_into_weights"), 1);
  EXPECT_EQ(r->count("fold_activation"), 1);
  // Input, filter, bias and output are all that is left.
  EXPECT_EQ(after.subgraphs[0].tensors.size(), 4u);
  EXPECT_EQ(after.subgraphs[0].tensors[after.subgraphs[0].outputs[0]].name, "z");
  ExpectSameOutputs(a.b.model(), after);
}

TEST(FoldAffine, SharedFilterIsCopiedNotChanged) {
  // Two convs read the same filter; only the first is scaled, the second must still see the
  // original values (copy on write).
  Builder b;
  const int x = b.Input("x", {1, 3, 3, 2});
  const int w = b.Const("w", {2, 1, 1, 2}, {1, 2, 3, 4});
  const int w_alias = b.ConstSharing("w_alias", {2, 1, 1, 2}, w);
  const int t1 = b.Tensor("t1", {1, 3, 3, 2});
  const int t2 = b.Tensor("t2", {1, 3, 3, 2});
  const int y1 = b.Tensor("y1", {1, 3, 3, 2});
  const int k = b.Const("k", {2}, {3, -2});
  b.Op(B::CONV_2D, {x, w, -1}, {t1}, ConvOptions())
      .Op(B::CONV_2D, {x, w_alias, -1}, {t2}, ConvOptions())
      .Op(B::MUL, {t1, k}, {y1}, MulOptions())
      .Outputs({y1, t2});
  TflModel after = b.model();
  ASSERT_TRUE(OptimizeModel(after).ok());
  EXPECT_EQ(OpList(b.model()), (Ops{"CONV_2D", "CONV_2D", "MUL"}));
  EXPECT_EQ(OpList(after), (Ops{"CONV_2D", "CONV_2D"}));
  ExpectSameOutputs(b.model(), after);
}

// ---- Cases left unchanged.

void ExpectNoFold(Affine& a, const Ops& ops) {
  TflModel after = a.b.model();
  EXPECT_EQ(FoldAddSubIntoBias(after) + FoldMulDivIntoWeights(after), 0);
  EXPECT_EQ(OpList(a.b.model()), ops);
  EXPECT_EQ(OpList(after), ops);
}

TEST(FoldAffine, NotForConstantsThatAreNotPerChannel) {
  Affine full = MakeAffine(B::CONV_2D, true);
  Then(full, B::ADD, full.b.Const("k", {1, 4, 4, 3}, full.b.Random(48)));
  ExpectNoFold(full, {"CONV_2D", "ADD"});
  Affine column = MakeAffine(B::CONV_2D, true);  // [4,1] varies along W, not along channels
  Then(column, B::MUL, column.b.Const("k", {4, 1}, {1, 2, 3, 4}));
  ExpectNoFold(column, {"CONV_2D", "MUL"});
}

TEST(FoldAffine, NotForAConstantMinusTheConvNorDivisionByZero) {
  Affine a = MakeAffine(B::CONV_2D, true);
  Then(a, B::SUB, a.b.Const("k", {3}, {1, 2, 3}), /*const_first=*/true);
  ExpectNoFold(a, {"CONV_2D", "SUB"});
  Affine d = MakeAffine(B::CONV_2D, true);
  Then(d, B::DIV, d.b.Const("k", {3}, {1, 0, 3}));
  ExpectNoFold(d, {"CONV_2D", "DIV"});
}

TEST(FoldAffine, NotWhenTheConvOutputHasAnotherReaderOrIsAnOutput) {
  Affine a = MakeAffine(B::CONV_2D, true);
  const int t = a.out;
  Then(a, B::ADD, a.b.Const("k", {3}, {1, 2, 3}));
  const int z = a.b.Tensor("z", a.b.graph().tensors[t].shape);
  a.b.Op(B::RELU, {t}, {z}).Outputs({a.out, z});
  ExpectNoFold(a, {"CONV_2D", "ADD", "RELU"});

  Affine o = MakeAffine(B::CONV_2D, true);
  const int conv_out = o.out;
  Then(o, B::MUL, o.b.Const("k", {3}, {1, 2, 3}));
  o.b.Outputs({o.out, conv_out});
  ExpectNoFold(o, {"CONV_2D", "MUL"});
}

TEST(FoldAffine, NotWhenTheConvHasAnActivation) {
  Affine a = MakeAffine(B::CONV_2D, true, A::RELU);
  Then(a, B::ADD, a.b.Const("k", {3}, {1, 2, 3}));
  ExpectNoFold(a, {"CONV_2D+RELU", "ADD"});
}

TEST(FoldAffine, NotOnQuantizedConv) {
  Affine a = MakeAffine(B::CONV_2D, true);
  Then(a, B::ADD, a.b.Const("k", {3}, {1, 2, 3}));
  TflTensor& w = a.b.graph().tensors[a.b.graph().operators[0].inputs[1]];
  w.type = tflite::TensorType::INT8;  // a hybrid conv: float input, int8 weights
  w.quantization = TflQuantization{};
  w.quantization->scale = {0.1f, 0.1f, 0.1f};
  w.quantization->zero_point = {0, 0, 0};
  ExpectNoFold(a, {"CONV_2D", "ADD"});
}

}  // namespace
}  // namespace tfconv

namespace tfconv {
namespace {

TEST(FoldAffine, DynamicBatchIsFine) {
  // Saved models mark the batch -1 ([-1,4,4,3]); a per-channel constant does not depend on it.
  Affine a = MakeAffine(B::CONV_2D, true);
  Then(a, B::MUL, a.b.Const("k", {3}, {2, 3, 4}));
  Then(a, B::ADD, a.b.Const("k2", {3}, {1, 2, 3}));
  for (TflTensor& t : a.b.graph().tensors) {
    if (t.buffer == 0 && t.shape.size() == 4) t.shape_signature = {-1, t.shape[1], t.shape[2], t.shape[3]};
  }
  TflModel after = a.b.model();
  ASSERT_TRUE(OptimizeModel(after).ok());
  EXPECT_EQ(OpList(a.b.model()), (Ops{"CONV_2D", "MUL", "ADD"}));
  EXPECT_EQ(OpList(after), (Ops{"CONV_2D"}));
  ExpectSameOutputs(a.b.model(), after);
}

}  // namespace
}  // namespace tfconv
