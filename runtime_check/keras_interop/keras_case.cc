#include "runtime_check/keras_interop/keras_case.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {
namespace {

using OrderedJson = nlohmann::ordered_json;

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

template <typename Json>
absl::StatusOr<Json> ParseJsonFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  Json j = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return absl::InvalidArgumentError(absl::StrCat(path, ": not valid JSON"));
  return j;
}

template <typename Json>
std::string Dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// The same JSON value held by the other nlohmann type (key order kept where it can be).
template <typename To, typename From>
To Convert(const From& j) {
  return To::parse(Dump(j), nullptr, /*allow_exceptions=*/false);
}

absl::StatusOr<std::vector<int64_t>> Shape(const OrderedJson& j, const std::string& where) {
  if (!j.is_array()) return absl::InvalidArgumentError(absl::StrCat(where, ": a shape must be a list of sizes"));
  std::vector<int64_t> shape;
  for (const OrderedJson& d : j) {
    if (!d.is_number_integer() || d.get<int64_t>() < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": sizes must be integers >= 0 (give the batch as 1), got ", Dump(d)));
    }
    shape.push_back(d.get<int64_t>());
  }
  return shape;
}

absl::StatusOr<DataType> DtypeFromName(const std::string& name, const std::string& where) {
  if (name == "float32") return DataType::kFloat;
  if (name == "int32") return DataType::kInt32;
  if (name == "int64") return DataType::kInt64;
  if (name == "uint8") return DataType::kUInt8;
  if (name == "int8") return DataType::kInt8;
  if (name == "int16") return DataType::kInt16;
  return absl::InvalidArgumentError(absl::StrCat(
      where, ": dtype '", name, "' is not supported here (float32, int32, int64, uint8, int8 or int16)"));
}

// The layer list of a Functional/Sequential config (Keras 2.0-2.2 Sequential configs are the list).
const nlohmann::json* LayerList(const nlohmann::json& model_config) {
  auto c = model_config.find("config");
  if (c == model_config.end()) return nullptr;
  if (c->is_array()) return &*c;
  if (!c->is_object()) return nullptr;
  auto l = c->find("layers");
  return l != c->end() && l->is_array() ? &*l : nullptr;
}

std::string StringField(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

const nlohmann::json& Field(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it != j.end() ? *it : kNull;
}

// The InputLayer's dtype when it names a plain type (a mixed-precision policy object is not one).
std::string InputLayerDtype(const nlohmann::json& layer) {
  return StringField(Field(layer, "config"), "dtype");
}

absl::Status WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return absl::InternalError(absl::StrCat(path, ": cannot write"));
  return absl::OkStatus();
}

std::string LastPart(const std::string& name) {
  size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

std::string ShapeString(const std::vector<int64_t>& shape) { return absl::StrCat("[", absl::StrJoin(shape, ","), "]"); }

}  // namespace

absl::StatusOr<std::vector<KerasCaseInput>> KerasCaseInputs(const nlohmann::json& model_config,
                                                            const nlohmann::json& input_shapes,
                                                            const nlohmann::json& input_dtypes,
                                                            const nlohmann::json& input_ranges,
                                                            const std::string& where) {
  const std::string cls = StringField(model_config, "class_name");
  const nlohmann::json* layers = LayerList(model_config);
  if (layers == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": model_config has no config.layers list"));
  }
  std::vector<std::string> names;
  std::vector<std::string> dtypes;  // from the InputLayers, "" when unknown
  auto input_layer_dtype = [&](const std::string& name) {
    for (const nlohmann::json& l : *layers) {
      if (StringField(l, "class_name") == "InputLayer" && StringField(Field(l, "config"), "name") == name) {
        return InputLayerDtype(l);
      }
    }
    return std::string();
  };
  if (cls == "Sequential") {
    if (layers->empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": the Sequential model has no layers"));
    const nlohmann::json& first = (*layers)[0];
    std::string name = StringField(Field(first, "config"), "name");
    // Keras 2 names the implicit input of a Sequential model after its first layer.
    if (StringField(first, "class_name") != "InputLayer") name += "_input";
    names.push_back(name);
    dtypes.push_back(StringField(first, "class_name") == "InputLayer" ? InputLayerDtype(first) : "");
  } else {
    const nlohmann::json& in = Field(Field(model_config, "config"), "input_layers");
    if (!in.is_array() || in.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": the ", cls, " config has no input_layers"));
    }
    // [["input_1", 0, 0], ...], or one flat ["input_1", 0, 0] (Keras 3 with a single input).
    std::vector<const nlohmann::json*> refs;
    if (in[0].is_string()) {
      refs.push_back(&in);
    } else {
      for (const nlohmann::json& r : in) refs.push_back(&r);
    }
    for (const nlohmann::json* r : refs) {
      if (!r->is_array() || r->empty() || !(*r)[0].is_string()) {
        return absl::InvalidArgumentError(absl::StrCat(where, ": input_layers entry ", Dump(*r), " is not [name, 0, 0]"));
      }
      names.push_back((*r)[0].get<std::string>());
      dtypes.push_back(input_layer_dtype(names.back()));
    }
  }
  if (!input_shapes.is_array() || input_shapes.size() != names.size()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": input_shapes must give one shape per model input (",
                                                   names.size(), ": ", absl::StrJoin(names, ", "), ")"));
  }
  if (!input_dtypes.is_null() && (!input_dtypes.is_array() || input_dtypes.size() != names.size())) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": input_dtypes must give one dtype per model input"));
  }
  if (!input_ranges.is_null() && (!input_ranges.is_array() || input_ranges.size() != names.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": input_ranges must give one [lo, hi] (or null) per model input"));
  }
  std::vector<KerasCaseInput> inputs;
  for (size_t k = 0; k < names.size(); ++k) {
    KerasCaseInput input;
    input.name = names[k];
    absl::StatusOr<std::vector<int64_t>> shape =
        Shape(Convert<OrderedJson>(input_shapes[k]), absl::StrCat(where, ": input_shapes[", k, "]"));
    if (!shape.ok()) return shape.status();
    input.shape = *shape;
    std::string dtype = dtypes[k].empty() ? "float32" : dtypes[k];
    if (!input_dtypes.is_null()) {
      if (!input_dtypes[k].is_string()) {
        return absl::InvalidArgumentError(absl::StrCat(where, ": input_dtypes[", k, "] must be a string"));
      }
      dtype = input_dtypes[k].get<std::string>();
    }
    absl::StatusOr<DataType> t = DtypeFromName(dtype, absl::StrCat(where, ": input ", input.name));
    if (!t.ok()) return t.status();
    input.dtype = *t;
    if (!input_ranges.is_null() && !input_ranges[k].is_null()) {
      const nlohmann::json& r = input_ranges[k];
      if (!r.is_array() || r.size() != 2 || !r[0].is_number_integer() || !r[1].is_number_integer() ||
          r[1].get<int64_t>() <= r[0].get<int64_t>()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": input_ranges[", k, "] must be [lo, hi] with integers lo < hi, got ", Dump(r)));
      }
      input.has_range = true;
      input.lo = r[0].get<int64_t>();
      input.hi = r[1].get<int64_t>();
    }
    inputs.push_back(std::move(input));
  }
  return inputs;
}

absl::StatusOr<WeightSpec> ParseWeightSpec(const OrderedJson& weights, const std::string& where) {
  if (!weights.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": weights must be {\"<layer>\": {\"<variable>\": [shape]}} or {\"<layer>\": [[\"<variable>\", [shape]]]}"));
  }
  WeightSpec spec;
  for (auto layer = weights.begin(); layer != weights.end(); ++layer) {
    const std::string lw = absl::StrCat(where, ": weights of layer '", layer.key(), "'");
    const OrderedJson& vars = layer.value();
    if (!(vars.is_object() || vars.is_array()) || vars.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(lw, " must be a non-empty {\"<variable>\": [shape]} or [[\"<variable>\", [shape]], ...]"));
    }
    WeightSpec::Layer l;
    l.path = layer.key();
    if (vars.is_object()) {
      for (auto var = vars.begin(); var != vars.end(); ++var) {
        absl::StatusOr<std::vector<int64_t>> shape = Shape(var.value(), absl::StrCat(lw, ", variable '", var.key(), "'"));
        if (!shape.ok()) return shape.status();
        l.variables.push_back({var.key(), *shape});
      }
    } else {
      for (const OrderedJson& pair : vars) {
        if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string()) {
          return absl::InvalidArgumentError(absl::StrCat(lw, ": expected [\"<variable>\", [shape]], got ", Dump(pair)));
        }
        const std::string name = pair[0].get<std::string>();
        absl::StatusOr<std::vector<int64_t>> shape = Shape(pair[1], absl::StrCat(lw, ", variable '", name, "'"));
        if (!shape.ok()) return shape.status();
        l.variables.push_back({name, *shape});
      }
    }
    spec.layers.push_back(std::move(l));
  }
  return spec;
}

absl::StatusOr<KerasCase> ReadKerasCase(const std::string& path, const std::string& name) {
  absl::StatusOr<OrderedJson> file = ParseJsonFile<OrderedJson>(path);
  if (!file.ok()) return file.status();
  if (!file->is_array()) return absl::InvalidArgumentError(absl::StrCat(path, ": expected a list of cases"));
  std::vector<std::string> names;
  for (const OrderedJson& entry : *file) {
    const std::string entry_name = entry.is_object() && entry.contains("name") && entry["name"].is_string()
                                       ? entry["name"].get<std::string>()
                                       : "";
    names.push_back(entry_name);
    if (entry_name != name) continue;
    const std::string where = absl::StrCat(path, ", case '", name, "'");
    KerasCase c;
    c.name = name;
    c.file = path;
    auto config = entry.find("model_config");
    if (config == entry.end() || !config->is_object() || !config->contains("class_name")) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": needs \"model_config\": {\"class_name\", \"config\"}"));
    }
    c.model_config = Convert<nlohmann::json>(*config);
    nlohmann::json shapes = entry.contains("input_shapes") ? Convert<nlohmann::json>(entry["input_shapes"]) : nlohmann::json();
    nlohmann::json dtypes = entry.contains("input_dtypes") ? Convert<nlohmann::json>(entry["input_dtypes"]) : nlohmann::json();
    nlohmann::json ranges = entry.contains("input_ranges") ? Convert<nlohmann::json>(entry["input_ranges"]) : nlohmann::json();
    absl::StatusOr<std::vector<KerasCaseInput>> inputs = KerasCaseInputs(c.model_config, shapes, dtypes, ranges, where);
    if (!inputs.ok()) return inputs.status();
    c.inputs = std::move(*inputs);
    if (entry.contains("weights") && entry.contains("weight_shapes")) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": give \"weights\" or \"weight_shapes\", not both"));
    }
    const char* weights_key = entry.contains("weights") ? "weights" : "weight_shapes";
    if (entry.contains(weights_key)) {
      absl::StatusOr<WeightSpec> spec =
          entry[weights_key].empty() ? absl::StatusOr<WeightSpec>(WeightSpec()) : ParseWeightSpec(entry[weights_key], where);
      if (!spec.ok()) return spec.status();
      c.has_weights = true;
      c.weights = std::move(*spec);
    }
    return c;
  }
  return absl::NotFoundError(absl::StrCat(path, ": no case named '", name, "' (have: ", absl::StrJoin(names, ", "), ")"));
}

absl::StatusOr<TfjsView> ReadTfjsView(const std::string& specs_path, const std::string& name) {
  absl::StatusOr<OrderedJson> specs = ParseJsonFile<OrderedJson>(specs_path);
  if (!specs.ok()) return specs.status();
  if (!specs->is_object() || !specs->contains(name) || !(*specs)[name].is_object()) {
    return absl::NotFoundError(absl::StrCat(specs_path, ": no weight spec for case '", name, "'"));
  }
  const OrderedJson& entry = (*specs)[name];
  TfjsView view;
  for (const char* key : {"error", "gap"}) {
    if (!entry.contains(key)) continue;
    view.cannot_run = entry[key].is_string() ? entry[key].get<std::string>() : Dump(entry[key]);
    if (view.cannot_run.empty()) view.cannot_run = key;
  }
  if (entry.contains("error")) return view;  // no weights: tfjs did not build the model
  if (!entry.contains("weights")) {
    return absl::InvalidArgumentError(absl::StrCat(specs_path, ": case '", name, "' has no \"weights\""));
  }
  // A model without weights (a lone Activation) has an empty object.
  if (entry["weights"].is_object() && entry["weights"].empty()) return view;
  absl::StatusOr<WeightSpec> weights = ParseWeightSpec(entry["weights"], absl::StrCat(specs_path, ", case '", name, "'"));
  if (!weights.ok()) return weights.status();
  view.weights = std::move(*weights);
  return view;
}

absl::StatusOr<WeightSpec> ChooseWeightSpec(const KerasCase& c, const TfjsView* tfjs_view) {
  const std::string where = absl::StrCat(c.file, ", case '", c.name, "'");
  if (!c.has_weights) {
    if (tfjs_view == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": gives no \"weight_shapes\" and no tfjs-layers spec is at hand (pass --specs from keras_weight_specs.cjs)"));
    }
    if (!tfjs_view->cannot_run.empty() && tfjs_view->weights.layers.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          where, ": gives no \"weight_shapes\", and tfjs-layers cannot say what they are: ", tfjs_view->cannot_run));
    }
    return tfjs_view->weights;
  }
  // tfjs's reading of a config it does not run as Keras does (a grouped conv) is no yardstick.
  if (tfjs_view == nullptr || !tfjs_view->cannot_run.empty()) return c.weights;
  const WeightSpec* tfjs = &tfjs_view->weights;
  // The case author's spec must describe the model tfjs-layers built.
  for (const WeightSpec::Layer& t : tfjs->layers) {
    const WeightSpec::Layer* mine = nullptr;
    for (const WeightSpec::Layer& l : c.weights.layers) {
      if (l.path == t.path) mine = &l;
    }
    if (mine == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": \"weights\" lacks layer '", t.path,
                                                     "', which tfjs-layers gives ", t.variables.size(), " weight(s)"));
    }
    if (mine->variables.size() != t.variables.size()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": layer '", t.path, "' has ", mine->variables.size(),
                                                     " weights in \"weights\", tfjs-layers gives it ", t.variables.size()));
    }
    for (const WeightSpec::Variable& tv : t.variables) {
      const WeightSpec::Variable* mv = nullptr;
      for (const WeightSpec::Variable& v : mine->variables) {
        if (LastPart(v.name) == LastPart(tv.name)) mv = &v;
      }
      if (mv == nullptr || mv->shape != tv.shape) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": layer '", t.path, "' weight '", tv.name, "': tfjs-layers makes it ", ShapeString(tv.shape),
            mv == nullptr ? ", \"weights\" does not list it" : absl::StrCat(", \"weights\" says ", ShapeString(mv->shape))));
      }
    }
  }
  for (const WeightSpec::Layer& l : c.weights.layers) {
    bool known = false;
    for (const WeightSpec::Layer& t : tfjs->layers) known |= t.path == l.path;
    if (!known) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": \"weights\" gives layer '", l.path, "' weights, but tfjs-layers finds none for it"));
    }
  }
  return c.weights;
}

double WeightValue(const std::string& variable, const std::vector<int64_t>& shape, int layer, int variable_index,
                   int64_t i) {
  const int64_t k = (7 * i + 3 * layer + 5 * variable_index) % 23;
  const std::string name = LastPart(variable);
  if (name.size() >= 8 && name.compare(name.size() - 8, 8, "variance") == 0) return 0.6 + 0.05 * k;
  const double u = 0.05 * (k - 11);
  if (name == "gamma") return 1.0 + u / 2;
  double fan_in = 1;
  for (size_t d = 0; d + 1 < shape.size(); ++d) fan_in *= static_cast<double>(shape[d]);
  return u / std::sqrt(std::max(fan_in, 1.0));
}

std::vector<LayerTensors> GenerateWeights(const WeightSpec& spec) {
  std::vector<LayerTensors> out;
  for (size_t l = 0; l < spec.layers.size(); ++l) {
    LayerTensors lt;
    lt.path = spec.layers[l].path;
    for (size_t v = 0; v < spec.layers[l].variables.size(); ++v) {
      const WeightSpec::Variable& var = spec.layers[l].variables[v];
      Tensor t = Tensor::Zeros(DataType::kFloat, var.shape);
      absl::Span<float> data = t.mutable_data<float>();
      for (int64_t i = 0; i < static_cast<int64_t>(data.size()); ++i) {
        data[i] = static_cast<float>(WeightValue(var.name, var.shape, static_cast<int>(l), static_cast<int>(v), i));
      }
      lt.variables.emplace_back(var.name, std::move(t));
    }
    out.push_back(std::move(lt));
  }
  return out;
}

int64_t SmallestEmbeddingVocabulary(const nlohmann::json& model_config) {
  int64_t smallest = 0;
  const nlohmann::json* layers = LayerList(model_config);
  if (layers == nullptr) return 0;
  for (const nlohmann::json& l : *layers) {
    int64_t v = 0;
    const std::string cls = StringField(l, "class_name");
    if (cls == "Embedding") {
      const nlohmann::json& dim = Field(Field(l, "config"), "input_dim");
      if (dim.is_number_integer()) v = dim.get<int64_t>();
    } else if (LayerList(l) != nullptr) {
      v = SmallestEmbeddingVocabulary(l);  // a nested model
    }
    if (v > 0 && (smallest == 0 || v < smallest)) smallest = v;
  }
  return smallest;
}

std::vector<Tensor> GenerateInputs(const KerasCase& c) {
  const int64_t vocabulary = SmallestEmbeddingVocabulary(c.model_config);
  std::vector<Tensor> out;
  for (size_t k = 0; k < c.inputs.size(); ++k) {
    const KerasCaseInput& in = c.inputs[k];
    const int64_t shift = static_cast<int64_t>(k);
    Tensor t = Tensor::Zeros(in.dtype, in.shape);
    const int64_t n = t.NumElements();
    for (int64_t i = 0; i < n; ++i) {
      double v;
      if (in.has_range) {
        v = static_cast<double>(in.lo + (3 * i + shift) % (in.hi - in.lo));
      } else if (in.dtype == DataType::kFloat) {
        v = 0.1 * ((i + 5 * shift) % 17) - 0.5;
      } else {
        v = static_cast<double>(vocabulary > 0 ? (3 * i + shift) % vocabulary : (i % 7) - 3);
      }
      switch (in.dtype) {
        case DataType::kFloat: t.mutable_data<float>()[i] = static_cast<float>(v); break;
        case DataType::kInt32: t.mutable_data<int32_t>()[i] = static_cast<int32_t>(v); break;
        case DataType::kInt64: t.mutable_data<int64_t>()[i] = static_cast<int64_t>(v); break;
        // Wrapped to the type, as the validators' default pattern is.
        case DataType::kUInt8: t.mutable_data<uint8_t>()[i] = static_cast<uint8_t>(static_cast<int64_t>(v)); break;
        case DataType::kInt8: t.mutable_data<int8_t>()[i] = static_cast<int8_t>(static_cast<int64_t>(v)); break;
        default: t.mutable_data<int16_t>()[i] = static_cast<int16_t>(static_cast<int64_t>(v)); break;
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

absl::Status WriteTfjsLayersModel(const KerasCase& c, const std::vector<LayerTensors>& weights,
                                  const std::string& dir) {
  nlohmann::json manifest = nlohmann::json::array();
  std::string bin;
  for (const LayerTensors& l : weights) {
    // tfjs-layers names a weight after the layer owning it, without enclosing models.
    const std::string owner = LastPart(l.path);
    for (const auto& [name, value] : l.variables) {
      manifest.push_back({{"name", absl::StrCat(owner, "/", name)}, {"shape", value.shape()}, {"dtype", "float32"}});
      bin.append(reinterpret_cast<const char*>(value.bytes().data()), value.bytes().size());
    }
  }
  nlohmann::json topology = c.model_config;
  topology["keras_version"] = "2.4.0";
  topology["backend"] = "tensorflow";
  nlohmann::json model = {{"format", "layers-model"},
                          {"generatedBy", "make_keras_case"},
                          {"convertedBy", nullptr},
                          {"modelTopology", topology},
                          {"weightsManifest", {{{"paths", {"weights.bin"}}, {"weights", manifest}}}}};
  if (absl::Status s = WriteFile(dir + "/weights.bin", bin); !s.ok()) return s;
  return WriteFile(dir + "/model.json", Dump(model));
}

absl::Status WriteInputsJson(const KerasCase& c, const std::vector<Tensor>& inputs, const std::string& path) {
  nlohmann::json list = nlohmann::json::array();
  for (size_t k = 0; k < inputs.size() && k < c.inputs.size(); ++k) {
    nlohmann::json data = nlohmann::json::array();
    for (int64_t i = 0; i < inputs[k].NumElements(); ++i) {
      if (inputs[k].dtype() == DataType::kFloat) {
        data.push_back(static_cast<double>(inputs[k].data<float>()[i]));
      } else {
        data.push_back(inputs[k].ElementAsInt64(i));
      }
    }
    list.push_back({{"name", c.inputs[k].name},
                    {"shape", c.inputs[k].shape},
                    {"dtype", DataTypeName(c.inputs[k].dtype)},
                    {"data", std::move(data)}});
  }
  return WriteFile(path, Dump(list));
}

}  // namespace tfconv
