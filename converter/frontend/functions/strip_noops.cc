#include "converter/frontend/functions/strip_noops.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "converter/frontend/functions/input_ref.h"

namespace tfconv {
namespace {

using tensorflow::GraphDef;
using tensorflow::NodeDef;

enum class Fate { kStay, kBypass, kDelete };

void AppendUnique(std::vector<std::string>& list, absl::flat_hash_set<std::string>& seen,
                  const std::string& item) {
  if (seen.insert(item).second) list.push_back(item);
}

class Stripper {
 public:
  Stripper(const GraphDef& graph, const std::string& source, bool strip_asserts)
      : source_(source), strip_asserts_(strip_asserts) {
    for (const NodeDef& node : graph.node()) by_name_.emplace(node.name(), &node);
  }

  bool Has(const std::string& name) const { return by_name_.contains(name); }
  void Keep(const std::string& name) { keep_.insert(name); }

  Fate FateOf(const NodeDef& node) const {
    if (keep_.contains(node.name())) return Fate::kStay;
    if (IsIdentityLikeOp(node.op())) return Fate::kBypass;
    if (node.op() == "NoOp" || (strip_asserts_ && node.op() == "Assert")) return Fate::kDelete;
    return Fate::kStay;
  }

  // The tensor a data input really reads, and the control inputs of the bypassed nodes on the way.
  absl::Status ResolveTensor(const std::string& input, const std::string& where, std::string& tensor,
                             std::vector<std::string>& controls, absl::flat_hash_set<std::string>& seen) {
    absl::StatusOr<InputRef> ref = ParseInputRef(input);
    if (!ref.ok()) return absl::InvalidArgumentError(absl::StrCat(where, ": ", ref.status().message()));
    absl::flat_hash_set<std::string> visited;
    while (true) {
      auto it = by_name_.find(ref->node);
      if (it == by_name_.end()) break;  // a dangling name: the importer reports it
      const NodeDef& node = *it->second;
      Fate fate = FateOf(node);
      if (fate == Fate::kStay) break;
      const std::string current = TensorName(ref->node, ref->index);
      if (fate == Fate::kDelete) {
        return absl::InvalidArgumentError(absl::StrCat(where, " reads '", current, "', but '",
                                                       node.name(), "' is a ", node.op(),
                                                       " and has no outputs"));
      }
      if (!visited.insert(node.name()).second) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": the identity-like nodes through '", node.name(), "' form a cycle"));
      }
      std::vector<std::string> data;
      for (const std::string& in : node.input()) {
        if (!in.empty() && in[0] == '^') {
          absl::StatusOr<const std::vector<std::string>*> c = ResolveControl(in.substr(1), where);
          if (!c.ok()) return c.status();
          for (const std::string& name : **c) AppendUnique(controls, seen, name);
        } else {
          data.push_back(in);
        }
      }
      const bool is_n = node.op() == "IdentityN";
      if (data.empty() || (!is_n && ref->index != 0) || ref->index >= static_cast<int>(data.size())) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, " reads '", current, "', but ", node.op(), " '", node.name(), "' has ",
            data.size(), " data input(s), so output ", ref->index, " does not exist"));
      }
      ref = ParseInputRef(data[ref->index]);
      if (!ref.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(source_, ": node '", node.name(), "': ", ref.status().message()));
      }
    }
    tensor = TensorName(ref->node, ref->index);
    return absl::OkStatus();
  }

  // The nodes a control edge to `name` stands for once bypassed and deleted nodes are gone.
  absl::StatusOr<const std::vector<std::string>*> ResolveControl(const std::string& name,
                                                                const std::string& where) {
    if (auto it = controls_.find(name); it != controls_.end()) return &it->second;
    auto it = by_name_.find(name);
    std::vector<std::string> result;
    if (it == by_name_.end() || FateOf(*it->second) == Fate::kStay) {
      result.push_back(name);
    } else if (FateOf(*it->second) == Fate::kBypass) {
      if (!in_progress_.insert(name).second) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": the control edges through identity-like node '", name, "' form a cycle"));
      }
      absl::flat_hash_set<std::string> seen;
      for (const std::string& in : it->second->input()) {
        absl::StatusOr<const std::vector<std::string>*> sub =
            ResolveControl(std::string(NodeOfInput(in)), where);
        if (!sub.ok()) return sub.status();
        for (const std::string& n : **sub) AppendUnique(result, seen, n);
      }
      in_progress_.erase(name);
    }
    return &(controls_[name] = std::move(result));
  }

 private:
  const std::string& source_;
  const bool strip_asserts_;
  absl::flat_hash_map<std::string, const NodeDef*> by_name_;
  absl::flat_hash_set<std::string> keep_;
  absl::node_hash_map<std::string, std::vector<std::string>> controls_;  // stable references
  absl::flat_hash_set<std::string> in_progress_;
};

}  // namespace

bool IsIdentityLikeOp(const std::string& op) {
  return op == "Identity" || op == "IdentityN" || op == "StopGradient" || op == "PreventGradient" ||
         op == "Snapshot" || op == "CheckNumerics" || op == "CheckNumericsV2";
}

absl::Status StripInferenceNoOps(tensorflow::GraphDef& graph, const std::string& source_name,
                                 const StripOptions& options) {
  Stripper stripper(graph, source_name, options.strip_asserts);
  for (const std::string& wanted : options.keep) {
    absl::StatusOr<InputRef> ref = ParseInputRef(wanted);
    if (!ref.ok() || ref->control || !stripper.Has(ref->node)) {
      return absl::NotFoundError(absl::StrCat(source_name, ": the node '", wanted,
                                              "' to keep is not in the graph"));
    }
    stripper.Keep(ref->node);
  }

  std::vector<NodeDef> out;
  for (const NodeDef& node : graph.node()) {
    if (stripper.FateOf(node) != Fate::kStay) continue;
    const std::string where = absl::StrCat(source_name, ": node '", node.name(), "'");
    NodeDef n = node;
    n.clear_device();
    n.clear_input();
    std::vector<std::string> controls;
    absl::flat_hash_set<std::string> seen;
    for (const std::string& in : node.input()) {
      if (!in.empty() && in[0] == '^') {
        absl::StatusOr<const std::vector<std::string>*> c = stripper.ResolveControl(in.substr(1), where);
        if (!c.ok()) return c.status();
        for (const std::string& name : **c) AppendUnique(controls, seen, name);
        continue;
      }
      std::string tensor;
      absl::Status s = stripper.ResolveTensor(in, where, tensor, controls, seen);
      if (!s.ok()) return s;
      n.add_input(tensor);
    }
    absl::flat_hash_set<std::string> read;
    for (const std::string& in : n.input()) read.insert(std::string(NodeOfInput(in)));
    for (const std::string& c : controls) {
      // Waiting for a node the data inputs read anyway (or for itself) adds nothing.
      if (c != node.name() && !read.contains(c)) n.add_input(absl::StrCat("^", c));
    }
    out.push_back(std::move(n));
  }
  graph.clear_node();
  for (NodeDef& n : out) *graph.add_node() = std::move(n);
  return absl::OkStatus();
}

absl::StatusOr<std::string> ResolveThroughIdentities(const tensorflow::GraphDef& graph,
                                                     const std::string& tensor,
                                                     const std::string& source_name) {
  Stripper stripper(graph, source_name, /*strip_asserts=*/true);
  absl::StatusOr<InputRef> ref = ParseInputRef(tensor);
  if (!ref.ok() || ref->control) {
    return absl::InvalidArgumentError(absl::StrCat(source_name, ": '", tensor,
                                                   "' is not a tensor name (\"node\" or \"node:i\")"));
  }
  if (!stripper.Has(ref->node)) {
    return absl::NotFoundError(absl::StrCat(source_name, ": the tensor '", tensor,
                                            "' names a node that is not in the graph"));
  }
  std::string resolved;
  std::vector<std::string> controls;
  absl::flat_hash_set<std::string> seen;
  absl::Status s = stripper.ResolveTensor(tensor, absl::StrCat(source_name, ": tensor '", tensor, "'"),
                                          resolved, controls, seen);
  if (!s.ok()) return s;
  return resolved;
}

}  // namespace tfconv
