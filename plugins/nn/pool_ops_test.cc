#include "gtest/gtest.h"
#include "plugins/nn/nn_ops.h"
#include "plugins/nn/testing/fake_lowering_context.h"
#include "plugins/nn/testing/op_test_fixture.h"

namespace tfconv {
namespace {

class PoolOpsTest : public OpTestFixture {
 protected:
  void SetUp() override { Register("tfconv.nn", RegisterNnOps); }

  static AttrMap PoolAttrs(std::vector<int64_t> ksize, std::vector<int64_t> strides, const char* padding,
                           const char* format = "NHWC") {
    return {{"ksize", AttrList::Ints(std::move(ksize))},
            {"strides", AttrList::Ints(std::move(strides))},
            {"padding", padding},
            {"data_format", format}};
  }
};

TEST_F(PoolOpsTest, Shapes) {
  Node* x = Source("x", DataType::kFloat, {2, 5, 7, 3});
  Node* same = Op("same", "MaxPool", {x}, PoolAttrs({1, 3, 3, 1}, {1, 2, 2, 1}, "SAME"));
  ASSERT_TRUE(Infer(same).ok());
  EXPECT_EQ(same->outputs[0].shape, PartialShape({2, 3, 4, 3}));
  Node* valid = Op("valid", "AvgPool", {x}, PoolAttrs({1, 3, 2, 1}, {1, 2, 2, 1}, "VALID"));
  ASSERT_TRUE(Infer(valid).ok());
  EXPECT_EQ(valid->outputs[0].shape, PartialShape({2, 2, 3, 3}));  // (5-3+2)/2, (7-2+2)/2
  Node* xc = Source("xc", DataType::kFloat, {2, 3, 5, 7});
  Node* nchw = Op("nchw", "AvgPool", {xc}, PoolAttrs({1, 1, 3, 3}, {1, 1, 2, 2}, "SAME", "NCHW"));
  ASSERT_TRUE(Infer(nchw).ok());
  EXPECT_EQ(nchw->outputs[0].shape, PartialShape({2, 3, 3, 4}));
  Node* depth = Op("depth", "MaxPool", {x}, PoolAttrs({1, 1, 1, 3}, {1, 1, 1, 3}, "VALID"));
  absl::Status s = Infer(depth);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'depth' (MaxPool)"), std::string::npos) << s;
}

TEST_F(PoolOpsTest, AvgPoolSameCountsOnlyElementsInsideTheImage) {
  // 1x3x3x1 image 1..9, 2x2 stride 2 SAME: windows hold 4, 2, 2 and 1 elements.
  Tensor x = Tensor::FromVector<float>({1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  Node* avg = Op("avg", "AvgPool", {Source("x", DataType::kFloat, {1, 3, 3, 1})},
                 PoolAttrs({1, 2, 2, 1}, {1, 2, 2, 1}, "SAME"));
  absl::StatusOr<Tensor> y = Eval1(avg, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->shape(), std::vector<int64_t>({1, 2, 2, 1}));
  EXPECT_EQ(Floats(*y), std::vector<float>({3, 4.5f, 7.5f, 9}));
}

TEST_F(PoolOpsTest, MaxPoolNchwEvaluation) {
  // NCHW [1, 2, 2, 2]; a 2x2 VALID window takes each channel's max.
  Tensor x = Tensor::FromVector<float>({1, 2, 2, 2}, {1, -2, 3, 0, -5, -6, -7, -8});
  Node* max = Op("max", "MaxPool", {Source("x", DataType::kFloat, {1, 2, 2, 2})},
                 PoolAttrs({1, 1, 2, 2}, {1, 1, 1, 1}, "VALID", "NCHW"));
  absl::StatusOr<Tensor> y = Eval1(max, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->shape(), std::vector<int64_t>({1, 2, 1, 1}));
  EXPECT_EQ(Floats(*y), std::vector<float>({3, -5}));
}

TEST_F(PoolOpsTest, LowersNhwcToOnePoolOperator) {
  Node* x = Source("x", DataType::kFloat, {1, 5, 7, 3});
  for (const char* op : {"MaxPool", "AvgPool"}) {
    Node* pool = Op(std::string("pool_") + op, op, {x}, PoolAttrs({1, 3, 2, 1}, {1, 2, 1, 1}, "SAME"));
    ASSERT_TRUE(Infer(pool).ok());
    FakeLoweringContext c(*pool);
    ASSERT_TRUE(Reg(op).lower(c).ok()) << op;
    ASSERT_EQ(c.ops().size(), 1u);
    EXPECT_EQ(c.BuiltinCode(0), std::string(op) == "MaxPool" ? tflite::BuiltinOperator::MAX_POOL_2D
                                                              : tflite::BuiltinOperator::AVERAGE_POOL_2D);
    const TflOperator& o = c.ops()[0];
    EXPECT_EQ(o.inputs, std::vector<int32_t>({c.input_tensor_if_created(0)}));
    EXPECT_EQ(c.tensor(o.outputs[0]).shape, std::vector<int32_t>({1, 3, 7, 3}));
    const tflite::Pool2DOptionsT* p = o.builtin_options.AsPool2DOptions();
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->padding, tflite::Padding::SAME);
    EXPECT_EQ(p->filter_height, 3);
    EXPECT_EQ(p->filter_width, 2);
    EXPECT_EQ(p->stride_h, 2);
    EXPECT_EQ(p->stride_w, 1);
    EXPECT_EQ(p->fused_activation_function, tflite::ActivationFunctionType::NONE);
  }
}

TEST_F(PoolOpsTest, LowersNchwWithTransposesAround) {
  Node* x = Source("x", DataType::kFloat, {1, 3, 4, 6});
  Node* pool = Op("pool", "MaxPool", {x}, PoolAttrs({1, 1, 2, 2}, {1, 1, 2, 2}, "VALID", "NCHW"));
  ASSERT_TRUE(Infer(pool).ok());
  EXPECT_EQ(pool->outputs[0].shape, PartialShape({1, 3, 2, 3}));
  FakeLoweringContext c(*pool);
  ASSERT_TRUE(Reg("MaxPool").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 3u);
  EXPECT_EQ(c.BuiltinCode(0), tflite::BuiltinOperator::TRANSPOSE);
  EXPECT_EQ(c.BuiltinCode(1), tflite::BuiltinOperator::MAX_POOL_2D);
  EXPECT_EQ(c.BuiltinCode(2), tflite::BuiltinOperator::TRANSPOSE);
  EXPECT_EQ(c.ops()[0].inputs[0], c.input_tensor_if_created(0));
  EXPECT_EQ(c.ConstData<int32_t>(c.ops()[0].inputs[1]), std::vector<int32_t>({0, 2, 3, 1}));
  EXPECT_EQ(c.tensor(c.ops()[0].outputs[0]).shape, std::vector<int32_t>({1, 4, 6, 3}));
  EXPECT_EQ(c.ops()[1].inputs[0], c.ops()[0].outputs[0]);
  EXPECT_EQ(c.tensor(c.ops()[1].outputs[0]).shape, std::vector<int32_t>({1, 2, 3, 3}));
  EXPECT_EQ(c.ops()[2].inputs[0], c.ops()[1].outputs[0]);
  EXPECT_EQ(c.ConstData<int32_t>(c.ops()[2].inputs[1]), std::vector<int32_t>({0, 3, 1, 2}));
  absl::StatusOr<int32_t> out = c.OutputTensor(0);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(c.ops()[2].outputs[0], *out);
}

TEST_F(PoolOpsTest, UnsupportedForms) {
  Node* x = Source("x", DataType::kFloat, {1, 4, 4, 1});
  AttrMap attrs = PoolAttrs({1, 2, 2, 1}, {1, 1, 1, 1}, "EXPLICIT");
  attrs["explicit_paddings"] = AttrList::Ints({0, 0, 1, 1, 1, 1, 0, 0});
  Node* pool = Op("pool", "MaxPool", {x}, attrs);
  ASSERT_TRUE(Infer(pool).ok());
  FakeLoweringContext c(*pool);
  EXPECT_TRUE(absl::IsUnimplemented(Reg("MaxPool").lower(c)));

  Node* xi = Source("xi", DataType::kInt32, {1, 4, 4, 1});
  Node* ipool = Op("ipool", "MaxPool", {xi}, PoolAttrs({1, 2, 2, 1}, {1, 1, 1, 1}, "VALID"));
  ASSERT_TRUE(Infer(ipool).ok());
  FakeLoweringContext c2(*ipool);
  EXPECT_TRUE(absl::IsUnimplemented(Reg("MaxPool").lower(c2)));
}

TEST_F(PoolOpsTest, MaxPoolV2TakesItsWindowFromConstantInputs) {
  // Batch 2 of a 3x5 image 1..15 (then 16..30); 2x2 window, strides 1 (rows) and 2 (columns),
  // VALID: windows at rows 0-1 / 1-2 and columns 0-1 / 2-3 take their bottom-right element.
  Node* x = Source("x", DataType::kFloat, {2, 3, 5, 1});
  Node* ksize = Constant("ksize", Tensor::FromVector<int32_t>({4}, {1, 2, 2, 1}));
  Node* strides = Constant("strides", Tensor::FromVector<int32_t>({4}, {1, 1, 2, 1}));
  Node* pool = Op("pool", "MaxPoolV2", {x, ksize, strides}, {{"padding", "VALID"}, {"data_format", "NHWC"}});
  ASSERT_TRUE(Infer(pool).ok()) << Infer(pool);
  EXPECT_EQ(pool->outputs[0].shape, PartialShape({2, 2, 2, 1}));
  std::vector<float> xv(30);
  for (int i = 0; i < 30; ++i) xv[i] = static_cast<float>(i + 1);
  absl::StatusOr<Tensor> y = Eval1(pool, {Tensor::FromVector<float>({2, 3, 5, 1}, xv), *ksize->outputs[0].value,
                                          *strides->outputs[0].value});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(Floats(*y), std::vector<float>({7, 9, 12, 14, 22, 24, 27, 29}));

  FakeLoweringContext c(*pool);
  ASSERT_TRUE(Reg("MaxPoolV2").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 1u);
  EXPECT_EQ(c.BuiltinCode(0), tflite::BuiltinOperator::MAX_POOL_2D);
  const tflite::Pool2DOptionsT* o = c.ops()[0].builtin_options.AsPool2DOptions();
  EXPECT_EQ(o->filter_height, 2);
  EXPECT_EQ(o->filter_width, 2);
  EXPECT_EQ(o->stride_h, 1);
  EXPECT_EQ(o->stride_w, 2);
  EXPECT_EQ(o->padding, tflite::Padding::VALID);
  EXPECT_EQ(c.ops()[0].inputs.size(), 1u);  // the window lives in the options, not in inputs

  // SAME, 3x3 stride 2 on an odd 5x7 image.
  Node* k3 = Constant("k3", Tensor::FromVector<int64_t>({4}, {1, 3, 3, 1}));
  Node* s2 = Constant("s2", Tensor::FromVector<int64_t>({4}, {1, 2, 2, 1}));
  Node* same = Op("same", "MaxPoolV2", {Source("x2", DataType::kFloat, {3, 5, 7, 4}), k3, s2}, {{"padding", "SAME"}});
  ASSERT_TRUE(Infer(same).ok());
  EXPECT_EQ(same->outputs[0].shape, PartialShape({3, 3, 4, 4}));
}

TEST_F(PoolOpsTest, MaxPoolV2WithAComputedWindow) {
  Node* x = Source("x", DataType::kFloat, {2, 6, 6, 3});
  Node* ksize = Source("ksize", DataType::kInt32, {4});
  Node* strides = Constant("strides", Tensor::FromVector<int32_t>({4}, {1, 2, 2, 1}));
  Node* pool = Op("pool", "MaxPoolV2", {x, ksize, strides}, {{"padding", "SAME"}});
  ASSERT_TRUE(Infer(pool).ok());
  EXPECT_EQ(pool->outputs[0].shape, PartialShape({2, -1, -1, 3}));
  FakeLoweringContext c(*pool);
  absl::Status s = Reg("MaxPoolV2").lower(c);
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;
  EXPECT_NE(s.message().find("must be constants"), std::string::npos) << s;

  // A stride over the channels is refused like the attribute form, naming the input.
  Node* bad = Op("bad", "MaxPoolV2",
                 {x, Constant("k", Tensor::FromVector<int32_t>({4}, {1, 2, 2, 1})),
                  Constant("st", Tensor::FromVector<int32_t>({4}, {1, 1, 1, 2}))},
                 {{"padding", "VALID"}});
  s = Infer(bad);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("strides (input 2)"), std::string::npos) << s;
}

}  // namespace
}  // namespace tfconv
