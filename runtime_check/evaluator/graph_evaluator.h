// GraphEvaluator: runs a TF graph on host tensors with the op plugins' reference semantics (each
// op's `evaluate`), after the same front end and graph passes as a conversion, so any graph the
// converter accepts can be evaluated without TensorFlow and compared with the converted model.
//
//   ConversionRequest request;                 // the options a conversion takes
//   request.graph_def_file = "mnist_cnn.pbtxt";
//   request.input_arrays = {"image"};
//   request.input_shapes = "1,28,28,1";
//   request.output_arrays = {"probabilities"};
//   absl::StatusOr<std::unique_ptr<GraphEvaluator>> ev =
//       GraphEvaluator::Create(request, PluginSearchOptions{});   // or a Converter's registry()
//   (*ev)->inputs();                            // [{"image", float32, [1,28,28,1]}]
//   absl::StatusOr<std::vector<Tensor>> in = (*ev)->DefaultInputs();
//   absl::StatusOr<std::vector<Tensor>> out = (*ev)->Evaluate(*in);   // in output_arrays order
//
// How a node gets its value, in topological order from the model inputs:
// - a model input (a placeholder, or the cut that --input_arrays makes) takes the fed tensor, whose
//   dtype must be the input's and whose shape must fit it. The passes never fold placeholders, so
//   one evaluator runs any number of different inputs;
// - an output the passes folded to a constant (it depends on no input) keeps that value;
// - anything else runs its op's `evaluate` on its inputs' values. A forwarding op without one
//   (kForwardsInput) passes input 0 through. Stateful ops run too when their plugin gives them an
//   `evaluate` (CheckNumerics, Assert: TF's checks, deterministic); without one they cannot run.
// Nodes that cannot run (no plugin knows the op, or its plugin has no `evaluate`) are listed by
// unevaluable() as soon as the evaluator exists; Evaluate then fails with an error naming all of
// them. Each result is checked against what inference said of the node (count, dtype, shape);
// a disagreement is reported as a plugin bug naming the node.
#ifndef TFCONV_RUNTIME_CHECK_EVALUATOR_GRAPH_EVALUATOR_H_
#define TFCONV_RUNTIME_CHECK_EVALUATOR_GRAPH_EVALUATOR_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "converter/api/converter.h"
#include "converter/graph/graph.h"
#include "converter/graph/tensor.h"
#include "ops/op_registry.h"
#include "ops/plugin_discovery.h"

namespace tfconv {

// A model input or output as the evaluator sees it.
struct EvalTensorSpec {
  std::string name;         // as the converted model names it (the --input_arrays spelling)
  std::string tensor_name;  // the TF tensor after the passes: "node" or "node:1"
  DataType dtype = DataType::kInvalid;
  PartialShape shape = PartialShape::UnknownRank();
};

// A node Evaluate cannot run, and why.
struct UnevaluableNode {
  std::string node;
  std::string op;
  std::string reason;
};

// Called after each node of the run with its output values (a per-tensor comparison hooks in here).
using NodeObserver = std::function<void(const Node& node, absl::Span<const Tensor> outputs)>;

class GraphEvaluator {
 public:
  // Loads the plugins (see plugin_discovery.h) for this evaluator alone; a plugin that fails to
  // load is reported in plugin_warnings() and skipped, unless `strict`.
  static absl::StatusOr<std::unique_ptr<GraphEvaluator>> Create(const ConversionRequest& request,
                                                                const PluginSearchOptions& plugins,
                                                                bool strict = false);
  // With plugins loaded already (a Converter's registry()); `registry` must outlive the evaluator.
  static absl::StatusOr<std::unique_ptr<GraphEvaluator>> Create(const ConversionRequest& request,
                                                                const OpRegistry& registry);
  // An imported graph (`source_name` in messages). Of `request`, the input/output arrays and
  // shapes are read, and dump_graph_after_passes (the graph after each pass, to stderr).
  static absl::StatusOr<std::unique_ptr<GraphEvaluator>> FromGraph(Graph graph,
                                                                   const ConversionRequest& request,
                                                                   std::shared_ptr<const OpRegistry> registry,
                                                                   const std::string& source_name);

  // A source graph read by ReadSourceGraphs (converter.h): a SavedModel signature keeps its names.
  static absl::StatusOr<std::unique_ptr<GraphEvaluator>> FromSource(SourceGraph source,
                                                                    const ConversionRequest& request,
                                                                    std::shared_ptr<const OpRegistry> registry);

  const std::vector<EvalTensorSpec>& inputs() const { return inputs_; }
  // The SavedModel signature this evaluator runs ("serving_default" for a frozen graph).
  const std::string& signature_key() const { return signature_key_; }
  const std::vector<EvalTensorSpec>& outputs() const { return outputs_; }
  // Empty when every node the outputs need can run.
  const std::vector<UnevaluableNode>& unevaluable() const { return unevaluable_; }
  const std::vector<std::string>& plugin_warnings() const { return plugin_warnings_; }
  // How many nodes a run evaluates (folded constants and inputs excluded).
  int num_evaluated_nodes() const;

  // The validators' default pattern for every input (unknown dimensions become 1, as the
  // validators do; an input of unknown rank is an error).
  absl::StatusOr<std::vector<Tensor>> DefaultInputs() const;

  // Runs the graph; `inputs` in inputs() order. The outputs come in outputs() order.
  absl::StatusOr<std::vector<Tensor>> Evaluate(const std::vector<Tensor>& inputs,
                                               const NodeObserver& observer = nullptr) const;

 private:
  enum class Action { kFeed, kConstant, kEvaluate, kForward, kCannot };
  struct Step {
    const Node* node = nullptr;
    Action action = Action::kCannot;
    const OpRegistration* reg = nullptr;     // kEvaluate
    int input_index = -1;                    // kFeed: which model input
    std::vector<std::pair<int, int>> reads;  // (step, output index) per data input
    int last_use = -1;                       // the last step that reads this one
    bool keep = false;                       // a model output: never released
  };

  GraphEvaluator() = default;
  absl::Status Plan();
  absl::Status CheckFeeds(const std::vector<Tensor>& inputs) const;
  absl::Status CheckResult(const Step& step, const std::vector<Tensor>& values) const;

  std::shared_ptr<const OpRegistry> registry_;
  std::string source_name_;
  std::string signature_key_;
  Graph graph_;
  std::vector<Output> input_tensors_, output_tensors_;
  std::vector<EvalTensorSpec> inputs_, outputs_;
  std::vector<Step> steps_;
  std::vector<std::pair<int, int>> output_steps_;  // (step, output index) per model output
  std::vector<UnevaluableNode> unevaluable_;
  std::vector<std::string> plugin_warnings_;
};

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_EVALUATOR_GRAPH_EVALUATOR_H_
