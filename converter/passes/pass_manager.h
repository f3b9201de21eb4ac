// Runs named graph passes in order; an error is prefixed with the pass that raised it. A hook
// after each pass serves --debug (dump the graph, see graph_dump.h).
//
//   PassManager passes;
//   passes.Add("prune_to_outputs", PruneToOutputs);
//   passes.Add("infer_and_fold", InferAndFold);
//   passes.SetAfterPassHook([](absl::string_view pass, const Graph& g) {
//     std::cerr << "after " << pass << ":\n" << DumpGraph(g);
//   });
//   absl::Status s = passes.Run(graph, context);   // "pass 'infer_and_fold': node 'x' (Add): ..."
#ifndef TFCONV_CONVERTER_PASSES_PASS_MANAGER_H_
#define TFCONV_CONVERTER_PASSES_PASS_MANAGER_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "converter/graph/graph.h"
#include "converter/passes/pass_context.h"

namespace tfconv {

using PassFn = std::function<absl::Status(Graph&, const PassContext&)>;

class PassManager {
 public:
  using AfterPassHook = std::function<void(absl::string_view pass_name, const Graph& graph)>;

  void Add(std::string name, PassFn pass) { passes_.emplace_back(std::move(name), std::move(pass)); }
  // Called after each pass that succeeded.
  void SetAfterPassHook(AfterPassHook hook) { after_pass_ = std::move(hook); }
  std::vector<std::string> names() const;

  // Clears context.model_interface, then runs every pass in the order added; stops at the first
  // error, which keeps its code and reads "pass '<name>': <message>".
  absl::Status Run(Graph& graph, const PassContext& context) const;

 private:
  std::vector<std::pair<std::string, PassFn>> passes_;
  AfterPassHook after_pass_;
};

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_PASSES_PASS_MANAGER_H_
