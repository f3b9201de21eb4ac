// The evaluator on hand-made graphs whose results are worked out in the comments, with the
// built-in plugins (and stand-in ops for the cases no built-in plugin has).
#include "runtime_check/evaluator/graph_evaluator.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numeric>

#include "converter/passes/test_ops.h"
#include "gtest/gtest.h"
#include "ops/plugin_loader.h"
#include "runtime_check/evaluator/input_feeds.h"

namespace tfconv {
namespace {

std::string Runfile(const std::string& path) {
  const char* dir = std::getenv("TEST_SRCDIR");
  return std::string(dir != nullptr ? dir : ".") + "/tfconv/" + path;
}

// The built-in plugins, loaded once for the whole test.
const OpRegistry& BuiltinPlugins() {
  static const OpRegistry* registry = [] {
    auto* r = new OpRegistry();
    PluginSearchOptions o;
    o.plugin_dirs = {Runfile("plugins")};
    o.search_environment = o.search_runfiles = o.search_executable_dir = false;
    absl::StatusOr<PluginLoadReport> report = LoadAllPlugins(o, *r, /*strict=*/true);
    EXPECT_TRUE(report.ok()) << report.status();
    return r;
  }();
  return *registry;
}

std::string WriteGraph(const std::string& name, const std::string& text) {
  const char* dir = std::getenv("TEST_TMPDIR");
  std::string path = std::string(dir != nullptr ? dir : "/tmp") + "/" + name + ".pbtxt";
  std::ofstream(path) << text;
  return path;
}

std::string Placeholder(const std::string& name, const std::string& dtype, const std::string& dims) {
  return "node { name: '" + name + "' op: 'Placeholder' attr { key: 'dtype' value { type: " + dtype +
         " } } attr { key: 'shape' value { shape { " + dims + " } } } }\n";
}

std::string FloatConst(const std::string& name, const std::string& dims, const std::string& values) {
  return "node { name: '" + name + "' op: 'Const' attr { key: 'dtype' value { type: DT_FLOAT } } attr { key: 'value' "
         "value { tensor { dtype: DT_FLOAT tensor_shape { " + dims + " } " + values + " } } } }\n";
}

std::string Op(const std::string& name, const std::string& op, const std::vector<std::string>& inputs,
               const std::string& type = "DT_FLOAT", const std::string& extra = "") {
  std::string s = "node { name: '" + name + "' op: '" + op + "' ";
  for (const std::string& in : inputs) s += "input: '" + in + "' ";
  return s + "attr { key: 'T' value { type: " + type + " } } " + extra + "}\n";
}

// y = Relu(x * w + (two + three)), x float [2,3], w = [1 -2 .5]; m = x * w is output too.
// two + three depends on no input: the passes fold it to 5.
std::string AffineGraph() {
  return Placeholder("x", "DT_FLOAT", "dim { size: 2 } dim { size: 3 }") +
         FloatConst("w", "dim { size: 3 }", "float_val: 1 float_val: -2 float_val: 0.5") +
         FloatConst("two", "", "float_val: 2") + FloatConst("three", "", "float_val: 3") +
         Op("five", "AddV2", {"two", "three"}) + Op("m", "Mul", {"x", "w"}) + Op("s", "AddV2", {"m", "five"}) +
         Op("y", "Relu", {"s"});
}

std::vector<float> Floats(const Tensor& t) { return {t.data<float>().begin(), t.data<float>().end()}; }

std::unique_ptr<GraphEvaluator> MustCreate(const ConversionRequest& request) {
  absl::StatusOr<std::unique_ptr<GraphEvaluator>> ev = GraphEvaluator::Create(request, BuiltinPlugins());
  EXPECT_TRUE(ev.ok()) << ev.status();
  return ev.ok() ? *std::move(ev) : nullptr;
}

TEST(GraphEvaluatorTest, AffineGraphByHand) {
  ConversionRequest request;
  request.graph_def_file = WriteGraph("affine", AffineGraph());
  request.input_arrays = {"x"};
  request.output_arrays = {"y", "m"};
  std::unique_ptr<GraphEvaluator> ev = MustCreate(request);
  ASSERT_NE(ev, nullptr);
  ASSERT_EQ(ev->inputs().size(), 1u);
  EXPECT_EQ(ev->inputs()[0].name, "x");
  EXPECT_EQ(ev->inputs()[0].dtype, DataType::kFloat);
  EXPECT_EQ(ev->inputs()[0].shape, PartialShape({2, 3}));
  ASSERT_EQ(ev->outputs().size(), 2u);
  EXPECT_EQ(ev->outputs()[0].name, "y");
  EXPECT_EQ(ev->outputs()[1].name, "m");
  EXPECT_TRUE(ev->unevaluable().empty());
  EXPECT_EQ(ev->num_evaluated_nodes(), 3);  // m, s, y; five was folded

  // x = [[1 2 3] [4 5 6]]: m = [[1 -4 1.5] [4 -10 3]], m + 5 = [[6 1 6.5] [9 -5 8]].
  absl::StatusOr<std::vector<Tensor>> out =
      ev->Evaluate({Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6})});
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 2u);
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(Floats((*out)[0]), (std::vector<float>{6, 1, 6.5, 9, 0, 8}));
  EXPECT_EQ(Floats((*out)[1]), (std::vector<float>{1, -4, 1.5, 4, -10, 3}));

  // The same evaluator on another input: the placeholder was not baked in. x = -x0: m + 5 =
  // [[4 9 3.5] [1 15 2]].
  out = ev->Evaluate({Tensor::FromVector<float>({2, 3}, {-1, -2, -3, -4, -5, -6})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Floats((*out)[0]), (std::vector<float>{4, 9, 3.5, 1, 15, 2}));
}

TEST(GraphEvaluatorTest, FeedsAreChecked) {
  ConversionRequest request;
  request.graph_def_file = WriteGraph("affine_feeds", AffineGraph());
  request.output_arrays = {"y"};
  std::unique_ptr<GraphEvaluator> ev = MustCreate(request);
  ASSERT_NE(ev, nullptr);
  auto error = [&](std::vector<Tensor> in) { return std::string(ev->Evaluate(in).status().message()); };
  const std::string file = request.graph_def_file + ": ";
  EXPECT_EQ(error({}), file + "the graph has 1 input(s), 0 given");
  EXPECT_EQ(error({Tensor::Zeros(DataType::kFloat, {3, 2})}),
            file + "input 'x' (#0) must be float32 [2,3], got float32[3,2]");
  EXPECT_EQ(error({Tensor::Zeros(DataType::kInt32, {2, 3})}),
            file + "input 'x' (#0) must be float32 [2,3], got int32[2,3]");
}

// --input_arrays cuts the graph at m: y = Relu(m + 5) for any m fed.
TEST(GraphEvaluatorTest, InputArraysCutTheGraph) {
  ConversionRequest request;
  request.graph_def_file = WriteGraph("affine_cut", AffineGraph());
  request.input_arrays = {"m"};
  request.input_shapes = "2,3";
  request.output_arrays = {"y"};
  std::unique_ptr<GraphEvaluator> ev = MustCreate(request);
  ASSERT_NE(ev, nullptr);
  EXPECT_EQ(ev->inputs()[0].name, "m");
  EXPECT_EQ(ev->num_evaluated_nodes(), 2);  // s, y
  absl::StatusOr<std::vector<Tensor>> out =
      ev->Evaluate({Tensor::FromVector<float>({2, 3}, {-10, 0, 1, 2, 3, -6})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Floats((*out)[0]), (std::vector<float>{0, 5, 6, 7, 8, 0}));
}

// A placeholder with an unknown dimension takes any size there; the default input makes it 1.
TEST(GraphEvaluatorTest, DynamicDimensionAndDefaultInputs) {
  ConversionRequest request;
  request.graph_def_file = WriteGraph(
      "dynamic", Placeholder("x", "DT_FLOAT", "dim { size: -1 } dim { size: 2 }") + Op("y", "Neg", {"x"}));
  request.output_arrays = {"y"};
  std::unique_ptr<GraphEvaluator> ev = MustCreate(request);
  ASSERT_NE(ev, nullptr);
  absl::StatusOr<std::vector<Tensor>> in = ev->DefaultInputs();
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ((*in)[0].shape(), (std::vector<int64_t>{1, 2}));
  absl::StatusOr<std::vector<Tensor>> out = ev->Evaluate(*in);
  ASSERT_TRUE(out.ok()) << out.status();
  // Default pattern 0.1*i - 0.5 for i = 0, 1 (in float32), negated.
  EXPECT_EQ(Floats((*out)[0]), (std::vector<float>{0.5f, -static_cast<float>(0.1 - 0.5)}));
  out = ev->Evaluate({Tensor::FromVector<float>({3, 2}, {1, 2, 3, 4, 5, 6})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Floats((*out)[0]), (std::vector<float>{-1, -2, -3, -4, -5, -6}));
}

TEST(GraphEvaluatorTest, ObserverSeesEveryNodeInOrder) {
  ConversionRequest request;
  request.graph_def_file = WriteGraph("affine_observer", AffineGraph());
  request.output_arrays = {"y"};
  std::unique_ptr<GraphEvaluator> ev = MustCreate(request);
  ASSERT_NE(ev, nullptr);
  std::vector<std::string> seen;
  float s_first = 0;
  absl::StatusOr<std::vector<Tensor>> out =
      ev->Evaluate({Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6})},
                   [&](const Node& node, absl::Span<const Tensor> values) {
                     seen.push_back(node.name());
                     if (node.name() == "s") s_first = values[0].data<float>()[0];
                   });
  ASSERT_TRUE(out.ok()) << out.status();
  auto pos = [&](const std::string& n) { return std::find(seen.begin(), seen.end(), n) - seen.begin(); };
  ASSERT_EQ(seen.size(), 6u) << testing::PrintToString(seen);  // x, w, m, five, s, y
  EXPECT_LT(pos("x"), pos("m"));
  EXPECT_LT(pos("w"), pos("m"));
  EXPECT_LT(pos("m"), pos("s"));
  EXPECT_LT(pos("five"), pos("s"));
  EXPECT_EQ(seen.back(), "y");
  EXPECT_EQ(s_first, 6);
}

// Nodes that cannot run are listed up front; Evaluate names them all.
TEST(GraphEvaluatorTest, UnknownOpsAreReported) {
  ConversionRequest request;
  request.graph_def_file = WriteGraph("unknown", Placeholder("x", "DT_FLOAT", "dim { size: 2 }") +
                                                     Op("f", "FancyOp", {"x"}) + Op("y", "Relu", {"f"}));
  request.output_arrays = {"y"};
  std::unique_ptr<GraphEvaluator> ev = MustCreate(request);
  ASSERT_NE(ev, nullptr);
  ASSERT_EQ(ev->unevaluable().size(), 1u);
  EXPECT_EQ(ev->unevaluable()[0].node, "f");
  EXPECT_EQ(ev->unevaluable()[0].op, "FancyOp");
  absl::StatusOr<std::vector<Tensor>> out = ev->Evaluate({Tensor::Zeros(DataType::kFloat, {2})});
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(out.status().message(),
            request.graph_def_file +
                ": cannot evaluate 1 node(s): node 'f' (FancyOp): no plugin registers op 'FancyOp'");
}

// Stand-in ops: one without evaluate, one stateful without evaluate. (No built-in op lacks one.)
TEST(GraphEvaluatorTest, OpsWithoutReferenceSemanticsAreReported) {
  auto registry = std::make_shared<OpRegistry>();
  RegisterTestOps(*registry);
  registry->BeginPlugin("test.extra", false);
  for (const char* op : {"NoEval", "StatefulNoEval"}) {
    OpRegistration r;
    r.op = op;
    r.traits = std::string(op) == "NoEval" ? kNoTraits : kStateful;
    r.infer = [](InferenceContext& c) {
      c.set_output(0, c.input_type(0), c.input_shape(0));
      return absl::OkStatus();
    };
    registry->Add(std::move(r));
  }
  ASSERT_TRUE(registry->EndPlugin().ok());
  Graph g;
  Node* x = AddPlaceholder(g, "x", DataType::kFloat, PartialShape({2}));
  Node* a = AddOp(g, "a", "NoEval", {{x, 0}});
  Node* b = AddOp(g, "b", "StatefulNoEval", {{x, 0}});
  AddOp(g, "y", "Add", {{a, 0}, {b, 0}});
  ConversionRequest request;
  request.output_arrays = {"y"};
  absl::StatusOr<std::unique_ptr<GraphEvaluator>> ev = GraphEvaluator::FromGraph(std::move(g), request, registry, "g");
  ASSERT_TRUE(ev.ok()) << ev.status();
  ASSERT_EQ((*ev)->unevaluable().size(), 2u);
  EXPECT_EQ((*ev)->unevaluable()[0].reason, "plugin 'test.extra' gives the op no reference semantics (evaluate)");
  EXPECT_EQ((*ev)->unevaluable()[1].reason,
            "plugin 'test.extra' gives the op no reference semantics (evaluate); it is stateful");
  absl::Status s = (*ev)->Evaluate({Tensor::Zeros(DataType::kFloat, {2})}).status();
  EXPECT_EQ(s.message(),
            "g: cannot evaluate 2 node(s): node 'a' (NoEval): plugin 'test.extra' gives the op no reference "
            "semantics (evaluate); node 'b' (StatefulNoEval): plugin 'test.extra' gives the op no reference "
            "semantics (evaluate); it is stateful");
}

// TF's checks run as TF runs them: Assert (stateful, reached through a control edge) fails on a
// false condition, CheckNumerics on a NaN.
TEST(GraphEvaluatorTest, ChecksRun) {
  ConversionRequest request;
  request.graph_def_file = WriteGraph(
      "checks", Placeholder("x", "DT_FLOAT", "dim { size: 2 }") + Placeholder("ok", "DT_BOOL", "") +
                    "node { name: 'assert' op: 'Assert' input: 'ok' input: 'x' "
                    "attr { key: 'T' value { list { type: DT_FLOAT } } } }\n" +
                    "node { name: 'y' op: 'CheckNumerics' input: 'x' input: '^assert' "
                    "attr { key: 'T' value { type: DT_FLOAT } } attr { key: 'message' value { s: 'x is bad' } } }\n");
  request.input_arrays = {"x", "ok"};
  request.output_arrays = {"y"};
  std::unique_ptr<GraphEvaluator> ev = MustCreate(request);
  ASSERT_NE(ev, nullptr);
  ASSERT_TRUE(ev->unevaluable().empty());
  Tensor x = Tensor::FromVector<float>({2}, {1, 2});
  absl::StatusOr<std::vector<Tensor>> out = ev->Evaluate({x, Tensor::Scalar<bool>(true)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Floats((*out)[0]), (std::vector<float>{1, 2}));
  absl::Status s = ev->Evaluate({x, Tensor::Scalar<bool>(false)}).status();
  EXPECT_NE(s.message().find("node 'assert' (Assert): assertion failed: [1 2]"), std::string::npos) << s;
  s = ev->Evaluate({Tensor::FromVector<float>({2}, {1, NAN}), Tensor::Scalar<bool>(true)}).status();
  EXPECT_NE(s.message().find("node 'y' (CheckNumerics): x is bad : Tensor had NaN values"), std::string::npos) << s;
}

TEST(GraphEvaluatorTest, LoadsItsOwnPluginsFromTheRunfiles) {
  ConversionRequest request;
  request.graph_def_file = WriteGraph("affine_own", AffineGraph());
  request.output_arrays = {"y"};
  PluginSearchOptions plugins;
  plugins.search_environment = false;
  absl::StatusOr<std::unique_ptr<GraphEvaluator>> ev = GraphEvaluator::Create(request, plugins);
  ASSERT_TRUE(ev.ok()) << ev.status();
  EXPECT_TRUE((*ev)->plugin_warnings().empty());
  absl::StatusOr<std::vector<Tensor>> out = (*ev)->Evaluate({Tensor::Zeros(DataType::kFloat, {2, 3})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Floats((*out)[0]), (std::vector<float>(6, 5)));

  plugins.search_runfiles = plugins.search_executable_dir = false;
  ev = GraphEvaluator::Create(request, plugins);
  EXPECT_EQ(ev.status().code(), absl::StatusCode::kNotFound);
}

TEST(GraphEvaluatorTest, ConversionErrorsAreTheConvertersOwn) {
  ConversionRequest request;
  request.graph_def_file = WriteGraph("affine_missing", AffineGraph());
  request.output_arrays = {"nope"};
  absl::StatusOr<std::unique_ptr<GraphEvaluator>> ev = GraphEvaluator::Create(request, BuiltinPlugins());
  EXPECT_FALSE(ev.ok());
  EXPECT_NE(ev.status().message().find("nope"), std::string::npos) << ev.status();
  request.graph_def_file = "/nonexistent/graph.pb";
  EXPECT_FALSE(GraphEvaluator::Create(request, BuiltinPlugins()).ok());
}

// The README's example model: a softmax over 10 classes.
TEST(GraphEvaluatorTest, MnistExample) {
  ConversionRequest request;
  request.graph_def_file = Runfile("examples/mnist_cnn.pbtxt");
  request.input_arrays = {"image"};
  request.input_shapes = "1,28,28,1";
  request.output_arrays = {"probabilities"};
  std::unique_ptr<GraphEvaluator> ev = MustCreate(request);
  ASSERT_NE(ev, nullptr);
  EXPECT_TRUE(ev->unevaluable().empty());
  absl::StatusOr<std::vector<Tensor>> out = ev->Evaluate(ev->DefaultInputs().value());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{1, 10}));
  std::vector<float> p = Floats((*out)[0]);
  EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-5);
  for (float v : p) EXPECT_GT(v, 0);
}

TEST(ArrangeInputsTest, ByNameByPositionAndDefaults) {
  std::vector<EvalTensorSpec> specs = {{"a", "a", DataType::kFloat, PartialShape({2})},
                                       {"b", "b", DataType::kInt32, PartialShape({-1})}};
  auto feeds = [](const char* json) { return ParseTensorsJson(json, "in.json").value(); };
  // By name (":0" ignored), in any order; each source takes the input's dtype.
  absl::StatusOr<std::vector<Tensor>> in =
      ArrangeInputs(specs, feeds(R"([{"name": "b:0", "shape": [3], "data": [1, 2, 3]},
                                     {"name": "a", "data": [7, 8]}])"));
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ((*in)[0].dtype(), DataType::kFloat);
  EXPECT_EQ(Floats((*in)[0]), (std::vector<float>{7, 8}));
  EXPECT_EQ((*in)[1].dtype(), DataType::kInt32);
  EXPECT_EQ((*in)[1].NumElements(), 3);
  // Unknown names: by position; b missing gets the default pattern, its -1 as 1.
  in = ArrangeInputs(specs, feeds(R"([{"name": "other", "data": [7, 8]}])"));
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(Floats((*in)[0]), (std::vector<float>{7, 8}));
  EXPECT_EQ((*in)[1].shape(), (std::vector<int64_t>{1}));
  EXPECT_EQ((*in)[1].data<int32_t>()[0], -3);
  EXPECT_FALSE(ArrangeInputs(specs, feeds(R"([{"name": "p"}, {"name": "q"}, {"name": "r"}])")).ok());
  // A dtype other than the input's, a value the type cannot hold.
  absl::Status s = ArrangeInputs(specs, feeds(R"([{"name": "a", "dtype": "int32", "data": [1, 2]}])")).status();
  EXPECT_NE(s.message().find("input 'a': in.json entry 0 ('a'): dtype int32, but the tensor is float32"),
            std::string::npos) << s;
  s = ArrangeInputs(specs, feeds(R"([{"name": "b", "data": [1.5]}])")).status();
  EXPECT_NE(s.message().find("is not an integer"), std::string::npos) << s;
}

}  // namespace
}  // namespace tfconv
