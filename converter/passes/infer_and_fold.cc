#include "converter/passes/infer_and_fold.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "converter/passes/graph_walk.h"
#include "ops/op_context.h"

namespace tfconv {
namespace {

const OutputInfo* InputInfo(const Node& node, int i) {
  const Output& in = node.inputs[i];
  if (in.node == nullptr || in.index >= in.node->num_outputs()) return nullptr;
  return &in.node->outputs[in.index];
}

// A shape the value's shape fits: same rank and equal dims where known.
bool Fits(const PartialShape& inferred, const std::vector<int64_t>& actual) {
  if (!inferred.known_rank()) return true;
  if (inferred.rank() != static_cast<int>(actual.size())) return false;
  for (int i = 0; i < inferred.rank(); ++i) {
    if (inferred.dim(i) >= 0 && inferred.dim(i) != actual[i]) return false;
  }
  return true;
}

// Ops without a plugin: what the exporter recorded, if anything.
void InferFromAttrs(Node& node) {
  if (const AttrValue* shapes = node.FindAttr("_output_shapes"); shapes && shapes->is_list()) {
    const std::vector<PartialShape>& list = shapes->list().shape;
    node.EnsureOutputs(static_cast<int>(list.size()));
    for (size_t i = 0; i < list.size(); ++i) node.outputs[i].shape = list[i];
  }
  const DataType* type = nullptr;
  if (const AttrValue* t = node.FindAttr("T")) type = t->get_if<DataType>();
  if (type == nullptr) {
    if (const AttrValue* d = node.FindAttr("dtype")) type = d->get_if<DataType>();
  }
  if (type != nullptr) {
    for (OutputInfo& o : node.outputs) o.dtype = *type;
  }
}

absl::Status Fold(Node& node, const OpRegistration& reg) {
  std::vector<Tensor> inputs;
  inputs.reserve(node.inputs.size());
  for (int i = 0; i < node.num_inputs(); ++i) {
    const OutputInfo* in = InputInfo(node, i);
    if (in == nullptr || !in->value.has_value()) return absl::OkStatus();  // not constant
    inputs.push_back(*in->value);  // shares the bytes
  }
  absl::StatusOr<std::vector<Tensor>> values = reg.evaluate(EvalContext(node, inputs));
  if (!values.ok()) return values.status();
  node.EnsureOutputs(static_cast<int>(values->size()));
  for (size_t i = 0; i < values->size(); ++i) {
    Tensor& t = (*values)[i];
    OutputInfo& out = node.outputs[i];
    auto plugin_bug = [&](const std::string& what) {
      return NodeError(node, absl::StrCat("evaluate ", what, " for output ", i,
                                          " (a bug in plugin '", reg.plugin_id, "')"));
    };
    if (!t.IsValid()) return plugin_bug(absl::StrCat("returned a malformed ", t.DebugString()));
    if (out.dtype != DataType::kInvalid && out.dtype != t.dtype()) {
      return plugin_bug(absl::StrCat("returned ", DataTypeName(t.dtype()), " where infer said ",
                                     DataTypeName(out.dtype)));
    }
    if (!Fits(out.shape, t.shape())) {
      return plugin_bug(absl::StrCat("returned ", t.DebugString(), " where infer said shape ",
                                     out.shape.ToString()));
    }
    out.dtype = t.dtype();
    out.shape = PartialShape(t.shape());
    out.value = std::move(t);
  }
  return absl::OkStatus();
}

absl::Status InferNode(Node& node, const PassContext& context) {
  for (OutputInfo& o : node.outputs) o.value.reset();
  const OpRegistration* reg = context.registry ? context.registry->Find(node.op()) : nullptr;
  // Producers come first, so a known producer's output count is settled by now.
  for (int i = 0; i < node.num_inputs(); ++i) {
    const Output& in = node.inputs[i];
    const bool producer_known = context.registry && context.registry->Find(in.node->op());
    if (producer_known && in.index >= in.node->num_outputs()) {
      return NodeError(node, absl::StrCat("input #", i, " reads '", in.TensorName(), "', but node '",
                                          in.node->name(), "' (", in.node->op(), ") has ",
                                          in.node->num_outputs(), " output(s)"));
    }
  }
  if (reg == nullptr) {
    InferFromAttrs(node);
    return absl::OkStatus();
  }
  // The op's own rule decides how many outputs there are (the front end sized the list by the
  // highest index any reader names, which may be wrong).
  node.outputs.clear();
  InferenceContext ic(node);
  absl::Status s = reg->infer(ic);
  if (!s.ok()) return s;
  if ((reg->traits & kGraphInput) && node.inputs.empty()) return absl::OkStatus();
  if ((reg->traits & kForwardsInput) && !node.inputs.empty()) {
    node.EnsureOutputs(1);
    const OutputInfo* in = InputInfo(node, 0);
    node.outputs[0] = in != nullptr ? *in : OutputInfo();
    return absl::OkStatus();
  }
  if ((reg->traits & kStateful) || !reg->evaluate) return absl::OkStatus();
  return Fold(node, *reg);
}

absl::Status InferInOrder(const std::vector<Node*>& roots, const PassContext& context) {
  absl::StatusOr<std::vector<Node*>> order = AncestorsInTopologicalOrder(roots);
  if (!order.ok()) return order.status();
  for (Node* n : *order) {
    absl::Status s = InferNode(*n, context);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

// A model tensor must name an output its node has; unknown ops are given the slot.
absl::Status CheckInterfaceTensor(const InterfaceTensor& t, const char* what,
                                  const PassContext& context) {
  Node* node = t.tensor.node;
  if (node == nullptr || t.tensor.index < node->num_outputs()) return absl::OkStatus();
  if (context.registry == nullptr || context.registry->Find(node->op()) == nullptr) {
    node->EnsureOutputs(t.tensor.index + 1);
    return absl::OkStatus();
  }
  return NodeError(*node, absl::StrCat(what, " '", t.name, "' names output ", t.tensor.index,
                                       ", but the node has ", node->num_outputs(), " output(s)"));
}

}  // namespace

absl::Status InferAndFold(Graph& graph, const PassContext& context) {
  absl::Status s = InferInOrder(graph.nodes(), context);
  if (!s.ok()) return s;
  if (context.model_interface == nullptr) return absl::OkStatus();
  for (const InterfaceTensor& t : context.model_interface->inputs) {
    s = CheckInterfaceTensor(t, "input array", context);
    if (!s.ok()) return s;
  }
  for (const InterfaceTensor& t : context.model_interface->outputs) {
    s = CheckInterfaceTensor(t, "output array", context);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status InferAndFoldAncestors(const std::vector<Node*>& roots, const PassContext& context) {
  return InferInOrder(roots, context);
}

}  // namespace tfconv
