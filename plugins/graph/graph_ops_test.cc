#include "plugins/graph/graph_ops.h"

#include <cmath>
#include <limits>

#include "gtest/gtest.h"
#include "plugins/nn/testing/fake_lowering_context.h"

namespace tfconv {
namespace {

class GraphOpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_.BeginPlugin("tfconv.graph", false);
    RegisterGraphOps(registry_);
    ASSERT_TRUE(registry_.EndPlugin().ok());
  }

  const OpRegistration& Reg(const std::string& op) {
    const OpRegistration* r = registry_.Find(op);
    EXPECT_NE(r, nullptr) << op;
    return *r;
  }

  // A producer whose output 0 has the given type and shape (and value, if any).
  Node* Source(const std::string& name, DataType t, PartialShape s, std::optional<Tensor> v = {}) {
    Node* n = graph_.AddNode(name, "Source");
    n->EnsureOutputs(1);
    n->outputs[0].dtype = t;
    n->outputs[0].shape = std::move(s);
    n->outputs[0].value = std::move(v);
    return n;
  }

  Node* Op(const std::string& name, const std::string& op, std::vector<Output> inputs) {
    Node* n = graph_.AddNode(name, op);
    for (const Output& o : inputs) n->AddInput(o);
    return n;
  }

  absl::Status Infer(Node* n) {
    InferenceContext c(*n);
    return Reg(n->op()).infer(c);
  }

  absl::StatusOr<std::vector<Tensor>> Eval(Node* n, std::vector<Tensor> inputs) {
    EvalContext c(*n, inputs);
    return Reg(n->op()).evaluate(c);
  }

  OpRegistry registry_;
  Graph graph_;
};

TEST_F(GraphOpsTest, RegistersTheTwelvePlumbingOps) {
  EXPECT_EQ(registry_.size(), 12u);
  for (const char* op : {"Placeholder", "PlaceholderWithDefault", "Const", "Identity", "Snapshot",
                         "StopGradient", "PreventGradient", "EnsureShape", "CheckNumerics", "IdentityN",
                         "NoOp", "Assert"}) {
    const OpRegistration* r = registry_.Find(op);
    ASSERT_NE(r, nullptr) << op;
    EXPECT_EQ(r->plugin_id, "tfconv.graph");
    EXPECT_TRUE(r->tflite_ops.empty()) << op << " emits no TFLite operator";
  }
}

TEST_F(GraphOpsTest, Traits) {
  EXPECT_EQ(Reg("Placeholder").traits, kGraphInput);
  EXPECT_EQ(Reg("PlaceholderWithDefault").traits, kGraphInput | kForwardsInput);
  EXPECT_EQ(Reg("Const").traits, kNoTraits);
  for (const char* op : {"Identity", "Snapshot", "StopGradient", "PreventGradient", "EnsureShape"}) {
    EXPECT_EQ(Reg(op).traits, kForwardsInput) << op;
  }
  EXPECT_EQ(Reg("CheckNumerics").traits, kForwardsInput | kStateful);
  EXPECT_EQ(Reg("IdentityN").traits, kNoTraits);
  EXPECT_EQ(Reg("Assert").traits, kStateful);
  // A graph input has no value of its own and is never lowered as an operator.
  EXPECT_FALSE(Reg("Placeholder").evaluate);
  EXPECT_FALSE(Reg("Placeholder").lower);
  EXPECT_FALSE(Reg("Const").lower);  // always folded into a buffer
}

TEST_F(GraphOpsTest, PlaceholderTakesDtypeAndShapeFromAttributes) {
  Node* p = Op("x", "Placeholder", {});
  p->attrs["dtype"] = DataType::kFloat;
  p->attrs["shape"] = PartialShape({-1, 28, 28, 1});
  ASSERT_TRUE(Infer(p).ok());
  EXPECT_EQ(p->outputs[0].dtype, DataType::kFloat);
  EXPECT_EQ(p->outputs[0].shape, PartialShape({-1, 28, 28, 1}));

  Node* q = Op("y", "Placeholder", {});
  q->attrs["dtype"] = DataType::kInt64;
  ASSERT_TRUE(Infer(q).ok());
  EXPECT_FALSE(q->outputs[0].shape.known_rank());

  Node* bad = Op("z", "Placeholder", {});
  absl::Status s = Infer(bad);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'z' (Placeholder)"), std::string::npos) << s;
  EXPECT_NE(s.message().find("dtype"), std::string::npos) << s;
}

TEST_F(GraphOpsTest, PlaceholderWithDefaultMergesShapeAndForwards) {
  Node* d = Source("d", DataType::kFloat, PartialShape({2, 3}));
  Node* p = Op("p", "PlaceholderWithDefault", {{d, 0}});
  p->attrs["dtype"] = DataType::kFloat;
  p->attrs["shape"] = PartialShape({-1, 3});
  ASSERT_TRUE(Infer(p).ok());
  EXPECT_EQ(p->outputs[0].shape, PartialShape({2, 3}));

  p->attrs["shape"] = PartialShape({-1, 4});
  EXPECT_FALSE(Infer(p).ok());
  p->attrs["shape"] = PartialShape({-1, 3});
  p->attrs["dtype"] = DataType::kInt32;
  EXPECT_FALSE(Infer(p).ok());

  Tensor v = Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  auto out = Eval(p, {v});
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0].data<float>()[5], 6.0f);

  FakeLoweringContext lc(*p);
  p->outputs[0].dtype = DataType::kFloat;
  ASSERT_TRUE(Reg("PlaceholderWithDefault").lower(lc).ok());
  EXPECT_TRUE(lc.ops().empty());
  EXPECT_GE(lc.forwarded(0), 0);
  EXPECT_EQ(lc.forwarded(0), lc.input_tensor_if_created(0));
}

TEST_F(GraphOpsTest, ConstInfersAndEvaluatesFromValue) {
  Node* c = Op("c", "Const", {});
  c->attrs["dtype"] = DataType::kInt32;
  c->attrs["value"] = Tensor::FromVector<int32_t>({3}, {7, 8, 9});
  ASSERT_TRUE(Infer(c).ok());
  EXPECT_EQ(c->outputs[0].dtype, DataType::kInt32);
  EXPECT_EQ(c->outputs[0].shape, PartialShape({3}));
  auto v = Eval(c, {});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ((*v)[0].data<int32_t>()[2], 9);

  c->attrs["dtype"] = DataType::kFloat;  // disagrees with the value
  EXPECT_FALSE(Infer(c).ok());
  c->attrs["dtype"] = DataType::kInt32;
  c->attrs["value"] = Tensor(DataType::kInt32, {4}, ByteBuffer::Copy("abcd", 4));  // 4 bytes for 4 ints
  absl::Status s = Infer(c);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("does not match its shape"), std::string::npos) << s;
}

TEST_F(GraphOpsTest, ForwardingOpsKeepTypeShapeAndValue) {
  Node* x = Source("x", DataType::kFloat, PartialShape({-1, 5}));
  for (const char* op : {"Identity", "Snapshot", "StopGradient", "PreventGradient", "CheckNumerics"}) {
    Node* n = Op(std::string("n_") + op, op, {{x, 0}});
    ASSERT_TRUE(Infer(n).ok()) << op;
    EXPECT_EQ(n->outputs[0].dtype, DataType::kFloat) << op;
    EXPECT_EQ(n->outputs[0].shape, PartialShape({-1, 5})) << op;
    Tensor v = Tensor::FromVector<float>({1, 5}, {1, -2, 3, -4, 5});
    auto out = Eval(n, {v});
    ASSERT_TRUE(out.ok()) << op;
    EXPECT_EQ((*out)[0].shape(), std::vector<int64_t>({1, 5}));
    EXPECT_EQ((*out)[0].data<float>()[3], -4.0f) << op;

    FakeLoweringContext lc(*n);
    ASSERT_TRUE(Reg(op).lower(lc).ok()) << op;
    EXPECT_TRUE(lc.ops().empty()) << op;
    EXPECT_EQ(lc.forwarded(0), lc.input_tensor_if_created(0)) << op;
    EXPECT_GE(lc.forwarded(0), 0) << op;
  }
}

TEST_F(GraphOpsTest, EnsureShapeRefinesAndChecks) {
  Node* x = Source("x", DataType::kFloat, PartialShape({-1, -1}));
  Node* e = Op("e", "EnsureShape", {{x, 0}});
  e->attrs["shape"] = PartialShape({-1, 4});
  ASSERT_TRUE(Infer(e).ok());
  EXPECT_EQ(e->outputs[0].shape, PartialShape({-1, 4}));
  EXPECT_TRUE(Eval(e, {Tensor::Zeros(DataType::kFloat, {3, 4})}).ok());
  absl::Status s = Eval(e, {Tensor::Zeros(DataType::kFloat, {3, 5})}).status();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("[3,5]"), std::string::npos) << s;
  EXPECT_FALSE(Eval(e, {Tensor::Zeros(DataType::kFloat, {4})}).ok());

  Node* y = Source("y", DataType::kFloat, PartialShape({2, 3}));
  Node* bad = Op("bad", "EnsureShape", {{y, 0}});
  bad->attrs["shape"] = PartialShape({2, 4});
  EXPECT_FALSE(Infer(bad).ok());
}

TEST_F(GraphOpsTest, CheckNumericsFailsOnNanAndInfAsTfDoes) {
  Node* x = Source("x", DataType::kFloat, PartialShape({3}));
  Node* n = Op("check", "CheckNumerics", {{x, 0}});
  n->attrs["message"] = std::string("bad logits");
  float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  absl::Status s = Eval(n, {Tensor::FromVector<float>({3}, {1, nan, 2})}).status();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("bad logits : Tensor had NaN values"), std::string::npos) << s;
  s = Eval(n, {Tensor::FromVector<float>({3}, {1, -inf, 2})}).status();
  EXPECT_NE(s.message().find("Tensor had Inf values"), std::string::npos) << s;
  s = Eval(n, {Tensor::FromVector<double>({2}, {nan, inf})}).status();
  EXPECT_NE(s.message().find("Tensor had Inf and NaN values"), std::string::npos) << s;
  EXPECT_TRUE(Eval(n, {Tensor::FromVector<int32_t>({2}, {1, 2})}).ok());
}

TEST_F(GraphOpsTest, IdentityNForwardsEveryInput) {
  Node* a = Source("a", DataType::kFloat, PartialShape({2}));
  Node* b = Source("b", DataType::kInt32, PartialShape({}));
  Node* n = Op("n", "IdentityN", {{a, 0}, {b, 0}});
  ASSERT_TRUE(Infer(n).ok());
  ASSERT_EQ(n->num_outputs(), 2);
  EXPECT_EQ(n->outputs[1].dtype, DataType::kInt32);
  EXPECT_EQ(n->outputs[1].shape, PartialShape({}));
  auto out = Eval(n, {Tensor::FromVector<float>({2}, {1, 2}), Tensor::Scalar<int32_t>(5)});
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->size(), 2u);
  EXPECT_EQ((*out)[1].data<int32_t>()[0], 5);

  FakeLoweringContext lc(*n);
  ASSERT_TRUE(Reg("IdentityN").lower(lc).ok());
  EXPECT_TRUE(lc.ops().empty());
  EXPECT_EQ(lc.forwarded(0), lc.input_tensor_if_created(0));
  EXPECT_EQ(lc.forwarded(1), lc.input_tensor_if_created(1));
  EXPECT_NE(lc.forwarded(0), lc.forwarded(1));
}

TEST_F(GraphOpsTest, NoOpAndAssertHaveNoOutputsAndEmitNothing) {
  Node* noop = Op("noop", "NoOp", {});
  ASSERT_TRUE(Infer(noop).ok());
  EXPECT_EQ(noop->num_outputs(), 0);
  auto none = Eval(noop, {});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  FakeLoweringContext lc(*noop);
  ASSERT_TRUE(Reg("NoOp").lower(lc).ok());
  EXPECT_TRUE(lc.ops().empty());
  EXPECT_TRUE(lc.subgraph().tensors.empty());

  Node* cond = Source("cond", DataType::kBool, PartialShape({}));
  Node* data = Source("data", DataType::kInt32, PartialShape({5}));
  Node* as = Op("check_positive", "Assert", {{cond, 0}, {data, 0}});
  as->attrs["summarize"] = int64_t{3};
  ASSERT_TRUE(Infer(as).ok());
  EXPECT_EQ(as->num_outputs(), 0);
  Tensor values = Tensor::FromVector<int32_t>({5}, {4, -1, 6, 7, 8});
  EXPECT_TRUE(Eval(as, {Tensor::Scalar<bool>(true), values}).ok());
  absl::Status s = Eval(as, {Tensor::Scalar<bool>(false), values}).status();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("assertion failed: [4 -1 6...]"), std::string::npos) << s;
  FakeLoweringContext lc2(*as);
  ASSERT_TRUE(Reg("Assert").lower(lc2).ok());
  EXPECT_TRUE(lc2.ops().empty());
}

TEST(MergeShapesTest, Rules) {
  Graph g;
  Node* n = g.AddNode("n", "X");
  EXPECT_EQ(*MergeShapes(*n, PartialShape::UnknownRank(), PartialShape({1, -1})), PartialShape({1, -1}));
  EXPECT_EQ(*MergeShapes(*n, PartialShape({-1, 3}), PartialShape({2, -1})), PartialShape({2, 3}));
  EXPECT_FALSE(MergeShapes(*n, PartialShape({2}), PartialShape({2, 1})).ok());
  EXPECT_FALSE(MergeShapes(*n, PartialShape({2}), PartialShape({3})).ok());
}

}  // namespace
}  // namespace tfconv
