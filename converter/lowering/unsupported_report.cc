#include "converter/lowering/unsupported_report.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/match.h"

namespace tfconv {

void UnsupportedReport::Add(const Node& node, std::string reason) {
  // Reasons from NodeUnsupported() start with the node's name, which the report shows already.
  std::string prefix = absl::StrCat("node '", node.name(), "' (", node.op(), "): ");
  if (absl::StartsWith(reason, prefix)) reason = reason.substr(prefix.size());
  Entry& e = by_op_[node.op()];
  e.nodes.push_back(node.name());
  if (std::find(e.reasons.begin(), e.reasons.end(), reason) == e.reasons.end()) {
    e.reasons.push_back(std::move(reason));
  }
  ++total_;
}

absl::Status UnsupportedReport::ToStatus(bool custom_ops_allowed) const {
  std::string out = absl::StrCat(total_, total_ == 1 ? " node" : " nodes", " cannot be converted (",
                                 by_op_.size(), by_op_.size() == 1 ? " op" : " ops", "):");
  constexpr size_t kMaxNamesShown = 10;
  for (const auto& [op, e] : by_op_) {
    std::vector<std::string> shown;
    for (size_t i = 0; i < e.nodes.size() && i < kMaxNamesShown; ++i) {
      shown.push_back(absl::StrCat("'", e.nodes[i], "'"));
    }
    std::string names = absl::StrJoin(shown, ", ");
    if (e.nodes.size() > kMaxNamesShown) {
      absl::StrAppend(&names, ", ... (", e.nodes.size() - kMaxNamesShown, " more)");
    }
    absl::StrAppend(&out, "\n  ", op, " x", e.nodes.size(), ": ", names, " — ",
                    absl::StrJoin(e.reasons, "; "));
  }
  if (!custom_ops_allowed) {
    absl::StrAppend(&out,
                    "\nOps that no plugin registers can be kept as TFLite custom ops with "
                    "--allow_custom_ops (the runtime then needs a kernel for each), or converted by "
                    "loading a plugin that lowers them (--plugin=libmy_ops.so).");
  }
  return absl::UnimplementedError(out);
}

}  // namespace tfconv
