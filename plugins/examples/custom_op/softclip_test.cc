#include "plugins/examples/custom_op/softclip.h"

#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "flatbuffers/flexbuffers.h"
#include "gtest/gtest.h"
#include "ops/op_registry.h"
#include "runtime_check/interpreter/interpreter.h"

namespace example {
namespace {

using tfconv::DataType;
using tfconv::Node;
using tfconv::PartialShape;
using tfconv::Tensor;

// An independent form of c * tanh(x / c): tanh(u) = 1 - 2 / (exp(2u) + 1), in double.
double Analytic(double x, double c) { return c * (1.0 - 2.0 / (std::exp(2.0 * x / c) + 1.0)); }

// Records the custom ops a lowering emits. TF input i is TFLite tensor 100 + i, output i is 200 + i.
class RecordingLowering : public tfconv::LoweringContext {
 public:
  struct CustomOp {
    std::string code;
    std::vector<int32_t> inputs, outputs;
    std::vector<uint8_t> options;
  };
  explicit RecordingLowering(const Node& node) : node_(node) {}
  const Node& node() const override { return node_; }
  const tfconv::LoweringOptions& options() const override { return options_; }
  absl::StatusOr<int32_t> InputTensor(int i) override { return 100 + i; }
  absl::StatusOr<int32_t> OutputTensor(int i) override { return 200 + i; }
  absl::Status ForwardOutput(int, int32_t) override {
    ++other_calls;
    return absl::OkStatus();
  }
  int32_t AddConstTensor(const Tensor&, absl::string_view) override { return 300 + other_calls++; }
  int32_t AddTensor(DataType, const PartialShape&, absl::string_view) override {
    return 400 + other_calls++;
  }
  void AddBuiltinOp(tflite::BuiltinOperator, std::vector<int32_t>, std::vector<int32_t>,
                    tflite::BuiltinOptionsUnion) override {
    ++other_calls;
  }
  void AddCustomOp(const std::string& code, std::vector<int32_t> inputs,
                   std::vector<int32_t> outputs, std::vector<uint8_t> options) override {
    custom_ops.push_back({code, std::move(inputs), std::move(outputs), std::move(options)});
  }
  tfconv::TflTensor& tensor(int32_t) override { return scratch_; }

  std::vector<CustomOp> custom_ops;
  int other_calls = 0;

 private:
  const Node& node_;
  tfconv::LoweringOptions options_;
  tfconv::TflTensor scratch_;
};

class SoftClipTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_.BeginPlugin("example.softclip", /*may_override=*/false);
    RegisterSoftClipOp(registry_);
    ASSERT_TRUE(registry_.EndPlugin().ok());
    reg_ = registry_.Find("SoftClip");
    ASSERT_NE(reg_, nullptr);
  }

  // "clip" = SoftClip(x), x a placeholder of `type` and `shape`; `c` set unless nullopt.
  Node* MakeNode(DataType type, PartialShape shape, std::optional<tfconv::AttrValue> c) {
    Node* x = graph_.AddNode(graph_.UniqueName("x"), "Placeholder");
    x->EnsureOutputs(1);
    x->outputs[0].dtype = type;
    x->outputs[0].shape = std::move(shape);
    Node* n = graph_.AddNode(graph_.UniqueName("clip"), "SoftClip");
    n->AddInput({x, 0});
    if (c.has_value()) n->attrs["c"] = *c;
    return n;
  }

  tfconv::OpRegistry registry_;
  const tfconv::OpRegistration* reg_ = nullptr;
  tfconv::Graph graph_;
};

TEST(SoftClipFunction, MatchesHandComputedValues) {
  // 2 * tanh(1) and 2 * tanh(0.5), from tanh(1) = 0.76159415595576..., tanh(0.5) = 0.46211715726001...
  EXPECT_NEAR(SoftClip(2.0f, 2.0f), 1.5231883119115, 1e-6);
  EXPECT_NEAR(SoftClip(1.0f, 2.0f), 0.9242343145200, 1e-6);
  EXPECT_NEAR(SoftClip(-1.0f, 2.0f), -0.9242343145200, 1e-6);
  EXPECT_EQ(SoftClip(0.0f, 3.0f), 0.0f);
}

TEST(SoftClipFunction, IdentityNearZeroAndSaturatesAtC) {
  EXPECT_NEAR(SoftClip(1e-3f, 4.0f), 1e-3f, 1e-9);  // slope 1 at 0
  EXPECT_NEAR(SoftClip(1e4f, 4.0f), 4.0f, 1e-6);
  EXPECT_NEAR(SoftClip(-1e4f, 4.0f), -4.0f, 1e-6);
  for (float x : {-100.0f, -7.5f, -0.1f, 0.1f, 7.5f, 100.0f}) {
    EXPECT_LE(std::fabs(SoftClip(x, 0.5f)), 0.5f) << x;
    EXPECT_EQ(SoftClip(-x, 0.5f), -SoftClip(x, 0.5f)) << x;  // odd
  }
}

TEST_F(SoftClipTest, RegistersTheOpForThePlugin) {
  EXPECT_EQ(reg_->plugin_id, "example.softclip");
  EXPECT_TRUE(reg_->evaluate);
  EXPECT_TRUE(reg_->lower);
  EXPECT_EQ(reg_->tflite_ops, std::vector<std::string>{"CUSTOM:SoftClip"});
}

TEST_F(SoftClipTest, InferKeepsTypeAndPartialShape) {
  Node* n = MakeNode(DataType::kFloat, PartialShape({2, -1, 3}), tfconv::AttrValue(2.5f));
  tfconv::InferenceContext ctx(*n);
  ASSERT_TRUE(reg_->infer(ctx).ok());
  ASSERT_EQ(n->num_outputs(), 1);
  EXPECT_EQ(n->outputs[0].dtype, DataType::kFloat);
  EXPECT_EQ(n->outputs[0].shape, PartialShape({2, -1, 3}));

  Node* unranked = MakeNode(DataType::kFloat, PartialShape::UnknownRank(), std::nullopt);
  tfconv::InferenceContext ctx2(*unranked);
  ASSERT_TRUE(reg_->infer(ctx2).ok());
  EXPECT_FALSE(unranked->outputs[0].shape.known_rank());
}

TEST_F(SoftClipTest, InferRejectsBadNodesNamingThem) {
  struct Case {
    DataType type;
    std::optional<tfconv::AttrValue> c;
    std::string message;
  };
  const std::vector<Case> cases = {
      {DataType::kInt32, tfconv::AttrValue(1.0f), "SoftClip takes a float32 input, got int32"},
      {DataType::kFloat, tfconv::AttrValue(0.0f), "attribute 'c' must be a finite number > 0, got 0"},
      {DataType::kFloat, tfconv::AttrValue(-2.0f), "attribute 'c' must be a finite number > 0, got -2"},
      {DataType::kFloat, tfconv::AttrValue(int64_t{2}), "attribute 'c' must be a float, got 2"},
  };
  for (const Case& k : cases) {
    Node* n = MakeNode(k.type, PartialShape({4}), k.c);
    tfconv::InferenceContext ctx(*n);
    absl::Status s = reg_->infer(ctx);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(s.message(), "node '" + n->name() + "' (SoftClip): " + k.message);
  }
  Node* two = MakeNode(DataType::kFloat, PartialShape({4}), std::nullopt);
  two->AddInput(two->inputs[0]);
  tfconv::InferenceContext ctx(*two);
  EXPECT_EQ(reg_->infer(ctx).message(), "node '" + two->name() + "' (SoftClip): SoftClip takes 1 input, got 2");
}

TEST_F(SoftClipTest, EvaluateMatchesTheAnalyticFormula) {
  Node* n = MakeNode(DataType::kFloat, PartialShape({2, 3}), tfconv::AttrValue(2.5f));
  const std::vector<float> xs = {-10.0f, -2.5f, -0.3f, 0.0f, 1.25f, 40.0f};
  std::vector<Tensor> inputs = {Tensor::FromVector<float>({2, 3}, xs)};
  tfconv::EvalContext ctx(*n, inputs);
  absl::StatusOr<std::vector<Tensor>> out = reg_->evaluate(ctx);
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 1u);
  const Tensor& y = (*out)[0];
  EXPECT_EQ(y.dtype(), DataType::kFloat);
  EXPECT_EQ(y.shape(), (std::vector<int64_t>{2, 3}));
  for (size_t i = 0; i < xs.size(); ++i) {
    EXPECT_NEAR(y.data<float>()[i], Analytic(xs[i], 2.5), 1e-6) << "x = " << xs[i];
  }
}

TEST_F(SoftClipTest, EvaluateUsesCOneWhenTheAttributeIsAbsent) {
  Node* n = MakeNode(DataType::kFloat, PartialShape({2}), std::nullopt);
  std::vector<Tensor> inputs = {Tensor::FromVector<float>({2}, {1.0f, -3.0f})};
  tfconv::EvalContext ctx(*n, inputs);
  absl::StatusOr<std::vector<Tensor>> out = reg_->evaluate(ctx);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_NEAR((*out)[0].data<float>()[0], 0.7615941559558, 1e-6);   // tanh(1)
  EXPECT_NEAR((*out)[0].data<float>()[1], -0.9950547536867, 1e-6);  // tanh(-3)
}

TEST_F(SoftClipTest, EvaluateRejectsNonFloatTensors) {
  Node* n = MakeNode(DataType::kFloat, PartialShape({2}), tfconv::AttrValue(1.0f));
  std::vector<Tensor> inputs = {Tensor::FromVector<int32_t>({2}, {1, 2})};
  tfconv::EvalContext ctx(*n, inputs);
  EXPECT_EQ(reg_->evaluate(ctx).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(SoftClipTest, LowersToOneCustomOpWithCInAFlexbufferMap) {
  Node* n = MakeNode(DataType::kFloat, PartialShape({1, 8}), tfconv::AttrValue(0.75f));
  RecordingLowering ctx(*n);
  ASSERT_TRUE(reg_->lower(ctx).ok());
  EXPECT_EQ(ctx.other_calls, 0);
  ASSERT_EQ(ctx.custom_ops.size(), 1u);
  const RecordingLowering::CustomOp& op = ctx.custom_ops[0];
  EXPECT_EQ(op.code, "SoftClip");
  EXPECT_EQ(op.inputs, std::vector<int32_t>{100});
  EXPECT_EQ(op.outputs, std::vector<int32_t>{200});
  flexbuffers::Reference root = flexbuffers::GetRoot(op.options.data(), op.options.size());
  ASSERT_TRUE(root.IsMap());
  flexbuffers::Map map = root.AsMap();
  EXPECT_EQ(map.size(), 1u);
  ASSERT_TRUE(map["c"].IsFloat());
  EXPECT_EQ(map["c"].AsFloat(), 0.75f);
}

TEST_F(SoftClipTest, LowerRejectsAnInvalidCBeforeEmittingAnything) {
  Node* n = MakeNode(DataType::kFloat, PartialShape({3}), tfconv::AttrValue(-1.0f));
  RecordingLowering ctx(*n);
  EXPECT_EQ(reg_->lower(ctx).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(ctx.custom_ops.empty());
}

}  // namespace
}  // namespace example

namespace example {
namespace {

// The plugin's interpreter kernel on a one-op model: y = SoftClip(x, c = 2.5) against the analytic form.
TEST(SoftClipKernelTest, RunsInTheReferenceInterpreter) {
  tfconv::TflModel m;
  tfconv::TflSubgraph& g = m.subgraphs.emplace_back();
  const int x = g.AddTensor({.name = "x", .shape = {2, 3}, .has_rank = true});
  const int y = g.AddTensor({.name = "y", .shape = {2, 3}, .has_rank = true});
  tfconv::TflOperator& op = g.operators.emplace_back();
  op.opcode_index = m.CustomOpcodeIndex(kSoftClipCustomCode);
  op.inputs = {x};
  op.outputs = {y};
  op.custom_options = SoftClipCustomOptions(2.5f);
  g.inputs = {x};
  g.outputs = {y};
  tfconv::KernelRegistry kernels;
  kernels.AddCustom(kSoftClipCustomCode, RunSoftClip);
  auto interp = tfconv::Interpreter::Create(std::make_shared<tfconv::TflModel>(std::move(m)), kernels);
  ASSERT_TRUE(interp.ok()) << interp.status();
  const std::vector<float> in = {-9.f, -2.f, -0.1f, 0.f, 1.5f, 40.f};
  tfconv::RtTensor input = tfconv::RtTensor::Make(tflite::TensorType::FLOAT32, {2, 3});
  for (size_t i = 0; i < in.size(); ++i) input.mutable_data<float>()[i] = in[i];
  auto out = (*interp)->Invoke(0, {input});
  ASSERT_TRUE(out.ok()) << out.status();
  for (size_t i = 0; i < in.size(); ++i) {
    EXPECT_NEAR((*out)[0].data<float>()[i], Analytic(in[i], 2.5), 1e-6) << in[i];
  }
}

TEST(SoftClipKernelTest, RefusesBadOptions) {
  tfconv::TflModel m;
  tfconv::TflSubgraph& g = m.subgraphs.emplace_back();
  const int x = g.AddTensor({.name = "x", .shape = {1}, .has_rank = true});
  const int y = g.AddTensor({.name = "y", .shape = {1}, .has_rank = true});
  tfconv::TflOperator& op = g.operators.emplace_back();
  op.opcode_index = m.CustomOpcodeIndex(kSoftClipCustomCode);
  op.inputs = {x};
  op.outputs = {y};
  op.custom_options = {1, 2, 3};  // not a FlexBuffer
  g.inputs = {x};
  g.outputs = {y};
  tfconv::KernelRegistry kernels;
  kernels.AddCustom(kSoftClipCustomCode, RunSoftClip);
  auto interp = tfconv::Interpreter::Create(std::make_shared<tfconv::TflModel>(std::move(m)), kernels);
  ASSERT_TRUE(interp.ok());
  auto out = (*interp)->Invoke(0, {tfconv::RtTensor::Make(tflite::TensorType::FLOAT32, {1})});
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("CUSTOM(SoftClip)"), std::string::npos) << out.status();
}

}  // namespace
}  // namespace example
