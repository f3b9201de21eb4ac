// DEPTHWISE_CONV_2D as the TFLite kernels compute it (input NHWC, filter [1, H, W, C * M],
// optional bias): output channel ic * M + m sees input channel ic only. The depth multiplier M is
// taken from the shapes (the option is redundant and newer kernels ignore it).
//   float32: taps (fy, fx ascending) summed from 0, then + bias, then the clamp;
//   uint8:   per-tensor, (w - w_zp) * (x - x_zp), the legacy multiplier, and the reference
//            kernel's rounding (away from zero);
//   int8:    symmetric filters, per-channel along dimension 3 or per-tensor;
//   int16:   activations with int8 filters, int64 bias and accumulator;
//   hybrid:  float input with int8 filters (one scale per output channel), the input quantized to
//            int8 asymmetrically per batch on the fly.
#include <cstdint>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/conv/conv_ops.h"
#include "runtime_check/kernels/conv/conv_util.h"

namespace tfconv {
namespace {

using tflite::TensorType;

struct DepthwiseShape {
  int batches = 0, in_h = 0, in_w = 0, in_c = 0, out_c = 0, multiplier = 1;
  conv::Window h, w;
};

absl::Status GetShape(const KernelContext& c, const tflite::DepthwiseConv2DOptionsT& o, const RtTensor& input,
                      const RtTensor& filter, DepthwiseShape* s) {
  if (input.rank() != 4 || filter.rank() != 4 || filter.dim(0) != 1) {
    return c.Error(absl::StrCat("input ", ShapeString(input.shape()), " must be NHWC and filter ",
                                ShapeString(filter.shape()), " [1, H, W, C]"));
  }
  s->batches = input.dim(0);
  s->in_h = input.dim(1);
  s->in_w = input.dim(2);
  s->in_c = input.dim(3);
  s->out_c = filter.dim(3);
  if (s->in_c <= 0 || s->out_c % s->in_c != 0) {
    return c.Error(absl::StrCat("filter ", ShapeString(filter.shape()), " has ", s->out_c,
                                " channels, not a multiple of the input's ", s->in_c));
  }
  s->multiplier = s->out_c / s->in_c;
  TFCONV_KERNEL_RETURN_IF_ERROR(
      conv::MakeWindow(c, "height", o.padding, s->in_h, filter.dim(1), o.stride_h, o.dilation_h_factor, &s->h));
  return conv::MakeWindow(c, "width", o.padding, s->in_w, filter.dim(2), o.stride_w, o.dilation_w_factor, &s->w);
}

// For every output pixel, acc[oc] = sum over the taps inside the image (fy, fx ascending, as the
// reference kernel) of (x[oc / M] + offset_of(batch)) * w[fy][fx][oc]; then emit(batch, pixel, acc).
template <typename Acc, typename In, typename Prod, typename OffsetOf, typename Emit>
void ForEachPixel(const DepthwiseShape& s, const In* input, const Prod* w, OffsetOf offset_of, Emit emit) {
  std::vector<Acc> acc(s.out_c);
  const int64_t image = static_cast<int64_t>(s.in_h) * s.in_w * s.in_c;
  const int m = s.multiplier;
  for (int b = 0; b < s.batches; ++b) {
    const Prod input_offset = offset_of(b);
    for (int oy = 0; oy < s.h.out; ++oy) {
      const int iy0 = oy * s.h.stride - s.h.pad;
      int fy0, fy1;
      s.h.ValidTaps(iy0, &fy0, &fy1);
      for (int ox = 0; ox < s.w.out; ++ox) {
        const int ix0 = ox * s.w.stride - s.w.pad;
        int fx0, fx1;
        s.w.ValidTaps(ix0, &fx0, &fx1);
        std::fill(acc.begin(), acc.end(), Acc(0));
        Acc* __restrict a = acc.data();
        for (int fy = fy0; fy < fy1; ++fy) {
          const int64_t row = b * image + static_cast<int64_t>(iy0 + fy * s.h.dilation) * s.in_w * s.in_c;
          for (int fx = fx0; fx < fx1; ++fx) {
            const In* __restrict px = input + row + static_cast<int64_t>(ix0 + fx * s.w.dilation) * s.in_c;
            const Prod* __restrict wt = w + (static_cast<int64_t>(fy) * s.w.filter + fx) * s.out_c;
            if (m == 1) {
              for (int ch = 0; ch < s.out_c; ++ch) {
                Prod x = static_cast<Prod>(px[ch]);
                if constexpr (std::is_integral_v<Prod>) x += input_offset;
                a[ch] += static_cast<Acc>(x * wt[ch]);
              }
            } else {
              for (int ic = 0; ic < s.in_c; ++ic) {
                Prod x = static_cast<Prod>(px[ic]);
                if constexpr (std::is_integral_v<Prod>) x += input_offset;
                for (int k = 0; k < m; ++k) a[ic * m + k] += static_cast<Acc>(x * wt[ic * m + k]);
              }
            }
          }
        }
        emit(b, (static_cast<int64_t>(b) * s.h.out + oy) * s.w.out + ox, acc.data());
      }
    }
  }
}

absl::Status EvalFloat(KernelContext& c, const tflite::DepthwiseConv2DOptionsT& o, const DepthwiseShape& s,
                       const RtTensor& input, const RtTensor& filter, RtTensor& out) {
  float lo, hi;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::FloatActivationRange(c, o.fused_activation_function, &lo, &hi));
  const RtTensor* bias;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::OptionalBias(c, 2, TensorType::FLOAT32, s.out_c, &bias));
  const float* b = bias != nullptr ? bias->data<float>() : nullptr;
  float* y = out.mutable_data<float>();
  ForEachPixel<float>(
      s, input.data<float>(), filter.data<float>(), [](int) { return 0.0f; },
      [&](int, int64_t pixel, const float* acc) {
        float* yp = y + pixel * s.out_c;
        for (int oc = 0; oc < s.out_c; ++oc) yp[oc] = conv::Clamp(acc[oc] + (b != nullptr ? b[oc] : 0.0f), lo, hi);
      });
  return absl::OkStatus();
}

template <typename In, typename W, typename Acc>
absl::Status EvalQuantized(KernelContext& c, const DepthwiseShape& s, const RtTensor& input, const RtTensor& filter,
                           const conv::Requant& r, RtTensor& out) {
  const Acc* b;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::QuantizedBias(c, 2, s.out_c, &b));
  const int32_t filter_zp = filter.zero_point();
  std::vector<int32_t> w(filter.num_elements());
  for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<int32_t>(filter.data<W>()[i]) - filter_zp;
  In* y = out.mutable_data<In>();
  const int32_t input_offset = -input.zero_point();
  ForEachPixel<Acc>(
      s, input.data<In>(), w.data(), [&](int) { return input_offset; },
      [&](int, int64_t pixel, const Acc* acc) {
        conv::RequantizePixel(acc, b, r, out.zero_point(), s.out_c, y + pixel * s.out_c);
      });
  return absl::OkStatus();
}

// Float input, int8 filter (EvalHybridPerChannel, op version 6). TFLite quantizes each batch
// asymmetrically (AsymmetricQuantizeFloats), sums w * (q - zp) in int32 and, in the default
// (optimized) kernel on x86 and WebAssembly, computes float(acc) * s_x * s_w[oc] left to right, then
// + bias, then the clamp. (The reference kernel multiplies by the product s_w[oc] * s_x instead, and
// the arm64 NEON path by s_w[oc] first: both can differ in the last bit.) LiteRT.js runs this kernel
// too: fed the same operands, human_emotion's three hybrid depthwise layers match it bit for bit.
// TFLite reads one scale per output channel, so a single scale for several channels is refused
// rather than read past its end.
absl::Status EvalHybrid(KernelContext& c, const tflite::DepthwiseConv2DOptionsT& o, const DepthwiseShape& s,
                        const RtTensor& input, const RtTensor& filter, RtTensor& out) {
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::CheckFilterQuantization(c, filter, s.out_c, 3, /*symmetric=*/true));
  const std::vector<float>& filter_scales = filter.quantization()->scale;
  if (static_cast<int>(filter_scales.size()) != s.out_c) {
    return c.Unimplemented(absl::StrCat("the int8 filter '", filter.name(), "' has one scale for ", s.out_c,
                                        " output channels; TFLite's hybrid DEPTHWISE_CONV_2D needs one scale per "
                                        "output channel along dimension 3 (quantize the filter per channel)"));
  }
  float lo, hi;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::FloatActivationRange(c, o.fused_activation_function, &lo, &hi));
  const RtTensor* bias;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::OptionalBias(c, 2, TensorType::FLOAT32, s.out_c, &bias));

  const int64_t image = static_cast<int64_t>(s.in_h) * s.in_w * s.in_c;
  std::vector<int8_t> q(static_cast<size_t>(image) * s.batches);
  std::vector<float> scale(s.batches);
  std::vector<int32_t> zero_point(s.batches);
  for (int b = 0; b < s.batches; ++b) {
    conv::AsymmetricQuantizeRow(input.data<float>() + b * image, static_cast<int>(image), q.data() + b * image,
                                &scale[b], &zero_point[b]);
  }
  std::vector<int32_t> w(filter.num_elements());
  for (size_t i = 0; i < w.size(); ++i) w[i] = filter.data<int8_t>()[i];
  const float* bias_data = bias != nullptr ? bias->data<float>() : nullptr;
  float* y = out.mutable_data<float>();
  ForEachPixel<int32_t>(
      s, q.data(), w.data(), [&](int b) { return -zero_point[b]; },
      [&](int b, int64_t pixel, const int32_t* acc) {
        float* yp = y + pixel * s.out_c;
        for (int oc = 0; oc < s.out_c; ++oc) {
          float v = static_cast<float>(acc[oc]) * scale[b] * filter_scales[oc];
          if (bias_data != nullptr) v += bias_data[oc];
          yp[oc] = conv::Clamp(v, lo, hi);
        }
      });
  return absl::OkStatus();
}

absl::Status DepthwiseConv2D(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::CheckInputSizes(c));
  const tflite::DepthwiseConv2DOptionsT* o = c.op().builtin_options.AsDepthwiseConv2DOptions();
  if (o == nullptr) return c.Error("the operator has no DepthwiseConv2DOptions");
  const RtTensor& input = c.input(0);
  const RtTensor& filter = c.input(1);
  DepthwiseShape s;
  TFCONV_KERNEL_RETURN_IF_ERROR(GetShape(c, *o, input, filter, &s));
  RtTensor* out;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::PrepareOutput(c, input.type(), {s.batches, s.h.out, s.w.out, s.out_c}, &out));

  if (input.type() == TensorType::FLOAT32) {
    if (filter.type() == TensorType::FLOAT32) return EvalFloat(c, *o, s, input, filter, *out);
    if (filter.type() == TensorType::INT8) return EvalHybrid(c, *o, s, input, filter, *out);
    return conv::UnsupportedWeights(c, filter);
  }
  conv::Requant r;
  conv::QuantizedPath path;
  TFCONV_KERNEL_RETURN_IF_ERROR(
      conv::PrepareQuantizedConv(c, input, filter, *out, s.out_c, 3, o->fused_activation_function, &r, &path));
  if (path == conv::QuantizedPath::kUint8) {
    return EvalQuantized<uint8_t, uint8_t, int32_t>(c, s, input, filter, r, *out);
  }
  if (path == conv::QuantizedPath::kInt8) return EvalQuantized<int8_t, int8_t, int32_t>(c, s, input, filter, r, *out);
  return EvalQuantized<int16_t, int8_t, int64_t>(c, s, input, filter, r, *out);
}

}  // namespace

void RegisterDepthwiseConv2D(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::DEPTHWISE_CONV_2D, DepthwiseConv2D);
}

}  // namespace tfconv
