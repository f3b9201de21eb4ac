// TRANSPOSE_CONV as the TFLite kernels compute it. Inputs: the output shape (int32 [4]), the
// weights OHWI, the input NHWC and an optional bias; fused activation from version 4.
// The reference kernels scatter each input pixel into the output; this computes the same sums by
// gathering, per output element, the input pixels (iy, ix, ic ascending, the scatter's order) whose
// window covers it, so float sums round exactly as the reference's. The padding is TFLite's
// (ComputePaddingHeightWidth on the output size).
//   float32, uint8 (per-tensor, (w - w_zp) * (x - x_zp), legacy multiplier), int8 (symmetric
//   per-channel filters), int16 with int8 filters (int64 or int32 accumulator as the bias type).
// Hybrid (float input, int8 weights) is not implemented.
#include <cstdint>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/conv/conv_ops.h"
#include "runtime_check/kernels/conv/conv_util.h"

namespace tfconv {
namespace {

using tflite::TensorType;

struct TransposeShape {
  int batches = 0, in_h = 0, in_w = 0, in_c = 0;
  int out_h = 0, out_w = 0, out_c = 0;
  int k_h = 0, k_w = 0;
  int stride_h = 1, stride_w = 1, pad_h = 0, pad_w = 0;
};

int FloorDiv(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// Input positions i in [0, in) whose window covers output position o: tap t = o + pad - i * stride
// in [0, k). Gives [*begin, *end), iterated ascending (taps descending).
void CoveringInputs(int o, int pad, int stride, int k, int in, int* begin, int* end) {
  *begin = std::max(0, FloorDiv(o + pad - k, stride) + 1);
  *end = std::min(in, FloorDiv(o + pad, stride) + 1);
  if (*end < *begin) *end = *begin;
}

// TFLite pads as a convolution from the output back to the input would: ComputePaddingHeightWidth
// with the output size as its input size (the conv output size it computes is unused).
int Padding(tflite::Padding padding, int out, int k, int stride) {
  const int64_t conv_out =
      padding == tflite::Padding::SAME ? (int64_t{out} + stride - 1) / stride : (int64_t{out} + stride - k) / stride;
  return static_cast<int>(std::max<int64_t>(0, (conv_out - 1) * stride + k - out) / 2);
}

absl::Status GetShape(const KernelContext& c, const tflite::TransposeConvOptionsT& o, const RtTensor& output_shape,
                      const RtTensor& weights, const RtTensor& input, TransposeShape* s) {
  if (output_shape.type() != TensorType::INT32) return c.UnsupportedType(output_shape);
  if (output_shape.num_elements() != 4) {
    return c.Error(absl::StrCat("the output shape has ", output_shape.num_elements(), " elements, expected 4"));
  }
  if (input.rank() != 4 || weights.rank() != 4) {
    return c.Error(absl::StrCat("input ", ShapeString(input.shape()), " and weights ", ShapeString(weights.shape()),
                                " must be 4-D (NHWC and OHWI)"));
  }
  const int32_t* dims = output_shape.data<int32_t>();
  for (int i = 0; i < 4; ++i) {
    if (dims[i] < 0) return c.Error(absl::StrCat("the output shape has the negative dimension ", dims[i]));
  }
  s->batches = input.dim(0);
  s->in_h = input.dim(1);
  s->in_w = input.dim(2);
  s->in_c = input.dim(3);
  s->out_h = dims[1];
  s->out_w = dims[2];
  s->out_c = dims[3];
  s->k_h = weights.dim(1);
  s->k_w = weights.dim(2);
  if (dims[0] != s->batches || weights.dim(0) != s->out_c || weights.dim(3) != s->in_c) {
    return c.Error(absl::StrCat("output shape [", dims[0], ",", dims[1], ",", dims[2], ",", dims[3], "], weights ",
                                ShapeString(weights.shape()), " and input ", ShapeString(input.shape()),
                                " do not match"));
  }
  if (o.stride_h <= 0 || o.stride_w <= 0) {
    return c.Error(absl::StrCat("strides ", o.stride_h, "x", o.stride_w, " must be positive"));
  }
  if (o.padding != tflite::Padding::SAME && o.padding != tflite::Padding::VALID) {
    return c.Unimplemented(absl::StrCat("padding ", static_cast<int>(o.padding)));
  }
  s->stride_h = o.stride_h;
  s->stride_w = o.stride_w;
  s->pad_h = Padding(o.padding, s->out_h, s->k_h, o.stride_h);
  s->pad_w = Padding(o.padding, s->out_w, s->k_w, o.stride_w);
  return absl::OkStatus();
}

// For every output pixel, acc[oc] = sum over covering input pixels (iy, ix, ic ascending) of
// (x + input_offset) * w[fy][fx][ic][oc]; then emit(pixel, acc).
template <typename Acc, typename In, typename Prod, typename Emit>
void ForEachPixel(const TransposeShape& s, const In* input, const Prod* w_hwio, Prod input_offset, Emit emit) {
  std::vector<Acc> acc(s.out_c);
  for (int b = 0; b < s.batches; ++b) {
    for (int oy = 0; oy < s.out_h; ++oy) {
      int iy0, iy1;
      CoveringInputs(oy, s.pad_h, s.stride_h, s.k_h, s.in_h, &iy0, &iy1);
      for (int ox = 0; ox < s.out_w; ++ox) {
        int ix0, ix1;
        CoveringInputs(ox, s.pad_w, s.stride_w, s.k_w, s.in_w, &ix0, &ix1);
        std::fill(acc.begin(), acc.end(), Acc(0));
        Acc* __restrict a = acc.data();
        for (int iy = iy0; iy < iy1; ++iy) {
          const int fy = oy + s.pad_h - iy * s.stride_h;
          for (int ix = ix0; ix < ix1; ++ix) {
            const int fx = ox + s.pad_w - ix * s.stride_w;
            const In* px = input + ((static_cast<int64_t>(b) * s.in_h + iy) * s.in_w + ix) * s.in_c;
            const Prod* taps = w_hwio + (static_cast<int64_t>(fy) * s.k_w + fx) * s.in_c * s.out_c;
            for (int ic = 0; ic < s.in_c; ++ic) {
              Prod x = static_cast<Prod>(px[ic]);
              if constexpr (std::is_integral_v<Prod>) x += input_offset;
              const Prod* __restrict wr = taps + static_cast<int64_t>(ic) * s.out_c;
              for (int oc = 0; oc < s.out_c; ++oc) a[oc] += static_cast<Acc>(x * wr[oc]);
            }
          }
        }
        emit((static_cast<int64_t>(b) * s.out_h + oy) * s.out_w + ox, acc.data());
      }
    }
  }
}

absl::Status EvalFloat(KernelContext& c, const tflite::TransposeConvOptionsT& o, const TransposeShape& s,
                       const RtTensor& weights, const RtTensor& input, RtTensor& out) {
  float lo, hi;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::FloatActivationRange(c, o.fused_activation_function, &lo, &hi));
  const RtTensor* bias;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::OptionalBias(c, 3, TensorType::FLOAT32, s.out_c, &bias));
  const std::vector<float> w =
      conv::OhwiToHwio<float>(weights.data<float>(), s.out_c, s.k_h, s.k_w, s.in_c, [](float v) { return v; });
  const float* b = bias != nullptr ? bias->data<float>() : nullptr;
  float* y = out.mutable_data<float>();
  ForEachPixel<float>(s, input.data<float>(), w.data(), 0.0f, [&](int64_t pixel, const float* acc) {
    float* yp = y + pixel * s.out_c;
    for (int oc = 0; oc < s.out_c; ++oc) {
      float v = acc[oc];
      if (b != nullptr) v += b[oc];
      yp[oc] = conv::Clamp(v, lo, hi);
    }
  });
  return absl::OkStatus();
}

template <typename In, typename W, typename Acc>
absl::Status EvalQuantized(KernelContext& c, const TransposeShape& s, const RtTensor& weights, const RtTensor& input,
                           const conv::Requant& r, RtTensor& out) {
  const Acc* b;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::QuantizedBias(c, 3, s.out_c, &b));
  const int32_t filter_zp = weights.zero_point();
  const std::vector<int32_t> w = conv::OhwiToHwio<int32_t>(weights.data<W>(), s.out_c, s.k_h, s.k_w, s.in_c,
                                                           [filter_zp](W v) { return int32_t{v} - filter_zp; });
  In* y = out.mutable_data<In>();
  ForEachPixel<Acc>(s, input.data<In>(), w.data(), -input.zero_point(), [&](int64_t pixel, const Acc* acc) {
    conv::RequantizePixel(acc, b, r, out.zero_point(), s.out_c, y + pixel * s.out_c);
  });
  return absl::OkStatus();
}

absl::Status TransposeConv(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(3, 1));
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::CheckInputSizes(c));
  const tflite::TransposeConvOptionsT* o = c.op().builtin_options.AsTransposeConvOptions();
  if (o == nullptr) return c.Error("the operator has no TransposeConvOptions");
  const RtTensor& weights = c.input(1);
  const RtTensor& input = c.input(2);
  TransposeShape s;
  TFCONV_KERNEL_RETURN_IF_ERROR(GetShape(c, *o, c.input(0), weights, input, &s));
  RtTensor* out;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::PrepareOutput(c, input.type(), {s.batches, s.out_h, s.out_w, s.out_c}, &out));

  if (input.type() == TensorType::FLOAT32) {
    if (weights.type() == TensorType::FLOAT32) return EvalFloat(c, *o, s, weights, input, *out);
    if (weights.type() == TensorType::INT8) {
      return c.Unimplemented("hybrid TRANSPOSE_CONV (float input with int8 weights)");
    }
    return conv::UnsupportedWeights(c, weights);
  }
  conv::Requant r;
  conv::QuantizedPath path;
  TFCONV_KERNEL_RETURN_IF_ERROR(
      conv::PrepareQuantizedConv(c, input, weights, *out, s.out_c, 0, o->fused_activation_function, &r, &path));
  if (path == conv::QuantizedPath::kUint8) {
    return EvalQuantized<uint8_t, uint8_t, int32_t>(c, s, weights, input, r, *out);
  }
  if (path == conv::QuantizedPath::kInt8) return EvalQuantized<int8_t, int8_t, int32_t>(c, s, weights, input, r, *out);
  const bool int32_acc =
      c.has_input(3) ? c.input(3).type() == TensorType::INT32 : o->quantized_bias_type == TensorType::INT32;
  if (int32_acc) return EvalQuantized<int16_t, int8_t, int32_t>(c, s, weights, input, r, *out);
  return EvalQuantized<int16_t, int8_t, int64_t>(c, s, weights, input, r, *out);
}

}  // namespace

void RegisterTransposeConv(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::TRANSPOSE_CONV, TransposeConv);
}

}  // namespace tfconv
