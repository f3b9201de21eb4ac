#include "plugins/math/math_lowering.h"

#include <algorithm>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace math {
namespace {

using tflite::BuiltinOperator;

// Operand types and broadcast limits of the builtins the special lowerings emit.
constexpr TypeSet kMulTypes = TypeBit(DataType::kFloat) | TypeBit(DataType::kInt16) |
                              TypeBit(DataType::kInt32) | TypeBit(DataType::kInt64) |
                              TypeBit(DataType::kUInt32);
constexpr TypeSet kSubTypes =
    TypeBit(DataType::kFloat) | TypeBit(DataType::kInt32) | TypeBit(DataType::kInt64);
constexpr int kSubMaxBroadcastRank = 6;

absl::Status NoKernel(const LoweringContext& c, BuiltinOperator op, DataType type) {
  return c.Unsupported(absl::StrCat("TFLite ", tflite::EnumNameBuiltinOperator(op),
                                    " has no kernel for ", DataTypeName(type), " operands"));
}

// The TFLite tensors of the two operands. When they differ in shape and the broadcast result has
// more than `max_rank` dimensions (the kernel's limit; 0 = none), each operand that is not already
// of the result shape is expanded with BROADCAST_TO, as the official converter does
// (ApplyExplicitBroadcasting in legalize_tf.cc). Needs static shapes then.
absl::StatusOr<std::vector<int32_t>> BinaryOperands(LoweringContext& c, int max_rank,
                                                    BuiltinOperator op) {
  std::vector<int32_t> operands(2);
  for (int i = 0; i < 2; ++i) {
    TFCONV_ASSIGN_OR_RETURN(operands[i], c.InputTensor(i));
  }
  const PartialShape& a = c.input_shape(0);
  const PartialShape& b = c.input_shape(1);
  // max_rank < 0: the kernel takes equal shapes only, so any difference is expanded.
  if (max_rank == 0 || a == b || !a.known_rank() || !b.known_rank() ||
      (max_rank > 0 && std::max(a.rank(), b.rank()) <= max_rank)) {
    return operands;
  }
  if (!a.IsFullyDefined() || !b.IsFullyDefined()) {
    return c.Unsupported(
        absl::StrCat("TFLite ", tflite::EnumNameBuiltinOperator(op),
                     max_rank > 0 ? absl::StrCat(" broadcasts up to rank ", max_rank)
                                  : std::string(" takes operands of one shape"),
                     "; operands ", a.ToString(), " and ", b.ToString(),
                     " need an explicit broadcast, which is only emitted for static shapes"));
  }
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, BroadcastShapes(c.node(), a, b));
  const int32_t shape =
      c.AddConstTensor(Tensor::FromVector<int64_t>({static_cast<int64_t>(out.rank())}, out.dims()),
                       "broadcast_shape");
  const PartialShape* in_shapes[2] = {&a, &b};
  for (int i = 0; i < 2; ++i) {
    if (*in_shapes[i] == out) continue;
    int32_t expanded = c.AddTensor(c.input_type(i), out, i == 0 ? "broadcast_x" : "broadcast_y");
    c.AddBuiltinOp(BuiltinOperator::BROADCAST_TO, {operands[i], shape}, {expanded});
    operands[i] = expanded;
  }
  return operands;
}

absl::Status Emit(LoweringContext& c, BuiltinOperator op, std::vector<int32_t> inputs,
                  OptionsKind options) {
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(op, std::move(inputs), {out}, MakeOptions(options));
  return absl::OkStatus();
}

// The row's builtin applied to the node's own operands.
absl::Status EmitDirect(const MathOpRow& row, LoweringContext& c) {
  if (row.arity == 2) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int32_t> operands,
                            BinaryOperands(c, row.max_broadcast_rank, row.builtin));
    return Emit(c, row.builtin, std::move(operands), row.options);
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t x, c.InputTensor(0));
  return Emit(c, row.builtin, {x}, row.options);
}

// Reciprocal/Inv: DIV(1, x) with a scalar 1 of x's type.
absl::Status LowerOneOver(const MathOpRow& row, LoweringContext& c, DataType type) {
  Tensor one = type == DataType::kFloat ? Tensor::Scalar<float>(1.0f) : Tensor::Scalar<int32_t>(1);
  int32_t numerator = c.AddConstTensor(one, "one");
  TFCONV_ASSIGN_OR_RETURN(int32_t x, c.InputTensor(0));
  return Emit(c, row.builtin, {numerator, x}, row.options);
}

// SquaredDifference as MUL(d, d) with d = SUB(a, b).
absl::Status LowerSubMul(LoweringContext& c, DataType type) {
  TFCONV_ASSIGN_OR_RETURN(std::vector<int32_t> operands,
                          BinaryOperands(c, kSubMaxBroadcastRank, BuiltinOperator::SUB));
  int32_t difference = c.AddTensor(type, c.output_shape(0), "difference");
  c.AddBuiltinOp(BuiltinOperator::SUB, std::move(operands), {difference},
                 MakeOptions(OptionsKind::kSub));
  return Emit(c, BuiltinOperator::MUL, {difference, difference}, OptionsKind::kMul);
}

// A scalar of `type` holding `value` (float32, int32, int64 or bool).
Tensor ScalarOf(DataType type, int value) {
  switch (type) {
    case DataType::kInt32:
      return Tensor::Scalar<int32_t>(value);
    case DataType::kInt64:
      return Tensor::Scalar<int64_t>(value);
    case DataType::kBool:
      return Tensor::Scalar<bool>(value != 0);
    default:
      return Tensor::Scalar<float>(static_cast<float>(value));
  }
}

// DivNoNan/MulNoNan: SELECT_V2(EQUAL(y, 0), 0, op(x, y)), so a zero y gives 0 even when op(x, y)
// is inf or NaN.
absl::Status LowerZeroWhereRhsZero(const MathOpRow& row, LoweringContext& c, DataType type) {
  TFCONV_ASSIGN_OR_RETURN(std::vector<int32_t> operands,
                          BinaryOperands(c, row.max_broadcast_rank, row.builtin));
  TFCONV_ASSIGN_OR_RETURN(int32_t y, c.InputTensor(1));
  const PartialShape& y_shape = operands[1] == y ? c.input_shape(1) : c.output_shape(0);
  const int32_t result = c.AddTensor(type, c.output_shape(0), "unguarded");
  c.AddBuiltinOp(row.builtin, operands, {result}, MakeOptions(row.options));
  const int32_t zero = c.AddConstTensor(ScalarOf(type, 0), "zero");
  const int32_t is_zero = c.AddTensor(DataType::kBool, y_shape, "rhs_is_zero");
  c.AddBuiltinOp(BuiltinOperator::EQUAL, {operands[1], zero}, {is_zero});
  return Emit(c, BuiltinOperator::SELECT_V2, {is_zero, zero, result}, OptionsKind::kNone);
}

// IsInf / IsFinite: the row's comparison of ABS(x) with +inf.
absl::Status LowerAbsAgainstInfinity(const MathOpRow& row, LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t x, c.InputTensor(0));
  const int32_t abs = c.AddTensor(DataType::kFloat, c.input_shape(0), "abs");
  c.AddBuiltinOp(BuiltinOperator::ABS, {x}, {abs});
  const int32_t inf =
      c.AddConstTensor(Tensor::Scalar<float>(std::numeric_limits<float>::infinity()), "infinity");
  return Emit(c, row.builtin, {abs, inf}, OptionsKind::kNone);
}

}  // namespace

tflite::BuiltinOptionsUnion MakeOptions(OptionsKind kind) {
  tflite::BuiltinOptionsUnion u;
  switch (kind) {
    case OptionsKind::kNone:
      break;
    // Fused activations are NONE here; fusing them is a later pass. pot_scale_int16 keeps the
    // schema default (true), as the official converter writes it for float models.
    case OptionsKind::kAdd:
      u.Set(tflite::AddOptionsT{});
      break;
    case OptionsKind::kSub:
      u.Set(tflite::SubOptionsT{});
      break;
    case OptionsKind::kMul:
      u.Set(tflite::MulOptionsT{});
      break;
    case OptionsKind::kDiv:
      u.Set(tflite::DivOptionsT{});
      break;
    case OptionsKind::kExp:
      u.Set(tflite::ExpOptionsT{});
      break;
    case OptionsKind::kNeg:
      u.Set(tflite::NegOptionsT{});
      break;
    case OptionsKind::kSquare:
      u.Set(tflite::SquareOptionsT{});
      break;
  }
  return u;
}

absl::Status LowerMathOp(const MathOpRow& row, LoweringContext& c) {
  if (c.num_inputs() != row.arity) {
    return c.Error(absl::StrCat("expects ", row.arity, " inputs, got ", c.num_inputs()));
  }
  const DataType type = c.input_type(0);
  const bool kernel_takes_type = Contains(row.tflite_types, type);

  switch (row.special) {
    case Special::kSquareIntAsMul:
      if (!kernel_takes_type && Contains(kMulTypes, type)) {
        TFCONV_ASSIGN_OR_RETURN(int32_t x, c.InputTensor(0));
        return Emit(c, BuiltinOperator::MUL, {x, x}, OptionsKind::kMul);
      }
      break;
    case Special::kSubMulFallback:
      if (!kernel_takes_type && Contains(kSubTypes, type) && Contains(kMulTypes, type)) {
        return LowerSubMul(c, type);
      }
      break;
    case Special::kRoundIntIsIdentity:
      if (IsIntegerType(type)) {
        TFCONV_ASSIGN_OR_RETURN(int32_t x, c.InputTensor(0));
        return c.ForwardOutput(0, x);
      }
      break;
    case Special::kShapeErrorAttr: {
      TFCONV_ASSIGN_OR_RETURN(bool shape_error,
                              GetAttrOr<bool>(c.node(), "incompatible_shape_error", true));
      if (!shape_error && !BroadcastShapes(c.node(), c.input_shape(0), c.input_shape(1)).ok()) {
        return c.Unsupported(
            "operands whose shapes do not broadcast (incompatible_shape_error=false) give a scalar "
            "that no TFLite builtin computes");
      }
      break;
    }
    default:
      break;
  }

  if (!kernel_takes_type) return NoKernel(c, row.builtin, type);
  switch (row.special) {
    case Special::kOneOverAsDiv:
      return LowerOneOver(row, c, type);
    case Special::kZeroWhereRhsZero:
      return LowerZeroWhereRhsZero(row, c, type);
    case Special::kIsNanAsNotEqual: {
      TFCONV_ASSIGN_OR_RETURN(int32_t x, c.InputTensor(0));
      return Emit(c, row.builtin, {x, x}, OptionsKind::kNone);
    }
    case Special::kAbsAgainstInfinity:
      return LowerAbsAgainstInfinity(row, c);
    default:
      break;
  }
  return EmitDirect(row, c);
}

std::vector<std::string> EmittedBuiltins(const MathOpRow& row) {
  std::vector<std::string> names = {tflite::EnumNameBuiltinOperator(row.builtin)};
  auto add = [&names](BuiltinOperator op) { names.push_back(tflite::EnumNameBuiltinOperator(op)); };
  if (row.special == Special::kSquareIntAsMul) add(BuiltinOperator::MUL);
  if (row.special == Special::kSubMulFallback) {
    add(BuiltinOperator::SUB);
    add(BuiltinOperator::MUL);
  }
  if (row.max_broadcast_rank != 0) add(BuiltinOperator::BROADCAST_TO);
  switch (row.special) {
    case Special::kZeroWhereRhsZero:
      add(BuiltinOperator::EQUAL);
      add(BuiltinOperator::SELECT_V2);
      break;
    case Special::kAbsAgainstInfinity:
      add(BuiltinOperator::ABS);
      break;
    default:
      break;
  }
  return names;
}

}  // namespace math
}  // namespace tfconv
