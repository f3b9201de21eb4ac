// MaxPool, MaxPoolV2 and AvgPool: shape rules, TF reference semantics, and the lowering to
// MAX_POOL_2D / AVERAGE_POOL_2D. NCHW data is moved to NHWC and back around the pool, as the official
// converter does (legalize_patterns: LegalizeNCHW*Pool). MaxPoolV2 is MaxPool with ksize and strides
// as int32 inputs instead of attributes; it lowers when they are constants.
#include <string>
#include <vector>

#include "plugins/common/op_helpers.h"
#include "plugins/nn/lowering_helpers.h"
#include "plugins/nn/nn_ops_internal.h"
#include "plugins/nn/reference_kernels.h"
#include "plugins/nn/tensor_transforms.h"

namespace tfconv {
namespace {

enum class PoolKind { kMax, kAvg, kMaxV2 };

// A 1-D ksize or strides input of MaxPoolV2 as a list.
std::vector<int64_t> ListOf(const Tensor& t) {
  std::vector<int64_t> v;
  for (int64_t i = 0; i < t.NumElements(); ++i) v.push_back(t.ElementAsInt64(i));
  return v;
}

// The window attributes; for MaxPoolV2 ksize and strides come from the values of its inputs 1 and 2,
// which callers check are known.
absl::StatusOr<Window2DAttrs> ReadPoolAttrs(const Node& node, PoolKind kind, const Tensor* ksize,
                                            const Tensor* strides) {
  if (kind != PoolKind::kMaxV2) return ReadWindow2DAttrs(node, WindowKind::kPool);
  const std::vector<int64_t> k = ListOf(*ksize), s = ListOf(*strides);
  return ReadWindow2DAttrsWith(node, WindowKind::kPool, &k, &s);
}

absl::Status InferPool(InferenceContext& c, PoolKind kind) {
  const Node& node = c.node();
  const bool v2 = kind == PoolKind::kMaxV2;
  if (c.num_inputs() != (v2 ? 3 : 1)) {
    return c.Error(v2 ? "expects 3 inputs (input, ksize, strides)" : "expects 1 input");
  }
  const PartialShape& in = c.input_shape(0);
  TFCONV_RETURN_IF_ERROR(CheckRank(node, in, 4, "the input"));
  if (v2) {
    for (int i = 1; i <= 2; ++i) {
      TFCONV_RETURN_IF_ERROR(CheckRank(node, c.input_shape(i), 1, i == 1 ? "ksize" : "strides"));
    }
    if (c.input_value(1) == nullptr || c.input_value(2) == nullptr) {
      // The window is only known at run time: batch and channels pass through.
      TFCONV_ASSIGN_OR_RETURN(std::string format, GetAttrOr<std::string>(node, "data_format", "NHWC"));
      const ImageLayout l = format == "NCHW" ? ImageLayout::Nchw() : ImageLayout::Nhwc();
      c.set_output(0, c.input_type(0), ImageShape(l, DimOr(in, l.batch), -1, -1, DimOr(in, l.channels)));
      return absl::OkStatus();
    }
  }
  TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadPoolAttrs(node, kind, v2 ? c.input_value(1) : nullptr,
                                                         v2 ? c.input_value(2) : nullptr));
  const ImageLayout& l = a.layout;
  TFCONV_ASSIGN_OR_RETURN(Window2D g, ComputeWindow2D(node, a, DimOr(in, l.height), DimOr(in, l.width),
                                                      a.ksize_h, a.ksize_w));
  c.set_output(0, c.input_type(0), ImageShape(l, DimOr(in, l.batch), g.h.out, g.w.out, DimOr(in, l.channels)));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalPool(const EvalContext& c, PoolKind kind) {
  const Node& node = c.node();
  const bool v2 = kind == PoolKind::kMaxV2;
  if (c.num_inputs() != (v2 ? 3 : 1) || c.input(0).rank() != 4) {
    return c.Error(v2 ? "expects a 4-D input, ksize and strides" : "expects one 4-D input");
  }
  TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadPoolAttrs(node, kind, v2 ? &c.input(1) : nullptr,
                                                         v2 ? &c.input(2) : nullptr));
  const Tensor x = a.layout.nchw ? NchwToNhwc(c.input(0)) : c.input(0);
  TFCONV_ASSIGN_OR_RETURN(Window2D g, ComputeWindow2D(node, a, x.dim(1), x.dim(2), a.ksize_h, a.ksize_w));
  TFCONV_ASSIGN_OR_RETURN(Tensor y, DispatchFloat(node, x.dtype(), [&](auto tag) {
                            using T = decltype(tag);
                            return kind == PoolKind::kAvg ? AvgPoolReference<T>(x, a.ksize_h, a.ksize_w, g)
                                                          : MaxPoolReference<T>(x, a.ksize_h, a.ksize_w, g);
                          }));
  return std::vector<Tensor>{a.layout.nchw ? NhwcToNchw(y) : y};
}

absl::Status LowerPool(LoweringContext& c, PoolKind kind) {
  const bool max = kind != PoolKind::kAvg;
  const char* tfl_name = max ? "MAX_POOL_2D" : "AVERAGE_POOL_2D";
  TFCONV_RETURN_IF_ERROR(RequireFloat32(c, tfl_name));
  const bool v2 = kind == PoolKind::kMaxV2;
  if (v2 && (c.input_value(1) == nullptr || c.input_value(2) == nullptr)) {
    return c.Unsupported("MAX_POOL_2D takes its window as options: ksize and strides must be constants");
  }
  TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadPoolAttrs(c.node(), kind, v2 ? c.input_value(1) : nullptr,
                                                         v2 ? c.input_value(2) : nullptr));
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
  c.AddBuiltinOp(max ? tflite::BuiltinOperator::MAX_POOL_2D : tflite::BuiltinOperator::AVERAGE_POOL_2D,
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
  for (PoolKind kind : {PoolKind::kMax, PoolKind::kAvg, PoolKind::kMaxV2}) {
    OpRegistration r;
    const bool max = kind != PoolKind::kAvg;
    r.op = kind == PoolKind::kMax ? "MaxPool" : kind == PoolKind::kAvg ? "AvgPool" : "MaxPoolV2";
    r.infer = [kind](InferenceContext& c) { return InferPool(c, kind); };
    r.evaluate = [kind](const EvalContext& c) { return EvalPool(c, kind); };
    r.lower = [kind](LoweringContext& c) { return LowerPool(c, kind); };
    r.tflite_ops = {max ? "MAX_POOL_2D" : "AVERAGE_POOL_2D", "TRANSPOSE"};
    registry.Add(std::move(r));
  }
}

}  // namespace tfconv
