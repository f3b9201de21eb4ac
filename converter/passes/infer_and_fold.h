// Shape/type inference and constant folding over the graph, producers first.
//
//   absl::Status s = InferAndFold(graph, context);
//   node->outputs[0].dtype;   // DataType::kFloat
//   node->outputs[0].shape;   // [1,?,?,32]
//   node->outputs[0].value;   // set when the output is a known constant
//
// For each node:
// - an op that a plugin registers: its `infer` runs; then
//   - a graph input (kGraphInput, no data inputs) is never folded;
//   - a forwarding node (kForwardsInput with a data input: Identity, a PlaceholderWithDefault that
//     is not a model input) takes input 0's dtype, shape and value;
//   - otherwise, when the op is not kStateful, has `evaluate`, and every data input has a known
//     value, `evaluate` runs and its tensors become the outputs' values (and dtypes and shapes);
// - an op no plugin registers is not an error here (the lowering reports all of them together):
//   its outputs take their shapes from the `_output_shapes` attribute and their dtype from the `T`
//   or `dtype` attribute, when present, and stay unknown otherwise.
// A known op's outputs are exactly those its infer sets; reading an output it does not have is an
// error naming the reader. Errors from infer/evaluate are returned as they are (they name the node). The pass can run again
// after the graph changed: values of earlier runs are recomputed, never kept stale.
#ifndef TFCONV_CONVERTER_PASSES_INFER_AND_FOLD_H_
#define TFCONV_CONVERTER_PASSES_INFER_AND_FOLD_H_

#include <vector>

#include "absl/status/status.h"
#include "converter/graph/graph.h"
#include "converter/passes/pass_context.h"

namespace tfconv {

// Every node of the graph. Afterwards, each model input/output (context.model_interface) names an
// output its node has.
absl::Status InferAndFold(Graph& graph, const PassContext& context);

// Only `roots` and what they read from (used by passes that need types before the whole graph
// is settled).
absl::Status InferAndFoldAncestors(const std::vector<Node*>& roots, const PassContext& context);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_PASSES_INFER_AND_FOLD_H_
