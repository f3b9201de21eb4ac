#include "converter/lowering/lower_graph.h"

#include "flatbuffers/flexbuffers.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

// Test-only ops: an input, a unary op that lowers to RELU, and a binary op lowering to ADD.
OpRegistry MakeRegistry() {
  OpRegistry r;
  r.BeginPlugin("test", false);
  OpRegistration input;
  input.op = "TestInput";
  input.traits = kGraphInput;
  input.infer = [](InferenceContext&) { return absl::OkStatus(); };
  r.Add(std::move(input));
  InferFn same_as_input = [](InferenceContext& c) {
    c.set_output(0, c.input_type(0), c.input_shape(0));
    return absl::OkStatus();
  };
  OpRegistration relu;
  relu.op = "TestRelu";
  relu.infer = same_as_input;
  relu.lower = [](LoweringContext& c) -> absl::Status {
    auto in = c.InputTensor(0);
    auto out = c.OutputTensor(0);
    if (!in.ok()) return in.status();
    if (!out.ok()) return out.status();
    c.AddBuiltinOp(tflite::BuiltinOperator::RELU, {*in}, {*out});
    return absl::OkStatus();
  };
  r.Add(std::move(relu));
  OpRegistration add;
  add.op = "TestAdd";
  add.infer = [](InferenceContext& c) {
    c.set_output(0, c.input_type(0), c.input_shape(0));
    return absl::OkStatus();
  };
  add.lower = [](LoweringContext& c) -> absl::Status {
    auto a = c.InputTensor(0);
    auto b = c.InputTensor(1);
    auto out = c.OutputTensor(0);
    if (!a.ok() || !b.ok() || !out.ok()) return absl::InternalError("tensor");
    c.AddBuiltinOp(tflite::BuiltinOperator::ADD, {*a, *b}, {*out});
    return absl::OkStatus();
  };
  r.Add(std::move(add));
  OpRegistration picky;
  picky.op = "TestPicky";
  picky.infer = same_as_input;
  picky.lower = [](LoweringContext& c) { return c.Unsupported("only the NHWC layout is supported"); };
  r.Add(std::move(picky));
  EXPECT_TRUE(r.EndPlugin().ok());
  return r;
}

Node* AddInput(Graph& g, const std::string& name) {
  Node* n = g.AddNode(name, "TestInput");
  n->EnsureOutputs(1);
  n->outputs[0].dtype = DataType::kFloat;
  n->outputs[0].shape = PartialShape({-1, 3});
  return n;
}

Node* AddUnary(Graph& g, const std::string& name, const std::string& op, Output in) {
  Node* n = g.AddNode(name, op);
  n->AddInput(in);
  n->EnsureOutputs(1);
  n->outputs[0].dtype = in.node->outputs[in.index].dtype;
  n->outputs[0].shape = in.node->outputs[in.index].shape;
  return n;
}

TEST(LowerGraphTest, EmitsOperatorsTensorsAndSignature) {
  OpRegistry registry = MakeRegistry();
  Graph g;
  Node* x = AddInput(g, "x");
  Node* c = g.AddNode("bias", "Const");
  c->EnsureOutputs(1);
  c->outputs[0].dtype = DataType::kFloat;
  c->outputs[0].shape = PartialShape({3});
  c->outputs[0].value = Tensor::FromVector<float>({3}, {1, 2, 3});
  Node* add = g.AddNode("add", "TestAdd");
  add->AddInput({x, 0});
  add->AddInput({c, 0});
  add->EnsureOutputs(1);
  add->outputs[0].dtype = DataType::kFloat;
  add->outputs[0].shape = PartialShape({-1, 3});
  Node* relu = AddUnary(g, "relu", "TestRelu", {add, 0});

  LoweringRequest req;
  req.inputs = {{"x", {x, 0}}};
  req.outputs = {{"y", {relu, 0}}};
  absl::StatusOr<TflModel> m = LowerGraph(g, registry, req);
  ASSERT_TRUE(m.ok()) << m.status();
  const TflSubgraph& sg = m->subgraphs[0];
  ASSERT_EQ(sg.operators.size(), 2u);
  EXPECT_EQ(m->CodeOf(sg.operators[0]).builtin_code, tflite::BuiltinOperator::ADD);
  EXPECT_EQ(m->CodeOf(sg.operators[1]).builtin_code, tflite::BuiltinOperator::RELU);
  ASSERT_EQ(sg.tensors.size(), 4u);  // x, bias, add, y
  EXPECT_EQ(sg.tensors[sg.inputs[0]].name, "x");
  EXPECT_EQ(sg.tensors[sg.inputs[0]].shape, (std::vector<int32_t>{1, 3}));
  EXPECT_EQ(sg.tensors[sg.inputs[0]].shape_signature, (std::vector<int32_t>{-1, 3}));
  EXPECT_EQ(sg.tensors[sg.outputs[0]].name, "y");
  const TflTensor& bias = sg.tensors[sg.operators[0].inputs[1]];
  EXPECT_EQ(bias.name, "bias");
  ASSERT_NE(bias.buffer, 0u);
  EXPECT_EQ(m->buffers[bias.buffer].data.size(), 12u);
  ASSERT_EQ(m->signature_defs.size(), 1u);
  EXPECT_EQ(m->signature_defs[0].signature_key, "serving_default");
  EXPECT_EQ(m->signature_defs[0].outputs[0].first, "y");
  EXPECT_EQ(m->signature_defs[0].outputs[0].second, static_cast<uint32_t>(sg.outputs[0]));
}

TEST(LowerGraphTest, OneReportListsEveryUnsupportedNode) {
  OpRegistry registry = MakeRegistry();
  Graph g;
  Node* x = AddInput(g, "x");
  Node* a = AddUnary(g, "a", "FancyOp", {x, 0});
  Node* b = AddUnary(g, "b", "FancyOp", {a, 0});
  Node* p = AddUnary(g, "p", "TestPicky", {b, 0});
  Node* z = AddUnary(g, "z", "OtherOp", {p, 0});
  LoweringRequest req;
  req.inputs = {{"x", {x, 0}}};
  req.outputs = {{"z", {z, 0}}};
  absl::StatusOr<TflModel> m = LowerGraph(g, registry, req);
  ASSERT_FALSE(m.ok());
  EXPECT_TRUE(absl::IsUnimplemented(m.status()));
  std::string msg(m.status().message());
  EXPECT_NE(msg.find("4 nodes cannot be converted (3 ops)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("FancyOp x2: 'a', 'b'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("OtherOp x1: 'z'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("only the NHWC layout"), std::string::npos) << msg;
  EXPECT_NE(msg.find("--allow_custom_ops"), std::string::npos) << msg;
}

TEST(LowerGraphTest, AllowCustomOpsKeepsUnknownOpsWithTheirAttributes) {
  OpRegistry registry = MakeRegistry();
  Graph g;
  Node* x = AddInput(g, "x");
  Node* f = AddUnary(g, "f", "FancyOp", {x, 0});
  f->attrs["alpha"] = 0.5f;
  f->attrs["mode"] = std::string("fast");
  f->attrs["_internal"] = int64_t{1};
  LoweringRequest req;
  req.inputs = {{"x", {x, 0}}};
  req.outputs = {{"f", {f, 0}}};
  req.options.allow_custom_ops = true;
  absl::StatusOr<TflModel> m = LowerGraph(g, registry, req);
  ASSERT_TRUE(m.ok()) << m.status();
  const TflOperator& op = m->subgraphs[0].operators[0];
  EXPECT_EQ(m->CodeOf(op).builtin_code, tflite::BuiltinOperator::CUSTOM);
  EXPECT_EQ(m->CodeOf(op).custom_code, "FancyOp");
  flexbuffers::Map attrs = flexbuffers::GetRoot(op.custom_options).AsMap();
  EXPECT_FLOAT_EQ(attrs["alpha"].AsFloat(), 0.5f);
  EXPECT_EQ(attrs["mode"].AsString().str(), "fast");
  EXPECT_TRUE(attrs["_internal"].IsNull());
}

}  // namespace
}  // namespace tfconv
