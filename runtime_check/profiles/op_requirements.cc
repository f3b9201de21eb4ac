#include "runtime_check/profiles/op_requirements.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "runtime_check/profiles/profile.h"

namespace tfconv {
namespace {

using BO = tflite::BuiltinOperator;
using Why = std::optional<std::string>;

std::string Dims(const std::vector<int32_t>& shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ","), "]");
}

int CountNonUnit(const std::vector<int32_t>& shape) {
  int n = 0;
  for (int32_t d : shape) n += d != 1;
  return n;
}

// Reads little-endian integers without alignment assumptions.
template <typename T>
T LoadAt(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

Why FcDefaultWeightsFormat(const OpView& v) {
  const auto* o = v.op.builtin_options.AsFullyConnectedOptions();
  if (o == nullptr || o->weights_format == tflite::FullyConnectedOptionsWeightsFormat::DEFAULT) {
    return std::nullopt;
  }
  return std::string("weights_format is SHUFFLED4x16INT8; only the default format is supported");
}

Why FcKeepNumDimsSameRank(const OpView& v) {
  const auto* o = v.op.builtin_options.AsFullyConnectedOptions();
  const TflTensor* in = v.input(0);
  const TflTensor* out = v.output(0);
  if (o == nullptr || !o->keep_num_dims || in == nullptr || out == nullptr) return std::nullopt;
  if (in->shape.size() == out->shape.size()) return std::nullopt;
  return absl::StrCat("keep_num_dims with input rank ", in->shape.size(), " != output rank ",
                      out->shape.size());
}

Why OutputEffectively1D(const OpView& v) {
  const TflTensor* out = v.output(0);
  if (out == nullptr || CountNonUnit(out->shape) <= 1) return std::nullopt;
  return absl::StrCat("output ", Dims(out->shape), " is not one-dimensional");
}

Why InputEffectively1D(const OpView& v) {
  const TflTensor* in = v.input(0);
  if (in == nullptr || CountNonUnit(in->shape) <= 1) return std::nullopt;
  return absl::StrCat("input ", Dims(in->shape), " is not one-dimensional");
}

Why SoftmaxBeta1(const OpView& v) {
  const auto* o = v.op.builtin_options.AsSoftmaxOptions();
  if (o == nullptr || o->beta == 1.0f) return std::nullopt;
  return absl::StrCat("beta = ", o->beta, "; only beta = 1 is supported");
}

Why StridedSliceUnitStrides(const OpView& v) {
  if (v.num_inputs() < 4) return std::nullopt;
  std::optional<std::vector<int64_t>> strides = v.ConstInts(3);
  if (!strides) return std::string("strides are not a constant tensor");
  for (int64_t s : *strides) {
    if (s != 1) return absl::StrCat("strides [", absl::StrJoin(*strides, ","), "] are not all 1");
  }
  return std::nullopt;
}

Why StridedSliceNoEllipsisNewAxis(const OpView& v) {
  const auto* o = v.op.builtin_options.AsStridedSliceOptions();
  if (o == nullptr) return std::nullopt;
  if (o->ellipsis_mask != 0) return absl::StrCat("ellipsis_mask = ", o->ellipsis_mask);
  if (o->new_axis_mask != 0) return absl::StrCat("new_axis_mask = ", o->new_axis_mask);
  return std::nullopt;
}

Why StridedSliceNoShrinkAxis(const OpView& v) {
  const auto* o = v.op.builtin_options.AsStridedSliceOptions();
  if (o == nullptr || o->shrink_axis_mask == 0) return std::nullopt;
  return absl::StrCat("shrink_axis_mask = ", o->shrink_axis_mask);
}

Why MirrorPadReflect(const OpView& v) {
  const auto* o = v.op.builtin_options.AsMirrorPadOptions();
  if (o == nullptr || o->mode == tflite::MirrorPadMode::REFLECT) return std::nullopt;
  return std::string("mode SYMMETRIC; only REFLECT is supported");
}

Why ResizeNotAlignCornersAndHalfPixel(const OpView& v) {
  const auto* o = v.op.builtin_options.AsResizeBilinearOptions();
  if (o == nullptr || !(o->align_corners && o->half_pixel_centers)) return std::nullopt;
  return std::string("align_corners and half_pixel_centers are both set");
}

// Edge TPU: a constant CONCATENATION input is only accepted as zero padding of a pair.
Why ConcatConstInputIsZeroPad(const OpView& v) {
  int constants = 0;
  for (int i = 0; i < v.num_inputs(); ++i) {
    if (!v.IsConstantInput(i)) continue;
    ++constants;
    const ByteBuffer* b = v.ConstBytes(i);
    for (size_t k = 0; b != nullptr && k < b->size(); ++k) {
      if (b->data()[k] != 0) {
        return absl::StrCat("constant input #", i, " is not all zeros");
      }
    }
  }
  if (constants > 0 && v.num_inputs() != 2) {
    return absl::StrCat("has a constant input but ", v.num_inputs(), " inputs (must be 2)");
  }
  return std::nullopt;
}

// Edge TPU: SQUEEZE may only drop leading 1s (no data relayout).
Why SqueezeLeadingOnesOnly(const OpView& v) {
  const TflTensor* in = v.input(0);
  if (in == nullptr) return std::nullopt;
  const int rank = static_cast<int>(in->shape.size());
  std::vector<bool> squeezed(rank, false);
  const auto* o = v.op.builtin_options.AsSqueezeOptions();
  if (o == nullptr || o->squeeze_dims.empty()) {
    for (int i = 0; i < rank; ++i) squeezed[i] = in->shape[i] == 1;
  } else {
    for (int32_t d : o->squeeze_dims) {
      int a = d < 0 ? d + rank : d;
      if (a >= 0 && a < rank) squeezed[a] = true;
    }
  }
  bool seen_non_unit = false;
  for (int i = 0; i < rank; ++i) {
    if (in->shape[i] != 1) seen_non_unit = true;
    if (squeezed[i] && seen_non_unit) {
      return absl::StrCat("squeezes axis ", i, " of ", Dims(in->shape),
                          ", which is not a leading 1 (needs a relayout)");
    }
  }
  return std::nullopt;
}

// Edge TPU: PRELU's alpha may only vary along the innermost dimension.
Why PreluAlphaInnermostOnly(const OpView& v) {
  const TflTensor* alpha = v.input(1);
  if (alpha == nullptr) return std::nullopt;
  for (size_t i = 0; i + 1 < alpha->shape.size(); ++i) {
    if (alpha->shape[i] != 1) {
      return absl::StrCat("alpha ", Dims(alpha->shape),
                          " varies along more than the innermost dimension");
    }
  }
  return std::nullopt;
}

// GPU: a depth multiplier other than 1 only with a single input channel.
Why DepthwiseMultiplier1OrSingleChannel(const OpView& v) {
  const auto* o = v.op.builtin_options.AsDepthwiseConv2DOptions();
  const TflTensor* in = v.input(0);
  if (o == nullptr || in == nullptr || in->shape.size() != 4) return std::nullopt;
  if (o->depth_multiplier == 1 || in->shape[3] == 1 || o->depth_multiplier == 0) {
    return std::nullopt;
  }
  return absl::StrCat("depth_multiplier ", o->depth_multiplier, " with ", in->shape[3],
                      " input channels");
}

Why AxesConstInt32(const OpView& v) {
  const TflTensor* axes = v.input(1);
  if (axes == nullptr) return std::string("has no axes input");
  if (!v.IsConstantInput(1)) return std::string("axes are not constant");
  if (axes->type != tflite::TensorType::INT32) {
    return absl::StrCat("axes have type ", TensorTypeName(axes->type), " (INT32 needed)");
  }
  return std::nullopt;
}

Why Paddings3x2Or4x2(const OpView& v) {
  const TflTensor* p = v.input(1);
  if (p == nullptr) return std::nullopt;
  if (p->shape.size() == 2 && (p->shape[0] == 3 || p->shape[0] == 4) && p->shape[1] == 2) {
    return std::nullopt;
  }
  return absl::StrCat("paddings ", Dims(p->shape), " (3x2 or 4x2 needed)");
}

Why TwoInputs(const OpView& v) {
  if (v.num_inputs() == 2) return std::nullopt;
  return absl::StrCat("has ", v.num_inputs(), " inputs (exactly 2 needed)");
}

Why GatherIndices1DInt32(const OpView& v) {
  const TflTensor* idx = v.input(1);
  if (idx == nullptr) return std::nullopt;
  if (idx->shape.size() != 1) return absl::StrCat("indices ", Dims(idx->shape), " are not 1-D");
  if (idx->type != tflite::TensorType::INT32) {
    return absl::StrCat("indices have type ", TensorTypeName(idx->type), " (INT32 needed)");
  }
  return std::nullopt;
}

// GPU CAST: bool <-> float and float32 <-> int32 only.
Why GpuCastPair(const OpView& v) {
  const TflTensor* in = v.input(0);
  const TflTensor* out = v.output(0);
  if (in == nullptr || out == nullptr) return std::nullopt;
  using T = tflite::TensorType;
  auto is_float = [](T t) { return t == T::FLOAT32 || t == T::FLOAT16; };
  if (in->type == T::BOOL && is_float(out->type)) return std::nullopt;
  if (is_float(in->type) && out->type == T::BOOL) return std::nullopt;
  if ((in->type == T::FLOAT32 || in->type == T::INT32) &&
      (out->type == T::FLOAT32 || out->type == T::INT32)) {
    return std::nullopt;
  }
  return absl::StrCat("cast ", TensorTypeName(in->type), " -> ", TensorTypeName(out->type),
                      " is not supported");
}

// TFLite Micro: float activations with 8-bit weights (dynamic-range "hybrid" quantization).
Why NoHybridQuantization(const OpView& v) {
  const TflTensor* in = v.input(0);
  const TflTensor* w = v.input(1);
  if (in == nullptr || w == nullptr) return std::nullopt;
  using T = tflite::TensorType;
  const bool float_in = in->type == T::FLOAT32 || in->type == T::FLOAT16;
  const bool int_w = w->type == T::INT8 || w->type == T::UINT8 || w->type == T::INT4;
  if (!float_in || !int_w) return std::nullopt;
  return absl::StrCat("hybrid quantization (", TensorTypeName(in->type), " input with ",
                      TensorTypeName(w->type), " weights) is not supported");
}

int NormalizeAxis(int64_t axis, int rank) {
  return static_cast<int>(axis < 0 ? axis + rank : axis);
}

}  // namespace

const TflTensor* OpView::input(int i) const {
  if (i < 0 || i >= num_inputs()) return nullptr;
  int32_t t = op.inputs[i];
  if (t < 0 || t >= static_cast<int32_t>(graph.tensors.size())) return nullptr;
  return &graph.tensors[t];
}

const TflTensor* OpView::output(int i) const {
  if (i < 0 || i >= num_outputs()) return nullptr;
  int32_t t = op.outputs[i];
  if (t < 0 || t >= static_cast<int32_t>(graph.tensors.size())) return nullptr;
  return &graph.tensors[t];
}

bool IsConstantTensor(const TflModel& model, const TflTensor& t) {
  return !t.is_variable && t.buffer != 0 && t.buffer < model.buffers.size() &&
         !model.buffers[t.buffer].data.empty();
}

bool OpView::IsConstant(const TflTensor& t) const { return IsConstantTensor(model, t); }

bool OpView::IsConstantInput(int i) const {
  const TflTensor* t = input(i);
  return t != nullptr && IsConstant(*t);
}

const ByteBuffer* OpView::ConstBytes(int i) const {
  const TflTensor* t = input(i);
  if (t == nullptr || !IsConstant(*t)) return nullptr;
  return &model.buffers[t->buffer].data;
}

std::optional<std::vector<int64_t>> OpView::ConstInts(int i) const {
  const TflTensor* t = input(i);
  const ByteBuffer* b = ConstBytes(i);
  if (t == nullptr || b == nullptr) return std::nullopt;
  std::vector<int64_t> out;
  if (t->type == tflite::TensorType::INT32) {
    for (size_t k = 0; k + 4 <= b->size(); k += 4) out.push_back(LoadAt<int32_t>(b->data() + k));
  } else if (t->type == tflite::TensorType::INT64) {
    for (size_t k = 0; k + 8 <= b->size(); k += 8) out.push_back(LoadAt<int64_t>(b->data() + k));
  } else {
    return std::nullopt;
  }
  return out;
}

const std::vector<OpRequirement>& AllRequirements() {
  static const std::vector<OpRequirement>* all = new std::vector<OpRequirement>{
      {"fc_default_weights_format", "FULLY_CONNECTED weights_format is DEFAULT",
       FcDefaultWeightsFormat},
      {"fc_keep_num_dims_same_rank",
       "FULLY_CONNECTED with keep_num_dims has input rank == output rank", FcKeepNumDimsSameRank},
      {"output_effectively_1d", "output 0 has at most one dimension > 1", OutputEffectively1D},
      {"input_effectively_1d", "input 0 has at most one dimension > 1", InputEffectively1D},
      {"softmax_beta_1", "SOFTMAX beta == 1", SoftmaxBeta1},
      {"strided_slice_unit_strides", "STRIDED_SLICE strides are constant and all 1",
       StridedSliceUnitStrides},
      {"strided_slice_no_ellipsis_or_new_axis",
       "STRIDED_SLICE ellipsis_mask == 0 and new_axis_mask == 0", StridedSliceNoEllipsisNewAxis},
      {"strided_slice_no_shrink_axis", "STRIDED_SLICE shrink_axis_mask == 0",
       StridedSliceNoShrinkAxis},
      {"mirror_pad_reflect", "MIRROR_PAD mode is REFLECT", MirrorPadReflect},
      {"resize_not_align_corners_and_half_pixel",
       "RESIZE_BILINEAR does not set both align_corners and half_pixel_centers",
       ResizeNotAlignCornersAndHalfPixel},
      {"concat_const_input_is_zero_pad",
       "a constant CONCATENATION input is all zeros and the op has exactly 2 inputs",
       ConcatConstInputIsZeroPad},
      {"squeeze_leading_ones_only", "SQUEEZE only removes leading dimensions of size 1",
       SqueezeLeadingOnesOnly},
      {"prelu_alpha_innermost_only", "PRELU alpha varies only along the innermost dimension",
       PreluAlphaInnermostOnly},
      {"depthwise_multiplier_1_or_single_channel",
       "DEPTHWISE_CONV_2D depth_multiplier == 1 or a single input channel",
       DepthwiseMultiplier1OrSingleChannel},
      {"axes_const_int32", "input 1 (axes) is a constant INT32 tensor", AxesConstInt32},
      {"paddings_3x2_or_4x2", "input 1 (paddings) has shape [3,2] or [4,2]", Paddings3x2Or4x2},
      {"two_inputs", "exactly two inputs", TwoInputs},
      {"gather_indices_1d_int32", "GATHER indices are 1-D INT32", GatherIndices1DInt32},
      {"gpu_cast_pair", "CAST is BOOL<->float or FLOAT32<->INT32", GpuCastPair},
      {"no_hybrid_quantization", "not a float input with 8-bit weights (dynamic-range quantization)",
       NoHybridQuantization},
  };
  return *all;
}

const OpRequirement* FindRequirement(const std::string& name) {
  for (const OpRequirement& r : AllRequirements()) {
    if (name == r.name) return &r;
  }
  return nullptr;
}

std::optional<tflite::ActivationFunctionType> FusedActivationOf(const TflOperator& op) {
  const tflite::BuiltinOptionsUnion& u = op.builtin_options;
  if (const auto* o = u.AsConv2DOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsDepthwiseConv2DOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsTransposeConvOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsConv3DOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsPool2DOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsFullyConnectedOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsConcatenationOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsAddOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsSubOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsMulOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsDivOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsL2NormOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsSVDFOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsRNNOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsSequenceRNNOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsBidirectionalSequenceRNNOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsLSTMOptions()) return o->fused_activation_function;
  if (const auto* o = u.AsUnidirectionalSequenceLSTMOptions()) {
    return o->fused_activation_function;
  }
  if (const auto* o = u.AsBidirectionalSequenceLSTMOptions()) {
    return o->fused_activation_function;
  }
  return std::nullopt;
}

std::optional<WindowParams> WindowParamsOf(const OpView& v) {
  WindowParams w;
  const tflite::BuiltinOptionsUnion& u = v.op.builtin_options;
  // Weights layouts: CONV_2D and TRANSPOSE_CONV [O,H,W,I], DEPTHWISE_CONV_2D [1,H,W,C].
  auto filter_from = [&](int input) {
    const TflTensor* f = v.input(input);
    if (f != nullptr && f->shape.size() == 4) {
      w.filter_h = f->shape[1];
      w.filter_w = f->shape[2];
    }
  };
  if (const auto* o = u.AsConv2DOptions()) {
    w = {o->stride_h, o->stride_w, o->dilation_h_factor, o->dilation_w_factor, 0, 0};
    filter_from(1);
  } else if (const auto* o = u.AsDepthwiseConv2DOptions()) {
    w = {o->stride_h, o->stride_w, o->dilation_h_factor, o->dilation_w_factor, 0, 0};
    filter_from(1);
  } else if (const auto* o = u.AsTransposeConvOptions()) {
    w = {o->stride_h, o->stride_w, 1, 1, 0, 0};
    filter_from(1);
  } else if (const auto* o = u.AsPool2DOptions()) {
    w = {o->stride_h, o->stride_w, 1, 1, o->filter_height, o->filter_width};
  } else {
    return std::nullopt;
  }
  return w;
}

bool HasBatchAxisCheck(tflite::BuiltinOperator op) {
  switch (op) {
    case BO::MEAN: case BO::SUM: case BO::REDUCE_MAX: case BO::REDUCE_MIN: case BO::REDUCE_PROD:
    case BO::REDUCE_ANY: case BO::REDUCE_ALL:
    case BO::PACK: case BO::UNPACK: case BO::CONCATENATION:
    case BO::SPLIT: case BO::SPLIT_V:
    case BO::PAD: case BO::PADV2: case BO::MIRROR_PAD:
      return true;
    default:
      return false;
  }
}

std::optional<std::string> CheckNoBatchAxis(const OpView& v) {
  const TflTensor* in = v.input(v.code == BO::SPLIT ? 1 : 0);
  const TflTensor* out = v.output(0);
  if (in == nullptr) return std::nullopt;
  const int rank = static_cast<int>(in->shape.size());
  std::vector<int64_t> axes;
  int axes_rank = rank;
  switch (v.code) {
    case BO::MEAN: case BO::SUM: case BO::REDUCE_MAX: case BO::REDUCE_MIN: case BO::REDUCE_PROD:
    case BO::REDUCE_ANY: case BO::REDUCE_ALL: case BO::SPLIT_V: case BO::SPLIT: {
      const int axes_input = v.code == BO::SPLIT ? 0 : v.code == BO::SPLIT_V ? 2 : 1;
      std::optional<std::vector<int64_t>> c = v.ConstInts(axes_input);
      if (!c) return std::string("axes are not constant, so the batch axis cannot be ruled out");
      axes = *c;
      break;
    }
    case BO::PACK:
      if (const auto* o = v.op.builtin_options.AsPackOptions()) axes = {o->axis};
      if (out != nullptr) axes_rank = static_cast<int>(out->shape.size());
      break;
    case BO::UNPACK:
      if (const auto* o = v.op.builtin_options.AsUnpackOptions()) axes = {o->axis};
      break;
    case BO::CONCATENATION:
      if (const auto* o = v.op.builtin_options.AsConcatenationOptions()) axes = {o->axis};
      break;
    case BO::PAD: case BO::PADV2: case BO::MIRROR_PAD: {
      std::optional<std::vector<int64_t>> p = v.ConstInts(1);
      if (!p) return std::string("paddings are not constant, so batch padding cannot be ruled out");
      if (p->size() >= 2 && ((*p)[0] != 0 || (*p)[1] != 0)) {
        return absl::StrCat("pads the batch dimension by [", (*p)[0], ",", (*p)[1], "]");
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
  for (int64_t a : axes) {
    if (NormalizeAxis(a, axes_rank) == 0 && axes_rank > 1) {
      return absl::StrCat("operates on the batch dimension (axis ", a, ")");
    }
  }
  return std::nullopt;
}

}  // namespace tfconv
