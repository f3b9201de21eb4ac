// Convolution layers: Conv1D, Conv2D, DepthwiseConv1D/2D, SeparableConv1D/2D, Conv1DTranspose,
// Conv2DTranspose (and the Keras 2 aliases Convolution1D, Convolution2D, SeparableConvolution1D/2D,
// Convolution1DTranspose, Convolution2DTranspose). Transposed convolutions are Conv2DBackpropInput
// with the output size Keras computes (its deconv_output_length, output_padding included).
// Written as TF writes them: Conv2D / DepthwiseConv2dNative in NHWC with the Keras kernel as the filter
// (Keras' [kh, kw, in, out] is TF's HWIO; the depthwise [kh, kw, in, mult] is TF's layout too),
// BiasAdd, then the activation. 1-D layers run as 2-D ones on [N, 1, W, C] (ExpandDims, Squeeze), and
// "causal" padding is a left Pad then VALID, as tf.keras does. channels_first inputs are transposed to
// channels-last and back.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/keras/layer_families.h"
#include "plugins/keras/layer_util.h"

namespace tfconv {
namespace {

enum class ConvKind { kConv, kDepthwise, kSeparable };

struct ConvConfig {
  int rank = 2;                   // spatial dimensions: 1 or 2
  ConvKind kind = ConvKind::kConv;
  int64_t filters = -1;           // kConv, kSeparable
  int64_t depth_multiplier = 1;   // kDepthwise, kSeparable
  int64_t groups = 1;             // kConv
  std::vector<int64_t> kernel, strides, dilation;
  std::string padding;            // valid, same, causal
  DataFormat format = DataFormat::kChannelsLast;
};

absl::Status CheckSizes(const KerasLayerContext& c, const char* key, const std::vector<int64_t>& v, int rank,
                        int64_t min) {
  if (static_cast<int>(v.size()) != rank) {
    return c.Error(absl::StrCat("config key '", key, "' should have ", rank, " entries, got [",
                                absl::StrJoin(v, ","), "]"));
  }
  for (int64_t x : v) {
    if (x < min) return c.Error(absl::StrCat("config key '", key, "' has an entry below ", min, ": ", x));
  }
  return absl::OkStatus();
}

absl::StatusOr<ConvConfig> ReadConvConfig(const KerasLayerContext& c, int rank, ConvKind kind) {
  const nlohmann::json& config = c.config();
  ConvConfig cfg;
  cfg.rank = rank;
  cfg.kind = kind;
  TFCONV_ASSIGN_OR_RETURN(cfg.kernel, ForLayer(c, KerasInts(config, "kernel_size", rank, {})));
  TFCONV_RETURN_IF_ERROR(CheckSizes(c, "kernel_size", cfg.kernel, rank, 1));
  TFCONV_ASSIGN_OR_RETURN(cfg.strides, ForLayer(c, KerasInts(config, "strides", rank, std::vector<int64_t>(rank, 1))));
  TFCONV_RETURN_IF_ERROR(CheckSizes(c, "strides", cfg.strides, rank, 1));
  TFCONV_ASSIGN_OR_RETURN(cfg.dilation,
                          ForLayer(c, KerasInts(config, "dilation_rate", rank, std::vector<int64_t>(rank, 1))));
  TFCONV_RETURN_IF_ERROR(CheckSizes(c, "dilation_rate", cfg.dilation, rank, 1));
  TFCONV_ASSIGN_OR_RETURN(cfg.padding, ForLayer(c, ReadPadding(config, /*allow_causal=*/rank == 1)));
  TFCONV_ASSIGN_OR_RETURN(cfg.format, ForLayer(c, ReadDataFormat(config)));
  if (kind != ConvKind::kDepthwise) {
    TFCONV_ASSIGN_OR_RETURN(cfg.filters, ForLayer(c, KerasInt(config, "filters", -1)));
    if (cfg.filters < 1) return c.Error("config key 'filters' must be a positive integer");
  }
  if (kind != ConvKind::kConv) {
    TFCONV_ASSIGN_OR_RETURN(cfg.depth_multiplier, ForLayer(c, KerasInt(config, "depth_multiplier", 1)));
    if (cfg.depth_multiplier < 1) return c.Error("config key 'depth_multiplier' must be a positive integer");
  } else {
    TFCONV_ASSIGN_OR_RETURN(cfg.groups, ForLayer(c, KerasInt(config, "groups", 1)));
    if (cfg.groups < 1) return c.Error("config key 'groups' must be a positive integer");
  }
  return cfg;
}

// The 4-entry NHWC strides / dilations of the 2-D op (1-D layers use the W axis of [N, 1, W, C]).
std::vector<int64_t> Nhwc(const std::vector<int64_t>& spatial) {
  if (spatial.size() == 1) return {1, 1, spatial[0], 1};
  return {1, spatial[0], spatial[1], 1};
}

// The channels-last rank-4 input of the 2-D op, and the input's channel count (the spatial sizes of
// a 1-D input after a causal left pad of dilation * (kernel - 1)).
struct ConvInput {
  Output x;
  int64_t channels = -1;
};

absl::StatusOr<ConvInput> PrepareInput(KerasLayerContext& c, const ConvConfig& cfg) {
  TFCONV_RETURN_IF_ERROR(InputRank(c, 0, cfg.rank + 2).status());
  Output x = c.input(0);
  if (cfg.format == DataFormat::kChannelsFirst) {
    TFCONV_ASSIGN_OR_RETURN(x, ToChannelsLast(c, x, "to_channels_last"));
  }
  ConvInput in;
  in.channels = c.shape_of(x).dim(cfg.rank + 1);
  if (in.channels < 0) return c.Error("needs a known channel count (the last input dimension) to check its kernel");
  if (cfg.padding == "causal") {
    const int64_t left = cfg.dilation[0] * (cfg.kernel[0] - 1);
    TFCONV_ASSIGN_OR_RETURN(x, c.AddOp("causal_pad", "Pad", {x, PairsConst(c, "causal_pad/paddings",
                                                                           {{0, 0}, {left, 0}, {0, 0}})}));
  }
  if (cfg.rank == 1) {
    TFCONV_ASSIGN_OR_RETURN(x, c.AddOp("ExpandDims", "ExpandDims",
                                       {x, c.Const("ExpandDims/dim", Tensor::Scalar<int32_t>(1))}));
  }
  in.x = x;
  return in;
}

std::string TfPadding(const ConvConfig& cfg) { return cfg.padding == "same" ? "SAME" : "VALID"; }

AttrMap WindowAttrs(const ConvConfig& cfg) {
  return {{"strides", AttrList::Ints(Nhwc(cfg.strides))},
          {"dilations", AttrList::Ints(Nhwc(cfg.dilation))},
          {"padding", TfPadding(cfg)},
          {"data_format", "NHWC"}};
}

// A Keras kernel as the 2-D op's filter: 1-D kernels [k, a, b] gain a leading 1 ([1, k, a, b]).
absl::StatusOr<Output> FilterConst(KerasLayerContext& c, const ConvConfig& cfg, absl::string_view weight,
                                   std::vector<int64_t> keras_shape, absl::string_view suffix) {
  TFCONV_ASSIGN_OR_RETURN(Tensor w, CheckedWeight(c, weight, keras_shape));
  if (cfg.rank == 1) {
    std::vector<int64_t> s = w.shape();
    s.insert(s.begin(), 1);
    w = w.Reshaped(s);
  }
  return c.Const(suffix, std::move(w));
}

// Squeeze for 1-D, bias, activation, back to channels_first: the layer's output.
absl::Status Finish(KerasLayerContext& c, const ConvConfig& cfg, Output y, int64_t out_channels) {
  if (cfg.rank == 1) {
    TFCONV_ASSIGN_OR_RETURN(y, c.AddOp("Squeeze", "Squeeze", {y}, {{"squeeze_dims", AttrList::Ints({1})}}));
  }
  TFCONV_ASSIGN_OR_RETURN(y, MaybeAddBias(c, y, out_channels));
  TFCONV_ASSIGN_OR_RETURN(y, ApplyActivationFromConfig(c, y));
  if (cfg.format == DataFormat::kChannelsFirst) {
    TFCONV_ASSIGN_OR_RETURN(y, ToChannelsFirst(c, y, "to_channels_first"));
  }
  c.SetOutputs({y});
  return absl::OkStatus();
}

std::vector<int64_t> KernelShape(const ConvConfig& cfg, int64_t a, int64_t b) {
  std::vector<int64_t> s = cfg.kernel;
  s.push_back(a);
  s.push_back(b);
  return s;
}

absl::Status BuildConv(KerasLayerContext& c, int rank) {
  TFCONV_ASSIGN_OR_RETURN(ConvConfig cfg, ReadConvConfig(c, rank, ConvKind::kConv));
  TFCONV_ASSIGN_OR_RETURN(ConvInput in, PrepareInput(c, cfg));
  if (in.channels % cfg.groups != 0 || cfg.filters % cfg.groups != 0) {
    return c.Error(absl::StrCat("groups=", cfg.groups, " must divide both the input channels (", in.channels,
                                ") and filters (", cfg.filters, ")"));
  }
  TFCONV_ASSIGN_OR_RETURN(Output filter,
                          FilterConst(c, cfg, "kernel", KernelShape(cfg, in.channels / cfg.groups, cfg.filters),
                                      "kernel"));
  // A grouped Conv2D (filter depth = input depth / groups) is what TF emits for Keras' groups too.
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("Conv2D", "Conv2D", {in.x, filter}, WindowAttrs(cfg)));
  return Finish(c, cfg, y, cfg.filters);
}

// The depthwise kernel: Keras 2 names it "depthwise_kernel", Keras 3's DepthwiseConv layers "kernel".
absl::string_view DepthwiseWeightName(const KerasLayerContext& c) {
  if (!c.HasWeight("depthwise_kernel") && c.HasWeight("kernel")) return "kernel";
  return "depthwise_kernel";
}

absl::Status BuildDepthwise(KerasLayerContext& c, int rank) {
  TFCONV_ASSIGN_OR_RETURN(ConvConfig cfg, ReadConvConfig(c, rank, ConvKind::kDepthwise));
  TFCONV_ASSIGN_OR_RETURN(ConvInput in, PrepareInput(c, cfg));
  TFCONV_ASSIGN_OR_RETURN(Output filter, FilterConst(c, cfg, DepthwiseWeightName(c),
                                                     KernelShape(cfg, in.channels, cfg.depth_multiplier),
                                                     "depthwise_kernel"));
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("depthwise", "DepthwiseConv2dNative", {in.x, filter}, WindowAttrs(cfg)));
  return Finish(c, cfg, y, in.channels * cfg.depth_multiplier);
}

absl::Status BuildSeparable(KerasLayerContext& c, int rank) {
  TFCONV_ASSIGN_OR_RETURN(ConvConfig cfg, ReadConvConfig(c, rank, ConvKind::kSeparable));
  TFCONV_ASSIGN_OR_RETURN(ConvInput in, PrepareInput(c, cfg));
  const int64_t mid = in.channels * cfg.depth_multiplier;
  TFCONV_ASSIGN_OR_RETURN(Output dw, FilterConst(c, cfg, "depthwise_kernel",
                                                 KernelShape(cfg, in.channels, cfg.depth_multiplier),
                                                 "depthwise_kernel"));
  std::vector<int64_t> pw_shape(rank, 1);
  pw_shape.push_back(mid);
  pw_shape.push_back(cfg.filters);
  TFCONV_ASSIGN_OR_RETURN(Output pw, FilterConst(c, cfg, "pointwise_kernel", pw_shape, "pointwise_kernel"));
  // tf.nn.separable_conv2d: the depthwise pass carries strides, dilation and padding; the pointwise
  // 1x1 pass is VALID with unit strides.
  TFCONV_ASSIGN_OR_RETURN(Output d, c.AddOp("separable_conv2d/depthwise", "DepthwiseConv2dNative", {in.x, dw},
                                            WindowAttrs(cfg)));
  AttrMap pw_attrs = {{"strides", AttrList::Ints({1, 1, 1, 1})},
                      {"dilations", AttrList::Ints({1, 1, 1, 1})},
                      {"padding", "VALID"},
                      {"data_format", "NHWC"}};
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("separable_conv2d", "Conv2D", {d, pw}, std::move(pw_attrs)));
  return Finish(c, cfg, y, cfg.filters);
}

// ---- Conv2DTranspose ---------------------------------------------------------------------------------

// The output length Keras computes for a transposed convolution (its deconv_output_length).
int64_t DeconvLength(int64_t in, int64_t kernel, int64_t stride, const std::string& padding,
                     const std::optional<int64_t>& output_padding) {
  if (!output_padding.has_value()) {
    if (padding == "valid") return in * stride + std::max<int64_t>(kernel - stride, 0);
    return in * stride;  // same
  }
  const int64_t pad = padding == "same" ? kernel / 2 : 0;
  return (in - 1) * stride + kernel - 2 * pad + *output_padding;
}

// Conv1DTranspose runs as the 2-D op on [N, 1, W, C] with a [1, k, out, in] kernel.
absl::Status BuildConvTranspose(KerasLayerContext& c, int rank) {
  TFCONV_ASSIGN_OR_RETURN(ConvConfig cfg, ReadConvConfig(c, rank, ConvKind::kConv));
  if (cfg.padding == "causal") return c.Error("padding 'causal' is not a transposed convolution option");
  if (cfg.groups != 1) return c.Error("groups > 1 is not a transposed convolution option");
  for (int64_t d : cfg.dilation) {
    if (d != 1) {
      return c.Error(absl::StrCat("dilation_rate [", absl::StrJoin(cfg.dilation, ","),
                                  "] is not supported: TFLite's TRANSPOSE_CONV has no dilation"));
    }
  }
  std::vector<std::optional<int64_t>> output_padding(rank);
  {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> op, ForLayer(c, KerasInts(c.config(), "output_padding", rank, {})));
    if (!op.empty()) {
      TFCONV_RETURN_IF_ERROR(CheckSizes(c, "output_padding", op, rank, 0));
      for (int i = 0; i < rank; ++i) {
        if (op[i] >= cfg.strides[i]) {
          return c.Error(absl::StrCat("output_padding [", absl::StrJoin(op, ","), "] must be below the strides [",
                                      absl::StrJoin(cfg.strides, ","), "]"));
        }
        output_padding[i] = op[i];
      }
    }
  }
  TFCONV_ASSIGN_OR_RETURN(ConvInput in, PrepareInput(c, cfg));
  const PartialShape& s = c.shape_of(in.x);
  if (s.dim(1) < 0 || s.dim(2) < 0) {
    return c.Error(absl::StrCat("needs static spatial input sizes to compute its output size, got ",
                                c.input_shape(0).ToString()));
  }
  // The output size per spatial axis of the 2-D view (a 1-D layer's H axis stays 1).
  int64_t out[2] = {1, 1};
  for (int i = 0; i < rank; ++i) {
    const int axis = rank == 1 ? 1 : i;
    out[axis] = DeconvLength(s.dim(1 + axis), cfg.kernel[i], cfg.strides[i], cfg.padding, output_padding[i]);
    if (out[axis] < 1) return c.Error("the output would be empty");
  }
  // Keras' transposed kernel is [kh, kw, out, in]: Conv2DBackpropInput's filter layout.
  TFCONV_ASSIGN_OR_RETURN(Output filter, FilterConst(c, cfg, "kernel", KernelShape(cfg, cfg.filters, in.channels),
                                                     "kernel"));
  TFCONV_ASSIGN_OR_RETURN(Output sizes, ShapeWithBatchOf(c, in.x, {out[0], out[1], cfg.filters}, "output_shape"));
  AttrMap attrs = WindowAttrs(cfg);
  attrs["T"] = c.type_of(in.x);  // input 0 is the int32 sizes
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("conv2d_transpose", "Conv2DBackpropInput", {sizes, filter, in.x},
                                            std::move(attrs)));
  if (c.shape_of(y).dim(1) < 0 || c.shape_of(y).dim(2) < 0) {
    // With a run-time batch the sizes are not a constant and inference loses the spatial sizes that
    // Keras knows (its set_shape); EnsureShape restores them for the layers after this one.
    TFCONV_ASSIGN_OR_RETURN(y, c.AddOp("EnsureShape", "EnsureShape", {y},
                                       {{"shape", PartialShape({-1, out[0], out[1], cfg.filters})}}));
  }
  return Finish(c, cfg, y, cfg.filters);
}

// ---- registration ------------------------------------------------------------------------------------

std::vector<std::string> WithBias(const nlohmann::json& config, std::vector<std::string> names) {
  absl::StatusOr<bool> use_bias = KerasBool(config, "use_bias", true);
  if (!use_bias.ok() || *use_bias) names.push_back("bias");
  return names;
}

void Add(OpRegistry& registry, std::vector<std::string> class_names, KerasLayerFn build,
         std::vector<std::string> kernels) {
  for (std::string& name : class_names) {
    KerasLayerRegistration r;
    r.class_name = std::move(name);
    r.build = build;
    r.variable_names = [kernels](const nlohmann::json& config) { return WithBias(config, kernels); };
    registry.AddKerasLayer(std::move(r));
  }
}

}  // namespace

void RegisterConvLayers(OpRegistry& registry) {
  Add(registry, {"Conv1D", "Convolution1D"}, [](KerasLayerContext& c) { return BuildConv(c, 1); }, {"kernel"});
  Add(registry, {"Conv2D", "Convolution2D"}, [](KerasLayerContext& c) { return BuildConv(c, 2); }, {"kernel"});
  Add(registry, {"DepthwiseConv1D"}, [](KerasLayerContext& c) { return BuildDepthwise(c, 1); },
      {"depthwise_kernel"});
  Add(registry, {"DepthwiseConv2D"}, [](KerasLayerContext& c) { return BuildDepthwise(c, 2); },
      {"depthwise_kernel"});
  Add(registry, {"SeparableConv1D", "SeparableConvolution1D"},
      [](KerasLayerContext& c) { return BuildSeparable(c, 1); }, {"depthwise_kernel", "pointwise_kernel"});
  Add(registry, {"SeparableConv2D", "SeparableConvolution2D"},
      [](KerasLayerContext& c) { return BuildSeparable(c, 2); }, {"depthwise_kernel", "pointwise_kernel"});
  Add(registry, {"Conv1DTranspose", "Convolution1DTranspose"},
      [](KerasLayerContext& c) { return BuildConvTranspose(c, 1); }, {"kernel"});
  Add(registry, {"Conv2DTranspose", "Convolution2DTranspose", "Deconvolution2D", "Deconv2D"},
      [](KerasLayerContext& c) { return BuildConvTranspose(c, 2); }, {"kernel"});
}

}  // namespace tfconv
