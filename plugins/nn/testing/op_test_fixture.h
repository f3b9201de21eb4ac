// OpTestFixture: a gtest fixture for op plugin tests. It registers a plugin's ops into a local
// registry and builds small graphs by hand: producer nodes with a given type and shape (and value),
// the node under test, and calls to its infer / evaluate / lower.
//
//   class ConvTest : public OpTestFixture {
//     void SetUp() override { Register("tfconv.nn", RegisterNnOps); }
//   };
//   TEST_F(ConvTest, Shape) {
//     Node* x = Source("x", DataType::kFloat, {1, 5, 5, 3});
//     Node* f = Constant("f", Tensor::Zeros(DataType::kFloat, {3, 3, 3, 8}));
//     Node* conv = Op("conv", "Conv2D", {x, f}, {{"strides", AttrList::Ints({1, 1, 1, 1})},
//                                               {"padding", "SAME"}});
//     ASSERT_TRUE(Infer(conv).ok());
//   }
#ifndef TFCONV_PLUGINS_NN_TESTING_OP_TEST_FIXTURE_H_
#define TFCONV_PLUGINS_NN_TESTING_OP_TEST_FIXTURE_H_

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "ops/op_registry.h"

namespace tfconv {

class OpTestFixture : public ::testing::Test {
 protected:
  void Register(const std::string& plugin_id, const std::function<void(OpRegistry&)>& register_fn) {
    registry_.BeginPlugin(plugin_id, false);
    register_fn(registry_);
    absl::Status s = registry_.EndPlugin();
    ASSERT_TRUE(s.ok()) << s;
  }

  const OpRegistration& Reg(const std::string& op) {
    const OpRegistration* r = registry_.Find(op);
    if (r == nullptr) {
      ADD_FAILURE() << "op " << op << " is not registered";
      static const OpRegistration* const kNone = new OpRegistration();
      return *kNone;
    }
    return *r;
  }

  // A node of op "Source" whose output 0 has this type and shape (an activation).
  Node* Source(const std::string& name, DataType type, PartialShape shape) {
    Node* n = graph_.AddNode(name, "Source");
    n->EnsureOutputs(1);
    n->outputs[0].dtype = type;
    n->outputs[0].shape = std::move(shape);
    return n;
  }

  // A node whose output 0 is a known constant.
  Node* Constant(const std::string& name, const Tensor& value) {
    Node* n = Source(name, value.dtype(), PartialShape(value.shape()));
    n->outputs[0].value = value;
    return n;
  }

  Node* Op(const std::string& name, const std::string& op, const std::vector<Node*>& inputs,
           const AttrMap& attrs = {}) {
    Node* n = graph_.AddNode(name, op);
    for (Node* in : inputs) n->AddInput({in, 0});
    n->attrs = attrs;
    return n;
  }

  absl::Status Infer(Node* n) {
    InferenceContext c(*n);
    return Reg(n->op()).infer(c);
  }

  absl::StatusOr<std::vector<Tensor>> Eval(Node* n, const std::vector<Tensor>& inputs) {
    EvalContext c(*n, inputs);
    return Reg(n->op()).evaluate(c);
  }

  // Evaluates a node with one output and returns it.
  absl::StatusOr<Tensor> Eval1(Node* n, const std::vector<Tensor>& inputs) {
    absl::StatusOr<std::vector<Tensor>> out = Eval(n, inputs);
    if (!out.ok()) return out.status();
    if (out->size() != 1) return absl::InternalError("expected one output");
    return (*out)[0];
  }

  OpRegistry registry_;
  Graph graph_;
};

// The float contents of a tensor, for EXPECT_EQ against a hand-written vector.
inline std::vector<float> Floats(const Tensor& t) {
  auto d = t.data<float>();
  return std::vector<float>(d.begin(), d.end());
}

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_NN_TESTING_OP_TEST_FIXTURE_H_
