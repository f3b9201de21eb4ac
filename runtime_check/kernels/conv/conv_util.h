// Pieces the conv family kernels share (CONV_2D, DEPTHWISE_CONV_2D, TRANSPOSE_CONV,
// FULLY_CONNECTED, BATCH_MATMUL), each computed the way the TFLite runtime computes it so that
// results match bit for bit: output sizes and padding, fused activation bounds, requantization
// multipliers, the on-the-fly input quantization of hybrid kernels, and operand checks.
//
//   conv::Window w;
//   TFCONV_KERNEL_RETURN_IF_ERROR(conv::MakeWindow(c, "height", opts.padding, in_h, k_h, s_h, d_h, &w));
//   for (int oy = 0; oy < w.out; ++oy) { const int iy0 = oy * w.stride - w.pad; ... }
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_CONV_CONV_UTIL_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_CONV_CONV_UTIL_H_

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "runtime_check/interpreter/kernel.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/interpreter/rt_tensor.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace conv {

// One spatial axis of a convolution window: input size, filter size, stride, dilation, the
// padding before the first element, and the output size.
struct Window {
  int in = 0;
  int filter = 0;
  int stride = 1;
  int dilation = 1;
  int pad = 0;
  int out = 0;
  // The filter taps [*begin, *end) whose input position origin + tap * dilation is inside [0, in).
  void ValidTaps(int origin, int* begin, int* end) const;
};

// TFLite's ComputeOutSize and ComputePadding (kernels/padding.h): SAME gives ceil(in / stride),
// VALID floor((in - effective_filter) / stride) + 1; the padding before is half the total padding,
// rounded down (the odd pixel goes after). Errors name the axis for invalid sizes or strides.
absl::Status MakeWindow(const KernelContext& c, const char* axis, tflite::Padding padding, int in, int filter,
                        int stride, int dilation, Window* w);

// The clamp bounds of a fused activation on a float output (elementwise_util.h).
using elementwise::FloatActivationRange;
// ActivationFunctionWithMinMax: max first, then min.
inline float Clamp(float x, float lo, float hi) { return std::min(std::max(x, lo), hi); }

// Requantization multipliers, one per output channel (a single one for per-tensor filters).
struct Requant {
  std::vector<int32_t> multiplier;
  std::vector<int> shift;
  int32_t act_min = 0;
  int32_t act_max = 0;
  // The multiplier of output channel `oc` (channel 0 for per-tensor filters).
  int32_t m(int oc) const { return multiplier.size() == 1 ? multiplier[0] : multiplier[oc]; }
  int s(int oc) const { return shift.size() == 1 ? shift[0] : shift[oc]; }
};

// acc (+ bias) scaled to the output, plus the output zero point, clamped to the activation range.
// int32 accumulators take the 32-bit MultiplyByQuantizedMultiplier, which rounds twice (the
// doubling high multiply, then the shift); int64 ones (16x8 with an int64 bias) the 64-bit one,
// which first rounds the multiplier to 16 bits and then rounds once. 16x8 kernels with an int32
// bias accumulate in int32 and take the 32-bit one, as TFLite's templated reference kernels do.
// (LiteRT's newest FULLY_CONNECTED reference kernels rescale in double instead, round(acc * M);
// these follow TensorFlow's, which its optimized kernels match.)
template <typename Out, typename Acc>
inline Out Requantize(Acc acc, const Acc* bias, int oc, const Requant& r, int32_t output_zero_point) {
  if (bias != nullptr) acc += bias[oc];
  const int32_t v = MultiplyByQuantizedMultiplier(acc, r.m(oc), r.s(oc)) + output_zero_point;
  return static_cast<Out>(std::min(std::max(v, r.act_min), r.act_max));
}

// Multiplier of the int8/int16 per-channel kernels (PopulateConvolutionQuantizationParams):
// double(s_in) * double(s_w[c]) / double(s_out), for each filter scale.
void PerChannelRequant(const RtTensor& input, const RtTensor& filter, const RtTensor& output, Requant* r);
// Multiplier of the uint8 kernels, every per-tensor FULLY_CONNECTED and BATCH_MATMUL
// (GetQuantizedConvolutionMultipler): the scale product is rounded to float before the division,
// double(float(s_in * s_w)) / double(s_out). It can differ from the per-channel formula in the
// last bit of the multiplier, hence in the last bit of an output.
void LegacyRequant(const RtTensor& input, const RtTensor& filter, const RtTensor& output, Requant* r);

// Which integer kernel a quantized CONV_2D, DEPTHWISE_CONV_2D or TRANSPOSE_CONV runs.
enum class QuantizedPath { kUint8, kInt8, kInt16 };

// The checks and requantization the three quantized conv kernels share: uint8 input with uint8
// weights (one scale; the legacy multiplier), or int8/int16 input with int8 weights (per channel
// along `channel_dim`; the per-channel multiplier); input and output quantized; int16 zero points
// 0. Errors name the unsupported type, weights or quantization; `r` gets the activation range.
absl::Status PrepareQuantizedConv(const KernelContext& c, const RtTensor& input, const RtTensor& weights,
                                  const RtTensor& output, int channels, int channel_dim,
                                  tflite::ActivationFunctionType activation, Requant* r, QuantizedPath* path);

// Checks every present input holds the bytes its shape needs (a constant's buffer comes from the
// file and may be short in a malformed model).
absl::Status CheckInputSizes(const KernelContext& c);

// Checks `t` carries affine quantization with positive scales; `what` names its role.
absl::Status RequireQuantized(const KernelContext& c, const RtTensor& t, const char* what);
// Checks a quantized filter: one scale or `channels` scales along `channel_dim`, and, for
// per-channel or `symmetric` filters, all zero points 0 (as TFLite requires for int8/int16).
absl::Status CheckFilterQuantization(const KernelContext& c, const RtTensor& filter, int channels, int channel_dim,
                                     bool symmetric);
// The message for weight types the kernels do not take (FLOAT16 weights get a hint: the converter
// puts a DEQUANTIZE before them).
absl::Status UnsupportedWeights(const KernelContext& c, const RtTensor& weights);

// The optional bias at input `index` (omitted when absent or -1): null when omitted, else checked to
// be of `type` with `length` elements.
absl::Status OptionalBias(const KernelContext& c, int index, tflite::TensorType type, int64_t length,
                          const RtTensor** bias);

// The optional bias of a quantized kernel at input `index` (see OptionalBias), int32 or int64 like
// the accumulator; null when omitted.
template <typename Acc>
absl::Status QuantizedBias(const KernelContext& c, int index, int64_t length, const Acc** bias) {
  constexpr tflite::TensorType kType =
      std::is_same_v<Acc, int64_t> ? tflite::TensorType::INT64 : tflite::TensorType::INT32;
  const RtTensor* t = nullptr;
  if (absl::Status s = OptionalBias(c, index, kType, length, &t); !s.ok()) return s;
  *bias = t != nullptr ? t->data<Acc>() : nullptr;
  return absl::OkStatus();
}

// One output pixel of a quantized kernel: every channel's accumulator (+ bias) requantized.
template <typename Out, typename Acc>
void RequantizePixel(const Acc* acc, const Acc* bias, const Requant& r, int32_t output_zero_point, int channels,
                     Out* y) {
  for (int oc = 0; oc < channels; ++oc) y[oc] = Requantize<Out>(acc[oc], bias, oc, r, output_zero_point);
}

// The output tensor resized to `shape`; errors when the model declares it with another type than
// `type`, or when the shape is negative or larger than 2^31 elements.
absl::Status PrepareOutput(KernelContext& c, tflite::TensorType type, std::vector<int32_t> shape, RtTensor** out);

// Hybrid kernels quantize each float input row to int8 on the fly
// (tensor_utils::SymmetricQuantizeFloats / AsymmetricQuantizeFloats):
// symmetric: scale = max|x| / 127, q = round(x * (127 / max|x|)) clamped to +-127; an all-zero row
// gets scale 1. Asymmetric: the range [min(0, min x), max(0, max x)] in double, scale = range / 255,
// the zero point nudged from the side with the smaller error, q = round(zp + x * (1 / scale)) in float.
void SymmetricQuantizeRow(const float* x, int n, int8_t* q, float* scale);
void AsymmetricQuantizeRow(const float* x, int n, int8_t* q, float* scale, int32_t* zero_point);

// Rearranges [O][H][W][I] weights (CONV_2D, TRANSPOSE_CONV) to [H][W][I][O], converting each
// value with `convert`, so that the innermost loop of a kernel runs over contiguous output channels.
template <typename To, typename From, typename Convert>
std::vector<To> OhwiToHwio(const From* w, int o, int h, int wd, int i, Convert convert) {
  const size_t taps = static_cast<size_t>(h) * wd * i;  // values per output channel
  std::vector<To> out(taps * o);
  for (size_t oc = 0; oc < static_cast<size_t>(o); ++oc) {
    for (size_t k = 0; k < taps; ++k) out[k * o + oc] = convert(w[oc * taps + k]);
  }
  return out;
}

}  // namespace conv
}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_CONV_CONV_UTIL_H_
