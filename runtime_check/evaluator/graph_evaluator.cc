#include "runtime_check/evaluator/graph_evaluator.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "converter/passes/pass_context.h"
#include "ops/op_context.h"
#include "ops/plugin_loader.h"
#include "runtime_check/evaluator/input_feeds.h"

namespace tfconv {
namespace {

// A concrete shape fits a partial one: same rank, equal wherever the partial one is known.
bool Fits(const std::vector<int64_t>& dims, const PartialShape& shape) {
  if (!shape.known_rank()) return true;
  if (shape.rank() != static_cast<int>(dims.size())) return false;
  for (int i = 0; i < shape.rank(); ++i) {
    if (shape.dim(i) >= 0 && shape.dim(i) != dims[i]) return false;
  }
  return true;
}

std::string Describe(DataType dtype, const PartialShape& shape) {
  return absl::StrCat(dtype == DataType::kInvalid ? "any type" : DataTypeName(dtype), " ", shape.ToString());
}

absl::Status WithSource(const std::string& source, const absl::Status& s) {
  if (s.ok() || source.empty()) return s;
  return absl::Status(s.code(), absl::StrCat(source, ": ", s.message()));
}

// Every output a known constant: the passes folded the node.
bool IsFolded(const Node& node) {
  return node.num_outputs() > 0 && std::all_of(node.outputs.begin(), node.outputs.end(),
                                               [](const OutputInfo& o) { return o.value.has_value(); });
}

// The roots and what they need, producers first (depth first, data inputs in order, then control
// inputs), deterministic. A leaf needs none of its data inputs, only its control inputs (a folded
// constant that waits for an Assert still waits for it).
absl::StatusOr<std::vector<const Node*>> ExecutionOrder(const std::vector<const Node*>& roots,
                                                        const absl::flat_hash_set<const Node*>& leaves) {
  enum State { kNew, kOpen, kDone };
  absl::flat_hash_map<const Node*, State> state;
  std::vector<const Node*> order;
  struct Frame {
    const Node* node;
    size_t next;  // the next dependency to visit
  };
  auto dependencies = [&](const Node* n) {
    std::vector<const Node*> deps;
    if (!leaves.contains(n)) {
      for (const Output& in : n->inputs) deps.push_back(in.node);
    }
    for (const Node* c : n->control_inputs) deps.push_back(c);
    return deps;
  };
  for (const Node* root : roots) {
    if (state[root] != kNew) continue;
    std::vector<std::pair<Frame, std::vector<const Node*>>> stack;
    stack.push_back({{root, 0}, dependencies(root)});
    state[root] = kOpen;
    while (!stack.empty()) {
      auto& [frame, deps] = stack.back();
      if (frame.next == deps.size()) {
        state[frame.node] = kDone;
        order.push_back(frame.node);
        stack.pop_back();
        continue;
      }
      const Node* dep = deps[frame.next++];
      State& s = state[dep];
      if (s == kOpen) return NodeError(*dep, "is on a cycle of the graph");
      if (s == kDone) continue;
      s = kOpen;
      stack.push_back({{dep, 0}, dependencies(dep)});
    }
  }
  return order;
}

EvalTensorSpec SpecOf(const InterfaceTensor& t) {
  EvalTensorSpec spec;
  spec.name = t.name;
  spec.tensor_name = t.tensor.TensorName();
  if (t.tensor.node != nullptr && t.tensor.index < t.tensor.node->num_outputs()) {
    const OutputInfo& info = t.tensor.node->outputs[t.tensor.index];
    spec.dtype = info.dtype;
    spec.shape = info.shape;
  }
  return spec;
}

// The one graph an evaluator runs: the frozen graph, or one SavedModel signature (the one asked
// for, else "serving_default", else the first).
absl::StatusOr<SourceGraph> ReadOneSource(const ConversionRequest& request, const OpRegistry& registry) {
  if (request.saved_model_signature_keys.size() > 1) {
    return absl::InvalidArgumentError("the evaluator runs one signature at a time; give one --saved_model_signature_key");
  }
  absl::StatusOr<std::vector<SourceGraph>> sources = ReadSourceGraphs(request, registry);
  if (!sources.ok()) return sources.status();
  for (SourceGraph& s : *sources) {
    if (s.signature_key == "serving_default") return std::move(s);
  }
  return std::move(sources->front());
}

}  // namespace

absl::StatusOr<std::unique_ptr<GraphEvaluator>> GraphEvaluator::Create(const ConversionRequest& request,
                                                                       const PluginSearchOptions& plugins,
                                                                       bool strict) {
  auto registry = std::make_shared<OpRegistry>();
  absl::StatusOr<PluginLoadReport> report = LoadAllPlugins(plugins, *registry, strict);
  if (!report.ok()) return report.status();
  if (report->loaded.empty()) {
    std::string why = report->errors.empty() ? "" : absl::StrCat(" (", absl::StrJoin(report->errors, "; "), ")");
    return absl::NotFoundError(absl::StrCat(
        "no op plugin could be loaded", why,
        ". The built-in plugins are found in the runfiles (<exe>.runfiles/tfconv/plugins) or in "
        "<exe dir>/plugins; give a data dependency on //plugins:builtin_plugins, or point "
        "--plugin_dir / TFCONV_PLUGIN_PATH at the plugins"));
  }
  absl::StatusOr<SourceGraph> source = ReadOneSource(request, *registry);
  if (!source.ok()) return source.status();
  absl::StatusOr<std::unique_ptr<GraphEvaluator>> ev = FromSource(*std::move(source), request, std::move(registry));
  if (ev.ok()) (*ev)->plugin_warnings_ = std::move(report->errors);
  return ev;
}

absl::StatusOr<std::unique_ptr<GraphEvaluator>> GraphEvaluator::Create(const ConversionRequest& request,
                                                                       const OpRegistry& registry) {
  absl::StatusOr<SourceGraph> source = ReadOneSource(request, registry);
  if (!source.ok()) return source.status();
  // Not owned: the caller keeps the registry alive.
  std::shared_ptr<const OpRegistry> borrowed(&registry, [](const OpRegistry*) {});
  return FromSource(*std::move(source), request, std::move(borrowed));
}

absl::StatusOr<std::unique_ptr<GraphEvaluator>> GraphEvaluator::FromGraph(
    Graph graph, const ConversionRequest& request, std::shared_ptr<const OpRegistry> registry,
    const std::string& source_name) {
  SourceGraph source;
  source.graph = std::move(graph);
  source.source_name = source_name;
  source.input_arrays = request.input_arrays;
  source.output_arrays = request.output_arrays;
  return FromSource(std::move(source), request, std::move(registry));
}

absl::StatusOr<std::unique_ptr<GraphEvaluator>> GraphEvaluator::FromSource(
    SourceGraph source, const ConversionRequest& request, std::shared_ptr<const OpRegistry> registry) {
  if (registry == nullptr) return absl::InvalidArgumentError("the evaluator needs an op registry");
  const std::string source_name = source.source_name;
  // The converter's own front end, so both see the same graph.
  ModelInterface interface;
  absl::Status status = PrepareSourceGraph(request, *registry, source, interface);
  Graph& graph = source.graph;
  if (!status.ok()) return WithSource(source_name, status);

  std::unique_ptr<GraphEvaluator> ev(new GraphEvaluator());
  ev->registry_ = std::move(registry);
  ev->source_name_ = source_name;
  ev->signature_key_ = source.signature_key;
  ev->graph_ = std::move(graph);  // nodes keep their addresses, so the interface stays valid
  for (const InterfaceTensor& t : interface.inputs) {
    ev->input_tensors_.push_back(t.tensor);
    ev->inputs_.push_back(SpecOf(t));
  }
  for (const InterfaceTensor& t : interface.outputs) {
    ev->output_tensors_.push_back(t.tensor);
    ev->outputs_.push_back(SpecOf(t));
  }
  status = ev->Plan();
  if (!status.ok()) return WithSource(source_name, status);
  return ev;
}

absl::Status GraphEvaluator::Plan() {
  absl::flat_hash_set<const Node*> leaves;  // model inputs and folded constants
  for (const Output& o : input_tensors_) leaves.insert(o.node);
  for (const Node* n : graph_.nodes()) {
    if (IsFolded(*n)) leaves.insert(n);
  }
  std::vector<const Node*> roots;
  for (const Output& o : output_tensors_) roots.push_back(o.node);
  absl::StatusOr<std::vector<const Node*>> order = ExecutionOrder(roots, leaves);
  if (!order.ok()) return order.status();

  absl::flat_hash_map<const Node*, int> input_of;
  for (size_t i = 0; i < input_tensors_.size(); ++i) input_of[input_tensors_[i].node] = static_cast<int>(i);
  absl::flat_hash_map<const Node*, int> step_of;
  for (const Node* node : *order) {
    const int s = static_cast<int>(steps_.size());
    step_of[node] = s;
    Step step;
    step.node = node;
    const OpRegistration* reg = registry_->Find(node->op());
    const bool folded = IsFolded(*node);
    std::string cannot;
    if (auto it = input_of.find(node); it != input_of.end()) {
      step.action = Action::kFeed;
      step.input_index = it->second;
    } else if (folded) {
      step.action = Action::kConstant;
    } else if (reg == nullptr) {
      cannot = absl::StrCat("no plugin registers op '", node->op(), "'");
    } else if ((reg->traits & kGraphInput) && node->inputs.empty()) {
      cannot = "a graph input that is not one of the model's inputs";
    } else if (reg->evaluate) {
      step.action = Action::kEvaluate;
      step.reg = reg;
    } else if ((reg->traits & kForwardsInput) && !node->inputs.empty()) {
      step.action = Action::kForward;
    } else {
      cannot = absl::StrCat("plugin '", reg->plugin_id, "' gives the op no reference semantics (evaluate)",
                            (reg->traits & kStateful) ? "; it is stateful" : "");
    }
    if (!cannot.empty()) {
      step.action = Action::kCannot;
      unevaluable_.push_back(UnevaluableNode{node->name(), node->op(), std::move(cannot)});
    }
    if (step.action == Action::kEvaluate || step.action == Action::kForward) {
      for (const Output& in : node->inputs) {
        auto producer = step_of.find(in.node);
        if (producer == step_of.end()) {
          return NodeError(*node, absl::StrCat("reads '", in.TensorName(), "', which the plan does not hold"));
        }
        step.reads.emplace_back(producer->second, in.index);
        steps_[producer->second].last_use = s;
      }
    }
    steps_.push_back(std::move(step));
  }
  for (const Output& o : output_tensors_) {
    const int s = step_of.at(o.node);
    steps_[s].keep = true;
    output_steps_.emplace_back(s, o.index);
  }
  return absl::OkStatus();
}

int GraphEvaluator::num_evaluated_nodes() const {
  return static_cast<int>(std::count_if(steps_.begin(), steps_.end(),
                                        [](const Step& s) { return s.action == Action::kEvaluate; }));
}

absl::StatusOr<std::vector<Tensor>> GraphEvaluator::DefaultInputs() const {
  return ArrangeInputs(inputs_, {});
}

absl::Status GraphEvaluator::CheckFeeds(const std::vector<Tensor>& inputs) const {
  if (inputs.size() != inputs_.size()) {
    return absl::InvalidArgumentError(absl::StrCat("the graph has ", inputs_.size(), " input(s), ",
                                                   inputs.size(), " given"));
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    const EvalTensorSpec& spec = inputs_[i];
    const Tensor& t = inputs[i];
    const bool type_ok = spec.dtype == DataType::kInvalid || spec.dtype == t.dtype();
    if (!t.IsValid() || !type_ok || !Fits(t.shape(), spec.shape)) {
      return absl::InvalidArgumentError(absl::StrCat("input '", spec.name, "' (#", i, ") must be ",
                                                     Describe(spec.dtype, spec.shape), ", got ",
                                                     t.IsValid() ? "" : "a malformed ", t.DebugString()));
    }
  }
  return absl::OkStatus();
}

absl::Status GraphEvaluator::CheckResult(const Step& step, const std::vector<Tensor>& values) const {
  const Node& node = *step.node;
  for (size_t i = 0; i < values.size(); ++i) {
    const Tensor& t = values[i];
    auto plugin_bug = [&](const std::string& what) {
      return NodeError(node, absl::StrCat("evaluate returned ", what, " for output ", i, " (a bug in plugin '",
                                          step.reg->plugin_id, "')"));
    };
    if (!t.IsValid()) return plugin_bug(absl::StrCat("a malformed ", t.DebugString()));
    if (static_cast<int>(i) >= node.num_outputs()) continue;
    const OutputInfo& info = node.outputs[i];
    if (info.dtype != DataType::kInvalid && info.dtype != t.dtype()) {
      return plugin_bug(absl::StrCat(t.DebugString(), " where inference said ", DataTypeName(info.dtype)));
    }
    if (!Fits(t.shape(), info.shape)) {
      return plugin_bug(absl::StrCat(t.DebugString(), " where inference said shape ", info.shape.ToString()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> GraphEvaluator::Evaluate(const std::vector<Tensor>& inputs,
                                                             const NodeObserver& observer) const {
  if (!unevaluable_.empty()) {
    std::vector<std::string> list;
    for (const UnevaluableNode& u : unevaluable_) {
      list.push_back(absl::StrCat("node '", u.node, "' (", u.op, "): ", u.reason));
    }
    return WithSource(source_name_, absl::UnimplementedError(absl::StrCat(
        "cannot evaluate ", unevaluable_.size(), " node(s): ", absl::StrJoin(list, "; "))));
  }
  absl::Status status = CheckFeeds(inputs);
  if (!status.ok()) return WithSource(source_name_, status);

  std::vector<std::vector<Tensor>> values(steps_.size());
  std::vector<Tensor> args;
  for (size_t s = 0; s < steps_.size(); ++s) {
    const Step& step = steps_[s];
    const Node& node = *step.node;
    args.clear();
    for (size_t i = 0; i < step.reads.size(); ++i) {
      const auto [producer, index] = step.reads[i];
      if (index >= static_cast<int>(values[producer].size())) {
        return WithSource(source_name_, NodeError(node, absl::StrCat(
            "input #", i, " reads output ", index, " of '", steps_[producer].node->name(), "', which has ",
            values[producer].size(), " output value(s)")));
      }
      args.push_back(values[producer][index]);  // shares the bytes
    }
    switch (step.action) {
      case Action::kFeed:
        values[s] = {inputs[step.input_index]};
        break;
      case Action::kConstant:
        for (const OutputInfo& o : node.outputs) values[s].push_back(*o.value);
        break;
      case Action::kForward:
        values[s] = {args.at(0)};
        break;
      case Action::kEvaluate: {
        absl::StatusOr<std::vector<Tensor>> out = step.reg->evaluate(EvalContext(node, args));
        if (!out.ok()) return WithSource(source_name_, out.status());
        status = CheckResult(step, *out);
        if (!status.ok()) return WithSource(source_name_, status);
        values[s] = *std::move(out);
        break;
      }
      case Action::kCannot:
        return absl::InternalError("an unevaluable node was planned");  // unevaluable_ caught it
    }
    if (observer) observer(node, values[s]);
    // Values nobody reads any more are released, so memory follows the live tensors.
    for (const auto& [producer, index] : step.reads) {
      if (steps_[producer].last_use == static_cast<int>(s) && !steps_[producer].keep) {
        values[producer] = std::vector<Tensor>();
      }
    }
  }
  std::vector<Tensor> outputs;
  for (size_t i = 0; i < output_steps_.size(); ++i) {
    const auto [s, index] = output_steps_[i];
    if (index >= static_cast<int>(values[s].size())) {
      return WithSource(source_name_, absl::InternalError(absl::StrCat(
          "output '", outputs_[i].name, "' names output ", index, " of '", steps_[s].node->name(),
          "', which produced ", values[s].size())));
    }
    outputs.push_back(values[s][index]);
  }
  return outputs;
}

}  // namespace tfconv
