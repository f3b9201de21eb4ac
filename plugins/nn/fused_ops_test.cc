// _FusedConv2D, _FusedDepthwiseConv2dNative / FusedDepthwiseConv2dNative and _FusedMatMul: shapes,
// TF semantics and lowering. Expected values are worked out by hand (in the comments) from TF's
// definitions: conv, + bias (or the batch norm (z - mean) * scale / sqrt(variance + epsilon) +
// offset), + addend, then the activation; the lowered operators also run in the reference
// interpreter and must give the same numbers.
#include <cmath>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "plugins/nn/nn_ops.h"
#include "plugins/nn/testing/fake_lowering_context.h"
#include "plugins/nn/testing/op_test_fixture.h"
#include "plugins/nn/testing/run_lowered.h"

namespace tfconv {
namespace {

using tflite::ActivationFunctionType;
using tflite::BuiltinOperator;

AttrList Strings(std::vector<std::string> v) {
  AttrList l;
  l.s = std::move(v);
  return l;
}

void ExpectNear(const std::vector<float>& got, const std::vector<float>& want, float tol = 1e-6f) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "element " << i;
}

class FusedOpsTest : public OpTestFixture {
 protected:
  void SetUp() override { Register("tfconv.nn", RegisterNnOps); }

  static AttrMap ConvAttrs(std::vector<std::string> fused, int num_args, std::vector<int64_t> strides,
                           const char* padding, const char* format = "NHWC") {
    return {{"T", DataType::kFloat},
            {"strides", AttrList::Ints(std::move(strides))},
            {"dilations", AttrList::Ints({1, 1, 1, 1})},
            {"padding", padding},
            {"data_format", format},
            {"fused_ops", Strings(std::move(fused))},
            {"num_args", num_args},
            {"epsilon", 1.0f}};
  }

  static AttrMap MatMulAttrs(std::vector<std::string> fused, bool transpose_b = false) {
    return {{"T", DataType::kFloat},
            {"transpose_a", false},
            {"transpose_b", transpose_b},
            {"fused_ops", Strings(std::move(fused))},
            {"num_args", 1}};
  }

  Node* Vec(const std::string& name, std::vector<float> v) {
    return Constant(name, Tensor::FromVector<float>({static_cast<int64_t>(v.size())}, v));
  }

  // Evaluates, lowers and runs the lowering on `x` (the only non-constant input, input 0); both must
  // give `want`. Returns the lowering context for further checks.
  std::unique_ptr<FakeLoweringContext> CheckBoth(Node* n, const std::vector<Tensor>& eval_inputs,
                                                 const std::vector<float>& want, float tol = 1e-6f) {
    absl::StatusOr<Tensor> y = Eval1(n, eval_inputs);
    EXPECT_TRUE(y.ok()) << y.status();
    if (y.ok()) ExpectNear(Floats(*y), want, tol);
    auto c = std::make_unique<FakeLoweringContext>(*n);
    absl::Status s = Reg(n->op()).lower(*c);
    EXPECT_TRUE(s.ok()) << s;
    if (!s.ok()) return c;
    std::vector<std::pair<int32_t, Tensor>> feeds;
    for (size_t i = 0; i < eval_inputs.size(); ++i) {
      if (c->input_tensor_if_created(i) >= 0 && !n->inputs[i].node->outputs[0].value.has_value()) {
        feeds.push_back({c->input_tensor_if_created(i), eval_inputs[i]});
      }
    }
    absl::StatusOr<std::vector<float>> run = RunLowered(*c, feeds, *c->OutputTensor(0));
    EXPECT_TRUE(run.ok()) << run.status();
    if (run.ok()) ExpectNear(*run, want, tol);
    return c;
  }
};

// x: batch 2 of a 2x3 single-channel image, 1..12. Filter [1, 2, 1, 2]: output channel 0 adds two
// horizontal neighbours, channel 1 takes right minus left. VALID stride 1 -> [2, 2, 2, 2].
const std::vector<float> kX = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
const std::vector<float> kFilter = {1, -1, 1, 1};  // [kh=0][kw=0] = (1, -1), [0][1] = (1, 1)

TEST_F(FusedOpsTest, Conv2DBiasReluIsOneConvWithBiasAndFusedRelu) {
  Node* x = Source("x", DataType::kFloat, {2, 2, 3, 1});
  Node* f = Constant("f", Tensor::FromVector<float>({1, 2, 1, 2}, kFilter));
  Node* b = Vec("b", {-10, 0.5f});
  Node* conv = Op("conv", "_FusedConv2D", {x, f, b}, ConvAttrs({"BiasAdd", "Relu"}, 1, {1, 1, 1, 1}, "VALID"));
  ASSERT_TRUE(Infer(conv).ok()) << Infer(conv);
  EXPECT_EQ(conv->outputs[0].shape, PartialShape({2, 2, 2, 2}));
  // Sums of neighbours 3 5 9 11 | 15 17 21 23, minus 10, clamped: 0 0 0 1 | 5 7 11 13.
  // Differences are all 1, plus 0.5: 1.5.
  const std::vector<float> want = {0, 1.5f, 0, 1.5f, 0, 1.5f, 1, 1.5f, 5, 1.5f, 7, 1.5f, 11, 1.5f, 13, 1.5f};
  auto c = CheckBoth(conv, {Tensor::FromVector<float>({2, 2, 3, 1}, kX), *f->outputs[0].value, *b->outputs[0].value},
                     want);
  ASSERT_EQ(c->ops().size(), 1u);
  EXPECT_EQ(c->BuiltinCode(0), BuiltinOperator::CONV_2D);
  const TflOperator& op = c->ops()[0];
  EXPECT_EQ(op.inputs[2], c->input_tensor_if_created(2));  // the TF bias itself
  EXPECT_EQ(op.builtin_options.AsConv2DOptions()->fused_activation_function, ActivationFunctionType::RELU);
  EXPECT_EQ(c->ConstData<float>(op.inputs[1]), std::vector<float>({1, 1, -1, 1}));  // OHWI
}

TEST_F(FusedOpsTest, Conv2DBatchNormRelu6FoldsIntoTheFilter) {
  // 1x1 filter (2, -1); scale (1, 3), offset (0.5, 1), mean (1, 0), variance (3, 8), epsilon 1:
  // multipliers 1/2 and 3/3 = 1, shifts 0.5 - 1/2 = 0 and 1. So y0 = relu6(x), y1 = relu6(1 - x).
  Node* x = Source("x", DataType::kFloat, {2, 1, 2, 1});
  Node* f = Constant("f", Tensor::FromVector<float>({1, 1, 1, 2}, {2, -1}));
  std::vector<Node*> in = {x, f, Vec("scale", {1, 3}), Vec("offset", {0.5f, 1}), Vec("mean", {1, 0}),
                           Vec("variance", {3, 8})};
  Node* conv = Op("conv", "_FusedConv2D", in, ConvAttrs({"FusedBatchNorm", "Relu6"}, 4, {1, 1, 1, 1}, "SAME"));
  ASSERT_TRUE(Infer(conv).ok()) << Infer(conv);
  std::vector<Tensor> values = {Tensor::FromVector<float>({2, 1, 2, 1}, {-1, 0, 2, 7})};
  for (size_t i = 1; i < in.size(); ++i) values.push_back(*in[i]->outputs[0].value);
  auto c = CheckBoth(conv, values, {0, 2, 0, 1, 2, 0, 6, 0});
  ASSERT_EQ(c->ops().size(), 1u);
  const TflOperator& op = c->ops()[0];
  EXPECT_EQ(c->ConstData<float>(op.inputs[1]), std::vector<float>({1, -1}));  // (2 * 1/2, -1 * 1)
  EXPECT_EQ(c->ConstData<float>(op.inputs[2]), std::vector<float>({0, 1}));
  EXPECT_EQ(op.builtin_options.AsConv2DOptions()->fused_activation_function, ActivationFunctionType::RELU6);
}

TEST_F(FusedOpsTest, BatchNormWithAComputedFilterBecomesMulAddAfterTheConv) {
  Node* x = Source("x", DataType::kFloat, {2, 1, 2, 1});
  Node* f = Source("f", DataType::kFloat, {1, 1, 1, 2});
  std::vector<Node*> in = {x, f, Vec("scale", {1, 3}), Vec("offset", {0.5f, 1}), Vec("mean", {1, 0}),
                           Vec("variance", {3, 8})};
  Node* conv = Op("conv", "_FusedConv2D", in, ConvAttrs({"FusedBatchNorm", "Relu6"}, 4, {1, 1, 1, 1}, "VALID"));
  ASSERT_TRUE(Infer(conv).ok());
  FakeLoweringContext c(*conv);
  ASSERT_TRUE(Reg("_FusedConv2D").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 4u);
  EXPECT_EQ(c.BuiltinCode(0), BuiltinOperator::TRANSPOSE);  // the filter, at run time
  EXPECT_EQ(c.BuiltinCode(1), BuiltinOperator::CONV_2D);
  EXPECT_EQ(c.BuiltinCode(2), BuiltinOperator::MUL);
  EXPECT_EQ(c.BuiltinCode(3), BuiltinOperator::ADD);
  EXPECT_EQ(c.ops()[1].builtin_options.AsConv2DOptions()->fused_activation_function, ActivationFunctionType::NONE);
  EXPECT_EQ(c.ops()[3].builtin_options.AsAddOptions()->fused_activation_function, ActivationFunctionType::RELU6);
  absl::StatusOr<std::vector<float>> y =
      RunLowered(c,
                 {{c.input_tensor_if_created(0), Tensor::FromVector<float>({2, 1, 2, 1}, {-1, 0, 2, 7})},
                  {c.input_tensor_if_created(1), Tensor::FromVector<float>({1, 1, 1, 2}, {2, -1})}},
                 *c.OutputTensor(0));
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectNear(*y, {0, 2, 0, 1, 2, 0, 6, 0});
}

TEST_F(FusedOpsTest, BiasAddAddReluAddsTheAddendThroughAnAddWithTheClamp) {
  // Same conv as above without the batch norm: z = (2x, -x); bias (1, 1); addend a; relu.
  Node* x = Source("x", DataType::kFloat, {1, 1, 3, 1});
  Node* f = Constant("f", Tensor::FromVector<float>({1, 1, 1, 2}, {2, -1}));
  Node* b = Vec("b", {1, 1});
  Node* a = Source("a", DataType::kFloat, {1, 1, 3, 2});
  Node* conv = Op("conv", "_FusedConv2D", {x, f, b, a}, ConvAttrs({"BiasAdd", "Add", "Relu"}, 2, {1, 1, 1, 1}, "SAME"));
  ASSERT_TRUE(Infer(conv).ok()) << Infer(conv);
  const Tensor xv = Tensor::FromVector<float>({1, 1, 3, 1}, {1, -2, 3});
  const Tensor av = Tensor::FromVector<float>({1, 1, 3, 2}, {0.5f, -3, 1, 1, -8, 2});
  // z + 1 = (3, 0), (-3, 3), (7, -2); + a = (3.5, -3), (-2, 4), (-1, 0); relu.
  auto c = CheckBoth(conv, {xv, *f->outputs[0].value, *b->outputs[0].value, av}, {3.5f, 0, 0, 4, 0, 0});
  ASSERT_EQ(c->ops().size(), 2u);
  EXPECT_EQ(c->BuiltinCode(1), BuiltinOperator::ADD);
  EXPECT_EQ(c->ops()[1].inputs[1], c->input_tensor_if_created(3));
  EXPECT_EQ(c->ops()[1].builtin_options.AsAddOptions()->fused_activation_function, ActivationFunctionType::RELU);

  // The addend must have the output's shape.
  Node* bad = Source("bad", DataType::kFloat, {1, 1, 3, 3});
  EXPECT_FALSE(Infer(Op("conv2", "_FusedConv2D", {x, f, b, bad},
                        ConvAttrs({"BiasAdd", "Add"}, 2, {1, 1, 1, 1}, "SAME")))
                   .ok());
}

TEST_F(FusedOpsTest, DepthwiseLeakyReluAndEluAreOperatorsAfterTheConv) {
  // 1x1 depthwise filter (1, -2) on 2 channels, bias (0, 1): z = (x0, 1 - 2 x1).
  // Pixels (1, 2) and (-3, 4) give z = (1, -3) and (-3, -7).
  Node* x = Source("x", DataType::kFloat, {1, 1, 2, 2});
  Node* f = Constant("f", Tensor::FromVector<float>({1, 1, 2, 1}, {1, -2}));
  Node* b = Vec("b", {0, 1});
  const Tensor xv = Tensor::FromVector<float>({1, 1, 2, 2}, {1, 2, -3, 4});
  AttrMap leaky = ConvAttrs({"BiasAdd", "LeakyRelu"}, 1, {1, 1, 1, 1}, "VALID");
  leaky["leakyrelu_alpha"] = 0.25f;
  Node* dw = Op("dw", "FusedDepthwiseConv2dNative", {x, f, b}, leaky);
  ASSERT_TRUE(Infer(dw).ok()) << Infer(dw);
  auto c = CheckBoth(dw, {xv, *f->outputs[0].value, *b->outputs[0].value}, {1, -0.75f, -0.75f, -1.75f});
  ASSERT_EQ(c->ops().size(), 2u);
  EXPECT_EQ(c->BuiltinCode(0), BuiltinOperator::DEPTHWISE_CONV_2D);
  EXPECT_EQ(c->BuiltinCode(1), BuiltinOperator::LEAKY_RELU);
  EXPECT_FLOAT_EQ(c->ops()[1].builtin_options.AsLeakyReluOptions()->alpha, 0.25f);

  Node* dw2 = Op("dw2", "_FusedDepthwiseConv2dNative", {x, f, b},
                 ConvAttrs({"BiasAdd", "Elu"}, 1, {1, 1, 1, 1}, "VALID"));
  ASSERT_TRUE(Infer(dw2).ok());
  const float e3 = std::expm1(-3.0f), e7 = std::expm1(-7.0f);
  auto c2 = CheckBoth(dw2, {xv, *f->outputs[0].value, *b->outputs[0].value}, {1, e3, e3, e7});
  ASSERT_EQ(c2->ops().size(), 2u);
  EXPECT_EQ(c2->BuiltinCode(1), BuiltinOperator::ELU);
}

TEST_F(FusedOpsTest, OddShapesStridesAndExplicitPadding) {
  Node* x = Source("x", DataType::kFloat, {2, 5, 7, 3});
  Node* f = Constant("f", Tensor::Zeros(DataType::kFloat, {3, 3, 3, 4}));
  Node* b = Vec("b", {1, 2, 3, 4});
  Node* same = Op("same", "_FusedConv2D", {x, f, b}, ConvAttrs({"BiasAdd"}, 1, {1, 2, 2, 1}, "SAME"));
  ASSERT_TRUE(Infer(same).ok());
  EXPECT_EQ(same->outputs[0].shape, PartialShape({2, 3, 4, 4}));
  AttrMap e = ConvAttrs({"BiasAdd", "Relu"}, 1, {1, 2, 1, 1}, "EXPLICIT");
  e["explicit_paddings"] = AttrList::Ints({0, 0, 1, 0, 2, 1, 0, 0});
  Node* expl = Op("expl", "_FusedConv2D", {x, f, b}, e);
  ASSERT_TRUE(Infer(expl).ok());
  EXPECT_EQ(expl->outputs[0].shape, PartialShape({2, 2, 8, 4}));  // (5+1-3)/2+1, 7+3-3+1
  FakeLoweringContext c(*expl);
  ASSERT_TRUE(Reg("_FusedConv2D").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 2u);
  EXPECT_EQ(c.BuiltinCode(0), BuiltinOperator::PAD);
  const tflite::Conv2DOptionsT* o = c.ops()[1].builtin_options.AsConv2DOptions();
  EXPECT_EQ(o->padding, tflite::Padding::VALID);
  EXPECT_EQ(o->stride_h, 2);
  EXPECT_EQ(o->fused_activation_function, ActivationFunctionType::RELU);
  // Channel mismatch of the bias.
  EXPECT_FALSE(Infer(Op("bad", "_FusedConv2D", {x, f, Vec("b3", {1, 2, 3})},
                        ConvAttrs({"BiasAdd"}, 1, {1, 1, 1, 1}, "SAME")))
                   .ok());
}

TEST_F(FusedOpsTest, NchwEvaluatesWithTheBiasOnDimensionOne) {
  // NCHW [1, 2, 1, 2], 1x1 filter mapping 2 channels to 1 (weights 1, 10), bias 0.5, Relu.
  Node* x = Source("x", DataType::kFloat, {1, 2, 1, 2});
  Node* f = Constant("f", Tensor::FromVector<float>({1, 1, 2, 1}, {1, 10}));
  Node* conv = Op("conv", "_FusedConv2D", {x, f, Vec("b", {0.5f})},
                  ConvAttrs({"BiasAdd", "Relu"}, 1, {1, 1, 1, 1}, "VALID", "NCHW"));
  ASSERT_TRUE(Infer(conv).ok());
  EXPECT_EQ(conv->outputs[0].shape, PartialShape({1, 1, 1, 2}));
  // Pixels (1, -1) and (2, 3) -> 1 - 10 + 0.5 -> 0, 2 + 30 + 0.5 = 32.5.
  absl::StatusOr<Tensor> y = Eval1(conv, {Tensor::FromVector<float>({1, 2, 1, 2}, {1, 2, -1, 3}),
                                          *f->outputs[0].value, Tensor::FromVector<float>({1}, {0.5f})});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(Floats(*y), std::vector<float>({0, 32.5f}));
  FakeLoweringContext c(*conv);
  absl::Status s = Reg("_FusedConv2D").lower(c);
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;
  EXPECT_NE(s.message().find("NCHW"), std::string::npos);
  EXPECT_TRUE(c.ops().empty());
}

TEST_F(FusedOpsTest, MatMulBiasAddActivations) {
  // a [3, 2] (batch of 3 rows), b given transposed [2 outputs, 2 inputs] = [[1, 0], [1, -1]],
  // bias (0.5, -1): z rows (1.5, -2), (3.5, -2), (-4.5, -6).
  Node* a = Source("a", DataType::kFloat, {3, 2});
  Node* b = Constant("b", Tensor::FromVector<float>({2, 2}, {1, 0, 1, -1}));
  Node* bias = Vec("bias", {0.5f, -1});
  const Tensor av = Tensor::FromVector<float>({3, 2}, {1, 2, 3, 4, -5, 0});
  Node* relu = Op("relu", "_FusedMatMul", {a, b, bias}, MatMulAttrs({"BiasAdd", "Relu"}, true));
  ASSERT_TRUE(Infer(relu).ok()) << Infer(relu);
  EXPECT_EQ(relu->outputs[0].shape, PartialShape({3, 2}));
  auto c = CheckBoth(relu, {av, *b->outputs[0].value, *bias->outputs[0].value}, {1.5f, 0, 3.5f, 0, 0, 0});
  ASSERT_EQ(c->ops().size(), 1u);
  EXPECT_EQ(c->BuiltinCode(0), BuiltinOperator::FULLY_CONNECTED);
  const TflOperator& fc = c->ops()[0];
  EXPECT_EQ(c->ConstData<float>(fc.inputs[1]), std::vector<float>({1, 0, 1, -1}));  // already [N, K]
  EXPECT_EQ(fc.inputs[2], c->input_tensor_if_created(2));
  EXPECT_EQ(fc.builtin_options.AsFullyConnectedOptions()->fused_activation_function, ActivationFunctionType::RELU);

  Node* tanh = Op("tanh", "_FusedMatMul", {a, b, bias}, MatMulAttrs({"BiasAdd", "Tanh"}, true));
  ASSERT_TRUE(Infer(tanh).ok());
  auto c2 = CheckBoth(tanh, {av, *b->outputs[0].value, *bias->outputs[0].value},
                      {std::tanh(1.5f), std::tanh(-2.0f), std::tanh(3.5f), std::tanh(-2.0f), std::tanh(-4.5f),
                       std::tanh(-6.0f)});
  ASSERT_EQ(c2->ops().size(), 2u);
  EXPECT_EQ(c2->BuiltinCode(1), BuiltinOperator::TANH);

  // GELU, tanh form: 0.5 z (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3))).
  auto gelu = [](double z) {
    return static_cast<float>(0.5 * z * (1 + std::tanh(std::sqrt(2 / M_PI) * (z + 0.044715 * z * z * z))));
  };
  Node* g = Op("gelu", "_FusedMatMul", {a, b, bias}, MatMulAttrs({"BiasAdd", "GeluApproximate"}, true));
  ASSERT_TRUE(Infer(g).ok());
  auto c3 = CheckBoth(g, {av, *b->outputs[0].value, *bias->outputs[0].value},
                      {gelu(1.5), gelu(-2), gelu(3.5), gelu(-2), gelu(-4.5), gelu(-6)}, 1e-5f);
  ASSERT_EQ(c3->ops().size(), 2u);
  EXPECT_EQ(c3->BuiltinCode(1), BuiltinOperator::GELU);
  EXPECT_TRUE(c3->ops()[1].builtin_options.AsGeluOptions()->approximate);
}

TEST_F(FusedOpsTest, MatMulWithoutTransposeTransposesConstantWeightsOnTheHost) {
  // b [K=2, N=3]; FULLY_CONNECTED takes [3, 2]. a (1, 2) -> (1 + 8, 2 + 10, 3 + 12) + bias (0, 0, -30).
  Node* a = Source("a", DataType::kFloat, {1, 2});
  Node* b = Constant("b", Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6}));
  Node* bias = Vec("bias", {0, 0, -30});
  Node* mm = Op("mm", "_FusedMatMul", {a, b, bias}, MatMulAttrs({"BiasAdd", "Relu6"}));
  ASSERT_TRUE(Infer(mm).ok());
  auto c = CheckBoth(mm, {Tensor::FromVector<float>({1, 2}, {1, 2}), *b->outputs[0].value, *bias->outputs[0].value},
                     {6, 6, 0});
  EXPECT_EQ(c->ConstData<float>(c->ops()[0].inputs[1]), std::vector<float>({1, 4, 2, 5, 3, 6}));
}

TEST_F(FusedOpsTest, RefusalsNameThePatternAndTheReason) {
  Node* x = Source("x", DataType::kFloat, {1, 3, 3, 1});
  Node* f = Constant("f", Tensor::Zeros(DataType::kFloat, {1, 1, 1, 1}));
  Node* b = Vec("b", {1});
  absl::Status s = Infer(Op("soft", "_FusedConv2D", {x, f, b}, ConvAttrs({"BiasAdd", "Softplus"}, 1, {1, 1, 1, 1}, "SAME")));
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;
  EXPECT_NE(s.message().find("[BiasAdd, Softplus]"), std::string::npos) << s;
  EXPECT_NE(s.message().find("'soft' (_FusedConv2D)"), std::string::npos) << s;

  s = Infer(Op("args", "_FusedConv2D", {x, f, b}, ConvAttrs({"FusedBatchNorm"}, 1, {1, 1, 1, 1}, "SAME")));
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("num_args is 1"), std::string::npos) << s;

  // Batch norm is not a MatMul fusion.
  Node* a = Source("a", DataType::kFloat, {2, 1});
  AttrMap bn = MatMulAttrs({"FusedBatchNorm"});
  bn["num_args"] = 4;
  EXPECT_FALSE(Infer(Op("mmbn", "_FusedMatMul", {a, f, b, b, b, b}, bn)).ok());

  AttrMap host = ConvAttrs({"BiasAdd"}, 1, {1, 1, 1, 1}, "SAME");
  host["num_host_args"] = 2;
  s = Infer(Op("host", "_FusedConv2D", {x, f, b, b, b}, host));
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;

  // Batch-norm statistics that are not constants cannot be folded.
  Node* v = Source("v", DataType::kFloat, {1});
  Node* conv = Op("conv", "_FusedConv2D", {x, f, b, b, b, v}, ConvAttrs({"FusedBatchNorm"}, 4, {1, 1, 1, 1}, "SAME"));
  ASSERT_TRUE(Infer(conv).ok()) << Infer(conv);
  FakeLoweringContext c(*conv);
  s = Reg("_FusedConv2D").lower(c);
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;
  EXPECT_NE(s.message().find("must be constants"), std::string::npos) << s;
}

}  // namespace
}  // namespace tfconv
