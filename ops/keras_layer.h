// Keras layers as plugins: a plugin registers a builder for a Keras layer class name; the Keras front
// end calls it once per call of the layer in the model, and the builder writes the layer's
// computation as TF graph IR nodes (Conv2D, BiasAdd, Relu, ...) that the op plugins then lower like
// any TF graph. User-defined layer classes are added the same way (see the README's plugin how-to).
//
//   absl::Status BuildScale(KerasLayerContext& c) {              // class "Scale", one weight "factor"
//     absl::StatusOr<Tensor> factor = c.Weight("factor");
//     if (!factor.ok()) return factor.status();
//     absl::StatusOr<Output> y = c.AddOp("mul", "Mul", {c.input(0), c.Const("factor", *factor)});
//     if (!y.ok()) return y.status();
//     c.SetOutputs({*y});
//     return absl::OkStatus();
//   }
//   KerasLayerRegistration r;
//   r.class_name = "Scale";
//   r.build = BuildScale;
//   r.variable_names = [](const nlohmann::json&) { return std::vector<std::string>{"factor"}; };
//   registry.AddKerasLayer(std::move(r));                        // inside a plugin's register function
#ifndef TFCONV_OPS_KERAS_LAYER_H_
#define TFCONV_OPS_KERAS_LAYER_H_

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "converter/graph/attr.h"
#include "converter/graph/graph.h"
#include "converter/graph/tensor.h"

namespace tfconv {

// One call of one layer, as its builder sees it. Implemented by the front end.
class KerasLayerContext {
 public:
  virtual ~KerasLayerContext() = default;

  // The layer's name, class name and "config" object, as the model file gives them.
  virtual const std::string& layer_name() const = 0;
  virtual const std::string& class_name() const = 0;
  virtual const nlohmann::json& config() const = 0;

  // The tensors the layer is called on, in call order (merge layers get several), with the dtype
  // and shape inference found for them (the batch dimension is -1 unless the model fixes it).
  virtual int num_inputs() const = 0;
  virtual Output input(int i) const = 0;
  virtual DataType input_type(int i) const = 0;
  virtual const PartialShape& input_shape(int i) const = 0;

  // The layer's weight by its Keras variable name ("kernel", "bias", "gamma", "moving_mean", ...).
  // Keras 2 files name every weight; Keras 3 files only number them, and the registration's
  // variable_names gives the names. Missing: an error naming the layer, the weight and the file.
  virtual bool HasWeight(absl::string_view name) const = 0;
  virtual absl::StatusOr<Tensor> Weight(absl::string_view name) const = 0;

  // A Const node "<layer>/<suffix>" holding `value`.
  virtual Output Const(absl::string_view suffix, Tensor value) = 0;
  // Adds node "<layer>/<suffix>" running TF op `op` on `inputs`, and infers its outputs at once (so
  // the next node can ask for shapes). Returns output 0; other outputs are {node, k}.
  virtual absl::StatusOr<Output> AddOp(absl::string_view suffix, absl::string_view op, std::vector<Output> inputs,
                                       AttrMap attrs = {}) = 0;
  virtual DataType type_of(Output o) const = 0;
  virtual const PartialShape& shape_of(Output o) const = 0;

  // The layer call's results (most layers have one).
  virtual void SetOutputs(std::vector<Output> outputs) = 0;

  // "layer 'conv2d' (Conv2D): <message>" with code InvalidArgument, for a config the builder cannot
  // convert (unsupported option values, shapes that do not fit).
  absl::Status Error(absl::string_view message) const;
};

using KerasLayerFn = std::function<absl::Status(KerasLayerContext&)>;
// The variable names of a layer in creation order (which Keras 3's numbered "vars/<i>" follow), from
// its config: Dense with use_bias gives {"kernel", "bias"}.
using KerasVariableNamesFn = std::function<std::vector<std::string>(const nlohmann::json& config)>;

struct KerasLayerRegistration {
  std::string class_name;               // as in the config: "Conv2D", "MyProject>Scale", ...
  KerasLayerFn build;                   // required
  KerasVariableNamesFn variable_names;  // required when the layer has weights
  std::string plugin_id;                // filled in by the registry
};

// Reading configs: the value of `key` in `config`, or `fallback` when absent or null. A present value
// of another type is an error naming the key.
absl::StatusOr<int64_t> KerasInt(const nlohmann::json& config, absl::string_view key, int64_t fallback);
absl::StatusOr<double> KerasFloat(const nlohmann::json& config, absl::string_view key, double fallback);
absl::StatusOr<bool> KerasBool(const nlohmann::json& config, absl::string_view key, bool fallback);
absl::StatusOr<std::string> KerasString(const nlohmann::json& config, absl::string_view key,
                                        absl::string_view fallback);
// A list of ints, or one int repeated `rank` times (Keras accepts kernel_size=3 for (3, 3)).
absl::StatusOr<std::vector<int64_t>> KerasInts(const nlohmann::json& config, absl::string_view key, int rank,
                                               std::vector<int64_t> fallback);

}  // namespace tfconv

#endif  // TFCONV_OPS_KERAS_LAYER_H_
