// SCATTER_ND and SPARSE_TO_DENSE: values written into a new tensor at integer coordinates.
// - SCATTER_ND(indices, updates, shape): zeros of `shape`, then every slice of `updates` added at
//   its index, so duplicate indices add up (wrapping for integers), as TFLite's reference kernel.
//   Indices and shape are INT32 (TFLite takes no other index type); updates FLOAT32, INT32, INT64,
//   INT8/UINT8 (plain, or quantized with zero point 0 and the output's quantization: the zero fill
//   and the raw sums are then right).
// - SPARSE_TO_DENSE(indices, output_shape, values, default_value): default_value everywhere, then
//   values[i] (or the scalar value) at indices[i]; a later duplicate overwrites an earlier one and
//   validate_indices is ignored, as in TFLite. Output rank at most 4, indices of rank 0, 1 or 2. A
//   scalar `values` goes to every index: the official runtime (LiteRT.js 2.5.3) does so, although
//   the Prepare of TFLite's sparse_to_dense.cc reads as if it required one index then.
// Out-of-range indices are errors (TFLite checks some of them and writes out of bounds for others).
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

using TT = tflite::TensorType;

template <typename T>
void AddSlice(T* out, const T* in, int64_t count) {
  for (int64_t j = 0; j < count; ++j) {
    if constexpr (std::is_integral_v<T>) {
      using U = std::make_unsigned_t<T>;
      out[j] = static_cast<T>(static_cast<U>(static_cast<U>(out[j]) + static_cast<U>(in[j])));
    } else {
      out[j] += in[j];
    }
  }
}

absl::Status ScatterNd(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(3, 1));
  const RtTensor& indices = c.input(0);
  const RtTensor& updates = c.input(1);
  const RtTensor& shape_t = c.input(2);
  RtTensor& y = c.output(0);
  if (indices.type() != TT::INT32) return c.Error(absl::StrCat("indices '", indices.name(), "' must be INT32"));
  if (shape_t.type() != TT::INT32) return c.Error(absl::StrCat("shape '", shape_t.name(), "' must be INT32"));
  switch (updates.type()) {
    case TT::FLOAT32: case TT::INT32: case TT::INT64: case TT::INT8: case TT::UINT8: break;
    default: return c.UnsupportedType(updates);
  }
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckSameType(c, updates, y));
  if (updates.is_quantized() || y.is_quantized()) {
    if (!updates.is_quantized() || !y.is_quantized() || updates.zero_point() != 0 || y.zero_point() != 0) {
      return c.Unimplemented("quantized SCATTER_ND needs zero point 0 on updates and output");
    }
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckSameQuantization(c, updates, y));
  }
  if (indices.rank() < 1 || updates.rank() < 1 || shape_t.rank() != 1) {
    return c.Error("indices and updates need rank >= 1 and shape rank 1");
  }
  std::vector<int32_t> out_shape;
  TFCONV_KERNEL_RETURN_IF_ERROR(ToShape(c, ReadInts(shape_t), "SCATTER_ND output", &out_shape));
  const int outer = indices.rank() - 1;
  const int depth = indices.dim(-1);
  const int out_rank = static_cast<int>(out_shape.size());
  bool ok = depth <= out_rank && updates.rank() - outer == out_rank - depth;
  for (int d = 0; ok && d < outer; ++d) ok = indices.dim(d) == updates.dim(d);
  for (int d = 0; ok && d + outer < updates.rank(); ++d) ok = updates.dim(d + outer) == out_shape[depth + d];
  if (!ok) {
    return c.Error(absl::StrCat("indices ", ShapeString(indices.shape()), ", updates ", ShapeString(updates.shape()),
                                " and shape ", ShapeString(out_shape),
                                " do not fit: updates must be indices.shape[:-1] + shape[indices.shape[-1]:]"));
  }
  y.Reset(updates.type(), out_shape);
  const int size = TfliteTypeSize(y.type());
  if (y.num_elements() > 0) std::memset(y.mutable_raw(), 0, y.num_elements() * size);
  const std::vector<int64_t> strides = Strides(out_shape);
  int64_t slice = 1;
  for (int d = depth; d < out_rank; ++d) slice *= out_shape[d];
  int64_t n_slices = 1;
  for (int d = 0; d < outer; ++d) n_slices *= indices.dim(d);
  const int32_t* idx = indices.data<int32_t>();
  for (int64_t i = 0; i < n_slices; ++i) {
    int64_t to = 0;
    for (int d = 0; d < depth; ++d) {
      const int32_t v = idx[i * depth + d];
      if (v < 0 || v >= out_shape[d]) {
        return c.Error(absl::StrCat("index ", v, " (entry ", i, ", dimension ", d, ") is outside [0, ", out_shape[d], ")"));
      }
      to += v * strides[d];
    }
    switch (y.type()) {
      case TT::FLOAT32: AddSlice(y.mutable_data<float>() + to, updates.data<float>() + i * slice, slice); break;
      case TT::INT32: AddSlice(y.mutable_data<int32_t>() + to, updates.data<int32_t>() + i * slice, slice); break;
      case TT::INT64: AddSlice(y.mutable_data<int64_t>() + to, updates.data<int64_t>() + i * slice, slice); break;
      case TT::INT8: AddSlice(y.mutable_data<int8_t>() + to, updates.data<int8_t>() + i * slice, slice); break;
      default: AddSlice(y.mutable_data<uint8_t>() + to, updates.data<uint8_t>() + i * slice, slice); break;
    }
  }
  return absl::OkStatus();
}

absl::Status SparseToDense(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(4, 1));
  const RtTensor& indices = c.input(0);
  const RtTensor& shape_t = c.input(1);
  const RtTensor& values = c.input(2);
  const RtTensor& fill = c.input(3);
  RtTensor& y = c.output(0);
  if (indices.type() != TT::INT32 && indices.type() != TT::INT64) {
    return c.Error(absl::StrCat("indices '", indices.name(), "' must be INT32 or INT64"));
  }
  if (shape_t.type() != TT::INT32 && shape_t.type() != TT::INT64) {
    return c.Error(absl::StrCat("output_shape '", shape_t.name(), "' must be INT32 or INT64"));
  }
  switch (values.type()) {
    case TT::FLOAT32: case TT::INT32: case TT::INT64: case TT::INT8: case TT::UINT8: break;
    default: return c.UnsupportedType(values);
  }
  if (fill.type() != values.type() || fill.num_elements() != 1) {
    return c.Error("default_value must be one element of the values' type");
  }
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, values, y));
  if (indices.rank() > 2 || shape_t.rank() != 1 || values.rank() > 1) {
    return c.Error("indices must have rank 0, 1 or 2, output_shape rank 1 and values rank 0 or 1");
  }
  std::vector<int32_t> out_shape;
  TFCONV_KERNEL_RETURN_IF_ERROR(ToShape(c, ReadInts(shape_t), "SPARSE_TO_DENSE output", &out_shape));
  const int out_rank = static_cast<int>(out_shape.size());
  if (out_rank > 4) return c.Error(absl::StrCat("output rank ", out_rank, " is above TFLite's limit of 4"));
  const int64_t n = indices.rank() == 0 ? 1 : indices.dim(0);
  const int depth = indices.rank() == 2 ? indices.dim(1) : 1;
  if (depth != out_rank) {
    return c.Error(absl::StrCat("each index has ", depth, " coordinates but the output has rank ", out_rank));
  }
  const bool scalar = values.rank() == 0;
  if (!scalar && values.num_elements() != n) {
    return c.Error(absl::StrCat("values has ", values.num_elements(), " elements for ", n, " indices"));
  }
  y.Reset(values.type(), out_shape);
  const int size = TfliteTypeSize(y.type());
  for (int64_t i = 0; i < y.num_elements(); ++i) std::memcpy(y.mutable_raw() + i * size, fill.raw(), size);
  const std::vector<int64_t> strides = Strides(out_shape);
  for (int64_t i = 0; i < n; ++i) {
    int64_t to = 0;
    for (int d = 0; d < depth; ++d) {
      const int64_t v = ReadInt(indices, i * depth + d);
      if (v < 0 || v >= out_shape[d]) {
        return c.Error(absl::StrCat("index ", v, " (entry ", i, ", dimension ", d, ") is outside [0, ", out_shape[d], ")"));
      }
      to += v * strides[d];
    }
    std::memcpy(y.mutable_raw() + to * size, values.raw() + (scalar ? 0 : i) * size, size);
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterScatterKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::SCATTER_ND, ScatterNd);
  registry.AddBuiltin(tflite::BuiltinOperator::SPARSE_TO_DENSE, SparseToDense);
}

}  // namespace tfconv
