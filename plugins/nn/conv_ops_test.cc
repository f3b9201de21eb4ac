#include "gtest/gtest.h"
#include "plugins/nn/nn_ops.h"
#include "plugins/nn/testing/fake_lowering_context.h"
#include "plugins/nn/testing/op_test_fixture.h"

namespace tfconv {
namespace {

class ConvOpsTest : public OpTestFixture {
 protected:
  void SetUp() override { Register("tfconv.nn", RegisterNnOps); }

  static AttrMap ConvAttrs(std::vector<int64_t> strides, const char* padding, const char* format = "NHWC",
                           std::vector<int64_t> dilations = {1, 1, 1, 1}) {
    return {{"strides", AttrList::Ints(std::move(strides))},
            {"dilations", AttrList::Ints(std::move(dilations))},
            {"padding", padding},
            {"data_format", format}};
  }
};

TEST_F(ConvOpsTest, Conv2DShapes) {
  Node* x = Source("x", DataType::kFloat, {2, 5, 7, 3});
  Node* f = Source("f", DataType::kFloat, {3, 3, 3, 8});
  Node* same = Op("same", "Conv2D", {x, f}, ConvAttrs({1, 2, 2, 1}, "SAME"));
  ASSERT_TRUE(Infer(same).ok());
  EXPECT_EQ(same->outputs[0].dtype, DataType::kFloat);
  EXPECT_EQ(same->outputs[0].shape, PartialShape({2, 3, 4, 8}));
  Node* valid = Op("valid", "Conv2D", {x, f}, ConvAttrs({1, 2, 2, 1}, "VALID"));
  ASSERT_TRUE(Infer(valid).ok());
  EXPECT_EQ(valid->outputs[0].shape, PartialShape({2, 2, 3, 8}));
  Node* dilated = Op("dilated", "Conv2D", {x, f}, ConvAttrs({1, 1, 1, 1}, "VALID", "NHWC", {1, 2, 2, 1}));
  ASSERT_TRUE(Infer(dilated).ok());
  EXPECT_EQ(dilated->outputs[0].shape, PartialShape({2, 1, 3, 8}));  // effective 5x5

  Node* xc = Source("xc", DataType::kFloat, {2, 3, 5, 7});
  Node* nchw = Op("nchw", "Conv2D", {xc, f}, ConvAttrs({1, 1, 2, 2}, "SAME", "NCHW"));
  ASSERT_TRUE(Infer(nchw).ok());
  EXPECT_EQ(nchw->outputs[0].shape, PartialShape({2, 8, 3, 4}));

  Node* xu = Source("xu", DataType::kFloat, {-1, -1, 7, 3});
  Node* dynamic = Op("dynamic", "Conv2D", {xu, f}, ConvAttrs({1, 2, 2, 1}, "SAME"));
  ASSERT_TRUE(Infer(dynamic).ok());
  EXPECT_EQ(dynamic->outputs[0].shape, PartialShape({-1, -1, 4, 8}));

  Node* xr = Source("xr", DataType::kFloat, PartialShape::UnknownRank());
  Node* unranked = Op("unranked", "Conv2D", {xr, f}, ConvAttrs({1, 1, 1, 1}, "SAME"));
  ASSERT_TRUE(Infer(unranked).ok());
  EXPECT_EQ(unranked->outputs[0].shape, PartialShape({-1, -1, -1, 8}));
}

TEST_F(ConvOpsTest, Conv2DShapeErrorsNameTheNode) {
  Node* x = Source("x", DataType::kFloat, {1, 5, 5, 4});
  Node* f = Source("f", DataType::kFloat, {3, 3, 3, 8});
  Node* bad = Op("conv_bad", "Conv2D", {x, f}, ConvAttrs({1, 1, 1, 1}, "SAME"));
  absl::Status s = Infer(bad);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'conv_bad' (Conv2D)"), std::string::npos) << s;
  EXPECT_NE(s.message().find("multiple"), std::string::npos) << s;

  Node* grouped_f = Source("gf", DataType::kFloat, {1, 1, 2, 6});
  Node* grouped = Op("grouped", "Conv2D", {x, grouped_f}, ConvAttrs({1, 1, 1, 1}, "SAME"));
  ASSERT_TRUE(Infer(grouped).ok());
  EXPECT_EQ(grouped->outputs[0].shape, PartialShape({1, 5, 5, 6}));

  Node* small = Source("small", DataType::kFloat, {1, 1, 1, 3});  // (1 - 3 + 1) < 0
  Node* too_small = Op("too_small", "Conv2D", {small, f}, ConvAttrs({1, 1, 1, 1}, "VALID"));
  EXPECT_FALSE(Infer(too_small).ok());
  Node* f2 = Source("f2", DataType::kFloat, {3, 3, 8});
  EXPECT_FALSE(Infer(Op("rank", "Conv2D", {x, f2}, ConvAttrs({1, 1, 1, 1}, "SAME"))).ok());
  Node* fi = Source("fi", DataType::kInt32, {3, 3, 4, 8});
  EXPECT_FALSE(Infer(Op("types", "Conv2D", {x, fi}, ConvAttrs({1, 1, 1, 1}, "SAME"))).ok());
}

TEST_F(ConvOpsTest, DepthwiseShapes) {
  Node* x = Source("x", DataType::kFloat, {1, 5, 5, 3});
  Node* f = Source("f", DataType::kFloat, {3, 3, 3, 2});
  Node* dw = Op("dw", "DepthwiseConv2dNative", {x, f}, ConvAttrs({1, 1, 1, 1}, "SAME"));
  ASSERT_TRUE(Infer(dw).ok());
  EXPECT_EQ(dw->outputs[0].shape, PartialShape({1, 5, 5, 6}));
  Node* f4 = Source("f4", DataType::kFloat, {3, 3, 4, 1});
  EXPECT_FALSE(Infer(Op("bad", "DepthwiseConv2dNative", {x, f4}, ConvAttrs({1, 1, 1, 1}, "SAME"))).ok());
}

TEST_F(ConvOpsTest, Conv2DEvaluatesNhwcAndNchw) {
  // NCHW [1, 2, 2, 2], 1x1 filter [1, 1, 2, 1] = {1, 10}: out = ch0 + 10 * ch1.
  Tensor x = Tensor::FromVector<float>({1, 2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  Tensor f = Tensor::FromVector<float>({1, 1, 2, 1}, {1, 10});
  Node* nchw = Op("nchw", "Conv2D", {Source("x", DataType::kFloat, {1, 2, 2, 2}), Constant("f", f)},
                  ConvAttrs({1, 1, 1, 1}, "VALID", "NCHW"));
  absl::StatusOr<Tensor> y = Eval1(nchw, {x, f});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->shape(), std::vector<int64_t>({1, 1, 2, 2}));
  EXPECT_EQ(Floats(*y), std::vector<float>({51, 62, 73, 84}));

  // The same data read as NHWC: pixels (1,2) (3,4) (5,6) (7,8).
  Node* nhwc = Op("nhwc", "Conv2D", {nchw->inputs[0].node, nchw->inputs[1].node}, ConvAttrs({1, 1, 1, 1}, "VALID"));
  y = Eval1(nhwc, {x, f});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->shape(), std::vector<int64_t>({1, 2, 2, 1}));
  EXPECT_EQ(Floats(*y), std::vector<float>({21, 43, 65, 87}));

  absl::Status s = Eval(nhwc, {Tensor::FromVector<int32_t>({1, 1, 1, 2}, {1, 2}),
                               Tensor::FromVector<int32_t>({1, 1, 2, 1}, {1, 2})})
                       .status();
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;
}

TEST_F(ConvOpsTest, DepthwiseEvaluatesWithMultiplier) {
  Tensor x = Tensor::FromVector<float>({1, 1, 2, 2}, {1, 2, 3, 4});
  Tensor f = Tensor::FromVector<float>({1, 1, 2, 2}, {1, 10, 100, 1000});
  Node* dw = Op("dw", "DepthwiseConv2dNative", {Source("x", DataType::kFloat, {1, 1, 2, 2}), Constant("f", f)},
                ConvAttrs({1, 1, 1, 1}, "SAME"));
  absl::StatusOr<Tensor> y = Eval1(dw, {x, f});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(Floats(*y), std::vector<float>({1, 10, 200, 2000, 3, 30, 400, 4000}));
}

TEST_F(ConvOpsTest, Conv2DLowersToConv2DWithOhwiFilterAndZeroBias) {
  // HWIO [1, 2, 2, 3] = 0..11 (see tensor_transforms_test for the OHWI order).
  std::vector<float> fv(12);
  for (int i = 0; i < 12; ++i) fv[i] = static_cast<float>(i);
  Node* x = Source("x", DataType::kFloat, {1, 4, 5, 2});
  Node* f = Constant("f", Tensor::FromVector<float>({1, 2, 2, 3}, fv));
  Node* conv = Op("conv", "Conv2D", {x, f}, ConvAttrs({1, 2, 1, 1}, "SAME", "NHWC", {1, 1, 2, 1}));
  ASSERT_TRUE(Infer(conv).ok());
  FakeLoweringContext c(*conv);
  absl::Status s = Reg("Conv2D").lower(c);
  ASSERT_TRUE(s.ok()) << s;
  ASSERT_EQ(c.ops().size(), 1u);
  EXPECT_EQ(c.BuiltinCode(0), tflite::BuiltinOperator::CONV_2D);
  const TflOperator& op = c.ops()[0];
  ASSERT_EQ(op.inputs.size(), 3u);
  EXPECT_EQ(op.inputs[0], c.input_tensor_if_created(0));
  EXPECT_EQ(c.input_tensor_if_created(1), -1) << "the TF-layout filter is never materialized";
  EXPECT_EQ(c.tensor(op.inputs[1]).shape, std::vector<int32_t>({3, 1, 2, 2}));
  EXPECT_EQ(c.ConstData<float>(op.inputs[1]), std::vector<float>({0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11}));
  EXPECT_EQ(c.tensor(op.inputs[2]).shape, std::vector<int32_t>({3}));
  EXPECT_EQ(c.tensor(op.inputs[2]).type, tflite::TensorType::FLOAT32);
  EXPECT_EQ(c.ConstData<float>(op.inputs[2]), std::vector<float>({0, 0, 0}));
  EXPECT_EQ(c.tensor(op.outputs[0]).shape, std::vector<int32_t>({1, 2, 5, 3}));
  const tflite::Conv2DOptionsT* o = op.builtin_options.AsConv2DOptions();
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->padding, tflite::Padding::SAME);
  EXPECT_EQ(o->stride_h, 2);
  EXPECT_EQ(o->stride_w, 1);
  EXPECT_EQ(o->dilation_h_factor, 1);
  EXPECT_EQ(o->dilation_w_factor, 2);
  EXPECT_EQ(o->fused_activation_function, tflite::ActivationFunctionType::NONE);
}

TEST_F(ConvOpsTest, Conv2DExplicitPaddingLowersToPadThenValid) {
  Node* x = Source("x", DataType::kFloat, {1, 4, 5, 2});
  Node* f = Constant("f", Tensor::Zeros(DataType::kFloat, {3, 3, 2, 4}));
  AttrMap attrs = ConvAttrs({1, 1, 1, 1}, "EXPLICIT");
  attrs["explicit_paddings"] = AttrList::Ints({0, 0, 1, 2, 3, 4, 0, 0});
  Node* conv = Op("conv", "Conv2D", {x, f}, attrs);
  ASSERT_TRUE(Infer(conv).ok());
  EXPECT_EQ(conv->outputs[0].shape, PartialShape({1, 5, 10, 4}));  // (4+3-3)+1, (5+7-3)+1
  FakeLoweringContext c(*conv);
  ASSERT_TRUE(Reg("Conv2D").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 2u);
  EXPECT_EQ(c.BuiltinCode(0), tflite::BuiltinOperator::PAD);
  EXPECT_EQ(c.BuiltinCode(1), tflite::BuiltinOperator::CONV_2D);
  const TflOperator& pad = c.ops()[0];
  EXPECT_EQ(pad.inputs[0], c.input_tensor_if_created(0));
  EXPECT_EQ(c.tensor(pad.inputs[1]).shape, std::vector<int32_t>({4, 2}));
  EXPECT_EQ(c.ConstData<int32_t>(pad.inputs[1]), std::vector<int32_t>({0, 0, 1, 2, 3, 4, 0, 0}));
  EXPECT_EQ(c.tensor(pad.outputs[0]).shape, std::vector<int32_t>({1, 7, 12, 2}));
  EXPECT_EQ(c.ops()[1].inputs[0], pad.outputs[0]);
  EXPECT_EQ(c.ops()[1].builtin_options.AsConv2DOptions()->padding, tflite::Padding::VALID);
}

TEST_F(ConvOpsTest, Conv2DWithComputedFilterTransposesAtRunTime) {
  Node* x = Source("x", DataType::kFloat, {1, 4, 4, 2});
  Node* f = Source("f", DataType::kFloat, {3, 3, 2, 5});
  Node* conv = Op("conv", "Conv2D", {x, f}, ConvAttrs({1, 1, 1, 1}, "VALID"));
  ASSERT_TRUE(Infer(conv).ok());
  FakeLoweringContext c(*conv);
  ASSERT_TRUE(Reg("Conv2D").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 2u);
  EXPECT_EQ(c.BuiltinCode(0), tflite::BuiltinOperator::TRANSPOSE);
  EXPECT_EQ(c.ops()[0].inputs[0], c.input_tensor_if_created(1));
  EXPECT_EQ(c.ConstData<int32_t>(c.ops()[0].inputs[1]), std::vector<int32_t>({3, 0, 1, 2}));
  EXPECT_EQ(c.tensor(c.ops()[0].outputs[0]).shape, std::vector<int32_t>({5, 3, 3, 2}));
  EXPECT_EQ(c.ops()[1].inputs[1], c.ops()[0].outputs[0]);
  EXPECT_EQ(c.tensor(c.ops()[1].inputs[2]).shape, std::vector<int32_t>({5}));
}

TEST_F(ConvOpsTest, Conv2DUnsupportedForms) {
  Node* f = Constant("f", Tensor::Zeros(DataType::kFloat, {1, 1, 2, 2}));
  Node* xc = Source("xc", DataType::kFloat, {1, 2, 4, 4});
  Node* nchw = Op("nchw", "Conv2D", {xc, f}, ConvAttrs({1, 1, 1, 1}, "SAME", "NCHW"));
  ASSERT_TRUE(Infer(nchw).ok());
  FakeLoweringContext c(*nchw);
  absl::Status s = Reg("Conv2D").lower(c);
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;
  EXPECT_NE(s.message().find("NCHW"), std::string::npos) << s;

  Node* xd = Source("xd", DataType::kDouble, {1, 4, 4, 2});
  Node* fd = Constant("fd", Tensor::Zeros(DataType::kDouble, {1, 1, 2, 2}));
  Node* dbl = Op("dbl", "Conv2D", {xd, fd}, ConvAttrs({1, 1, 1, 1}, "SAME"));
  ASSERT_TRUE(Infer(dbl).ok());
  FakeLoweringContext c2(*dbl);
  s = Reg("Conv2D").lower(c2);
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;
  EXPECT_NE(s.message().find("float64"), std::string::npos) << s;
  EXPECT_TRUE(c2.ops().empty());
}

TEST_F(ConvOpsTest, DepthwiseLowering) {
  std::vector<float> fv(24);
  for (int i = 0; i < 24; ++i) fv[i] = static_cast<float>(i);
  Node* x = Source("x", DataType::kFloat, {1, 6, 6, 3});
  Node* f = Constant("f", Tensor::FromVector<float>({2, 2, 3, 2}, fv));
  Node* dw = Op("dw", "DepthwiseConv2dNative", {x, f}, ConvAttrs({1, 2, 2, 1}, "VALID", "NHWC", {1, 1, 1, 1}));
  ASSERT_TRUE(Infer(dw).ok());
  FakeLoweringContext c(*dw);
  ASSERT_TRUE(Reg("DepthwiseConv2dNative").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 1u);
  EXPECT_EQ(c.BuiltinCode(0), tflite::BuiltinOperator::DEPTHWISE_CONV_2D);
  const TflOperator& op = c.ops()[0];
  EXPECT_EQ(c.tensor(op.inputs[1]).shape, std::vector<int32_t>({1, 2, 2, 6}));
  EXPECT_EQ(c.ConstData<float>(op.inputs[1]), fv);
  EXPECT_EQ(c.ConstData<float>(op.inputs[2]), std::vector<float>(6, 0.0f));
  const tflite::DepthwiseConv2DOptionsT* o = op.builtin_options.AsDepthwiseConv2DOptions();
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->depth_multiplier, 2);
  EXPECT_EQ(o->padding, tflite::Padding::VALID);
  EXPECT_EQ(o->stride_h, 2);
  EXPECT_EQ(o->stride_w, 2);
  EXPECT_EQ(o->fused_activation_function, tflite::ActivationFunctionType::NONE);

  // A computed filter is reshaped by a RESHAPE operator.
  Node* fr = Source("fr", DataType::kFloat, {2, 2, 3, 2});
  Node* dw2 = Op("dw2", "DepthwiseConv2dNative", {x, fr}, ConvAttrs({1, 1, 1, 1}, "SAME"));
  ASSERT_TRUE(Infer(dw2).ok());
  FakeLoweringContext c2(*dw2);
  ASSERT_TRUE(Reg("DepthwiseConv2dNative").lower(c2).ok());
  ASSERT_EQ(c2.ops().size(), 2u);
  EXPECT_EQ(c2.BuiltinCode(0), tflite::BuiltinOperator::RESHAPE);
  EXPECT_EQ(c2.ConstData<int32_t>(c2.ops()[0].inputs[1]), std::vector<int32_t>({1, 2, 2, 6}));
  EXPECT_EQ(c2.ops()[1].inputs[1], c2.ops()[0].outputs[0]);
}

TEST_F(ConvOpsTest, Conv2DBackpropInputShapesEvaluatesAndLowers) {
  // Gradient of a SAME stride-2 2x2 conv over a 3x3 input (hand-computed in reference_kernels_test).
  Node* sizes = Constant("sizes", Tensor::FromVector<int32_t>({4}, {1, 3, 3, 1}));
  Tensor fv = Tensor::FromVector<float>({2, 2, 1, 1}, {1, 2, 3, 4});
  Node* f = Constant("f", fv);
  Node* dy = Source("dy", DataType::kFloat, {1, 2, 2, 1});
  Node* t = Op("deconv", "Conv2DBackpropInput", {sizes, f, dy}, ConvAttrs({1, 2, 2, 1}, "SAME"));
  ASSERT_TRUE(Infer(t).ok());
  EXPECT_EQ(t->outputs[0].shape, PartialShape({1, 3, 3, 1}));
  absl::StatusOr<Tensor> dx = Eval1(t, {*sizes->outputs[0].value, fv, Tensor::FromVector<float>({1, 2, 2, 1}, {1, 2, 3, 4})});
  ASSERT_TRUE(dx.ok()) << dx.status();
  EXPECT_EQ(Floats(*dx), std::vector<float>({1, 2, 2, 3, 4, 6, 3, 6, 4}));

  FakeLoweringContext c(*t);
  ASSERT_TRUE(Reg("Conv2DBackpropInput").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 1u);
  EXPECT_EQ(c.BuiltinCode(0), tflite::BuiltinOperator::TRANSPOSE_CONV);
  const TflOperator& op = c.ops()[0];
  ASSERT_EQ(op.inputs.size(), 4u);
  EXPECT_EQ(c.ConstData<int32_t>(op.inputs[0]), std::vector<int32_t>({1, 3, 3, 1}));
  EXPECT_EQ(c.tensor(op.inputs[1]).shape, std::vector<int32_t>({1, 2, 2, 1}));
  EXPECT_EQ(op.inputs[2], c.input_tensor_if_created(2));
  EXPECT_EQ(op.inputs[3], -1);
  const tflite::TransposeConvOptionsT* o = op.builtin_options.AsTransposeConvOptions();
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->padding, tflite::Padding::SAME);
  EXPECT_EQ(o->stride_h, 2);
  EXPECT_EQ(o->stride_w, 2);

  // A mismatched out_backprop is an error at inference.
  Node* dy_bad = Source("dy_bad", DataType::kFloat, {1, 3, 3, 1});
  EXPECT_FALSE(Infer(Op("bad", "Conv2DBackpropInput", {sizes, f, dy_bad}, ConvAttrs({1, 2, 2, 1}, "SAME"))).ok());
}

TEST_F(ConvOpsTest, Conv2DBackpropInputWeightsAreOhwi) {
  // Filter [H=1, W=2, O=3, I=2] = 0..11 -> [O, H, W, I] (see tensor_transforms_test).
  std::vector<float> fv(12);
  for (int i = 0; i < 12; ++i) fv[i] = static_cast<float>(i);
  Node* sizes = Constant("sizes", Tensor::FromVector<int64_t>({4}, {1, 4, 5, 3}));
  Node* f = Constant("f", Tensor::FromVector<float>({1, 2, 3, 2}, fv));
  Node* dy = Source("dy", DataType::kFloat, {1, 4, 4, 2});
  Node* t = Op("deconv", "Conv2DBackpropInput", {sizes, f, dy}, ConvAttrs({1, 1, 1, 1}, "VALID"));
  ASSERT_TRUE(Infer(t).ok()) << Infer(t);
  EXPECT_EQ(t->outputs[0].shape, PartialShape({1, 4, 5, 3}));
  FakeLoweringContext c(*t);
  ASSERT_TRUE(Reg("Conv2DBackpropInput").lower(c).ok());
  const TflOperator& op = c.ops()[0];
  EXPECT_EQ(c.tensor(op.inputs[0]).type, tflite::TensorType::INT32);  // int64 sizes become int32
  EXPECT_EQ(c.ConstData<int32_t>(op.inputs[0]), std::vector<int32_t>({1, 4, 5, 3}));
  EXPECT_EQ(c.ConstData<float>(op.inputs[1]), std::vector<float>({0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11}));
  EXPECT_EQ(op.builtin_options.AsTransposeConvOptions()->padding, tflite::Padding::VALID);

  Node* dilated = Op("dilated", "Conv2DBackpropInput", {sizes, f, dy},
                     ConvAttrs({1, 1, 1, 1}, "SAME", "NHWC", {1, 2, 2, 1}));
  dilated->outputs = t->outputs;
  FakeLoweringContext c2(*dilated);
  EXPECT_TRUE(absl::IsUnimplemented(Reg("Conv2DBackpropInput").lower(c2)));
}

}  // namespace
}  // namespace tfconv
