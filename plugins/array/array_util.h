// Helpers shared by the array-family ops: reading constant index operands, building int tensors,
// moving elements without caring about their type, and turning index operands into the int32
// TFLite operands the runtime expects.
//
//   TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> perm, ReadInts(node, *value, "perm"));
//   Tensor out = GatherStrided(in, out_dims, src_strides, /*base=*/0);   // any fixed-size dtype
//   TFCONV_ASSIGN_OR_RETURN(int32_t axes, Int32Operand(c, 1, "axes"));   // in a lowering
#ifndef TFCONV_PLUGINS_ARRAY_ARRAY_UTIL_H_
#define TFCONV_PLUGINS_ARRAY_ARRAY_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ops/op_context.h"
#include "ops/op_registry.h"

namespace tfconv {
namespace array {

// True for element types with a fixed byte size, which the data-movement kernels can copy.
bool HasFixedSize(DataType type);

// An error unless `t` has a fixed-size element type (names the node and the type).
absl::Status CheckMovable(const Node& node, const Tensor& t);

// The values of an integer tensor (any shape, any integer dtype), flattened; an error naming
// `what` for a non-integer tensor.
absl::StatusOr<std::vector<int64_t>> ReadInts(const Node& node, const Tensor& t, absl::string_view what);

// The value of an integer scalar or one-element vector.
absl::StatusOr<int64_t> ReadScalarInt(const Node& node, const Tensor& t, absl::string_view what);

// An int32 or int64 tensor of `shape` holding `values` (int32 values wrap like a C++ cast).
Tensor MakeIntTensor(DataType dtype, std::vector<int64_t> shape, const std::vector<int64_t>& values);

// An int32 tensor for a TFLite operand; values outside int32 are clamped, which keeps the meaning of
// slice bounds ("to the end") and is the only case where such values occur.
Tensor MakeInt32Tensor(std::vector<int64_t> shape, const std::vector<int64_t>& values);

// Product of dims[begin, end).
int64_t Product(const std::vector<int64_t>& dims, size_t begin, size_t end);
inline int64_t Product(const std::vector<int64_t>& dims) { return Product(dims, 0, dims.size()); }

// Output element i (row-major over `out_dims`) = input element at
// base + sum(index_k * src_strides[k]) (strides in elements). Covers slices, strided slices and
// transposes for every fixed-size dtype.
Tensor GatherStrided(const Tensor& in, const std::vector<int64_t>& out_dims,
                     const std::vector<int64_t>& src_strides, int64_t base);

// `in` expanded to `dims` by NumPy broadcasting (trailing dimensions aligned, a dimension of 1
// repeats); an error naming the node when it does not broadcast. Any fixed-size dtype.
absl::StatusOr<Tensor> BroadcastTensor(const Node& node, const Tensor& in, const std::vector<int64_t>& dims);

// Concatenates tensors of one dtype along `axis` (all other sizes equal, checked by the caller).
Tensor JoinAlong(const std::vector<Tensor>& parts, int axis, DataType dtype);

// Cuts `in` along `axis` into consecutive pieces of the given sizes (summing to the axis size).
std::vector<Tensor> SplitAlong(const Tensor& in, int axis, const std::vector<int64_t>& sizes);

// Merges two known-or-unknown (-1) dimension sizes; error when both are known and differ.
absl::StatusOr<int64_t> MergeDim(const Node& node, int64_t a, int64_t b, absl::string_view what);

// Calls fn(T{}) with the C++ element type of a numeric `type` (float, double and the 8-64 bit
// integers; not bool, not half); returns false, calling nothing, for any other type.
template <typename Fn>
bool VisitNumeric(DataType type, Fn&& fn) {
  switch (type) {
    case DataType::kFloat:
      fn(float{});
      return true;
    case DataType::kDouble:
      fn(double{});
      return true;
    case DataType::kInt8:
      fn(int8_t{});
      return true;
    case DataType::kUInt8:
      fn(uint8_t{});
      return true;
    case DataType::kInt16:
      fn(int16_t{});
      return true;
    case DataType::kUInt16:
      fn(uint16_t{});
      return true;
    case DataType::kInt32:
      fn(int32_t{});
      return true;
    case DataType::kUInt32:
      fn(uint32_t{});
      return true;
    case DataType::kInt64:
      fn(int64_t{});
      return true;
    case DataType::kUInt64:
      fn(uint64_t{});
      return true;
    default:
      return false;
  }
}

// One registration: op name, shape rule, reference semantics, lowering and what it may emit.
OpRegistration MakeOp(const char* op, InferFn infer, EvalFn evaluate, LowerFn lower,
                      std::vector<std::string> tflite_ops);

// Row-major index of every element: calls fn(flat_index, index) for each element of `dims`.
template <typename Fn>
void ForEachIndex(const std::vector<int64_t>& dims, Fn&& fn) {
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  std::vector<int64_t> index(dims.size(), 0);
  for (int64_t k = 0; k < n; ++k) {
    fn(k, static_cast<const std::vector<int64_t>&>(index));
    for (int d = static_cast<int>(dims.size()) - 1; d >= 0; --d) {
      if (++index[d] < dims[d]) break;
      index[d] = 0;
    }
  }
}

// --- Lowering helpers ---

// The TFLite tensor for integer input `i` as int32: a new constant when the value is known, the
// input itself when it is already int32, otherwise a CAST to int32 (as the official converter does).
absl::StatusOr<int32_t> Int32Operand(LoweringContext& c, int i, absl::string_view suffix);

// An axis for an op's options: normalized for `rank`, or kept when the rank is unknown (-1) and the
// axis is already non-negative; Unsupported otherwise.
absl::StatusOr<int> LoweringAxis(LoweringContext& c, int64_t axis, int rank);

// A new int32 constant tensor named "<node>/<suffix>".
int32_t AddInt32Const(LoweringContext& c, std::vector<int64_t> shape, const std::vector<int64_t>& values,
                      absl::string_view suffix);

// Emits RESHAPE(input, const shape) into `output`; unknown dims of `shape` are written as -1, so at
// most one may be unknown (else Unsupported).
absl::Status EmitReshape(LoweringContext& c, int32_t input, int32_t output, const PartialShape& shape,
                         absl::string_view suffix);

// The option union holding `options` (a flatc object-API table such as tflite::PadOptionsT).
template <typename T>
tflite::BuiltinOptionsUnion Options(T options) {
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(options));
  return u;
}

}  // namespace array
}  // namespace tfconv

#endif  // TFCONV_PLUGINS_ARRAY_ARRAY_UTIL_H_
