// MaxPool and AvgPool: shape rules, TF reference semantics, and the lowering to MAX_POOL_2D /
// AVERAGE_POOL_2D. NCHW data is moved to NHWC and back around the pool, as the official converter
// does (legalize_patterns: LegalizeNCHW*Pool).
#include <string>
#include <vector>

#include "plugins/common/op_helpers.h"
#include "plugins/nn/lowering_helpers.h"
#include "plugins/nn/nn_ops_internal.h"
#include "plugins/nn/reference_kernels.h"
#include "plugins/nn/tensor_transforms.h"

namespace tfconv {
namespace {

enum class PoolKind { kMax, kAvg };

absl::Status InferPool(InferenceContext& c) {
  const Node& node = c.node();
  if (c.num_inputs() != 1) return c.Error("expects 1 input");
  TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadWindow2DAttrs(node, WindowKind::kPool));
  const PartialShape& in = c.input_shape(0);
  TFCONV_RETURN_IF_ERROR(CheckRank(node, in, 4, "the input"));
  const ImageLayout& l = a.layout;
  TFCONV_ASSIGN_OR_RETURN(Window2D g, ComputeWindow2D(node, a, DimOr(in, l.height), DimOr(in, l.width),
                                                      a.ksize_h, a.ksize_w));
  c.set_output(0, c.input_type(0), ImageShape(l, DimOr(in, l.batch), g.h.out, g.w.out, DimOr(in, l.channels)));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalPool(const EvalContext& c, PoolKind kind) {
  const Node& node = c.node();
  if (c.num_inputs() != 1 || c.input(0).rank() != 4) return c.Error("expects one 4-D input");
  TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadWindow2DAttrs(node, WindowKind::kPool));
  const Tensor x = a.layout.nchw ? NchwToNhwc(c.input(0)) : c.input(0);
  TFCONV_ASSIGN_OR_RETURN(Window2D g, ComputeWindow2D(node, a, x.dim(1), x.dim(2), a.ksize_h, a.ksize_w));
  TFCONV_ASSIGN_OR_RETURN(Tensor y, DispatchFloat(node, x.dtype(), [&](auto tag) {
                            using T = decltype(tag);
                            return kind == PoolKind::kMax ? MaxPoolReference<T>(x, a.ksize_h, a.ksize_w, g)
                                                          : AvgPoolReference<T>(x, a.ksize_h, a.ksize_w, g);
                          }));
  return std::vector<Tensor>{a.layout.nchw ? NhwcToNchw(y) : y};
}

absl::Status LowerPool(LoweringContext& c, PoolKind kind) {
  const char* tfl_name = kind == PoolKind::kMax ? "MAX_POOL_2D" : "AVERAGE_POOL_2D";
  TFCONV_RETURN_IF_ERROR(RequireFloat32(c, tfl_name));
  TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadWindow2DAttrs(c.node(), WindowKind::kPool));
  if (a.padding == Padding::kExplicit) {
    return c.Unsupported(absl::StrCat(tfl_name, " takes SAME or VALID padding, not EXPLICIT"));
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t input, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t output, c.OutputTensor(0));
  const std::vector<int> to_nhwc = {0, 2, 3, 1}, to_nchw = {0, 3, 1, 2};
  int32_t pool_in = input, pool_out = output;
  if (a.layout.nchw) {
    TFCONV_ASSIGN_OR_RETURN(pool_in, EmitTranspose(c, input, DataType::kFloat, c.input_shape(0), to_nhwc,
                                                   "input_nhwc"));
    pool_out = c.AddTensor(DataType::kFloat, PermuteShape(c.output_shape(0), to_nhwc), "output_nhwc");
  }
  tflite::Pool2DOptionsT o;
  o.padding = a.padding == Padding::kSame ? tflite::Padding::SAME : tflite::Padding::VALID;
  o.stride_h = static_cast<int32_t>(a.stride_h);
  o.stride_w = static_cast<int32_t>(a.stride_w);
  o.filter_height = static_cast<int32_t>(a.ksize_h);
  o.filter_width = static_cast<int32_t>(a.ksize_w);
  o.fused_activation_function = tflite::ActivationFunctionType::NONE;
  tflite::BuiltinOptionsUnion options;
  options.Set(std::move(o));
  c.AddBuiltinOp(kind == PoolKind::kMax ? tflite::BuiltinOperator::MAX_POOL_2D
                                        : tflite::BuiltinOperator::AVERAGE_POOL_2D,
                 {pool_in}, {pool_out}, std::move(options));
  if (a.layout.nchw) {
    TFCONV_RETURN_IF_ERROR(EmitTranspose(c, pool_out, DataType::kFloat, PermuteShape(c.output_shape(0), to_nhwc),
                                         to_nchw, "output_nchw", output)
                               .status());
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterPoolOps(OpRegistry& registry) {
  for (PoolKind kind : {PoolKind::kMax, PoolKind::kAvg}) {
    OpRegistration r;
    const bool max = kind == PoolKind::kMax;
    r.op = max ? "MaxPool" : "AvgPool";
    r.infer = InferPool;
    r.evaluate = [kind](const EvalContext& c) { return EvalPool(c, kind); };
    r.lower = [kind](LoweringContext& c) { return LowerPool(c, kind); };
    r.tflite_ops = {max ? "MAX_POOL_2D" : "AVERAGE_POOL_2D", "TRANSPOSE"};
    registry.Add(std::move(r));
  }
}

}  // namespace tfconv
