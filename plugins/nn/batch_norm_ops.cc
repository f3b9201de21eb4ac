// FusedBatchNorm, FusedBatchNormV2 and FusedBatchNormV3 in inference mode: shape rule, TF reference
// semantics, and the lowering the official converter's prepare step makes of them.
//
//   constant scale/offset/mean/variance (the usual frozen or SavedModel case): one per-channel
//     multiplier m = scale / sqrt(variance + epsilon) and shift s = offset - mean * m, folded on the
//     host in double and stored as float32, then MUL(x, m) and ADD(., s). A later pass folds the two
//     into a preceding convolution.
//   otherwise: the formula as operators, in the TF kernel's order:
//     ADD(variance, epsilon) -> RSQRT -> MUL(., scale) = m;  SUB(x, mean) -> MUL(., m) -> ADD(., offset)
//
// Outputs 1..4 (batch_mean, batch_variance, reserve_space_1, reserve_space_2) are mean and variance
// passed through: TF's inference kernel copies them into outputs 1 and 2 and leaves the reserve
// spaces unwritten (its gradient op reads the population statistics in their place), so readers of
// any of the four get the statistics. V3's reserve_space_3 is the scalar 0 TF's CPU kernel writes.
// Training mode, NCHW lowering and types other than float32 are refused with the reason.
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "plugins/common/op_helpers.h"
#include "plugins/nn/nn_ops_internal.h"
#include "plugins/nn/reference_kernels.h"

namespace tfconv {
namespace {

constexpr char kTrainingMode[] =
    "FusedBatchNorm in training mode cannot be converted; export the model for inference";

enum class BnVersion { kV1, kV2, kV3 };

struct BnAttrs {
  double epsilon = 1e-4;
  bool is_training = true;
  std::string data_format;
  bool channels_first = false;
  int required_rank = -1;  // -1: any rank >= 2 (NHWC)
};

absl::StatusOr<BnAttrs> ReadBnAttrs(const Node& node) {
  BnAttrs a;
  TFCONV_ASSIGN_OR_RETURN(float epsilon, GetAttrOr<float>(node, "epsilon", 1e-4f));
  a.epsilon = epsilon;
  // TF's default is true: graphs saved with default attributes stripped (Keras) omit it in training
  // functions only.
  TFCONV_ASSIGN_OR_RETURN(a.is_training, GetAttrOr<bool>(node, "is_training", true));
  TFCONV_ASSIGN_OR_RETURN(a.data_format, GetAttrOr<std::string>(node, "data_format", "NHWC"));
  if (a.data_format == "NHWC") {
    // TF's shape function asks for 4-D; the per-channel maths is the same for any rank, and front
    // ends that build this op for Dense outputs give 2-D data.
  } else if (a.data_format == "NDHWC") {
    a.required_rank = 5;
  } else if (a.data_format == "NCHW") {
    a.channels_first = true;
    a.required_rank = 4;
  } else if (a.data_format == "NCDHW") {
    a.channels_first = true;
    a.required_rank = 5;
  } else {
    return NodeError(node, absl::StrCat("data_format '", a.data_format, "' is not NHWC, NCHW, NDHWC or NCDHW"));
  }
  return a;
}

// The channel axis of x (rank `rank`), checking the rank the data format demands.
absl::StatusOr<int> ChannelAxis(const Node& node, const BnAttrs& a, int rank) {
  if (a.required_rank >= 0 && rank != a.required_rank) {
    return NodeError(node, absl::StrCat("x must have rank ", a.required_rank, " for data_format ", a.data_format,
                                        ", got rank ", rank));
  }
  if (rank < 2) return NodeError(node, absl::StrCat("x must have rank >= 2, got rank ", rank));
  return a.channels_first ? 1 : rank - 1;
}

// Whether mean and variance take part: always in inference; in training only for a running average
// (TF's shape function checks them under the same condition; Keras feeds empty ones otherwise).
absl::StatusOr<bool> UsesStatistics(const Node& node, const BnAttrs& a) {
  if (!a.is_training) return true;
  TFCONV_ASSIGN_OR_RETURN(float factor, GetAttrOr<float>(node, "exponential_avg_factor", 1.0f));
  return factor != 1.0f;
}

constexpr const char* kInputNames[] = {"x", "scale", "offset", "mean", "variance"};

absl::Status InferBatchNorm(InferenceContext& c, BnVersion version) {
  const Node& node = c.node();
  if (c.num_inputs() != 5) return c.Error("expects 5 inputs (x, scale, offset, mean, variance)");
  TFCONV_ASSIGN_OR_RETURN(BnAttrs a, ReadBnAttrs(node));
  TFCONV_ASSIGN_OR_RETURN(bool uses_statistics, UsesStatistics(node, a));
  const PartialShape& x = c.input_shape(0);
  int axis = -1;
  int64_t channels = -1;
  std::string source;  // what gave `channels`, for the error message
  if (x.known_rank()) {
    TFCONV_ASSIGN_OR_RETURN(axis, ChannelAxis(node, a, x.rank()));
    channels = x.dim(axis);
    source = absl::StrCat("x ", x.ToString());
  }
  const int num_vectors = uses_statistics ? 4 : 2;
  for (int i = 1; i <= num_vectors; ++i) {
    const PartialShape& v = c.input_shape(i);
    TFCONV_RETURN_IF_ERROR(CheckRank(node, v, 1, kInputNames[i]));
    const int64_t n = DimOr(v, 0);
    if (n < 0) continue;
    if (channels >= 0 && n != channels) {
      return c.Error(absl::StrCat(kInputNames[i], " has ", n, " entries but ", source, " gives ", channels,
                                  " channels"));
    }
    if (channels < 0) {
      channels = n;
      source = kInputNames[i];
    }
  }
  PartialShape y = x;
  if (axis >= 0) y.set_dim(axis, channels);
  const DataType t = c.input_type(0);
  const DataType u = version == BnVersion::kV1 ? t : c.input_type(1);
  c.set_output(0, t, std::move(y));
  for (int i = 1; i <= 4; ++i) c.set_output(i, u, PartialShape({channels}));
  if (version == BnVersion::kV3) {
    if (u == DataType::kFloat) {
      c.set_output_value(5, Tensor::Scalar<float>(0.0f));
    } else {
      c.set_output(5, u, PartialShape::UnknownRank());
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalBatchNorm(const EvalContext& c, BnVersion version) {
  const Node& node = c.node();
  if (c.num_inputs() != 5) return c.Error("expects 5 inputs (x, scale, offset, mean, variance)");
  TFCONV_ASSIGN_OR_RETURN(BnAttrs a, ReadBnAttrs(node));
  if (a.is_training) return NodeUnsupported(node, kTrainingMode);
  for (int i = 0; i < 5; ++i) {
    if (c.input(i).dtype() != DataType::kFloat) {
      return NodeUnsupported(node, absl::StrCat("evaluation handles float32 only; ", kInputNames[i], " is ",
                                                DataTypeName(c.input(i).dtype())));
    }
  }
  const Tensor& x = c.input(0);
  TFCONV_ASSIGN_OR_RETURN(int axis, ChannelAxis(node, a, x.rank()));
  const int64_t channels = x.dim(axis);
  for (int i = 1; i < 5; ++i) {
    if (c.input(i).rank() != 1 || c.input(i).dim(0) != channels) {
      return c.Error(absl::StrCat(kInputNames[i], " ", c.input(i).DebugString(), " does not match the ", channels,
                                  " channels of x ", x.DebugString()));
    }
  }
  std::vector<Tensor> out;
  out.push_back(BatchNormInferenceReference(x, c.input(1), c.input(2), c.input(3), c.input(4), a.epsilon, axis));
  if (x.NumElements() == 0) {
    // TF's kernel reports NaN statistics for an empty batch.
    std::vector<float> nan(channels, std::numeric_limits<float>::quiet_NaN());
    out.push_back(Tensor::FromVector<float>({channels}, nan));
    out.push_back(Tensor::FromVector<float>({channels}, nan));
  } else {
    out.push_back(c.input(3));
    out.push_back(c.input(4));
  }
  out.push_back(c.input(3));
  out.push_back(c.input(4));
  if (version == BnVersion::kV3) out.push_back(Tensor::Scalar<float>(0.0f));
  return out;
}

tflite::BuiltinOptionsUnion AddOptions() {
  tflite::AddOptionsT o;
  o.fused_activation_function = tflite::ActivationFunctionType::NONE;
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  return u;
}

tflite::BuiltinOptionsUnion MulOptions() {
  tflite::MulOptionsT o;
  o.fused_activation_function = tflite::ActivationFunctionType::NONE;
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  return u;
}

tflite::BuiltinOptionsUnion SubOptions() {
  tflite::SubOptionsT o;
  o.fused_activation_function = tflite::ActivationFunctionType::NONE;
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  return u;
}

// The host fold of four constant [C] vectors into the multiplier and shift; an error when they
// are not all [C] with the same C (and C matches x when x's channels are known).
absl::Status FoldStatistics(LoweringContext& c, double epsilon, int64_t x_channels, std::vector<float>& multiplier,
                            std::vector<float>& shift) {
  const Tensor* v[5] = {nullptr, c.input_value(1), c.input_value(2), c.input_value(3), c.input_value(4)};
  const int64_t channels = v[1]->NumElements();
  for (int i = 1; i < 5; ++i) {
    if (v[i]->rank() != 1 || v[i]->dim(0) != channels || (x_channels >= 0 && channels != x_channels)) {
      return c.Error(absl::StrCat("scale, offset, mean and variance must all be [C] with C the channels of x ",
                                  c.input_shape(0).ToString(), "; ", kInputNames[i], " is ", v[i]->DebugString()));
    }
  }
  auto scale = v[1]->data<float>();
  auto offset = v[2]->data<float>();
  auto mean = v[3]->data<float>();
  auto variance = v[4]->data<float>();
  multiplier.resize(channels);
  shift.resize(channels);
  for (int64_t i = 0; i < channels; ++i) {
    const double m = double{scale[i]} / std::sqrt(double{variance[i]} + epsilon);
    multiplier[i] = static_cast<float>(m);
    shift[i] = static_cast<float>(double{offset[i]} - double{mean[i]} * m);
  }
  return absl::OkStatus();
}

absl::Status LowerBatchNorm(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(BnAttrs a, ReadBnAttrs(c.node()));
  if (a.is_training) return c.Unsupported(kTrainingMode);
  for (int i = 0; i < 5; ++i) {
    const DataType t = c.input_type(i);
    if (t != DataType::kFloat) {
      return c.Unsupported(absl::StrCat("lowered for float32 only; ", kInputNames[i], " is ", DataTypeName(t),
                                        " (convert the model to float32 first; quantization applies to the "
                                        "float model)"));
    }
  }
  if (a.channels_first) {
    return c.Unsupported(absl::StrCat("data_format ", a.data_format,
                                      ": MUL and ADD broadcast the per-channel vectors over the last "
                                      "dimension, not the channels of channels-first data (nor does the nn "
                                      "plugin lower NCHW convolutions); export the model channels-last"));
  }
  const PartialShape& x_shape = c.input_shape(0);
  if (x_shape.known_rank()) TFCONV_RETURN_IF_ERROR(ChannelAxis(c.node(), a, x_shape.rank()).status());
  const PartialShape& y_shape = c.output_shape(0);
  const PartialShape& vector_shape = c.output_shape(1);

  // The statistics pass through as outputs 1..4 (see the file comment).
  constexpr int kSourceOf[] = {0, 3, 4, 3, 4};  // output i passes input kSourceOf[i] through
  for (int i = 1; i <= 4; ++i) {
    TFCONV_ASSIGN_OR_RETURN(int32_t stat, c.InputTensor(kSourceOf[i]));
    TFCONV_RETURN_IF_ERROR(c.ForwardOutput(i, stat));
  }

  TFCONV_ASSIGN_OR_RETURN(int32_t x, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t y, c.OutputTensor(0));
  const bool all_constant = c.input_value(1) && c.input_value(2) && c.input_value(3) && c.input_value(4);
  if (all_constant) {
    std::vector<float> multiplier, shift;
    const int64_t x_channels = x_shape.known_rank() ? x_shape.dim(x_shape.rank() - 1) : -1;
    TFCONV_RETURN_IF_ERROR(FoldStatistics(c, a.epsilon, x_channels, multiplier, shift));
    const int64_t n = static_cast<int64_t>(multiplier.size());
    int32_t m = c.AddConstTensor(Tensor::FromVector<float>({n}, multiplier), "multiplier");
    int32_t s = c.AddConstTensor(Tensor::FromVector<float>({n}, shift), "shift");
    int32_t scaled = c.AddTensor(DataType::kFloat, y_shape, "scaled");
    c.AddBuiltinOp(tflite::BuiltinOperator::MUL, {x, m}, {scaled}, MulOptions());
    c.AddBuiltinOp(tflite::BuiltinOperator::ADD, {scaled, s}, {y}, AddOptions());
    return absl::OkStatus();
  }

  TFCONV_ASSIGN_OR_RETURN(int32_t scale, c.InputTensor(1));
  TFCONV_ASSIGN_OR_RETURN(int32_t offset, c.InputTensor(2));
  TFCONV_ASSIGN_OR_RETURN(int32_t mean, c.InputTensor(3));
  TFCONV_ASSIGN_OR_RETURN(int32_t variance, c.InputTensor(4));
  int32_t epsilon = c.AddConstTensor(Tensor::FromVector<float>({1}, {static_cast<float>(a.epsilon)}), "epsilon");
  int32_t shifted_variance = c.AddTensor(DataType::kFloat, vector_shape, "variance_plus_epsilon");
  int32_t inv_stddev = c.AddTensor(DataType::kFloat, vector_shape, "rsqrt");
  int32_t multiplier = c.AddTensor(DataType::kFloat, vector_shape, "multiplier");
  int32_t centered = c.AddTensor(DataType::kFloat, y_shape, "centered");
  int32_t scaled = c.AddTensor(DataType::kFloat, y_shape, "scaled");
  c.AddBuiltinOp(tflite::BuiltinOperator::ADD, {variance, epsilon}, {shifted_variance}, AddOptions());
  c.AddBuiltinOp(tflite::BuiltinOperator::RSQRT, {shifted_variance}, {inv_stddev});
  c.AddBuiltinOp(tflite::BuiltinOperator::MUL, {inv_stddev, scale}, {multiplier}, MulOptions());
  c.AddBuiltinOp(tflite::BuiltinOperator::SUB, {x, mean}, {centered}, SubOptions());
  c.AddBuiltinOp(tflite::BuiltinOperator::MUL, {centered, multiplier}, {scaled}, MulOptions());
  c.AddBuiltinOp(tflite::BuiltinOperator::ADD, {scaled, offset}, {y}, AddOptions());
  return absl::OkStatus();
}

}  // namespace

void RegisterBatchNormOps(OpRegistry& registry) {
  const std::pair<const char*, BnVersion> kOps[] = {
      {"FusedBatchNorm", BnVersion::kV1}, {"FusedBatchNormV2", BnVersion::kV2}, {"FusedBatchNormV3", BnVersion::kV3}};
  for (const auto& [op, version] : kOps) {
    OpRegistration r;
    r.op = op;
    const BnVersion v = version;
    r.infer = [v](InferenceContext& c) { return InferBatchNorm(c, v); };
    r.evaluate = [v](const EvalContext& c) { return EvalBatchNorm(c, v); };
    r.lower = LowerBatchNorm;
    r.tflite_ops = {"MUL", "ADD", "SUB", "RSQRT"};
    registry.Add(std::move(r));
  }
}

}  // namespace tfconv
