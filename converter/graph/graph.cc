#include "converter/graph/graph.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace tfconv {

std::string Output::TensorName() const {
  if (node == nullptr) return "<null>";
  return index == 0 ? node->name() : absl::StrCat(node->name(), ":", index);
}

void Node::EnsureOutputs(int n) {
  if (static_cast<int>(outputs.size()) < n) outputs.resize(n);
}

const AttrValue* Node::FindAttr(absl::string_view name) const {
  auto it = attrs.find(std::string(name));
  return it == attrs.end() ? nullptr : &it->second;
}

Node* Graph::AddNode(std::string name, std::string op) {
  storage_.push_back(std::make_unique<Node>(next_id_++, name, std::move(op)));
  Node* n = storage_.back().get();
  by_name_[std::move(name)] = n;
  return n;
}

Node* Graph::FindNode(absl::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

std::vector<Node*> Graph::nodes() const {
  std::vector<Node*> out;
  out.reserve(by_name_.size());
  for (const auto& n : storage_) {
    if (!dead_.contains(n.get())) out.push_back(n.get());
  }
  return out;
}

std::string Graph::UniqueName(absl::string_view base) const {
  if (!by_name_.contains(base)) return std::string(base);
  for (int i = 1;; ++i) {
    std::string candidate = absl::StrCat(base, "_", i);
    if (!by_name_.contains(candidate)) return candidate;
  }
}

std::vector<Node*> Graph::Consumers(const Node* node) const {
  std::vector<Node*> out;
  for (Node* n : nodes()) {
    bool uses = std::any_of(n->inputs.begin(), n->inputs.end(),
                            [&](const Output& o) { return o.node == node; }) ||
                std::find(n->control_inputs.begin(), n->control_inputs.end(), node) !=
                    n->control_inputs.end();
    if (uses) out.push_back(n);
  }
  return out;
}

void Graph::ReplaceUses(Output from, Output to) {
  for (Node* n : nodes()) {
    for (Output& in : n->inputs) {
      if (in == from) in = to;
    }
  }
}

void Graph::RemoveNodes(const absl::flat_hash_set<Node*>& doomed) {
  if (doomed.empty()) return;
  for (Node* n : doomed) {
    dead_.insert(n);
    by_name_.erase(n->name());
  }
  for (Node* n : nodes()) {
    auto& c = n->control_inputs;
    c.erase(std::remove_if(c.begin(), c.end(), [&](Node* p) { return doomed.contains(p); }), c.end());
  }
  // Release what the dead nodes hold (constant values can be large).
  for (Node* n : doomed) {
    n->inputs.clear();
    n->control_inputs.clear();
    n->attrs.clear();
    n->outputs.clear();
  }
}

void Graph::RemoveNodes(const std::vector<Node*>& doomed) {
  RemoveNodes(absl::flat_hash_set<Node*>(doomed.begin(), doomed.end()));
}

absl::StatusOr<std::vector<Node*>> Graph::TopologicalOrder() const {
  std::vector<Node*> all = nodes();
  absl::flat_hash_map<const Node*, int> pending;
  absl::flat_hash_map<const Node*, std::vector<Node*>> readers;
  for (Node* n : all) {
    int count = 0;
    for (const Output& in : n->inputs) {
      readers[in.node].push_back(n);
      ++count;
    }
    for (Node* c : n->control_inputs) {
      readers[c].push_back(n);
      ++count;
    }
    pending[n] = count;
  }
  std::vector<Node*> order;
  order.reserve(all.size());
  // Ready nodes in insertion order; a FIFO keeps the result stable.
  std::vector<Node*> ready;
  for (Node* n : all) {
    if (pending[n] == 0) ready.push_back(n);
  }
  for (size_t head = 0; head < ready.size(); ++head) {
    Node* n = ready[head];
    order.push_back(n);
    auto it = readers.find(n);
    if (it == readers.end()) continue;
    for (Node* r : it->second) {
      if (--pending[r] == 0) ready.push_back(r);
    }
  }
  if (order.size() != all.size()) {
    for (Node* n : all) {
      if (pending[n] > 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "the graph has a cycle through node '", n->name(), "' (op ", n->op(),
            "); control flow loops are not supported by this converter yet"));
      }
    }
  }
  return order;
}

absl::StatusOr<TensorRef> ParseTensorRef(absl::string_view text) {
  TensorRef ref;
  if (absl::ConsumePrefix(&text, "^")) {
    ref.control = true;
    ref.node = std::string(text);
    return ref;
  }
  size_t colon = text.rfind(':');
  if (colon != absl::string_view::npos) {
    int index = 0;
    if (absl::SimpleAtoi(text.substr(colon + 1), &index) && index >= 0) {
      ref.node = std::string(text.substr(0, colon));
      ref.index = index;
      if (ref.node.empty()) return absl::InvalidArgumentError(absl::StrCat("empty node name in '", text, "'"));
      return ref;
    }
  }
  if (text.empty()) return absl::InvalidArgumentError("empty tensor name");
  ref.node = std::string(text);
  return ref;
}

}  // namespace tfconv
