// Split (equal pieces) and SplitV (given sizes, one of which may be -1) along one axis.
//
// Lowering as the official converter does: SPLIT(axis, value) and SPLIT_V(value, size_splits, axis)
// with num_splits in the options; index operands become int32.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

absl::StatusOr<int64_t> NumSplit(const Node& node) {
  TFCONV_ASSIGN_OR_RETURN(int64_t num, GetAttr<int64_t>(node, "num_split"));
  if (num < 1) return NodeError(node, absl::StrCat("num_split must be at least 1, got ", num));
  return num;
}

// Sizes of `num` equal pieces of a dimension of size `dim` (-1: unknown).
absl::StatusOr<std::vector<int64_t>> EvenSizes(const Node& node, int64_t dim, int64_t num) {
  if (dim >= 0 && dim % num != 0) {
    return NodeError(node, absl::StrCat("the split dimension has size ", dim,
                                        ", which is not divisible by num_split = ", num));
  }
  return std::vector<int64_t>(num, dim < 0 ? -1 : dim / num);
}

// The given sizes with the one -1 resolved against `dim` (when known), checked to add up.
absl::StatusOr<std::vector<int64_t>> ResolveSizes(const Node& node, std::vector<int64_t> sizes, int64_t dim,
                                                  int64_t num) {
  if (static_cast<int64_t>(sizes.size()) != num) {
    return NodeError(node, absl::StrCat("size_splits has ", sizes.size(), " entries but num_split is ", num));
  }
  int infer_at = -1;
  int64_t known = 0;
  for (size_t k = 0; k < sizes.size(); ++k) {
    if (sizes[k] == -1 && infer_at < 0) {
      infer_at = static_cast<int>(k);
    } else if (sizes[k] < 0) {
      return NodeError(node, absl::StrCat("size_splits [", absl::StrJoin(sizes, ","),
                                          "] may hold one -1 and otherwise non-negative sizes"));
    } else {
      known += sizes[k];
    }
  }
  if (dim < 0) return sizes;
  if (infer_at >= 0 && known <= dim) {
    sizes[infer_at] = dim - known;
  } else if (infer_at >= 0 || known != dim) {
    return NodeError(node, absl::StrCat("size_splits [", absl::StrJoin(sizes, ","),
                                        "] do not add up to the split dimension's size ", dim));
  }
  return sizes;
}

// One output per size, equal to `in` except at `axis`.
void SetPieces(InferenceContext& c, DataType type, const PartialShape& in, int axis,
               const std::vector<int64_t>& sizes) {
  for (size_t k = 0; k < sizes.size(); ++k) {
    std::vector<int64_t> dims = in.dims();
    dims[axis] = sizes[k];
    c.set_output(static_cast<int>(k), type, PartialShape(dims));
  }
}

void SetUnknownPieces(InferenceContext& c, DataType type, const PartialShape& in, int64_t num) {
  PartialShape piece =
      in.known_rank() ? PartialShape(std::vector<int64_t>(in.rank(), -1)) : PartialShape::UnknownRank();
  for (int k = 0; k < num; ++k) c.set_output(k, type, piece);
}

// ---- Split(split_dim, value) ----

absl::Status InferSplit(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int64_t num, NumSplit(c.node()));
  const PartialShape& in = c.input_shape(1);
  const Tensor* axis_value = c.input_value(0);
  if (!in.known_rank() || axis_value == nullptr) {
    SetUnknownPieces(c, c.input_type(1), in, num);
    return absl::OkStatus();
  }
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, ReadScalarInt(c.node(), *axis_value, "split_dim"));
  TFCONV_ASSIGN_OR_RETURN(int a, NormalizeAxis(c.node(), axis, in.rank()));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> sizes, EvenSizes(c.node(), in.dim(a), num));
  SetPieces(c, c.input_type(1), in, a, sizes);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalSplit(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int64_t num, NumSplit(c.node()));
  const Tensor& in = c.input(1);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, ReadScalarInt(c.node(), c.input(0), "split_dim"));
  TFCONV_ASSIGN_OR_RETURN(int a, NormalizeAxis(c.node(), axis, in.rank()));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> sizes, EvenSizes(c.node(), in.dim(a), num));
  return SplitAlong(in, a, sizes);
}

absl::Status LowerSplit(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int64_t num, NumSplit(c.node()));
  TFCONV_ASSIGN_OR_RETURN(int32_t axis, Int32Operand(c, 0, "split_dim"));
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(1));
  std::vector<int32_t> outputs;
  for (int k = 0; k < num; ++k) {
    TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(k));
    outputs.push_back(out);
  }
  tflite::SplitOptionsT options;
  options.num_splits = static_cast<int32_t>(num);
  c.AddBuiltinOp(BuiltinOperator::SPLIT, {axis, in}, std::move(outputs), Options(std::move(options)));
  return absl::OkStatus();
}

// ---- SplitV(value, size_splits, split_dim) ----

absl::Status InferSplitV(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int64_t num, NumSplit(c.node()));
  const PartialShape& in = c.input_shape(0);
  const Tensor* axis_value = c.input_value(2);
  if (!in.known_rank() || axis_value == nullptr) {
    SetUnknownPieces(c, c.input_type(0), in, num);
    return absl::OkStatus();
  }
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, ReadScalarInt(c.node(), *axis_value, "split_dim"));
  TFCONV_ASSIGN_OR_RETURN(int a, NormalizeAxis(c.node(), axis, in.rank()));
  std::vector<int64_t> sizes(num, -1);
  if (const Tensor* given = c.input_value(1)) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> values, ReadInts(c.node(), *given, "size_splits"));
    TFCONV_ASSIGN_OR_RETURN(sizes, ResolveSizes(c.node(), values, in.dim(a), num));
  }
  SetPieces(c, c.input_type(0), in, a, sizes);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalSplitV(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int64_t num, NumSplit(c.node()));
  const Tensor& in = c.input(0);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, ReadScalarInt(c.node(), c.input(2), "split_dim"));
  TFCONV_ASSIGN_OR_RETURN(int a, NormalizeAxis(c.node(), axis, in.rank()));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> values, ReadInts(c.node(), c.input(1), "size_splits"));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> sizes, ResolveSizes(c.node(), values, in.dim(a), num));
  return SplitAlong(in, a, sizes);
}

absl::Status LowerSplitV(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int64_t num, NumSplit(c.node()));
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t sizes, Int32Operand(c, 1, "size_splits"));
  TFCONV_ASSIGN_OR_RETURN(int32_t axis, Int32Operand(c, 2, "split_dim"));
  std::vector<int32_t> outputs;
  for (int k = 0; k < num; ++k) {
    TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(k));
    outputs.push_back(out);
  }
  tflite::SplitVOptionsT options;
  options.num_splits = static_cast<int32_t>(num);
  c.AddBuiltinOp(BuiltinOperator::SPLIT_V, {in, sizes, axis}, std::move(outputs),
                 Options(std::move(options)));
  return absl::OkStatus();
}

}  // namespace

void RegisterSplitOps(OpRegistry& registry) {
  OpRegistration split;
  split.op = "Split";
  split.infer = InferSplit;
  split.evaluate = EvalSplit;
  split.lower = LowerSplit;
  split.tflite_ops = {"SPLIT", "CAST"};
  registry.Add(std::move(split));

  OpRegistration split_v;
  split_v.op = "SplitV";
  split_v.infer = InferSplitV;
  split_v.evaluate = EvalSplitV;
  split_v.lower = LowerSplitV;
  split_v.tflite_ops = {"SPLIT_V", "CAST"};
  registry.Add(std::move(split_v));
}

}  // namespace array
}  // namespace tfconv
