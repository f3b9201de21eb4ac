// Keeps only what the model's outputs need, and records the outputs in the model interface.
//
//   context.options.output_arrays = {"logits"};
//   absl::Status s = PruneToOutputs(graph, context);
//   context.model_interface->outputs[0].name;   // "logits"
//
// Outputs: the --output_arrays tensors, in order; a missing name is an error that lists every
// missing one with the closest node names. Without --output_arrays: every data output of each node
// that nothing reads (no data or control consumer), in graph order, after inferring the whole graph
// to learn output counts. Graph inputs (kGraphInput) are never outputs by default; an op no plugin
// knows counts as having one output unless its `_output_shapes` says otherwise.
//
// Kept: the output nodes, the nodes named in --input_arrays (ApplyInputArrays resolves them next)
// and everything they read from through data and control edges. Everything else goes, stateful
// or not.
#ifndef TFCONV_CONVERTER_PASSES_PRUNE_TO_OUTPUTS_H_
#define TFCONV_CONVERTER_PASSES_PRUNE_TO_OUTPUTS_H_

#include "absl/status/status.h"
#include "converter/graph/graph.h"
#include "converter/passes/pass_context.h"

namespace tfconv {

absl::Status PruneToOutputs(Graph& graph, const PassContext& context);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_PASSES_PRUNE_TO_OUTPUTS_H_
