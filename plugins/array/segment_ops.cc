// Segment reductions: SegmentSum, UnsortedSegmentSum, UnsortedSegmentMax, UnsortedSegmentMin,
// UnsortedSegmentProd.
//
// Reference semantics (TensorFlow's ops/math_ops.cc, kernels/segment_reduction_ops_impl.h):
//   SegmentSum(data, segment_ids)   ids: 1-D, one per row of data, sorted, >= 0. out[s] = sum of the
//                                   rows with id s; out has ids[last] + 1 rows, absent ids give 0.
//   UnsortedSegmentX(data, segment_ids, num_segments)
//                                   ids: any shape that is a prefix of data's shape; out has shape
//                                   [num_segments] + data.shape[ids.rank:]. Negative ids are dropped,
//                                   ids >= num_segments are an error. Empty segments hold the
//                                   reduction's identity: 0 (sum), 1 (prod), the type's lowest
//                                   (max) or highest (min) value.
// Lowering (legalize_patterns.td LegalizeSegmentSum / LegalizeUnsortedSegment*): SEGMENT_SUM and
// UNSORTED_SEGMENT_SUM/MAX/MIN/PROD with int32 ids and num_segments (a CAST when computed int64).
// SegmentSum with constant ids goes to UNSORTED_SEGMENT_SUM with num_segments = ids[last] + 1,
// which computes the same: TFLite's SEGMENT_SUM accepts only ids that start at 0 and grow by at most
// 1 (TF allows gaps), and it resizes its output at run time whenever data is not a constant, which
// LiteRT.js (2.5.3, CompiledModel) then reads back wrongly; the unsorted op with constant ids keeps
// a static output shape. Computed ids keep SEGMENT_SUM, as the official converter. The TFLite
// unsorted kernels read the ids as one vector over data's first dimension, so
// multi-dimensional ids are flattened with RESHAPE first (data to [ids' size] + the rest).
#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

enum class Reduction { kSum, kMax, kMin, kProd };

struct SegmentOp {
  const char* tf_op;
  Reduction reduction;
  BuiltinOperator builtin;
};

constexpr SegmentOp kUnsortedOps[] = {
    {"UnsortedSegmentSum", Reduction::kSum, BuiltinOperator::UNSORTED_SEGMENT_SUM},
    {"UnsortedSegmentMax", Reduction::kMax, BuiltinOperator::UNSORTED_SEGMENT_MAX},
    {"UnsortedSegmentMin", Reduction::kMin, BuiltinOperator::UNSORTED_SEGMENT_MIN},
    {"UnsortedSegmentProd", Reduction::kProd, BuiltinOperator::UNSORTED_SEGMENT_PROD},
};

// TFLite's segment kernels take float32 and int32 data only (tfl_ops.td).
absl::Status CheckSegmentKernel(LoweringContext& c, BuiltinOperator op) {
  const DataType type = c.input_type(0);
  if (type == DataType::kFloat || type == DataType::kInt32) return absl::OkStatus();
  return c.Unsupported(absl::StrCat("TFLite ", tflite::EnumNameBuiltinOperator(op), " has no kernel for ",
                                    DataTypeName(type), " data (float32 and int32 only)"));
}

// Reduces data rows into `segments` output rows: row k of data (of `inner` elements) goes to
// out row ids[k]; negative ids are skipped (the caller has checked the upper bound).
template <typename T>
Tensor Reduce(const Tensor& data, const std::vector<int64_t>& ids, int64_t segments, int64_t inner,
              std::vector<int64_t> out_dims, Reduction r) {
  T init = 0;
  if (r == Reduction::kProd) init = 1;
  if (r == Reduction::kMax) init = std::numeric_limits<T>::lowest();
  if (r == Reduction::kMin) init = std::numeric_limits<T>::max();
  std::vector<T> out(static_cast<size_t>(segments * inner), init);
  absl::Span<const T> in = data.data<T>();
  for (size_t k = 0; k < ids.size(); ++k) {
    if (ids[k] < 0) continue;
    T* row = out.data() + ids[k] * inner;
    const T* src = in.data() + k * inner;
    for (int64_t j = 0; j < inner; ++j) {
      switch (r) {
        case Reduction::kSum:
          row[j] = static_cast<T>(row[j] + src[j]);
          break;
        case Reduction::kProd:
          row[j] = static_cast<T>(row[j] * src[j]);
          break;
        case Reduction::kMax:
          row[j] = std::max(row[j], src[j]);
          break;
        case Reduction::kMin:
          row[j] = std::min(row[j], src[j]);
          break;
      }
    }
  }
  return Tensor::FromVector<T>(std::move(out_dims), out);
}

absl::StatusOr<Tensor> ReduceAny(const Node& node, const Tensor& data, const std::vector<int64_t>& ids,
                                 int64_t segments, int64_t inner, std::vector<int64_t> out_dims, Reduction r) {
  Tensor out;
  const bool known = VisitNumeric(
      data.dtype(), [&](auto zero) { out = Reduce<decltype(zero)>(data, ids, segments, inner, out_dims, r); });
  if (!known) return NodeUnsupported(node, absl::StrCat("no reference kernel for ", DataTypeName(data.dtype())));
  return out;
}

// The ids of a constant segment_ids tensor checked for SegmentSum: sorted and non-negative.
absl::StatusOr<std::vector<int64_t>> SortedIds(const Node& node, const Tensor& t) {
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> ids, ReadInts(node, t, "segment_ids"));
  for (size_t k = 0; k < ids.size(); ++k) {
    if (ids[k] < 0) return NodeError(node, absl::StrCat("segment_ids[", k, "] = ", ids[k], " is negative"));
    if (k > 0 && ids[k] < ids[k - 1]) {
      return NodeError(node, absl::StrCat("segment_ids are not sorted: ids[", k - 1, "] = ", ids[k - 1], " > ids[", k,
                                          "] = ", ids[k]));
    }
  }
  return ids;
}

// ---- SegmentSum (data, segment_ids) ----

absl::Status InferSegmentSum(InferenceContext& c) {
  if (c.num_inputs() != 2) return c.Error("expects 2 inputs (data, segment_ids)");
  const PartialShape& data = c.input_shape(0);
  const PartialShape& ids = c.input_shape(1);
  if (ids.known_rank() && ids.rank() != 1)
    return c.Error(absl::StrCat("segment_ids must be 1-D, got ", ids.ToString()));
  if (data.known_rank() && data.rank() < 1) return c.Error("data must have rank >= 1, got a scalar");
  if (data.known_rank() && ids.known_rank()) {
    TFCONV_RETURN_IF_ERROR(MergeDim(c.node(), data.dim(0), ids.dim(0), "rows of data and segment_ids").status());
  }
  int64_t rows = -1;
  if (const Tensor* v = c.input_value(1)) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> values, SortedIds(c.node(), *v));
    rows = values.empty() ? 0 : values.back() + 1;
  }
  PartialShape out = PartialShape::UnknownRank();
  if (data.known_rank()) {
    std::vector<int64_t> dims = data.dims();
    dims[0] = rows;
    out = PartialShape(dims);
  }
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalSegmentSum(const EvalContext& c) {
  const Tensor& data = c.input(0);
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> ids, SortedIds(c.node(), c.input(1)));
  if (data.rank() < 1 || c.input(1).rank() != 1 || data.dim(0) != static_cast<int64_t>(ids.size())) {
    return c.Error(absl::StrCat("segment_ids ", c.input(1).DebugString(), " must be 1-D with one id per row of data ",
                                data.DebugString()));
  }
  const int64_t segments = ids.empty() ? 0 : ids.back() + 1;
  std::vector<int64_t> dims = data.shape();
  dims[0] = segments;
  TFCONV_ASSIGN_OR_RETURN(Tensor out, ReduceAny(c.node(), data, ids, segments, Product(data.shape(), 1, data.rank()),
                                                dims, Reduction::kSum));
  return std::vector<Tensor>{std::move(out)};
}

absl::Status LowerSegmentSum(LoweringContext& c) {
  TFCONV_RETURN_IF_ERROR(CheckSegmentKernel(c, BuiltinOperator::SEGMENT_SUM));
  TFCONV_ASSIGN_OR_RETURN(int32_t data, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t ids, Int32Operand(c, 1, "segment_ids"));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  if (const Tensor* v = c.input_value(1)) {
    // Constant ids: the unsorted form with num_segments = ids[last] + 1 sums the same rows into a
    // static shape, and takes the gaps SEGMENT_SUM rejects.
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> values, SortedIds(c.node(), *v));
    const int32_t segments = AddInt32Const(c, {}, {values.empty() ? 0 : values.back() + 1}, "num_segments");
    c.AddBuiltinOp(BuiltinOperator::UNSORTED_SEGMENT_SUM, {data, ids, segments}, {out});
    return absl::OkStatus();
  }
  c.AddBuiltinOp(BuiltinOperator::SEGMENT_SUM, {data, ids}, {out});
  return absl::OkStatus();
}

// ---- UnsortedSegmentSum/Max/Min/Prod (data, segment_ids, num_segments) ----

absl::Status InferUnsorted(InferenceContext& c) {
  if (c.num_inputs() != 3) return c.Error("expects 3 inputs (data, segment_ids, num_segments)");
  const PartialShape& data = c.input_shape(0);
  const PartialShape& ids = c.input_shape(1);
  int64_t segments = -1;
  if (const Tensor* v = c.input_value(2)) {
    TFCONV_ASSIGN_OR_RETURN(segments, ReadScalarInt(c.node(), *v, "num_segments"));
    if (segments < 0) return c.Error(absl::StrCat("num_segments must be >= 0, got ", segments));
  }
  PartialShape out = PartialShape::UnknownRank();
  if (data.known_rank() && ids.known_rank()) {
    if (ids.rank() > data.rank()) {
      return c.Error(
          absl::StrCat("segment_ids ", ids.ToString(), " must be a prefix of data's shape ", data.ToString()));
    }
    for (int d = 0; d < ids.rank(); ++d) {
      TFCONV_RETURN_IF_ERROR(
          MergeDim(c.node(), data.dim(d), ids.dim(d), "segment_ids and data's leading dimensions").status());
    }
    std::vector<int64_t> dims = {segments};
    dims.insert(dims.end(), data.dims().begin() + ids.rank(), data.dims().end());
    out = PartialShape(dims);
  }
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalUnsorted(const EvalContext& c, Reduction r) {
  if (c.num_inputs() != 3) return c.Error("expects 3 inputs (data, segment_ids, num_segments)");
  const Tensor& data = c.input(0);
  const Tensor& id_tensor = c.input(1);
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> ids, ReadInts(c.node(), id_tensor, "segment_ids"));
  TFCONV_ASSIGN_OR_RETURN(int64_t segments, ReadScalarInt(c.node(), c.input(2), "num_segments"));
  if (segments < 0) return c.Error(absl::StrCat("num_segments must be >= 0, got ", segments));
  const bool prefix = id_tensor.rank() <= data.rank() &&
                      std::equal(id_tensor.shape().begin(), id_tensor.shape().end(), data.shape().begin());
  if (!prefix) {
    return c.Error(absl::StrCat("segment_ids ", id_tensor.DebugString(), " must be a prefix of data's shape ",
                                data.DebugString()));
  }
  for (size_t k = 0; k < ids.size(); ++k) {
    if (ids[k] >= segments) {
      return c.Error(absl::StrCat("segment_ids entry ", k, " = ", ids[k], " is not below num_segments ", segments));
    }
  }
  std::vector<int64_t> dims = {segments};
  dims.insert(dims.end(), data.shape().begin() + id_tensor.rank(), data.shape().end());
  TFCONV_ASSIGN_OR_RETURN(Tensor out, ReduceAny(c.node(), data, ids, segments,
                                                Product(data.shape(), id_tensor.rank(), data.rank()), dims, r));
  return std::vector<Tensor>{std::move(out)};
}

// The ids as one int32 vector, and data with its leading id dimensions merged into one to match.
absl::Status FlattenForIds(LoweringContext& c, int32_t* data, int32_t* ids) {
  const PartialShape& id_shape = c.input_shape(1);
  if (id_shape.known_rank() && id_shape.rank() == 1) {
    TFCONV_ASSIGN_OR_RETURN(*ids, Int32Operand(c, 1, "segment_ids"));
    return absl::OkStatus();
  }
  const PartialShape& data_shape = c.input_shape(0);
  const std::optional<int64_t> count = id_shape.NumElements();
  if (!id_shape.known_rank() || !count.has_value() || !data_shape.known_rank()) {
    return c.Unsupported(absl::StrCat("segment_ids ", id_shape.ToString(),
                                      " is not a vector and its size is unknown; TFLite's kernel needs one id per "
                                      "row, so the ids must be flattened with a known size"));
  }
  std::vector<int64_t> rows = {*count};
  if (const Tensor* v = c.input_value(1)) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> values, ReadInts(c.node(), *v, "segment_ids"));
    *ids = AddInt32Const(c, rows, values, "segment_ids");
  } else {
    TFCONV_ASSIGN_OR_RETURN(int32_t id_tensor, Int32Operand(c, 1, "segment_ids"));
    *ids = c.AddTensor(DataType::kInt32, PartialShape(rows), "segment_ids_flat");
    TFCONV_RETURN_IF_ERROR(EmitReshape(c, id_tensor, *ids, PartialShape(rows), "segment_ids_shape"));
  }
  std::vector<int64_t> dims = rows;
  dims.insert(dims.end(), data_shape.dims().begin() + id_shape.rank(), data_shape.dims().end());
  const int32_t flat = c.AddTensor(c.input_type(0), PartialShape(dims), "data_rows");
  TFCONV_RETURN_IF_ERROR(EmitReshape(c, *data, flat, PartialShape(dims), "data_rows_shape"));
  *data = flat;
  return absl::OkStatus();
}

absl::Status LowerUnsorted(LoweringContext& c, BuiltinOperator op) {
  TFCONV_RETURN_IF_ERROR(CheckSegmentKernel(c, op));
  TFCONV_ASSIGN_OR_RETURN(int32_t data, c.InputTensor(0));
  int32_t ids = -1;
  TFCONV_RETURN_IF_ERROR(FlattenForIds(c, &data, &ids));
  int32_t segments;
  if (const Tensor* v = c.input_value(2)) {
    TFCONV_ASSIGN_OR_RETURN(int64_t n, ReadScalarInt(c.node(), *v, "num_segments"));
    segments = AddInt32Const(c, {}, {n}, "num_segments");
  } else {
    TFCONV_ASSIGN_OR_RETURN(segments, Int32Operand(c, 2, "num_segments"));
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(op, {data, ids, segments}, {out});
  return absl::OkStatus();
}

}  // namespace

void RegisterSegmentOps(OpRegistry& registry) {
  registry.Add(MakeOp("SegmentSum", InferSegmentSum, EvalSegmentSum, LowerSegmentSum,
                      {"SEGMENT_SUM", "UNSORTED_SEGMENT_SUM", "CAST"}));
  for (const SegmentOp& op : kUnsortedOps) {
    const Reduction r = op.reduction;
    const BuiltinOperator builtin = op.builtin;
    registry.Add(MakeOp(
        op.tf_op, InferUnsorted, [r](const EvalContext& c) { return EvalUnsorted(c, r); },
        [builtin](LoweringContext& c) { return LowerUnsorted(c, builtin); },
        {tflite::EnumNameBuiltinOperator(builtin), "RESHAPE", "CAST"}));
  }
}

}  // namespace array
}  // namespace tfconv
