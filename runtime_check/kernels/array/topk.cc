// TOPK_V2: the k largest values of each row (the last dimension) in decreasing order and their
// INT32 (or INT16) column indices; equal values keep the lower index first, as TFLite's
// TopContainer does. k must be in [0, last dimension]. A NaN in the input is refused: TFLite's
// comparator is no strict ordering then, so its result depends on the heap's history.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

using TT = tflite::TensorType;

template <typename T>
absl::Status TopKRows(KernelContext& c, int64_t rows, int32_t n, int32_t k, const T* x, T* values, RtTensor& idx) {
  std::vector<int32_t> order(n);
  for (int64_t r = 0; r < rows; ++r) {
    const T* row = x + r * n;
    if constexpr (std::is_floating_point_v<T>) {
      for (int32_t j = 0; j < n; ++j) {
        if (std::isnan(row[j])) return c.Error(absl::StrCat("row ", r, " holds a NaN; TOPK_V2 has no order for it"));
      }
    }
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [row](int32_t a, int32_t b) { return row[a] > row[b]; });
    for (int32_t j = 0; j < k; ++j) {
      values[r * k + j] = row[order[j]];
      if (idx.type() == TT::INT32) {
        idx.mutable_data<int32_t>()[r * k + j] = order[j];
      } else {
        idx.mutable_data<int16_t>()[r * k + j] = static_cast<int16_t>(order[j]);
      }
    }
  }
  return absl::OkStatus();
}

absl::Status TopKV2(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 2));
  const RtTensor& x = c.input(0);
  RtTensor& values = c.output(0);
  RtTensor& indices = c.output(1);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckSameType(c, x, values));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckSameQuantization(c, x, values));
  if (indices.type() != TT::INT32 && indices.type() != TT::INT16) return c.UnsupportedType(indices);
  switch (x.type()) {
    case TT::FLOAT32: case TT::UINT8: case TT::INT8: case TT::INT16: case TT::INT32: case TT::INT64: break;
    default: return c.UnsupportedType(x);
  }
  const RtTensor& k_tensor = c.input(1);
  if (k_tensor.type() != TT::INT32) return c.Error(absl::StrCat("k '", k_tensor.name(), "' must be INT32"));
  int64_t k;
  TFCONV_KERNEL_RETURN_IF_ERROR(ReadScalarInt(c, k_tensor, "k", &k));
  if (x.rank() < 1) return c.Error("the input must have at least one dimension");
  const int32_t n = x.dim(-1);
  if (k < 0 || k > n) return c.Error(absl::StrCat("k = ", k, " is outside [0, ", n, "] (the last dimension)"));
  if (indices.type() == TT::INT16 && n > 32768) return c.Error("INT16 indices cannot address a row this long");
  std::vector<int32_t> shape = x.shape();
  shape.back() = static_cast<int32_t>(k);
  values.Reset(x.type(), shape);
  indices.Reset(indices.type(), shape);
  const int64_t rows = n == 0 ? 0 : x.num_elements() / n;
  const int32_t kk = static_cast<int32_t>(k);
  switch (x.type()) {
    case TT::FLOAT32: return TopKRows(c, rows, n, kk, x.data<float>(), values.mutable_data<float>(), indices);
    case TT::UINT8: return TopKRows(c, rows, n, kk, x.data<uint8_t>(), values.mutable_data<uint8_t>(), indices);
    case TT::INT8: return TopKRows(c, rows, n, kk, x.data<int8_t>(), values.mutable_data<int8_t>(), indices);
    case TT::INT16: return TopKRows(c, rows, n, kk, x.data<int16_t>(), values.mutable_data<int16_t>(), indices);
    case TT::INT32: return TopKRows(c, rows, n, kk, x.data<int32_t>(), values.mutable_data<int32_t>(), indices);
    case TT::INT64: return TopKRows(c, rows, n, kk, x.data<int64_t>(), values.mutable_data<int64_t>(), indices);
    default: return c.UnsupportedType(x);
  }
}

}  // namespace

void RegisterTopKKernel(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::TOPK_V2, TopKV2);
}

}  // namespace tfconv
