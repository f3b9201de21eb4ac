// The graph plumbing ops: the TF ops that carry no computation of their own but shape how a graph
// is fed, wired and checked. The converter core never names them; it acts on their traits
// (kGraphInput, kForwardsInput, kStateful) and calls the functions registered here.
//
//   graph inputs   Placeholder (a model input; no value), PlaceholderWithDefault (a model input when
//                  chosen as one, otherwise it forwards its default input)
//   constants      Const (its value is the "value" attribute; folded, never lowered)
//   forwarding     Identity, Snapshot, StopGradient, PreventGradient, EnsureShape, CheckNumerics,
//                  IdentityN (N inputs to N outputs): no TFLite operator; the output is the input tensor
//   no outputs     NoOp, Assert: nothing is emitted (the official converter drops Assert)
//
//   OpRegistry registry;
//   registry.BeginPlugin("tfconv.graph", false);
//   RegisterGraphOps(registry);
//   registry.EndPlugin();
//   registry.Find("Identity")->traits & kForwardsInput;   // true
#ifndef TFCONV_PLUGINS_GRAPH_GRAPH_OPS_H_
#define TFCONV_PLUGINS_GRAPH_GRAPH_OPS_H_

#include "absl/status/statusor.h"
#include "ops/op_registry.h"

namespace tfconv {

void RegisterGraphOps(OpRegistry& registry);

// Merges two partial shapes: an unknown rank or dimension takes the other's; known dimensions must
// agree. Used by EnsureShape and PlaceholderWithDefault; the error names the node.
absl::StatusOr<PartialShape> MergeShapes(const Node& node, const PartialShape& a, const PartialShape& b);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_GRAPH_GRAPH_OPS_H_
