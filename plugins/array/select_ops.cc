// Select and SelectV2: out = condition ? t : e, element by element.
//
// Reference semantics (TensorFlow's ops/math_ops.cc, kernels/cwise_op_select.cc):
//   Select    t and e have one shape. The condition has that shape too, or is a scalar (it picks all
//             of t or all of e), or, when t has rank >= 2, is a vector over t's first dimension (it
//             picks whole rows).
//   SelectV2  condition, t and e broadcast together (NumPy rules).
// Lowering (legalize_patterns.td: LegalizeSelect, LegalizeSelectV2*): Select -> SELECT, whose kernel
// takes the same three condition forms. SelectV2 -> SELECT when the three shapes are static and
// equal, else SELECT_V2. SELECT_V2 broadcasts up to rank 5; beyond that, each operand not of the
// result shape is expanded with BROADCAST_TO first (legalize_tf.cc ApplyExplicitBroadcasting; a
// constant one is expanded at conversion) and SELECT takes the now equal shapes.
#include <cstring>

#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

// The highest result rank TFLite's SELECT_V2 broadcasts to (tfl_ops.td, BroadcastSelect5DSlow).
constexpr int kSelectV2MaxRank = 5;

// The value types TFLite's SELECT / SELECT_V2 kernels take (kernels/select.cc, tfl_ops.td).
bool SelectKernelTakes(DataType type) {
  switch (type) {
    case DataType::kBool:
    case DataType::kFloat:
    case DataType::kInt8:
    case DataType::kUInt8:
    case DataType::kInt16:
    case DataType::kInt32:
    case DataType::kInt64:
    case DataType::kUInt32:
      return true;
    default:
      return false;
  }
}

// Two shapes that must be equal, merged (unknown dims and ranks filled from the other).
absl::StatusOr<PartialShape> MergeShapes(const Node& node, const PartialShape& a, const PartialShape& b,
                                         absl::string_view what) {
  if (!a.known_rank()) return b;
  if (!b.known_rank()) return a;
  if (a.rank() != b.rank()) {
    return NodeError(node, absl::StrCat(what, ": shapes ", a.ToString(), " and ", b.ToString(), " differ"));
  }
  std::vector<int64_t> dims(a.rank());
  for (int d = 0; d < a.rank(); ++d) {
    TFCONV_ASSIGN_OR_RETURN(dims[d], MergeDim(node, a.dim(d), b.dim(d), what));
  }
  return PartialShape(dims);
}

// Checks the condition is bool and t, e share one type (unknown types pass); returns that type.
absl::StatusOr<DataType> SelectTypes(const InferenceContext& c) {
  if (c.num_inputs() != 3) return c.Error(absl::StrCat("expects 3 inputs (condition, t, e), got ", c.num_inputs()));
  const DataType cond = c.input_type(0);
  if (cond != DataType::kInvalid && cond != DataType::kBool) {
    return c.Error(absl::StrCat("the condition must be bool, got ", DataTypeName(cond)));
  }
  const DataType t = c.input_type(1);
  const DataType e = c.input_type(2);
  if (t != DataType::kInvalid && e != DataType::kInvalid && t != e) {
    return c.Error(absl::StrCat("t is ", DataTypeName(t), " but e is ", DataTypeName(e), "; they must match"));
  }
  return t != DataType::kInvalid ? t : e;
}

absl::Status CheckEvalOperands(const EvalContext& c) {
  if (c.num_inputs() != 3) return c.Error("expects 3 inputs (condition, t, e)");
  if (c.input(0).dtype() != DataType::kBool) {
    return c.Error(absl::StrCat("the condition must be bool, got ", c.input(0).DebugString()));
  }
  if (c.input(1).dtype() != c.input(2).dtype()) {
    return c.Error(
        absl::StrCat("t ", c.input(1).DebugString(), " and e ", c.input(2).DebugString(), " must have one type"));
  }
  return CheckMovable(c.node(), c.input(1));
}

// ---- Select (condition, t, e) ----

absl::Status InferSelect(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, SelectTypes(c));
  const PartialShape& cond = c.input_shape(0);
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, MergeShapes(c.node(), c.input_shape(1), c.input_shape(2), "t and e"));
  if (cond.known_rank() && cond.rank() == 1 && out.known_rank() && out.rank() >= 2) {
    // A vector condition picks rows: its length is t's first dimension.
    std::vector<int64_t> dims = out.dims();
    TFCONV_ASSIGN_OR_RETURN(dims[0], MergeDim(c.node(), cond.dim(0), dims[0], "condition length and rows of t"));
    out = PartialShape(dims);
  } else if (cond.known_rank() && cond.rank() > 0) {
    TFCONV_ASSIGN_OR_RETURN(out, MergeShapes(c.node(), cond, out, "condition and t"));
  }
  c.set_output(0, type, std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalSelect(const EvalContext& c) {
  TFCONV_RETURN_IF_ERROR(CheckEvalOperands(c));
  const Tensor& cond = c.input(0);
  const Tensor& t = c.input(1);
  const Tensor& e = c.input(2);
  if (t.shape() != e.shape()) {
    return c.Error(absl::StrCat("t ", t.DebugString(), " and e ", e.DebugString(), " must have one shape"));
  }
  // The condition applies to blocks of `block` consecutive elements: one block (scalar condition),
  // one block per row (vector condition over rank >= 2), or one element each.
  int64_t block = 1;
  if (cond.rank() == 0) {
    block = t.NumElements();
  } else if (cond.rank() == 1 && t.rank() >= 2) {
    if (cond.dim(0) != t.dim(0)) {
      return c.Error(absl::StrCat("the condition has ", cond.dim(0), " entries but t has ", t.dim(0), " rows"));
    }
    block = t.dim(0) == 0 ? 0 : t.NumElements() / t.dim(0);
  } else if (cond.shape() != t.shape()) {
    return c.Error(absl::StrCat("the condition ", cond.DebugString(), " must be a scalar, have t's shape ",
                                t.DebugString(), ", or be a vector over t's rows"));
  }
  Tensor out = Tensor::Zeros(t.dtype(), t.shape());
  if (out.NumElements() == 0) return std::vector<Tensor>{out};
  const size_t bytes = static_cast<size_t>(block) * DataTypeSize(t.dtype());
  uint8_t* dst = out.mutable_data<uint8_t>().data();
  for (int64_t k = 0; k < cond.NumElements(); ++k) {
    const Tensor& src = cond.bytes().data()[k] != 0 ? t : e;
    std::memcpy(dst + k * bytes, src.bytes().data() + k * bytes, bytes);
  }
  return std::vector<Tensor>{out};
}

absl::Status CheckSelectKernel(LoweringContext& c) {
  const DataType type = c.input_type(1);
  if (!SelectKernelTakes(type)) {
    return c.Unsupported(absl::StrCat("TFLite SELECT has no kernel for ", DataTypeName(type), " values"));
  }
  return absl::OkStatus();
}

// SELECT(condition, t, e) into the node's output.
absl::Status EmitSelect(LoweringContext& c, BuiltinOperator op, std::vector<int32_t> operands) {
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  if (op == BuiltinOperator::SELECT) {
    c.AddBuiltinOp(op, std::move(operands), {out}, Options(tflite::SelectOptionsT()));
  } else {
    c.AddBuiltinOp(op, std::move(operands), {out}, Options(tflite::SelectV2OptionsT()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<int32_t>> Operands(LoweringContext& c) {
  std::vector<int32_t> operands(3);
  for (int i = 0; i < 3; ++i) {
    TFCONV_ASSIGN_OR_RETURN(operands[i], c.InputTensor(i));
  }
  return operands;
}

absl::Status LowerSelect(LoweringContext& c) {
  TFCONV_RETURN_IF_ERROR(CheckSelectKernel(c));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int32_t> operands, Operands(c));
  return EmitSelect(c, BuiltinOperator::SELECT, std::move(operands));
}

// ---- SelectV2 (condition, t, e), broadcasting ----

absl::Status InferSelectV2(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, SelectTypes(c));
  TFCONV_ASSIGN_OR_RETURN(PartialShape values, BroadcastShapes(c.node(), c.input_shape(1), c.input_shape(2)));
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, BroadcastShapes(c.node(), c.input_shape(0), values));
  c.set_output(0, type, std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalSelectV2(const EvalContext& c) {
  TFCONV_RETURN_IF_ERROR(CheckEvalOperands(c));
  PartialShape dims = PartialShape(c.input(0).shape());
  for (int i = 1; i < 3; ++i) {
    TFCONV_ASSIGN_OR_RETURN(dims, BroadcastShapes(c.node(), dims, PartialShape(c.input(i).shape())));
  }
  std::vector<Tensor> full;  // condition, t, e, each expanded to the result shape
  for (int i = 0; i < 3; ++i) {
    TFCONV_ASSIGN_OR_RETURN(Tensor expanded, BroadcastTensor(c.node(), c.input(i), dims.dims()));
    full.push_back(std::move(expanded));
  }
  Tensor out = Tensor::Zeros(full[1].dtype(), dims.dims());
  if (out.NumElements() == 0) return std::vector<Tensor>{out};
  const size_t elem = DataTypeSize(out.dtype());
  uint8_t* dst = out.mutable_data<uint8_t>().data();
  for (int64_t k = 0; k < out.NumElements(); ++k) {
    const Tensor& src = full[0].bytes().data()[k] != 0 ? full[1] : full[2];
    std::memcpy(dst + k * elem, src.bytes().data() + k * elem, elem);
  }
  return std::vector<Tensor>{out};
}

absl::Status LowerSelectV2(LoweringContext& c) {
  TFCONV_RETURN_IF_ERROR(CheckSelectKernel(c));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int32_t> operands, Operands(c));
  const PartialShape& out = c.output_shape(0);
  bool all_static_and_equal = out.IsFullyDefined();
  for (int i = 0; i < 3; ++i) all_static_and_equal = all_static_and_equal && c.input_shape(i) == out;
  if (all_static_and_equal) return EmitSelect(c, BuiltinOperator::SELECT, std::move(operands));
  if (!out.known_rank() || out.rank() <= kSelectV2MaxRank) {
    return EmitSelect(c, BuiltinOperator::SELECT_V2, std::move(operands));
  }
  // Beyond SELECT_V2's rank: expand every operand to the result shape, then SELECT.
  if (!out.IsFullyDefined()) {
    return c.Unsupported(absl::StrCat("TFLite SELECT_V2 broadcasts up to rank ", kSelectV2MaxRank, "; the result ",
                                      out.ToString(), " needs an explicit broadcast, emitted only for static shapes"));
  }
  int32_t shape = -1;  // the BROADCAST_TO shape operand, added when first needed
  static constexpr const char* kNames[3] = {"broadcast_condition", "broadcast_t", "broadcast_e"};
  for (int i = 0; i < 3; ++i) {
    if (c.input_shape(i) == out) continue;
    if (const Tensor* value = c.input_value(i)) {  // a constant is expanded here, not at run time
      TFCONV_ASSIGN_OR_RETURN(Tensor expanded, BroadcastTensor(c.node(), *value, out.dims()));
      operands[i] = c.AddConstTensor(expanded, kNames[i]);
      continue;
    }
    if (shape < 0) shape = AddInt32Const(c, {out.rank()}, out.dims(), "broadcast_shape");
    const int32_t expanded = c.AddTensor(c.input_type(i), out, kNames[i]);
    c.AddBuiltinOp(BuiltinOperator::BROADCAST_TO, {operands[i], shape}, {expanded});
    operands[i] = expanded;
  }
  return EmitSelect(c, BuiltinOperator::SELECT, std::move(operands));
}

}  // namespace

void RegisterSelectOps(OpRegistry& registry) {
  registry.Add(MakeOp("Select", InferSelect, EvalSelect, LowerSelect, {"SELECT"}));
  registry.Add(MakeOp("SelectV2", InferSelectV2, EvalSelectV2, LowerSelectV2, {"SELECT", "SELECT_V2", "BROADCAST_TO"}));
}

}  // namespace array
}  // namespace tfconv
