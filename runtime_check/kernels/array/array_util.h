// Helpers shared by the array kernels: reading shape/axis operands with range checks, building
// output shapes without overflow, row-major strides and element copies by byte size (the data
// movement ops are generic over the element type).
//
//   std::vector<int32_t> shape;
//   TFCONV_KERNEL_RETURN_IF_ERROR(ToShape(c, dims64, "output", &shape));
//   int axis;
//   TFCONV_KERNEL_RETURN_IF_ERROR(NormalizeAxis(c, opts->axis, rank, "axis", &axis));
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_ARRAY_ARRAY_UTIL_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_ARRAY_ARRAY_UTIL_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "runtime_check/interpreter/kernel.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

// Largest tensor a kernel will allocate (elements); protects against absurd shapes in a model.
inline constexpr int64_t kMaxElements = (int64_t{1} << 31) - 1;

// Options of the operator, or the schema defaults when the model omits them.
template <typename T>
T OptionsOr(const T* options) {
  return options != nullptr ? *options : T{};
}

// An error unless the tensor has a fixed-size element type (any numeric or bool type).
absl::Status CheckFixedSize(const KernelContext& c, const RtTensor& t);
// An error unless `t` has an integer type usable as indices/shape values (INT16/INT32/INT64).
absl::Status CheckIndexType(const KernelContext& c, const RtTensor& t, absl::string_view what);
// An error when output and input types differ.
absl::Status CheckSameType(const KernelContext& c, const RtTensor& in, const RtTensor& out);
// Data movement ops copy quantized values unchanged, so input and output must have the same scale
// and zero point (when both carry quantization); TFLite would otherwise reinterpret the values.
absl::Status CheckSameQuantization(const KernelContext& c, const RtTensor& in, const RtTensor& out);
// The three checks of an op that moves elements from `in` to `out` unchanged.
absl::Status CheckDataMovement(const KernelContext& c, const RtTensor& in, const RtTensor& out);

// `axis` in [-rank, rank) made non-negative, or an error naming `what`.
absl::Status NormalizeAxis(const KernelContext& c, int64_t axis, int rank, absl::string_view what, int* out);
// Converts dimensions to a tensor shape: each must be >= 0 and the element count bounded.
absl::Status ToShape(const KernelContext& c, const std::vector<int64_t>& dims, absl::string_view what,
                     std::vector<int32_t>* shape);
// The single value of a scalar or one-element integer tensor.
absl::Status ReadScalarInt(const KernelContext& c, const RtTensor& t, absl::string_view what, int64_t* value);
// A [rows, 2] integer tensor (paddings, crops) read as pairs; `rows` is checked.
absl::Status ReadPairs(const KernelContext& c, const RtTensor& t, int rows, absl::string_view what,
                       std::vector<std::pair<int64_t, int64_t>>* pairs);

// Row-major element strides of `shape`.
std::vector<int64_t> Strides(const std::vector<int32_t>& shape);

// Advances a row-major multi-index; false after the last one.
inline bool NextIndex(const std::vector<int32_t>& shape, std::vector<int32_t>& index) {
  for (size_t d = shape.size(); d-- > 0;) {
    if (++index[d] < shape[d]) return true;
    index[d] = 0;
  }
  return false;
}

// Copies `count` elements of `size` bytes from element `from` of `src` to element `to` of `dst`.
inline void CopyElements(uint8_t* dst, int64_t to, const uint8_t* src, int64_t from, int64_t count, int size) {
  if (count > 0) std::memcpy(dst + to * size, src + from * size, static_cast<size_t>(count * size));
}

// The checks of a data-movement op with integer indices at input 1 (TILE, BROADCAST_TO, TRANSPOSE,
// REVERSE_V2, GATHER, GATHER_ND): two inputs and one output, the output like input 0, input 1 of an index type.
absl::Status CheckMovementWithIndices(KernelContext& c, absl::string_view index_name);

// Fills the already-sized `y` in row-major order: the element at multi-index `index` of `y` is
// element `source(index)` (a flat index) of `x`, or the bytes of `fill` when that is -1.
template <typename Source>
void GatherElements(const RtTensor& x, RtTensor& y, Source source, const std::vector<uint8_t>& fill = {}) {
  if (y.num_elements() == 0) return;
  const int size = TfliteTypeSize(x.type());
  const std::vector<int32_t> shape = y.shape();
  std::vector<int32_t> index(shape.size(), 0);
  int64_t to = 0;
  do {
    const int64_t from = source(static_cast<const std::vector<int32_t>&>(index));
    if (from >= 0) {
      CopyElements(y.mutable_raw(), to, x.raw(), from, 1, size);
    } else {
      std::memcpy(y.mutable_raw() + to * size, fill.data(), size);
    }
    ++to;
  } while (NextIndex(shape, index));
}

// The pad value of PAD-like ops for the element type of `out`: zero, or the zero point of a
// quantized output, as one element's bytes.
std::vector<uint8_t> ZeroElement(const RtTensor& out);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_ARRAY_ARRAY_UTIL_H_
