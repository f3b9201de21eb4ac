#include "converter/frontend/keras/keras_graph.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

#include "converter/passes/test_ops.h"
#include "runtime_check/evaluator/graph_evaluator.h"

namespace tfconv {
namespace {

using json = nlohmann::json;

// The test ops' Add does not broadcast: inputs have batch 1 and biases shape [1, n].
// A test layer "BiasOnly": y = x + bias (one weight), and "Twice": y = x + x, which the test
// registry provides in place of the real plugins.
absl::Status BuildBiasOnly(KerasLayerContext& c) {
  absl::StatusOr<Tensor> bias = c.Weight("bias");
  if (!bias.ok()) return bias.status();
  absl::StatusOr<Output> y = c.AddOp("add", "Add", {c.input(0), c.Const("bias", *bias)});
  if (!y.ok()) return y.status();
  c.SetOutputs({*y});
  return absl::OkStatus();
}

absl::Status BuildSum(KerasLayerContext& c) {
  if (c.num_inputs() < 1) return c.Error("needs an input");
  Output acc = c.input(0);
  for (int i = 1; i < c.num_inputs(); ++i) {
    absl::StatusOr<Output> y = c.AddOp("add", "Add", {acc, c.input(i)});
    if (!y.ok()) return y.status();
    acc = *y;
  }
  c.SetOutputs({acc});
  return absl::OkStatus();
}

class KerasGraphTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterTestOps(registry_);
    registry_.BeginPlugin("test.keras", false);
    KerasLayerRegistration bias;
    bias.class_name = "BiasOnly";
    bias.build = BuildBiasOnly;
    bias.variable_names = [](const json&) { return std::vector<std::string>{"bias"}; };
    registry_.AddKerasLayer(std::move(bias));
    KerasLayerRegistration sum;
    sum.class_name = "Sum";
    sum.build = BuildSum;
    registry_.AddKerasLayer(std::move(sum));
    KerasLayerRegistration bad;
    bad.class_name = "EmitsUnknownOp";
    bad.build = [](KerasLayerContext& c) -> absl::Status {
      absl::StatusOr<Output> y = c.AddOp("op", "NoSuchOp", {c.input(0)});
      if (!y.ok()) return y.status();
      c.SetOutputs({*y});
      return absl::OkStatus();
    };
    registry_.AddKerasLayer(std::move(bad));
    ASSERT_TRUE(registry_.EndPlugin().ok());
  }

  std::vector<float> Run(const KerasGraph& g, std::vector<float> x, int64_t n) {
    ConversionRequest request;
    request.input_arrays = g.inputs;
    request.output_arrays = g.outputs;
    request.input_shapes = absl::StrCat("1,", n);
    std::shared_ptr<const OpRegistry> borrowed(&registry_, [](const OpRegistry*) {});
    // The graph is moved into the evaluator: rebuild it for each run.
    absl::StatusOr<KerasGraph> fresh = BuildKerasGraph(last_config_, weights_, registry_);
    EXPECT_TRUE(fresh.ok()) << fresh.status();
    absl::StatusOr<std::unique_ptr<GraphEvaluator>> ev =
        GraphEvaluator::FromGraph(std::move(fresh->graph), request, borrowed, "test");
    EXPECT_TRUE(ev.ok()) << ev.status();
    absl::StatusOr<std::vector<Tensor>> out = (*ev)->Evaluate({Tensor::FromVector<float>({1, n}, x)});
    EXPECT_TRUE(out.ok()) << out.status();
    absl::Span<const float> v = (*out)[0].data<float>();
    return std::vector<float>(v.begin(), v.end());
  }

  absl::StatusOr<KerasGraph> Build(const char* text) {
    last_config_ = json::parse(text);
    return BuildKerasGraph(last_config_, weights_, registry_);
  }

  OpRegistry registry_;
  InMemoryKerasWeights weights_;
  json last_config_;
};

constexpr char kSharedLayerModel[] = R"({"class_name": "Functional", "config": {"name": "m", "layers": [
  {"class_name": "InputLayer", "config": {"batch_input_shape": [1, 3], "dtype": "float32", "name": "x"},
   "name": "x", "inbound_nodes": []},
  {"class_name": "BiasOnly", "config": {"name": "b"}, "name": "b",
   "inbound_nodes": [[["x", 0, 0, {}]], [["b", 0, 0, {}]]]},
  {"class_name": "Sum", "config": {"name": "s"}, "name": "s",
   "inbound_nodes": [[["x", 0, 0, {}], ["b", 0, 0, {}], ["b", 1, 0, {}]]]}],
  "input_layers": [["x", 0, 0]], "output_layers": [["s", 0, 0], ["b", 1, 0]]}})";

TEST_F(KerasGraphTest, SharedLayerIsCalledTwiceWithItsWeights) {
  weights_.Set("b", {{"b/bias:0", Tensor::FromVector<float>({1, 3}, {1, 10, 100})}});
  absl::StatusOr<KerasGraph> g = Build(kSharedLayerModel);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->inputs, std::vector<std::string>{"x"});
  EXPECT_EQ(g->output_layers, (std::vector<std::string>{"s", "b"}));
  ASSERT_NE(g->graph.FindNode("b/add"), nullptr);
  ASSERT_NE(g->graph.FindNode("b_call1/add"), nullptr);  // the second call, named apart
  EXPECT_EQ(g->graph.FindNode("b_call1/add")->inputs[0].node->name(), "b/add");
  // x = (1, 2, 3): b(x) = x + bias, b(b(x)) = x + 2 bias, s = 3x + 3 bias.
  std::vector<float> s = Run(*g, {1, 2, 3}, 3);
  EXPECT_EQ(s, (std::vector<float>{6, 36, 309}));
}

TEST_F(KerasGraphTest, Keras3NumberedWeightsAreNamedByTheBuilder) {
  weights_.Set("b", {{"", Tensor::FromVector<float>({1, 3}, {1, 2, 3})}});
  absl::StatusOr<KerasGraph> g = Build(kSharedLayerModel);
  ASSERT_TRUE(g.ok()) << g.status();
  // Two numbered weights for a layer that has one: refused.
  weights_.Set("b", {{"", Tensor::FromVector<float>({1, 3}, {1, 2, 3})}, {"", Tensor::FromVector<float>({1, 3}, {1, 2, 3})}});
  absl::StatusOr<KerasGraph> bad = Build(kSharedLayerModel);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.status().message()).find("has 2 numbered weights"), std::string::npos)
      << bad.status();
}

// A model built on its own InputLayer has an unsaved first call: the outer config calls it node 1.
TEST_F(KerasGraphTest, NestedModelIsInlinedUnderItsName) {
  weights_.Set("inner/b", {{"b/bias:0", Tensor::FromVector<float>({1, 2}, {5, 7})}});
  absl::StatusOr<KerasGraph> g = Build(R"({"class_name": "Functional", "config": {"name": "outer", "layers": [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [1, 2], "name": "in"}, "name": "in",
     "inbound_nodes": []},
    {"class_name": "Sequential", "config": {"name": "inner", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [1, 2], "name": "inner_in"}},
        {"class_name": "BiasOnly", "config": {"name": "b"}}]},
     "name": "inner", "inbound_nodes": [[["in", 0, 0, {}]]]}],
    "input_layers": [["in", 0, 0]], "output_layers": [["inner", 1, 0]]}})");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_NE(g->graph.FindNode("inner/b/add"), nullptr);
  EXPECT_EQ(Run(*g, {1, 2}, 2), (std::vector<float>{6, 9}));
}

TEST_F(KerasGraphTest, ErrorsNameLayerClassAndRemedy) {
  // No weights at all for a layer that needs one.
  absl::StatusOr<KerasGraph> missing = Build(kSharedLayerModel);
  ASSERT_FALSE(missing.ok());
  std::string m(missing.status().message());
  EXPECT_NE(m.find("layer 'b' (BiasOnly) needs weight 'bias'"), std::string::npos) << m;

  absl::StatusOr<KerasGraph> lambda = Build(R"({"class_name": "Sequential", "config": {"name": "s", "layers": [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [1, 2], "name": "in"}},
    {"class_name": "Lambda", "config": {"name": "my_lambda", "function": "..."}}]}})");
  ASSERT_FALSE(lambda.ok());
  EXPECT_EQ(lambda.status().code(), absl::StatusCode::kUnimplemented);
  m = std::string(lambda.status().message());
  EXPECT_NE(m.find("'my_lambda' (Lambda)"), std::string::npos) << m;
  EXPECT_NE(m.find("plugin"), std::string::npos) << m;

  absl::StatusOr<KerasGraph> custom = Build(R"({"class_name": "Sequential", "config": {"name": "s", "layers": [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [1, 2], "name": "in"}},
    {"class_name": "MyScale", "config": {"name": "scale"}}]}})");
  ASSERT_FALSE(custom.ok());
  EXPECT_NE(std::string(custom.status().message()).find("Keras layer builder for class MyScale"), std::string::npos)
      << custom.status();

  absl::StatusOr<KerasGraph> unknown_op = Build(R"({"class_name": "Sequential", "config": {"name": "s", "layers": [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [1, 2], "name": "in"}},
    {"class_name": "EmitsUnknownOp", "config": {"name": "e"}}]}})");
  ASSERT_FALSE(unknown_op.ok());
  EXPECT_NE(std::string(unknown_op.status().message()).find("NoSuchOp"), std::string::npos) << unknown_op.status();

  absl::StatusOr<KerasGraph> dangling = Build(R"({"class_name": "Functional", "config": {"name": "m", "layers": [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [1, 3], "name": "x"}, "name": "x",
     "inbound_nodes": []},
    {"class_name": "Sum", "config": {"name": "s"}, "name": "s", "inbound_nodes": [[["ghost", 0, 0, {}]]]}],
    "input_layers": [["x", 0, 0]], "output_layers": [["s", 0, 0]]}})");
  ASSERT_FALSE(dangling.ok());
  EXPECT_NE(std::string(dangling.status().message()).find("never produced"), std::string::npos) << dangling.status();
}

}  // namespace
}  // namespace tfconv
