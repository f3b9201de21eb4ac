#include "plugins/array/array_util.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {

bool HasFixedSize(DataType type) { return DataTypeSize(type) != 0 && type != DataType::kString; }

absl::Status CheckMovable(const Node& node, const Tensor& t) {
  if (HasFixedSize(t.dtype())) return absl::OkStatus();
  return NodeUnsupported(node, absl::StrCat("cannot evaluate on ", DataTypeName(t.dtype()),
                                            " tensors (only fixed-size element types)"));
}

absl::StatusOr<std::vector<int64_t>> ReadInts(const Node& node, const Tensor& t, absl::string_view what) {
  if (!IsIntegerType(t.dtype())) {
    return NodeError(node, absl::StrCat("'", what, "' must be an integer tensor, got ", t.DebugString()));
  }
  std::vector<int64_t> out(static_cast<size_t>(t.NumElements()));
  for (int64_t i = 0; i < t.NumElements(); ++i) out[i] = t.ElementAsInt64(i);
  return out;
}

absl::StatusOr<int64_t> ReadScalarInt(const Node& node, const Tensor& t, absl::string_view what) {
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> v, ReadInts(node, t, what));
  if (v.size() != 1 || t.rank() > 1) {
    return NodeError(node, absl::StrCat("'", what, "' must be a scalar, got ", t.DebugString()));
  }
  return v[0];
}

Tensor MakeIntTensor(DataType dtype, std::vector<int64_t> shape, const std::vector<int64_t>& values) {
  if (dtype == DataType::kInt64) return Tensor::FromVector<int64_t>(std::move(shape), values);
  std::vector<int32_t> narrow(values.begin(), values.end());
  return Tensor::FromVector<int32_t>(std::move(shape), narrow);
}

Tensor MakeInt32Tensor(std::vector<int64_t> shape, const std::vector<int64_t>& values) {
  std::vector<int32_t> narrow;
  narrow.reserve(values.size());
  for (int64_t v : values) {
    v = std::clamp<int64_t>(v, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
    narrow.push_back(static_cast<int32_t>(v));
  }
  return Tensor::FromVector<int32_t>(std::move(shape), narrow);
}

int64_t Product(const std::vector<int64_t>& dims, size_t begin, size_t end) {
  int64_t n = 1;
  for (size_t i = begin; i < end && i < dims.size(); ++i) n *= dims[i];
  return n;
}

Tensor GatherStrided(const Tensor& in, const std::vector<int64_t>& out_dims,
                     const std::vector<int64_t>& src_strides, int64_t base) {
  const size_t elem = DataTypeSize(in.dtype());
  Tensor out = Tensor::Zeros(in.dtype(), out_dims);
  const int64_t n = out.NumElements();
  if (n == 0) return out;
  const uint8_t* src = in.bytes().data();
  uint8_t* dst = out.mutable_data<uint8_t>().data();
  const int rank = static_cast<int>(out_dims.size());
  std::vector<int64_t> index(rank, 0);
  int64_t offset = base;
  for (int64_t k = 0; k < n; ++k) {
    std::memcpy(dst + k * elem, src + offset * elem, elem);
    // Odometer step: bump the last index, carrying into earlier ones.
    for (int d = rank - 1; d >= 0; --d) {
      if (++index[d] < out_dims[d]) {
        offset += src_strides[d];
        break;
      }
      offset -= src_strides[d] * (out_dims[d] - 1);
      index[d] = 0;
    }
  }
  return out;
}

absl::StatusOr<Tensor> BroadcastTensor(const Node& node, const Tensor& in, const std::vector<int64_t>& dims) {
  const int rank = static_cast<int>(dims.size());
  auto mismatch = [&] {
    return NodeError(node, absl::StrCat("input ", in.DebugString(), " does not broadcast to shape [",
                                        absl::StrJoin(dims, ","), "]"));
  };
  if (in.rank() > rank) return mismatch();
  // The input's strides aligned to the right of the output, 0 where its dimension repeats.
  std::vector<int64_t> strides(rank, 0);
  const std::vector<int64_t> in_strides = StridesOf(in.shape());
  for (int d = 0; d < in.rank(); ++d) {
    const int o = rank - in.rank() + d;
    if (in.dim(d) == dims[o]) {
      strides[o] = in_strides[d];
    } else if (in.dim(d) != 1) {
      return mismatch();
    }
  }
  return GatherStrided(in, dims, strides, 0);
}

Tensor JoinAlong(const std::vector<Tensor>& parts, int axis, DataType dtype) {
  const size_t elem = DataTypeSize(dtype);
  std::vector<int64_t> dims = parts.empty() ? std::vector<int64_t>{} : parts[0].shape();
  if (!dims.empty()) {
    dims[axis] = 0;
    for (const Tensor& p : parts) dims[axis] += p.dim(axis);
  }
  Tensor out = Tensor::Zeros(dtype, dims);
  if (out.NumElements() == 0) return out;
  const int64_t outer = Product(dims, 0, axis);
  uint8_t* dst = out.mutable_data<uint8_t>().data();
  for (int64_t o = 0; o < outer; ++o) {
    for (const Tensor& p : parts) {
      // Each part contributes one contiguous block per outer index.
      const size_t block = static_cast<size_t>(Product(p.shape(), axis, p.shape().size())) * elem;
      if (block > 0) std::memcpy(dst, p.bytes().data() + o * block, block);
      dst += block;
    }
  }
  return out;
}

std::vector<Tensor> SplitAlong(const Tensor& in, int axis, const std::vector<int64_t>& sizes) {
  const size_t elem = DataTypeSize(in.dtype());
  const int64_t outer = Product(in.shape(), 0, axis);
  const size_t inner = static_cast<size_t>(Product(in.shape(), axis + 1, in.shape().size())) * elem;
  std::vector<Tensor> out;
  std::vector<uint8_t*> dst;
  for (int64_t size : sizes) {
    std::vector<int64_t> dims = in.shape();
    dims[axis] = size;
    out.push_back(Tensor::Zeros(in.dtype(), dims));
    dst.push_back(out.back().NumElements() == 0 ? nullptr : out.back().mutable_data<uint8_t>().data());
  }
  const uint8_t* src = in.bytes().data();
  for (int64_t o = 0; o < outer; ++o) {
    for (size_t k = 0; k < sizes.size(); ++k) {
      const size_t block = static_cast<size_t>(sizes[k]) * inner;
      if (block > 0) std::memcpy(dst[k] + o * block, src, block);
      src += block;
    }
  }
  return out;
}

absl::StatusOr<int64_t> MergeDim(const Node& node, int64_t a, int64_t b, absl::string_view what) {
  if (a < 0) return b;
  if (b < 0 || a == b) return a;
  return NodeError(node, absl::StrCat(what, ": sizes ", a, " and ", b, " do not match"));
}

absl::StatusOr<int> LoweringAxis(LoweringContext& c, int64_t axis, int rank) {
  if (rank >= 0) return NormalizeAxis(c.node(), axis, rank);
  if (axis >= 0) return static_cast<int>(axis);
  return c.Unsupported(absl::StrCat("the negative axis ", axis, " cannot be resolved: the rank is unknown"));
}

int32_t AddInt32Const(LoweringContext& c, std::vector<int64_t> shape, const std::vector<int64_t>& values,
                      absl::string_view suffix) {
  return c.AddConstTensor(MakeInt32Tensor(std::move(shape), values), suffix);
}

absl::StatusOr<int32_t> Int32Operand(LoweringContext& c, int i, absl::string_view suffix) {
  const DataType type = c.input_type(i);
  if (const Tensor* value = c.input_value(i); value != nullptr && type != DataType::kInt32) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> values, ReadInts(c.node(), *value, suffix));
    return AddInt32Const(c, value->shape(), values, suffix);
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(i));
  if (type == DataType::kInt32) return in;
  if (!IsIntegerType(type)) {
    return c.Error(
        absl::StrCat("input ", i, " ('", suffix, "') must be an integer tensor, got ", DataTypeName(type)));
  }
  int32_t cast = c.AddTensor(DataType::kInt32, c.input_shape(i), absl::StrCat(suffix, "_int32"));
  c.AddBuiltinOp(tflite::BuiltinOperator::CAST, {in}, {cast});
  return cast;
}

absl::Status EmitReshape(LoweringContext& c, int32_t input, int32_t output, const PartialShape& shape,
                         absl::string_view suffix) {
  if (!shape.known_rank()) {
    return c.Unsupported("the output rank is unknown, so no constant RESHAPE shape can be built");
  }
  int unknown = 0;
  for (int64_t d : shape.dims()) unknown += d < 0 ? 1 : 0;
  if (unknown > 1) {
    return c.Unsupported(absl::StrCat("output shape ", shape.ToString(),
                                      " has more than one unknown dimension; a constant RESHAPE "
                                      "shape allows only one -1"));
  }
  std::vector<int64_t> dims;
  for (int64_t d : shape.dims()) dims.push_back(d < 0 ? -1 : d);
  int32_t shape_tensor = AddInt32Const(c, {static_cast<int64_t>(dims.size())}, dims, suffix);
  c.AddBuiltinOp(tflite::BuiltinOperator::RESHAPE, {input, shape_tensor}, {output});
  return absl::OkStatus();
}

OpRegistration MakeOp(const char* op, InferFn infer, EvalFn evaluate, LowerFn lower,
                      std::vector<std::string> tflite_ops) {
  OpRegistration r;
  r.op = op;
  r.infer = std::move(infer);
  r.evaluate = std::move(evaluate);
  r.lower = std::move(lower);
  r.tflite_ops = std::move(tflite_ops);
  return r;
}

}  // namespace array
}  // namespace tfconv
