#include "plugins/nn/fused_epilogue.h"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/common/op_helpers.h"
#include "plugins/nn/lowering_helpers.h"

namespace tfconv {
namespace {

using tflite::ActivationFunctionType;
using tflite::BuiltinOperator;

struct ActivationName {
  const char* name;
  FusedActivation activation;
};

constexpr ActivationName kActivations[] = {
    {"Relu", FusedActivation::kRelu},
    {"Relu6", FusedActivation::kRelu6},
    {"Elu", FusedActivation::kElu},
    {"LeakyRelu", FusedActivation::kLeakyRelu},
    {"Sigmoid", FusedActivation::kSigmoid},
    {"Tanh", FusedActivation::kTanh},
    {"GeluExact", FusedActivation::kGeluExact},
    {"GeluApproximate", FusedActivation::kGeluApproximate},
};

const char* ArgNames(FusedBias b) {
  switch (b) {
    case FusedBias::kBiasAdd: return "bias";
    case FusedBias::kBatchNorm: return "scale, offset, mean, variance";
    case FusedBias::kBiasAddAdd: return "bias, addend";
  }
  return "";
}

int ArgCount(FusedBias b) {
  switch (b) {
    case FusedBias::kBiasAdd: return 1;
    case FusedBias::kBatchNorm: return 4;
    case FusedBias::kBiasAddAdd: return 2;
  }
  return 0;
}

// The activations as TensorFlow defines them (in double).
double Activate(const FusedEpilogue& e, double x) {
  switch (e.activation) {
    case FusedActivation::kNone: return x;
    case FusedActivation::kRelu: return x > 0 ? x : 0;
    case FusedActivation::kRelu6: return x > 0 ? (x < 6 ? x : 6) : 0;
    case FusedActivation::kElu: return x < 0 ? std::expm1(x) : x;
    case FusedActivation::kLeakyRelu: return x > 0 ? x : x * e.leakyrelu_alpha;
    case FusedActivation::kSigmoid: return 1.0 / (1.0 + std::exp(-x));
    case FusedActivation::kTanh: return std::tanh(x);
    case FusedActivation::kGeluExact: return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
    case FusedActivation::kGeluApproximate: {
      const double k = std::sqrt(2.0 / M_PI);
      return 0.5 * x * (1.0 + std::tanh(k * (x + 0.044715 * x * x * x)));
    }
  }
  return x;
}

template <typename T>
Tensor ApplyTyped(const FusedEpilogue& e, const Tensor& z, absl::Span<const Tensor> args) {
  const int64_t channels = z.dim(z.rank() - 1);
  Tensor out = Tensor::Uninitialized(z.dtype(), z.shape());
  auto in = z.data<T>();
  auto y = out.mutable_data<T>();
  // Per channel: y = z * multiplier + shift (+ addend), then the activation.
  std::vector<double> multiplier(channels, 1.0), shift(channels, 0.0);
  if (e.bias == FusedBias::kBatchNorm) {
    auto scale = args[0].data<T>();
    auto offset = args[1].data<T>();
    auto mean = args[2].data<T>();
    auto variance = args[3].data<T>();
    for (int64_t ch = 0; ch < channels; ++ch) {
      multiplier[ch] = double{scale[ch]} / std::sqrt(double{variance[ch]} + e.epsilon);
      shift[ch] = double{offset[ch]} - double{mean[ch]} * multiplier[ch];
    }
  } else {
    auto bias = args[0].data<T>();
    for (int64_t ch = 0; ch < channels; ++ch) shift[ch] = bias[ch];
  }
  const T* addend = e.bias == FusedBias::kBiasAddAdd ? args[1].data<T>().data() : nullptr;
  for (int64_t i = 0; i < z.NumElements(); ++i) {
    const int64_t ch = i % channels;
    double v = double{in[i]} * multiplier[ch] + shift[ch];
    if (addend != nullptr) v += double{addend[i]};
    y[i] = static_cast<T>(Activate(e, v));
  }
  return out;
}

tflite::BuiltinOptionsUnion Options(ActivationFunctionType act, bool mul) {
  tflite::BuiltinOptionsUnion u;
  if (mul) {
    tflite::MulOptionsT o;
    o.fused_activation_function = act;
    u.Set(std::move(o));
  } else {
    tflite::AddOptionsT o;
    o.fused_activation_function = act;
    u.Set(std::move(o));
  }
  return u;
}

// RELU and RELU6 go into the producing op; the others are operators of their own.
ActivationFunctionType FusableActivation(FusedActivation a) {
  if (a == FusedActivation::kRelu) return ActivationFunctionType::RELU;
  if (a == FusedActivation::kRelu6) return ActivationFunctionType::RELU6;
  return ActivationFunctionType::NONE;
}

bool NeedsActivationOp(FusedActivation a) {
  return a != FusedActivation::kNone && FusableActivation(a) == ActivationFunctionType::NONE;
}

}  // namespace

absl::StatusOr<FusedEpilogue> ReadFusedEpilogue(const Node& node, bool allow_batch_norm) {
  FusedEpilogue e;
  TFCONV_ASSIGN_OR_RETURN(std::vector<std::string> ops, GetAttrOr<std::vector<std::string>>(node, "fused_ops", {}));
  const std::string listed = absl::StrCat("fused_ops [", absl::StrJoin(ops, ", "), "]");
  const std::string known = absl::StrCat(
      "the known patterns are [BiasAdd], [BiasAdd, act], [BiasAdd, Add], [BiasAdd, Add, act]",
      allow_batch_norm ? ", [FusedBatchNorm], [FusedBatchNorm, act]" : "",
      " with act one of Relu, Relu6, Elu, LeakyRelu, Sigmoid, Tanh, GeluExact, GeluApproximate");
  size_t next = 1;
  if (ops.empty()) {
    return NodeError(node, absl::StrCat("fused_ops is empty: ", known));
  } else if (ops[0] == "BiasAdd") {
    e.bias = FusedBias::kBiasAdd;
    if (ops.size() > 1 && ops[1] == "Add") {
      e.bias = FusedBias::kBiasAddAdd;
      next = 2;
    }
  } else if (ops[0] == "FusedBatchNorm" && allow_batch_norm) {
    e.bias = FusedBias::kBatchNorm;
  } else {
    return NodeUnsupported(node, absl::StrCat(listed, " is not a fusion this converter lowers; ", known));
  }
  if (next < ops.size()) {
    bool found = false;
    for (const ActivationName& a : kActivations) {
      if (ops[next] == a.name) {
        e.activation = a.activation;
        found = true;
      }
    }
    if (!found || next + 1 != ops.size()) {
      return NodeUnsupported(node, absl::StrCat(listed, " is not a fusion this converter lowers; ", known));
    }
  }

  TFCONV_ASSIGN_OR_RETURN(int64_t num_args, GetAttrOr<int64_t>(node, "num_args", node.num_inputs() - 2));
  if (num_args != ArgCount(e.bias)) {
    return NodeError(node, absl::StrCat(listed, " takes ", ArgCount(e.bias), " extra inputs (", ArgNames(e.bias),
                                        ") but num_args is ", num_args));
  }
  e.num_args = static_cast<int>(num_args);
  if (node.num_inputs() != 2 + e.num_args) {
    TFCONV_ASSIGN_OR_RETURN(int64_t host_args, GetAttrOr<int64_t>(node, "num_host_args", 0));
    if (host_args != 0) {
      return NodeUnsupported(node, absl::StrCat("num_host_args = ", host_args,
                                                ": the int8 convolution form with host-side scales is not lowered"));
    }
    return NodeError(node, absl::StrCat("expects 2 + num_args = ", 2 + e.num_args, " inputs (the two operands, then ",
                                        ArgNames(e.bias), "), got ", node.num_inputs()));
  }
  TFCONV_ASSIGN_OR_RETURN(std::string filter_format, GetAttrOr<std::string>(node, "filter_format", "HWIO"));
  if (filter_format != "HWIO") {
    return NodeUnsupported(node, absl::StrCat("filter_format ", filter_format, " (only HWIO filters are lowered)"));
  }
  TFCONV_ASSIGN_OR_RETURN(float epsilon, GetAttrOr<float>(node, "epsilon", 1e-4f));
  TFCONV_ASSIGN_OR_RETURN(float alpha, GetAttrOr<float>(node, "leakyrelu_alpha", 0.2f));
  e.epsilon = epsilon;
  e.leakyrelu_alpha = alpha;
  return e;
}

absl::Status CheckEpilogueArgShapes(const InferenceContext& c, const FusedEpilogue& e, int64_t channels,
                                    const PartialShape& output) {
  const int vectors = e.bias == FusedBias::kBatchNorm ? 4 : 1;
  for (int i = 0; i < vectors; ++i) {
    const DataType t = c.input_type(2 + i);
    if (t != DataType::kInvalid && c.input_type(0) != DataType::kInvalid && t != c.input_type(0)) {
      return c.Error(absl::StrCat("extra input ", i, " is ", DataTypeName(t), " but the operands are ",
                                  DataTypeName(c.input_type(0))));
    }
    const PartialShape& s = c.input_shape(2 + i);
    if (!s.known_rank()) continue;
    if (s.rank() != 1 || (channels >= 0 && s.dim(0) >= 0 && s.dim(0) != channels)) {
      return c.Error(absl::StrCat("extra input ", i, " (of ", ArgNames(e.bias), ") has shape ", s.ToString(),
                                  "; expected [", channels, "], one value per output channel"));
    }
  }
  if (e.bias == FusedBias::kBiasAddAdd) {
    const PartialShape& s = c.input_shape(3);
    bool ok = !s.known_rank() || !output.known_rank() || s.rank() == output.rank();
    for (int i = 0; ok && s.known_rank() && output.known_rank() && i < s.rank(); ++i) {
      ok = s.dim(i) < 0 || output.dim(i) < 0 || s.dim(i) == output.dim(i);
    }
    if (!ok) {
      return c.Error(absl::StrCat("the addend has shape ", s.ToString(), " but the output is ", output.ToString()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Tensor> ApplyEpilogue(const Node& node, const FusedEpilogue& e, const Tensor& z,
                                     absl::Span<const Tensor> args) {
  if (static_cast<int>(args.size()) != e.num_args || z.rank() < 1) {
    return NodeError(node, absl::StrCat("expects ", e.num_args, " extra inputs (", ArgNames(e.bias), ")"));
  }
  const int64_t channels = z.dim(z.rank() - 1);
  for (size_t i = 0; i < args.size(); ++i) {
    const Tensor& a = args[i];
    const bool addend = e.bias == FusedBias::kBiasAddAdd && i == 1;
    const bool shape_ok = addend ? a.shape() == z.shape() : (a.rank() == 1 && a.dim(0) == channels);
    if (a.dtype() != z.dtype() || !shape_ok) {
      return NodeError(node, absl::StrCat("extra input ", i, " (of ", ArgNames(e.bias), ") is ", a.DebugString(),
                                          "; expected ", DataTypeName(z.dtype()),
                                          addend ? " of the output's shape" : " with one value per output channel",
                                          " (output ", z.DebugString(), ")"));
    }
  }
  switch (z.dtype()) {
    case DataType::kFloat: return ApplyTyped<float>(e, z, args);
    case DataType::kDouble: return ApplyTyped<double>(e, z, args);
    default:
      return NodeUnsupported(node, absl::StrCat("evaluation handles float32 and float64, not ",
                                                DataTypeName(z.dtype())));
  }
}

absl::StatusOr<EpiloguePlan> PlanEpilogue(LoweringContext& c, const FusedEpilogue& e, int64_t channels,
                                          bool weights_constant) {
  for (int i = 0; i < e.num_args; ++i) TFCONV_RETURN_IF_ERROR(RequireFloat32(c, "the fused epilogue", 2 + i));
  EpiloguePlan plan;
  bool tail_arithmetic = false;
  if (e.bias == FusedBias::kBatchNorm) {
    const Tensor* v[4] = {c.input_value(2), c.input_value(3), c.input_value(4), c.input_value(5)};
    for (int i = 0; i < 4; ++i) {
      if (v[i] == nullptr) {
        return c.Unsupported("the FusedBatchNorm arguments (scale, offset, mean, variance) must be constants "
                             "to fold into the convolution");
      }
      if (v[i]->rank() != 1 || v[i]->dim(0) != channels) {
        return c.Error(absl::StrCat("batch-norm argument ", i, " is ", v[i]->DebugString(), "; expected [", channels,
                                    "]"));
      }
    }
    std::vector<float> multiplier(channels), shift(channels);
    for (int64_t ch = 0; ch < channels; ++ch) {
      const double m = double{v[0]->data<float>()[ch]} / std::sqrt(double{v[3]->data<float>()[ch]} + e.epsilon);
      multiplier[ch] = static_cast<float>(m);
      shift[ch] = static_cast<float>(double{v[1]->data<float>()[ch]} - double{v[2]->data<float>()[ch]} * m);
    }
    if (weights_constant) {
      plan.weight_scale = std::move(multiplier);
      plan.bias = c.AddConstTensor(Tensor::FromVector<float>({channels}, shift), "folded_bias");
    } else {
      plan.tail_multiplier = std::move(multiplier);
      plan.tail_shift = std::move(shift);
      tail_arithmetic = true;
    }
  } else {
    if (const Tensor* b = c.input_value(2)) {
      if (b->rank() != 1 || b->dim(0) != channels) {
        return c.Error(absl::StrCat("the bias is ", b->DebugString(), "; expected [", channels, "]"));
      }
    }
    TFCONV_ASSIGN_OR_RETURN(plan.bias, c.InputTensor(2));
    tail_arithmetic = e.bias == FusedBias::kBiasAddAdd;
  }
  // A clamp goes into the last arithmetic op: the main op, or the tail's ADD.
  if (!tail_arithmetic) plan.fused_activation = FusableActivation(e.activation);
  plan.has_tail = tail_arithmetic || NeedsActivationOp(e.activation);
  return plan;
}

absl::StatusOr<int32_t> EpilogueMainOutput(LoweringContext& c, const EpiloguePlan& plan) {
  if (!plan.has_tail) return c.OutputTensor(0);
  return c.AddTensor(DataType::kFloat, c.output_shape(0), "pre_epilogue");
}

absl::Status EmitEpilogueTail(LoweringContext& c, const FusedEpilogue& e, const EpiloguePlan& plan,
                              int32_t main_output) {
  if (!plan.has_tail) return absl::OkStatus();
  const bool activation_op = NeedsActivationOp(e.activation);
  const ActivationFunctionType clamp = FusableActivation(e.activation);
  TFCONV_ASSIGN_OR_RETURN(int32_t final_output, c.OutputTensor(0));
  const PartialShape& shape = c.output_shape(0);
  int32_t current = main_output;
  // The tensor the next arithmetic op writes: TF output 0 when nothing follows it.
  auto next = [&](bool last, absl::string_view suffix) {
    return last ? final_output : c.AddTensor(DataType::kFloat, shape, suffix);
  };
  if (!plan.tail_multiplier.empty()) {
    const int64_t n = static_cast<int64_t>(plan.tail_multiplier.size());
    int32_t m = c.AddConstTensor(Tensor::FromVector<float>({n}, plan.tail_multiplier), "bn_multiplier");
    int32_t s = c.AddConstTensor(Tensor::FromVector<float>({n}, plan.tail_shift), "bn_shift");
    int32_t scaled = c.AddTensor(DataType::kFloat, shape, "bn_scaled");
    c.AddBuiltinOp(BuiltinOperator::MUL, {current, m}, {scaled}, Options(ActivationFunctionType::NONE, true));
    int32_t shifted = next(!activation_op, "bn_shifted");
    c.AddBuiltinOp(BuiltinOperator::ADD, {scaled, s}, {shifted}, Options(clamp, false));
    current = shifted;
  }
  if (e.bias == FusedBias::kBiasAddAdd) {
    TFCONV_ASSIGN_OR_RETURN(int32_t addend, c.InputTensor(3));
    int32_t sum = next(!activation_op, "plus_addend");
    c.AddBuiltinOp(BuiltinOperator::ADD, {current, addend}, {sum}, Options(clamp, false));
    current = sum;
  }
  if (!activation_op) return absl::OkStatus();
  tflite::BuiltinOptionsUnion options;
  BuiltinOperator op;
  switch (e.activation) {
    case FusedActivation::kElu: op = BuiltinOperator::ELU; break;
    case FusedActivation::kSigmoid: op = BuiltinOperator::LOGISTIC; break;
    case FusedActivation::kTanh: op = BuiltinOperator::TANH; break;
    case FusedActivation::kLeakyRelu: {
      op = BuiltinOperator::LEAKY_RELU;
      tflite::LeakyReluOptionsT o;
      o.alpha = static_cast<float>(e.leakyrelu_alpha);
      options.Set(std::move(o));
      break;
    }
    case FusedActivation::kGeluExact:
    case FusedActivation::kGeluApproximate: {
      op = BuiltinOperator::GELU;
      tflite::GeluOptionsT o;
      o.approximate = e.activation == FusedActivation::kGeluApproximate;
      options.Set(std::move(o));
      break;
    }
    default: return c.Error("internal: no operator for this activation");
  }
  c.AddBuiltinOp(op, {current}, {final_output}, std::move(options));
  return absl::OkStatus();
}

std::vector<std::string> EpilogueTfliteOps() {
  return {"ADD", "MUL", "ELU", "LEAKY_RELU", "LOGISTIC", "TANH", "GELU"};
}

}  // namespace tfconv
