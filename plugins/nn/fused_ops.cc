// The fused forms of the convolutions and MatMul that grappler's remapper and the TensorFlow.js
// converter write into graphs: _FusedConv2D, _FusedDepthwiseConv2dNative (tfjs spells it
// FusedDepthwiseConv2dNative) and _FusedMatMul. Each is its plain op followed by the epilogue that
// `fused_ops` names (fused_epilogue.h), and lowers to the plain op's TFLite operator with the bias
// in its bias input, a batch norm folded into constant weights, RELU/RELU6 as its fused activation,
// and whatever TFLite cannot fuse as operators after it.
#include <string>
#include <vector>

#include "plugins/common/op_helpers.h"
#include "plugins/nn/fused_epilogue.h"
#include "plugins/nn/lowering_helpers.h"
#include "plugins/nn/nn_ops_internal.h"
#include "plugins/nn/tensor_transforms.h"

namespace tfconv {
namespace {

// ---- convolutions -----------------------------------------------------------------------------------------

absl::Status InferFusedConv(InferenceContext& c, ConvKind kind) {
  TFCONV_ASSIGN_OR_RETURN(FusedEpilogue e, ReadFusedEpilogue(c.node(), /*allow_batch_norm=*/true));
  int64_t channels = -1;
  TFCONV_RETURN_IF_ERROR(InferConvolution(c, kind, 2 + e.num_args, &channels));
  return CheckEpilogueArgShapes(c, e, channels, c.node().outputs[0].shape);
}

absl::StatusOr<std::vector<Tensor>> EvalFusedConv(const EvalContext& c, ConvKind kind) {
  const Node& node = c.node();
  TFCONV_ASSIGN_OR_RETURN(FusedEpilogue e, ReadFusedEpilogue(node, /*allow_batch_norm=*/true));
  TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadWindow2DAttrs(node, WindowKind::kConv));
  TFCONV_ASSIGN_OR_RETURN(Tensor z, EvalConvolutionNhwc(c, kind));
  std::vector<Tensor> args(c.inputs().begin() + 2, c.inputs().end());
  if (a.layout.nchw && e.bias == FusedBias::kBiasAddAdd) {
    if (args[1].rank() != 4) return c.Error(absl::StrCat("the addend ", args[1].DebugString(), " must be 4-D"));
    args[1] = NchwToNhwc(args[1]);
  }
  TFCONV_ASSIGN_OR_RETURN(Tensor y, ApplyEpilogue(node, e, z, args));
  return std::vector<Tensor>{a.layout.nchw ? NhwcToNchw(y) : y};
}

absl::Status LowerFusedConv(LoweringContext& c, ConvKind kind) {
  const char* tfl_name = kind == ConvKind::kConv2D ? "CONV_2D" : "DEPTHWISE_CONV_2D";
  TFCONV_ASSIGN_OR_RETURN(FusedEpilogue e, ReadFusedEpilogue(c.node(), /*allow_batch_norm=*/true));
  // The conditions LowerConvolution would refuse, checked before the epilogue adds tensors.
  TFCONV_RETURN_IF_ERROR(RequireFloat32(c, tfl_name));
  TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadWindow2DAttrs(c.node(), WindowKind::kConv));
  if (a.layout.nchw) {
    return c.Unsupported(absl::StrCat(tfl_name, " takes NHWC data; data_format NCHW is not lowered: export the "
                                      "model channels-last"));
  }
  const PartialShape& fs = c.input_shape(1);
  if (!fs.IsFullyDefined() || fs.rank() != 4) {
    return c.Unsupported(absl::StrCat("the filter shape ", fs.ToString(), " must be static to size the bias"));
  }
  const int64_t channels = kind == ConvKind::kConv2D ? fs.dim(3) : fs.dim(2) * fs.dim(3);
  TFCONV_ASSIGN_OR_RETURN(EpiloguePlan plan, PlanEpilogue(c, e, channels, c.input_value(1) != nullptr));
  TFCONV_ASSIGN_OR_RETURN(int32_t main_output, EpilogueMainOutput(c, plan));
  MainOpExtras extras;
  extras.bias = plan.bias;
  extras.weight_scale = plan.weight_scale.empty() ? nullptr : &plan.weight_scale;
  extras.activation = plan.fused_activation;
  extras.output = main_output;
  TFCONV_RETURN_IF_ERROR(LowerConvolution(c, kind, extras));
  return EmitEpilogueTail(c, e, plan, main_output);
}

// ---- MatMul -------------------------------------------------------------------------------------------------

absl::Status InferFusedMatMul(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(FusedEpilogue e, ReadFusedEpilogue(c.node(), /*allow_batch_norm=*/false));
  TFCONV_RETURN_IF_ERROR(InferMatMulOp(c, 2 + e.num_args));
  const PartialShape& out = c.node().outputs[0].shape;
  return CheckEpilogueArgShapes(c, e, out.known_rank() ? out.dim(1) : -1, out);
}

absl::StatusOr<std::vector<Tensor>> EvalFusedMatMul(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(FusedEpilogue e, ReadFusedEpilogue(c.node(), /*allow_batch_norm=*/false));
  TFCONV_ASSIGN_OR_RETURN(Tensor z, EvalMatMulOp(c));
  std::vector<Tensor> args(c.inputs().begin() + 2, c.inputs().end());
  TFCONV_ASSIGN_OR_RETURN(Tensor y, ApplyEpilogue(c.node(), e, z, args));
  return std::vector<Tensor>{std::move(y)};
}

absl::Status LowerFusedMatMul(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(FusedEpilogue e, ReadFusedEpilogue(c.node(), /*allow_batch_norm=*/false));
  TFCONV_RETURN_IF_ERROR(RequireFloat32(c, "FULLY_CONNECTED", 0));
  TFCONV_RETURN_IF_ERROR(RequireFloat32(c, "FULLY_CONNECTED", 1));
  const PartialShape& out = c.output_shape(0);
  if (!out.known_rank() || out.rank() != 2 || out.dim(1) < 0) {
    return c.Unsupported(absl::StrCat("the output shape ", out.ToString(), " must have a known column count to "
                                      "size the bias"));
  }
  TFCONV_ASSIGN_OR_RETURN(EpiloguePlan plan, PlanEpilogue(c, e, out.dim(1), c.input_value(1) != nullptr));
  TFCONV_ASSIGN_OR_RETURN(int32_t main_output, EpilogueMainOutput(c, plan));
  MainOpExtras extras;
  extras.bias = plan.bias;
  extras.activation = plan.fused_activation;
  extras.output = main_output;
  TFCONV_RETURN_IF_ERROR(LowerMatMulOp(c, extras));
  return EmitEpilogueTail(c, e, plan, main_output);
}

std::vector<std::string> WithEpilogueOps(std::vector<std::string> ops) {
  for (std::string& op : EpilogueTfliteOps()) ops.push_back(std::move(op));
  return ops;
}

}  // namespace

void RegisterFusedOps(OpRegistry& registry) {
  const std::pair<const char*, ConvKind> kConvs[] = {
      {"_FusedConv2D", ConvKind::kConv2D},
      {"_FusedDepthwiseConv2dNative", ConvKind::kDepthwise},
      {"FusedDepthwiseConv2dNative", ConvKind::kDepthwise},  // the TensorFlow.js converter's name
  };
  for (const auto& [op, kind] : kConvs) {
    OpRegistration r;
    r.op = op;
    const ConvKind k = kind;
    r.infer = [k](InferenceContext& c) { return InferFusedConv(c, k); };
    r.evaluate = [k](const EvalContext& c) { return EvalFusedConv(c, k); };
    r.lower = [k](LoweringContext& c) { return LowerFusedConv(c, k); };
    r.tflite_ops = WithEpilogueOps(k == ConvKind::kConv2D
                                       ? std::vector<std::string>{"CONV_2D", "TRANSPOSE", "PAD"}
                                       : std::vector<std::string>{"DEPTHWISE_CONV_2D", "RESHAPE", "PAD"});
    registry.Add(std::move(r));
  }
  OpRegistration r;
  r.op = "_FusedMatMul";
  r.infer = InferFusedMatMul;
  r.evaluate = EvalFusedMatMul;
  r.lower = LowerFusedMatMul;
  r.tflite_ops = WithEpilogueOps({"FULLY_CONNECTED", "TRANSPOSE"});
  registry.Add(std::move(r));
}

}  // namespace tfconv
