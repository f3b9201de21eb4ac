#include "runtime_check/kernels/conv/conv_util.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/quant_math.h"

namespace tfconv {
namespace conv {
namespace {

// Smallest k with origin + k * step >= bound (step > 0).
int FirstAtLeast(int origin, int step, int bound) {
  const int gap = bound - origin;
  return gap <= 0 ? 0 : (gap + step - 1) / step;
}

}  // namespace

void Window::ValidTaps(int origin, int* begin, int* end) const {
  *begin = std::min(filter, FirstAtLeast(origin, dilation, 0));
  *end = std::max(*begin, std::min(filter, FirstAtLeast(origin, dilation, in)));
}

absl::Status MakeWindow(const KernelContext& c, const char* axis, tflite::Padding padding, int in, int filter,
                        int stride, int dilation, Window* w) {
  if (stride <= 0 || dilation <= 0) {
    return c.Error(absl::StrCat("stride ", stride, " and dilation ", dilation, " along ", axis, " must be positive"));
  }
  if (in < 0 || filter <= 0) {
    return c.Error(absl::StrCat("input size ", in, " and filter size ", filter, " along ", axis, " are invalid"));
  }
  const int64_t effective = static_cast<int64_t>(filter - 1) * dilation + 1;
  int64_t out = 0;
  switch (padding) {
    case tflite::Padding::SAME: out = (static_cast<int64_t>(in) + stride - 1) / stride; break;
    case tflite::Padding::VALID: out = (in + stride - effective) / stride; break;  // truncates, as TFLite
    default: return c.Unimplemented(absl::StrCat("padding ", static_cast<int>(padding)));
  }
  if (out < 0) {
    return c.Error(
        absl::StrCat("the filter (", effective, " with dilation) is larger than the input (", in, ") along ", axis));
  }
  const int64_t total = std::max<int64_t>(0, (out - 1) * stride + effective - in);
  if (effective > std::numeric_limits<int32_t>::max() || total > std::numeric_limits<int32_t>::max()) {
    return c.Error(absl::StrCat("the window along ", axis, " is too large"));
  }
  *w = Window{in, filter, stride, dilation, static_cast<int>(total / 2), static_cast<int>(out)};
  return absl::OkStatus();
}

absl::Status PrepareQuantizedConv(const KernelContext& c, const RtTensor& input, const RtTensor& weights,
                                  const RtTensor& output, int channels, int channel_dim,
                                  tflite::ActivationFunctionType activation, Requant* r, QuantizedPath* path) {
  using tflite::TensorType;
  const TensorType type = input.type();
  if (type != TensorType::UINT8 && type != TensorType::INT8 && type != TensorType::INT16) {
    return c.UnsupportedType(input);
  }
  const bool is_uint8 = type == TensorType::UINT8;
  if (weights.type() != (is_uint8 ? TensorType::UINT8 : TensorType::INT8)) return UnsupportedWeights(c, weights);
  TFCONV_KERNEL_RETURN_IF_ERROR(RequireQuantized(c, input, "input"));
  TFCONV_KERNEL_RETURN_IF_ERROR(RequireQuantized(c, output, "output"));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckFilterQuantization(c, weights, channels, channel_dim, /*symmetric=*/!is_uint8));
  TFCONV_KERNEL_RETURN_IF_ERROR(QuantizedActivationRange(c, activation, output, &r->act_min, &r->act_max));
  if (is_uint8) {
    if (weights.num_channels() != 1) return c.Unimplemented("per-channel quantization of uint8 weights");
    LegacyRequant(input, weights, output, r);
    *path = QuantizedPath::kUint8;
    return absl::OkStatus();
  }
  PerChannelRequant(input, weights, output, r);
  *path = type == TensorType::INT8 ? QuantizedPath::kInt8 : QuantizedPath::kInt16;
  // 16x8: TFLite requires symmetric activations.
  if (*path == QuantizedPath::kInt16 && (input.zero_point() != 0 || output.zero_point() != 0)) {
    return c.Error("int16 input and output must have zero point 0");
  }
  return absl::OkStatus();
}

void PerChannelRequant(const RtTensor& input, const RtTensor& filter, const RtTensor& output, Requant* r) {
  const int n = filter.num_channels();
  r->multiplier.resize(n);
  r->shift.resize(n);
  for (int i = 0; i < n; ++i) {
    const double real =
        static_cast<double>(input.scale()) * static_cast<double>(filter.scale(i)) / static_cast<double>(output.scale());
    QuantizeMultiplier(real, &r->multiplier[i], &r->shift[i]);
  }
}

void LegacyRequant(const RtTensor& input, const RtTensor& filter, const RtTensor& output, Requant* r) {
  const float product = input.scale() * filter.scale();  // float multiply, as TFLite does
  r->multiplier.resize(1);
  r->shift.resize(1);
  QuantizeMultiplier(static_cast<double>(product) / static_cast<double>(output.scale()), &r->multiplier[0],
                     &r->shift[0]);
}

absl::Status CheckInputSizes(const KernelContext& c) {
  for (int i = 0; i < c.num_inputs(); ++i) {
    if (!c.has_input(i)) continue;
    const RtTensor& t = c.input(i);
    for (int32_t d : t.shape()) {
      if (d < 0)
        return c.Error(absl::StrCat("input ", i, " ('", t.name(), "') has the shape ", ShapeString(t.shape())));
    }
    const int size = TfliteTypeSize(t.type());
    const int64_t n = t.num_elements();
    if (size > 0 && (n < 0 || t.byte_size() != static_cast<size_t>(n) * size)) {
      return c.Error(absl::StrCat("input ", i, " ('", t.name(), "') holds ", t.byte_size(), " bytes; its shape ",
                                  ShapeString(t.shape()), " of ", TfliteTypeName(t.type()), " needs ", n * size));
    }
  }
  return absl::OkStatus();
}

absl::Status RequireQuantized(const KernelContext& c, const RtTensor& t, const char* what) {
  if (!t.is_quantized()) {
    return c.Error(absl::StrCat("the ", what, " '", t.name(), "' of type ", TfliteTypeName(t.type()),
                                " has no quantization parameters"));
  }
  const TflQuantization& q = *t.quantization();
  if (!q.zero_point.empty() && q.zero_point.size() != q.scale.size()) {
    return c.Error(absl::StrCat("the ", what, " '", t.name(), "' has ", q.scale.size(), " scales but ",
                                q.zero_point.size(), " zero points"));
  }
  for (float s : q.scale) {
    if (!(s > 0) || !std::isfinite(s)) {
      return c.Error(absl::StrCat("the ", what, " '", t.name(), "' has the invalid scale ", s));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckFilterQuantization(const KernelContext& c, const RtTensor& filter, int channels, int channel_dim,
                                     bool symmetric) {
  TFCONV_KERNEL_RETURN_IF_ERROR(RequireQuantized(c, filter, "filter"));
  const TflQuantization& q = *filter.quantization();
  const int n = static_cast<int>(q.scale.size());
  if (n != 1 && n != channels) {
    return c.Error(
        absl::StrCat("the filter '", filter.name(), "' has ", n, " scales for ", channels, " output channels"));
  }
  if (n > 1 && q.quantized_dimension != channel_dim) {
    return c.Unimplemented(absl::StrCat("the filter '", filter.name(), "' is quantized along dimension ",
                                        q.quantized_dimension, "; this op needs dimension ", channel_dim));
  }
  if (n > 1 || symmetric) {
    for (int64_t zp : q.zero_point) {
      if (zp != 0) {
        return c.Error(absl::StrCat("the filter '", filter.name(), "' has the zero point ", zp, "; ",
                                    TfliteTypeName(filter.type()), " filters must be symmetric"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status UnsupportedWeights(const KernelContext& c, const RtTensor& weights) {
  if (weights.type() == tflite::TensorType::FLOAT16) {
    return c.Unimplemented(absl::StrCat("FLOAT16 weights '", weights.name(),
                                        "': TFLite kernels take float32 weights; a float16 model stores them "
                                        "with a DEQUANTIZE to float32 in front"));
  }
  return c.UnsupportedType(weights);
}

absl::Status OptionalBias(const KernelContext& c, int index, tflite::TensorType type, int64_t length,
                          const RtTensor** bias) {
  *bias = nullptr;
  if (!c.has_input(index)) return absl::OkStatus();
  const RtTensor& b = c.input(index);
  if (b.type() != type) {
    return c.Unimplemented(absl::StrCat("bias '", b.name(), "' of type ", TfliteTypeName(b.type()),
                                        "; this path takes ", TfliteTypeName(type)));
  }
  if (b.num_elements() != length) {
    return c.Error(
        absl::StrCat("bias '", b.name(), "' has shape ", ShapeString(b.shape()), ", expected ", length, " elements"));
  }
  if (b.type() != tflite::TensorType::FLOAT32 && b.is_quantized() && b.zero_point() != 0) {
    return c.Error(absl::StrCat("bias '", b.name(), "' has the zero point ", b.zero_point(), "; it must be 0"));
  }
  *bias = &b;
  return absl::OkStatus();
}

absl::Status PrepareOutput(KernelContext& c, tflite::TensorType type, std::vector<int32_t> shape, RtTensor** out) {
  RtTensor& y = c.output(0);
  int64_t n = 1;
  for (int32_t d : shape) {
    n *= std::max(d, 0);
    if (d < 0 || n > std::numeric_limits<int32_t>::max()) {
      return c.Error(absl::StrCat("the output shape ", ShapeString(shape), " is invalid or too large"));
    }
  }
  if (y.type() != type) {
    return c.Error(
        absl::StrCat("output '", y.name(), "' is ", TfliteTypeName(y.type()), ", expected ", TfliteTypeName(type)));
  }
  y.Resize(std::move(shape));
  *out = &y;
  return absl::OkStatus();
}

void SymmetricQuantizeRow(const float* x, int n, int8_t* q, float* scale) {
  if (n <= 0) {
    *scale = 1;
    return;
  }
  const auto [lo, hi] = std::minmax_element(x, x + n);
  const float range = std::max(std::abs(*lo), std::abs(*hi));
  if (range == 0) {
    std::fill(q, q + n, 0);
    *scale = 1;
    return;
  }
  *scale = range / 127;
  const float inverse = 127 / range;  // multiply by the inverse, not divide by the scale
  for (int i = 0; i < n; ++i) {
    const int32_t v = static_cast<int32_t>(std::round(x[i] * inverse));
    q[i] = static_cast<int8_t>(std::min(127, std::max(-127, v)));
  }
}

void AsymmetricQuantizeRow(const float* x, int n, int8_t* q, float* scale, int32_t* zero_point) {
  float lo_f = 0, hi_f = 0;
  if (n > 0) {
    const auto [lo, hi] = std::minmax_element(x, x + n);
    lo_f = *lo;
    hi_f = *hi;
  }
  const double rmin = std::min(0.0f, lo_f);
  const double rmax = std::max(0.0f, hi_f);
  if (rmin == rmax) {
    std::fill(q, q + n, 0);
    *scale = 1;
    *zero_point = 0;
    return;
  }
  const double qmin = -128, qmax = 127;
  const double s = (rmax - rmin) / (qmax - qmin);
  const double zp_from_min = qmin - rmin / s;
  const double zp_from_max = qmax - rmax / s;
  const double err_min = std::abs(qmin) + std::abs(rmin / s);
  const double err_max = std::abs(qmax) + std::abs(rmax / s);
  const double zp = err_min < err_max ? zp_from_min : zp_from_max;
  int32_t nudged = 0;
  if (zp <= qmin) {
    nudged = -128;
  } else if (zp >= qmax) {
    nudged = 127;
  } else {
    nudged = static_cast<int32_t>(std::round(zp));
  }
  *scale = static_cast<float>(s);
  *zero_point = nudged;
  const float inverse = 1.0f / *scale;
  for (int i = 0; i < n; ++i) {
    const int32_t v = static_cast<int32_t>(std::round(static_cast<float>(nudged) + x[i] * inverse));
    q[i] = static_cast<int8_t>(std::min(127, std::max(-128, v)));
  }
}

}  // namespace conv
}  // namespace tfconv
