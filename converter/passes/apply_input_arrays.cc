#include "converter/passes/apply_input_arrays.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "converter/passes/infer_and_fold.h"
#include "converter/passes/tensor_names.h"
#include "ops/op_context.h"

namespace tfconv {
namespace {

using TensorKey = std::pair<Node*, int>;

TensorKey KeyOf(const Output& o) { return {o.node, o.index}; }

// A tensor the cut turns into a model input.
struct Cut {
  size_t spec = 0;  // index into --input_arrays
  Output tensor;
  std::string producer_name;
  DataType dtype = DataType::kInvalid;
  PartialShape shape = PartialShape::UnknownRank();
  bool producer_removed = false;
};

absl::Status CheckCounts(const PassOptions& o) {
  if (o.input_arrays.empty()) {
    if (!o.input_shapes.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--input_shapes gives ", o.input_shapes.size(),
          " shape(s) but no --input_arrays names the inputs they belong to"));
    }
    if (!o.input_types.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          o.input_types.size(), " input type(s) were given but no --input_arrays names the inputs"));
    }
    return absl::OkStatus();
  }
  const std::string arrays = absl::StrCat("--input_arrays names ", o.input_arrays.size(),
                                          " input(s) (", absl::StrJoin(o.input_arrays, ", "), ")");
  if (!o.input_shapes.empty() && o.input_shapes.size() != o.input_arrays.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        arrays, " but --input_shapes gives ", o.input_shapes.size(),
        " shape(s); give one shape per input, separated by ':' (an empty one is a scalar)"));
  }
  if (!o.input_types.empty() && o.input_types.size() != o.input_arrays.size()) {
    return absl::InvalidArgumentError(absl::StrCat(arrays, " but ", o.input_types.size(),
                                                   " input type(s) were given; give one per input"));
  }
  return absl::OkStatus();
}

bool Compatible(const PartialShape& a, const PartialShape& b) {
  if (!a.known_rank() || !b.known_rank()) return true;
  if (a.rank() != b.rank()) return false;
  for (int i = 0; i < a.rank(); ++i) {
    if (a.dim(i) >= 0 && b.dim(i) >= 0 && a.dim(i) != b.dim(i)) return false;
  }
  return true;
}

const DataType* AttrType(const Node& node, const char* name) {
  const AttrValue* v = node.FindAttr(name);
  return v == nullptr ? nullptr : v->get_if<DataType>();
}

// A graph input node named as a model input: check and apply the shape and type given.
absl::Status SetUpGraphInput(Node& node, const std::string& name,
                             const std::optional<PartialShape>& shape,
                             const std::optional<DataType>& dtype) {
  node.EnsureOutputs(1);
  const DataType* own_type = AttrType(node, "dtype");
  if (dtype.has_value()) {
    if (own_type != nullptr && *own_type != *dtype) {
      return NodeError(node, absl::StrCat("input array '", name, "' is given type ",
                                          DataTypeName(*dtype), " but the placeholder has type ",
                                          DataTypeName(*own_type)));
    }
    if (own_type == nullptr) node.attrs["dtype"] = *dtype;
    node.outputs[0].dtype = *dtype;
  }
  if (shape.has_value()) {
    const AttrValue* own = node.FindAttr("shape");
    const PartialShape* own_shape = own == nullptr ? nullptr : own->get_if<PartialShape>();
    if (own_shape != nullptr && !Compatible(*own_shape, *shape)) {
      return NodeError(node, absl::StrCat("input array '", name, "': --input_shapes gives ",
                                          shape->ToString(), " but the placeholder's static shape is ",
                                          own_shape->ToString()));
    }
    node.attrs["shape"] = *shape;
    node.outputs[0].shape = *shape;
  }
  return absl::OkStatus();
}

// Type and shape of the new input from what was given, inferred, or recorded on the producer.
absl::Status ResolveCutType(Cut& cut, const std::string& name, const std::optional<PartialShape>& shape,
                            const std::optional<DataType>& dtype) {
  const Node& producer = *cut.tensor.node;
  const OutputInfo* inferred =
      cut.tensor.index < producer.num_outputs() ? &producer.outputs[cut.tensor.index] : nullptr;
  DataType found = inferred != nullptr ? inferred->dtype : DataType::kInvalid;
  if (found == DataType::kInvalid) {
    const DataType* recorded = AttrType(producer, "T");
    if (recorded == nullptr) recorded = AttrType(producer, "dtype");
    if (recorded != nullptr) found = *recorded;
  }
  if (dtype.has_value()) {
    if (found != DataType::kInvalid && found != *dtype) {
      return NodeError(producer, absl::StrCat("input array '", name, "' is given type ",
                                              DataTypeName(*dtype), " but the tensor has type ",
                                              DataTypeName(found)));
    }
    found = *dtype;
  }
  if (found == DataType::kInvalid) {
    return NodeError(producer, absl::StrCat(
        "cannot tell the element type of input array '", name,
        "': no plugin infers it and the node has no T or dtype attribute; give the type explicitly"));
  }
  cut.dtype = found;
  if (shape.has_value()) {
    cut.shape = *shape;
  } else if (inferred != nullptr) {
    cut.shape = inferred->shape;
  }
  return absl::OkStatus();
}

const OpRegistration* GraphInputOp(const PassContext& context) {
  if (context.registry == nullptr) return nullptr;
  for (const OpRegistration* r : context.registry->All()) {
    if ((r->traits & kGraphInput) && !(r->traits & kForwardsInput)) return r;
  }
  return nullptr;
}

// Nodes that still feed a model output (or are named inputs) once the cut tensors are inputs.
absl::flat_hash_set<Node*> StillNeeded(const ModelInterface& io, const std::vector<Node*>& kept,
                                       const absl::flat_hash_set<TensorKey>& cut) {
  absl::flat_hash_set<Node*> seen;
  std::vector<Node*> stack;
  auto visit = [&](Node* n) {
    if (n != nullptr && seen.insert(n).second) stack.push_back(n);
  };
  for (const InterfaceTensor& t : io.outputs) {
    if (!cut.contains(KeyOf(t.tensor))) visit(t.tensor.node);
  }
  for (Node* n : kept) visit(n);
  while (!stack.empty()) {
    Node* n = stack.back();
    stack.pop_back();
    for (const Output& in : n->inputs) {
      if (!cut.contains(KeyOf(in))) visit(in.node);
    }
    for (Node* c : n->control_inputs) visit(c);
  }
  return seen;
}

absl::Status DefaultInputs(Graph& graph, const PassContext& context) {
  std::vector<InterfaceTensor> inputs;
  for (Node* n : graph.nodes()) {
    if (!IsGraphInputNode(context, *n)) continue;
    n->EnsureOutputs(1);
    inputs.push_back({n->name(), {n, 0}});
  }
  context.model_interface->inputs = std::move(inputs);
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyInputArrays(Graph& graph, const PassContext& context) {
  absl::Status s = CheckPassContext(context);
  if (!s.ok()) return s;
  const PassOptions& o = context.options;
  s = CheckCounts(o);
  if (!s.ok()) return s;
  if (o.input_arrays.empty()) return DefaultInputs(graph, context);

  absl::StatusOr<std::vector<Output>> tensors = ResolveTensorNames(graph, o.input_arrays, "input array");
  if (!tensors.ok()) return tensors.status();
  auto shape_of = [&](size_t i) { return o.input_shapes.empty() ? std::nullopt : o.input_shapes[i]; };
  auto type_of = [&](size_t i) { return o.input_types.empty() ? std::nullopt : o.input_types[i]; };

  std::vector<Output> model_inputs = *tensors;
  std::vector<Node*> direct;
  std::vector<Cut> cuts;
  for (size_t i = 0; i < tensors->size(); ++i) {
    const Output& t = (*tensors)[i];
    if (IsGraphInputNode(context, *t.node) && t.index == 0) {
      s = SetUpGraphInput(*t.node, o.input_arrays[i], shape_of(i), type_of(i));
      if (!s.ok()) return s;
      direct.push_back(t.node);
    } else {
      Cut cut;
      cut.spec = i;
      cut.tensor = t;
      cut.producer_name = t.node->name();
      cuts.push_back(std::move(cut));
    }
  }

  if (!cuts.empty()) {
    // Inference above a cut only provides hints: that region may hold what the user cuts away
    // because it cannot convert, so its errors do not count here (InferAndFold reports any that
    // matter later).
    std::vector<Node*> needs_hint;
    for (const Cut& cut : cuts) {
      if (!shape_of(cut.spec).has_value() || !type_of(cut.spec).has_value()) {
        needs_hint.push_back(cut.tensor.node);
      }
    }
    if (!needs_hint.empty()) InferAndFoldAncestors(needs_hint, context).IgnoreError();
    for (Cut& cut : cuts) {
      s = ResolveCutType(cut, o.input_arrays[cut.spec], shape_of(cut.spec), type_of(cut.spec));
      if (!s.ok()) return s;
    }
    const OpRegistration* input_op = GraphInputOp(context);
    if (input_op == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(
          "input array '", o.input_arrays[cuts[0].spec],
          "' is not a placeholder, so the graph must be cut there, but no plugin registers a graph "
          "input op (trait kGraphInput, e.g. Placeholder); load the plugin that provides it"));
    }

    ModelInterface& io = *context.model_interface;
    absl::flat_hash_set<TensorKey> cut_keys;
    for (const Cut& cut : cuts) cut_keys.insert(KeyOf(cut.tensor));
    if (!io.outputs.empty()) {
      const absl::flat_hash_set<Node*> needed = StillNeeded(io, direct, cut_keys);
      absl::flat_hash_set<Node*> doomed;
      for (Node* n : graph.nodes()) {
        if (!needed.contains(n)) doomed.insert(n);
      }
      for (Cut& cut : cuts) cut.producer_removed = doomed.contains(cut.tensor.node);
      graph.RemoveNodes(doomed);
    }

    absl::flat_hash_map<TensorKey, Output> replacement;
    for (const Cut& cut : cuts) {
      const std::string name =
          cut.producer_removed && cut.tensor.index == 0
              ? cut.producer_name
              : graph.UniqueName(absl::StrCat(cut.producer_name, "_", cut.tensor.index));
      Node* input = graph.AddNode(name, input_op->op);
      input->attrs["dtype"] = cut.dtype;
      input->attrs["shape"] = cut.shape;
      input->EnsureOutputs(1);
      input->outputs[0].dtype = cut.dtype;
      input->outputs[0].shape = cut.shape;
      replacement[KeyOf(cut.tensor)] = Output{input, 0};
      model_inputs[cut.spec] = Output{input, 0};
    }
    for (Node* n : graph.nodes()) {
      for (Output& in : n->inputs) {
        auto it = replacement.find(KeyOf(in));
        if (it != replacement.end()) in = it->second;
      }
    }
    for (InterfaceTensor& t : io.outputs) {
      auto it = replacement.find(KeyOf(t.tensor));
      if (it != replacement.end()) t.tensor = it->second;
    }
  }

  // A graph input the outputs still read but nobody named could never be fed.
  absl::flat_hash_set<const Node*> named;
  for (const Output& t : model_inputs) named.insert(t.node);
  std::vector<std::string> unnamed;
  for (const Node* n : graph.nodes()) {
    if (IsGraphInputNode(context, *n) && !named.contains(n)) unnamed.push_back(n->name());
  }
  if (!unnamed.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the outputs need the graph input(s) ", absl::StrJoin(unnamed, ", "),
        ", which --input_arrays does not name; add them to --input_arrays"));
  }

  std::vector<InterfaceTensor> inputs;
  for (size_t i = 0; i < model_inputs.size(); ++i) inputs.push_back({o.input_arrays[i], model_inputs[i]});
  context.model_interface->inputs = std::move(inputs);
  return absl::OkStatus();
}

}  // namespace tfconv
