// Tiny stand-ins for real op plugins, for the pass and front-end tests: the traits the passes act
// on, simple shape rules and reference semantics.
//
//   OpRegistry registry;
//   RegisterTestOps(registry);
//
//   Placeholder             kGraphInput; dtype/shape from its "dtype"/"shape" attributes
//   PlaceholderWithDefault  kGraphInput | kForwardsInput
//   Identity                kForwardsInput
//   Const                   evaluate returns its "value" attribute
//   Add                     same shapes or a scalar operand; float32/int32 evaluate
//   RandomUniform           kStateful, float32 of unknown shape; evaluate must never run
//   NoOp                    no outputs
//
//   Node* x = AddPlaceholder(g, "x", DataType::kFloat, PartialShape({1, 4}));
//   Node* c = AddConst(g, "c", Tensor::FromVector<float>({4}, {1, 2, 3, 4}));
//   Node* y = AddOp(g, "y", "Add", {{x, 0}, {c, 0}});
#ifndef TFCONV_CONVERTER_PASSES_TEST_OPS_H_
#define TFCONV_CONVERTER_PASSES_TEST_OPS_H_

#include <string>
#include <vector>

#include "converter/graph/graph.h"
#include "ops/op_registry.h"

namespace tfconv {

void RegisterTestOps(OpRegistry& registry);

// Graph-building shorthands for tests.
Node* AddPlaceholder(Graph& g, const std::string& name, DataType dtype, PartialShape shape);
Node* AddConst(Graph& g, const std::string& name, Tensor value);
Node* AddOp(Graph& g, const std::string& name, const std::string& op, std::vector<Output> inputs);

// How many times RandomUniform's evaluate ran (it must stay 0: stateful ops are never folded).
int RandomUniformEvaluations();

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_PASSES_TEST_OPS_H_
