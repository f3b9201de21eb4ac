// CONCATENATION. Quantized inputs whose scale or zero point differ from the output's are
// requantized with TFLite's uint8 formula (float scale and bias, rounded half away from zero);
// TFLite itself only does that for uint8 (it refuses int8 and copies int16 unchanged), so for
// those types the result is the one TFLite's uint8 path would give. TFLite also refuses a fused
// activation; here it is applied after the concatenation (clamping quantized values).
#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

template <typename T>
void Requantize(const RtTensor& in, RtTensor& out, int64_t from, int64_t to, int64_t count) {
  const float scale = in.scale() * (1.f / out.scale());
  const float bias = -in.zero_point() * scale;
  const T* src = in.data<T>() + from;
  T* dst = out.mutable_data<T>() + to;
  for (int64_t j = 0; j < count; ++j) {
    const int32_t v = static_cast<int32_t>(std::round(src[j] * scale + bias)) + out.zero_point();
    dst[j] = static_cast<T>(std::clamp<int32_t>(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
  }
}

template <typename T>
void ClampAll(RtTensor& out, int32_t lo, int32_t hi) {
  T* v = out.mutable_data<T>();
  for (int64_t i = 0; i < out.num_elements(); ++i) v[i] = static_cast<T>(std::clamp<int32_t>(v[i], lo, hi));
}

absl::Status Concatenation(KernelContext& c) {
  using TT = tflite::TensorType;
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const auto opts = OptionsOr(c.op().builtin_options.AsConcatenationOptions());
  RtTensor& out = c.output(0);
  const RtTensor& first = c.input(0);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckFixedSize(c, first));
  const int rank = first.rank();
  int axis = 0;
  if (rank > 0) {
    TFCONV_KERNEL_RETURN_IF_ERROR(NormalizeAxis(c, opts.axis, rank, "axis", &axis));
  } else if (opts.axis != 0) {
    return c.Error(absl::StrCat("axis ", opts.axis, " is invalid for scalar inputs"));
  }
  std::vector<int32_t> shape = rank > 0 ? first.shape() : std::vector<int32_t>{0};
  shape[axis] = 0;
  for (int i = 0; i < c.num_inputs(); ++i) {
    if (!c.has_input(i)) return c.Error(absl::StrCat("input ", i, " is omitted"));
    const RtTensor& t = c.input(i);
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckSameType(c, t, out));
    if (t.rank() != rank) {
      return c.Error(absl::StrCat("input ", i, " has rank ", t.rank(), ", input 0 has rank ", rank));
    }
    for (int d = 0; d < rank; ++d) {
      if (d != axis && t.dim(d) != first.dim(d)) {
        return c.Error(absl::StrCat("input ", i, " has shape ", ShapeString(t.shape()), ", incompatible with ",
                                    ShapeString(first.shape()), " along axis ", axis));
      }
    }
    shape[axis] += rank > 0 ? t.dim(axis) : 1;
  }

  const bool quantized =
      out.is_quantized() && (out.type() == TT::UINT8 || out.type() == TT::INT8 || out.type() == TT::INT16);
  for (int i = 0; quantized && i < c.num_inputs(); ++i) {
    const RtTensor& t = c.input(i);
    if (!t.is_quantized() || !(t.scale() > 0) || !std::isfinite(t.scale())) {
      return c.Error(absl::StrCat("input ", i, " ('", t.name(), "') needs a positive quantization scale"));
    }
  }
  if (quantized && (!(out.scale() > 0) || !std::isfinite(out.scale()))) {
    return c.Error("the output needs a positive quantization scale");
  }
  const tflite::ActivationFunctionType act = opts.fused_activation_function;
  int32_t act_min = 0, act_max = 0;
  if (act != tflite::ActivationFunctionType::NONE) {
    if (out.type() == TT::FLOAT32) {
      TFCONV_KERNEL_RETURN_IF_ERROR(CheckFloatActivation(c, act));
    } else if (quantized) {
      TFCONV_KERNEL_RETURN_IF_ERROR(QuantizedActivationRange(c, act, out, &act_min, &act_max));
    } else {
      return c.Unimplemented(absl::StrCat("fused activation ", tflite::EnumNameActivationFunctionType(act), " on ",
                                          TfliteTypeName(out.type())));
    }
  }

  out.Reset(first.type(), shape);
  const int size = TfliteTypeSize(out.type());
  int64_t outer = 1;
  for (int d = 0; d < axis; ++d) outer *= shape[d];
  int64_t to = 0;
  for (int64_t o = 0; o < outer; ++o) {
    for (int i = 0; i < c.num_inputs(); ++i) {
      const RtTensor& t = c.input(i);
      const int64_t inner = outer == 0 ? 0 : t.num_elements() / outer;
      const int64_t from = o * inner;
      const bool same = !quantized || (t.scale() == out.scale() && t.zero_point() == out.zero_point());
      if (same) {
        CopyElements(out.mutable_raw(), to, t.raw(), from, inner, size);
      } else if (out.type() == TT::UINT8) {
        Requantize<uint8_t>(t, out, from, to, inner);
      } else if (out.type() == TT::INT8) {
        Requantize<int8_t>(t, out, from, to, inner);
      } else {
        Requantize<int16_t>(t, out, from, to, inner);
      }
      to += inner;
    }
  }

  if (act != tflite::ActivationFunctionType::NONE) {
    if (out.type() == TT::FLOAT32) {
      float* v = out.mutable_data<float>();
      for (int64_t i = 0; i < out.num_elements(); ++i) v[i] = ApplyActivation(v[i], act);
    } else if (out.type() == TT::UINT8) {
      ClampAll<uint8_t>(out, act_min, act_max);
    } else if (out.type() == TT::INT8) {
      ClampAll<int8_t>(out, act_min, act_max);
    } else {
      ClampAll<int16_t>(out, act_min, act_max);
    }
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterConcatenationKernel(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::CONCATENATION, Concatenation);
}

}  // namespace tfconv
