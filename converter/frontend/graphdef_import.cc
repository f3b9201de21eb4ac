#include "converter/frontend/graphdef_import.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "converter/frontend/attr_value_proto.h"

namespace tfconv {
namespace {

// No TF op has this many outputs; a larger index is a corrupt reference (and sizing the producer's
// output list for it would waste memory).
constexpr int kMaxOutputIndex = 1 << 16;

std::string NodePrefix(const std::string& source, const tensorflow::NodeDef& node) {
  return absl::StrCat(source, ": node '", node.name(), "' (", node.op(), "): ");
}

absl::Status Prefixed(const absl::Status& status, absl::string_view prefix) {
  return absl::Status(status.code(), absl::StrCat(prefix, status.message()));
}

absl::Status ImportAttrs(tensorflow::NodeDef& def, const std::string& source,
                         const ImportOptions& options, Node* node) {
  // Sorted keys, so the first error reported does not depend on the proto map's hash order.
  std::vector<std::string> keys;
  keys.reserve(def.attr_size());
  for (const auto& [key, value] : def.attr()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  for (const std::string& key : keys) {
    absl::StatusOr<AttrValue> v =
        AttrValueFromProto(def.mutable_attr()->at(key), options.tensor_limits);
    if (!v.ok()) return Prefixed(v.status(), absl::StrCat(NodePrefix(source, def), "attr '", key, "': "));
    node->attrs.emplace(key, *std::move(v));
  }
  def.clear_attr();  // what was not moved out is no longer needed
  return absl::OkStatus();
}

absl::Status ImportInputs(const tensorflow::NodeDef& def, const std::string& source,
                          const Graph& graph, Node* node) {
  for (int k = 0; k < def.input_size(); ++k) {
    const std::string& text = def.input(k);
    absl::StatusOr<TensorRef> ref = ParseTensorRef(text);
    if (!ref.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(NodePrefix(source, def), "input #", k, " '",
                                                     text, "' is malformed: ", ref.status().message()));
    }
    Node* producer = graph.FindNode(ref->node);
    if (producer == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(NodePrefix(source, def), "input #", k, " '",
                                                     text, "' names node '", ref->node,
                                                     "', which is not in the graph"));
    }
    if (ref->control) {
      auto& c = node->control_inputs;
      if (std::find(c.begin(), c.end(), producer) == c.end()) c.push_back(producer);
      continue;
    }
    if (ref->index >= kMaxOutputIndex) {
      return absl::InvalidArgumentError(absl::StrCat(NodePrefix(source, def), "input #", k, " '",
                                                     text, "' names output ", ref->index,
                                                     "; no op has that many outputs"));
    }
    producer->EnsureOutputs(ref->index + 1);
    node->AddInput({producer, ref->index});
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Graph> ImportGraphDef(tensorflow::GraphDef&& graph_def, const std::string& source_name,
                                     const ImportOptions& options) {
  Graph graph;
  auto& defs = *graph_def.mutable_node();
  std::vector<Node*> nodes;
  nodes.reserve(defs.size());
  // First every node (inputs may name nodes defined later), then the edges.
  for (int i = 0; i < defs.size(); ++i) {
    tensorflow::NodeDef& def = defs[i];
    if (def.name().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(source_name, ": node #", i, " (op '", def.op(), "') has no name"));
    }
    if (def.op().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(source_name, ": node '", def.name(), "' (#", i, ") has no op"));
    }
    if (const Node* earlier = graph.FindNode(def.name())) {
      return absl::InvalidArgumentError(absl::StrCat(
          source_name, ": duplicate node name '", def.name(), "': nodes #", earlier->id(), " (",
          earlier->op(), ") and #", i, " (", def.op(), ") share it"));
    }
    Node* node = graph.AddNode(def.name(), def.op());
    node->device = def.device();
    absl::Status s = ImportAttrs(def, source_name, options, node);
    if (!s.ok()) return s;
    nodes.push_back(node);
  }
  for (int i = 0; i < defs.size(); ++i) {
    absl::Status s = ImportInputs(defs[i], source_name, graph, nodes[i]);
    if (!s.ok()) return s;
  }
  return graph;
}

}  // namespace tfconv
