// SOFTMAX and LOG_SOFTMAX over the last axis, any rank.
//   float32: exp((x - max) * beta) / sum in float, as the reference kernel.
//   SOFTMAX uint8/int8 -> uint8/int8/int16: the reference kernel's gemmlowp fixed point (inputs
//     rescaled by beta * s_in into Q5.26, exp in Q0.31, a sum in Q12.19, a fixed-point reciprocal).
//     The default runtime uses a float table instead (kGenericOptimized); its results can differ
//     by one step. The output must be on scale 2^-8 (2^-16 for int16) with zero point at the
//     type's minimum, which the kernel assumes (TFLite checks this only for int8 -> int8).
//   SOFTMAX int16 -> int16 (rank 1..4, zero points 0): exp and 1 / (1 + x) from 513-entry tables
//     with interpolation, as TFLite's SoftmaxInt16 (the only int16 kernel).
//   LOG_SOFTMAX uint8/int8 (output scale 16/256, zero point 255 / 127): the reference kernel's
//     fixed point, with a fixed-point log of the sum of exps.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/kernels/activation/activation_ops.h"
#include "runtime_check/kernels/activation/lut.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/numeric/fixed_point.h"

namespace tfconv {
namespace activation {
namespace {

using elementwise::PerTensorQuant;
using tflite::TensorType;

constexpr int kScaledDiffIntegerBits = 5;
constexpr int kAccumulationIntegerBits = 12;

// Rows of the last axis: outer * depth elements.
absl::Status Rows(const KernelContext& c, const RtTensor& x, int64_t* outer, int64_t* depth) {
  if (x.rank() < 1) return c.Error("softmax needs a tensor of rank >= 1, got a scalar");
  *depth = x.dim(-1);
  *outer = *depth == 0 ? 0 : x.num_elements() / *depth;
  return absl::OkStatus();
}

void FloatSoftmax(float beta, int64_t outer, int64_t depth, const float* in, float* out) {
  for (int64_t r = 0; r < outer; ++r) {
    const float* row = in + r * depth;
    float* o = out + r * depth;
    float max = std::numeric_limits<float>::lowest();
    for (int64_t i = 0; i < depth; ++i) max = std::max(max, row[i]);
    float sum = 0.f;
    for (int64_t i = 0; i < depth; ++i) {
      o[i] = std::exp((row[i] - max) * beta);
      sum += o[i];
    }
    for (int64_t i = 0; i < depth; ++i) o[i] = o[i] / sum;
  }
}

void FloatLogSoftmax(int64_t outer, int64_t depth, const float* in, float* out) {
  for (int64_t r = 0; r < outer; ++r) {
    const float* row = in + r * depth;
    float max = std::numeric_limits<float>::lowest();
    for (int64_t i = 0; i < depth; ++i) max = std::max(max, row[i]);
    float sum = 0.f;
    for (int64_t i = 0; i < depth; ++i) sum += std::exp(row[i] - max);
    const float log_sum = std::log(sum);
    for (int64_t i = 0; i < depth; ++i) out[r * depth + i] = row[i] - max - log_sum;
  }
}

// TFLite's PreprocessSoftmaxScaling for Q5.26 differences: a multiplier > 1 and its left shift,
// and the smallest difference that still matters (diff_min).
absl::Status SoftmaxScaling(const KernelContext& c, double beta, double input_scale, int32_t* multiplier,
                            int* left_shift, int32_t* diff_min) {
  const double real = std::min(beta * input_scale * static_cast<double>(1 << (31 - kScaledDiffIntegerBits)),
                               static_cast<double>((int64_t{1} << 31) - 1));
  if (!(real > 1.0)) {
    return c.Error(absl::StrCat("beta * input scale = ", beta * input_scale,
                                " is too small for the fixed-point softmax (TFLite requires it above 2^-26)"));
  }
  QuantizeMultiplier(real, multiplier, left_shift);
  const double radius = 1.0 * ((1 << kScaledDiffIntegerBits) - 1) *
                        static_cast<double>(int64_t{1} << (31 - kScaledDiffIntegerBits)) /
                        static_cast<double>(int64_t{1} << *left_shift);
  *diff_min = -static_cast<int32_t>(std::floor(radius));
  return absl::OkStatus();
}

int32_t RescaleDiff(int32_t diff, int32_t multiplier, int left_shift) {
  return SaturatingRoundingDoublingHighMul(diff * (1 << left_shift), multiplier);
}

template <typename In, typename Out>
absl::Status QuantizedSoftmax(const KernelContext& c, int32_t multiplier, int left_shift, int32_t diff_min,
                              int64_t outer, int64_t depth, const In* in, Out* out) {
  constexpr int kOutBits = 8 * sizeof(Out);
  for (int64_t r = 0; r < outer; ++r) {
    const In* row = in + r * depth;
    In max = std::numeric_limits<In>::min();
    for (int64_t i = 0; i < depth; ++i) max = std::max(max, row[i]);
    int32_t sum_of_exps = 0;  // Q12
    for (int64_t i = 0; i < depth; ++i) {
      const int32_t diff = static_cast<int32_t>(row[i]) - max;
      if (diff >= diff_min) {
        const int32_t e =
            fixed_point::ExpOnNegativeValues(RescaleDiff(diff, multiplier, left_shift), kScaledDiffIntegerBits);
        sum_of_exps = fixed_point::Add(sum_of_exps, fixed_point::Rescale(e, 0, kAccumulationIntegerBits));
      }
    }
    int num_bits_over_unit;
    const int32_t shifted_scale =
        fixed_point::GetReciprocal(sum_of_exps, kAccumulationIntegerBits, &num_bits_over_unit);
    const int exponent = num_bits_over_unit + 31 - kOutBits;
    if (exponent < 0 || exponent > 31) {
      return c.Error(absl::StrCat("softmax row ", r, ": sum of exps out of the fixed-point range"));
    }
    for (int64_t i = 0; i < depth; ++i) {
      const int32_t diff = static_cast<int32_t>(row[i]) - max;
      if (diff >= diff_min) {
        const int32_t e =
            fixed_point::ExpOnNegativeValues(RescaleDiff(diff, multiplier, left_shift), kScaledDiffIntegerBits);
        const int32_t unsat = RoundingDivideByPOT(fixed_point::Mul(shifted_scale, e), exponent);
        const int32_t shifted = unsat + static_cast<int32_t>(std::numeric_limits<Out>::min());
        out[r * depth + i] = static_cast<Out>(std::clamp(shifted, static_cast<int32_t>(std::numeric_limits<Out>::min()),
                                                         static_cast<int32_t>(std::numeric_limits<Out>::max())));
      } else {
        out[r * depth + i] = std::numeric_limits<Out>::min();
      }
    }
  }
  return absl::OkStatus();
}

absl::Status Int16Softmax(KernelContext& c, float beta, int64_t outer, int64_t depth, const RtTensor& x, RtTensor& y) {
  if (x.rank() > 4) return c.Unimplemented(absl::StrCat("int16 SOFTMAX of rank ", x.rank(), " (TFLite takes 1..4)"));
  float si, so;
  int32_t zi, zo;
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, x, &si, &zi));
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, y, &so, &zo));
  if (zi != 0 || zo != 0) return c.Error(absl::StrCat("int16 SOFTMAX needs zero points 0, got ", zi, " and ", zo));
  if (std::abs(so - 1.f / 32768) > 0.001f / 32768) {
    return c.Error(absl::StrCat("int16 SOFTMAX needs the output scale 1/32768, got ", so));
  }
  // exp on [-10, 0] and 1 / (1 + x) on [0, 1], both onto the symmetric range [-1, 1]; double as TFLite.
  constexpr double kRange = 65535.0;
  int16_t exp_lut[kLut16Size];
  int16_t reciprocal_lut[kLut16Size];
  PopulateLut16(
      10.0 / kRange, 32767, 2.0 / kRange, 0, [](double v) { return std::exp(v); }, exp_lut);
  PopulateLut16(
      1.0 / kRange, -32768, 2.0 / kRange, 0, [](double v) { return 1.0 / (1.0 + v); }, reciprocal_lut);
  int32_t multiplier;
  int shift;
  // The product in float, as TFLite's Prepare computes it.
  QuantizeMultiplier(static_cast<double>(si * beta) / (10.0 / 65535.0), &multiplier, &shift);
  const int16_t* in = x.data<int16_t>();
  int16_t* out = y.mutable_data<int16_t>();
  std::vector<int16_t> exps(static_cast<size_t>(depth));
  for (int64_t r = 0; r < outer; ++r) {
    const int16_t* row = in + r * depth;
    int16_t max = std::numeric_limits<int16_t>::min();
    for (int64_t i = 0; i < depth; ++i) max = std::max(max, row[i]);
    int32_t sum_of_exps = 0;
    for (int64_t i = 0; i < depth; ++i) {
      const int32_t scaled = MultiplyByQuantizedMultiplier(static_cast<int32_t>(row[i]) - max, multiplier, shift);
      const int32_t centered = std::clamp(scaled + 32767, -32768, 32767);
      exps[i] = LookupLut16(static_cast<int16_t>(centered), exp_lut);
      sum_of_exps += exps[i];
    }
    const int headroom_plus_one = fixed_point::CountLeadingZeros(static_cast<uint32_t>(sum_of_exps));
    if (headroom_plus_one < 2 || headroom_plus_one > 31) {
      return c.Error(absl::StrCat("int16 SOFTMAX row ", r, ": sum of exps ", sum_of_exps, " out of range"));
    }
    const int32_t shifted_sum =
        static_cast<int32_t>(((static_cast<int64_t>(sum_of_exps) << (headroom_plus_one - 1)) + (1 << 13)) >> 14);
    const int32_t centered_sum = std::clamp(shifted_sum - ((1 << 15) + (1 << 16)), -32768, 32767);
    const int16_t reciprocal = LookupLut16(static_cast<int16_t>(centered_sum), reciprocal_lut);
    const int right_shift = 31 - headroom_plus_one;
    const int64_t round = int64_t{1} << (right_shift - 1);
    for (int64_t i = 0; i < depth; ++i) {
      const int64_t v = (static_cast<int64_t>(exps[i]) * reciprocal + round) >> right_shift;
      out[r * depth + i] = static_cast<int16_t>(std::clamp<int64_t>(v, 0, 32767));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckSoftmaxOutput(const KernelContext& c, const RtTensor& y) {
  float so;
  int32_t zo;
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, y, &so, &zo));
  const bool is16 = y.type() == TensorType::INT16;
  const float want_scale = is16 ? 1.f / 65536 : 1.f / 256;
  const int32_t want_zp = y.type() == TensorType::UINT8 ? 0 : (is16 ? -32768 : -128);
  if (zo != want_zp || std::abs(so - want_scale) > 0.001f * want_scale) {
    return c.Error(absl::StrCat("the fixed-point SOFTMAX writes scale ", want_scale, " and zero point ", want_zp,
                                "; the output has ", so, " and ", zo));
  }
  return absl::OkStatus();
}

template <typename In>
absl::Status EightBitSoftmax(KernelContext& c, float beta, int64_t outer, int64_t depth, const RtTensor& x,
                             RtTensor& y) {
  float si;
  int32_t zi;
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, x, &si, &zi));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckSoftmaxOutput(c, y));
  int32_t multiplier, diff_min;
  int left_shift;
  TFCONV_KERNEL_RETURN_IF_ERROR(
      SoftmaxScaling(c, static_cast<double>(beta), static_cast<double>(si), &multiplier, &left_shift, &diff_min));
  const In* in = x.data<In>();
  switch (y.type()) {
    case TensorType::UINT8:
      return QuantizedSoftmax(c, multiplier, left_shift, diff_min, outer, depth, in, y.mutable_data<uint8_t>());
    case TensorType::INT8:
      return QuantizedSoftmax(c, multiplier, left_shift, diff_min, outer, depth, in, y.mutable_data<int8_t>());
    default: return QuantizedSoftmax(c, multiplier, left_shift, diff_min, outer, depth, in, y.mutable_data<int16_t>());
  }
}

absl::Status Softmax(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  const auto* options = c.op().builtin_options.AsSoftmaxOptions();
  const float beta = options == nullptr ? 0.f : options->beta;  // absent options read as defaults, as TFLite
  int64_t outer, depth;
  TFCONV_KERNEL_RETURN_IF_ERROR(Rows(c, x, &outer, &depth));
  const TensorType out_type = y.type();
  const bool to_int16 = out_type == TensorType::INT16;
  if (x.type() == TensorType::UINT8 || x.type() == TensorType::INT8) {
    if (out_type != x.type() && !to_int16) {
      return c.Error(absl::StrCat("SOFTMAX of ", TfliteTypeName(x.type()), " writes ", TfliteTypeName(x.type()),
                                  " or INT16, not ", TfliteTypeName(out_type)));
    }
    y.Reset(out_type, x.shape());
    if (x.type() == TensorType::UINT8) return EightBitSoftmax<uint8_t>(c, beta, outer, depth, x, y);
    return EightBitSoftmax<int8_t>(c, beta, outer, depth, x, y);
  }
  y.Reset(x.type(), x.shape());
  switch (x.type()) {
    case TensorType::FLOAT32:
      FloatSoftmax(beta, outer, depth, x.data<float>(), y.mutable_data<float>());
      return absl::OkStatus();
    case TensorType::INT16: return Int16Softmax(c, beta, outer, depth, x, y);
    default: return c.UnsupportedType(x);
  }
}

template <typename T>
absl::Status QuantizedLogSoftmax(KernelContext& c, int64_t outer, int64_t depth, const RtTensor& x, RtTensor& y) {
  float si, so;
  int32_t zi, zo;
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, x, &si, &zi));
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, y, &so, &zo));
  const int32_t want_zp = std::is_same_v<T, uint8_t> ? 255 : 127;
  if (so != 16.f / 256 || zo != want_zp) {
    return c.Error(absl::StrCat("quantized LOG_SOFTMAX needs output scale 16/256 and zero point ", want_zp, ", got ",
                                so, " and ", zo));
  }
  int32_t multiplier, diff_min;
  int left_shift;
  TFCONV_KERNEL_RETURN_IF_ERROR(SoftmaxScaling(c, 1.0, static_cast<double>(si), &multiplier, &left_shift, &diff_min));
  // The inverse of the input rescaling, to find the smallest difference still representable
  // after the log of the sum is subtracted.
  int32_t reverse_multiplier;
  int reverse_shift;
  TFCONV_KERNEL_RETURN_IF_ERROR(elementwise::MultiplierBelowOne(
      c, static_cast<double>(int64_t{1} << (31 - left_shift)) / static_cast<double>(multiplier), "reverse scaling",
      &reverse_multiplier, &reverse_shift));
  constexpr int kOutputIntegerBits = 4;
  constexpr int32_t kMin = std::numeric_limits<T>::min();
  constexpr int32_t kMax = std::numeric_limits<T>::max();
  const T* in = x.data<T>();
  T* out = y.mutable_data<T>();
  for (int64_t r = 0; r < outer; ++r) {
    const T* row = in + r * depth;
    T max = std::numeric_limits<T>::min();
    for (int64_t i = 0; i < depth; ++i) max = std::max(max, row[i]);
    int32_t sum_of_exps = 0;  // Q12
    for (int64_t i = 0; i < depth; ++i) {
      const int32_t diff = static_cast<int32_t>(row[i]) - max;
      if (diff >= diff_min) {
        const int32_t e = fixed_point::ExpOnNegativeValues(MultiplyByQuantizedMultiplier(diff, multiplier, left_shift),
                                                           kScaledDiffIntegerBits);
        sum_of_exps = fixed_point::Add(sum_of_exps, fixed_point::Rescale(e, 0, kAccumulationIntegerBits));
      }
    }
    const int32_t log_sum =
        fixed_point::LogXForXGreaterThanOrEqualTo1(sum_of_exps, kAccumulationIntegerBits, kScaledDiffIntegerBits);
    const int32_t shifted_log_sum = fixed_point::Add(log_sum, std::numeric_limits<int32_t>::min());
    const int32_t adjusted_diff_min =
        std::max(diff_min - 1, MultiplyByQuantizedMultiplier(shifted_log_sum, reverse_multiplier, reverse_shift));
    for (int64_t i = 0; i < depth; ++i) {
      const int32_t diff = static_cast<int32_t>(row[i]) - max;
      if (diff > adjusted_diff_min) {
        const int32_t rescaled = MultiplyByQuantizedMultiplier(diff, multiplier, left_shift);
        const int32_t v =
            RoundingDivideByPOT(fixed_point::Sub(rescaled, log_sum), 31 - kScaledDiffIntegerBits - kOutputIntegerBits) +
            zo;
        out[r * depth + i] = static_cast<T>(std::clamp(v, kMin, kMax));
      } else {
        out[r * depth + i] = static_cast<T>(kMin);
      }
    }
  }
  return absl::OkStatus();
}

absl::Status LogSoftmax(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  int64_t outer, depth;
  TFCONV_KERNEL_RETURN_IF_ERROR(Rows(c, x, &outer, &depth));
  y.Reset(x.type(), x.shape());
  switch (x.type()) {
    case TensorType::FLOAT32:
      FloatLogSoftmax(outer, depth, x.data<float>(), y.mutable_data<float>());
      return absl::OkStatus();
    case TensorType::UINT8: return QuantizedLogSoftmax<uint8_t>(c, outer, depth, x, y);
    case TensorType::INT8: return QuantizedLogSoftmax<int8_t>(c, outer, depth, x, y);
    default: return c.UnsupportedType(x);
  }
}

}  // namespace

void RegisterSoftmax(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::SOFTMAX, Softmax);
  registry.AddBuiltin(tflite::BuiltinOperator::LOG_SOFTMAX, LogSoftmax);
}

}  // namespace activation
}  // namespace tfconv
