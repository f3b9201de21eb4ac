// MEAN, SUM, REDUCE_MAX, REDUCE_MIN, REDUCE_PROD, REDUCE_ANY and REDUCE_ALL (keep_dims, negative and
// repeated axes), as TFLite's reference kernels (ANY and ALL on BOOL only; an empty reduction gives
// false and true):
// - float and integer reductions accumulate in input order (MEAN of INT32/INT64 sums in 64 bits
//   and divides with truncation);
// - quantized MEAN (UINT8/INT8/INT16) and SUM (UINT8/INT8) rescale the integer sum with
//   M = input_scale / output_scale (MEAN folds 1/count into M), in the integer arithmetic of
//   TFLite's QuantizedMeanOrSum;
// - quantized REDUCE_PROD (INT8/INT16) rescales every partial product by
//   input_scale / output_scale^(1/count) (QuantizedReduceProd);
// - quantized MAX/MIN/INT16 SUM need equal input and output quantization (values are not rescaled).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/kernels/pool_reduce/pool_reduce_ops.h"

namespace tfconv {
namespace {

using TT = tflite::TensorType;

enum class Reduce { kSum, kMean, kMax, kMin, kProd, kAny, kAll };

// Which output element each input element reduces into.
struct Plan {
  std::vector<int32_t> out_shape;
  std::vector<int64_t> out_of_in;  // per input element
  int64_t count = 1;                // input elements per output element
  int num_axes = 0;                 // as given (before removing duplicates)
};

absl::Status MakePlan(const KernelContext& c, const RtTensor& x, const RtTensor& axes, bool keep_dims, Plan* p) {
  if (axes.type() != TT::INT32 && axes.type() != TT::INT64) {
    return c.Error(absl::StrCat("axis '", axes.name(), "' must be INT32 or INT64"));
  }
  p->num_axes = static_cast<int>(axes.num_elements());
  std::vector<bool> reduced(x.rank(), false);
  if (x.rank() > 0) {
    for (int64_t a : ReadInts(axes)) {
      const int64_t d = a < 0 ? a + x.rank() : a;
      if (d < 0 || d >= x.rank()) {
        return c.Error(absl::StrCat("axis ", a, " is out of range for rank ", x.rank()));
      }
      reduced[d] = true;
    }
  }
  std::vector<int64_t> out_stride(x.rank(), 0);
  int64_t stride = 1;
  for (int d = x.rank(); d-- > 0;) {
    if (reduced[d]) {
      p->count *= x.dim(d);
    } else {
      out_stride[d] = stride;
      stride *= x.dim(d);
    }
  }
  p->out_shape.clear();
  for (int d = 0; d < x.rank(); ++d) {
    if (!reduced[d]) {
      p->out_shape.push_back(x.dim(d));
    } else if (keep_dims) {
      p->out_shape.push_back(1);
    }
  }
  p->out_of_in.assign(x.num_elements(), 0);
  if (x.num_elements() == 0) return absl::OkStatus();
  std::vector<int32_t> index(x.rank(), 0);
  for (int64_t i = 0; i < x.num_elements(); ++i) {
    int64_t o = 0;
    for (int d = 0; d < x.rank(); ++d) o += index[d] * out_stride[d];
    p->out_of_in[i] = o;
    for (int d = x.rank(); d-- > 0;) {
      if (++index[d] < x.dim(d)) break;
      index[d] = 0;
    }
  }
  return absl::OkStatus();
}

// Plain reduction of type T with TFLite's neutral elements and operand order.
template <typename T>
void ReduceValues(Reduce r, const Plan& p, const T* in, T* out, int64_t n_out) {
  T init{};
  switch (r) {
    case Reduce::kMax: init = std::numeric_limits<T>::lowest(); break;
    case Reduce::kMin: init = std::numeric_limits<T>::max(); break;
    case Reduce::kProd: init = T(1); break;
    default: init = T(0); break;
  }
  std::fill(out, out + n_out, init);
  for (size_t i = 0; i < p.out_of_in.size(); ++i) {
    T& acc = out[p.out_of_in[i]];
    const T v = in[i];
    switch (r) {
      case Reduce::kMax: acc = v > acc ? v : acc; break;
      case Reduce::kMin: acc = v < acc ? v : acc; break;
      case Reduce::kAny: acc = acc || v; break;
      case Reduce::kProd:
        if constexpr (std::is_integral_v<T>) {  // wraps like TFLite, without signed-overflow UB
          acc = static_cast<T>(static_cast<std::make_unsigned_t<T>>(acc) * static_cast<std::make_unsigned_t<T>>(v));
        } else {
          acc = acc * v;
        }
        break;
      default:
        if constexpr (std::is_integral_v<T>) {
          acc = static_cast<T>(static_cast<std::make_unsigned_t<T>>(acc) + static_cast<std::make_unsigned_t<T>>(v));
        } else {
          acc = acc + v;
        }
        break;
    }
  }
}

template <>
void ReduceValues<bool>(Reduce r, const Plan& p, const bool* in, bool* out, int64_t n_out) {
  const bool conjunction = r == Reduce::kMin || r == Reduce::kAll;  // these start true, max/any false
  std::fill(out, out + n_out, conjunction);
  for (size_t i = 0; i < p.out_of_in.size(); ++i) {
    bool& acc = out[p.out_of_in[i]];
    acc = conjunction ? (acc && in[i]) : (acc || in[i]);
  }
}

absl::Status CheckQuantized(const KernelContext& c, const RtTensor& t) {
  if (!t.is_quantized() || !(t.scale() > 0) || !std::isfinite(t.scale())) {
    return c.Error(absl::StrCat("tensor '", t.name(), "' needs a positive quantization scale"));
  }
  if (t.type() == TT::INT16 && t.zero_point() != 0) {
    return c.Error(absl::StrCat("INT16 tensor '", t.name(), "' must have zero point 0"));
  }
  return absl::OkStatus();
}

absl::Status CheckSameQuantization(const KernelContext& c, const RtTensor& x, const RtTensor& y) {
  if (x.is_quantized() != y.is_quantized() ||
      (x.is_quantized() && (x.scale() != y.scale() || x.zero_point() != y.zero_point()))) {
    return c.Error("input and output must have the same quantization (this reduction does not rescale)");
  }
  if (x.is_quantized() && x.type() == TT::INT16 && x.zero_point() != 0) {
    return c.Error("INT16 tensors must have zero point 0");
  }
  return absl::OkStatus();
}

// TFLite's QuantizedMeanOrSum (integer version).
template <typename T>
void QuantizedMeanOrSum(const Plan& p, const RtTensor& x, RtTensor& y, bool sum) {
  const int64_t n_out = y.num_elements();
  T* out = y.mutable_data<T>();
  if (x.num_elements() == 0) {  // TFLite leaves the zero-initialized output
    std::fill(out, out + n_out, T(0));
    return;
  }
  std::vector<uint32_t> acc(n_out, 0);  // int32 accumulator, wrapping like the runtime's
  const T* in = x.data<T>();
  for (size_t i = 0; i < p.out_of_in.size(); ++i) acc[p.out_of_in[i]] += static_cast<uint32_t>(int32_t{in[i]});
  int32_t multiplier;
  int shift;
  QuantizeMultiplier(static_cast<double>(x.scale()) / static_cast<double>(y.scale()), &multiplier, &shift);
  const int64_t count = p.count;
  if (!sum) {
    // Fold 1/count into the multiplier, keeping it below 2^31 and the shift >= -31.
    int s = 63 - __builtin_clzll(static_cast<uint64_t>(count));
    s = std::min(s, 32);
    s = std::min(s, 31 + shift);
    multiplier = static_cast<int32_t>((static_cast<int64_t>(multiplier) << s) / count);
    shift -= s;
  }
  const int64_t zp_total = static_cast<int64_t>(x.zero_point()) * count;
  for (int64_t o = 0; o < n_out; ++o) {
    const int32_t shifted = static_cast<int32_t>(static_cast<int64_t>(static_cast<int32_t>(acc[o])) - zp_total);
    const int32_t v = MultiplyByQuantizedMultiplier(shifted, multiplier, shift) + y.zero_point();
    out[o] = static_cast<T>(std::clamp<int32_t>(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
  }
}

// TFLite's QuantizedReduceProd: every partial product is rescaled to stay in range.
template <typename T>
void QuantizedProd(const Plan& p, const RtTensor& x, RtTensor& y) {
  const int64_t n_out = y.num_elements();
  const int reduced = static_cast<int>(x.num_elements() / n_out);
  const double scaling = static_cast<double>(x.scale()) / std::pow(static_cast<double>(y.scale()), 1.0 / reduced);
  int32_t multiplier;
  int shift;
  QuantizeMultiplier(scaling, &multiplier, &shift);
  std::vector<int32_t> acc(n_out, 0);
  std::vector<bool> started(n_out, false);
  const T* in = x.data<T>();
  const int32_t zp = x.zero_point();
  for (size_t i = 0; i < p.out_of_in.size(); ++i) {
    const int64_t o = p.out_of_in[i];
    const int32_t v = static_cast<int32_t>(in[i]) - zp;
    if (!started[o]) {
      acc[o] = v;
      started[o] = true;
    } else {
      acc[o] = MultiplyByQuantizedMultiplier(static_cast<int64_t>(acc[o]) * v, multiplier, shift);
    }
  }
  T* out = y.mutable_data<T>();
  for (int64_t o = 0; o < n_out; ++o) {
    const int32_t v = MultiplyByQuantizedMultiplier(static_cast<int64_t>(acc[o]), multiplier, shift) + y.zero_point();
    out[o] = static_cast<T>(std::clamp<int32_t>(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
  }
}

template <typename T>
void Mean(const Plan& p, const RtTensor& x, RtTensor& y) {
  const int64_t n_out = y.num_elements();
  T* out = y.mutable_data<T>();
  if (x.num_elements() == 0) {
    std::fill(out, out + n_out, std::numeric_limits<T>::quiet_NaN());  // 0 for integers
    return;
  }
  using Acc = std::conditional_t<std::is_integral_v<T>, int64_t, T>;
  std::vector<Acc> acc(n_out, Acc(0));
  const T* in = x.data<T>();
  for (size_t i = 0; i < p.out_of_in.size(); ++i) acc[p.out_of_in[i]] += in[i];
  for (int64_t o = 0; o < n_out; ++o) out[o] = static_cast<T>(acc[o] / static_cast<Acc>(p.count));
}

template <Reduce kOp>
absl::Status ReduceKernel(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  if (x.type() != y.type()) return c.Error("input and output types differ");
  const bool keep_dims = c.op().builtin_options.AsReducerOptions() != nullptr &&
                         c.op().builtin_options.AsReducerOptions()->keep_dims;
  Plan p;
  TFCONV_KERNEL_RETURN_IF_ERROR(MakePlan(c, x, c.input(1), keep_dims, &p));
  const TT type = x.type();
  const bool quantized_int = type == TT::UINT8 || type == TT::INT8 || type == TT::INT16;

  // Types and quantization checks before anything is written.
  if (kOp == Reduce::kAny || kOp == Reduce::kAll) {
    if (type != TT::BOOL) return c.UnsupportedType(x);
  } else if (type == TT::BOOL) {
    if (kOp != Reduce::kMax && kOp != Reduce::kMin) return c.UnsupportedType(x);
  } else if (type != TT::FLOAT32 && type != TT::INT32 && type != TT::INT64 && !quantized_int) {
    return c.UnsupportedType(x);
  }
  const bool rescaled = quantized_int && (kOp == Reduce::kMean || kOp == Reduce::kProd ||
                                          (kOp == Reduce::kSum && type != TT::INT16));
  if (rescaled) {
    if (kOp == Reduce::kProd && type == TT::UINT8) return c.UnsupportedType(x);
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckQuantized(c, x));
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckQuantized(c, y));
  } else if (quantized_int) {
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckSameQuantization(c, x, y));
  }

  y.Reset(type, p.out_shape);
  // Without axes TFLite's MEAN and quantized SUM copy the input unchanged.
  if (p.num_axes == 0 && (kOp == Reduce::kMean || (kOp == Reduce::kSum && rescaled))) {
    if (x.byte_size() > 0) std::memcpy(y.mutable_raw(), x.raw(), x.byte_size());
    return absl::OkStatus();
  }
  if (kOp == Reduce::kProd && rescaled && x.num_elements() == 0) {
    return c.Error("quantized REDUCE_PROD of an empty tensor");
  }
  const int64_t n = y.num_elements();
  if (kOp == Reduce::kMean) {
    switch (type) {
      case TT::FLOAT32: Mean<float>(p, x, y); break;
      case TT::INT32: Mean<int32_t>(p, x, y); break;
      case TT::INT64: Mean<int64_t>(p, x, y); break;
      case TT::UINT8: QuantizedMeanOrSum<uint8_t>(p, x, y, false); break;
      case TT::INT8: QuantizedMeanOrSum<int8_t>(p, x, y, false); break;
      default: QuantizedMeanOrSum<int16_t>(p, x, y, false); break;
    }
    return absl::OkStatus();
  }
  if (rescaled && kOp == Reduce::kSum) {
    if (type == TT::UINT8) {
      QuantizedMeanOrSum<uint8_t>(p, x, y, true);
    } else {
      QuantizedMeanOrSum<int8_t>(p, x, y, true);
    }
    return absl::OkStatus();
  }
  if (rescaled && kOp == Reduce::kProd) {
    if (type == TT::INT8) {
      QuantizedProd<int8_t>(p, x, y);
    } else {
      QuantizedProd<int16_t>(p, x, y);
    }
    return absl::OkStatus();
  }
  if (kOp == Reduce::kSum && type == TT::INT16) {
    // TFLite adds in int16 and wraps around; refuse instead of returning a wrapped sum.
    std::vector<int64_t> acc(n, 0);
    for (size_t i = 0; i < p.out_of_in.size(); ++i) acc[p.out_of_in[i]] += x.data<int16_t>()[i];
    for (int64_t o = 0; o < n; ++o) {
      if (acc[o] < std::numeric_limits<int16_t>::min() || acc[o] > std::numeric_limits<int16_t>::max()) {
        return c.Error(absl::StrCat("INT16 SUM overflows (", acc[o], ")"));
      }
      y.mutable_data<int16_t>()[o] = static_cast<int16_t>(acc[o]);
    }
    return absl::OkStatus();
  }
  switch (type) {
    case TT::FLOAT32: ReduceValues(kOp, p, x.data<float>(), y.mutable_data<float>(), n); break;
    case TT::INT32: ReduceValues(kOp, p, x.data<int32_t>(), y.mutable_data<int32_t>(), n); break;
    case TT::INT64: ReduceValues(kOp, p, x.data<int64_t>(), y.mutable_data<int64_t>(), n); break;
    case TT::UINT8: ReduceValues(kOp, p, x.data<uint8_t>(), y.mutable_data<uint8_t>(), n); break;
    case TT::INT8: ReduceValues(kOp, p, x.data<int8_t>(), y.mutable_data<int8_t>(), n); break;
    case TT::INT16: ReduceValues(kOp, p, x.data<int16_t>(), y.mutable_data<int16_t>(), n); break;
    case TT::BOOL: ReduceValues(kOp, p, x.data<bool>(), y.mutable_data<bool>(), n); break;
    default: return c.UnsupportedType(x);
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterReduceKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::MEAN, ReduceKernel<Reduce::kMean>);
  registry.AddBuiltin(tflite::BuiltinOperator::SUM, ReduceKernel<Reduce::kSum>);
  registry.AddBuiltin(tflite::BuiltinOperator::REDUCE_MAX, ReduceKernel<Reduce::kMax>);
  registry.AddBuiltin(tflite::BuiltinOperator::REDUCE_MIN, ReduceKernel<Reduce::kMin>);
  registry.AddBuiltin(tflite::BuiltinOperator::REDUCE_PROD, ReduceKernel<Reduce::kProd>);
  registry.AddBuiltin(tflite::BuiltinOperator::REDUCE_ANY, ReduceKernel<Reduce::kAny>);
  registry.AddBuiltin(tflite::BuiltinOperator::REDUCE_ALL, ReduceKernel<Reduce::kAll>);
}

}  // namespace tfconv
