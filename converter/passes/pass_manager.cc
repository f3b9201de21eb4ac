#include "converter/passes/pass_manager.h"

#include "absl/strings/str_cat.h"

namespace tfconv {

std::vector<std::string> PassManager::names() const {
  std::vector<std::string> out;
  out.reserve(passes_.size());
  for (const auto& [name, pass] : passes_) out.push_back(name);
  return out;
}

absl::Status PassManager::Run(Graph& graph, const PassContext& context) const {
  absl::Status valid = CheckPassContext(context);
  if (!valid.ok()) return valid;
  *context.model_interface = ModelInterface();  // filled afresh for this graph
  for (const auto& [name, pass] : passes_) {
    absl::Status s = pass(graph, context);
    if (!s.ok()) return absl::Status(s.code(), absl::StrCat("pass '", name, "': ", s.message()));
    if (after_pass_) after_pass_(name, graph);
  }
  return absl::OkStatus();
}

}  // namespace tfconv
