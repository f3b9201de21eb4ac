#include "converter/passes/tensor_names.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {
namespace {

size_t EditDistance(absl::string_view a, absl::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

absl::string_view LastComponent(absl::string_view name) {
  size_t slash = name.rfind('/');
  return slash == absl::string_view::npos ? name : name.substr(slash + 1);
}

std::string Quoted(const std::vector<std::string>& names) {
  std::vector<std::string> q;
  for (const std::string& n : names) q.push_back(absl::StrCat("'", n, "'"));
  return absl::StrJoin(q, ", ");
}

}  // namespace

std::vector<std::string> ClosestNames(absl::string_view wanted,
                                      const std::vector<std::string>& candidates, size_t limit) {
  // About one edit per three characters: "prd" finds "pred" but not "Add".
  const size_t budget = std::max<size_t>(1, wanted.size() / 3);
  std::vector<std::pair<size_t, std::string>> scored;
  for (const std::string& c : candidates) {
    size_t score;
    if (LastComponent(c) == LastComponent(wanted)) {
      score = 1;  // same leaf name under another scope
    } else {
      // Lengths that differ by more than the budget cannot be within it; skip the quadratic work.
      size_t gap = c.size() > wanted.size() ? c.size() - wanted.size() : wanted.size() - c.size();
      if (gap > budget) continue;
      score = EditDistance(wanted, c);
      if (score > budget) continue;
    }
    scored.emplace_back(score, c);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && out.size() < limit; ++i) {
    if (scored[i].second != wanted) out.push_back(scored[i].second);
  }
  return out;
}

absl::StatusOr<std::vector<Output>> ResolveTensorNames(const Graph& graph,
                                                       const std::vector<std::string>& names,
                                                       absl::string_view what) {
  std::vector<Output> out;
  std::vector<std::string> missing;
  absl::flat_hash_map<std::pair<Node*, int>, std::string> seen;
  std::vector<std::string> node_names;  // filled on the first miss
  for (const std::string& name : names) {
    absl::StatusOr<TensorRef> ref = ParseTensorRef(name);
    if (!ref.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " '", name, "' is malformed: ", ref.status().message()));
    }
    if (ref->control) {
      return absl::InvalidArgumentError(absl::StrCat(
          what, " '", name, "' is a control reference; name a tensor (\"node\" or \"node:1\")"));
    }
    Node* node = graph.FindNode(ref->node);
    if (node == nullptr) {
      if (node_names.empty()) {
        for (const Node* n : graph.nodes()) node_names.push_back(n->name());
      }
      std::vector<std::string> near = ClosestNames(ref->node, node_names);
      missing.push_back(near.empty() ? absl::StrCat("'", name, "'")
                                     : absl::StrCat("'", name, "' (did you mean ", Quoted(near), "?)"));
      continue;
    }
    auto [it, fresh] = seen.emplace(std::make_pair(node, ref->index), name);
    if (!fresh) {
      return absl::InvalidArgumentError(absl::StrCat(what, "s '", it->second, "' and '", name,
                                                     "' name the same tensor"));
    }
    out.push_back({node, ref->index});
  }
  if (!missing.empty()) {
    return absl::NotFoundError(absl::StrCat(what, missing.size() == 1 ? " " : "s ",
                                            absl::StrJoin(missing, ", "),
                                            missing.size() == 1 ? " is" : " are",
                                            " not in the graph"));
  }
  return out;
}

}  // namespace tfconv
