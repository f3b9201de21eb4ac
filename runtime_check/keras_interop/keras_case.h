// Keras interop cases: a Keras 2 model config plus the shapes of its inputs, made into a model with
// deterministic weights that two independent executors can run (our converter + LiteRT.js, and
// tfjs-layers). Test-only.
//
//   absl::StatusOr<KerasCase> c = ReadKerasCase("cases_core.json", "dense_relu");
//   absl::StatusOr<TfjsView> tfjs = ReadTfjsView("specs.json", "dense_relu");  // keras_weight_specs.cjs
//   absl::StatusOr<WeightSpec> spec = ChooseWeightSpec(*c, &*tfjs);  // the case's own, checked, or tfjs's
//   std::vector<LayerTensors> weights = GenerateWeights(*spec);
//   std::vector<Tensor> inputs = GenerateInputs(*c);
//   WriteTfjsLayersModel(*c, weights, "out/tfjs");  WriteInputsJson(*c, inputs, "out/inputs.json");
//
// A case file is a JSON list of {"name", "model_config": {"class_name", "config"}, "input_shapes":
// [[1, ...], ...], optional "input_dtypes": ["float32", "int32", "uint8", ...], optional "input_ranges":
// [[lo, hi] or null per input] (integer values lo..hi-1, for ids and bytes), optional weight names and
// shapes as "weights": {"<layer>": {"<variable>": [shape], ...}} or "weight_shapes": {"<layer>":
// [["<variable>", [shape]], ...]}}. Layers of nested models are keyed by their path ("inner/dense").
// Other keys ("output_shapes", "atol", ...) are for other readers.
#ifndef TFCONV_RUNTIME_CHECK_KERAS_INTEROP_KERAS_CASE_H_
#define TFCONV_RUNTIME_CHECK_KERAS_INTEROP_KERAS_CASE_H_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "converter/graph/dtype.h"
#include "converter/graph/tensor.h"

namespace tfconv {

struct KerasCaseInput {
  std::string name;  // the InputLayer's name
  std::vector<int64_t> shape;
  DataType dtype = DataType::kFloat;
  bool has_range = false;  // values lo..hi-1 (integers, whatever the dtype)
  int64_t lo = 0, hi = 0;
};

// The weights of the layers that have any, in Keras's order. A variable name is what Keras 2 calls the
// weight below the layer ("kernel"; "lstm_cell/kernel" for a recurrent layer's cell).
struct WeightSpec {
  struct Variable {
    std::string name;
    std::vector<int64_t> shape;
  };
  struct Layer {
    std::string path;  // "dense", or "inner/dense" inside the nested model "inner"
    std::vector<Variable> variables;
  };
  std::vector<Layer> layers;
};

struct KerasCase {
  std::string name;
  std::string file;             // for messages
  nlohmann::json model_config;  // {"class_name": ..., "config": {...}}
  std::vector<KerasCaseInput> inputs;
  bool has_weights = false;  // the case gives "weights" itself
  WeightSpec weights;
};

struct LayerTensors {
  std::string path;
  std::vector<std::pair<std::string, Tensor>> variables;  // name, float32 value
};

// The case called `name` in the case file at `path`.
absl::StatusOr<KerasCase> ReadKerasCase(const std::string& path, const std::string& name);
// Parses a "weights" object ({"<layer>": {"<variable>": [shape]}}) or a "weight_shapes" one
// ({"<layer>": [["<variable>", [shape]], ...]}); `where` names it in messages.
absl::StatusOr<WeightSpec> ParseWeightSpec(const nlohmann::ordered_json& weights, const std::string& where);
// What tfjs-layers makes of a case (keras_weight_specs.cjs): the weights it builds, and why it cannot
// serve as the reference when it cannot (it fails to build the model, or computes it differently from
// Keras); `weights` is then only as good as tfjs's reading of the config.
struct TfjsView {
  WeightSpec weights;
  std::string cannot_run;  // "" when tfjs-layers runs the case as Keras does
};
absl::StatusOr<TfjsView> ReadTfjsView(const std::string& specs_path, const std::string& name);
// The case's own weights when it has them (checked against `tfjs` when given and tfjs runs the case:
// same layers, same shapes, variables paired by the last part of their names), else `tfjs`'s when tfjs
// could build the model. Neither: an error.
absl::StatusOr<WeightSpec> ChooseWeightSpec(const KerasCase& c, const TfjsView* tfjs);

// The model inputs in order: names from the config, shapes, dtypes and ranges from the case (a null
// input_dtypes / input_ranges when the case has none).
absl::StatusOr<std::vector<KerasCaseInput>> KerasCaseInputs(const nlohmann::json& model_config,
                                                            const nlohmann::json& input_shapes,
                                                            const nlohmann::json& input_dtypes,
                                                            const nlohmann::json& input_ranges,
                                                            const std::string& where);

// Deterministic weights: layer l (position in the spec), variable v, element i gets
// u = 0.05 * (((7i + 3l + 5v) mod 23) - 11), divided by sqrt(fan_in) (the product of all dimensions but
// the last; 1 for vectors). Variables named *variance (BatchNormalization's moving_variance) get
// 0.6 + 0.05 * ((7i + 3l + 5v) mod 23) instead, positive; gamma gets 1 + u / 2.
std::vector<LayerTensors> GenerateWeights(const WeightSpec& spec);
double WeightValue(const std::string& variable, const std::vector<int64_t>& shape, int layer, int variable_index,
                   int64_t i);

// Deterministic inputs, input k, element i: with a range, lo + ((3i + k) mod (hi - lo)). Else floats get
// 0.1 * ((i + 5k) mod 17) - 0.5 (the validators' default pattern, shifted per input) and integers
// (3i + k) mod V, V the smallest Embedding input_dim of the model (every index is in the vocabulary),
// or without an Embedding (i mod 7) - 3 wrapped to the type.
std::vector<Tensor> GenerateInputs(const KerasCase& c);
// The smallest "input_dim" of any Embedding layer, nested models included; 0 when there is none.
int64_t SmallestEmbeddingVocabulary(const nlohmann::json& model_config);

// DIR/model.json (format "layers-model", modelTopology = the config, weights named "<layer>/<variable>"
// as tfjs-layers matches them) and DIR/weights.bin (little-endian float32 in manifest order).
absl::Status WriteTfjsLayersModel(const KerasCase& c, const std::vector<LayerTensors>& weights,
                                  const std::string& dir);
// The shared I/O format of ../shared/validators: [{"name", "shape", "dtype", "data"}].
absl::Status WriteInputsJson(const KerasCase& c, const std::vector<Tensor>& inputs, const std::string& path);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERAS_INTEROP_KERAS_CASE_H_
