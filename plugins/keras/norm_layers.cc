// Normalization layers: BatchNormalization (and its Keras 2 aliases), LayerNormalization, and the
// preprocessing layers Normalization and Rescaling.
//
// BatchNormalization at inference is a per-channel affine map, folded here (in double, rounded
// once) into y = x * scale + offset with scale = gamma / sqrt(moving_variance + epsilon) and
// offset = beta - moving_mean * scale: a Mul and an AddV2 with constants of shape [C] (channels
// last) that the optimizer folds into a preceding CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED.
// LayerNormalization computes its moments at run time: Mean, SquaredDifference, Mean, Rsqrt, as
// tf.nn.moments and tf.nn.batch_normalization write them.
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/keras/layer_families.h"
#include "plugins/keras/layer_util.h"
#include "plugins/keras/layer_values.h"

namespace tfconv {
namespace {

absl::StatusOr<bool> ReadBool(const KerasLayerContext& c, absl::string_view key, bool fallback) {
  absl::StatusOr<bool> v = KerasBool(c.config(), key, fallback);
  if (!v.ok()) return c.Error(v.status().message());
  return *v;
}

absl::StatusOr<double> ReadFloat(const KerasLayerContext& c, absl::string_view key, double fallback) {
  absl::StatusOr<double> v = KerasFloat(c.config(), key, fallback);
  if (!v.ok()) return c.Error(v.status().message());
  return *v;
}

// The sizes of the input along `axes` (sorted), which must be known; `what` names the parameters
// in the error.
absl::StatusOr<std::vector<int64_t>> AxisDims(const KerasLayerContext& c, const std::vector<int>& axes,
                                              absl::string_view what) {
  std::vector<int64_t> dims;
  for (int a : axes) {
    const int64_t d = c.input_shape(0).dim(a);
    if (d < 0) {
      return c.Error(absl::StrCat(what, " needs the size of axis ", a, " of the input, which is unknown (",
                                  c.input_shape(0).ToString(), ")"));
    }
    dims.push_back(d);
  }
  return dims;
}

int64_t Product(const std::vector<int64_t>& dims) {
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  return n;
}

// The shape that broadcasts per-`axes` parameters against an input of rank `rank`: the axes' sizes,
// 1 elsewhere, leading 1s dropped ([C] for the last axis, [C, 1, 1] for axis 1 of a rank-4 input).
std::vector<int64_t> ParamShape(int rank, const std::vector<int>& axes, const std::vector<int64_t>& dims) {
  std::vector<int64_t> shape(rank, 1);
  for (size_t i = 0; i < axes.size(); ++i) shape[axes[i]] = dims[i];
  size_t first = 0;
  while (first < shape.size() && shape[first] == 1 && first < static_cast<size_t>(axes.empty() ? rank : axes[0])) {
    ++first;
  }
  return std::vector<int64_t>(shape.begin() + first, shape.end());
}

absl::Status Finish(KerasLayerContext& c, Output y) {
  c.SetOutputs({y});
  return absl::OkStatus();
}

// ---- BatchNormalization -------------------------------------------------------------------------

absl::Status BuildBatchNorm(KerasLayerContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int rank, InputRank(c, 0, -1));
  TFCONV_ASSIGN_OR_RETURN(DataType dtype, FloatInputType(c, 0));
  // Keras 2 writes the axis as a list ([3]) after build; Keras 3 as an int.
  TFCONV_ASSIGN_OR_RETURN(std::vector<int> axes, ReadAxes(c, "axis", rank, {-1}));
  if (axes.empty()) return c.Error("axis names no axis");
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> dims, AxisDims(c, axes, "the per-channel parameters"));
  const int64_t n = Product(dims);
  TFCONV_ASSIGN_OR_RETURN(bool center, ReadBool(c, "center", true));
  TFCONV_ASSIGN_OR_RETURN(bool scale, ReadBool(c, "scale", true));
  TFCONV_ASSIGN_OR_RETURN(double epsilon, ReadFloat(c, "epsilon", 1e-3));
  std::vector<double> gamma(n, 1.0), beta(n, 0.0);
  if (scale) {
    TFCONV_ASSIGN_OR_RETURN(gamma, WeightValues(c, "gamma", n));
  }
  if (center) {
    TFCONV_ASSIGN_OR_RETURN(beta, WeightValues(c, "beta", n));
  }
  TFCONV_ASSIGN_OR_RETURN(std::vector<double> mean, WeightValues(c, "moving_mean", n));
  TFCONV_ASSIGN_OR_RETURN(std::vector<double> variance, WeightValues(c, "moving_variance", n));
  std::vector<double> mul(n), add(n);
  for (int64_t i = 0; i < n; ++i) {
    mul[i] = gamma[i] / std::sqrt(variance[i] + epsilon);
    add[i] = beta[i] - mean[i] * mul[i];
  }
  const std::vector<int64_t> shape = ParamShape(rank, axes, dims);
  TFCONV_ASSIGN_OR_RETURN(Output scaled,
                          c.AddOp("mul", "Mul", {c.input(0), c.Const("scale", FloatTensor(dtype, shape, mul))}));
  TFCONV_ASSIGN_OR_RETURN(Output y,
                          c.AddOp("add", "AddV2", {scaled, c.Const("offset", FloatTensor(dtype, shape, add))}));
  return Finish(c, y);
}

// Keras 3 creates gamma (scale), beta (center), moving_mean, moving_variance, in that order.
std::vector<std::string> BatchNormVariables(const nlohmann::json& config) {
  std::vector<std::string> names;
  absl::StatusOr<bool> scale = KerasBool(config, "scale", true);
  absl::StatusOr<bool> center = KerasBool(config, "center", true);
  if (!scale.ok() || *scale) names.push_back("gamma");
  if (!center.ok() || *center) names.push_back("beta");
  names.push_back("moving_mean");
  names.push_back("moving_variance");
  return names;
}

// ---- LayerNormalization -------------------------------------------------------------------------

// y = x * inv + (beta - mean * inv), inv = rsqrt(variance + epsilon) * gamma (Keras 2's
// tf.nn.batch_normalization and Keras 3 both write it so). Keras 3's rms_scaling:
// y = x * rsqrt(variance + epsilon) * gamma, with the variance about the mean as Keras computes it.
absl::Status BuildLayerNorm(KerasLayerContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int rank, InputRank(c, 0, -1));
  TFCONV_ASSIGN_OR_RETURN(DataType dtype, FloatInputType(c, 0));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int> axes, ReadAxes(c, "axis", rank, {-1}));
  if (axes.empty()) return c.Error("axis names no axis");
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> dims, AxisDims(c, axes, "gamma and beta"));
  const int64_t n = Product(dims);
  TFCONV_ASSIGN_OR_RETURN(bool rms, ReadBool(c, "rms_scaling", false));
  TFCONV_ASSIGN_OR_RETURN(bool center, ReadBool(c, "center", true));
  TFCONV_ASSIGN_OR_RETURN(bool scale, ReadBool(c, "scale", true));
  TFCONV_ASSIGN_OR_RETURN(double epsilon, ReadFloat(c, "epsilon", 1e-3));
  if (rms) {
    scale = true;
    center = false;
  }
  const std::vector<int64_t> shape = ParamShape(rank, axes, dims);
  Output x = c.input(0);
  Output axes_const = Int32Const(c, "moments/axes", std::vector<int64_t>(axes.begin(), axes.end()));
  TFCONV_ASSIGN_OR_RETURN(Output mean, c.AddOp("moments/mean", "Mean", {x, axes_const}, {{"keep_dims", true}}));
  TFCONV_ASSIGN_OR_RETURN(Output sq, c.AddOp("moments/SquaredDifference", "SquaredDifference", {x, mean}));
  TFCONV_ASSIGN_OR_RETURN(Output var, c.AddOp("moments/variance", "Mean", {sq, axes_const}, {{"keep_dims", true}}));
  TFCONV_ASSIGN_OR_RETURN(Output eps, ScalarConst(c, "batchnorm/add/y", epsilon, dtype));
  TFCONV_ASSIGN_OR_RETURN(Output var_eps, c.AddOp("batchnorm/add", "AddV2", {var, eps}));
  TFCONV_ASSIGN_OR_RETURN(Output inv, c.AddOp("batchnorm/Rsqrt", "Rsqrt", {var_eps}));
  if (scale) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<double> gamma, WeightValues(c, "gamma", n));
    TFCONV_ASSIGN_OR_RETURN(inv,
                            c.AddOp("batchnorm/mul", "Mul", {inv, c.Const("gamma", FloatTensor(dtype, shape, gamma))}));
  }
  TFCONV_ASSIGN_OR_RETURN(Output x_inv, c.AddOp("batchnorm/mul_1", "Mul", {x, inv}));
  if (rms) return Finish(c, x_inv);
  TFCONV_ASSIGN_OR_RETURN(Output mean_inv, c.AddOp("batchnorm/mul_2", "Mul", {mean, inv}));
  Output shift;
  if (center) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<double> beta, WeightValues(c, "beta", n));
    TFCONV_ASSIGN_OR_RETURN(
        shift, c.AddOp("batchnorm/sub", "Sub", {c.Const("beta", FloatTensor(dtype, shape, beta)), mean_inv}));
    TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("batchnorm/add_1", "AddV2", {x_inv, shift}));
    return Finish(c, y);
  }
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("batchnorm/sub", "Sub", {x_inv, mean_inv}));
  return Finish(c, y);
}

// Keras 2 and 3: gamma (scale or rms_scaling), then beta (center, not rms_scaling).
std::vector<std::string> LayerNormVariables(const nlohmann::json& config) {
  absl::StatusOr<bool> rms = KerasBool(config, "rms_scaling", false);
  absl::StatusOr<bool> scale = KerasBool(config, "scale", true);
  absl::StatusOr<bool> center = KerasBool(config, "center", true);
  const bool is_rms = rms.ok() && *rms;
  std::vector<std::string> names;
  if (is_rms || !scale.ok() || *scale) names.push_back("gamma");
  if (!is_rms && (!center.ok() || *center)) names.push_back("beta");
  return names;
}

// ---- Normalization (preprocessing) --------------------------------------------------------------

// A number, a nested list of numbers, or Keras 3's serialized array {"config": {"value": ...}},
// flattened row-major with its shape. False when it is none of these.
bool FlattenNumbers(const nlohmann::json& v, std::vector<double>* values, std::vector<int64_t>* shape, int depth = 0) {
  if (v.is_object()) {
    auto cfg = v.find("config");
    if (cfg == v.end() || !cfg->is_object()) return false;
    auto value = cfg->find("value");
    return value != cfg->end() && FlattenNumbers(*value, values, shape, depth);
  }
  if (v.is_number()) {
    values->push_back(v.get<double>());
    return true;
  }
  if (!v.is_array()) return false;
  if (static_cast<int>(shape->size()) == depth) {
    shape->push_back(static_cast<int64_t>(v.size()));
  } else if ((*shape)[depth] != static_cast<int64_t>(v.size())) {
    return false;  // ragged
  }
  for (const nlohmann::json& e : v) {
    if (!FlattenNumbers(e, values, shape, depth + 1)) return false;
  }
  return true;
}

// `values` of `shape` broadcast (NumPy rules, aligned on the right) to `target`.
absl::StatusOr<std::vector<double>> BroadcastTo(const KerasLayerContext& c, absl::string_view what,
                                                const std::vector<double>& values, const std::vector<int64_t>& shape,
                                                const std::vector<int64_t>& target) {
  auto fail = [&] {
    return c.Error(absl::StrCat(what, " of shape [", absl::StrJoin(shape, ","), "] does not broadcast to [",
                                absl::StrJoin(target, ","), "]"));
  };
  if (shape.size() > target.size()) return fail();
  const size_t lead = target.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] != 1 && shape[i] != target[lead + i]) return fail();
  }
  const int64_t n = Product(target);
  std::vector<double> out(n);
  std::vector<int64_t> index(target.size(), 0);
  for (int64_t k = 0; k < n; ++k) {
    int64_t src = 0;
    for (size_t i = 0; i < shape.size(); ++i) src = src * shape[i] + (shape[i] == 1 ? 0 : index[lead + i]);
    out[k] = values[src];
    for (int i = static_cast<int>(target.size()) - 1; i >= 0; --i) {
      if (++index[i] < target[i]) break;
      index[i] = 0;
    }
  }
  return out;
}

// The input as the layer's compute dtype sees it: float inputs as they are, others cast to float32
// (Keras casts uint8 images and integer features before the arithmetic).
absl::StatusOr<Output> AsFloatInput(KerasLayerContext& c, Output x) {
  const DataType t = c.type_of(x);
  if (t == DataType::kFloat || t == DataType::kDouble) return x;
  if (!IsIntegerType(t) && t != DataType::kBool && t != DataType::kHalf) {
    return c.Error(absl::StrCat("cannot take a ", DataTypeName(t), " input"));
  }
  return c.AddOp("Cast", "Cast", {x}, {{"SrcT", t}, {"DstT", DataType::kFloat}, {"Truncate", false}});
}

// (x - mean) / max(sqrt(variance), 1e-7), or mean + x * max(sqrt(variance), 1e-7) when invert
// (Keras 2.10+ and 3; epsilon is backend.epsilon()). The denominator is computed in float32 as Keras
// does, and the division kept (not turned into a product) so the results match Keras' to the bit.
absl::Status BuildNormalization(KerasLayerContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int rank, InputRank(c, 0, -1));
  TFCONV_ASSIGN_OR_RETURN(Output x, AsFloatInput(c, c.input(0)));
  const DataType dtype = c.type_of(x);
  std::vector<int> keep;
  const nlohmann::json& config = c.config();
  if (!(config.is_object() && config.contains("axis") && config["axis"].is_null())) {
    TFCONV_ASSIGN_OR_RETURN(keep, ReadAxes(c, "axis", rank, {-1}));
  }
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> dims, AxisDims(c, keep, "mean and variance"));
  const int64_t n = Product(dims);
  TFCONV_ASSIGN_OR_RETURN(bool invert, ReadBool(c, "invert", false));

  std::vector<double> mean, variance;
  const bool in_config = config.is_object() && config.contains("mean") && !config["mean"].is_null();
  if (in_config) {
    std::vector<double> mv, vv;
    std::vector<int64_t> ms, vs;
    if (!FlattenNumbers(config["mean"], &mv, &ms) || !config.contains("variance") ||
        !FlattenNumbers(config["variance"], &vv, &vs)) {
      return c.Error("config 'mean' and 'variance' should be numbers or (nested) lists of numbers");
    }
    TFCONV_ASSIGN_OR_RETURN(mean, BroadcastTo(c, "config 'mean'", mv, ms, dims));
    TFCONV_ASSIGN_OR_RETURN(variance, BroadcastTo(c, "config 'variance'", vv, vs, dims));
  } else {
    TFCONV_ASSIGN_OR_RETURN(mean, WeightValues(c, "mean", n));
    TFCONV_ASSIGN_OR_RETURN(variance, WeightValues(c, "variance", n));
  }
  std::vector<double> denom(n);
  for (int64_t i = 0; i < n; ++i) {
    // float32 arithmetic, as Keras' sqrt and maximum run on float32 tensors.
    const float s = std::sqrt(static_cast<float>(variance[i]));
    denom[i] =
        dtype == DataType::kDouble ? std::max(std::sqrt(variance[i]), 1e-7) : static_cast<double>(std::max(s, 1e-7f));
  }
  const std::vector<int64_t> shape = ParamShape(rank, keep, dims);
  Output m = c.Const("mean", FloatTensor(dtype, shape, mean));
  Output d = c.Const("stddev", FloatTensor(dtype, shape, denom));
  if (invert) {
    TFCONV_ASSIGN_OR_RETURN(Output scaled, c.AddOp("mul", "Mul", {x, d}));
    TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("add", "AddV2", {m, scaled}));
    return Finish(c, y);
  }
  TFCONV_ASSIGN_OR_RETURN(Output centered, c.AddOp("sub", "Sub", {x, m}));
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("truediv", "RealDiv", {centered, d}));
  return Finish(c, y);
}

// Adapted layers carry mean, variance and count (kept for old files); with mean and variance in the
// config there are none.
std::vector<std::string> NormalizationVariables(const nlohmann::json& config) {
  if (config.is_object() && config.contains("mean") && !config["mean"].is_null()) return {};
  return {"mean", "variance", "count"};
}

// ---- Rescaling ----------------------------------------------------------------------------------

// x * scale + offset after a cast to float; scale and offset are numbers or (Keras 3) arrays that
// broadcast against the input.
absl::Status BuildRescaling(KerasLayerContext& c) {
  if (c.num_inputs() != 1) return c.Error(absl::StrCat("expects one input, got ", c.num_inputs()));
  TFCONV_ASSIGN_OR_RETURN(Output x, AsFloatInput(c, c.input(0)));
  const DataType dtype = c.type_of(x);
  const nlohmann::json& config = c.config();
  auto read = [&](const char* key, double fallback, std::vector<double>* v,
                  std::vector<int64_t>* shape) -> absl::Status {
    if (!config.is_object() || !config.contains(key) || config[key].is_null()) {
      v->assign(1, fallback);
      return absl::OkStatus();
    }
    if (!FlattenNumbers(config[key], v, shape)) {
      return c.Error(
          absl::StrCat("config '", key, "' should be a number or a list of numbers, not ", config[key].dump()));
    }
    return absl::OkStatus();
  };
  std::vector<double> scale, offset;
  std::vector<int64_t> scale_shape, offset_shape;
  TFCONV_RETURN_IF_ERROR(read("scale", 1.0, &scale, &scale_shape));
  TFCONV_RETURN_IF_ERROR(read("offset", 0.0, &offset, &offset_shape));
  // A scale of 1 or an offset of 0 adds no node (the result is the same but for the sign of a zero).
  auto all = [](const std::vector<double>& v, double value) {
    return std::all_of(v.begin(), v.end(), [value](double e) { return e == value; });
  };
  const bool need_mul = !all(scale, 1.0) || !scale_shape.empty();
  const bool need_add = !all(offset, 0.0) || !offset_shape.empty();
  Output y = x;
  if (need_mul || !need_add) {
    TFCONV_ASSIGN_OR_RETURN(y, c.AddOp("mul", "Mul", {y, c.Const("scale", FloatTensor(dtype, scale_shape, scale))}));
  }
  if (need_add) {
    TFCONV_ASSIGN_OR_RETURN(y,
                            c.AddOp("add", "AddV2", {y, c.Const("offset", FloatTensor(dtype, offset_shape, offset))}));
  }
  return Finish(c, y);
}

}  // namespace

void RegisterNormLayers(OpRegistry& registry) {
  // BatchNormalizationV1/V2: the names tf.keras 2 gives its v1 and v2 classes in some saved
  // configs; SyncBatchNormalization differs only in training.
  for (const char* name :
       {"BatchNormalization", "BatchNormalizationV1", "BatchNormalizationV2", "SyncBatchNormalization"}) {
    AddLayer(registry, name, BuildBatchNorm, BatchNormVariables);
  }
  AddLayer(registry, "LayerNormalization", BuildLayerNorm, LayerNormVariables);
  AddLayer(registry, "Normalization", BuildNormalization, NormalizationVariables);
  AddLayer(registry, "Rescaling", BuildRescaling);
}

}  // namespace tfconv
