// Image resizing: ResizeBilinear and ResizeNearestNeighbor (NHWC images, int32 [height, width]
// size), with align_corners and half_pixel_centers.
//
// Reference semantics follow TensorFlow's CPU kernels (image/resize_bilinear_op.cc,
// resize_nearest_neighbor_op.cc), in float like them:
//   scale = align_corners && out > 1 ? (in - 1) / (out - 1) : in / out
//   bilinear source y = half_pixel ? (y + 0.5) * scale - 0.5 : y * scale; rows floor(y) (at least 0)
//   and min(ceil(y), in - 1), weight y - floor(y); ResizeBilinear always outputs float32.
//   nearest source y = half_pixel ? (y + 0.5) * scale : y * scale, rounded if align_corners else
//   floored, clamped to [0, in - 1].
// Lowering: RESIZE_BILINEAR / RESIZE_NEAREST_NEIGHBOR with both flags in the options.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

struct ResizeFlags {
  bool align_corners = false;
  bool half_pixel_centers = false;
};

absl::StatusOr<ResizeFlags> ReadFlags(const Node& node) {
  ResizeFlags f;
  TFCONV_ASSIGN_OR_RETURN(f.align_corners, GetAttrOr<bool>(node, "align_corners", false));
  TFCONV_ASSIGN_OR_RETURN(f.half_pixel_centers, GetAttrOr<bool>(node, "half_pixel_centers", false));
  if (f.align_corners && f.half_pixel_centers) {
    return NodeError(node, "align_corners and half_pixel_centers cannot both be true");
  }
  return f;
}

absl::StatusOr<std::vector<int64_t>> ReadSize(const Node& node, const Tensor& size) {
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> hw, ReadInts(node, size, "size"));
  if (size.rank() != 1 || hw.size() != 2 || hw[0] <= 0 || hw[1] <= 0) {
    return NodeError(node, absl::StrCat("size must be 2 positive values [height, width], got ", size.DebugString()));
  }
  return hw;
}

absl::Status InferResize(InferenceContext& c, bool bilinear) {
  TFCONV_RETURN_IF_ERROR(ReadFlags(c.node()).status());
  const PartialShape& in = c.input_shape(0);
  if (in.known_rank() && in.rank() != 4) {
    return c.Error(absl::StrCat("images must have rank 4 (NHWC), got ", in.ToString()));
  }
  std::vector<int64_t> dims = in.known_rank() ? in.dims() : std::vector<int64_t>(4, -1);
  dims[1] = dims[2] = -1;
  if (const Tensor* size = c.input_value(1)) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> hw, ReadSize(c.node(), *size));
    dims[1] = hw[0];
    dims[2] = hw[1];
  }
  c.set_output(0, bilinear ? DataType::kFloat : c.input_type(0), PartialShape(dims));
  return absl::OkStatus();
}

float Scale(int64_t in, int64_t out, bool align_corners) {
  return (align_corners && out > 1) ? static_cast<float>(in - 1) / static_cast<float>(out - 1)
                                    : static_cast<float>(in) / static_cast<float>(out);
}

// Source position along one axis of a bilinear resize: the two neighbours and the weight of the second.
struct Tap {
  int64_t lo, hi;
  float frac;
};

std::vector<Tap> BilinearTaps(int64_t in, int64_t out, const ResizeFlags& f) {
  const float scale = Scale(in, out, f.align_corners);
  std::vector<Tap> taps(out);
  for (int64_t i = 0; i < out; ++i) {
    const float x = f.half_pixel_centers ? (static_cast<float>(i) + 0.5f) * scale - 0.5f : static_cast<float>(i) * scale;
    const float fl = std::floor(x);
    taps[i].lo = std::max<int64_t>(static_cast<int64_t>(fl), 0);
    taps[i].hi = std::min<int64_t>(static_cast<int64_t>(std::ceil(x)), in - 1);
    taps[i].frac = x - fl;
  }
  return taps;
}

std::vector<int64_t> NearestTaps(int64_t in, int64_t out, const ResizeFlags& f) {
  const float scale = Scale(in, out, f.align_corners);
  std::vector<int64_t> taps(out);
  for (int64_t i = 0; i < out; ++i) {
    const float x = f.half_pixel_centers ? (static_cast<float>(i) + 0.5f) * scale : static_cast<float>(i) * scale;
    const int64_t k = static_cast<int64_t>(f.align_corners ? std::round(x) : std::floor(x));
    taps[i] = std::max<int64_t>(std::min<int64_t>(k, in - 1), 0);
  }
  return taps;
}

absl::StatusOr<std::vector<Tensor>> EvalResize(const EvalContext& c, bool bilinear) {
  TFCONV_ASSIGN_OR_RETURN(ResizeFlags f, ReadFlags(c.node()));
  const Tensor& in = c.input(0);
  if (in.rank() != 4) return c.Error(absl::StrCat("images must have rank 4 (NHWC), got ", in.DebugString()));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> hw, ReadSize(c.node(), c.input(1)));
  const int64_t n = in.dim(0), ih = in.dim(1), iw = in.dim(2), ch = in.dim(3), oh = hw[0], ow = hw[1];
  if ((ih == 0 || iw == 0) && n * ch > 0) return c.Error("cannot resize an image with no pixels");
  const std::vector<int64_t> out_dims = {n, oh, ow, ch};
  if (!bilinear) {
    TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
    const std::vector<int64_t> ys = NearestTaps(ih, oh, f), xs = NearestTaps(iw, ow, f);
    Tensor out = Tensor::Zeros(in.dtype(), out_dims);
    if (out.NumElements() == 0) return std::vector<Tensor>{out};
    const size_t pixel = DataTypeSize(in.dtype()) * ch;
    const uint8_t* src = in.bytes().data();
    uint8_t* dst = out.mutable_data<uint8_t>().data();
    for (int64_t b = 0; b < n; ++b)
      for (int64_t y = 0; y < oh; ++y)
        for (int64_t x = 0; x < ow; ++x)
          std::memcpy(dst + ((b * oh + y) * ow + x) * pixel, src + ((b * ih + ys[y]) * iw + xs[x]) * pixel, pixel);
    return std::vector<Tensor>{out};
  }
  const std::vector<Tap> ys = BilinearTaps(ih, oh, f), xs = BilinearTaps(iw, ow, f);
  std::vector<float> result(n * oh * ow * ch);
  const bool known = VisitNumeric(in.dtype(), [&](auto zero) {
    using T = decltype(zero);
    absl::Span<const T> v = in.data<T>();
    auto at = [&](int64_t b, int64_t y, int64_t x, int64_t k) {
      return static_cast<float>(v[((b * ih + y) * iw + x) * ch + k]);
    };
    for (int64_t b = 0; b < n; ++b)
      for (int64_t y = 0; y < oh; ++y)
        for (int64_t x = 0; x < ow; ++x)
          for (int64_t k = 0; k < ch; ++k) {
            const Tap& ty = ys[y];
            const Tap& tx = xs[x];
            const float tl = at(b, ty.lo, tx.lo, k), tr = at(b, ty.lo, tx.hi, k);
            const float bl = at(b, ty.hi, tx.lo, k), br = at(b, ty.hi, tx.hi, k);
            const float top = tl + (tr - tl) * tx.frac;
            const float bottom = bl + (br - bl) * tx.frac;
            result[((b * oh + y) * ow + x) * ch + k] = top + (bottom - top) * ty.frac;
          }
  });
  if (!known) return NodeUnsupported(c.node(), absl::StrCat("no reference kernel for ", DataTypeName(in.dtype())));
  return std::vector<Tensor>{Tensor::FromVector<float>(out_dims, result)};
}

absl::Status LowerResize(LoweringContext& c, bool bilinear) {
  TFCONV_ASSIGN_OR_RETURN(ResizeFlags f, ReadFlags(c.node()));
  if (bilinear && c.input_type(0) != DataType::kFloat) {
    // RESIZE_BILINEAR keeps its input type; TensorFlow's op turns every input into float32.
    return c.Unsupported(absl::StrCat("RESIZE_BILINEAR of ", DataTypeName(c.input_type(0)),
                                      " images would not give TensorFlow's float32 output; cast them first"));
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t size, Int32Operand(c, 1, "size"));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  if (bilinear) {
    tflite::ResizeBilinearOptionsT options;
    options.align_corners = f.align_corners;
    options.half_pixel_centers = f.half_pixel_centers;
    c.AddBuiltinOp(BuiltinOperator::RESIZE_BILINEAR, {in, size}, {out}, Options(std::move(options)));
  } else {
    tflite::ResizeNearestNeighborOptionsT options;
    options.align_corners = f.align_corners;
    options.half_pixel_centers = f.half_pixel_centers;
    c.AddBuiltinOp(BuiltinOperator::RESIZE_NEAREST_NEIGHBOR, {in, size}, {out}, Options(std::move(options)));
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterResizeOps(OpRegistry& registry) {
  registry.Add(MakeOp(
      "ResizeBilinear", [](InferenceContext& c) { return InferResize(c, true); },
      [](const EvalContext& c) { return EvalResize(c, true); },
      [](LoweringContext& c) { return LowerResize(c, true); }, {"RESIZE_BILINEAR", "CAST"}));
  registry.Add(MakeOp(
      "ResizeNearestNeighbor", [](InferenceContext& c) { return InferResize(c, false); },
      [](const EvalContext& c) { return EvalResize(c, false); },
      [](LoweringContext& c) { return LowerResize(c, false); }, {"RESIZE_NEAREST_NEIGHBOR", "CAST"}));
}

}  // namespace array
}  // namespace tfconv
