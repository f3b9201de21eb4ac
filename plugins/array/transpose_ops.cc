// Transpose: output dimension i is input dimension perm[i].
//
// Lowering: TRANSPOSE with an int32 perm (legalize_patterns.td casts it). A transpose that only
// moves size-1 dimensions keeps the element order; like the official converter's
// ConvertTrivialTransposeOpToReshapeOp it becomes a RESHAPE when the shapes are static.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

// The permutation held by `perm`, checked against `rank` (-1: take the rank from perm).
absl::StatusOr<std::vector<int>> ReadPermutation(const Node& node, const Tensor& perm, int rank) {
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> values, ReadInts(node, perm, "perm"));
  if (perm.rank() != 1)
    return NodeError(node, absl::StrCat("perm must be a vector, got ", perm.DebugString()));
  if (rank < 0) rank = static_cast<int>(values.size());
  const std::string text = absl::StrCat("[", absl::StrJoin(values, ","), "]");
  if (static_cast<int>(values.size()) != rank) {
    return NodeError(
        node, absl::StrCat("perm ", text, " has ", values.size(), " entries for an input of rank ", rank));
  }
  std::vector<int> out(rank);
  std::vector<bool> seen(rank, false);
  for (int i = 0; i < rank; ++i) {
    if (values[i] < 0 || values[i] >= rank || seen[values[i]]) {
      return NodeError(node, absl::StrCat("perm ", text, " is not a permutation of 0..", rank - 1));
    }
    seen[values[i]] = true;
    out[i] = static_cast<int>(values[i]);
  }
  return out;
}

absl::Status InferTranspose(InferenceContext& c) {
  const PartialShape& in = c.input_shape(0);
  PartialShape out = PartialShape::UnknownRank();
  if (const Tensor* perm_value = c.input_value(1)) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int> perm, ReadPermutation(c.node(), *perm_value, in.rank()));
    std::vector<int64_t> dims(perm.size(), -1);
    if (in.known_rank()) {
      for (size_t i = 0; i < perm.size(); ++i) dims[i] = in.dim(perm[i]);
    }
    out = PartialShape(dims);
  } else if (in.known_rank()) {
    out = PartialShape(std::vector<int64_t>(in.rank(), -1));
  } else if (c.input_shape(1).known_rank() && c.input_shape(1).rank() == 1 && c.input_shape(1).dim(0) >= 0) {
    out = PartialShape(std::vector<int64_t>(c.input_shape(1).dim(0), -1));
  }
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalTranspose(const EvalContext& c) {
  const Tensor& in = c.input(0);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int> perm, ReadPermutation(c.node(), c.input(1), in.rank()));
  const std::vector<int64_t> in_strides = StridesOf(in.shape());
  std::vector<int64_t> dims, strides;
  for (int p : perm) {
    dims.push_back(in.dim(p));
    strides.push_back(in_strides[p]);
  }
  return std::vector<Tensor>{GatherStrided(in, dims, strides, 0)};
}

// True when the dimensions larger than 1 keep their relative order, so that the elements do too.
bool MovesOnlyUnitDims(const std::vector<int>& perm, const PartialShape& in) {
  int last = -1;
  for (int p : perm) {
    if (in.dim(p) == 1) continue;
    if (p < last) return false;
    last = p;
  }
  return true;
}

absl::Status LowerTranspose(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  const PartialShape& in_shape = c.input_shape(0);
  if (const Tensor* perm_value = c.input_value(1); perm_value != nullptr && in_shape.IsFullyDefined()) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int> perm, ReadPermutation(c.node(), *perm_value, in_shape.rank()));
    if (MovesOnlyUnitDims(perm, in_shape)) return EmitReshape(c, in, out, c.output_shape(0), "shape");
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t perm, Int32Operand(c, 1, "perm"));
  c.AddBuiltinOp(BuiltinOperator::TRANSPOSE, {in, perm}, {out}, Options(tflite::TransposeOptionsT()));
  return absl::OkStatus();
}

}  // namespace

void RegisterTransposeOps(OpRegistry& registry) {
  OpRegistration transpose;
  transpose.op = "Transpose";
  transpose.infer = InferTranspose;
  transpose.evaluate = EvalTranspose;
  transpose.lower = LowerTranspose;
  transpose.tflite_ops = {"TRANSPOSE", "RESHAPE", "CAST"};
  registry.Add(std::move(transpose));
}

}  // namespace array
}  // namespace tfconv
