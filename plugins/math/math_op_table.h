// The table of elementwise math ops: one row per TF op says which TFLite builtin it becomes, how
// many operands it takes, which element types TF and the TFLite kernel accept, which options table
// the official converter writes, and how to evaluate it on host tensors. The generic infer /
// evaluate / lower functions in math_ops.cc and math_lowering.cc read the rows; adding a 1:1 op is
// adding a row.
//
//   for (const MathOpRow& row : MathOpTable()) {
//     row.tf_op;                 // "AddV2"
//     row.builtin;               // tflite::BuiltinOperator::ADD
//     row.evaluate(ctx, dims);   // the TF reference result
//   }
#ifndef TFCONV_PLUGINS_MATH_MATH_OP_TABLE_H_
#define TFCONV_PLUGINS_MATH_MATH_OP_TABLE_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ops/op_context.h"

namespace tfconv {
namespace math {

// A set of element types, one bit per DataType value.
using TypeSet = uint64_t;
constexpr TypeSet TypeBit(DataType t) { return uint64_t{1} << static_cast<int>(t); }
constexpr bool Contains(TypeSet set, DataType t) { return (set & TypeBit(t)) != 0; }

constexpr TypeSet kRealTypes = TypeBit(DataType::kHalf) | TypeBit(DataType::kBFloat16) |
                               TypeBit(DataType::kFloat) | TypeBit(DataType::kDouble);
constexpr TypeSet kIntTypes = TypeBit(DataType::kInt8) | TypeBit(DataType::kInt16) |
                              TypeBit(DataType::kInt32) | TypeBit(DataType::kInt64) |
                              TypeBit(DataType::kUInt8) | TypeBit(DataType::kUInt16) |
                              TypeBit(DataType::kUInt32) | TypeBit(DataType::kUInt64);
constexpr TypeSet kComplexTypes = TypeBit(DataType::kComplex64) | TypeBit(DataType::kComplex128);
constexpr TypeSet kBoolType = TypeBit(DataType::kBool);
constexpr TypeSet kStringType = TypeBit(DataType::kString);

// The options table the official converter writes for the builtin (LiteRT tfl_ops.td: ops with
// `hasOptions = 1`; ops without it get no options table at all).
enum class OptionsKind { kNone, kAdd, kSub, kMul, kDiv, kExp, kNeg, kSquare };

// A lowering that is not a plain "same operands into the builtin".
enum class Special {
  kNone,
  kSquareIntAsMul,      // SQUARE is float-only: integer Square becomes MUL(x, x)
  kRoundIntIsIdentity,  // Round of an integer tensor is the tensor itself
  kOneOverAsDiv,        // Reciprocal/Inv: DIV(1, x), as TF's lowering (lower_tf.td) does
  kShapeErrorAttr,      // Equal/NotEqual: attr incompatible_shape_error=false gives a scalar
                        // result for shapes that do not broadcast
  kSubMulFallback,      // SquaredDifference on types SQUARED_DIFFERENCE lacks (int64):
                        // MUL(d, d) of d = SUB(a, b), as TF's lowering does
  kZeroWhereRhsZero,    // DivNoNan/MulNoNan: SELECT_V2(EQUAL(y, 0), 0, op(x, y))
  kIsNanAsNotEqual,     // IsNan: NOT_EQUAL(x, x), true only for NaN
  kAbsAgainstInfinity,  // IsInf: EQUAL(ABS(x), inf); IsFinite: LESS(ABS(x), inf) (NaN < inf
                        // is false, so NaN is not finite)
};

// Computes the op's TF result. `out_dims` is the broadcast shape of the inputs (binary ops) or the
// input's shape (unary ops); input dtypes are already checked to match.
using MathEvalFn = absl::StatusOr<Tensor> (*)(const EvalContext& c,
                                              const std::vector<int64_t>& out_dims);

struct MathOpRow {
  const char* tf_op;
  tflite::BuiltinOperator builtin;
  int arity;             // 1 or 2 operands
  bool bool_output;      // comparisons: the result is bool whatever the operand type
  TypeSet tf_types;      // operand types TF's op definition accepts (checked by infer)
  TypeSet tflite_types;  // operand types the TFLite kernel accepts (checked by lower)
  OptionsKind options;
  // The highest output rank the TFLite kernel broadcasts to (0: no limit; -1: the kernel takes
  // equal shapes only). Beyond it, operands are expanded with BROADCAST_TO first, as the official
  // converter does.
  int max_broadcast_rank;
  MathEvalFn evaluate;
  Special special;
};

// Every row, in a fixed order.
absl::Span<const MathOpRow> MathOpTable();

}  // namespace math
}  // namespace tfconv

#endif  // TFCONV_PLUGINS_MATH_MATH_OP_TABLE_H_
