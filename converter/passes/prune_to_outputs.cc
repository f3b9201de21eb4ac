#include "converter/passes/prune_to_outputs.h"

#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "converter/passes/graph_walk.h"
#include "converter/passes/infer_and_fold.h"
#include "converter/passes/tensor_names.h"

namespace tfconv {
namespace {

absl::StatusOr<std::vector<InterfaceTensor>> DefaultOutputs(Graph& graph, const PassContext& context) {
  const std::vector<Node*> all = graph.nodes();
  absl::Status s = InferAndFoldAncestors(all, context);
  if (!s.ok()) return s;
  absl::flat_hash_set<const Node*> read;
  for (const Node* n : all) {
    for (const Output& in : n->inputs) read.insert(in.node);
    for (const Node* c : n->control_inputs) read.insert(c);
  }
  std::vector<InterfaceTensor> outputs;
  for (Node* n : all) {
    if (read.contains(n) || IsGraphInputNode(context, *n)) continue;
    const bool known = context.registry != nullptr && context.registry->Find(n->op()) != nullptr;
    const AttrValue* recorded = n->FindAttr("_output_shapes");
    if (!known && (recorded == nullptr || !recorded->is_list())) n->EnsureOutputs(1);
    for (int i = 0; i < n->num_outputs(); ++i) {
      Output t{n, i};
      outputs.push_back({t.TensorName(), t});
    }
  }
  if (outputs.empty()) {
    return absl::InvalidArgumentError(
        "the graph has no outputs (no node has a data output that nothing reads); name them with "
        "--output_arrays");
  }
  return outputs;
}

absl::StatusOr<std::vector<InterfaceTensor>> NamedOutputs(const Graph& graph,
                                                          const PassContext& context) {
  const std::vector<std::string>& names = context.options.output_arrays;
  absl::StatusOr<std::vector<Output>> tensors = ResolveTensorNames(graph, names, "output array");
  if (!tensors.ok()) return tensors.status();
  std::vector<InterfaceTensor> outputs;
  for (size_t i = 0; i < names.size(); ++i) outputs.push_back({names[i], (*tensors)[i]});
  return outputs;
}

}  // namespace

absl::Status PruneToOutputs(Graph& graph, const PassContext& context) {
  absl::Status valid = CheckPassContext(context);
  if (!valid.ok()) return valid;
  absl::StatusOr<std::vector<InterfaceTensor>> outputs =
      context.options.output_arrays.empty() ? DefaultOutputs(graph, context)
                                            : NamedOutputs(graph, context);
  if (!outputs.ok()) return outputs.status();

  std::vector<Node*> roots;
  for (const InterfaceTensor& t : *outputs) roots.push_back(t.tensor.node);
  for (const std::string& name : context.options.input_arrays) {
    absl::StatusOr<TensorRef> ref = ParseTensorRef(name);
    if (ref.ok()) roots.push_back(graph.FindNode(ref->node));  // missing ones are reported later
  }
  const absl::flat_hash_set<Node*> keep = Ancestors(roots);
  std::vector<Node*> doomed;
  for (Node* n : graph.nodes()) {
    if (!keep.contains(n)) doomed.push_back(n);
  }
  graph.RemoveNodes(doomed);
  context.model_interface->outputs = *std::move(outputs);
  return absl::OkStatus();
}

}  // namespace tfconv
