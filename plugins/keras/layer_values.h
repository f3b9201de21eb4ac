// Small helpers of the core, activation, normalization and merge layer builders: weights as
// double-precision values (folded constants are computed in double and rounded once), float
// constants in the input's dtype, axis lists, pass-through outputs, and registration.
//
//   TFCONV_ASSIGN_OR_RETURN(DataType t, FloatInputType(c, 0));               // float32 / float64 only
//   TFCONV_ASSIGN_OR_RETURN(std::vector<double> g, WeightValues(c, "gamma", 16));
//   Output k = c.Const("scale", FloatTensor(t, {16}, g));
//   TFCONV_ASSIGN_OR_RETURN(std::vector<int> axes, ReadAxes(c, "axis", rank, {-1}));   // sorted, >= 0
//   TFCONV_ASSIGN_OR_RETURN(Output y, PassThrough(c, c.input(0)));            // an Identity node
//   AddLayer(registry, "Dense", BuildDense, DenseVariables);                   // register a builder
#ifndef TFCONV_PLUGINS_KERAS_LAYER_VALUES_H_
#define TFCONV_PLUGINS_KERAS_LAYER_VALUES_H_

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "ops/keras_layer.h"
#include "ops/op_registry.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {

// The dtype of input `i` when it is float32 or float64; an error naming the layer otherwise.
inline absl::StatusOr<DataType> FloatInputType(const KerasLayerContext& c, int i) {
  if (i >= c.num_inputs()) return c.Error(absl::StrCat("expects at least ", i + 1, " input(s)"));
  DataType t = c.input_type(i);
  if (t == DataType::kFloat || t == DataType::kDouble) return t;
  return c.Error(absl::StrCat("input ", i, " is ", DataTypeName(t), "; this layer converts float32 or float64 inputs"));
}

// Every element of a numeric tensor as a double.
inline std::vector<double> TensorValues(const Tensor& t) {
  std::vector<double> v(static_cast<size_t>(t.NumElements()));
  for (int64_t i = 0; i < t.NumElements(); ++i) v[static_cast<size_t>(i)] = t.ElementAsDouble(i);
  return v;
}

// Weight `name` as doubles; it must be a float tensor of `count` elements (any shape, since Keras
// versions store per-channel parameters as [C] or with extra dimensions of 1).
inline absl::StatusOr<std::vector<double>> WeightValues(const KerasLayerContext& c, absl::string_view name,
                                                        int64_t count) {
  TFCONV_ASSIGN_OR_RETURN(Tensor t, c.Weight(name));
  if (t.dtype() != DataType::kFloat && t.dtype() != DataType::kDouble) {
    return c.Error(absl::StrCat("weight '", name, "' is ", DataTypeName(t.dtype()),
                                "; a float32 or float64 weight was expected (quantized Keras layers are not "
                                "supported)"));
  }
  if (t.NumElements() != count) {
    return c.Error(absl::StrCat("weight '", name, "' has shape [", absl::StrJoin(t.shape(), ","), "] (",
                                t.NumElements(), " values) but the config and input shape need ", count));
  }
  return TensorValues(t);
}

// A float32 or float64 tensor holding `values` (rounded once from double).
inline Tensor FloatTensor(DataType dtype, std::vector<int64_t> shape, const std::vector<double>& values) {
  if (dtype == DataType::kDouble) return Tensor::FromVector<double>(std::move(shape), values);
  std::vector<float> f(values.begin(), values.end());
  return Tensor::FromVector<float>(std::move(shape), f);
}

// `t` converted to `dtype` (float32 or float64) when it is the other of the two; as is otherwise.
inline Tensor AsFloatType(const Tensor& t, DataType dtype) {
  const bool convertible = t.dtype() == DataType::kFloat || t.dtype() == DataType::kDouble;
  if (t.dtype() == dtype || !convertible) return t;
  return FloatTensor(dtype, t.shape(), TensorValues(t));
}

// Axis `key` of the config (an int or a list of ints; `fallback` when absent or null) for an input
// of rank `rank`: negative axes resolved, sorted, no repeats. Out of range is an error.
inline absl::StatusOr<std::vector<int>> ReadAxes(const KerasLayerContext& c, absl::string_view key, int rank,
                                                 std::vector<int64_t> fallback) {
  absl::StatusOr<std::vector<int64_t>> raw = KerasInts(c.config(), key, 1, std::move(fallback));
  if (!raw.ok()) return c.Error(raw.status().message());
  std::vector<int> axes;
  for (int64_t a : *raw) {
    const int64_t resolved = a < 0 ? a + rank : a;
    if (resolved < 0 || resolved >= rank) {
      return c.Error(
          absl::StrCat(key, " ", a, " is out of range for an input of rank ", rank, " (batch dimension included)"));
    }
    if (std::find(axes.begin(), axes.end(), static_cast<int>(resolved)) != axes.end()) {
      return c.Error(absl::StrCat(key, " names axis ", resolved, " twice"));
    }
    axes.push_back(static_cast<int>(resolved));
  }
  std::sort(axes.begin(), axes.end());
  return axes;
}

// `x` unchanged, as an Identity node "<layer>/Identity" (inference-time no-op layers, so that the
// layer still has a node of its own name).
inline absl::StatusOr<Output> PassThrough(KerasLayerContext& c, Output x) {
  return c.AddOp("Identity", "Identity", {x});
}

// An error for Keras 3 layers saved with a quantized dtype policy (int8/int4/float8/GPTQ/AWQ kernels
// plus scales, stored in place of the float weights): {"class_name": "QuantizedDTypePolicy",
// "config": {"name": "int8_from_float32"}} and the like.
inline absl::Status RejectQuantizedPolicy(const KerasLayerContext& c) {
  const nlohmann::json& config = c.config();
  if (!config.is_object()) return absl::OkStatus();
  auto it = config.find("dtype");
  if (it == config.end() || !it->is_object()) return absl::OkStatus();
  std::string policy;
  auto inner = it->find("config");
  if (inner != it->end() && inner->is_object()) {
    auto name = inner->find("name");
    if (name != inner->end() && name->is_string()) policy = name->get<std::string>();
  }
  auto cls = it->find("class_name");
  const std::string cls_name = cls != it->end() && cls->is_string() ? cls->get<std::string>() : "";
  bool quantized = cls_name.find("Quantized") != std::string::npos || cls_name.find("GPTQ") != std::string::npos ||
                   cls_name.find("AWQ") != std::string::npos;
  for (const char* prefix : {"int8", "int4", "float8", "gptq", "awq"}) {
    if (policy.rfind(prefix, 0) == 0) quantized = true;
  }
  if (!quantized) return absl::OkStatus();
  return c.Error(absl::StrCat("the layer was saved quantized (dtype policy ", policy.empty() ? cls_name : policy,
                              "); convert the float model and quantize with the converter instead"));
}

// Registers `build` for Keras class `class_name`; `names` gives its Keras 3 variable order (none when
// null: the layer has no weights).
inline void AddLayer(OpRegistry& registry, const char* class_name, KerasLayerFn build,
                     KerasVariableNamesFn names = nullptr) {
  KerasLayerRegistration r;
  r.class_name = class_name;
  r.build = std::move(build);
  r.variable_names = names ? std::move(names) : [](const nlohmann::json&) { return std::vector<std::string>{}; };
  registry.AddKerasLayer(std::move(r));
}

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_KERAS_LAYER_VALUES_H_
