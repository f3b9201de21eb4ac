// AVERAGE_POOL_2D, MAX_POOL_2D and L2_POOL_2D on NHWC tensors, as TFLite's reference kernels:
// windows are clipped to the input (padding is not counted), output size and padding follow
// TFLite's SAME/VALID formulas. The integer average rounds half away from zero:
// (sum +- count/2) / count with truncating division. Quantized pools do not rescale, so input
// and output must share scale and zero point.
#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/kernels/pool_reduce/pool_reduce_ops.h"

namespace tfconv {
namespace {

enum class Pool { kAverage, kMax, kL2 };

struct Geometry {
  int64_t batches, in_h, in_w, depth, out_h, out_w;
  int64_t stride_h, stride_w, filter_h, filter_w, pad_h, pad_w;
};

int64_t OutSize(tflite::Padding padding, int64_t in, int64_t filter, int64_t stride) {
  return padding == tflite::Padding::SAME ? (in + stride - 1) / stride : (in + stride - filter) / stride;
}

int64_t PadBefore(int64_t in, int64_t filter, int64_t stride, int64_t out) {
  return std::max<int64_t>(0, ((out - 1) * stride + filter - in) / 2);
}

absl::Status MakeGeometry(const KernelContext& c, const RtTensor& x, const tflite::Pool2DOptionsT& o, Geometry* g) {
  if (x.rank() != 4) return c.Error(absl::StrCat("input must be 4-D (NHWC), it is ", ShapeString(x.shape())));
  if (o.stride_h < 1 || o.stride_w < 1 || o.filter_height < 1 || o.filter_width < 1) {
    return c.Error(absl::StrCat("strides (", o.stride_h, ",", o.stride_w, ") and filter (", o.filter_height, ",",
                                o.filter_width, ") must be positive"));
  }
  if (o.padding != tflite::Padding::SAME && o.padding != tflite::Padding::VALID) {
    return c.Unimplemented(absl::StrCat("padding ", static_cast<int>(o.padding)));
  }
  g->batches = x.dim(0);
  g->in_h = x.dim(1);
  g->in_w = x.dim(2);
  g->depth = x.dim(3);
  g->stride_h = o.stride_h;
  g->stride_w = o.stride_w;
  g->filter_h = o.filter_height;
  g->filter_w = o.filter_width;
  g->out_h = OutSize(o.padding, g->in_h, g->filter_h, g->stride_h);
  g->out_w = OutSize(o.padding, g->in_w, g->filter_w, g->stride_w);
  if (g->out_h < 0 || g->out_w < 0) {
    return c.Error(absl::StrCat("the ", g->filter_h, "x", g->filter_w, " filter does not fit the ", g->in_h, "x",
                                g->in_w, " input"));
  }
  g->pad_h = PadBefore(g->in_h, g->filter_h, g->stride_h, g->out_h);
  g->pad_w = PadBefore(g->in_w, g->filter_w, g->stride_w, g->out_w);
  return absl::OkStatus();
}

// Calls fn(input offset) for every input element in the window of output (b, oy, ox, ch) and
// returns how many there were.
template <typename Fn>
int64_t ForWindow(const Geometry& g, int64_t b, int64_t oy, int64_t ox, int64_t ch, Fn fn) {
  const int64_t y0 = oy * g.stride_h - g.pad_h, x0 = ox * g.stride_w - g.pad_w;
  const int64_t fy_begin = std::max<int64_t>(0, -y0), fy_end = std::min(g.filter_h, g.in_h - y0);
  const int64_t fx_begin = std::max<int64_t>(0, -x0), fx_end = std::min(g.filter_w, g.in_w - x0);
  int64_t count = 0;
  for (int64_t fy = fy_begin; fy < fy_end; ++fy) {
    for (int64_t fx = fx_begin; fx < fx_end; ++fx) {
      fn(((b * g.in_h + y0 + fy) * g.in_w + x0 + fx) * g.depth + ch);
      ++count;
    }
  }
  return count;
}

absl::Status PoolFloat(const KernelContext& c, Pool pool, const Geometry& g, tflite::ActivationFunctionType act,
                       const float* in, float* out) {
  float lo, hi;
  TFCONV_KERNEL_RETURN_IF_ERROR(elementwise::FloatActivationRange(c, act, &lo, &hi));
  for (int64_t b = 0; b < g.batches; ++b) {
    for (int64_t oy = 0; oy < g.out_h; ++oy) {
      for (int64_t ox = 0; ox < g.out_w; ++ox) {
        for (int64_t ch = 0; ch < g.depth; ++ch) {
          float acc = pool == Pool::kMax ? std::numeric_limits<float>::lowest() : 0.f;
          const int64_t count = ForWindow(g, b, oy, ox, ch, [&](int64_t i) {
            if (pool == Pool::kMax) {
              acc = std::max(acc, in[i]);
            } else if (pool == Pool::kAverage) {
              acc += in[i];
            } else {
              acc += in[i] * in[i];
            }
          });
          if (count == 0) return c.Error("a pooling window lies entirely in the padding");
          float v = acc;
          if (pool == Pool::kAverage) v = acc / static_cast<float>(count);
          if (pool == Pool::kL2) v = std::sqrt(acc / static_cast<float>(count));
          *out++ = std::min(std::max(v, lo), hi);
        }
      }
    }
  }
  return absl::OkStatus();
}

template <typename T>
absl::Status PoolInteger(const KernelContext& c, Pool pool, const Geometry& g, int32_t lo, int32_t hi, const T* in,
                         T* out) {
  for (int64_t b = 0; b < g.batches; ++b) {
    for (int64_t oy = 0; oy < g.out_h; ++oy) {
      for (int64_t ox = 0; ox < g.out_w; ++ox) {
        for (int64_t ch = 0; ch < g.depth; ++ch) {
          int32_t acc = pool == Pool::kMax ? std::numeric_limits<T>::lowest() : 0;
          const int64_t count = ForWindow(g, b, oy, ox, ch, [&](int64_t i) {
            acc = pool == Pool::kMax ? std::max<int32_t>(acc, in[i]) : acc + in[i];
          });
          if (count == 0) return c.Error("a pooling window lies entirely in the padding");
          if (pool == Pool::kAverage) {
            const int32_t n = static_cast<int32_t>(count);
            acc = acc > 0 ? (acc + n / 2) / n : (acc - n / 2) / n;
          }
          *out++ = static_cast<T>(std::min(std::max(acc, lo), hi));
        }
      }
    }
  }
  return absl::OkStatus();
}

template <Pool kPool>
absl::Status PoolKernel(KernelContext& c) {
  using TT = tflite::TensorType;
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  if (x.type() != y.type()) return c.Error("input and output types differ");
  const auto* opts = c.op().builtin_options.AsPool2DOptions();
  if (opts == nullptr) return c.Error("missing Pool2DOptions");
  Geometry g;
  TFCONV_KERNEL_RETURN_IF_ERROR(MakeGeometry(c, x, *opts, &g));
  const auto act = opts->fused_activation_function;
  if (x.type() == TT::FLOAT32) {
    y.Reset(x.type(), {static_cast<int32_t>(g.batches), static_cast<int32_t>(g.out_h), static_cast<int32_t>(g.out_w),
                       static_cast<int32_t>(g.depth)});
    return PoolFloat(c, kPool, g, act, x.data<float>(), y.mutable_data<float>());
  }
  if (kPool == Pool::kL2 || (x.type() != TT::UINT8 && x.type() != TT::INT8 && x.type() != TT::INT16)) {
    return c.UnsupportedType(x);
  }
  if (x.is_quantized() && y.is_quantized() &&
      (std::fabs(x.scale() - y.scale()) > 1e-6f * std::max(x.scale(), y.scale()) ||
       x.zero_point() != y.zero_point())) {
    return c.Error(absl::StrCat("input (scale ", x.scale(), ", zero point ", x.zero_point(), ") and output (scale ",
                                y.scale(), ", zero point ", y.zero_point(), ") must share their quantization"));
  }
  int32_t lo, hi;
  TFCONV_KERNEL_RETURN_IF_ERROR(QuantizedActivationRange(c, act, y, &lo, &hi));
  y.Reset(x.type(), {static_cast<int32_t>(g.batches), static_cast<int32_t>(g.out_h), static_cast<int32_t>(g.out_w),
                     static_cast<int32_t>(g.depth)});
  switch (x.type()) {
    case TT::UINT8: return PoolInteger(c, kPool, g, lo, hi, x.data<uint8_t>(), y.mutable_data<uint8_t>());
    case TT::INT8: return PoolInteger(c, kPool, g, lo, hi, x.data<int8_t>(), y.mutable_data<int8_t>());
    default: return PoolInteger(c, kPool, g, lo, hi, x.data<int16_t>(), y.mutable_data<int16_t>());
  }
}

}  // namespace

void RegisterPoolingKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::AVERAGE_POOL_2D, PoolKernel<Pool::kAverage>);
  registry.AddBuiltin(tflite::BuiltinOperator::MAX_POOL_2D, PoolKernel<Pool::kMax>);
  registry.AddBuiltin(tflite::BuiltinOperator::L2_POOL_2D, PoolKernel<Pool::kL2>);
}

}  // namespace tfconv
