// BuildKerasGraph: a Keras model config (the JSON architecture of an H5 file's `model_config` or a
// .keras archive's config.json) and its weights -> TF graph IR. Each layer call is written by the
// builder a plugin registered for the layer's class (ops/keras_layer.h); nodes are named
// "<layer>/<what>", so reports speak the user's layer names. Sequential and Functional models, Keras 2
// and Keras 3 configs, shared layers (one builder call per call of the layer) and nested models.
//
//   InMemoryKerasWeights weights;                            // or the weights of an H5 file
//   weights.Set("dense", {{"kernel", k}, {"bias", b}});
//   absl::StatusOr<KerasGraph> g = BuildKerasGraph(config_json, weights, registry, "model.h5");
//   g->graph; g->inputs;   // {"input_1"}: Placeholder nodes, one per model input
//   g->outputs;            // {"dense/Softmax"}: the tensors of the model outputs, in order
//   g->output_layers;      // {"dense"}: what the outputs are called in the converted model
#ifndef TFCONV_CONVERTER_FRONTEND_KERAS_KERAS_GRAPH_H_
#define TFCONV_CONVERTER_FRONTEND_KERAS_KERAS_GRAPH_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "converter/graph/graph.h"
#include "converter/graph/tensor.h"
#include "ops/op_registry.h"

namespace tfconv {

// Where a layer sits in the model: its name in each enclosing (nested) model, outermost first, and
// the key Keras 3 weight files use at each level ("conv2d", "conv2d_1": the class name in
// snake_case, numbered in layer order).
struct KerasLayerPath {
  std::vector<std::string> names;
  std::vector<std::string> keras3_keys;
  std::string ToString() const;  // "outer/inner"
};

// A weight as the file gives it: Keras 2 names them ("kernel"), Keras 3 numbers them (name empty).
struct KerasWeight {
  std::string name;
  Tensor value;
};

// The weights of a model file, by layer.
class KerasWeightSource {
 public:
  virtual ~KerasWeightSource() = default;
  // The layer's weights in file order; an empty list when the file has none for it.
  virtual absl::StatusOr<std::vector<KerasWeight>> LayerWeights(const KerasLayerPath& layer) const = 0;
  // For messages: "model.h5".
  virtual std::string source_name() const = 0;
};

// Weights held in memory by layer name (path joined by '/'), for tests and embedders.
class InMemoryKerasWeights : public KerasWeightSource {
 public:
  void Set(std::string layer, std::vector<KerasWeight> weights) { weights_[std::move(layer)] = std::move(weights); }
  absl::StatusOr<std::vector<KerasWeight>> LayerWeights(const KerasLayerPath& layer) const override;
  std::string source_name() const override { return "<memory>"; }

 private:
  std::map<std::string, std::vector<KerasWeight>> weights_;
};

struct KerasGraph {
  Graph graph;
  std::vector<std::string> inputs;         // Placeholder node names (the InputLayer names)
  std::vector<std::string> outputs;        // tensor names ("node" or "node:k") of the model outputs
  std::vector<std::string> output_layers;  // the layer producing each output (names in the .tflite)
  std::string model_name;                  // the config's "name"
};

absl::StatusOr<KerasGraph> BuildKerasGraph(const nlohmann::json& model_config, const KerasWeightSource& weights,
                                           const OpRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_KERAS_KERAS_GRAPH_H_
