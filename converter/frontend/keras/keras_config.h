// ParseKerasModel: the architecture of a Keras model (its config JSON) as layers and the calls that
// connect them, whatever the Keras version wrote: Keras 2 and Keras 3 Functional configs (inbound
// nodes as nested lists or as call "args"), Sequential ones (turned into the same form, with an
// input layer made from the first layer's input shape) and models nested as layers.
//
//   absl::StatusOr<KerasModelSpec> m = ParseKerasModel(nlohmann::json::parse(text));
//   m->layers[1].class_name;            // "Conv2D"
//   m->layers[1].calls[0].inputs[0];    // {"input_1", 0, 0}
//   m->outputs;                         // {{"dense", 0, 0}}
#ifndef TFCONV_CONVERTER_FRONTEND_KERAS_KERAS_CONFIG_H_
#define TFCONV_CONVERTER_FRONTEND_KERAS_KERAS_CONFIG_H_

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"

namespace tfconv {

// Output `tensor_index` of call `node_index` of layer `layer`.
struct KerasTensorRef {
  std::string layer;
  int node_index = 0;
  int tensor_index = 0;
};

struct KerasLayerCall {
  std::vector<KerasTensorRef> inputs;
};

struct KerasModelSpec;

struct KerasLayerSpec {
  std::string name;
  std::string class_name;
  std::string registered_name;  // Keras 3 custom objects: "package>Class"; empty otherwise
  nlohmann::json config;        // the layer's "config" object
  std::vector<KerasLayerCall> calls;
  std::shared_ptr<KerasModelSpec> nested;  // set when the layer is itself a model
};

struct KerasModelSpec {
  std::string name;
  // Keras does not save the first call of a model built on its own InputLayer (the call that made
  // it), so the calls of such a model nested as a layer are numbered from 1 in the outer config.
  bool skip_first_node = false;
  std::vector<KerasLayerSpec> layers;
  std::vector<KerasTensorRef> inputs;   // the input layers
  std::vector<KerasTensorRef> outputs;
};

// `config` is the whole serialized model: {"class_name": "Functional", "config": {...}}.
absl::StatusOr<KerasModelSpec> ParseKerasModel(const nlohmann::json& config);

// An input layer's shape with the batch dimension (-1 where unknown) and dtype name.
struct KerasInputSpec {
  std::vector<int64_t> batch_shape;
  std::string dtype = "float32";
};
absl::StatusOr<KerasInputSpec> ReadInputSpec(const KerasLayerSpec& input_layer);

// Keras's class-name-to-snake-case rule ("BatchNormalization" -> "batch_normalization",
// "Conv2D" -> "conv2d", "ReLU" -> "re_lu"), which Keras 3 weight files use as keys.
std::string KerasSnakeCase(const std::string& class_name);

// True for the class names under which Keras serializes a model.
bool IsKerasModelClass(const std::string& class_name);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_KERAS_KERAS_CONFIG_H_
