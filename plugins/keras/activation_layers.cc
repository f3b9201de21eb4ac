// Keras activation layers: Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax, ThresholdedReLU.
//
// Each follows the formula Keras evaluates (keras.activations.relu / backend.relu, the layers'
// call methods), including its quirks: ReLU with a threshold keeps x where x > threshold (even a
// negative x when threshold < 0 and no max_value clips it), and PReLU is relu(x) - alpha *
// relu(-x), the form the optimizer fuses into one PRELU.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "plugins/keras/layer_families.h"
#include "plugins/keras/layer_util.h"
#include "plugins/keras/layer_values.h"

namespace tfconv {
namespace {

absl::StatusOr<Output> Scalar(KerasLayerContext& c, absl::string_view suffix, double value, DataType dtype) {
  return ScalarConst(c, suffix, value, dtype);
}

// x <op> scalar, the scalar a Const "<name>/y".
absl::StatusOr<Output> WithScalar(KerasLayerContext& c, absl::string_view name, absl::string_view op, Output x,
                                  double value, DataType dtype) {
  TFCONV_ASSIGN_OR_RETURN(Output s, Scalar(c, absl::StrCat(name, "/y"), value, dtype));
  return c.AddOp(name, op, {x, s});
}

// x * (x > threshold), as Keras writes it: a Greater, a Cast of the mask and a Mul.
absl::StatusOr<Output> KeepAbove(KerasLayerContext& c, Output x, double threshold, DataType dtype) {
  TFCONV_ASSIGN_OR_RETURN(Output mask, WithScalar(c, "Greater", "Greater", x, threshold, dtype));
  TFCONV_ASSIGN_OR_RETURN(
      Output fmask, c.AddOp("Cast", "Cast", {mask}, {{"SrcT", DataType::kBool}, {"DstT", dtype}, {"Truncate", false}}));
  return c.AddOp("mul", "Mul", {x, fmask});
}

absl::StatusOr<double> ReadFloat(const KerasLayerContext& c, absl::string_view key, double fallback) {
  absl::StatusOr<double> v = KerasFloat(c.config(), key, fallback);
  if (!v.ok()) return c.Error(v.status().message());
  return *v;
}

absl::Status Finish(KerasLayerContext& c, Output y) {
  c.SetOutputs({y});
  return absl::OkStatus();
}

absl::Status BuildActivation(KerasLayerContext& c) {
  if (c.num_inputs() != 1) return c.Error(absl::StrCat("expects one input, got ", c.num_inputs()));
  TFCONV_ASSIGN_OR_RETURN(Output y, ApplyActivationFromConfig(c, c.input(0)));
  if (y == c.input(0)) {
    TFCONV_ASSIGN_OR_RETURN(y, PassThrough(c, y));  // "linear": keep a node named after the layer
  }
  return Finish(c, y);
}

// ReLU(max_value, negative_slope, threshold), Keras' general relu:
//   pos = threshold != 0 ? x * (x > threshold) : relu(x)   (relu6 when max_value == 6)
//   pos = clip(pos, 0, max_value)                          (when max_value is set)
//   y   = pos - negative_slope * relu(threshold - x)       (when negative_slope != 0)
// with LeakyRelu for a slope alone.
absl::Status BuildReLU(KerasLayerContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType dtype, FloatInputType(c, 0));
  std::optional<double> max_value;
  if (c.config().is_object() && c.config().contains("max_value") && !c.config()["max_value"].is_null()) {
    TFCONV_ASSIGN_OR_RETURN(double m, ReadFloat(c, "max_value", 0));
    if (m < 0) return c.Error(absl::StrCat("max_value ", m, " is negative"));
    max_value = m;
  }
  TFCONV_ASSIGN_OR_RETURN(double slope, ReadFloat(c, "negative_slope", 0.0));
  TFCONV_ASSIGN_OR_RETURN(double threshold, ReadFloat(c, "threshold", 0.0));
  Output x = c.input(0);

  if (slope != 0 && !max_value && threshold == 0) {
    TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("LeakyRelu", "LeakyRelu", {x}, {{"alpha", static_cast<float>(slope)}}));
    return Finish(c, y);
  }
  std::optional<Output> negative_part;
  if (slope != 0) {
    Output shifted;
    if (threshold != 0) {
      TFCONV_ASSIGN_OR_RETURN(Output t, Scalar(c, "threshold", threshold, dtype));
      TFCONV_ASSIGN_OR_RETURN(shifted, c.AddOp("sub_threshold", "Sub", {t, x}));
    } else {
      TFCONV_ASSIGN_OR_RETURN(shifted, c.AddOp("Neg", "Neg", {x}));
    }
    TFCONV_ASSIGN_OR_RETURN(Output r, c.AddOp("Relu_negative", "Relu", {shifted}));
    negative_part = r;
  }
  bool clip = max_value.has_value();
  bool may_be_negative = false;  // pos can be below 0 only through the threshold form
  Output pos;
  if (threshold != 0) {
    TFCONV_ASSIGN_OR_RETURN(pos, KeepAbove(c, x, threshold, dtype));
    may_be_negative = threshold < 0;
  } else if (max_value && *max_value == 6.0) {
    TFCONV_ASSIGN_OR_RETURN(pos, c.AddOp("Relu6", "Relu6", {x}));
    clip = false;
  } else {
    TFCONV_ASSIGN_OR_RETURN(pos, c.AddOp("Relu", "Relu", {x}));
  }
  if (clip) {
    if (may_be_negative) {
      TFCONV_ASSIGN_OR_RETURN(pos, WithScalar(c, "clip/Maximum", "Maximum", pos, 0.0, dtype));
    }
    TFCONV_ASSIGN_OR_RETURN(pos, WithScalar(c, "clip/Minimum", "Minimum", pos, *max_value, dtype));
  }
  if (negative_part) {
    TFCONV_ASSIGN_OR_RETURN(Output scaled, WithScalar(c, "mul_slope", "Mul", *negative_part, slope, dtype));
    TFCONV_ASSIGN_OR_RETURN(pos, c.AddOp("sub", "Sub", {pos, scaled}));
  }
  return Finish(c, pos);
}

// Keras 2 names the slope "alpha", Keras 3 "negative_slope" (both default 0.3).
absl::Status BuildLeakyReLU(KerasLayerContext& c) {
  TFCONV_RETURN_IF_ERROR(FloatInputType(c, 0).status());
  const char* key = c.config().is_object() && c.config().contains("negative_slope") ? "negative_slope" : "alpha";
  TFCONV_ASSIGN_OR_RETURN(double alpha, ReadFloat(c, key, 0.3));
  TFCONV_ASSIGN_OR_RETURN(Output y,
                          c.AddOp("LeakyRelu", "LeakyRelu", {c.input(0)}, {{"alpha", static_cast<float>(alpha)}}));
  return Finish(c, y);
}

// PReLU: alpha has the input's shape without the batch dimension, 1 along shared_axes (numbered
// with the batch as axis 0). Written relu(x) + relu(-x) * (-alpha), the Keras graph with -alpha
// folded, which the optimizer turns into one PRELU.
absl::Status BuildPReLU(KerasLayerContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int rank, InputRank(c, 0, -1));
  if (rank < 2) return c.Error(absl::StrCat("needs an input of rank 2 or more, got ", c.input_shape(0).ToString()));
  TFCONV_ASSIGN_OR_RETURN(DataType dtype, FloatInputType(c, 0));
  std::vector<int64_t> alpha_shape(c.input_shape(0).dims().begin() + 1, c.input_shape(0).dims().end());
  absl::StatusOr<std::vector<int64_t>> shared = KerasInts(c.config(), "shared_axes", 1, {});
  if (!shared.ok()) return c.Error(shared.status().message());
  for (int64_t a : *shared) {
    if (a < 1 || a >= rank) {
      return c.Error(absl::StrCat("shared_axes names axis ", a, ", outside 1..", rank - 1));
    }
    alpha_shape[a - 1] = 1;
  }
  TFCONV_ASSIGN_OR_RETURN(Tensor alpha, CheckedWeight(c, "alpha", alpha_shape));
  std::vector<double> neg = TensorValues(alpha);
  for (double& v : neg) v = -v;
  Output x = c.input(0);
  TFCONV_ASSIGN_OR_RETURN(Output pos, c.AddOp("Relu", "Relu", {x}));
  TFCONV_ASSIGN_OR_RETURN(Output nx, c.AddOp("Neg", "Neg", {x}));
  TFCONV_ASSIGN_OR_RETURN(Output rn, c.AddOp("Relu_1", "Relu", {nx}));
  TFCONV_ASSIGN_OR_RETURN(Output scaled,
                          c.AddOp("mul", "Mul", {rn, c.Const("neg_alpha", FloatTensor(dtype, alpha.shape(), neg))}));
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("add", "AddV2", {pos, scaled}));
  return Finish(c, y);
}

// ELU: TF's Elu is alpha = 1; another alpha scales the negative branch (Keras: where(x > 0, elu,
// alpha * elu)).
absl::Status BuildELU(KerasLayerContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType dtype, FloatInputType(c, 0));
  TFCONV_ASSIGN_OR_RETURN(double alpha, ReadFloat(c, "alpha", 1.0));
  Output x = c.input(0);
  TFCONV_ASSIGN_OR_RETURN(Output e, c.AddOp("Elu", "Elu", {x}));
  if (alpha == 1.0) return Finish(c, e);
  TFCONV_ASSIGN_OR_RETURN(Output positive, WithScalar(c, "Greater", "Greater", x, 0.0, dtype));
  TFCONV_ASSIGN_OR_RETURN(Output scaled, WithScalar(c, "mul", "Mul", e, alpha, dtype));
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("SelectV2", "SelectV2", {positive, e, scaled}, {{"T", dtype}}));
  return Finish(c, y);
}

// Softmax over `axis` (int, default -1, or a list). The last axis is TF's Softmax; another single
// axis is moved last and back (what tf.nn.softmax does); several axes are exp(x - max) / sum.
absl::Status BuildSoftmax(KerasLayerContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int rank, InputRank(c, 0, -1));
  TFCONV_RETURN_IF_ERROR(FloatInputType(c, 0).status());
  if (rank < 1) return c.Error("needs an input of rank 1 or more");
  TFCONV_ASSIGN_OR_RETURN(std::vector<int> axes, ReadAxes(c, "axis", rank, {-1}));
  if (axes.empty()) return c.Error("axis names no axis");
  Output x = c.input(0);
  if (axes.size() == 1 && axes[0] == rank - 1) {
    TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("Softmax", "Softmax", {x}));
    return Finish(c, y);
  }
  if (axes.size() == 1) {
    std::vector<int64_t> perm(rank);
    for (int i = 0; i < rank; ++i) perm[i] = i;
    std::swap(perm[axes[0]], perm[rank - 1]);  // a swap is its own inverse
    TFCONV_ASSIGN_OR_RETURN(Output t, c.AddOp("transpose", "Transpose", {x, Int32Const(c, "transpose/perm", perm)}));
    TFCONV_ASSIGN_OR_RETURN(Output s, c.AddOp("Softmax", "Softmax", {t}));
    TFCONV_ASSIGN_OR_RETURN(Output y,
                            c.AddOp("transpose_1", "Transpose", {s, Int32Const(c, "transpose_1/perm", perm)}));
    return Finish(c, y);
  }
  std::vector<int64_t> ax(axes.begin(), axes.end());
  TFCONV_ASSIGN_OR_RETURN(Output m, c.AddOp("Max", "Max", {x, Int32Const(c, "Max/axes", ax)}, {{"keep_dims", true}}));
  TFCONV_ASSIGN_OR_RETURN(Output d, c.AddOp("sub", "Sub", {x, m}));
  TFCONV_ASSIGN_OR_RETURN(Output e, c.AddOp("Exp", "Exp", {d}));
  TFCONV_ASSIGN_OR_RETURN(Output s, c.AddOp("Sum", "Sum", {e, Int32Const(c, "Sum/axes", ax)}, {{"keep_dims", true}}));
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("truediv", "RealDiv", {e, s}));
  return Finish(c, y);
}

// ThresholdedReLU (Keras 2): x where x > theta, else 0.
absl::Status BuildThresholdedReLU(KerasLayerContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType dtype, FloatInputType(c, 0));
  TFCONV_ASSIGN_OR_RETURN(double theta, ReadFloat(c, "theta", 1.0));
  TFCONV_ASSIGN_OR_RETURN(Output y, KeepAbove(c, c.input(0), theta, dtype));
  return Finish(c, y);
}

}  // namespace

void RegisterActivationLayers(OpRegistry& registry) {
  AddLayer(registry, "Activation", BuildActivation);
  AddLayer(registry, "ReLU", BuildReLU);
  AddLayer(registry, "LeakyReLU", BuildLeakyReLU);
  AddLayer(registry, "PReLU", BuildPReLU, [](const nlohmann::json&) { return std::vector<std::string>{"alpha"}; });
  AddLayer(registry, "ELU", BuildELU);
  AddLayer(registry, "Softmax", BuildSoftmax);
  AddLayer(registry, "ThresholdedReLU", BuildThresholdedReLU);
}

}  // namespace tfconv
