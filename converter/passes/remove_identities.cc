#include "converter/passes/remove_identities.h"

#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

namespace tfconv {
namespace {

void AddControl(Node* reader, Node* producer) {
  auto& c = reader->control_inputs;
  if (producer != reader && std::find(c.begin(), c.end(), producer) == c.end()) c.push_back(producer);
}

}  // namespace

absl::Status RemoveIdentities(Graph& graph, const PassContext& context) {
  absl::Status s = CheckPassContext(context);
  if (!s.ok()) return s;
  absl::flat_hash_set<const Node*> keep;
  for (const InterfaceTensor& t : context.model_interface->inputs) keep.insert(t.tensor.node);
  for (const InterfaceTensor& t : context.model_interface->outputs) keep.insert(t.tensor.node);

  // Readers of each node (data or control; may repeat), kept current as edges move.
  absl::flat_hash_map<Node*, std::vector<Node*>> readers;
  const std::vector<Node*> all = graph.nodes();
  for (Node* n : all) {
    for (const Output& in : n->inputs) readers[in.node].push_back(n);
    for (Node* c : n->control_inputs) readers[c].push_back(n);
  }

  absl::flat_hash_set<Node*> removed;
  for (Node* n : all) {
    if (keep.contains(n) || !IsForwardingNode(context, *n)) continue;
    const std::vector<Node*>& users = readers[n];
    const bool other_outputs_read = std::any_of(users.begin(), users.end(), [&](const Node* r) {
      return std::any_of(r->inputs.begin(), r->inputs.end(),
                         [&](const Output& in) { return in.node == n && in.index != 0; });
    });
    if (other_outputs_read) continue;

    const Output source = n->inputs[0];
    std::vector<Node*> moved = users;  // copy: `readers` grows below
    for (Node* r : moved) {
      bool had_control = false;
      for (Output& in : r->inputs) {
        if (in.node == n) in = source;
      }
      auto& c = r->control_inputs;
      auto it = std::find(c.begin(), c.end(), n);
      if (it != c.end()) {
        c.erase(it);
        had_control = true;
      }
      readers[source.node].push_back(r);
      if (had_control) AddControl(r, source.node);
      // Whatever had to run before n now has to run before r.
      for (Node* p : n->control_inputs) {
        AddControl(r, p);
        readers[p].push_back(r);
      }
    }
    readers[n].clear();
    removed.insert(n);
  }
  graph.RemoveNodes(removed);
  return absl::OkStatus();
}

}  // namespace tfconv
