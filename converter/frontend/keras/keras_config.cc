#include "converter/frontend/keras/keras_config.h"

#include <cctype>

#include "absl/strings/str_cat.h"

namespace tfconv {

namespace {

using json = nlohmann::json;

absl::StatusOr<KerasModelSpec> ParseModel(const json& model, bool nested);

std::string Short(const json& value) {
  std::string s = value.dump();
  if (s.size() > 120) s = s.substr(0, 117) + "...";
  return s;
}

absl::Status Bad(absl::string_view where, absl::string_view what, const json& value) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", what, ", got ", Short(value)));
}

const json* Member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string StringMember(const json& object, const char* key) {
  const json* v = Member(object, key);
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string();
}

// [name, node_index, tensor_index(, kwargs)] as Keras 2 writes a reference (and Keras 3 writes
// keras_history, input_layers and output_layers).
absl::StatusOr<KerasTensorRef> ParseRefList(const json& value, absl::string_view where) {
  if (!value.is_array() || value.size() < 3 || !value[0].is_string() || !value[1].is_number_integer() ||
      !value[2].is_number_integer()) {
    return Bad(where, "expected a tensor reference [layer_name, node_index, tensor_index]", value);
  }
  KerasTensorRef ref;
  ref.layer = value[0].get<std::string>();
  ref.node_index = value[1].get<int>();
  ref.tensor_index = value[2].get<int>();
  if (ref.node_index < 0 || ref.tensor_index < 0) return Bad(where, "negative index in a tensor reference", value);
  return ref;
}

// input_layers / output_layers: a list of references, or (Keras 3, one tensor) a single one.
absl::StatusOr<std::vector<KerasTensorRef>> ParseRefs(const json& value, absl::string_view where) {
  std::vector<KerasTensorRef> refs;
  if (value.is_array() && !value.empty() && value[0].is_string()) {
    absl::StatusOr<KerasTensorRef> ref = ParseRefList(value, where);
    if (!ref.ok()) return ref.status();
    refs.push_back(*ref);
    return refs;
  }
  if (!value.is_array()) return Bad(where, "expected a list of tensor references", value);
  for (const json& item : value) {
    absl::StatusOr<KerasTensorRef> ref = ParseRefList(item, where);
    if (!ref.ok()) return ref.status();
    refs.push_back(*ref);
  }
  return refs;
}

// Keras 3 call arguments: every {"class_name": "__keras_tensor__", "config": {"keras_history": [...]}}
// found in `args`, in order (merge layers get a list of them as their first argument).
absl::Status CollectKerasTensors(const json& value, absl::string_view where, std::vector<KerasTensorRef>& out) {
  if (value.is_object()) {
    if (StringMember(value, "class_name") == "__keras_tensor__") {
      const json* config = Member(value, "config");
      const json* history = config != nullptr ? Member(*config, "keras_history") : nullptr;
      if (history == nullptr) return Bad(where, "a __keras_tensor__ without keras_history", value);
      absl::StatusOr<KerasTensorRef> ref = ParseRefList(*history, where);
      if (!ref.ok()) return ref.status();
      out.push_back(*ref);
      return absl::OkStatus();
    }
    return absl::OkStatus();  // a plain argument (a number, a config dict)
  }
  if (value.is_array()) {
    for (const json& item : value) {
      absl::Status s = CollectKerasTensors(item, where, out);
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<KerasLayerCall> ParseCall(const json& node, absl::string_view where) {
  KerasLayerCall call;
  if (node.is_object()) {  // Keras 3: {"args": [...], "kwargs": {...}}
    const json* args = Member(node, "args");
    if (args == nullptr) return Bad(where, "a Keras 3 inbound node without \"args\"", node);
    absl::Status s = CollectKerasTensors(*args, where, call.inputs);
    if (!s.ok()) return s;
    return call;
  }
  if (!node.is_array()) return Bad(where, "expected an inbound node (a list of tensor references)", node);
  for (const json& ref : node) {  // Keras 2: [[name, node, tensor, kwargs], ...]
    absl::StatusOr<KerasTensorRef> parsed = ParseRefList(ref, where);
    if (!parsed.ok()) return parsed.status();
    call.inputs.push_back(*parsed);
  }
  return call;
}

absl::StatusOr<KerasLayerSpec> ParseLayer(const json& layer, absl::string_view model_name) {
  std::string where = absl::StrCat("model '", model_name, "'");
  if (!layer.is_object()) return Bad(where, "expected a layer object", layer);
  KerasLayerSpec spec;
  spec.class_name = StringMember(layer, "class_name");
  if (spec.class_name.empty()) return Bad(where, "a layer without \"class_name\"", layer);
  spec.registered_name = StringMember(layer, "registered_name");
  if (spec.registered_name == spec.class_name) spec.registered_name.clear();
  const json* config = Member(layer, "config");
  spec.config = config != nullptr ? *config : json::object();
  spec.name = StringMember(layer, "name");
  if (spec.name.empty()) spec.name = StringMember(spec.config, "name");
  if (spec.name.empty()) return Bad(where, absl::StrCat("a ", spec.class_name, " layer without a name"), layer);
  if (IsKerasModelClass(spec.class_name)) {
    absl::StatusOr<KerasModelSpec> nested = ParseModel(layer, /*nested=*/true);
    if (!nested.ok()) return nested.status();
    spec.nested = std::make_shared<KerasModelSpec>(*std::move(nested));
  }
  return spec;
}

absl::Status ParseInboundNodes(const json& layer, KerasLayerSpec& spec) {
  const json* nodes = Member(layer, "inbound_nodes");
  if (nodes == nullptr) return absl::OkStatus();
  std::string where = absl::StrCat("layer '", spec.name, "' inbound_nodes");
  if (!nodes->is_array()) return Bad(where, "expected a list", *nodes);
  for (const json& node : *nodes) {
    absl::StatusOr<KerasLayerCall> call = ParseCall(node, where);
    if (!call.ok()) return call.status();
    spec.calls.push_back(*std::move(call));
  }
  return absl::OkStatus();
}

absl::StatusOr<KerasModelSpec> ParseFunctional(const json& config, const std::string& name) {
  KerasModelSpec model;
  model.name = name;
  const json* layers = Member(config, "layers");
  if (layers == nullptr || !layers->is_array()) {
    return Bad(absl::StrCat("model '", name, "'"), "expected a \"layers\" list", config);
  }
  for (const json& layer : *layers) {
    absl::StatusOr<KerasLayerSpec> spec = ParseLayer(layer, name);
    if (!spec.ok()) return spec.status();
    absl::Status s = ParseInboundNodes(layer, *spec);
    if (!s.ok()) return s;
    model.layers.push_back(*std::move(spec));
  }
  const json* inputs = Member(config, "input_layers");
  const json* outputs = Member(config, "output_layers");
  if (inputs == nullptr || outputs == nullptr) {
    return Bad(absl::StrCat("model '", name, "'"), "a Functional model needs input_layers and output_layers", config);
  }
  absl::StatusOr<std::vector<KerasTensorRef>> in = ParseRefs(*inputs, absl::StrCat("model '", name, "' input_layers"));
  if (!in.ok()) return in.status();
  absl::StatusOr<std::vector<KerasTensorRef>> out =
      ParseRefs(*outputs, absl::StrCat("model '", name, "' output_layers"));
  if (!out.ok()) return out.status();
  model.inputs = *std::move(in);
  model.outputs = *std::move(out);
  model.skip_first_node = true;
  return model;
}

// The input shape a Sequential model's first layer declares (Keras 2 batch_input_shape, Keras 3
// batch_shape), or the model's build_input_shape.
const json* SequentialInputShape(const json& model_config, const json& first_layer_config) {
  for (const char* key : {"batch_input_shape", "batch_shape"}) {
    if (const json* v = Member(first_layer_config, key)) return v;
  }
  return Member(model_config, "build_input_shape");
}

absl::StatusOr<KerasModelSpec> ParseSequential(const json& config, const std::string& name, bool nested) {
  // Keras <= 2.2 wrote the layer list itself as the config.
  const json* layers = config.is_array() ? &config : Member(config, "layers");
  if (layers == nullptr || !layers->is_array() || layers->empty()) {
    return Bad(absl::StrCat("Sequential model '", name, "'"), "expected a non-empty \"layers\" list", config);
  }
  KerasModelSpec model;
  model.name = name;
  // Built on an input (an InputLayer, or an input shape on the first layer): Keras made an internal
  // first call.
  model.skip_first_node = true;
  std::string previous;
  for (size_t i = 0; i < layers->size(); ++i) {
    absl::StatusOr<KerasLayerSpec> spec = ParseLayer((*layers)[i], name);
    if (!spec.ok()) return spec.status();
    if (i == 0 && spec->class_name != "InputLayer") {
      // The input layer Keras itself would create, named as Keras 2 names it.
      const json* shape = SequentialInputShape(config.is_array() ? json::object() : config, spec->config);
      if (shape == nullptr && nested) {
        // Built by its call in the outer model: no input shape, no unsaved first call.
        model.skip_first_node = false;
      } else if (shape == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat(
            "Sequential model '", name, "' has no input shape (no InputLayer, no batch_input_shape on layer '",
            spec->name, "'): the model was never built; build it (call it on data or give input_shape) and re-save"));
      }
      KerasLayerSpec input;
      input.class_name = "InputLayer";
      input.name = spec->name + "_input";
      input.config = json{{"name", input.name}};
      if (shape != nullptr) input.config["batch_input_shape"] = *shape;
      if (const json* dtype = Member(spec->config, "dtype"); dtype != nullptr && dtype->is_string()) {
        input.config["dtype"] = *dtype;
      }
      previous = input.name;
      model.inputs.push_back({input.name, 0, 0});
      model.layers.push_back(std::move(input));
    }
    if (spec->class_name == "InputLayer") {
      if (!model.inputs.empty()) {
        return absl::InvalidArgumentError(absl::StrCat("Sequential model '", name, "' has a second InputLayer '",
                                                       spec->name, "'"));
      }
      model.inputs.push_back({spec->name, 0, 0});
    } else {
      spec->calls.push_back(KerasLayerCall{{{previous, 0, 0}}});
    }
    previous = spec->name;
    model.layers.push_back(*std::move(spec));
  }
  if (model.layers.size() < 2) {
    return absl::InvalidArgumentError(absl::StrCat("Sequential model '", name, "' has no layers besides its input"));
  }
  model.outputs.push_back({previous, 0, 0});
  return model;
}

}  // namespace

bool IsKerasModelClass(const std::string& class_name) {
  return class_name == "Functional" || class_name == "Model" || class_name == "Sequential";
}

namespace {

absl::StatusOr<KerasModelSpec> ParseModel(const json& model, bool nested) {
  if (!model.is_object()) return Bad("model config", "expected a JSON object", model);
  std::string class_name = StringMember(model, "class_name");
  const json* config = Member(model, "config");
  if (config == nullptr) return Bad("model config", "expected {\"class_name\": ..., \"config\": ...}", model);
  std::string name = StringMember(*config, "name");
  if (name.empty()) name = StringMember(model, "name");
  if (name.empty()) name = "model";
  if (class_name == "Sequential") return ParseSequential(*config, name, nested);
  if (class_name == "Functional" || class_name == "Model") return ParseFunctional(*config, name);
  return absl::UnimplementedError(absl::StrCat(
      "the model is a '", class_name,
      "', not a Sequential or Functional model: a subclassed model's Python call() is not in the file; "
      "export it as a SavedModel (model.export or tf.saved_model.save) and convert that with --saved_model_dir"));
}

}  // namespace

absl::StatusOr<KerasModelSpec> ParseKerasModel(const json& model) { return ParseModel(model, /*nested=*/false); }

absl::StatusOr<KerasInputSpec> ReadInputSpec(const KerasLayerSpec& input_layer) {
  KerasInputSpec spec;
  const json& config = input_layer.config;
  std::string where = absl::StrCat("input layer '", input_layer.name, "'");
  const json* shape = Member(config, "batch_input_shape");
  if (shape == nullptr) shape = Member(config, "batch_shape");
  bool with_batch = true;
  if (shape == nullptr) {
    shape = Member(config, "shape");  // Keras 3 InputLayer(shape=...) without the batch
    with_batch = false;
  }
  if (shape == nullptr || !shape->is_array()) return Bad(where, "expected batch_input_shape or batch_shape", config);
  if (!with_batch) spec.batch_shape.push_back(-1);
  for (const json& d : *shape) {
    if (d.is_null()) {
      spec.batch_shape.push_back(-1);
    } else if (d.is_number_integer() && d.get<int64_t>() >= 0) {
      spec.batch_shape.push_back(d.get<int64_t>());
    } else {
      return Bad(where, "a dimension must be a non-negative integer or null", *shape);
    }
  }
  const json* dtype = Member(config, "dtype");
  if (dtype != nullptr) {
    if (dtype->is_string()) {
      spec.dtype = dtype->get<std::string>();
    } else if (const json* policy = Member(*dtype, "config"); policy != nullptr && Member(*policy, "name")) {
      spec.dtype = StringMember(*policy, "name");  // a Keras 3 DTypePolicy object
    }
  }
  const json* sparse = Member(config, "sparse");
  const json* ragged = Member(config, "ragged");
  if ((sparse != nullptr && *sparse == true) || (ragged != nullptr && *ragged == true)) {
    return absl::UnimplementedError(absl::StrCat(where, " is sparse or ragged, which TFLite has no tensors for"));
  }
  return spec;
}

std::string KerasSnakeCase(const std::string& class_name) {
  std::string s;
  for (char c : class_name) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') s += c;
  }
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  // Pass 1: "<any><Upper><lower>+" -> "<any>_<Upper><lower>+", matches taken left to right.
  std::string a;
  for (size_t i = 0; i < s.size();) {
    if (i + 2 < s.size() && upper(s[i + 1]) && lower(s[i + 2])) {
      size_t j = i + 2;
      while (j < s.size() && lower(s[j])) ++j;
      a += s[i];
      a += '_';
      a += s.substr(i + 1, j - i - 1);
      i = j;
    } else {
      a += s[i++];
    }
  }
  // Pass 2: "<lower><Upper>" -> "<lower>_<Upper>".
  std::string b;
  for (size_t i = 0; i < a.size();) {
    if (i + 1 < a.size() && lower(a[i]) && upper(a[i + 1])) {
      b += a[i];
      b += '_';
      b += a[i + 1];
      i += 2;
    } else {
      b += a[i++];
    }
  }
  for (char& c : b) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return b;
}

}  // namespace tfconv
