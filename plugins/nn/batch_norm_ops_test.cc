// FusedBatchNorm{,V2,V3}: shapes, reference semantics and lowering. Expected values are worked out
// by hand from y = (x - mean) * scale / sqrt(variance + epsilon) + offset, with variance + epsilon
// chosen as perfect squares; the lowered operators are also run in the reference interpreter.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "plugins/nn/nn_ops.h"
#include "plugins/nn/testing/fake_lowering_context.h"
#include "plugins/nn/testing/op_test_fixture.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

// Three channels with variance + epsilon = 4, 1, 9 (epsilon 1), so the multipliers
// scale / sqrt(variance + epsilon) are 2/2 = 1, -1/1 = -1 and 0.5/3 = 1/6.
const std::vector<float> kScale = {2, -1, 0.5f};
const std::vector<float> kOffset = {1, 0, -2};
const std::vector<float> kMean = {1, 2, -3};
const std::vector<float> kVariance = {3, 0, 8};
// x [1, 2, 1, 3]: two pixels of three channels.
const std::vector<float> kX = {5, 2, 3, -1, 4, -9};
// (5-1)*1+1 = 5, (2-2)*-1+0 = 0, (3+3)/6-2 = -1;  (-1-1)*1+1 = -1, (4-2)*-1 = -2, (-9+3)/6-2 = -3.
const std::vector<float> kY = {5, 0, -1, -1, -2, -3};

class BatchNormOpsTest : public OpTestFixture {
 protected:
  void SetUp() override { Register("tfconv.nn", RegisterNnOps); }

  Node* Vec(const std::string& name, const std::vector<float>& v) {
    return Constant(name, Tensor::FromVector<float>({static_cast<int64_t>(v.size())}, v));
  }

  // x, then the four constant vectors above.
  std::vector<Node*> ConstInputs(Node* x) {
    return {x, Vec("scale", kScale), Vec("offset", kOffset), Vec("mean", kMean), Vec("variance", kVariance)};
  }

  static AttrMap Inference(float epsilon = 1.0f) {
    return {{"epsilon", epsilon}, {"is_training", false}, {"T", DataType::kFloat}, {"U", DataType::kFloat}};
  }

  std::vector<Tensor> ConstValues(const Tensor& x) {
    return {x, Tensor::FromVector<float>({3}, kScale), Tensor::FromVector<float>({3}, kOffset),
            Tensor::FromVector<float>({3}, kMean), Tensor::FromVector<float>({3}, kVariance)};
  }
};

// Runs what a lowering recorded: `inputs` are (tensor, value) pairs, the result is `output`.
std::vector<float> RunLowered(FakeLoweringContext& c, const std::vector<std::pair<int32_t, Tensor>>& inputs,
                              int32_t output) {
  TflSubgraph& g = c.subgraph();
  std::vector<RtTensor> feeds;
  for (const auto& [tensor, value] : inputs) {
    g.inputs.push_back(tensor);
    RtTensor t = RtTensor::Make(tflite::TensorType::FLOAT32, g.tensors[tensor].shape);
    auto v = value.data<float>();
    std::copy(v.begin(), v.end(), t.mutable_data<float>());
    feeds.push_back(std::move(t));
  }
  g.outputs = {output};
  auto interp = Interpreter::Create(std::make_shared<TflModel>(c.model()), BuiltinKernels());
  EXPECT_TRUE(interp.ok()) << interp.status();
  if (!interp.ok()) return {};
  absl::StatusOr<std::vector<RtTensor>> out = (*interp)->Invoke(0, feeds);
  EXPECT_TRUE(out.ok()) << out.status();
  if (!out.ok()) return {};
  const RtTensor& y = (*out)[0];
  return std::vector<float>(y.data<float>(), y.data<float>() + y.num_elements());
}

void ExpectNear(const std::vector<float>& got, const std::vector<float>& want, float tol) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "element " << i;
}

// ---- shapes and types -------------------------------------------------------------------------------

TEST_F(BatchNormOpsTest, ShapesOfAllOutputs) {
  Node* x = Source("x", DataType::kFloat, {-1, -1, -1, -1});
  Node* bn = Op("bn", "FusedBatchNormV3", ConstInputs(x), Inference());
  ASSERT_TRUE(Infer(bn).ok());
  ASSERT_EQ(bn->num_outputs(), 6);
  EXPECT_EQ(bn->outputs[0].shape, PartialShape({-1, -1, -1, 3}));  // channels from the vectors
  EXPECT_EQ(bn->outputs[0].dtype, DataType::kFloat);
  for (int i = 1; i <= 4; ++i) {
    EXPECT_EQ(bn->outputs[i].shape, PartialShape({3})) << i;
    EXPECT_FALSE(bn->outputs[i].value.has_value()) << i;
  }
  // reserve_space_3: the scalar 0 TF's CPU kernel writes.
  ASSERT_TRUE(bn->outputs[5].value.has_value());
  EXPECT_EQ(bn->outputs[5].value->rank(), 0);
  EXPECT_EQ(Floats(*bn->outputs[5].value), std::vector<float>({0}));

  Node* v1 = Op("v1", "FusedBatchNorm", ConstInputs(Source("x1", DataType::kFloat, {2, 7, 7, 3})), Inference());
  ASSERT_TRUE(Infer(v1).ok());
  EXPECT_EQ(v1->num_outputs(), 5);
  EXPECT_EQ(v1->outputs[0].shape, PartialShape({2, 7, 7, 3}));

  Node* flat = Op("flat", "FusedBatchNormV2", ConstInputs(Source("x2", DataType::kFloat, {-1, 3})), Inference());
  ASSERT_TRUE(Infer(flat).ok());
  EXPECT_EQ(flat->outputs[0].shape, PartialShape({-1, 3}));

  Node* nchw_x = Source("xc", DataType::kFloat, {1, -1, 5, 5});
  AttrMap nchw = Inference();
  nchw["data_format"] = "NCHW";
  Node* c = Op("nchw", "FusedBatchNormV3", ConstInputs(nchw_x), nchw);
  ASSERT_TRUE(Infer(c).ok());
  EXPECT_EQ(c->outputs[0].shape, PartialShape({1, 3, 5, 5}));

  Node* unknown = Op("unknown", "FusedBatchNormV3", ConstInputs(Source("xu", DataType::kFloat,
                                                                       PartialShape::UnknownRank())),
                     Inference());
  ASSERT_TRUE(Infer(unknown).ok());
  EXPECT_FALSE(unknown->outputs[0].shape.known_rank());
  EXPECT_EQ(unknown->outputs[1].shape, PartialShape({3}));
}

TEST_F(BatchNormOpsTest, ShapeErrorsNameTheNodeAndTheInput) {
  absl::Status s = Infer(Op("wide", "FusedBatchNormV3", ConstInputs(Source("x", DataType::kFloat, {1, 2, 2, 4})),
                            Inference()));
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'wide' (FusedBatchNormV3)"), std::string::npos) << s;
  EXPECT_NE(s.message().find("scale has 3 entries"), std::string::npos) << s;

  std::vector<Node*> in = ConstInputs(Source("x2", DataType::kFloat, {1, 2, 2, 3}));
  in[3] = Vec("mean5", {0, 0, 0, 0, 0});
  s = Infer(Op("badmean", "FusedBatchNormV3", in, Inference()));
  EXPECT_NE(s.message().find("mean has 5 entries"), std::string::npos) << s;

  AttrMap nchw = Inference();
  nchw["data_format"] = "NCHW";
  s = Infer(Op("rank3", "FusedBatchNormV3", ConstInputs(Source("x3", DataType::kFloat, {1, 3, 5})), nchw));
  EXPECT_NE(s.message().find("rank 4 for data_format NCHW"), std::string::npos) << s;
  s = Infer(Op("rank1", "FusedBatchNormV3", ConstInputs(Source("x4", DataType::kFloat, {3})), Inference()));
  EXPECT_NE(s.message().find("rank >= 2"), std::string::npos) << s;
  AttrMap bad = Inference();
  bad["data_format"] = "HWCN";
  s = Infer(Op("fmt", "FusedBatchNormV3", ConstInputs(Source("x5", DataType::kFloat, {1, 3})), bad));
  EXPECT_NE(s.message().find("HWCN"), std::string::npos) << s;
  s = Infer(Op("four", "FusedBatchNormV3", {Source("x6", DataType::kFloat, {1, 3}), Vec("a", kScale),
                                            Vec("b", kScale), Vec("c", kScale)},
               Inference()));
  EXPECT_NE(s.message().find("expects 5 inputs"), std::string::npos) << s;
}

TEST_F(BatchNormOpsTest, TrainingModeInfersWithEmptyStatistics) {
  // Keras' training graphs feed empty mean/variance; TF checks them only for a running average.
  std::vector<Node*> in = ConstInputs(Source("x", DataType::kFloat, {-1, 4, 4, 3}));
  in[3] = Vec("empty_mean", {});
  in[4] = Vec("empty_variance", {});
  Node* bn = Op("train", "FusedBatchNormV3", in, {{"epsilon", 0.001f}});  // is_training defaults to true
  ASSERT_TRUE(Infer(bn).ok());
  EXPECT_EQ(bn->outputs[1].shape, PartialShape({3}));
  bn->attrs["exponential_avg_factor"] = 0.5f;
  EXPECT_FALSE(Infer(bn).ok());
}

TEST_F(BatchNormOpsTest, HalfInfersButIsNotEvaluatedOrLowered) {
  Node* x = Source("x", DataType::kHalf, {1, 2, 2, 3});
  Node* bn = Op("half", "FusedBatchNormV3", ConstInputs(x), Inference());
  ASSERT_TRUE(Infer(bn).ok());
  EXPECT_EQ(bn->outputs[0].dtype, DataType::kHalf);
  EXPECT_EQ(bn->outputs[1].dtype, DataType::kFloat);  // U
  FakeLoweringContext c(*bn);
  absl::Status s = Reg("FusedBatchNormV3").lower(c);
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;
  EXPECT_NE(s.message().find("'half' (FusedBatchNormV3)"), std::string::npos) << s;
  EXPECT_NE(s.message().find("x is float16"), std::string::npos) << s;
  EXPECT_TRUE(c.ops().empty());
  absl::StatusOr<std::vector<Tensor>> y = Eval(bn, ConstValues(Tensor::Zeros(DataType::kHalf, {1, 2, 2, 3})));
  EXPECT_TRUE(absl::IsUnimplemented(y.status())) << y.status();
}

// ---- reference semantics ------------------------------------------------------------------------------

TEST_F(BatchNormOpsTest, EvaluatesNhwcByHand) {
  Node* bn = Op("bn", "FusedBatchNormV3", ConstInputs(Source("x", DataType::kFloat, {1, 2, 1, 3})), Inference());
  absl::StatusOr<std::vector<Tensor>> out = Eval(bn, ConstValues(Tensor::FromVector<float>({1, 2, 1, 3}, kX)));
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 6u);
  EXPECT_EQ((*out)[0].shape(), std::vector<int64_t>({1, 2, 1, 3}));
  EXPECT_EQ(Floats((*out)[0]), kY);
  EXPECT_EQ(Floats((*out)[1]), kMean);  // batch_mean, batch_variance: the statistics passed through
  EXPECT_EQ(Floats((*out)[2]), kVariance);
  EXPECT_EQ(Floats((*out)[3]), kMean);
  EXPECT_EQ(Floats((*out)[4]), kVariance);
  EXPECT_EQ((*out)[5].rank(), 0);
  EXPECT_EQ(Floats((*out)[5]), std::vector<float>({0}));
}

TEST_F(BatchNormOpsTest, EvaluatesTwoDimensionalDataWithFiveChannels) {
  // variance + 1 = 1, 4, 9, 16, 25; scale / sqrt(.) = 2, 1, 2, -1, 2.
  const std::vector<float> scale = {2, 2, 6, -4, 10}, offset = {0.5f, 0, -1, 2, 0}, mean = {0, 1, 2, 3, 4},
                           variance = {0, 3, 8, 15, 24};
  const std::vector<float> x = {1, 1, 1, 1, 1, -1, 3, 2.5f, 0, 4};
  // Row 0: 1*2+.5, 0, -1*2-1, -2*-1+2, -3*2;  row 1: -1*2+.5, 2*1, .5*2-1, -3*-1+2, 0.
  const std::vector<float> want = {2.5f, 0, -3, 4, -6, -1.5f, 2, 0, 5, 0};
  Node* bn = Op("bn2d", "FusedBatchNormV3",
                {Source("x", DataType::kFloat, {2, 5}), Vec("s", scale), Vec("o", offset), Vec("m", mean),
                 Vec("v", variance)},
                Inference());
  ASSERT_TRUE(Infer(bn).ok());
  absl::StatusOr<std::vector<Tensor>> out =
      Eval(bn, {Tensor::FromVector<float>({2, 5}, x), Tensor::FromVector<float>({5}, scale),
                Tensor::FromVector<float>({5}, offset), Tensor::FromVector<float>({5}, mean),
                Tensor::FromVector<float>({5}, variance)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Floats((*out)[0]), want);
}

TEST_F(BatchNormOpsTest, EvaluatesNchwAlongDimensionOne) {
  AttrMap nchw = Inference();
  nchw["data_format"] = "NCHW";
  Node* bn = Op("bn", "FusedBatchNorm", ConstInputs(Source("x", DataType::kFloat, {1, 3, 1, 2})), nchw);
  // kX's pixels transposed to channel planes: c0 {5, -1}, c1 {2, 4}, c2 {3, -9}.
  absl::StatusOr<std::vector<Tensor>> out =
      Eval(bn, ConstValues(Tensor::FromVector<float>({1, 3, 1, 2}, {5, -1, 2, 4, 3, -9})));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->size(), 5u);
  EXPECT_EQ(Floats((*out)[0]), std::vector<float>({5, -1, 0, -2, -1, -3}));
}

TEST_F(BatchNormOpsTest, EmptyBatchGivesNanStatistics) {
  Node* bn = Op("bn", "FusedBatchNormV3", ConstInputs(Source("x", DataType::kFloat, {0, 2, 2, 3})), Inference());
  absl::StatusOr<std::vector<Tensor>> out = Eval(bn, ConstValues(Tensor::Zeros(DataType::kFloat, {0, 2, 2, 3})));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].NumElements(), 0);
  for (float v : Floats((*out)[1])) EXPECT_TRUE(std::isnan(v));
  for (float v : Floats((*out)[2])) EXPECT_TRUE(std::isnan(v));
}

TEST_F(BatchNormOpsTest, EvaluationRefusesTrainingModeAndMismatchedVectors) {
  Node* train = Op("train", "FusedBatchNormV3", ConstInputs(Source("x", DataType::kFloat, {1, 2, 1, 3})),
                   {{"is_training", true}});
  absl::StatusOr<std::vector<Tensor>> out = Eval(train, ConstValues(Tensor::FromVector<float>({1, 2, 1, 3}, kX)));
  EXPECT_TRUE(absl::IsUnimplemented(out.status())) << out.status();
  EXPECT_NE(out.status().message().find("training mode cannot be converted; export the model for inference"),
            std::string::npos)
      << out.status();

  Node* bn = Op("bn", "FusedBatchNormV3", ConstInputs(Source("x2", DataType::kFloat, {1, 3, 1, 2})), Inference());
  out = Eval(bn, ConstValues(Tensor::FromVector<float>({1, 3, 1, 2}, {5, -1, 2, 4, 3, -9})));  // 2 channels
  EXPECT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("'bn' (FusedBatchNormV3)"), std::string::npos) << out.status();
}

// ---- lowering -----------------------------------------------------------------------------------------

TEST_F(BatchNormOpsTest, ConstantStatisticsFoldIntoMulAndAdd) {
  Node* x = Source("x", DataType::kFloat, {1, 2, 1, 3});
  Node* bn = Op("bn", "FusedBatchNormV3", ConstInputs(x), Inference());
  ASSERT_TRUE(Infer(bn).ok());
  FakeLoweringContext c(*bn);
  absl::Status s = Reg("FusedBatchNormV3").lower(c);
  ASSERT_TRUE(s.ok()) << s;
  ASSERT_EQ(c.ops().size(), 2u);
  EXPECT_EQ(c.BuiltinCode(0), BuiltinOperator::MUL);
  EXPECT_EQ(c.BuiltinCode(1), BuiltinOperator::ADD);
  const TflOperator& mul = c.ops()[0];
  const TflOperator& add = c.ops()[1];
  EXPECT_EQ(mul.inputs[0], c.input_tensor_if_created(0));
  // m = scale / sqrt(variance + 1) = {1, -1, 1/6}; s = offset - mean * m = {0, 2, -1.5}.
  EXPECT_EQ(c.ConstData<float>(mul.inputs[1]), std::vector<float>({1, -1, static_cast<float>(1.0 / 6)}));
  EXPECT_EQ(c.ConstData<float>(add.inputs[1]), std::vector<float>({0, 2, -1.5f}));
  EXPECT_EQ(add.inputs[0], mul.outputs[0]);
  ASSERT_TRUE(c.OutputTensor(0).ok());
  EXPECT_EQ(add.outputs[0], *c.OutputTensor(0));
  ASSERT_NE(mul.builtin_options.AsMulOptions(), nullptr);
  EXPECT_EQ(mul.builtin_options.AsMulOptions()->fused_activation_function, tflite::ActivationFunctionType::NONE);
  ASSERT_NE(add.builtin_options.AsAddOptions(), nullptr);
  EXPECT_EQ(c.tensor(mul.outputs[0]).shape, std::vector<int32_t>({1, 2, 1, 3}));

  // Outputs 1..4 are the mean and variance tensors; nothing is computed for them.
  EXPECT_EQ(c.forwarded(1), c.input_tensor_if_created(3));
  EXPECT_EQ(c.forwarded(2), c.input_tensor_if_created(4));
  EXPECT_EQ(c.forwarded(3), c.input_tensor_if_created(3));
  EXPECT_EQ(c.forwarded(4), c.input_tensor_if_created(4));
  EXPECT_EQ(c.ConstData<float>(c.forwarded(1)), kMean);
  EXPECT_EQ(c.forwarded(5), -1);  // reserve_space_3 is a known constant from inference

  ExpectNear(RunLowered(c, {{c.input_tensor_if_created(0), Tensor::FromVector<float>({1, 2, 1, 3}, kX)}},
                        add.outputs[0]),
             kY, 1e-6f);
}

TEST_F(BatchNormOpsTest, FoldMatchesTheFormulaForTypicalEpsilonAndOddChannels) {
  // A Keras-like layer: epsilon 0.001, seven channels, an NHWC image of 2x3 pixels.
  const int64_t kC = 7;
  std::vector<float> scale, offset, mean, variance, x;
  for (int i = 0; i < kC; ++i) {
    scale.push_back(0.5f + 0.25f * i);
    offset.push_back(-1.0f + 0.3f * i);
    mean.push_back(0.1f * i - 0.2f);
    variance.push_back(0.05f + 0.4f * i);
  }
  for (int i = 0; i < 2 * 3 * kC; ++i) x.push_back(0.1f * (i % 17) - 0.5f);
  std::vector<float> want;
  for (size_t i = 0; i < x.size(); ++i) {
    const size_t ch = i % kC;
    want.push_back(static_cast<float>((double{x[i]} - mean[ch]) * scale[ch] /
                                          std::sqrt(double{variance[ch]} + double{0.001f}) +
                                      offset[ch]));
  }
  Node* bn = Op("bn", "FusedBatchNormV3",
                {Source("x", DataType::kFloat, {1, 2, 3, kC}), Vec("s", scale), Vec("o", offset), Vec("m", mean),
                 Vec("v", variance)},
                Inference(0.001f));
  ASSERT_TRUE(Infer(bn).ok());
  absl::StatusOr<std::vector<Tensor>> ref =
      Eval(bn, {Tensor::FromVector<float>({1, 2, 3, kC}, x), Tensor::FromVector<float>({kC}, scale),
                Tensor::FromVector<float>({kC}, offset), Tensor::FromVector<float>({kC}, mean),
                Tensor::FromVector<float>({kC}, variance)});
  ASSERT_TRUE(ref.ok()) << ref.status();
  ExpectNear(Floats((*ref)[0]), want, 1e-6f);

  FakeLoweringContext c(*bn);
  ASSERT_TRUE(Reg("FusedBatchNormV3").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 2u);
  ExpectNear(RunLowered(c, {{c.input_tensor_if_created(0), Tensor::FromVector<float>({1, 2, 3, kC}, x)}},
                        c.ops()[1].outputs[0]),
             want, 2e-6f);
}

TEST_F(BatchNormOpsTest, TwoDimensionalInputLowersTheSameWay) {
  Node* bn = Op("bn", "FusedBatchNormV2", ConstInputs(Source("x", DataType::kFloat, {2, 3})), Inference());
  ASSERT_TRUE(Infer(bn).ok());
  FakeLoweringContext c(*bn);
  ASSERT_TRUE(Reg("FusedBatchNormV2").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 2u);
  ExpectNear(RunLowered(c, {{c.input_tensor_if_created(0), Tensor::FromVector<float>({2, 3}, kX)}},
                        c.ops()[1].outputs[0]),
             kY, 1e-6f);
}

TEST_F(BatchNormOpsTest, VariableStatisticsUseTheGeneralForm) {
  // mean and variance are activations (not frozen); scale and offset constant.
  Node* x = Source("x", DataType::kFloat, {1, 2, 1, 3});
  Node* mean = Source("mean", DataType::kFloat, {3});
  Node* variance = Source("variance", DataType::kFloat, {3});
  Node* bn = Op("bn", "FusedBatchNorm", {x, Vec("scale", kScale), Vec("offset", kOffset), mean, variance},
                Inference());
  ASSERT_TRUE(Infer(bn).ok());
  FakeLoweringContext c(*bn);
  absl::Status s = Reg("FusedBatchNorm").lower(c);
  ASSERT_TRUE(s.ok()) << s;
  const std::vector<BuiltinOperator> want = {BuiltinOperator::ADD, BuiltinOperator::RSQRT, BuiltinOperator::MUL,
                                             BuiltinOperator::SUB, BuiltinOperator::MUL, BuiltinOperator::ADD};
  ASSERT_EQ(c.ops().size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(c.BuiltinCode(i), want[i]) << i;
  EXPECT_EQ(c.ConstData<float>(c.ops()[0].inputs[1]), std::vector<float>({1}));  // epsilon
  EXPECT_EQ(c.ops()[0].inputs[0], c.input_tensor_if_created(4));
  EXPECT_EQ(c.ops()[3].inputs, std::vector<int32_t>({c.input_tensor_if_created(0), c.input_tensor_if_created(3)}));
  EXPECT_EQ(c.forwarded(1), c.input_tensor_if_created(3));
  EXPECT_EQ(c.forwarded(2), c.input_tensor_if_created(4));

  ExpectNear(RunLowered(c,
                        {{c.input_tensor_if_created(0), Tensor::FromVector<float>({1, 2, 1, 3}, kX)},
                         {c.input_tensor_if_created(3), Tensor::FromVector<float>({3}, kMean)},
                         {c.input_tensor_if_created(4), Tensor::FromVector<float>({3}, kVariance)}},
                        c.ops()[5].outputs[0]),
             kY, 1e-6f);
}

TEST_F(BatchNormOpsTest, TrainingModeIsRefusedWithTheReason) {
  Node* bn = Op("bn", "FusedBatchNormV3", ConstInputs(Source("x", DataType::kFloat, {1, 2, 1, 3})),
                {{"epsilon", 0.001f}, {"exponential_avg_factor", 0.01f}});  // is_training absent: true
  ASSERT_TRUE(Infer(bn).ok());
  FakeLoweringContext c(*bn);
  absl::Status s = Reg("FusedBatchNormV3").lower(c);
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;
  EXPECT_NE(s.message().find("'bn' (FusedBatchNormV3)"), std::string::npos) << s;
  EXPECT_NE(s.message().find("FusedBatchNorm in training mode cannot be converted; export the model for inference"),
            std::string::npos)
      << s;
  EXPECT_TRUE(c.ops().empty());
}

TEST_F(BatchNormOpsTest, NchwIsNotLoweredAndSaysWhy) {
  AttrMap nchw = Inference();
  nchw["data_format"] = "NCHW";
  Node* bn = Op("bn_nchw", "FusedBatchNormV3", ConstInputs(Source("x", DataType::kFloat, {1, 3, 4, 4})), nchw);
  ASSERT_TRUE(Infer(bn).ok());
  FakeLoweringContext c(*bn);
  absl::Status s = Reg("FusedBatchNormV3").lower(c);
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;
  EXPECT_NE(s.message().find("'bn_nchw' (FusedBatchNormV3)"), std::string::npos) << s;
  EXPECT_NE(s.message().find("NCHW"), std::string::npos) << s;
  EXPECT_NE(s.message().find("channels-last"), std::string::npos) << s;
  EXPECT_TRUE(c.ops().empty());
}

}  // namespace
}  // namespace tfconv
