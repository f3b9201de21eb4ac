// The activation ops as one table: each row names the TF op, its reference function and how it
// lowers. Lowerings follow the official converter (legalize_patterns.td): Relu -> RELU (MAXIMUM with
// 0 for integer tensors), Relu6 -> RELU6, Elu -> ELU, LeakyRelu -> LEAKY_RELU(alpha),
// Sigmoid -> LOGISTIC, Tanh -> TANH, Softmax -> SOFTMAX(beta 1), LogSoftmax -> LOG_SOFTMAX,
// Softplus -> LOG(ADD(EXP(x), 1)), Softsign -> DIV(x, ADD(ABS(x), 1)). Selu has no TFLite builtin
// and no official rewrite: it is evaluated and folded, never lowered here. Fused activations
// (CONV_2D + RELU) are a later pass, not this plugin's business.
#include "plugins/activation/activation_ops.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "plugins/activation/activation_kernels.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace {

using activation::IntegerFn;
using activation::ScalarFn;
using tflite::BuiltinOperator;

// An error from a kernel, attributed to the node (kUnimplemented stays "unsupported").
absl::Status WithNode(const Node& node, const absl::Status& status) {
  if (status.code() == absl::StatusCode::kUnimplemented) return NodeUnsupported(node, status.message());
  return NodeError(node, status.message());
}

template <typename T>
tflite::BuiltinOptionsUnion Options(T options) {
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(options));
  return u;
}

// TFLite's activation kernels are float32 (quantized types come later, from the quantizer).
absl::Status RequireFloat32(LoweringContext& c, const char* tflite_name) {
  if (c.input_type(0) == DataType::kFloat) return absl::OkStatus();
  return c.Unsupported(
      absl::StrCat("TFLite ", tflite_name, " has no ", DataTypeName(c.input_type(0)), " kernel"));
}

// One builtin applied to input 0, with the options `make_options` builds.
LowerFn Builtin(BuiltinOperator op, const char* name,
                tflite::BuiltinOptionsUnion (*make_options)() = nullptr) {
  return [op, name, make_options](LoweringContext& c) -> absl::Status {
    TFCONV_RETURN_IF_ERROR(RequireFloat32(c, name));
    TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
    TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
    c.AddBuiltinOp(op, {in}, {out}, make_options ? make_options() : tflite::BuiltinOptionsUnion());
    return absl::OkStatus();
  };
}

// LeakyRelu's slope for x < 0 (TensorFlow's default is 0.2).
absl::StatusOr<float> LeakyAlpha(const Node& node) { return GetAttrOr<float>(node, "alpha", 0.2f); }

absl::Status LowerLeakyRelu(LoweringContext& c) {
  TFCONV_RETURN_IF_ERROR(RequireFloat32(c, "LEAKY_RELU"));
  TFCONV_ASSIGN_OR_RETURN(float alpha, LeakyAlpha(c.node()));
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  tflite::LeakyReluOptionsT options;
  options.alpha = alpha;
  c.AddBuiltinOp(BuiltinOperator::LEAKY_RELU, {in}, {out}, Options(std::move(options)));
  return absl::OkStatus();
}

tflite::BuiltinOptionsUnion SoftmaxOptions() {
  tflite::SoftmaxOptionsT o;
  o.beta = 1.0f;
  return Options(std::move(o));
}

tflite::BuiltinOptionsUnion LogSoftmaxOptions() { return Options(tflite::LogSoftmaxOptionsT()); }

// Relu: RELU on floats; TFLite's RELU has no integer kernel, so integers take MAXIMUM(x, 0).
absl::Status LowerRelu(LoweringContext& c) {
  const DataType type = c.input_type(0);
  if (type != DataType::kInt32 && type != DataType::kInt64) return Builtin(BuiltinOperator::RELU, "RELU")(c);
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  const int32_t zero = c.AddConstTensor(
      type == DataType::kInt32 ? Tensor::Scalar<int32_t>(0) : Tensor::Scalar<int64_t>(0), "zero");
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::MAXIMUM, {in, zero}, {out});
  return absl::OkStatus();
}

// x + 1 into a new tensor named "<node>/<suffix>".
int32_t AddOne(LoweringContext& c, int32_t x, const char* suffix) {
  const int32_t one = c.AddConstTensor(Tensor::Scalar<float>(1.0f), "one");
  const int32_t sum = c.AddTensor(DataType::kFloat, c.input_shape(0), suffix);
  tflite::AddOptionsT add;
  add.fused_activation_function = tflite::ActivationFunctionType::NONE;
  c.AddBuiltinOp(BuiltinOperator::ADD, {x, one}, {sum}, Options(std::move(add)));
  return sum;
}

// Softplus = log(exp(x) + 1).
absl::Status LowerSoftplus(LoweringContext& c) {
  TFCONV_RETURN_IF_ERROR(RequireFloat32(c, "EXP/ADD/LOG"));
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  const int32_t exp = c.AddTensor(DataType::kFloat, c.input_shape(0), "exp");
  c.AddBuiltinOp(BuiltinOperator::EXP, {in}, {exp}, Options(tflite::ExpOptionsT()));
  const int32_t sum = AddOne(c, exp, "exp_plus_one");
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::LOG, {sum}, {out});
  return absl::OkStatus();
}

// Softsign = x / (|x| + 1).
absl::Status LowerSoftsign(LoweringContext& c) {
  TFCONV_RETURN_IF_ERROR(RequireFloat32(c, "ABS/ADD/DIV"));
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  const int32_t abs = c.AddTensor(DataType::kFloat, c.input_shape(0), "abs");
  c.AddBuiltinOp(BuiltinOperator::ABS, {in}, {abs}, Options(tflite::AbsOptionsT()));
  const int32_t sum = AddOne(c, abs, "abs_plus_one");
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  tflite::DivOptionsT div;
  div.fused_activation_function = tflite::ActivationFunctionType::NONE;
  c.AddBuiltinOp(BuiltinOperator::DIV, {in, sum}, {out}, Options(std::move(div)));
  return absl::OkStatus();
}

// ---- the element-wise table ----

struct ElementwiseRow {
  const char* op;
  ScalarFn fn;
  IntegerFn int_fn;  // integer reference, nullptr where TF takes floats only
  bool has_alpha;    // LeakyRelu's "alpha" attribute feeds fn
  LowerFn lower;     // empty: no TFLite lowering
  std::vector<std::string> tflite_ops;
};

std::vector<ElementwiseRow> ElementwiseRows() {
  using namespace activation;  // NOLINT: the *Ref kernels
  return {
      {"Relu", ReluRef, ReluInt, false, LowerRelu, {"RELU", "MAXIMUM"}},
      {"Relu6", Relu6Ref, Relu6Int, false, Builtin(BuiltinOperator::RELU6, "RELU6"), {"RELU6"}},
      {"Elu", EluRef, nullptr, false, Builtin(BuiltinOperator::ELU, "ELU"), {"ELU"}},
      {"Selu", SeluRef, nullptr, false, nullptr, {}},
      {"LeakyRelu", LeakyReluRef, nullptr, true, LowerLeakyRelu, {"LEAKY_RELU"}},
      {"Sigmoid", SigmoidRef, nullptr, false, Builtin(BuiltinOperator::LOGISTIC, "LOGISTIC"), {"LOGISTIC"}},
      {"Tanh", TanhRef, nullptr, false, Builtin(BuiltinOperator::TANH, "TANH"), {"TANH"}},
      {"Softplus", SoftplusRef, nullptr, false, LowerSoftplus, {"EXP", "ADD", "LOG"}},
      {"Softsign", SoftsignRef, nullptr, false, LowerSoftsign, {"ABS", "ADD", "DIV"}},
  };
}

absl::Status InferSameAsInput(InferenceContext& c) {
  c.set_output(0, c.input_type(0), c.input_shape(0));
  return absl::OkStatus();
}

// Softmax and LogSoftmax work on the last axis, so the input needs one.
absl::Status InferSoftmax(InferenceContext& c) {
  if (c.input_shape(0).known_rank() && c.input_shape(0).rank() < 1) {
    return c.Error("the logits must have rank >= 1, got a scalar");
  }
  return InferSameAsInput(c);
}

EvalFn SoftmaxEval(bool log) {
  return [log](const EvalContext& c) -> absl::StatusOr<std::vector<Tensor>> {
    absl::StatusOr<Tensor> out = activation::SoftmaxLastAxis(c.input(0), log);
    if (!out.ok()) return WithNode(c.node(), out.status());
    return std::vector<Tensor>{*std::move(out)};
  };
}

}  // namespace

void RegisterActivationOps(OpRegistry& registry) {
  for (ElementwiseRow& row : ElementwiseRows()) {
    OpRegistration r;
    r.op = row.op;
    r.infer = InferSameAsInput;
    const ScalarFn fn = row.fn;
    const IntegerFn int_fn = row.int_fn;
    const bool has_alpha = row.has_alpha;
    r.evaluate = [fn, int_fn, has_alpha](const EvalContext& c) -> absl::StatusOr<std::vector<Tensor>> {
      double alpha = 0.0;
      if (has_alpha) {
        TFCONV_ASSIGN_OR_RETURN(alpha, LeakyAlpha(c.node()));
      }
      absl::StatusOr<Tensor> out = activation::ApplyElementwise(c.input(0), fn, alpha, int_fn);
      if (!out.ok()) return WithNode(c.node(), out.status());
      return std::vector<Tensor>{*std::move(out)};
    };
    r.lower = std::move(row.lower);
    r.tflite_ops = std::move(row.tflite_ops);
    registry.Add(std::move(r));
  }

  OpRegistration softmax;
  softmax.op = "Softmax";
  softmax.infer = InferSoftmax;
  softmax.evaluate = SoftmaxEval(false);
  softmax.lower = Builtin(BuiltinOperator::SOFTMAX, "SOFTMAX", SoftmaxOptions);
  softmax.tflite_ops = {"SOFTMAX"};
  registry.Add(std::move(softmax));

  OpRegistration log_softmax;
  log_softmax.op = "LogSoftmax";
  log_softmax.infer = InferSoftmax;
  log_softmax.evaluate = SoftmaxEval(true);
  log_softmax.lower = Builtin(BuiltinOperator::LOG_SOFTMAX, "LOG_SOFTMAX", LogSoftmaxOptions);
  log_softmax.tflite_ops = {"LOG_SOFTMAX"};
  registry.Add(std::move(log_softmax));
}

}  // namespace tfconv
