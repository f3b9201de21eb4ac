// RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR on NHWC tensors, following TFLite's reference
// kernels: FLOAT32 and UINT8 bilinear interpolate in float (UINT8 adds 0.5 and truncates), INT8
// and INT16 use the integer kernel with 10-bit fixed-point coordinates; nearest neighbour only
// copies elements, so it takes any element type.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

struct ResizeArgs {
  int64_t batches, in_h, in_w, depth, out_h, out_w;
  bool align_corners, half_pixel_centers;
};

absl::Status Prepare(KernelContext& c, bool align_corners, bool half_pixel_centers, ResizeArgs* a) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& x = c.input(0);
  const RtTensor& size = c.input(1);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, x, c.output(0)));
  if (x.rank() != 4) return c.Error(absl::StrCat("input must be 4-D (NHWC), it is ", ShapeString(x.shape())));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckIndexType(c, size, "size"));
  if (size.num_elements() != 2) return c.Error("size must hold two values (height, width)");
  if (align_corners && half_pixel_centers) {
    return c.Error("align_corners and half_pixel_centers cannot both be set");
  }
  *a = {x.dim(0), x.dim(1), x.dim(2), x.dim(3), ReadInt(size, 0), ReadInt(size, 1), align_corners, half_pixel_centers};
  if (a->out_h <= 0 || a->out_w <= 0) {
    return c.Error(absl::StrCat("output size ", a->out_h, "x", a->out_w, " must be positive"));
  }
  std::vector<int32_t> shape;
  TFCONV_KERNEL_RETURN_IF_ERROR(ToShape(c, {a->batches, a->out_h, a->out_w, a->depth}, "resize output", &shape));
  if (x.num_elements() == 0 && NumElementsOf(shape) != 0) return c.Error("cannot resize an empty image");
  c.output(0).Reset(x.type(), shape);
  return absl::OkStatus();
}

// Source coordinate and its two neighbours along one axis (float path).
void Interpolation(float value, float scale, bool half_pixel, int64_t in_size, float* scaled, int64_t* lo,
                   int64_t* hi) {
  *scaled = half_pixel ? (value + 0.5f) * scale - 0.5f : value * scale;
  *lo = std::max<int64_t>(static_cast<int32_t>(std::floor(*scaled)), 0);
  *hi = std::min<int64_t>(static_cast<int32_t>(std::ceil(*scaled)), in_size - 1);
}

template <typename T>
void BilinearFloat(const ResizeArgs& a, const T* in, T* out) {
  float h_scale = static_cast<float>(a.in_h) / static_cast<float>(a.out_h);
  float w_scale = static_cast<float>(a.in_w) / static_cast<float>(a.out_w);
  if (a.align_corners && a.out_h > 1) h_scale = static_cast<float>(a.in_h - 1) / static_cast<float>(a.out_h - 1);
  if (a.align_corners && a.out_w > 1) w_scale = static_cast<float>(a.in_w - 1) / static_cast<float>(a.out_w - 1);
  const float rounding = std::is_integral_v<T> ? 0.5f : 0.f;
  auto at = [&](int64_t b, int64_t y, int64_t x, int64_t ch) {
    return in[((b * a.in_h + y) * a.in_w + x) * a.depth + ch];
  };
  for (int64_t b = 0; b < a.batches; ++b) {
    for (int64_t y = 0; y < a.out_h; ++y) {
      float iy;
      int64_t y0, y1;
      Interpolation(static_cast<float>(y), h_scale, a.half_pixel_centers, a.in_h, &iy, &y0, &y1);
      const float dy = iy - static_cast<float>(y0);
      for (int64_t x = 0; x < a.out_w; ++x) {
        float ix;
        int64_t x0, x1;
        Interpolation(static_cast<float>(x), w_scale, a.half_pixel_centers, a.in_w, &ix, &x0, &x1);
        const float dx = ix - static_cast<float>(x0);
        for (int64_t ch = 0; ch < a.depth; ++ch) {
          // Same operand order as TFLite, so float results round identically.
          const float v = static_cast<float>(at(b, y0, x0, ch)) * (1 - dy) * (1 - dx) +
                          static_cast<float>(at(b, y1, x0, ch)) * dy * (1 - dx) +
                          static_cast<float>(at(b, y0, x1, ch)) * (1 - dy) * dx +
                          static_cast<float>(at(b, y1, x1, ch)) * dy * dx + rounding;
          *out++ = static_cast<T>(v);
        }
      }
    }
  }
}

// Source coordinate in 1/1024 units and its two neighbours (integer path).
void InterpolationInteger(int64_t value, int64_t scale_10, bool half_pixel, int64_t in_size, int64_t* scaled,
                          int64_t* lo, int64_t* hi) {
  *scaled = half_pixel ? value * scale_10 + scale_10 / 2 - (1 << 9) : value * scale_10;
  *lo = std::max<int64_t>(*scaled / (1 << 10), 0);  // truncating division, as TFLite
  *hi = std::min<int64_t>((*scaled + (1 << 10) - 1) / (1 << 10), in_size - 1);
}

template <typename T>
void BilinearInteger(const ResizeArgs& a, const T* in, T* out) {
  int64_t h_scale = ((1 << 10) * a.in_h + a.out_h / 2) / a.out_h;
  int64_t w_scale = ((1 << 10) * a.in_w + a.out_w / 2) / a.out_w;
  if (a.align_corners && a.out_h > 1) h_scale = ((1 << 10) * (a.in_h - 1) + (a.out_h - 1) / 2) / (a.out_h - 1);
  if (a.align_corners && a.out_w > 1) w_scale = ((1 << 10) * (a.in_w - 1) + (a.out_w - 1) / 2) / (a.out_w - 1);
  auto at = [&](int64_t b, int64_t y, int64_t x, int64_t ch) {
    return static_cast<int64_t>(in[((b * a.in_h + y) * a.in_w + x) * a.depth + ch]);
  };
  for (int64_t b = 0; b < a.batches; ++b) {
    for (int64_t y = 0; y < a.out_h; ++y) {
      int64_t iy, y0, y1;
      InterpolationInteger(y, h_scale, a.half_pixel_centers, a.in_h, &iy, &y0, &y1);
      const int64_t wy = iy - (1 << 10) * y0;
      for (int64_t x = 0; x < a.out_w; ++x) {
        int64_t ix, x0, x1;
        InterpolationInteger(x, w_scale, a.half_pixel_centers, a.in_w, &ix, &x0, &x1);
        const int64_t wx = ix - (1 << 10) * x0;
        for (int64_t ch = 0; ch < a.depth; ++ch) {
          const int64_t v20 = at(b, y0, x0, ch) * ((1 << 10) - wy) * ((1 << 10) - wx) +
                              at(b, y1, x0, ch) * wy * ((1 << 10) - wx) + at(b, y0, x1, ch) * ((1 << 10) - wy) * wx +
                              at(b, y1, x1, ch) * wy * wx;
          // Round half away from zero (the default double-rounding build).
          const int64_t round = v20 > 0 ? (1 << 19) : -(1 << 19);
          *out++ = static_cast<T>((v20 + round) / (1 << 20));
        }
      }
    }
  }
}

absl::Status ResizeBilinear(KernelContext& c) {
  const auto opts = OptionsOr(c.op().builtin_options.AsResizeBilinearOptions());
  ResizeArgs a;
  TFCONV_KERNEL_RETURN_IF_ERROR(Prepare(c, opts.align_corners, opts.half_pixel_centers, &a));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  switch (x.type()) {
    case tflite::TensorType::FLOAT32: BilinearFloat(a, x.data<float>(), y.mutable_data<float>()); break;
    case tflite::TensorType::UINT8: BilinearFloat(a, x.data<uint8_t>(), y.mutable_data<uint8_t>()); break;
    case tflite::TensorType::INT8: BilinearInteger(a, x.data<int8_t>(), y.mutable_data<int8_t>()); break;
    case tflite::TensorType::INT16: BilinearInteger(a, x.data<int16_t>(), y.mutable_data<int16_t>()); break;
    default: return c.UnsupportedType(x);
  }
  return absl::OkStatus();
}

int64_t Nearest(int64_t out_index, int64_t in_size, int64_t out_size, bool align_corners, bool half_pixel) {
  const float scale = align_corners && out_size > 1
                          ? static_cast<float>(in_size - 1) / static_cast<float>(out_size - 1)
                          : static_cast<float>(in_size) / static_cast<float>(out_size);
  const float v = (static_cast<float>(out_index) + (half_pixel ? 0.5f : 0.f)) * scale;
  int64_t i = std::min<int64_t>(static_cast<int32_t>(align_corners ? std::round(v) : std::floor(v)), in_size - 1);
  if (half_pixel) i = std::max<int64_t>(i, 0);
  return i;
}

absl::Status ResizeNearestNeighbor(KernelContext& c) {
  const auto opts = OptionsOr(c.op().builtin_options.AsResizeNearestNeighborOptions());
  ResizeArgs a;
  // TFLite allows both flags here; half_pixel_centers then only shifts the sample point.
  TFCONV_KERNEL_RETURN_IF_ERROR(Prepare(c, opts.align_corners && !opts.half_pixel_centers, false, &a));
  a.align_corners = opts.align_corners;
  a.half_pixel_centers = opts.half_pixel_centers;
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  const int size = TfliteTypeSize(x.type());
  int64_t to = 0;
  for (int64_t b = 0; b < a.batches; ++b) {
    for (int64_t oy = 0; oy < a.out_h; ++oy) {
      const int64_t iy = Nearest(oy, a.in_h, a.out_h, a.align_corners, a.half_pixel_centers);
      for (int64_t ox = 0; ox < a.out_w; ++ox) {
        const int64_t ix = Nearest(ox, a.in_w, a.out_w, a.align_corners, a.half_pixel_centers);
        CopyElements(y.mutable_raw(), to, x.raw(), ((b * a.in_h + iy) * a.in_w + ix) * a.depth, a.depth, size);
        to += a.depth;
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterResizeKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::RESIZE_BILINEAR, ResizeBilinear);
  registry.AddBuiltin(tflite::BuiltinOperator::RESIZE_NEAREST_NEIGHBOR, ResizeNearestNeighbor);
}

}  // namespace tfconv
