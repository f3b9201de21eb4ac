// CUMSUM(x, axis): running sums along one axis (an INT32 scalar or one-element tensor, negative
// counts from the end) of a FLOAT32, INT32 or INT64 tensor of rank >= 1, as TFLite's kernel:
// `exclusive` leaves the current element out (the first sum is 0), `reverse` runs from the end.
// Sums accumulate in the element type in scan order; integers wrap around.
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/kernels/pool_reduce/pool_reduce_ops.h"

namespace tfconv {
namespace {

using TT = tflite::TensorType;

template <typename T>
T Plus(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
  } else {
    return a + b;
  }
}

template <typename T>
void Scan(const RtTensor& x, int axis, bool exclusive, bool reverse, RtTensor& y) {
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= x.dim(d);
  for (int d = axis + 1; d < x.rank(); ++d) inner *= x.dim(d);
  const int64_t n = x.dim(axis);
  const T* in = x.data<T>();
  T* out = y.mutable_data<T>();
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      T acc = T(0);
      for (int64_t step = 0; step < n; ++step) {
        const int64_t k = reverse ? n - 1 - step : step;
        const int64_t at = (o * n + k) * inner + i;
        if (exclusive) {
          out[at] = acc;
          acc = Plus(acc, in[at]);
        } else {
          acc = Plus(acc, in[at]);
          out[at] = acc;
        }
      }
    }
  }
}

absl::Status Cumsum(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& x = c.input(0);
  const RtTensor& axis_t = c.input(1);
  RtTensor& y = c.output(0);
  if (x.type() != TT::FLOAT32 && x.type() != TT::INT32 && x.type() != TT::INT64) return c.UnsupportedType(x);
  if (y.type() != x.type()) return c.Error("input and output types differ");
  if (axis_t.type() != TT::INT32 || axis_t.num_elements() != 1) {
    return c.Error(absl::StrCat("axis '", axis_t.name(), "' must be one INT32 value"));
  }
  if (x.rank() < 1) return c.Error("the input must have at least one dimension");
  int axis = axis_t.data<int32_t>()[0];
  if (axis < 0) axis += x.rank();
  if (axis < 0 || axis >= x.rank()) {
    return c.Error(absl::StrCat("axis ", axis_t.data<int32_t>()[0], " is out of range for rank ", x.rank()));
  }
  const auto* opts = c.op().builtin_options.AsCumsumOptions();
  const bool exclusive = opts != nullptr && opts->exclusive;
  const bool reverse = opts != nullptr && opts->reverse;
  y.Reset(x.type(), x.shape());
  if (x.num_elements() == 0) return absl::OkStatus();
  switch (x.type()) {
    case TT::FLOAT32: Scan<float>(x, axis, exclusive, reverse, y); break;
    case TT::INT32: Scan<int32_t>(x, axis, exclusive, reverse, y); break;
    default: Scan<int64_t>(x, axis, exclusive, reverse, y); break;
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterCumsumKernel(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::CUMSUM, Cumsum);
}

}  // namespace tfconv
