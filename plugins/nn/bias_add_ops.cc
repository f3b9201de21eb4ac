// BiasAdd and BiasAddV1: shape rule, TF reference semantics, and the lowering to ADD for NHWC data
// (legalize_patterns: LegalizeBiasAdd). A later pass folds the ADD into a preceding convolution's
// bias.
#include <string>
#include <vector>

#include "plugins/common/op_helpers.h"
#include "plugins/nn/nn_ops_internal.h"
#include "plugins/nn/reference_kernels.h"

namespace tfconv {
namespace {

// The channel axis of `value` (rank `rank`): last for NHWC and BiasAddV1, 1 for NCHW.
absl::StatusOr<int> ChannelAxis(const Node& node, int rank) {
  TFCONV_ASSIGN_OR_RETURN(std::string format, GetAttrOr<std::string>(node, "data_format", "NHWC"));
  if (format == "NHWC") return rank - 1;
  if (format == "NCHW") return 1;
  return NodeError(node, absl::StrCat("data_format '", format, "' is not NHWC or NCHW"));
}

absl::Status InferBiasAdd(InferenceContext& c) {
  const Node& node = c.node();
  if (c.num_inputs() != 2) return c.Error("expects 2 inputs (value, bias)");
  const PartialShape& value = c.input_shape(0);
  const PartialShape& bias = c.input_shape(1);
  TFCONV_RETURN_IF_ERROR(CheckRank(node, bias, 1, "the bias"));
  if (!value.known_rank()) {
    c.set_output(0, c.input_type(0), value);
    return absl::OkStatus();
  }
  if (value.rank() < 2) return c.Error(absl::StrCat("the value must be at least 2-D, got ", value.ToString()));
  TFCONV_ASSIGN_OR_RETURN(int axis, ChannelAxis(node, value.rank()));
  PartialShape out = value;
  const int64_t vc = value.dim(axis), bc = DimOr(bias, 0);
  if (vc >= 0 && bc >= 0 && vc != bc) {
    return c.Error(absl::StrCat("the bias has ", bc, " entries but the value ", value.ToString(), " has ", vc,
                                " channels"));
  }
  if (vc < 0) out.set_dim(axis, bc);
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalBiasAdd(const EvalContext& c) {
  const Node& node = c.node();
  if (c.num_inputs() != 2) return c.Error("expects 2 inputs (value, bias)");
  const Tensor& value = c.input(0);
  const Tensor& bias = c.input(1);
  if (value.rank() < 2 || bias.rank() != 1 || value.dtype() != bias.dtype()) {
    return c.Error(absl::StrCat("expects a value of rank >= 2 and a 1-D bias of one type, got ",
                                value.DebugString(), " and ", bias.DebugString()));
  }
  TFCONV_ASSIGN_OR_RETURN(int axis, ChannelAxis(node, value.rank()));
  if (value.dim(axis) != bias.dim(0)) {
    return c.Error(absl::StrCat("the bias ", bias.DebugString(), " does not match the channels of ",
                                value.DebugString()));
  }
  TFCONV_ASSIGN_OR_RETURN(Tensor out, DispatchArithmetic(node, value.dtype(), [&](auto tag) {
                            return BiasAddReference<decltype(tag)>(value, bias, axis);
                          }));
  return std::vector<Tensor>{std::move(out)};
}

absl::Status LowerBiasAdd(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(std::string format, GetAttrOr<std::string>(c.node(), "data_format", "NHWC"));
  if (format != "NHWC") {
    return c.Unsupported(absl::StrCat("data_format ", format,
                                      ": ADD broadcasts the bias over the last dimension, not the channels of "
                                      "NCHW data; export the model channels-last"));
  }
  DataType t = c.input_type(0);
  if (t != DataType::kFloat && t != DataType::kInt32 && t != DataType::kInt64) {
    return c.Unsupported(absl::StrCat("ADD is emitted for float32, int32 and int64; this node is ", DataTypeName(t)));
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t value, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t bias, c.InputTensor(1));
  TFCONV_ASSIGN_OR_RETURN(int32_t output, c.OutputTensor(0));
  tflite::AddOptionsT o;
  o.fused_activation_function = tflite::ActivationFunctionType::NONE;
  tflite::BuiltinOptionsUnion options;
  options.Set(std::move(o));
  c.AddBuiltinOp(tflite::BuiltinOperator::ADD, {value, bias}, {output}, std::move(options));
  return absl::OkStatus();
}

}  // namespace

void RegisterBiasAddOps(OpRegistry& registry) {
  for (const char* op : {"BiasAdd", "BiasAddV1"}) {
    OpRegistration r;
    r.op = op;
    r.infer = InferBiasAdd;
    r.evaluate = EvalBiasAdd;
    r.lower = LowerBiasAdd;
    r.tflite_ops = {"ADD"};
    registry.Add(std::move(r));
  }
}

}  // namespace tfconv
