#include "plugins/keras/layer_util.h"

#include <cmath>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {
namespace {

// Writes the nodes of one activation: names "<prefix><name>", constants in the input's dtype.
class ActivationWriter {
 public:
  ActivationWriter(KerasLayerContext& c, absl::string_view prefix, DataType dtype)
      : c_(c), prefix_(prefix), dtype_(dtype) {}

  absl::StatusOr<Output> Op(absl::string_view name, absl::string_view op, std::vector<Output> inputs,
                            AttrMap attrs = {}) {
    return c_.AddOp(absl::StrCat(prefix_, name), op, std::move(inputs), std::move(attrs));
  }
  absl::StatusOr<Output> Scalar(absl::string_view name, double value) {
    return ScalarConst(c_, absl::StrCat(prefix_, name), value, dtype_);
  }
  // x <op> scalar.
  absl::StatusOr<Output> WithScalar(absl::string_view name, absl::string_view op, Output x, double value) {
    TFCONV_ASSIGN_OR_RETURN(Output s, Scalar(absl::StrCat(name, "/y"), value));
    return Op(name, op, {x, s});
  }

 private:
  KerasLayerContext& c_;
  std::string prefix_;
  DataType dtype_;
};

// erf(z) from elementary ops (Abramowitz & Stegun 7.1.26):
//   t = 1 / (1 + p |z|),  erf(z) = sign(z) (1 - t (a1 + t (a2 + t (a3 + t (a4 + t a5)))) exp(-z^2)).
absl::StatusOr<Output> WriteErf(ActivationWriter& w, Output z) {
  constexpr double kP = 0.3275911;
  constexpr double kA[5] = {0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429};
  TFCONV_ASSIGN_OR_RETURN(Output abs, w.Op("erf/Abs", "Abs", {z}));
  TFCONV_ASSIGN_OR_RETURN(Output pz, w.WithScalar("erf/mul_p", "Mul", abs, kP));
  TFCONV_ASSIGN_OR_RETURN(Output den, w.WithScalar("erf/add_1", "AddV2", pz, 1.0));
  TFCONV_ASSIGN_OR_RETURN(Output t, w.Op("erf/Reciprocal", "Reciprocal", {den}));
  // Horner from a5 down: poly = a5; poly = poly * t + a_k.
  TFCONV_ASSIGN_OR_RETURN(Output poly, w.WithScalar("erf/poly4", "Mul", t, kA[4]));
  for (int k = 3; k >= 0; --k) {
    TFCONV_ASSIGN_OR_RETURN(Output sum, w.WithScalar(absl::StrCat("erf/poly_add", k), "AddV2", poly, kA[k]));
    TFCONV_ASSIGN_OR_RETURN(poly, w.Op(absl::StrCat("erf/poly_mul", k), "Mul", {sum, t}));
  }
  TFCONV_ASSIGN_OR_RETURN(Output sq, w.Op("erf/Square", "Square", {z}));
  TFCONV_ASSIGN_OR_RETURN(Output neg, w.Op("erf/Neg", "Neg", {sq}));
  TFCONV_ASSIGN_OR_RETURN(Output e, w.Op("erf/Exp", "Exp", {neg}));
  TFCONV_ASSIGN_OR_RETURN(Output tail, w.Op("erf/tail", "Mul", {poly, e}));
  TFCONV_ASSIGN_OR_RETURN(Output one, w.Scalar("erf/one", 1.0));
  TFCONV_ASSIGN_OR_RETURN(Output mag, w.Op("erf/sub", "Sub", {one, tail}));
  TFCONV_ASSIGN_OR_RETURN(Output sign, w.Op("erf/Sign", "Sign", {z}));
  return w.Op("erf/erf", "Mul", {sign, mag});
}

// x * f(x) for a unary TF op f.
absl::StatusOr<Output> TimesUnary(ActivationWriter& w, Output x, absl::string_view op) {
  TFCONV_ASSIGN_OR_RETURN(Output f, w.Op(op, op, {x}));
  return w.Op("mul", "Mul", {x, f});
}

// relu6(x + 3) / 6: Keras 3's hard_sigmoid.
absl::StatusOr<Output> HardSigmoidKeras3(ActivationWriter& w, Output x) {
  TFCONV_ASSIGN_OR_RETURN(Output shifted, w.WithScalar("hard_sigmoid/add", "AddV2", x, 3.0));
  TFCONV_ASSIGN_OR_RETURN(Output r6, w.Op("hard_sigmoid/Relu6", "Relu6", {shifted}));
  return w.WithScalar("hard_sigmoid/div", "Mul", r6, 1.0 / 6.0);
}

// clip(0.2 x + 0.5, 0, 1): Keras 2's hard_sigmoid (tf.keras backend.hard_sigmoid).
absl::StatusOr<Output> HardSigmoidKeras2(ActivationWriter& w, Output x) {
  TFCONV_ASSIGN_OR_RETURN(Output scaled, w.WithScalar("hard_sigmoid/mul", "Mul", x, 0.2));
  TFCONV_ASSIGN_OR_RETURN(Output shifted, w.WithScalar("hard_sigmoid/add", "AddV2", scaled, 0.5));
  TFCONV_ASSIGN_OR_RETURN(Output low, w.WithScalar("hard_sigmoid/Maximum", "Maximum", shifted, 0.0));
  return w.WithScalar("hard_sigmoid/Minimum", "Minimum", low, 1.0);
}

}  // namespace

bool LooksLikeKeras3Config(const nlohmann::json& config) {
  if (!config.is_object()) return false;
  auto it = config.find("dtype");
  if (it == config.end() || !it->is_object()) return false;
  auto cls = it->find("class_name");
  if (cls == it->end() || !cls->is_string()) return false;
  const std::string& name = cls->get_ref<const std::string&>();
  return name == "DTypePolicy" || name == "FloatDTypePolicy";
}

absl::StatusOr<Output> ApplyActivation(KerasLayerContext& c, Output x, const std::string& activation,
                                       absl::string_view prefix) {
  const std::string name = absl::AsciiStrToLower(activation);
  if (name.empty() || name == "linear" || name == "none") return x;
  ActivationWriter w(c, prefix, c.type_of(x));

  // One TF op each.
  static const std::pair<const char*, const char*> kUnary[] = {
      {"relu", "Relu"},       {"relu6", "Relu6"},         {"sigmoid", "Sigmoid"},   {"tanh", "Tanh"},
      {"softmax", "Softmax"}, {"log_softmax", "LogSoftmax"}, {"softplus", "Softplus"}, {"softsign", "Softsign"},
      {"elu", "Elu"},         {"exponential", "Exp"},
  };
  for (const auto& [keras, op] : kUnary) {
    if (name == keras) return w.Op(op, op, {x});
  }
  if (name == "leaky_relu") {
    // Keras 3's activations.leaky_relu(x, negative_slope=0.2); Keras 2 has no such string.
    return w.Op("LeakyRelu", "LeakyRelu", {x}, {{"alpha", 0.2f}});
  }
  if (name == "selu") {
    // No op plugin lowers TF's Selu: its formula, x > 0 ? scale * x : scale * alpha * (exp(x) - 1),
    // with TF's constants.
    constexpr double kScale = 1.0507009873554804934193349852946;
    constexpr double kScaleAlpha = 1.0507009873554804934193349852946 * 1.6732632423543772848170429916717;
    TFCONV_ASSIGN_OR_RETURN(Output positive, w.WithScalar("selu/Greater", "Greater", x, 0.0));
    TFCONV_ASSIGN_OR_RETURN(Output pos, w.WithScalar("selu/mul", "Mul", x, kScale));
    TFCONV_ASSIGN_OR_RETURN(Output elu, w.Op("selu/Elu", "Elu", {x}));
    TFCONV_ASSIGN_OR_RETURN(Output neg, w.WithScalar("selu/mul_1", "Mul", elu, kScaleAlpha));
    return w.Op("selu/Select", "SelectV2", {positive, pos, neg}, {{"T", c.type_of(x)}});
  }
  if (name == "swish" || name == "silu") return TimesUnary(w, x, "Sigmoid");
  if (name == "mish") {
    TFCONV_ASSIGN_OR_RETURN(Output sp, w.Op("Softplus", "Softplus", {x}));
    TFCONV_ASSIGN_OR_RETURN(Output th, w.Op("Tanh", "Tanh", {sp}));
    return w.Op("mul", "Mul", {x, th});
  }
  if (name == "log_sigmoid") {
    TFCONV_ASSIGN_OR_RETURN(Output neg, w.Op("Neg", "Neg", {x}));
    TFCONV_ASSIGN_OR_RETURN(Output sp, w.Op("Softplus", "Softplus", {neg}));
    return w.Op("Neg_1", "Neg", {sp});
  }
  if (name == "hard_sigmoid") {
    return LooksLikeKeras3Config(c.config()) ? HardSigmoidKeras3(w, x) : HardSigmoidKeras2(w, x);
  }
  if (name == "hard_silu" || name == "hard_swish") {
    TFCONV_ASSIGN_OR_RETURN(Output hs, HardSigmoidKeras3(w, x));
    return w.Op("mul", "Mul", {x, hs});
  }
  if (name == "gelu") {
    // 0.5 x (1 + erf(x / sqrt(2))).
    TFCONV_ASSIGN_OR_RETURN(Output z, w.WithScalar("gelu/scale", "Mul", x, 1.0 / std::sqrt(2.0)));
    TFCONV_ASSIGN_OR_RETURN(Output erf, WriteErf(w, z));
    TFCONV_ASSIGN_OR_RETURN(Output one_plus, w.WithScalar("gelu/add", "AddV2", erf, 1.0));
    TFCONV_ASSIGN_OR_RETURN(Output half_x, w.WithScalar("gelu/half", "Mul", x, 0.5));
    return w.Op("gelu/mul", "Mul", {half_x, one_plus});
  }
  return c.Error(absl::StrCat("activation '", activation,
                              "' is not supported (supported: linear, relu, relu6, sigmoid, tanh, softmax, "
                              "log_softmax, softplus, softsign, elu, selu, exponential, hard_sigmoid, hard_silu, "
                              "swish, silu, gelu, mish, leaky_relu, log_sigmoid); a custom activation needs a "
                              "layer plugin"));
}

absl::StatusOr<std::string> ReadActivationName(const nlohmann::json& config, absl::string_view key) {
  if (!config.is_object()) return std::string("linear");
  auto it = config.find(std::string(key));
  if (it == config.end() || it->is_null()) return std::string("linear");
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object()) {
    // Keras 3 may serialize a built-in activation function as {"class_name": "function", "config": "relu"}.
    auto inner = it->find("config");
    if (inner != it->end() && inner->is_string()) return inner->get<std::string>();
    auto cls = it->find("class_name");
    if (cls != it->end() && cls->is_string()) return cls->get<std::string>();
  }
  return absl::InvalidArgumentError(
      absl::StrCat("config key '", key, "' should name an activation, not ", it->dump()));
}

absl::StatusOr<Output> ApplyActivationFromConfig(KerasLayerContext& c, Output x, absl::string_view key,
                                                 absl::string_view prefix) {
  absl::StatusOr<std::string> name = ReadActivationName(c.config(), key);
  if (!name.ok()) return c.Error(name.status().message());
  return ApplyActivation(c, x, *name, prefix);
}

absl::StatusOr<std::string> ReadPadding(const nlohmann::json& config, bool allow_causal) {
  TFCONV_ASSIGN_OR_RETURN(std::string padding, KerasString(config, "padding", "valid"));
  padding = absl::AsciiStrToLower(padding);
  if (padding == "valid" || padding == "same" || (allow_causal && padding == "causal")) return padding;
  return absl::InvalidArgumentError(absl::StrCat("padding '", padding, "' is not ",
                                                 allow_causal ? "valid, same or causal" : "valid or same"));
}

absl::StatusOr<DataFormat> ReadDataFormat(const nlohmann::json& config) {
  TFCONV_ASSIGN_OR_RETURN(std::string format, KerasString(config, "data_format", "channels_last"));
  if (format == "channels_last") return DataFormat::kChannelsLast;
  if (format == "channels_first") return DataFormat::kChannelsFirst;
  return absl::InvalidArgumentError(
      absl::StrCat("data_format '", format, "' is not channels_last or channels_first"));
}

namespace {

absl::StatusOr<Output> MoveChannels(KerasLayerContext& c, Output x, absl::string_view suffix, bool to_last) {
  const PartialShape& s = c.shape_of(x);
  if (!s.known_rank() || s.rank() < 3) {
    return c.Error(absl::StrCat("channels_first needs an input of rank 3 or more, got ", s.ToString()));
  }
  const int r = s.rank();
  std::vector<int64_t> perm = {0};
  if (to_last) {
    for (int i = 2; i < r; ++i) perm.push_back(i);
    perm.push_back(1);
  } else {
    perm.push_back(r - 1);
    for (int i = 1; i < r - 1; ++i) perm.push_back(i);
  }
  return c.AddOp(suffix, "Transpose", {x, Int32Const(c, absl::StrCat(suffix, "/perm"), perm)});
}

}  // namespace

absl::StatusOr<Output> ToChannelsLast(KerasLayerContext& c, Output x, absl::string_view suffix) {
  return MoveChannels(c, x, suffix, true);
}

absl::StatusOr<Output> ToChannelsFirst(KerasLayerContext& c, Output x, absl::string_view suffix) {
  return MoveChannels(c, x, suffix, false);
}

Output Int32Const(KerasLayerContext& c, absl::string_view suffix, const std::vector<int64_t>& values) {
  std::vector<int32_t> v(values.begin(), values.end());
  return c.Const(suffix, Tensor::FromVector<int32_t>({static_cast<int64_t>(v.size())}, v));
}

Output PairsConst(KerasLayerContext& c, absl::string_view suffix,
                  const std::vector<std::pair<int64_t, int64_t>>& pairs) {
  std::vector<int32_t> v;
  for (const auto& [before, after] : pairs) {
    v.push_back(static_cast<int32_t>(before));
    v.push_back(static_cast<int32_t>(after));
  }
  return c.Const(suffix, Tensor::FromVector<int32_t>({static_cast<int64_t>(pairs.size()), 2}, v));
}

absl::StatusOr<Output> ScalarConst(KerasLayerContext& c, absl::string_view suffix, double value, DataType dtype) {
  switch (dtype) {
    case DataType::kFloat:
      return c.Const(suffix, Tensor::Scalar<float>(static_cast<float>(value)));
    case DataType::kDouble:
      return c.Const(suffix, Tensor::Scalar<double>(value));
    default:
      return c.Error(absl::StrCat("needs a float32 or float64 input here, not ", DataTypeName(dtype)));
  }
}

absl::StatusOr<int> InputRank(const KerasLayerContext& c, int i, int rank) {
  if (i >= c.num_inputs()) return c.Error(absl::StrCat("expects at least ", i + 1, " input(s)"));
  const PartialShape& s = c.input_shape(i);
  if (!s.known_rank()) return c.Error("needs an input of known rank");
  if (rank >= 0 && s.rank() != rank) {
    return c.Error(absl::StrCat("expects an input of rank ", rank, " (batch included), got ", s.ToString()));
  }
  return s.rank();
}

absl::StatusOr<Tensor> CheckedWeight(const KerasLayerContext& c, absl::string_view name,
                                     const std::vector<int64_t>& shape) {
  TFCONV_ASSIGN_OR_RETURN(Tensor t, c.Weight(name));
  bool fits = t.rank() == static_cast<int>(shape.size());
  for (size_t i = 0; fits && i < shape.size(); ++i) fits = shape[i] < 0 || shape[i] == t.dim(static_cast<int>(i));
  if (!fits) {
    return c.Error(absl::StrCat("weight '", name, "' has shape [", absl::StrJoin(t.shape(), ","),
                                "] but the config and input shape need ", PartialShape(shape).ToString()));
  }
  return t;
}

absl::StatusOr<Output> ShapeWithBatchOf(KerasLayerContext& c, Output like, const std::vector<int64_t>& dims,
                                        absl::string_view suffix) {
  const PartialShape& s = c.shape_of(like);
  if (!s.known_rank() || s.rank() < 1) return c.Error(absl::StrCat("needs a batched input, got ", s.ToString()));
  std::vector<int64_t> all = {s.dim(0)};
  all.insert(all.end(), dims.begin(), dims.end());
  if (s.dim(0) >= 0) return Int32Const(c, suffix, all);
  TFCONV_ASSIGN_OR_RETURN(Output shape, c.AddOp(absl::StrCat(suffix, "/Shape"), "Shape", {like},
                                                {{"out_type", DataType::kInt32}}));
  TFCONV_ASSIGN_OR_RETURN(Output batch,
                          c.AddOp(absl::StrCat(suffix, "/batch"), "StridedSlice",
                                  {shape, Int32Const(c, absl::StrCat(suffix, "/batch/begin"), {0}),
                                   Int32Const(c, absl::StrCat(suffix, "/batch/end"), {1}),
                                   Int32Const(c, absl::StrCat(suffix, "/batch/strides"), {1})},
                                  {{"Index", DataType::kInt32}}));
  return c.AddOp(suffix, "ConcatV2",
                 {batch, Int32Const(c, absl::StrCat(suffix, "/dims"), dims),
                  c.Const(absl::StrCat(suffix, "/axis"), Tensor::Scalar<int32_t>(0))},
                 {{"N", int64_t{2}}, {"Tidx", DataType::kInt32}});
}

absl::StatusOr<Output> MaybeAddBias(KerasLayerContext& c, Output x, int64_t channels, absl::string_view suffix) {
  absl::StatusOr<bool> use_bias = KerasBool(c.config(), "use_bias", true);
  if (!use_bias.ok()) return c.Error(use_bias.status().message());
  if (!*use_bias) return x;
  TFCONV_ASSIGN_OR_RETURN(Tensor bias, CheckedWeight(c, "bias", {channels}));
  return c.AddOp(suffix, "BiasAdd", {x, c.Const(absl::StrCat(suffix, "/bias"), bias)});
}

}  // namespace tfconv
