// SparseToDense(sparse_indices, output_shape, sparse_values, default_value), attr validate_indices.
//
// Reference semantics (TensorFlow's ops/sparse_ops.cc, kernels/sparse_to_dense_op.cc): a tensor of
// output_shape filled with default_value, then for each i, out[indices[i, :]] = values[i] (or the
// scalar values). indices is 0-D or 1-D (positions in a 1-D output) or [count, rank]. An index
// outside the output is an error; with validate_indices the indices must also be strictly
// increasing in row-major order (sorted, no repeats). Without it, a repeated index keeps the last
// value.
// Lowering (legalize_patterns.td LegalizeSparseToDense): SPARSE_TO_DENSE, no options (validate_indices
// is dropped, as the official converter does; TFLite's kernel checks neither order nor bounds, so a
// constant indices tensor is validated here, at conversion). The kernel's limits are worked around:
// scalar indices become [1], and scalar values with more than one index (which the kernel rejects)
// become a vector of that value, one per index.
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

// TFLite's SPARSE_TO_DENSE writes at most 4-D outputs (kMaxDimensions in kernels/sparse_to_dense.cc).
constexpr int kMaxOutputRank = 4;

bool KernelTakesValues(DataType type) {
  return type == DataType::kFloat || type == DataType::kInt32 || type == DataType::kInt64 || type == DataType::kInt8 ||
         type == DataType::kUInt8;
}

// The number of indices and the rank each one has, from the shape of sparse_indices.
struct IndexLayout {
  int64_t count = -1;
  int64_t rank = -1;
};

absl::StatusOr<IndexLayout> Layout(const Node& node, const PartialShape& indices) {
  IndexLayout l;
  if (!indices.known_rank()) return l;
  if (indices.rank() > 2) {
    return NodeError(node, absl::StrCat("sparse_indices must be 0-D, 1-D or 2-D, got ", indices.ToString()));
  }
  l.count = indices.rank() == 0 ? 1 : indices.dim(0);
  l.rank = indices.rank() == 2 ? indices.dim(1) : 1;
  return l;
}

absl::Status InferSparseToDense(InferenceContext& c) {
  if (c.num_inputs() != 4) {
    return c.Error("expects 4 inputs (sparse_indices, output_shape, sparse_values, default_value)");
  }
  TFCONV_RETURN_IF_ERROR(GetAttrOr<bool>(c.node(), "validate_indices", true).status());
  TFCONV_ASSIGN_OR_RETURN(IndexLayout layout, Layout(c.node(), c.input_shape(0)));
  const DataType type = c.input_type(2);
  if (c.input_type(3) != DataType::kInvalid && type != DataType::kInvalid && c.input_type(3) != type) {
    return c.Error(
        absl::StrCat("default_value is ", DataTypeName(c.input_type(3)), " but sparse_values is ", DataTypeName(type)));
  }
  const PartialShape& values = c.input_shape(2);
  if (values.known_rank() && values.rank() > 1) {
    return c.Error(absl::StrCat("sparse_values must be a scalar or a vector, got ", values.ToString()));
  }
  if (values.known_rank() && values.rank() == 1) {
    TFCONV_RETURN_IF_ERROR(MergeDim(c.node(), values.dim(0), layout.count, "sparse_values and indices").status());
  }
  const PartialShape& default_shape = c.input_shape(3);
  if (default_shape.known_rank() && default_shape.rank() != 0) {
    return c.Error(absl::StrCat("default_value must be a scalar, got ", default_shape.ToString()));
  }
  PartialShape out = PartialShape::UnknownRank();
  if (const Tensor* shape = c.input_value(1)) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> dims, ReadInts(c.node(), *shape, "output_shape"));
    out = PartialShape(dims);
  } else if (c.input_shape(1).known_rank() && c.input_shape(1).rank() == 1 && c.input_shape(1).dim(0) >= 0) {
    out = PartialShape(std::vector<int64_t>(c.input_shape(1).dim(0), -1));
  }
  if (out.known_rank() && layout.rank >= 0 && out.rank() != layout.rank) {
    return c.Error(absl::StrCat("output_shape has ", out.rank(), " entries but each index has ", layout.rank));
  }
  c.set_output(0, type, std::move(out));
  return absl::OkStatus();
}

// The flat output offsets of constant indices, checked against the output shape (and for strict
// row-major order when `validate`), as TensorFlow's kernel does.
absl::StatusOr<std::vector<int64_t>> Offsets(const Node& node, const Tensor& indices, const std::vector<int64_t>& dims,
                                             bool validate) {
  TFCONV_ASSIGN_OR_RETURN(IndexLayout layout, Layout(node, PartialShape(indices.shape())));
  if (layout.rank != static_cast<int64_t>(dims.size())) {
    return NodeError(node, absl::StrCat("output_shape has ", dims.size(), " entries but each index has ", layout.rank));
  }
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> idx, ReadInts(node, indices, "sparse_indices"));
  const std::vector<int64_t> strides = StridesOf(dims);
  std::vector<int64_t> offsets;
  for (int64_t i = 0; i < layout.count; ++i) {
    const auto begin = idx.begin() + i * layout.rank;
    int64_t offset = 0;
    for (int64_t d = 0; d < layout.rank; ++d) {
      const int64_t v = begin[d];
      if (v < 0 || v >= dims[d]) {
        return NodeError(node,
                         absl::StrCat("sparse_indices[", i, "] = [", absl::StrJoin(begin, begin + layout.rank, ","),
                                      "] is outside the output shape [", absl::StrJoin(dims, ","), "]"));
      }
      offset += v * strides[d];
    }
    // Row-major offsets order indices exactly as the lexicographic comparison does.
    if (validate && !offsets.empty() && offset <= offsets.back()) {
      return NodeError(
          node, absl::StrCat("sparse_indices[", i, "] is ", offset == offsets.back() ? "repeated" : "out of order",
                             " (validate_indices=true needs sorted, unique indices)"));
    }
    offsets.push_back(offset);
  }
  return offsets;
}

absl::StatusOr<std::vector<Tensor>> EvalSparseToDense(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(bool validate, GetAttrOr<bool>(c.node(), "validate_indices", true));
  const Tensor& values = c.input(2);
  const Tensor& fill = c.input(3);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), values));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> dims, ReadInts(c.node(), c.input(1), "output_shape"));
  if (c.input(1).rank() > 1) return c.Error("output_shape must be a vector");
  for (int64_t d : dims) {
    if (d < 0) return c.Error(absl::StrCat("output_shape entries must be >= 0, got ", d));
  }
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> offsets, Offsets(c.node(), c.input(0), dims, validate));
  const bool scalar = values.rank() == 0;
  if (values.rank() > 1 || (!scalar && values.dim(0) != static_cast<int64_t>(offsets.size()))) {
    return c.Error(absl::StrCat("sparse_values ", values.DebugString(),
                                " must be a scalar or hold one value per index (", offsets.size(), ")"));
  }
  if (fill.rank() != 0 || fill.dtype() != values.dtype()) {
    return c.Error(absl::StrCat("default_value ", fill.DebugString(), " must be a scalar of the values' type"));
  }
  Tensor out = Tensor::Zeros(values.dtype(), dims);
  if (out.NumElements() == 0) return std::vector<Tensor>{out};
  const size_t elem = DataTypeSize(values.dtype());
  uint8_t* dst = out.mutable_data<uint8_t>().data();
  for (int64_t k = 0; k < out.NumElements(); ++k) std::memcpy(dst + k * elem, fill.bytes().data(), elem);
  for (size_t i = 0; i < offsets.size(); ++i) {
    std::memcpy(dst + offsets[i] * elem, values.bytes().data() + (scalar ? 0 : i * elem), elem);
  }
  return std::vector<Tensor>{out};
}

absl::Status LowerSparseToDense(LoweringContext& c) {
  const DataType type = c.input_type(2);
  if (!KernelTakesValues(type)) {
    return c.Unsupported(absl::StrCat("TFLite SPARSE_TO_DENSE has no kernel for ", DataTypeName(type), " values"));
  }
  const PartialShape& indices_shape = c.input_shape(0);
  TFCONV_ASSIGN_OR_RETURN(IndexLayout layout, Layout(c.node(), indices_shape));
  const PartialShape& out_shape = c.output_shape(0);
  if ((out_shape.known_rank() && out_shape.rank() > kMaxOutputRank) || layout.rank > kMaxOutputRank) {
    return c.Unsupported(absl::StrCat("TFLite SPARSE_TO_DENSE writes at most ", kMaxOutputRank,
                                      "-D outputs, this one is ", out_shape.ToString()));
  }
  const Tensor* index_value = c.input_value(0);
  TFCONV_ASSIGN_OR_RETURN(bool validate, GetAttrOr<bool>(c.node(), "validate_indices", true));
  if (index_value != nullptr && out_shape.IsFullyDefined()) {
    TFCONV_RETURN_IF_ERROR(Offsets(c.node(), *index_value, out_shape.dims(), validate).status());
  }

  int32_t indices;
  if (indices_shape.known_rank() && indices_shape.rank() == 0) {
    // The kernel reads dimension 0 of the indices: give the single index that dimension.
    if (index_value != nullptr) {
      indices = c.AddConstTensor(index_value->Reshaped({1}), "sparse_indices");
    } else {
      TFCONV_ASSIGN_OR_RETURN(int32_t scalar, c.InputTensor(0));
      indices = c.AddTensor(c.input_type(0), PartialShape({1}), "sparse_indices_1d");
      TFCONV_RETURN_IF_ERROR(EmitReshape(c, scalar, indices, PartialShape({1}), "sparse_indices_shape"));
    }
  } else {
    TFCONV_ASSIGN_OR_RETURN(indices, c.InputTensor(0));
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t shape, c.InputTensor(1));

  int32_t values;
  const PartialShape& values_shape = c.input_shape(2);
  if (values_shape.known_rank() && values_shape.rank() == 0 && layout.count != 1) {
    // The kernel takes a scalar value only together with a single index.
    if (layout.count < 0) {
      return c.Unsupported(
          "sparse_values is a scalar and the number of indices is unknown; TFLite's SPARSE_TO_DENSE "
          "takes a scalar value only with one index, and the vector of copies needs a known count");
    }
    if (const Tensor* v = c.input_value(2)) {
      TFCONV_ASSIGN_OR_RETURN(Tensor copies, BroadcastTensor(c.node(), *v, {layout.count}));
      values = c.AddConstTensor(copies, "sparse_values");
    } else {
      TFCONV_ASSIGN_OR_RETURN(int32_t scalar, c.InputTensor(2));
      const int32_t count = AddInt32Const(c, {1}, {layout.count}, "values_count");
      values = c.AddTensor(type, PartialShape({layout.count}), "sparse_values_copies");
      c.AddBuiltinOp(BuiltinOperator::BROADCAST_TO, {scalar, count}, {values});
    }
  } else {
    TFCONV_ASSIGN_OR_RETURN(values, c.InputTensor(2));
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t fill, c.InputTensor(3));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::SPARSE_TO_DENSE, {indices, shape, values, fill}, {out});
  return absl::OkStatus();
}

}  // namespace

void RegisterSparseOps(OpRegistry& registry) {
  registry.Add(MakeOp("SparseToDense", InferSparseToDense, EvalSparseToDense, LowerSparseToDense,
                      {"SPARSE_TO_DENSE", "RESHAPE", "BROADCAST_TO"}));
}

}  // namespace array
}  // namespace tfconv
