// Slice (begin + size, size -1 meaning "to the end") and StridedSlice (Python-style indexing with
// begin/end/strides and the begin, end, ellipsis, new_axis and shrink_axis masks).
//
// StridedSlice lowering: the official converter first rewrites ellipsis and new-axis masks away
// (prepare_tf.cc); here the dense spec does the same in one step: STRIDED_SLICE gets one int32
// begin/end/stride per input dimension with only begin/end/shrink masks, and a RESHAPE inserts
// the new axes when there are any. Slice lowers to SLICE with int32 begin and size.
#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/array/strided_slice_spec.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

// ---- Slice(input, begin, size) ----

// Resolved (begin, size) pairs, checked against the known input sizes.
absl::StatusOr<std::vector<SliceRange>> SliceRanges(const Node& node, const PartialShape& in,
                                                    const std::vector<int64_t>& begin,
                                                    const std::vector<int64_t>& size) {
  const int rank = in.known_rank() ? in.rank() : static_cast<int>(begin.size());
  if (static_cast<int>(begin.size()) != rank || static_cast<int>(size.size()) != rank) {
    return NodeError(node, absl::StrCat("begin and size must have one entry per input dimension (", rank,
                                        "); got ", begin.size(), " and ", size.size()));
  }
  std::vector<SliceRange> ranges(rank);
  for (int d = 0; d < rank; ++d) {
    const int64_t dim = in.known_rank() ? in.dim(d) : -1;
    SliceRange& r = ranges[d];
    r.start = begin[d];
    r.count = size[d] == -1 ? (dim < 0 ? -1 : dim - begin[d]) : size[d];
    if (begin[d] < 0 || size[d] < -1 ||
        (dim >= 0 && (begin[d] > dim || r.count < 0 || begin[d] + r.count > dim))) {
      return NodeError(
          node, absl::StrCat("slice (begin ", begin[d], ", size ", size[d], ") of dimension ", d,
                             " does not fit its size ", dim < 0 ? std::string("?") : absl::StrCat(dim)));
    }
  }
  return ranges;
}

absl::Status InferSlice(InferenceContext& c) {
  const PartialShape& in = c.input_shape(0);
  const Tensor* begin = c.input_value(1);
  const Tensor* size = c.input_value(2);
  PartialShape out = PartialShape::UnknownRank();
  if (begin != nullptr && size != nullptr) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> b, ReadInts(c.node(), *begin, "begin"));
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> s, ReadInts(c.node(), *size, "size"));
    TFCONV_ASSIGN_OR_RETURN(std::vector<SliceRange> ranges, SliceRanges(c.node(), in, b, s));
    std::vector<int64_t> dims;
    for (const SliceRange& r : ranges) dims.push_back(r.count);
    out = PartialShape(dims);
  } else if (size != nullptr) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> s, ReadInts(c.node(), *size, "size"));
    for (int64_t& d : s) d = d < 0 ? -1 : d;
    out = PartialShape(s);
  } else if (in.known_rank()) {
    out = PartialShape(std::vector<int64_t>(in.rank(), -1));
  }
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

// Gathers the ranges of `in` (one per dimension, counts known).
Tensor GatherRanges(const Tensor& in, const std::vector<SliceRange>& ranges) {
  const std::vector<int64_t> in_strides = StridesOf(in.shape());
  std::vector<int64_t> dims, strides;
  int64_t base = 0;
  for (size_t d = 0; d < ranges.size(); ++d) {
    dims.push_back(ranges[d].count);
    strides.push_back(ranges[d].stride * in_strides[d]);
    base += ranges[d].start * in_strides[d];
  }
  return GatherStrided(in, dims, strides, base);
}

absl::StatusOr<std::vector<Tensor>> EvalSlice(const EvalContext& c) {
  const Tensor& in = c.input(0);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> b, ReadInts(c.node(), c.input(1), "begin"));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> s, ReadInts(c.node(), c.input(2), "size"));
  TFCONV_ASSIGN_OR_RETURN(std::vector<SliceRange> ranges, SliceRanges(c.node(), ShapeOf(in), b, s));
  return std::vector<Tensor>{GatherRanges(in, ranges)};
}

absl::Status LowerSlice(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t begin, Int32Operand(c, 1, "begin"));
  TFCONV_ASSIGN_OR_RETURN(int32_t size, Int32Operand(c, 2, "size"));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::SLICE, {in, begin, size}, {out}, Options(tflite::SliceOptionsT()));
  return absl::OkStatus();
}

// ---- StridedSlice(input, begin, end, strides) ----

// The number of sparse entries: the length of begin (from its value or its static shape).
absl::StatusOr<int> SparseLength(const Node& node, const PartialShape& begin_shape, const Tensor* begin) {
  if (begin != nullptr) {
    if (begin->rank() != 1)
      return NodeError(node, absl::StrCat("begin must be a vector, got ", begin->DebugString()));
    return static_cast<int>(begin->dim(0));
  }
  if (begin_shape.known_rank() && begin_shape.rank() == 1 && begin_shape.dim(0) >= 0) {
    return static_cast<int>(begin_shape.dim(0));
  }
  return -1;
}

struct StridedSliceValues {
  std::vector<int64_t> begin, end, strides;
};

absl::StatusOr<StridedSliceValues> ReadValues(const Node& node, const Tensor& b, const Tensor& e,
                                              const Tensor& s) {
  StridedSliceValues v;
  TFCONV_ASSIGN_OR_RETURN(v.begin, ReadInts(node, b, "begin"));
  TFCONV_ASSIGN_OR_RETURN(v.end, ReadInts(node, e, "end"));
  TFCONV_ASSIGN_OR_RETURN(v.strides, ReadInts(node, s, "strides"));
  return v;
}

absl::Status InferStridedSlice(InferenceContext& c) {
  const PartialShape& in = c.input_shape(0);
  TFCONV_ASSIGN_OR_RETURN(StridedSliceMasks masks, ReadStridedSliceMasks(c.node()));
  const Tensor* b = c.input_value(1);
  const Tensor* e = c.input_value(2);
  const Tensor* s = c.input_value(3);
  TFCONV_ASSIGN_OR_RETURN(int sparse_length, SparseLength(c.node(), c.input_shape(1), b));
  if (!in.known_rank() || sparse_length < 0) {
    c.set_output(0, c.input_type(0), PartialShape::UnknownRank());
    return absl::OkStatus();
  }
  std::optional<StridedSliceValues> values;
  if (b != nullptr && e != nullptr && s != nullptr) {
    TFCONV_ASSIGN_OR_RETURN(values, ReadValues(c.node(), *b, *e, *s));
  }
  TFCONV_ASSIGN_OR_RETURN(
      StridedSliceSpec spec,
      BuildStridedSliceSpec(c.node(), in.rank(), sparse_length, values ? &values->begin : nullptr,
                            values ? &values->end : nullptr, values ? &values->strides : nullptr, masks));
  TFCONV_ASSIGN_OR_RETURN(std::vector<SliceRange> ranges, CanonicalRanges(c.node(), spec, in));
  c.set_output(0, c.input_type(0), FinalShape(spec, ranges));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalStridedSlice(const EvalContext& c) {
  const Tensor& in = c.input(0);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
  TFCONV_ASSIGN_OR_RETURN(StridedSliceMasks masks, ReadStridedSliceMasks(c.node()));
  TFCONV_ASSIGN_OR_RETURN(StridedSliceValues v, ReadValues(c.node(), c.input(1), c.input(2), c.input(3)));
  TFCONV_ASSIGN_OR_RETURN(int sparse_length, SparseLength(c.node(), PartialShape(), &c.input(1)));
  TFCONV_ASSIGN_OR_RETURN(StridedSliceSpec spec, BuildStridedSliceSpec(c.node(), in.rank(), sparse_length,
                                                                       &v.begin, &v.end, &v.strides, masks));
  TFCONV_ASSIGN_OR_RETURN(std::vector<SliceRange> ranges, CanonicalRanges(c.node(), spec, ShapeOf(in)));
  return std::vector<Tensor>{GatherRanges(in, ranges).Reshaped(FinalShape(spec, ranges).dims())};
}

// STRIDED_SLICE over the dense spec: one begin/end/stride per input dimension, no ellipsis and no
// new axes; its output is the node's output without the new axes.
absl::Status LowerConstantStridedSlice(LoweringContext& c, const StridedSliceSpec& spec) {
  std::vector<int64_t> begin, end, strides;
  tflite::StridedSliceOptionsT options;
  for (size_t d = 0; d < spec.dims.size(); ++d) {
    const StridedSliceSpec::Dim& dim = spec.dims[d];
    begin.push_back(dim.begin);
    end.push_back(dim.end);
    strides.push_back(dim.stride);
    options.begin_mask |= dim.begin_masked ? 1 << d : 0;
    options.end_mask |= dim.end_masked ? 1 << d : 0;
    options.shrink_axis_mask |= dim.shrink ? 1 << d : 0;
  }
  options.offset = false;
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  const int64_t rank = static_cast<int64_t>(spec.dims.size());
  const int32_t b = AddInt32Const(c, {rank}, begin, "begin");
  const int32_t e = AddInt32Const(c, {rank}, end, "end");
  const int32_t s = AddInt32Const(c, {rank}, strides, "strides");
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  if (!spec.has_new_axis) {
    c.AddBuiltinOp(BuiltinOperator::STRIDED_SLICE, {in, b, e, s}, {out}, Options(std::move(options)));
    return absl::OkStatus();
  }
  std::vector<int64_t> sliced;
  const PartialShape& final_shape = c.output_shape(0);
  for (size_t k = 0; k < spec.output.size(); ++k) {
    if (spec.output[k] != StridedSliceSpec::kNewAxis) sliced.push_back(final_shape.dim(k));
  }
  const int32_t mid = c.AddTensor(c.output_type(0), PartialShape(sliced), "sliced");
  c.AddBuiltinOp(BuiltinOperator::STRIDED_SLICE, {in, b, e, s}, {mid}, Options(std::move(options)));
  return EmitReshape(c, mid, out, final_shape, "new_axes");
}

absl::Status LowerStridedSlice(LoweringContext& c) {
  const PartialShape& in = c.input_shape(0);
  if (!in.known_rank()) return c.Unsupported("the input rank is unknown");
  TFCONV_ASSIGN_OR_RETURN(StridedSliceMasks masks, ReadStridedSliceMasks(c.node()));
  const Tensor* b = c.input_value(1);
  const Tensor* e = c.input_value(2);
  const Tensor* s = c.input_value(3);
  TFCONV_ASSIGN_OR_RETURN(int sparse_length, SparseLength(c.node(), c.input_shape(1), b));
  if (b != nullptr && e != nullptr && s != nullptr) {
    TFCONV_ASSIGN_OR_RETURN(StridedSliceValues v, ReadValues(c.node(), *b, *e, *s));
    TFCONV_ASSIGN_OR_RETURN(
        StridedSliceSpec spec,
        BuildStridedSliceSpec(c.node(), in.rank(), sparse_length, &v.begin, &v.end, &v.strides, masks));
    return LowerConstantStridedSlice(c, spec);
  }
  // Computed bounds pass through when they already are in dense form.
  const bool dense = sparse_length == in.rank() && masks.ellipsis == 0 && masks.new_axis == 0;
  if (!dense) {
    return c.Unsupported(
        "computed begin/end/strides with an ellipsis, new axes or fewer entries than the "
        "input rank");
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t input, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t begin, Int32Operand(c, 1, "begin"));
  TFCONV_ASSIGN_OR_RETURN(int32_t end, Int32Operand(c, 2, "end"));
  TFCONV_ASSIGN_OR_RETURN(int32_t strides, Int32Operand(c, 3, "strides"));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  const int32_t keep = in.rank() >= 31 ? -1 : static_cast<int32_t>((int64_t{1} << in.rank()) - 1);
  tflite::StridedSliceOptionsT options;
  options.begin_mask = static_cast<int32_t>(masks.begin) & keep;
  options.end_mask = static_cast<int32_t>(masks.end) & keep;
  options.shrink_axis_mask = static_cast<int32_t>(masks.shrink) & keep;
  c.AddBuiltinOp(BuiltinOperator::STRIDED_SLICE, {input, begin, end, strides}, {out},
                 Options(std::move(options)));
  return absl::OkStatus();
}

}  // namespace

void RegisterSliceOps(OpRegistry& registry) {
  OpRegistration slice;
  slice.op = "Slice";
  slice.infer = InferSlice;
  slice.evaluate = EvalSlice;
  slice.lower = LowerSlice;
  slice.tflite_ops = {"SLICE", "CAST"};
  registry.Add(std::move(slice));

  OpRegistration strided;
  strided.op = "StridedSlice";
  strided.infer = InferStridedSlice;
  strided.evaluate = EvalStridedSlice;
  strided.lower = LowerStridedSlice;
  strided.tflite_ops = {"STRIDED_SLICE", "RESHAPE", "CAST"};
  registry.Add(std::move(strided));
}

}  // namespace array
}  // namespace tfconv
