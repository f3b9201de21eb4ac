#include "converter/passes/graph_walk.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tfconv {
namespace {

// Producer `k` of a node: data inputs first, then control inputs.
Node* Producer(const Node* n, size_t k) {
  if (k < n->inputs.size()) return n->inputs[k].node;
  return n->control_inputs[k - n->inputs.size()];
}

size_t NumProducers(const Node* n) { return n->inputs.size() + n->control_inputs.size(); }

}  // namespace

absl::flat_hash_set<Node*> Ancestors(const std::vector<Node*>& roots) {
  absl::flat_hash_set<Node*> seen;
  std::vector<Node*> stack;
  for (Node* r : roots) {
    if (r != nullptr && seen.insert(r).second) stack.push_back(r);
  }
  while (!stack.empty()) {
    Node* n = stack.back();
    stack.pop_back();
    for (size_t k = 0; k < NumProducers(n); ++k) {
      Node* p = Producer(n, k);
      if (p != nullptr && seen.insert(p).second) stack.push_back(p);
    }
  }
  return seen;
}

absl::StatusOr<std::vector<Node*>> AncestorsInTopologicalOrder(const std::vector<Node*>& roots) {
  enum State { kOpen = 1, kDone = 2 };
  absl::flat_hash_map<Node*, State> state;
  std::vector<Node*> order;
  // Iterative depth-first search: deep graphs (long chains) must not overflow the call stack.
  std::vector<std::pair<Node*, size_t>> stack;
  for (Node* root : roots) {
    if (root == nullptr || state.contains(root)) continue;
    state[root] = kOpen;
    stack.emplace_back(root, 0);
    while (!stack.empty()) {
      auto& [n, next] = stack.back();
      if (next == NumProducers(n)) {
        state[n] = kDone;
        order.push_back(n);
        stack.pop_back();
        continue;
      }
      Node* p = Producer(n, next++);
      if (p == nullptr) continue;
      auto it = state.find(p);
      if (it == state.end()) {
        state[p] = kOpen;
        stack.emplace_back(p, 0);
      } else if (it->second == kOpen) {
        return absl::InvalidArgumentError(absl::StrCat(
            "the graph has a cycle through node '", p->name(), "' (", p->op(),
            "); TF1 control-flow loops are not supported by this converter yet"));
      }
    }
  }
  return order;
}

}  // namespace tfconv
