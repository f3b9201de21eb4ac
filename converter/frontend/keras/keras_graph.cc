#include "converter/frontend/keras/keras_graph.h"

#include <map>
#include <memory>
#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "converter/frontend/keras/keras_config.h"
#include "ops/keras_layer.h"
#include "ops/op_context.h"

namespace tfconv {

std::string KerasLayerPath::ToString() const { return absl::StrJoin(names, "/"); }

absl::StatusOr<std::vector<KerasWeight>> InMemoryKerasWeights::LayerWeights(const KerasLayerPath& layer) const {
  auto it = weights_.find(layer.ToString());
  if (it == weights_.end()) return std::vector<KerasWeight>{};
  return it->second;
}

namespace {

// Keras 2 names weights "<layer>/kernel:0" (nested scopes before); the builder asks for "kernel".
std::string ShortWeightName(const std::string& name) {
  std::string s = name;
  size_t slash = s.rfind('/');
  if (slash != std::string::npos) s = s.substr(slash + 1);
  size_t colon = s.rfind(':');
  if (colon != std::string::npos) s = s.substr(0, colon);
  return s;
}

// The weights of one layer, named: Keras 2 files name them, Keras 3 ones are named here from the
// layer registration's creation order.
class LayerWeightTable {
 public:
  absl::Status Load(const KerasWeightSource& source, const KerasLayerPath& path, const KerasLayerSpec& layer,
                    const KerasLayerRegistration* registration) {
    absl::StatusOr<std::vector<KerasWeight>> weights = source.LayerWeights(path);
    if (!weights.ok()) return weights.status();
    bool named = false;
    for (const KerasWeight& w : *weights) named = named || !w.name.empty();
    if (named) {
      for (const KerasWeight& w : *weights) by_name_[ShortWeightName(w.name)] = w.value;
      return absl::OkStatus();
    }
    if (weights->empty()) return absl::OkStatus();
    std::vector<std::string> names;
    if (registration != nullptr && registration->variable_names) names = registration->variable_names(layer.config);
    if (names.size() != weights->size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          source.source_name(), ": layer '", path.ToString(), "' (", layer.class_name, ") has ", weights->size(),
          " numbered weights in the file but its builder expects ", names.size(), " (",
          absl::StrJoin(names, ", "), "); the config and the weights do not belong together"));
    }
    for (size_t i = 0; i < names.size(); ++i) by_name_[names[i]] = (*weights)[i].value;
    return absl::OkStatus();
  }
  const Tensor* Find(absl::string_view name) const {
    auto it = by_name_.find(std::string(name));
    return it == by_name_.end() ? nullptr : &it->second;
  }
  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    for (const auto& [n, t] : by_name_) out.push_back(n);
    return out;
  }

 private:
  std::map<std::string, Tensor> by_name_;
};

// Everything one model build shares.
struct BuildState {
  Graph* graph = nullptr;
  const OpRegistry* registry = nullptr;
  const KerasWeightSource* weights = nullptr;
};

absl::Status InferNode(const OpRegistry& registry, Node& node) {
  const OpRegistration* reg = registry.Find(node.op());
  if (reg == nullptr) {
    return NodeError(node, absl::StrCat("no loaded plugin registers TF op '", node.op(),
                                        "', which the Keras layer builder emitted; load the plugin that owns it"));
  }
  InferenceContext context(node);
  return reg->infer(context);
}

class LayerCallContext : public KerasLayerContext {
 public:
  LayerCallContext(BuildState& state, const KerasLayerSpec& layer, const KerasLayerPath& path,
                   std::string node_prefix, std::vector<Output> inputs, const LayerWeightTable& weights)
      : state_(state),
        layer_(layer),
        path_(path),
        prefix_(std::move(node_prefix)),
        inputs_(std::move(inputs)),
        weights_(weights) {}

  const std::string& layer_name() const override { return layer_.name; }
  const std::string& class_name() const override { return layer_.class_name; }
  const nlohmann::json& config() const override { return layer_.config; }
  int num_inputs() const override { return static_cast<int>(inputs_.size()); }
  Output input(int i) const override { return inputs_[i]; }
  DataType input_type(int i) const override { return type_of(inputs_[i]); }
  const PartialShape& input_shape(int i) const override { return shape_of(inputs_[i]); }

  bool HasWeight(absl::string_view name) const override { return weights_.Find(name) != nullptr; }
  absl::StatusOr<Tensor> Weight(absl::string_view name) const override {
    const Tensor* t = weights_.Find(name);
    if (t != nullptr) return *t;
    std::vector<std::string> have = weights_.Names();
    return absl::InvalidArgumentError(absl::StrCat(
        state_.weights->source_name(), ": layer '", path_.ToString(), "' (", layer_.class_name, ") needs weight '",
        name, "' but the file has ", have.empty() ? "no weights for it" : absl::StrCat("only ", absl::StrJoin(have, ", ")),
        "; re-save the model with its weights (model.save, not a config-only export)"));
  }

  Output Const(absl::string_view suffix, Tensor value) override {
    Node* node = state_.graph->AddNode(state_.graph->UniqueName(absl::StrCat(prefix_, "/", suffix)), "Const");
    node->attrs["dtype"] = value.dtype();
    node->EnsureOutputs(1);
    node->outputs[0].dtype = value.dtype();
    node->outputs[0].shape = PartialShape(value.shape());
    node->outputs[0].value = value;
    node->attrs["value"] = std::move(value);
    return {node, 0};
  }

  absl::StatusOr<Output> AddOp(absl::string_view suffix, absl::string_view op, std::vector<Output> inputs,
                               AttrMap attrs) override {
    for (const Output& in : inputs) {
      if (in.node == nullptr || in.index >= in.node->num_outputs()) {
        return Error(absl::StrCat("builder bug: an input of its '", op, "' node is not a tensor of the graph"));
      }
    }
    Node* node = state_.graph->AddNode(state_.graph->UniqueName(absl::StrCat(prefix_, "/", suffix)), std::string(op));
    // Most TF ops carry their element type in "T"; builders may leave it to the first input.
    if (attrs.find("T") == attrs.end() && !inputs.empty()) attrs["T"] = type_of(inputs[0]);
    node->attrs = std::move(attrs);
    for (const Output& in : inputs) node->AddInput(in);
    absl::Status inferred = InferNode(*state_.registry, *node);
    if (!inferred.ok()) {
      return Error(absl::StrCat("the ", op, " node it emits is rejected: ", inferred.message()));
    }
    if (node->num_outputs() == 0) node->EnsureOutputs(1);
    return Output{node, 0};
  }

  DataType type_of(Output o) const override { return o.node->outputs[o.index].dtype; }
  const PartialShape& shape_of(Output o) const override { return o.node->outputs[o.index].shape; }

  void SetOutputs(std::vector<Output> outputs) override { outputs_ = std::move(outputs); }
  const std::vector<Output>& outputs() const { return outputs_; }

 private:
  BuildState& state_;
  const KerasLayerSpec& layer_;
  const KerasLayerPath& path_;
  std::string prefix_;
  std::vector<Output> inputs_;
  const LayerWeightTable& weights_;
  std::vector<Output> outputs_;
};

absl::StatusOr<DataType> KerasDType(const std::string& name, const std::string& where) {
  static const std::map<std::string, DataType>* kTypes = new std::map<std::string, DataType>{
      {"float32", DataType::kFloat},  {"float64", DataType::kDouble}, {"float16", DataType::kHalf},
      {"int32", DataType::kInt32},    {"int64", DataType::kInt64},    {"int8", DataType::kInt8},
      {"int16", DataType::kInt16},    {"uint8", DataType::kUInt8},    {"bool", DataType::kBool},
      {"string", DataType::kString},
  };
  auto it = kTypes->find(name);
  if (it == kTypes->end()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": unsupported input dtype '", name, "'"));
  }
  return it->second;
}

class ModelBuilder {
 public:
  explicit ModelBuilder(BuildState& state) : state_(state) {}

  // Builds `model` called on `inputs` (empty at the top level: placeholders are made for its
  // InputLayers). `outer` is where the model sits; `prefix` starts its node names.
  absl::StatusOr<std::vector<Output>> Build(const KerasModelSpec& model, const KerasLayerPath& outer,
                                            const std::string& prefix, const std::vector<Output>& inputs,
                                            KerasGraph* top) {
    std::map<std::pair<std::string, int>, std::vector<Output>> produced;  // (layer, node index) -> outputs
    std::map<std::string, const KerasLayerSpec*> by_name;
    std::map<std::string, std::string> keras3_keys = Keras3Keys(model);
    for (const KerasLayerSpec& layer : model.layers) by_name[layer.name] = &layer;

    // Model inputs: placeholders at the top level, the call's tensors for a nested model.
    if (!inputs.empty() && inputs.size() != model.inputs.size()) {
      return absl::InvalidArgumentError(absl::StrCat("nested model '", model.name, "' has ", model.inputs.size(),
                                                     " inputs but is called on ", inputs.size()));
    }
    for (size_t i = 0; i < model.inputs.size(); ++i) {
      const KerasTensorRef& ref = model.inputs[i];
      auto it = by_name.find(ref.layer);
      if (it == by_name.end()) {
        return absl::InvalidArgumentError(absl::StrCat("model '", model.name, "' names input layer '", ref.layer,
                                                       "', which is not among its layers"));
      }
      if (!inputs.empty()) {
        produced[{ref.layer, 0}] = {inputs[i]};
        continue;
      }
      absl::StatusOr<Output> placeholder = MakePlaceholder(*it->second, prefix);
      if (!placeholder.ok()) return placeholder.status();
      produced[{ref.layer, 0}] = {*placeholder};
      if (top != nullptr) top->inputs.push_back(placeholder->node->name());
    }

    // Layer calls, in config order, repeated until none is left: a shared layer's later calls
    // may come before the layers they read.
    struct PendingCall {
      const KerasLayerSpec* layer;
      int node_index;
    };
    std::vector<PendingCall> pending;
    for (const KerasLayerSpec& layer : model.layers) {
      if (IsInputLayer(layer)) continue;
      // Calls keep the numbers the config's references use.
      const int first = layer.nested != nullptr && layer.nested->skip_first_node ? 1 : 0;
      for (size_t k = 0; k < layer.calls.size(); ++k) pending.push_back({&layer, first + static_cast<int>(k)});
    }
    while (!pending.empty()) {
      std::vector<PendingCall> waiting;
      for (const PendingCall& call : pending) {
        const int first = call.layer->nested != nullptr && call.layer->nested->skip_first_node ? 1 : 0;
        const KerasLayerCall& spec = call.layer->calls[call.node_index - first];
        std::vector<Output> call_inputs;
        bool ready = true;
        for (const KerasTensorRef& ref : spec.inputs) {
          auto it = produced.find({ref.layer, ref.node_index});
          if (it == produced.end()) {
            ready = false;
            break;
          }
          if (ref.tensor_index < 0 || ref.tensor_index >= static_cast<int>(it->second.size())) {
            return absl::InvalidArgumentError(absl::StrCat("layer '", call.layer->name, "' reads output ",
                                                           ref.tensor_index, " of layer '", ref.layer, "', which has ",
                                                           it->second.size()));
          }
          call_inputs.push_back(it->second[ref.tensor_index]);
        }
        if (!ready) {
          waiting.push_back(call);
          continue;
        }
        KerasLayerPath path = outer;
        path.names.push_back(call.layer->name);
        path.keras3_keys.push_back(keras3_keys[call.layer->name]);
        std::string node_prefix = absl::StrCat(prefix, call.layer->name);
        if (call.node_index > first) absl::StrAppend(&node_prefix, "_call", call.node_index - first);
        absl::StatusOr<std::vector<Output>> outputs = CallLayer(*call.layer, path, node_prefix, call_inputs);
        if (!outputs.ok()) return outputs.status();
        produced[{call.layer->name, call.node_index}] = *std::move(outputs);
      }
      if (waiting.size() == pending.size()) {
        std::vector<std::string> names;
        for (const PendingCall& call : waiting) names.push_back(call.layer->name);
        return absl::InvalidArgumentError(absl::StrCat(
            "model '", model.name, "': the inputs of layer(s) ", absl::StrJoin(names, ", "),
            " are never produced (a reference to a missing layer or call, or a cycle)"));
      }
      pending.swap(waiting);
    }

    std::vector<Output> results;
    for (const KerasTensorRef& ref : model.outputs) {
      auto it = produced.find({ref.layer, ref.node_index});
      if (it == produced.end() || ref.tensor_index >= static_cast<int>(it->second.size())) {
        return absl::InvalidArgumentError(absl::StrCat("model '", model.name, "' names output layer '", ref.layer,
                                                       "' (node ", ref.node_index, ", tensor ", ref.tensor_index,
                                                       "), which the model does not produce"));
      }
      results.push_back(it->second[ref.tensor_index]);
      if (top != nullptr) top->output_layers.push_back(ref.layer);
    }
    return results;
  }

 private:
  static bool IsInputLayer(const KerasLayerSpec& layer) { return layer.class_name == "InputLayer"; }

  // Keras 3 weight files address a layer by its class name in snake_case, numbered in layer order.
  static std::map<std::string, std::string> Keras3Keys(const KerasModelSpec& model) {
    std::map<std::string, std::string> keys;
    std::map<std::string, int> used;
    for (const KerasLayerSpec& layer : model.layers) {
      std::string key = KerasSnakeCase(layer.class_name);
      auto it = used.find(key);
      if (it == used.end()) {
        used[key] = 0;
      } else {
        key = absl::StrCat(key, "_", ++it->second);
      }
      keys[layer.name] = key;
    }
    return keys;
  }

  absl::StatusOr<Output> MakePlaceholder(const KerasLayerSpec& layer, const std::string& prefix) {
    absl::StatusOr<KerasInputSpec> spec = ReadInputSpec(layer);
    if (!spec.ok()) return spec.status();
    absl::StatusOr<DataType> dtype = KerasDType(spec->dtype, absl::StrCat("input layer '", layer.name, "'"));
    if (!dtype.ok()) return dtype.status();
    Node* node = state_.graph->AddNode(state_.graph->UniqueName(prefix + layer.name), "Placeholder");
    node->attrs["dtype"] = *dtype;
    node->attrs["shape"] = PartialShape(spec->batch_shape);
    absl::Status inferred = InferNode(*state_.registry, *node);
    if (!inferred.ok()) return inferred;
    return Output{node, 0};
  }

  absl::StatusOr<std::vector<Output>> CallLayer(const KerasLayerSpec& layer, const KerasLayerPath& path,
                                                const std::string& node_prefix, const std::vector<Output>& inputs) {
    if (layer.nested != nullptr) {
      return Build(*layer.nested, path, node_prefix + "/", inputs, nullptr);
    }
    const KerasLayerRegistration* registration = state_.registry->FindKerasLayer(layer.class_name);
    if (registration == nullptr && !layer.registered_name.empty()) {
      registration = state_.registry->FindKerasLayer(layer.registered_name);
    }
    if (registration == nullptr) {
      return absl::UnimplementedError(absl::StrCat(
          state_.weights->source_name(), ": layer '", path.ToString(), "' has class '", layer.class_name,
          "', which no loaded plugin converts. ",
          layer.class_name == "Lambda"
              ? "A Lambda layer holds Python code, which cannot be converted without Python: rewrite it as "
                "built-in layers, or write a plugin that registers a builder for it"
              : "If it is a custom layer, write a plugin that registers a Keras layer builder for class '" +
                    layer.class_name + "' (see the README's plugin how-to) and load it with --plugin"));
    }
    LayerWeightTable weights;
    absl::Status loaded = weights.Load(*state_.weights, path, layer, registration);
    if (!loaded.ok()) return loaded;
    LayerCallContext context(state_, layer, path, node_prefix, inputs, weights);
    absl::Status built = registration->build(context);
    if (!built.ok()) {
      std::string where = absl::StrCat("layer '", path.ToString(), "' (", layer.class_name, ")");
      if (absl::string_view(built.message()).find(absl::StrCat("layer '", layer.name, "'")) != absl::string_view::npos ||
          absl::string_view(built.message()).find(state_.weights->source_name()) == 0) {
        return built;
      }
      return absl::Status(built.code(), absl::StrCat(where, ": ", built.message()));
    }
    if (context.outputs().empty()) {
      return absl::InternalError(absl::StrCat("layer '", path.ToString(), "' (", layer.class_name,
                                              "): its builder (plugin '", registration->plugin_id,
                                              "') produced no output"));
    }
    return context.outputs();
  }

  BuildState& state_;
};

// Layers whose class no plugin registers, as "outer/name (Class)", so that one report lists them all
// before anything is built.
void CollectUnknownLayers(const KerasModelSpec& model, const OpRegistry& registry, const std::string& prefix,
                          std::vector<const KerasLayerSpec*>& layers, std::vector<std::string>& names) {
  for (const KerasLayerSpec& layer : model.layers) {
    if (layer.class_name == "InputLayer") continue;
    if (layer.nested != nullptr) {
      CollectUnknownLayers(*layer.nested, registry, prefix + layer.name + "/", layers, names);
      continue;
    }
    if (registry.FindKerasLayer(layer.class_name) != nullptr) continue;
    if (!layer.registered_name.empty() && registry.FindKerasLayer(layer.registered_name) != nullptr) continue;
    layers.push_back(&layer);
    names.push_back(absl::StrCat("'", prefix, layer.name, "' (", layer.class_name,
                                 layer.registered_name.empty() ? "" : ", registered as " + layer.registered_name,
                                 ")"));
  }
}

absl::Status UnknownLayersError(const std::string& source, const std::vector<const KerasLayerSpec*>& layers,
                                const std::vector<std::string>& names) {
  bool lambda = false;
  std::set<std::string> classes;
  for (const KerasLayerSpec* layer : layers) {
    lambda = lambda || layer->class_name == "Lambda";
    if (layer->class_name != "Lambda") classes.insert(layer->class_name);
  }
  std::string how;
  if (lambda) {
    how = " A Lambda layer holds Python code, which cannot be converted without Python: rewrite it with "
          "built-in layers, or give it a class and write a plugin for that class.";
  }
  if (!classes.empty()) {
    absl::StrAppend(&how, " For a custom layer, write a plugin that registers a Keras layer builder for class ",
                    absl::StrJoin(classes, ", "),
                    " (registry.AddKerasLayer; see the README's plugin how-to) and load it with --plugin.");
  }
  return absl::UnimplementedError(absl::StrCat(source, ": ", names.size(), " layer(s) that no loaded plugin converts: ",
                                               absl::StrJoin(names, ", "), ".", how));
}

}  // namespace

absl::StatusOr<KerasGraph> BuildKerasGraph(const nlohmann::json& model_config, const KerasWeightSource& weights,
                                           const OpRegistry& registry) {
  absl::StatusOr<KerasModelSpec> model = ParseKerasModel(model_config);
  if (!model.ok()) {
    return absl::Status(model.status().code(),
                        absl::StrCat(weights.source_name(), ": model config: ", model.status().message()));
  }
  std::vector<const KerasLayerSpec*> unknown;
  std::vector<std::string> unknown_names;
  CollectUnknownLayers(*model, registry, "", unknown, unknown_names);
  if (!unknown.empty()) return UnknownLayersError(weights.source_name(), unknown, unknown_names);
  KerasGraph result;
  result.model_name = model->name;
  BuildState state;
  state.graph = &result.graph;
  state.registry = &registry;
  state.weights = &weights;
  ModelBuilder builder(state);
  absl::StatusOr<std::vector<Output>> outputs = builder.Build(*model, KerasLayerPath{}, "", {}, &result);
  if (!outputs.ok()) {
    absl::string_view message = outputs.status().message();
    if (message.substr(0, weights.source_name().size()) == weights.source_name()) return outputs.status();
    return absl::Status(outputs.status().code(), absl::StrCat(weights.source_name(), ": ", message));
  }
  for (const Output& o : *outputs) result.outputs.push_back(o.TensorName());
  return result;
}

}  // namespace tfconv
