#include "runtime_check/keras_interop/keras_case_h5.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "converter/frontend/keras/storage/h5_writer.h"

namespace tfconv {
namespace {

std::string StringField(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

absl::Status WriteKerasCaseH5(const KerasCase& c, const std::vector<LayerTensors>& weights, const std::string& path) {
  const nlohmann::json& config = c.model_config.contains("config") ? c.model_config["config"] : c.model_config;
  const nlohmann::json* layers = config.is_array() ? &config : (config.is_object() && config.contains("layers") ? &config["layers"] : nullptr);
  if (layers == nullptr || !layers->is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(c.file, ", case '", c.name, "': model_config has no layer list"));
  }
  const bool sequential = StringField(c.model_config, "class_name") == "Sequential";
  // The weights grouped by the top-level layer holding them. A weight is stored as
  // "<owning layer>/<variable>:0" below its top-level layer's group, as tf.keras 2 does for plain and
  // nested layers alike (/model_weights/inner/dense/kernel:0 for layer dense of nested model inner).
  std::map<std::string, std::vector<std::pair<std::string, Tensor>>> by_top;
  for (const LayerTensors& l : weights) {
    const size_t first = l.path.find('/');
    const size_t last = l.path.rfind('/');
    const std::string top = l.path.substr(0, first);
    const std::string owner = last == std::string::npos ? l.path : l.path.substr(last + 1);
    for (const auto& [name, value] : l.variables) by_top[top].emplace_back(absl::StrCat(owner, "/", name), value);
  }
  std::vector<KerasH5Layer> h5_layers;
  for (const nlohmann::json& layer : *layers) {
    const std::string cls = StringField(layer, "class_name");
    // tf.keras lists a Sequential model's layers without its InputLayer, a Functional one's with them.
    if (sequential && cls == "InputLayer") continue;
    std::string name = StringField(layer, "name");
    if (name.empty() && layer.is_object() && layer.contains("config")) name = StringField(layer["config"], "name");
    KerasH5Layer h;
    h.name = name;
    auto it = by_top.find(name);
    if (it != by_top.end()) {
      h.weights = std::move(it->second);
      by_top.erase(it);
    }
    h5_layers.push_back(std::move(h));
  }
  if (!by_top.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(c.file, ", case '", c.name, "': weights are given for layer '",
                                                   by_top.begin()->first, "', which the model config does not have"));
  }
  nlohmann::json topology = c.model_config;
  return WriteKerasH5(path, topology.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), h5_layers);
}

}  // namespace tfconv
