// LOGISTIC and TANH.
//   float32: 1 / (1 + exp(-x)) (exp(x) below -9, 1 above 16.62, as the reference kernel) and tanh.
//   uint8/int8: a 256-entry table of the float function, as TFLite's reference and generic kernels
//     (not the fixed-point kernel that TFLite Micro and TFLite's kFixedPointOptimized variant use;
//     results may differ from those by one step). LOGISTIC needs the output scale 1/256.
//   int16 (zero points 0, output scale 2^-15): the reference kernels' interpolation in the Q0.16
//     table of sigmoid(i / 24), with tanh(x) = 2 * sigmoid(2x) - 1. A power-of-two input scale
//     (2^-12, or 2^-11 for TANH) uses a plain multiplier of 3 (times 2); any other scale is
//     folded into an integer multiplier and shift, as TFLite's Prepare computes them. For the
//     power-of-two scales the default (optimized) runtime runs a gemmlowp fixed-point kernel
//     instead, whose results differ by up to ~11 steps; we follow the reference kernel, which
//     TFLite Micro also uses. For other scales both runtimes use this table.
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/activation/activation_ops.h"
#include "runtime_check/kernels/activation/lut.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/numeric/sigmoid_lut.h"

namespace tfconv {
namespace activation {
namespace {

using elementwise::CheckedLog2;
using elementwise::PerTensorQuant;
using tflite::TensorType;

float FloatLogistic(float v) {
  if (v > 16.619047164916992188f) return 1.0f;
  if (v < -9.f) return std::exp(v);
  return 1.f / (1.f + std::exp(-v));
}

float FloatTanh(float v) { return std::tanh(v); }

// The int16 input scaling: a multiplier and right shift onto the table's input scale 1 / (3 * 4096).
absl::Status Int16InputScaling(KernelContext& c, bool is_tanh, const RtTensor& x, const RtTensor& y,
                               int32_t* multiplier, int* shift) {
  float si, so;
  int32_t zi, zo;
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, x, &si, &zi));
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, y, &so, &zo));
  if (zi != 0 || zo != 0) return c.Error(absl::StrCat("int16 needs zero points 0, got ", zi, " and ", zo));
  int out_log2 = 0;
  if (!CheckedLog2(so, &out_log2) || out_log2 != -15) {
    return c.Error(absl::StrCat("int16 output scale must be 2^-15, got ", so));
  }
  int in_log2 = 0;
  bool pot = CheckedLog2(si, &in_log2);
  *shift = 12 + in_log2;  // (15 - 3 input integer bits) + log2(scale)
  pot = pot && (*shift == 0 || (is_tanh && *shift == 1));
  if (pot) {
    *multiplier = 3 << *shift;
    *shift = 0;
    return absl::OkStatus();
  }
  double m = static_cast<double>(si) * 4096.0 * 3.0;
  *shift = 0;
  while (m <= 32767.0 / 2.0 && *shift <= 30) {
    ++*shift;
    m *= 2.0;
  }
  *multiplier = static_cast<int32_t>(m);
  if (*multiplier <= 0 || *multiplier > 32767 * 2) {
    return c.Error(absl::StrCat("int16 input scale ", si, " is outside the range the kernel can rescale"));
  }
  return absl::OkStatus();
}

absl::Status Run(KernelContext& c, bool is_tanh) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  y.Reset(x.type(), x.shape());
  switch (x.type()) {
    case TensorType::FLOAT32: {
      float (*f)(float) = is_tanh ? FloatTanh : FloatLogistic;
      for (int64_t i = 0; i < x.num_elements(); ++i) y.mutable_data<float>()[i] = f(x.data<float>()[i]);
      return absl::OkStatus();
    }
    case TensorType::UINT8:
    case TensorType::INT8:
      if (!is_tanh && y.is_quantized() && y.scale() != 1.f / 256) {
        return c.Error(absl::StrCat("8-bit LOGISTIC needs the output scale 1/256, got ", y.scale()));
      }
      return ApplyLut8(c, is_tanh ? FloatTanh : FloatLogistic, x, y);
    case TensorType::INT16: {
      int32_t multiplier;
      int shift;
      TFCONV_KERNEL_RETURN_IF_ERROR(Int16InputScaling(c, is_tanh, x, y, &multiplier, &shift));
      int16_t (*f)(int16_t, int32_t, int) = is_tanh ? LutTanh : LutLogistic;
      const int16_t* in = x.data<int16_t>();
      int16_t* out = y.mutable_data<int16_t>();
      for (int64_t i = 0; i < x.num_elements(); ++i) out[i] = f(in[i], multiplier, shift);
      return absl::OkStatus();
    }
    default: return c.UnsupportedType(x);
  }
}

absl::Status Logistic(KernelContext& c) { return Run(c, /*is_tanh=*/false); }
absl::Status Tanh(KernelContext& c) { return Run(c, /*is_tanh=*/true); }

}  // namespace

void RegisterLogisticTanh(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::LOGISTIC, Logistic);
  registry.AddBuiltin(tflite::BuiltinOperator::TANH, Tanh);
}

}  // namespace activation
}  // namespace tfconv
