#include "converter/frontend/saved_model/graphdef_refs.h"

#include "converter/frontend/functions/input_ref.h"

namespace tfconv {

NodeRef ParseNodeRef(absl::string_view ref) {
  NodeRef r;
  absl::StatusOr<InputRef> parsed = ParseInputRef(ref);
  if (!parsed.ok()) {
    r.valid = false;
    return r;
  }
  r.node = std::move(parsed->node);
  r.index = parsed->index;
  r.control = parsed->control;
  return r;
}

std::string TensorRef(const std::string& node, int index) { return TensorName(node, index); }

NodeIndex::NodeIndex(const tensorflow::GraphDef& graph) {
  for (const tensorflow::NodeDef& n : graph.node()) by_name_.emplace(n.name(), &n);
}

const tensorflow::NodeDef* NodeIndex::Find(absl::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

NodeRef FollowForwarding(const NodeIndex& index, NodeRef ref) {
  // Bounded by the node count: a malformed graph with an Identity cycle must not hang us.
  for (int guard = 0; guard < 1 << 20; ++guard) {
    const tensorflow::NodeDef* n = index.Find(ref.node);
    if (n == nullptr) return ref;
    const std::string& op = n->op();
    int input = -1;
    if (op == "Identity" || op == "Snapshot" || op == "StopGradient" || op == "PreventGradient") {
      if (ref.index == 0) input = 0;
    } else if (op == "IdentityN") {
      input = ref.index;
    }
    if (input < 0) return ref;
    // The input-th data input (control inputs come last in a GraphDef).
    if (input >= n->input_size()) return ref;
    NodeRef next = ParseNodeRef(n->input(input));
    if (!next.valid || next.control) return ref;
    ref = next;
  }
  return ref;
}

}  // namespace tfconv
