// Conv2D, DepthwiseConv2dNative and Conv2DBackpropInput: shape rules, TF reference semantics and
// the lowering to CONV_2D / DEPTHWISE_CONV_2D / TRANSPOSE_CONV as the official converter does it
// (its prepare_tf pass: filter relayout on the host, a zero bias for the two forward convolutions,
// a PAD in front for EXPLICIT padding; legalize_patterns: TRANSPOSE_CONV with no bias).
#include <string>
#include <vector>

#include "plugins/common/op_helpers.h"
#include "plugins/nn/lowering_helpers.h"
#include "plugins/nn/nn_ops_internal.h"
#include "plugins/nn/reference_kernels.h"
#include "plugins/nn/tensor_transforms.h"

namespace tfconv {
namespace {

tflite::Padding TflitePadding(Padding p) {
  return p == Padding::kSame ? tflite::Padding::SAME : tflite::Padding::VALID;
}

absl::Status CheckSameType(const Node& node, DataType a, DataType b) {
  if (a == DataType::kInvalid || b == DataType::kInvalid || a == b) return absl::OkStatus();
  return NodeError(node, absl::StrCat("the input is ", DataTypeName(a), " but the filter is ", DataTypeName(b)));
}

// ---- Conv2D and DepthwiseConv2dNative ------------------------------------------------------------------

// Output channels, checking the channel counts when they are known.
absl::StatusOr<int64_t> OutputChannels(const Node& node, ConvKind kind, int64_t in_c,
                                       const PartialShape& filter) {
  const int64_t fi = DimOr(filter, 2), fo = DimOr(filter, 3);
  if (kind == ConvKind::kDepthwise) {
    if (in_c >= 0 && fi >= 0 && in_c != fi) {
      return NodeError(node, absl::StrCat("the input has ", in_c, " channels but the filter ",
                                          filter.ToString(), " expects ", fi));
    }
    return (fi >= 0 && fo >= 0) ? fi * fo : -1;
  }
  if (in_c >= 0 && fi >= 0) {
    if (fi == 0 || in_c % fi != 0) {
      return NodeError(node, absl::StrCat("the input depth ", in_c, " is not a multiple of the filter's input depth ",
                                          fi, " (filter ", filter.ToString(), ")"));
    }
    if (fo >= 0 && fo % (in_c / fi) != 0) {
      return NodeError(node, absl::StrCat("the filter's output depth ", fo, " is not a multiple of the ",
                                          in_c / fi, " groups"));
    }
  }
  return fo;
}

// Per output channel factors applied to a constant filter in TFLite's layout: dim 0 of CONV_2D's
// [O, H, W, I], the last dim of DEPTHWISE_CONV_2D's [1, H, W, C*M].
Tensor ScaleOutputChannels(const Tensor& filter, ConvKind kind, const std::vector<float>& scale) {
  Tensor out = Tensor::Uninitialized(DataType::kFloat, filter.shape());
  auto in = filter.data<float>();
  auto y = out.mutable_data<float>();
  const int64_t n = filter.NumElements();
  const int64_t channels = static_cast<int64_t>(scale.size());
  const int64_t per_channel = kind == ConvKind::kConv2D ? n / channels : 1;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t ch = kind == ConvKind::kConv2D ? i / per_channel : i % channels;
    y[i] = in[i] * scale[ch];
  }
  return out;
}

}  // namespace

absl::Status InferConvolution(InferenceContext& c, ConvKind kind, int num_inputs, int64_t* out_channels) {
  const Node& node = c.node();
  if (c.num_inputs() != num_inputs) {
    return c.Error(num_inputs == 2 ? "expects 2 inputs (input, filter)"
                                   : absl::StrCat("expects ", num_inputs, " inputs (input, filter, then ",
                                                  num_inputs - 2, " extra arguments)"));
  }
  TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadWindow2DAttrs(node, WindowKind::kConv));
  const PartialShape& in = c.input_shape(0);
  const PartialShape& f = c.input_shape(1);
  TFCONV_RETURN_IF_ERROR(CheckRank(node, in, 4, "the input"));
  TFCONV_RETURN_IF_ERROR(CheckRank(node, f, 4, "the filter"));
  TFCONV_RETURN_IF_ERROR(CheckSameType(node, c.input_type(0), c.input_type(1)));
  const ImageLayout& l = a.layout;
  TFCONV_ASSIGN_OR_RETURN(int64_t out_c, OutputChannels(node, kind, DimOr(in, l.channels), f));
  TFCONV_ASSIGN_OR_RETURN(Window2D g, ComputeWindow2D(node, a, DimOr(in, l.height), DimOr(in, l.width),
                                                      DimOr(f, 0), DimOr(f, 1)));
  c.set_output(0, c.input_type(0), ImageShape(l, DimOr(in, l.batch), g.h.out, g.w.out, out_c));
  if (out_channels != nullptr) *out_channels = out_c;
  return absl::OkStatus();
}

absl::StatusOr<Tensor> EvalConvolutionNhwc(const EvalContext& c, ConvKind kind) {
  const Node& node = c.node();
  if (c.num_inputs() < 2) return c.Error("expects an input and a filter");
  TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadWindow2DAttrs(node, WindowKind::kConv));
  const Tensor& input = c.input(0);
  const Tensor& filter = c.input(1);
  if (input.rank() != 4 || filter.rank() != 4 || input.dtype() != filter.dtype()) {
    return c.Error(absl::StrCat("expects a 4-D input and a 4-D filter of one type, got ", input.DebugString(),
                                " and ", filter.DebugString()));
  }
  const Tensor x = a.layout.nchw ? NchwToNhwc(input) : input;
  TFCONV_RETURN_IF_ERROR(OutputChannels(node, kind, x.dim(3), PartialShape(filter.shape())).status());
  TFCONV_ASSIGN_OR_RETURN(Window2D g, ComputeWindow2D(node, a, x.dim(1), x.dim(2), filter.dim(0), filter.dim(1)));
  return DispatchFloat(node, x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    return kind == ConvKind::kConv2D ? Conv2DReference<T>(x, filter, g) : DepthwiseConv2DReference<T>(x, filter, g);
  });
}

absl::Status LowerConvolution(LoweringContext& c, ConvKind kind, const MainOpExtras& extras) {
  const char* tfl_name = kind == ConvKind::kConv2D ? "CONV_2D" : "DEPTHWISE_CONV_2D";
  TFCONV_RETURN_IF_ERROR(RequireFloat32(c, tfl_name));
  TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadWindow2DAttrs(c.node(), WindowKind::kConv));
  if (a.layout.nchw) {
    return c.Unsupported(absl::StrCat(tfl_name, " takes NHWC data; data_format NCHW is not lowered (nor by the "
                                      "official converter): export the model channels-last"));
  }
  const PartialShape& fs = c.input_shape(1);
  if (!fs.IsFullyDefined() || fs.rank() != 4) {
    return c.Unsupported(absl::StrCat("the filter shape ", fs.ToString(), " must be static to size the bias"));
  }

  // The filter in TFLite's layout: rearranged on the host when constant, else by an operator.
  const Tensor* filter_value = c.input_value(1);
  const bool scaled = extras.weight_scale != nullptr;
  if (scaled && filter_value == nullptr) return c.Error("internal: weight factors need a constant filter");
  int32_t filter;
  int64_t bias_size;
  if (kind == ConvKind::kConv2D) {
    bias_size = fs.dim(3);
    if (scaled) {
      filter = c.AddConstTensor(ScaleOutputChannels(ConvFilterHwioToOhwi(*filter_value), kind, *extras.weight_scale),
                                "filter");
    } else {
      TFCONV_ASSIGN_OR_RETURN(filter, TransposedOperand(c, 1, {3, 0, 1, 2}, "filter"));
    }
  } else {
    bias_size = fs.dim(2) * fs.dim(3);
    std::vector<int64_t> tfl_shape = {1, fs.dim(0), fs.dim(1), bias_size};
    if (filter_value != nullptr) {
      Tensor f = DepthwiseFilterToTflite(*filter_value);
      filter = c.AddConstTensor(scaled ? ScaleOutputChannels(f, kind, *extras.weight_scale) : f, "filter");
    } else {
      TFCONV_ASSIGN_OR_RETURN(int32_t raw, c.InputTensor(1));
      TFCONV_ASSIGN_OR_RETURN(filter, EmitReshape(c, raw, DataType::kFloat, tfl_shape, "filter"));
    }
  }
  if (scaled && static_cast<int64_t>(extras.weight_scale->size()) != bias_size) {
    return c.Error("internal: one weight factor per output channel expected");
  }
  // TFLite's convolutions take a bias; TF's have none, so it is zero unless a fused form brings one
  // (a pass may still fold a following ADD into it).
  int32_t bias = extras.bias >= 0 ? extras.bias
                                  : c.AddConstTensor(Tensor::Zeros(DataType::kFloat, {bias_size}), "bias");

  TFCONV_ASSIGN_OR_RETURN(int32_t input, c.InputTensor(0));
  Padding padding = a.padding;
  if (padding == Padding::kExplicit) {
    TFCONV_ASSIGN_OR_RETURN(input, EmitPad(c, input, DataType::kFloat, c.input_shape(0),
                                           {{0, 0}, {a.pad_top, a.pad_bottom}, {a.pad_left, a.pad_right}, {0, 0}},
                                           "padded_input"));
    padding = Padding::kValid;
  }
  int32_t output = extras.output;
  if (output < 0) {
    TFCONV_ASSIGN_OR_RETURN(output, c.OutputTensor(0));
  }

  tflite::BuiltinOptionsUnion options;
  if (kind == ConvKind::kConv2D) {
    tflite::Conv2DOptionsT o;
    o.padding = TflitePadding(padding);
    o.stride_h = static_cast<int32_t>(a.stride_h);
    o.stride_w = static_cast<int32_t>(a.stride_w);
    o.dilation_h_factor = static_cast<int32_t>(a.dilation_h);
    o.dilation_w_factor = static_cast<int32_t>(a.dilation_w);
    o.fused_activation_function = extras.activation;
    options.Set(std::move(o));
    c.AddBuiltinOp(tflite::BuiltinOperator::CONV_2D, {input, filter, bias}, {output}, std::move(options));
  } else {
    tflite::DepthwiseConv2DOptionsT o;
    o.padding = TflitePadding(padding);
    o.stride_h = static_cast<int32_t>(a.stride_h);
    o.stride_w = static_cast<int32_t>(a.stride_w);
    o.dilation_h_factor = static_cast<int32_t>(a.dilation_h);
    o.dilation_w_factor = static_cast<int32_t>(a.dilation_w);
    o.depth_multiplier = static_cast<int32_t>(fs.dim(3));
    o.fused_activation_function = extras.activation;
    options.Set(std::move(o));
    c.AddBuiltinOp(tflite::BuiltinOperator::DEPTHWISE_CONV_2D, {input, filter, bias}, {output},
                   std::move(options));
  }
  return absl::OkStatus();
}

namespace {

// ---- Conv2DBackpropInput ----------------------------------------------------------------------------------

// input_sizes as an NHWC shape: 4 entries in data_format order, or TF's 2-entry (H, W) form with the
// batch from out_backprop and the depth from the filter.
std::vector<int64_t> BackpropSizesNhwc(const Tensor* sizes, const ImageLayout& l, int64_t batch,
                                       int64_t depth) {
  if (sizes == nullptr) return {batch, -1, -1, depth};
  std::vector<int64_t> v;
  for (int64_t i = 0; i < sizes->NumElements(); ++i) v.push_back(sizes->ElementAsInt64(i));
  if (v.size() == 2) return {batch, v[0], v[1], depth};
  if (v.size() == 4) return {v[l.batch], v[l.height], v[l.width], v[l.channels]};
  return {};
}

absl::Status InferConv2DBackpropInput(InferenceContext& c) {
  const Node& node = c.node();
  if (c.num_inputs() != 3) return c.Error("expects 3 inputs (input_sizes, filter, out_backprop)");
  TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadWindow2DAttrs(node, WindowKind::kConv));
  const ImageLayout& l = a.layout;
  const PartialShape& f = c.input_shape(1);
  const PartialShape& dy = c.input_shape(2);
  TFCONV_RETURN_IF_ERROR(CheckRank(node, f, 4, "the filter"));
  TFCONV_RETURN_IF_ERROR(CheckRank(node, dy, 4, "out_backprop"));
  TFCONV_RETURN_IF_ERROR(CheckSameType(node, c.input_type(2), c.input_type(1)));
  std::vector<int64_t> s = BackpropSizesNhwc(c.input_value(0), l, DimOr(dy, l.batch), DimOr(f, 2));
  if (s.empty()) return c.Error("input_sizes must have 2 or 4 entries");
  // The forward convolution over the result must give out_backprop's spatial size.
  TFCONV_ASSIGN_OR_RETURN(Window2D g, ComputeWindow2D(node, a, s[1], s[2], DimOr(f, 0), DimOr(f, 1)));
  const int64_t dy_h = DimOr(dy, l.height), dy_w = DimOr(dy, l.width);
  if ((g.h.out >= 0 && dy_h >= 0 && g.h.out != dy_h) || (g.w.out >= 0 && dy_w >= 0 && g.w.out != dy_w)) {
    return c.Error(absl::StrCat("out_backprop ", dy.ToString(), " does not match the ", g.h.out, "x", g.w.out,
                                " output of a convolution over input_sizes"));
  }
  c.set_output(0, c.input_type(2), ImageShape(l, s[0], s[1], s[2], s[3]));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalConv2DBackpropInput(const EvalContext& c) {
  const Node& node = c.node();
  if (c.num_inputs() != 3) return c.Error("expects 3 inputs (input_sizes, filter, out_backprop)");
  TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadWindow2DAttrs(node, WindowKind::kConv));
  const Tensor& filter = c.input(1);
  const Tensor& grad = c.input(2);
  if (filter.rank() != 4 || grad.rank() != 4 || filter.dtype() != grad.dtype()) {
    return c.Error(absl::StrCat("expects a 4-D filter and out_backprop of one type, got ", filter.DebugString(),
                                " and ", grad.DebugString()));
  }
  const Tensor dy = a.layout.nchw ? NchwToNhwc(grad) : grad;
  std::vector<int64_t> s = BackpropSizesNhwc(&c.input(0), a.layout, dy.dim(0), filter.dim(2));
  if (s.empty() || s[0] != dy.dim(0) || s[3] != filter.dim(2) || dy.dim(3) != filter.dim(3)) {
    return c.Error("input_sizes, filter and out_backprop disagree on batch or depth");
  }
  TFCONV_ASSIGN_OR_RETURN(Window2D g, ComputeWindow2D(node, a, s[1], s[2], filter.dim(0), filter.dim(1)));
  if (g.h.out != dy.dim(1) || g.w.out != dy.dim(2)) {
    return c.Error("out_backprop does not match the output of a convolution over input_sizes");
  }
  TFCONV_ASSIGN_OR_RETURN(Tensor x, DispatchFloat(node, dy.dtype(), [&](auto tag) {
                            return Conv2DBackpropInputReference<decltype(tag)>(dy, filter, s, g);
                          }));
  return std::vector<Tensor>{a.layout.nchw ? NhwcToNchw(x) : x};
}

absl::Status LowerConv2DBackpropInput(LoweringContext& c) {
  TFCONV_RETURN_IF_ERROR(RequireFloat32(c, "TRANSPOSE_CONV", 2));
  TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadWindow2DAttrs(c.node(), WindowKind::kConv));
  if (a.layout.nchw) return c.Unsupported("TRANSPOSE_CONV takes NHWC data; export the model channels-last");
  if (a.dilation_h != 1 || a.dilation_w != 1) return c.Unsupported("TRANSPOSE_CONV has no dilation");
  if (a.padding == Padding::kExplicit) return c.Unsupported("TRANSPOSE_CONV takes SAME or VALID padding only");

  int32_t output_shape;
  const Tensor* sizes = c.input_value(0);
  if (sizes != nullptr && sizes->NumElements() == 4) {
    std::vector<int32_t> v;
    for (int i = 0; i < 4; ++i) v.push_back(static_cast<int32_t>(sizes->ElementAsInt64(i)));
    output_shape = AddInt32Const(c, v, {4}, "output_shape");
  } else if (sizes == nullptr && c.input_type(0) == DataType::kInt32) {
    TFCONV_ASSIGN_OR_RETURN(output_shape, c.InputTensor(0));
  } else {
    return c.Unsupported("input_sizes must be a 4-entry constant or an int32 tensor");
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t weights, TransposedOperand(c, 1, {2, 0, 1, 3}, "weights"));
  TFCONV_ASSIGN_OR_RETURN(int32_t input, c.InputTensor(2));
  TFCONV_ASSIGN_OR_RETURN(int32_t output, c.OutputTensor(0));
  tflite::TransposeConvOptionsT o;
  o.padding = TflitePadding(a.padding);
  o.stride_h = static_cast<int32_t>(a.stride_h);
  o.stride_w = static_cast<int32_t>(a.stride_w);
  o.fused_activation_function = tflite::ActivationFunctionType::NONE;
  tflite::BuiltinOptionsUnion options;
  options.Set(std::move(o));
  // -1: the optional bias is omitted, as the official converter does.
  c.AddBuiltinOp(tflite::BuiltinOperator::TRANSPOSE_CONV, {output_shape, weights, input, -1}, {output},
                 std::move(options));
  return absl::OkStatus();
}

}  // namespace

void RegisterConvOps(OpRegistry& registry) {
  for (ConvKind kind : {ConvKind::kConv2D, ConvKind::kDepthwise}) {
    OpRegistration r;
    const bool conv = kind == ConvKind::kConv2D;
    r.op = conv ? "Conv2D" : "DepthwiseConv2dNative";
    r.infer = [kind](InferenceContext& c) { return InferConvolution(c, kind, 2); };
    r.evaluate = [kind](const EvalContext& c) -> absl::StatusOr<std::vector<Tensor>> {
      TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadWindow2DAttrs(c.node(), WindowKind::kConv));
      TFCONV_ASSIGN_OR_RETURN(Tensor y, EvalConvolutionNhwc(c, kind));
      return std::vector<Tensor>{a.layout.nchw ? NhwcToNchw(y) : y};
    };
    r.lower = [kind](LoweringContext& c) { return LowerConvolution(c, kind, MainOpExtras{}); };
    r.tflite_ops = {conv ? "CONV_2D" : "DEPTHWISE_CONV_2D", conv ? "TRANSPOSE" : "RESHAPE", "PAD"};
    registry.Add(std::move(r));
  }
  OpRegistration r;
  r.op = "Conv2DBackpropInput";
  r.infer = InferConv2DBackpropInput;
  r.evaluate = EvalConv2DBackpropInput;
  r.lower = LowerConv2DBackpropInput;
  r.tflite_ops = {"TRANSPOSE_CONV", "TRANSPOSE"};
  registry.Add(std::move(r));
}

}  // namespace tfconv
