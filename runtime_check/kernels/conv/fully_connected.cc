// FULLY_CONNECTED as the TFLite kernels compute it. Weights [units, depth]; the input, of any rank,
// is read as [total / depth, depth] rows; the output is [rows, units], or the input's shape with
// the last dimension replaced by units under keep_num_dims. Bias optional. Only the DEFAULT
// weights format.
//   float32: each output is the dot product (d ascending, from 0), + bias, then the clamp
//            (reference_ops::FullyConnected);
//   uint8:   per-tensor, (w - w_zp) * (x - x_zp), legacy multiplier;
//   int8:    per-tensor (filter zero point allowed, legacy multiplier) or per-channel (symmetric,
//            per-channel multipliers);
//   int16:   activations with int8 weights, accumulating in the bias type (int64 or int32);
//   hybrid:  float input with int8 weights: each row quantized to int8 on the fly (symmetric, or
//            asymmetric with asymmetric_quantize_inputs), int32 dot products, then
//            bias + float(dot - row_sum * zp) * scale, scale = s_x * s_w (per-channel: s_w[unit]).
//            This is the optimized tensor_utils kernel TFLite runs; the portable one drops
//            per-channel scales when the input is quantized symmetrically.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/conv/conv_ops.h"
#include "runtime_check/kernels/conv/conv_util.h"

namespace tfconv {
namespace {

using tflite::TensorType;

struct FcShape {
  int rows = 0, depth = 0, units = 0;
};

// Calls emit(u, sum_d x[d] * w[u][d]) for every unit, each sum taken in d order from 0. Four units
// at a time, so that four independent chains of additions overlap.
template <typename Acc, typename X, typename W, typename Emit>
void MatVec(const X* x, const W* w, int depth, int units, Emit emit) {
  int u = 0;
  for (; u + 4 <= units; u += 4) {
    const W* w0 = w + static_cast<int64_t>(u) * depth;
    const W* w1 = w0 + depth;
    const W* w2 = w1 + depth;
    const W* w3 = w2 + depth;
    Acc a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (int d = 0; d < depth; ++d) {
      const Acc xd = static_cast<Acc>(x[d]);
      a0 += xd * static_cast<Acc>(w0[d]);
      a1 += xd * static_cast<Acc>(w1[d]);
      a2 += xd * static_cast<Acc>(w2[d]);
      a3 += xd * static_cast<Acc>(w3[d]);
    }
    emit(u, a0);
    emit(u + 1, a1);
    emit(u + 2, a2);
    emit(u + 3, a3);
  }
  for (; u < units; ++u) {
    const W* wu = w + static_cast<int64_t>(u) * depth;
    Acc a = 0;
    for (int d = 0; d < depth; ++d) a += static_cast<Acc>(x[d]) * static_cast<Acc>(wu[d]);
    emit(u, a);
  }
}

absl::Status EvalFloat(KernelContext& c, tflite::ActivationFunctionType act, const FcShape& s, const RtTensor& input,
                       const RtTensor& weights, RtTensor& out) {
  float lo, hi;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::FloatActivationRange(c, act, &lo, &hi));
  const RtTensor* bias;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::OptionalBias(c, 2, TensorType::FLOAT32, s.units, &bias));
  const float* b = bias != nullptr ? bias->data<float>() : nullptr;
  for (int r = 0; r < s.rows; ++r) {
    float* y = out.mutable_data<float>() + static_cast<int64_t>(r) * s.units;
    MatVec<float>(input.data<float>() + static_cast<int64_t>(r) * s.depth, weights.data<float>(), s.depth, s.units,
                  [&](int u, float sum) { y[u] = conv::Clamp(sum + (b != nullptr ? b[u] : 0.0f), lo, hi); });
  }
  return absl::OkStatus();
}

// Integer paths. sum_d (w + f) * x' = sum_d w * x' + f * sum_d x' exactly (modulo 2^32 as well), so
// the filter offset f is applied once per row instead of once per product.
template <typename In, typename W, typename Acc>
absl::Status EvalQuantized(KernelContext& c, const FcShape& s, const RtTensor& input, const RtTensor& weights,
                           const conv::Requant& r, RtTensor& out) {
  constexpr TensorType kBiasType = std::is_same_v<Acc, int64_t> ? TensorType::INT64 : TensorType::INT32;
  const RtTensor* bias;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::OptionalBias(c, 2, kBiasType, s.units, &bias));
  const Acc* b = bias != nullptr ? bias->data<Acc>() : nullptr;
  const int32_t input_offset = -input.zero_point();
  const Acc filter_offset = -static_cast<Acc>(weights.zero_point());
  const int32_t out_zp = out.zero_point();
  std::vector<int32_t> x(s.depth);
  for (int row = 0; row < s.rows; ++row) {
    const In* in = input.data<In>() + static_cast<int64_t>(row) * s.depth;
    Acc x_sum = 0;
    for (int d = 0; d < s.depth; ++d) {
      x[d] = static_cast<int32_t>(in[d]) + input_offset;
      x_sum += x[d];
    }
    In* y = out.mutable_data<In>() + static_cast<int64_t>(row) * s.units;
    MatVec<Acc>(x.data(), weights.data<W>(), s.depth, s.units, [&](int u, Acc sum) {
      y[u] = conv::Requantize<In>(static_cast<Acc>(sum + filter_offset * x_sum), b, u, r, out_zp);
    });
  }
  return absl::OkStatus();
}

// tensor_utils::ApplyActivationToVector, which the hybrid kernel uses instead of the clamp
// (std::max(0.0f, v) turns a NaN into 0 where the clamp keeps it).
absl::Status HybridActivation(const KernelContext& c, tflite::ActivationFunctionType act, float (**fn)(float)) {
  using A = tflite::ActivationFunctionType;
  switch (act) {
    case A::NONE: *fn = [](float v) { return v; }; return absl::OkStatus();
    case A::RELU: *fn = [](float v) { return std::max(0.0f, v); }; return absl::OkStatus();
    case A::RELU_N1_TO_1: *fn = [](float v) { return std::max(-1.0f, std::min(v, 1.0f)); }; return absl::OkStatus();
    case A::RELU6: *fn = [](float v) { return std::max(0.0f, std::min(v, 6.0f)); }; return absl::OkStatus();
    default:
      return c.Unimplemented(absl::StrCat("fused activation ", tflite::EnumNameActivationFunctionType(act),
                                          " on a hybrid FULLY_CONNECTED"));
  }
}

absl::Status EvalHybrid(KernelContext& c, const tflite::FullyConnectedOptionsT& o, const FcShape& s,
                        const RtTensor& input, const RtTensor& weights, RtTensor& out) {
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::CheckFilterQuantization(c, weights, s.units, 0, /*symmetric=*/true));
  float (*activate)(float) = nullptr;
  TFCONV_KERNEL_RETURN_IF_ERROR(HybridActivation(c, o.fused_activation_function, &activate));
  const RtTensor* bias;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::OptionalBias(c, 2, TensorType::FLOAT32, s.units, &bias));
  const float* b = bias != nullptr ? bias->data<float>() : nullptr;
  float* y = out.mutable_data<float>();
  const float* x = input.data<float>();
  const int64_t total = static_cast<int64_t>(s.rows) * s.depth;
  // TFLite skips the product when the whole input is zero: the output is the activated bias.
  if (std::all_of(x, x + total, [](float v) { return v == 0.0f; })) {
    for (int64_t i = 0; i < static_cast<int64_t>(s.rows) * s.units; ++i) {
      y[i] = activate(b != nullptr ? b[i % s.units] : 0.0f);
    }
    return absl::OkStatus();
  }
  const int8_t* w = weights.data<int8_t>();
  const std::vector<float>& filter_scales = weights.quantization()->scale;
  const bool per_channel = filter_scales.size() > 1;
  std::vector<int32_t> row_sums(s.units, 0);
  for (int u = 0; u < s.units; ++u) {
    for (int d = 0; d < s.depth; ++d) row_sums[u] += w[static_cast<int64_t>(u) * s.depth + d];
  }
  std::vector<int8_t> q(s.depth);
  for (int row = 0; row < s.rows; ++row) {
    float scale;
    int32_t zp = 0;
    if (o.asymmetric_quantize_inputs) {
      conv::AsymmetricQuantizeRow(x + static_cast<int64_t>(row) * s.depth, s.depth, q.data(), &scale, &zp);
    } else {
      conv::SymmetricQuantizeRow(x + static_cast<int64_t>(row) * s.depth, s.depth, q.data(), &scale);
    }
    if (!per_channel) scale *= filter_scales[0];
    float* yr = y + static_cast<int64_t>(row) * s.units;
    MatVec<int32_t>(q.data(), w, s.depth, s.units, [&](int u, int32_t dot) {
      dot -= row_sums[u] * zp;
      const float unit_scale = per_channel ? scale * filter_scales[u] : scale;
      float v = b != nullptr ? b[u] : 0.0f;
      v += static_cast<float>(dot) * unit_scale;
      yr[u] = activate(v);
    });
  }
  return absl::OkStatus();
}

absl::Status FullyConnected(KernelContext& c) {
  const tflite::FullyConnectedOptionsT* opts = c.op().builtin_options.AsFullyConnectedOptions();
  const tflite::FullyConnectedOptionsT o = opts != nullptr ? *opts : tflite::FullyConnectedOptionsT();
  if (o.weights_format != tflite::FullyConnectedOptionsWeightsFormat::DEFAULT) {
    return c.Unimplemented(
        absl::StrCat("weights format ", tflite::EnumNameFullyConnectedOptionsWeightsFormat(o.weights_format)));
  }
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::CheckInputSizes(c));
  const RtTensor& input = c.input(0);
  const RtTensor& weights = c.input(1);
  if (weights.rank() != 2) {
    return c.Error(absl::StrCat("weights ", ShapeString(weights.shape()), " must be 2-D [units, depth]"));
  }
  FcShape s;
  s.units = weights.dim(0);
  s.depth = weights.dim(1);
  const int64_t total = input.num_elements();
  int64_t rows = 1;
  if (s.depth == 0) {
    for (int i = 0; i + 1 < input.rank(); ++i) rows *= input.dim(i);
  } else {
    if (total % s.depth != 0) {
      return c.Error(absl::StrCat("input ", ShapeString(input.shape()), " does not split into rows of ", s.depth));
    }
    rows = total / s.depth;
  }
  if (rows > std::numeric_limits<int32_t>::max()) return c.Error("too many input rows");
  s.rows = static_cast<int>(rows);
  std::vector<int32_t> out_shape = {s.rows, s.units};
  if (o.keep_num_dims) {
    if (input.rank() == 0 || (s.depth != 0 && input.dim(-1) != s.depth)) {
      return c.Error(absl::StrCat("keep_num_dims needs the input's last dimension to be ", s.depth, ", got ",
                                  ShapeString(input.shape())));
    }
    out_shape = input.shape();
    out_shape.back() = s.units;
  }

  const TensorType type = input.type();
  if (c.output(0).type() != type && type == TensorType::UINT8) {
    return c.Unimplemented(absl::StrCat("uint8 input with ", TfliteTypeName(c.output(0).type()), " output"));
  }
  RtTensor* out;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::PrepareOutput(c, type, out_shape, &out));
  if (type == TensorType::FLOAT32) {
    if (weights.type() == TensorType::FLOAT32)
      return EvalFloat(c, o.fused_activation_function, s, input, weights, *out);
    if (weights.type() == TensorType::INT8) return EvalHybrid(c, o, s, input, weights, *out);
    return conv::UnsupportedWeights(c, weights);
  }
  if (type != TensorType::UINT8 && type != TensorType::INT8 && type != TensorType::INT16) {
    return c.UnsupportedType(input);
  }
  const bool is_uint8 = type == TensorType::UINT8;
  if (weights.type() != (is_uint8 ? TensorType::UINT8 : TensorType::INT8)) return conv::UnsupportedWeights(c, weights);
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::RequireQuantized(c, input, "input"));
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::RequireQuantized(c, *out, "output"));
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::CheckFilterQuantization(c, weights, s.units, 0, /*symmetric=*/false));
  conv::Requant r;
  TFCONV_KERNEL_RETURN_IF_ERROR(QuantizedActivationRange(c, o.fused_activation_function, *out, &r.act_min, &r.act_max));
  const bool per_channel = weights.num_channels() > 1;
  if (per_channel && is_uint8) return c.Unimplemented("per-channel quantization of uint8 weights");
  if (per_channel) {
    conv::PerChannelRequant(input, weights, *out, &r);
  } else {
    conv::LegacyRequant(input, weights, *out, &r);
  }
  if (is_uint8) return EvalQuantized<uint8_t, uint8_t, int32_t>(c, s, input, weights, r, *out);
  if (type == TensorType::INT8) return EvalQuantized<int8_t, int8_t, int32_t>(c, s, input, weights, r, *out);
  if (input.zero_point() != 0 || out->zero_point() != 0) {
    return c.Error("int16 input and output must have zero point 0");
  }
  const bool int32_acc =
      c.has_input(2) ? c.input(2).type() == TensorType::INT32 : o.quantized_bias_type == TensorType::INT32;
  if (int32_acc) return EvalQuantized<int16_t, int8_t, int32_t>(c, s, input, weights, r, *out);
  return EvalQuantized<int16_t, int8_t, int64_t>(c, s, input, weights, r, *out);
}

}  // namespace

void RegisterFullyConnected(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::FULLY_CONNECTED, FullyConnected);
}

}  // namespace tfconv
