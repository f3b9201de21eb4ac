// QUANTIZE and DEQUANTIZE.
//   QUANTIZE float32 -> uint8/int8/int16: round(x / scale) in float, plus the zero point, clamped;
//     per tensor or per axis (one scale per index of the quantized dimension).
//   QUANTIZE requantization between int8, uint8, int16 and int32: (x - z_in) times the Q31
//     multiplier of s_in / s_out (computed in double), plus z_out, clamped. This covers TFLite's
//     pairs and TFLite Micro's (which adds int8 -> int16/int32); int16 -> int16 needs zero points 0.
//   DEQUANTIZE uint8/int8/int16 -> float32: scale * (x - zero_point), in double per tensor and in
//     float per axis, as the reference kernels (the optimized per-tensor kernel multiplies in
//     float, which can differ in the last bit); float16 -> float32 exactly.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/kernels/activation/activation_ops.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/numeric/half.h"

namespace tfconv {
namespace activation {
namespace {

using tflite::TensorType;

// The channel of each element along a tensor's quantized dimension, and the per-channel
// parameters (a single zero point applies to every channel).
struct Channels {
  int64_t inner = 1;  // elements after the quantized dimension
  int64_t count = 1;
  std::vector<float> scales;
  std::vector<int32_t> zero_points;
  int64_t Of(int64_t i) const { return (i / inner) % count; }
};

absl::Status MakeChannels(const KernelContext& c, const RtTensor& t, Channels* ch) {
  const TflQuantization& q = *t.quantization();
  const int axis = q.quantized_dimension;
  if (axis < 0 || axis >= t.rank()) {
    return c.Error(absl::StrCat("tensor '", t.name(), "' is quantized along dimension ", axis, " of a rank-", t.rank(),
                                " tensor"));
  }
  ch->count = t.dim(axis);
  if (static_cast<int64_t>(q.scale.size()) != ch->count) {
    return c.Error(
        absl::StrCat("tensor '", t.name(), "' has ", q.scale.size(), " scales for ", ch->count, " channels"));
  }
  if (q.zero_point.size() != q.scale.size() && q.zero_point.size() > 1) {
    return c.Error(absl::StrCat("tensor '", t.name(), "' has ", q.zero_point.size(), " zero points for ",
                                q.scale.size(), " scales"));
  }
  ch->inner = 1;
  for (int d = axis + 1; d < t.rank(); ++d) ch->inner *= t.dim(d);
  ch->scales = q.scale;
  ch->zero_points.assign(q.scale.size(), q.zero_point.empty() ? 0 : static_cast<int32_t>(q.zero_point[0]));
  if (q.zero_point.size() == q.scale.size()) {
    for (size_t i = 0; i < q.zero_point.size(); ++i) ch->zero_points[i] = static_cast<int32_t>(q.zero_point[i]);
  }
  return absl::OkStatus();
}

template <typename T>
T QuantizeValue(float v, float scale, int32_t zero_point) {
  const double unclamped = static_cast<double>(std::round(v / scale)) + static_cast<double>(zero_point);
  if (std::isnan(unclamped)) return static_cast<T>(zero_point);  // undefined in TFLite; the zero point here
  return static_cast<T>(std::clamp(unclamped, static_cast<double>(std::numeric_limits<T>::min()),
                                   static_cast<double>(std::numeric_limits<T>::max())));
}

template <typename T>
absl::Status QuantizeFloat(KernelContext& c, const RtTensor& x, RtTensor& y) {
  const float* in = x.data<float>();
  T* out = y.mutable_data<T>();
  if (y.num_channels() > 1) {
    Channels ch;
    TFCONV_KERNEL_RETURN_IF_ERROR(MakeChannels(c, y, &ch));
    for (int64_t i = 0; i < x.num_elements(); ++i) {
      const int64_t k = ch.Of(i);
      out[i] = QuantizeValue<T>(in[i], ch.scales[k], ch.zero_points[k]);
    }
    return absl::OkStatus();
  }
  const float scale = y.scale();
  const int32_t zero_point = y.zero_point();
  for (int64_t i = 0; i < x.num_elements(); ++i) out[i] = QuantizeValue<T>(in[i], scale, zero_point);
  return absl::OkStatus();
}

template <typename In, typename Out>
void Requantize(const In* in, int64_t n, int32_t multiplier, int shift, int32_t zi, int32_t zo, Out* out) {
  constexpr int64_t kMin = std::numeric_limits<Out>::min();
  constexpr int64_t kMax = std::numeric_limits<Out>::max();
  for (int64_t i = 0; i < n; ++i) {
    const int32_t v = static_cast<int32_t>(static_cast<int64_t>(in[i]) - zi);
    const int64_t o = static_cast<int64_t>(MultiplyByQuantizedMultiplier(v, multiplier, shift)) + zo;
    out[i] = static_cast<Out>(std::clamp(o, kMin, kMax));
  }
}

template <typename In>
absl::Status RequantizeFrom(KernelContext& c, const RtTensor& x, RtTensor& y) {
  float si, so;
  int32_t zi, zo;
  TFCONV_KERNEL_RETURN_IF_ERROR(elementwise::PerTensorQuant(c, x, &si, &zi));
  TFCONV_KERNEL_RETURN_IF_ERROR(elementwise::PerTensorQuant(c, y, &so, &zo));
  if (x.type() == TensorType::INT16 && y.type() == TensorType::INT16 && (zi != 0 || zo != 0)) {
    return c.Error(absl::StrCat("int16 -> int16 QUANTIZE needs zero points 0, got ", zi, " and ", zo));
  }
  int32_t multiplier;
  int shift;
  QuantizeMultiplier(static_cast<double>(si) / static_cast<double>(so), &multiplier, &shift);
  const In* in = x.data<In>();
  const int64_t n = x.num_elements();
  switch (y.type()) {
    case TensorType::INT8: Requantize(in, n, multiplier, shift, zi, zo, y.mutable_data<int8_t>()); break;
    case TensorType::UINT8: Requantize(in, n, multiplier, shift, zi, zo, y.mutable_data<uint8_t>()); break;
    case TensorType::INT16: Requantize(in, n, multiplier, shift, zi, zo, y.mutable_data<int16_t>()); break;
    case TensorType::INT32: Requantize(in, n, multiplier, shift, zi, zo, y.mutable_data<int32_t>()); break;
    default: return c.UnsupportedType(y);
  }
  return absl::OkStatus();
}

absl::Status Quantize(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  const TensorType out_type = y.type();
  if (!y.is_quantized()) return c.Error(absl::StrCat("QUANTIZE output '", y.name(), "' has no quantization"));
  y.Reset(out_type, x.shape());
  if (x.type() == TensorType::FLOAT32) {
    switch (out_type) {
      case TensorType::UINT8: return QuantizeFloat<uint8_t>(c, x, y);
      case TensorType::INT8: return QuantizeFloat<int8_t>(c, x, y);
      case TensorType::INT16: return QuantizeFloat<int16_t>(c, x, y);
      case TensorType::INT4: return c.Unimplemented("QUANTIZE to INT4");
      default: return c.UnsupportedType(y);
    }
  }
  if (x.type() == TensorType::INT32 && out_type == TensorType::INT32) return c.UnsupportedType(y);
  switch (x.type()) {
    case TensorType::INT8: return RequantizeFrom<int8_t>(c, x, y);
    case TensorType::UINT8: return RequantizeFrom<uint8_t>(c, x, y);
    case TensorType::INT16: return RequantizeFrom<int16_t>(c, x, y);
    case TensorType::INT32: return RequantizeFrom<int32_t>(c, x, y);
    default: return c.UnsupportedType(x);
  }
}

template <typename T>
absl::Status DequantizeInt(KernelContext& c, const RtTensor& x, float* out) {
  const T* in = x.data<T>();
  if (x.num_channels() > 1) {
    Channels ch;
    TFCONV_KERNEL_RETURN_IF_ERROR(MakeChannels(c, x, &ch));
    for (int64_t i = 0; i < x.num_elements(); ++i) {
      const int64_t k = ch.Of(i);
      out[i] = ch.scales[k] * static_cast<float>(static_cast<int32_t>(in[i]) - ch.zero_points[k]);
    }
    return absl::OkStatus();
  }
  float scale;
  int32_t zero_point;
  TFCONV_KERNEL_RETURN_IF_ERROR(elementwise::PerTensorQuant(c, x, &scale, &zero_point));
  for (int64_t i = 0; i < x.num_elements(); ++i) {
    out[i] = static_cast<float>(static_cast<double>(scale) * (static_cast<int32_t>(in[i]) - zero_point));
  }
  return absl::OkStatus();
}

absl::Status Dequantize(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  if (y.type() != TensorType::FLOAT32) return c.UnsupportedType(y);
  y.Reset(TensorType::FLOAT32, x.shape());
  float* out = y.mutable_data<float>();
  switch (x.type()) {
    case TensorType::UINT8: return DequantizeInt<uint8_t>(c, x, out);
    case TensorType::INT8: return DequantizeInt<int8_t>(c, x, out);
    case TensorType::INT16: return DequantizeInt<int16_t>(c, x, out);
    case TensorType::FLOAT16:
      for (int64_t i = 0; i < x.num_elements(); ++i) out[i] = HalfToFloat(x.data<uint16_t>()[i]);
      return absl::OkStatus();
    case TensorType::INT4: return c.Unimplemented("DEQUANTIZE of INT4");
    default: return c.UnsupportedType(x);
  }
}

}  // namespace

void RegisterQuantize(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::QUANTIZE, Quantize);
  registry.AddBuiltin(tflite::BuiltinOperator::DEQUANTIZE, Dequantize);
}

}  // namespace activation
}  // namespace tfconv
