// CONV_2D as the TFLite kernels compute it (input NHWC, filter OHWI, optional bias, output NHWC):
//   float32: each output is the sum over taps (fy, fx, ic ascending) from 0, then + bias, then the
//            clamp, so it rounds exactly as reference_ops::Conv;
//   uint8:   per-tensor, (w - w_zp) * (x - x_zp), the legacy multiplier (conv_util.h);
//   int8:    symmetric filters, per-channel or per-tensor, w * (x - x_zp);
//   int16:   activations with int8 filters (16x8), accumulating in the bias type: int64 with the
//            64-bit multiplier, or int32 with the 32-bit one (reference_integer_ops::ConvPerChannel);
//   hybrid:  float input with int8 filters, the input quantized to int8 per batch on the fly.
// Grouped convolution (a filter input depth that divides the input depth) works for every type.
#include <cstdint>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/conv/conv_ops.h"
#include "runtime_check/kernels/conv/conv_util.h"

namespace tfconv {
namespace {

using tflite::TensorType;

struct ConvShape {
  int batches = 0, in_h = 0, in_w = 0, in_c = 0, out_c = 0;
  int groups = 1, group_in_c = 0, group_out_c = 0;  // channels of one group
  conv::Window h, w;
};

absl::Status GetShape(const KernelContext& c, const tflite::Conv2DOptionsT& o, const RtTensor& input,
                      const RtTensor& filter, ConvShape* s) {
  if (input.rank() != 4 || filter.rank() != 4) {
    return c.Error(absl::StrCat("input ", ShapeString(input.shape()), " and filter ", ShapeString(filter.shape()),
                                " must be 4-D (NHWC and OHWI)"));
  }
  s->batches = input.dim(0);
  s->in_h = input.dim(1);
  s->in_w = input.dim(2);
  s->in_c = input.dim(3);
  s->out_c = filter.dim(0);
  s->group_in_c = filter.dim(3);
  if (s->in_c <= 0 || s->group_in_c <= 0 || s->in_c % s->group_in_c != 0 || s->out_c <= 0) {
    return c.Error(absl::StrCat("filter ", ShapeString(filter.shape()), " does not fit input ",
                                ShapeString(input.shape()), ": its input depth must divide ", s->in_c));
  }
  s->groups = s->in_c / s->group_in_c;
  if (s->out_c % s->groups != 0) {
    return c.Error(absl::StrCat(s->out_c, " output channels do not split into ", s->groups, " groups"));
  }
  s->group_out_c = s->out_c / s->groups;
  TFCONV_KERNEL_RETURN_IF_ERROR(
      conv::MakeWindow(c, "height", o.padding, s->in_h, filter.dim(1), o.stride_h, o.dilation_h_factor, &s->h));
  return conv::MakeWindow(c, "width", o.padding, s->in_w, filter.dim(2), o.stride_w, o.dilation_w_factor, &s->w);
}

// Sums every output channel of pixel (oy, ox) of one image into acc: acc[oc] = sum of
// (x + input_offset) * w over the taps inside the image, visited per output channel in TFLite's
// order (fy, fx, ic ascending), so float sums round exactly like the reference kernel's. The
// innermost loop runs over contiguous output channels of the [H][W][I][O] weights.
template <typename In, typename Prod, typename Acc>
void AccumulatePixel(const ConvShape& s, const In* image, const Prod* w_hwio, Prod input_offset, int oy, int ox,
                     Acc* acc) {
  const int iy0 = oy * s.h.stride - s.h.pad;
  const int ix0 = ox * s.w.stride - s.w.pad;
  int fy0, fy1, fx0, fx1;
  s.h.ValidTaps(iy0, &fy0, &fy1);
  s.w.ValidTaps(ix0, &fx0, &fx1);
  std::fill(acc, acc + s.out_c, Acc(0));
  for (int fy = fy0; fy < fy1; ++fy) {
    const int64_t row = static_cast<int64_t>(iy0 + fy * s.h.dilation) * s.in_w;
    for (int fx = fx0; fx < fx1; ++fx) {
      const In* px = image + (row + ix0 + fx * s.w.dilation) * s.in_c;
      const Prod* taps = w_hwio + (static_cast<int64_t>(fy) * s.w.filter + fx) * s.group_in_c * s.out_c;
      for (int g = 0; g < s.groups; ++g) {
        Acc* __restrict a = acc + g * s.group_out_c;
        for (int ic = 0; ic < s.group_in_c; ++ic) {
          Prod x = static_cast<Prod>(px[g * s.group_in_c + ic]);
          if constexpr (std::is_integral_v<Prod>) x += input_offset;
          const Prod* __restrict wr = taps + static_cast<int64_t>(ic) * s.out_c + g * s.group_out_c;
          for (int oc = 0; oc < s.group_out_c; ++oc) a[oc] += static_cast<Acc>(x * wr[oc]);
        }
      }
    }
  }
}

// Calls emit(batch, pixel, acc) for every output pixel (pixel = flat index over N, H, W), with
// acc holding its out_c sums; offset_of(batch) gives the input offset of a batch.
template <typename Acc, typename In, typename Prod, typename OffsetOf, typename Emit>
void ForEachPixel(const ConvShape& s, const In* input, const Prod* w_hwio, OffsetOf offset_of, Emit emit) {
  std::vector<Acc> acc(s.out_c);
  const int64_t image = static_cast<int64_t>(s.in_h) * s.in_w * s.in_c;
  for (int b = 0; b < s.batches; ++b) {
    const Prod offset = offset_of(b);
    for (int oy = 0; oy < s.h.out; ++oy) {
      for (int ox = 0; ox < s.w.out; ++ox) {
        AccumulatePixel(s, input + b * image, w_hwio, offset, oy, ox, acc.data());
        emit(b, (static_cast<int64_t>(b) * s.h.out + oy) * s.w.out + ox, acc.data());
      }
    }
  }
}

// The filter as [H][W][I][O]; integer weights get `offset` (the negated filter zero point) added.
template <typename To, typename From>
std::vector<To> FilterHwio(const ConvShape& s, const RtTensor& filter, To offset) {
  return conv::OhwiToHwio<To>(filter.data<From>(), s.out_c, s.h.filter, s.w.filter, s.group_in_c, [offset](From v) {
    if constexpr (std::is_integral_v<To>) return static_cast<To>(v + offset);
    return static_cast<To>(v);
  });
}

absl::Status EvalFloat(KernelContext& c, const tflite::Conv2DOptionsT& o, const ConvShape& s, const RtTensor& input,
                       const RtTensor& filter, RtTensor& out) {
  float lo, hi;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::FloatActivationRange(c, o.fused_activation_function, &lo, &hi));
  const RtTensor* bias;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::OptionalBias(c, 2, TensorType::FLOAT32, s.out_c, &bias));
  const std::vector<float> w = FilterHwio<float, float>(s, filter, 0.0f);
  const float* b = bias != nullptr ? bias->data<float>() : nullptr;
  float* y = out.mutable_data<float>();
  ForEachPixel<float>(
      s, input.data<float>(), w.data(), [](int) { return 0.0f; },
      [&](int, int64_t pixel, const float* acc) {
        float* yp = y + pixel * s.out_c;
        for (int oc = 0; oc < s.out_c; ++oc) {
          yp[oc] = conv::Clamp(acc[oc] + (b != nullptr ? b[oc] : 0.0f), lo, hi);
        }
      });
  return absl::OkStatus();
}

// uint8, int8 and int16 activations: integer sums, then Requantize per output channel.
template <typename In, typename W, typename Acc>
absl::Status EvalQuantized(KernelContext& c, const ConvShape& s, const RtTensor& input, const RtTensor& filter,
                           const conv::Requant& r, RtTensor& out) {
  const Acc* b;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::QuantizedBias(c, 2, s.out_c, &b));
  const std::vector<int32_t> w = FilterHwio<int32_t, W>(s, filter, -filter.zero_point());
  const int32_t input_offset = -input.zero_point();
  In* y = out.mutable_data<In>();
  ForEachPixel<Acc>(
      s, input.data<In>(), w.data(), [&](int) { return input_offset; },
      [&](int, int64_t pixel, const Acc* acc) {
        conv::RequantizePixel(acc, b, r, out.zero_point(), s.out_c, y + pixel * s.out_c);
      });
  return absl::OkStatus();
}

// Float input, int8 filter. With one filter scale (or all scales equal) TFLite quantizes each batch
// symmetrically and computes 0 + float(acc) * (s_x * s_w), then + bias (optimized_ops::HybridConv,
// the only hybrid per-tensor kernel). With distinct scales it quantizes asymmetrically and computes
// float(acc) * (s_w[oc] * s_x) + bias (optimized_ops::HybridConvPerChannel, the default kernel);
// grouped convolutions fall back to the reference kernel, whose float(acc) * s_w[oc] * s_x rounds
// differently. The asymmetric_quantize_inputs option does not exist for CONV_2D.
absl::Status EvalHybrid(KernelContext& c, const tflite::Conv2DOptionsT& o, const ConvShape& s, const RtTensor& input,
                        const RtTensor& filter, RtTensor& out) {
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::CheckFilterQuantization(c, filter, s.out_c, 0, /*symmetric=*/true));
  float lo, hi;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::FloatActivationRange(c, o.fused_activation_function, &lo, &hi));
  const RtTensor* bias;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::OptionalBias(c, 2, TensorType::FLOAT32, s.out_c, &bias));
  const std::vector<float>& filter_scales = filter.quantization()->scale;
  bool per_channel = s.groups != 1;
  for (float f : filter_scales) per_channel |= f != filter_scales[0];

  const int64_t image = static_cast<int64_t>(s.in_h) * s.in_w * s.in_c;
  std::vector<int8_t> q(static_cast<size_t>(image) * s.batches);
  std::vector<float> scale(s.batches);
  std::vector<int32_t> zero_point(s.batches, 0);
  for (int b = 0; b < s.batches; ++b) {
    const float* x = input.data<float>() + b * image;
    if (per_channel) {
      conv::AsymmetricQuantizeRow(x, static_cast<int>(image), q.data() + b * image, &scale[b], &zero_point[b]);
    } else {
      conv::SymmetricQuantizeRow(x, static_cast<int>(image), q.data() + b * image, &scale[b]);
      scale[b] *= filter_scales[0];
    }
  }
  const std::vector<int32_t> w = FilterHwio<int32_t, int8_t>(s, filter, 0);
  const float* bias_data = bias != nullptr ? bias->data<float>() : nullptr;
  float* y = out.mutable_data<float>();
  const bool reference_order = s.groups != 1;
  ForEachPixel<int32_t>(
      s, q.data(), w.data(), [&](int b) { return -zero_point[b]; },
      [&](int b, int64_t pixel, const int32_t* acc) {
        float* yp = y + pixel * s.out_c;
        for (int oc = 0; oc < s.out_c; ++oc) {
          float v;
          if (!per_channel) {
            v = 0.0f;
            v += static_cast<float>(acc[oc]) * scale[b];
          } else if (reference_order) {
            v = static_cast<float>(acc[oc]) * filter_scales[oc] * scale[b];
          } else {
            v = static_cast<float>(acc[oc]) * (filter_scales[oc] * scale[b]);
          }
          if (bias_data != nullptr) v += bias_data[oc];
          yp[oc] = conv::Clamp(v, lo, hi);
        }
      });
  return absl::OkStatus();
}

absl::Status Conv2D(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::CheckInputSizes(c));
  const tflite::Conv2DOptionsT* o = c.op().builtin_options.AsConv2DOptions();
  if (o == nullptr) return c.Error("the operator has no Conv2DOptions");
  const RtTensor& input = c.input(0);
  const RtTensor& filter = c.input(1);
  ConvShape s;
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
      conv::PrepareQuantizedConv(c, input, filter, *out, s.out_c, 0, o->fused_activation_function, &r, &path));
  if (path == conv::QuantizedPath::kUint8) {
    return EvalQuantized<uint8_t, uint8_t, int32_t>(c, s, input, filter, r, *out);
  }
  if (path == conv::QuantizedPath::kInt8) return EvalQuantized<int8_t, int8_t, int32_t>(c, s, input, filter, r, *out);
  // The accumulator follows the bias type; without a bias, the quantized_bias_type option (int64 by default).
  const bool int32_acc =
      c.has_input(2) ? c.input(2).type() == TensorType::INT32 : o->quantized_bias_type == TensorType::INT32;
  if (int32_acc) return EvalQuantized<int16_t, int8_t, int32_t>(c, s, input, filter, r, *out);
  return EvalQuantized<int16_t, int8_t, int64_t>(c, s, input, filter, r, *out);
}

}  // namespace

void RegisterConv2D(KernelRegistry& registry) { registry.AddBuiltin(tflite::BuiltinOperator::CONV_2D, Conv2D); }

}  // namespace tfconv
