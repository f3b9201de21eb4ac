// ARG_MAX and ARG_MIN along one axis; the first index wins ties (a strict comparison, as TFLite).
// The output is INT32 or INT64 per the options' output_type.
#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/kernels/pool_reduce/pool_reduce_ops.h"

namespace tfconv {
namespace {

using TT = tflite::TensorType;

template <typename T, typename I>
void ArgMinMax(bool is_max, const RtTensor& x, int axis, RtTensor& y) {
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= x.dim(d);
  for (int d = axis + 1; d < x.rank(); ++d) inner *= x.dim(d);
  const int64_t n = x.dim(axis);
  const T* in = x.data<T>();
  I* out = y.mutable_data<I>();
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      T best = in[o * n * inner + i];
      I best_index = 0;
      for (int64_t k = 1; k < n; ++k) {
        const T v = in[(o * n + k) * inner + i];
        if (is_max ? v > best : v < best) {
          best = v;
          best_index = static_cast<I>(k);
        }
      }
      out[o * inner + i] = best_index;
    }
  }
}

template <typename I>
absl::Status Dispatch(const KernelContext& c, bool is_max, const RtTensor& x, int axis, RtTensor& y) {
  switch (x.type()) {
    case TT::FLOAT32: ArgMinMax<float, I>(is_max, x, axis, y); break;
    case TT::INT32: ArgMinMax<int32_t, I>(is_max, x, axis, y); break;
    case TT::INT64: ArgMinMax<int64_t, I>(is_max, x, axis, y); break;
    case TT::UINT8: ArgMinMax<uint8_t, I>(is_max, x, axis, y); break;
    case TT::INT8: ArgMinMax<int8_t, I>(is_max, x, axis, y); break;
    case TT::INT16: ArgMinMax<int16_t, I>(is_max, x, axis, y); break;
    case TT::BOOL: ArgMinMax<bool, I>(is_max, x, axis, y); break;
    default: return c.UnsupportedType(x);
  }
  return absl::OkStatus();
}

template <bool kMax>
absl::Status ArgKernel(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& x = c.input(0);
  const RtTensor& axis_t = c.input(1);
  RtTensor& y = c.output(0);
  TT out_type = y.type();
  const auto* max_opts = c.op().builtin_options.AsArgMaxOptions();
  const auto* min_opts = c.op().builtin_options.AsArgMinOptions();
  if (kMax && max_opts != nullptr) out_type = max_opts->output_type;
  if (!kMax && min_opts != nullptr) out_type = min_opts->output_type;
  if (out_type != TT::INT32 && out_type != TT::INT64) {
    return c.Error(absl::StrCat("output_type must be INT32 or INT64, not ", TfliteTypeName(out_type)));
  }
  if (out_type != y.type()) {
    return c.Error(absl::StrCat("output_type ", TfliteTypeName(out_type), " differs from the output tensor's ",
                                TfliteTypeName(y.type())));
  }
  if ((axis_t.type() != TT::INT32 && axis_t.type() != TT::INT64) || axis_t.num_elements() != 1) {
    return c.Error("axis must be one INT32 or INT64 value");
  }
  const int64_t a = ReadInt(axis_t, 0);
  const int64_t axis = a < 0 ? a + x.rank() : a;
  if (axis < 0 || axis >= x.rank()) return c.Error(absl::StrCat("axis ", a, " is out of range for rank ", x.rank()));
  if (x.dim(static_cast<int>(axis)) == 0) return c.Error("cannot take the arg max/min of an empty dimension");
  std::vector<int32_t> shape = x.shape();
  shape.erase(shape.begin() + axis);
  y.Reset(out_type, shape);
  return out_type == TT::INT32 ? Dispatch<int32_t>(c, kMax, x, static_cast<int>(axis), y)
                               : Dispatch<int64_t>(c, kMax, x, static_cast<int>(axis), y);
}

}  // namespace

void RegisterArgMinMaxKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::ARG_MAX, ArgKernel<true>);
  registry.AddBuiltin(tflite::BuiltinOperator::ARG_MIN, ArgKernel<false>);
}

}  // namespace tfconv
