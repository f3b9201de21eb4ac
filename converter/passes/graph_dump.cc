#include "converter/passes/graph_dump.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {

std::string DumpGraph(const Graph& graph) {
  std::string out;
  for (const Node* n : graph.nodes()) {
    std::vector<std::string> args;
    for (const Output& in : n->inputs) args.push_back(in.TensorName());
    for (const Node* c : n->control_inputs) args.push_back(absl::StrCat("^", c->name()));
    std::vector<std::string> results;
    for (const OutputInfo& o : n->outputs) {
      std::string r = absl::StrCat(o.dtype == DataType::kInvalid ? "?" : DataTypeName(o.dtype),
                                   o.shape.ToString());
      if (o.value.has_value()) absl::StrAppend(&r, " const");
      results.push_back(std::move(r));
    }
    absl::StrAppend(&out, n->name(), " = ", n->op(), "(", absl::StrJoin(args, ", "), ")");
    if (!results.empty()) absl::StrAppend(&out, " -> ", absl::StrJoin(results, ", "));
    if (!n->device.empty()) absl::StrAppend(&out, "  @", n->device);
    out += "\n";
  }
  return out;
}

}  // namespace tfconv
