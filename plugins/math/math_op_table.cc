#include "plugins/math/math_op_table.h"

#include "plugins/math/math_eval.h"
#include "plugins/math/math_functors.h"

namespace tfconv {
namespace math {
namespace {

using BO = tflite::BuiltinOperator;
using O = OptionsKind;
using S = Special;

// Operand types of the TFLite kernels (LiteRT tfl_ops.td, float/integer forms; quantized forms
// come from the quantizer later).
constexpr TypeSet kF32 = TypeBit(DataType::kFloat);
constexpr TypeSet kF64 = TypeBit(DataType::kDouble);
constexpr TypeSet kI8 = TypeBit(DataType::kInt8);
constexpr TypeSet kI16 = TypeBit(DataType::kInt16);
constexpr TypeSet kI32 = TypeBit(DataType::kInt32);
constexpr TypeSet kI64 = TypeBit(DataType::kInt64);
constexpr TypeSet kU8 = TypeBit(DataType::kUInt8);
constexpr TypeSet kU32 = TypeBit(DataType::kUInt32);

// Operand types of the TF op definitions (tensorflow/core/ops/math_ops.cc).
constexpr TypeSet kTfArith = kRealTypes | kIntTypes | kComplexTypes;
constexpr TypeSet kTfRealOrInt = kRealTypes | kIntTypes;
constexpr TypeSet kTfFloatFn = kRealTypes | kComplexTypes;
constexpr TypeSet kTfAny = kTfArith | kBoolType | kStringType;

// clang-format off
// One row per TF op. Columns: TF op, builtin, arity, bool output,
//   TF operand types, TFLite operand types, options, max broadcast rank,
//   reference evaluation, special lowering.
constexpr MathOpRow kRows[] = {
    {"Add", BO::ADD, 2, false,
     kTfArith | kStringType, kF32 | kI16 | kI32 | kI64,
     O::kAdd, 6, &EvalBinary<AddFn>, S::kNone},
    {"AddV2", BO::ADD, 2, false,
     kTfArith, kF32 | kI16 | kI32 | kI64,
     O::kAdd, 6, &EvalBinary<AddFn>, S::kNone},
    {"Sub", BO::SUB, 2, false,
     kTfArith, kF32 | kI32 | kI64,
     O::kSub, 6, &EvalBinary<SubFn>, S::kNone},
    {"Mul", BO::MUL, 2, false,
     kTfArith, kF32 | kI16 | kI32 | kI64 | kU32,
     O::kMul, 6, &EvalBinary<MulFn>, S::kNone},
    {"RealDiv", BO::DIV, 2, false,
     kTfArith, kF32 | kI32,
     O::kDiv, 6, &EvalBinary<RealDivFn>, S::kNone},
    {"Div", BO::DIV, 2, false,
     kTfArith, kF32 | kI32,
     O::kDiv, 6, &EvalBinary<DivFn>, S::kNone},
    {"FloorDiv", BO::FLOOR_DIV, 2, false,
     kTfArith, kF32 | kI8 | kI16 | kI32,
     O::kNone, 4, &EvalBinary<FloorDivFn>, S::kNone},
    {"FloorMod", BO::FLOOR_MOD, 2, false,
     kTfRealOrInt, kF32 | kI8 | kI16 | kI32 | kI64,
     O::kNone, 4, &EvalBinary<FloorModFn>, S::kNone},
    {"Pow", BO::POW, 2, false,
     kTfArith, kF32 | kI32,
     O::kNone, 4, &EvalBinary<PowFn>, S::kNone},
    {"Maximum", BO::MAXIMUM, 2, false,
     kTfRealOrInt, kF32 | kI32 | kI64,
     O::kNone, 5, &EvalBinary<MaximumFn>, S::kNone},
    {"Minimum", BO::MINIMUM, 2, false,
     kTfRealOrInt, kF32 | kI32 | kI64,
     O::kNone, 5, &EvalBinary<MinimumFn>, S::kNone},
    {"SquaredDifference", BO::SQUARED_DIFFERENCE, 2, false,
     kTfArith, kF32 | kI32,
     O::kNone, 4, &EvalBinary<SquaredDifferenceFn>, S::kSubMulFallback},

    {"Less", BO::LESS, 2, true,
     kTfRealOrInt, kF32 | kI16 | kI32 | kI64,
     O::kNone, 4, &EvalCompare<LessFn>, S::kNone},
    {"LessEqual", BO::LESS_EQUAL, 2, true,
     kTfRealOrInt, kF32 | kI32 | kI64,
     O::kNone, 4, &EvalCompare<LessEqualFn>, S::kNone},
    {"Greater", BO::GREATER, 2, true,
     kTfRealOrInt, kF32 | kI32 | kI64,
     O::kNone, 4, &EvalCompare<GreaterFn>, S::kNone},
    {"GreaterEqual", BO::GREATER_EQUAL, 2, true,
     kTfRealOrInt, kF32 | kI16 | kI32 | kI64,
     O::kNone, 4, &EvalCompare<GreaterEqualFn>, S::kNone},
    {"Equal", BO::EQUAL, 2, true,
     kTfAny, kBoolType | kF32 | kI16 | kI32 | kI64 | kU8 | kStringType,
     O::kNone, 4, &EvalCompare<EqualFn>, S::kShapeErrorAttr},
    {"NotEqual", BO::NOT_EQUAL, 2, true,
     kTfAny, kBoolType | kF32 | kI32 | kI64 | kStringType,
     O::kNone, 4, &EvalCompare<NotEqualFn>, S::kShapeErrorAttr},

    {"LogicalAnd", BO::LOGICAL_AND, 2, false,
     kBoolType, kBoolType,
     O::kNone, 0, &EvalBinary<LogicalAndFn>, S::kNone},
    {"LogicalOr", BO::LOGICAL_OR, 2, false,
     kBoolType, kBoolType,
     O::kNone, 0, &EvalBinary<LogicalOrFn>, S::kNone},
    {"LogicalNot", BO::LOGICAL_NOT, 1, false,
     kBoolType, kBoolType,
     O::kNone, 0, &EvalUnary<LogicalNotFn>, S::kNone},

    {"Neg", BO::NEG, 1, false,
     kTfArith, kF32 | kI32 | kI64,
     O::kNeg, 0, &EvalUnary<NegFn>, S::kNone},
    {"Abs", BO::ABS, 1, false,
     kTfRealOrInt, kF32 | kI16 | kI32,
     O::kNone, 0, &EvalUnary<AbsFn>, S::kNone},
    {"Square", BO::SQUARE, 1, false,
     kTfArith, kF32,
     O::kSquare, 0, &EvalUnary<SquareFn>, S::kSquareIntAsMul},
    {"Reciprocal", BO::DIV, 1, false,
     kTfArith, kF32 | kI32,
     O::kDiv, 0, &EvalUnary<ReciprocalFn>, S::kOneOverAsDiv},
    {"Inv", BO::DIV, 1, false,
     kTfArith, kF32 | kI32,
     O::kDiv, 0, &EvalUnary<ReciprocalFn>, S::kOneOverAsDiv},
    {"Exp", BO::EXP, 1, false,
     kTfFloatFn, kF32,
     O::kExp, 0, &EvalUnary<ExpFn>, S::kNone},
    {"Log", BO::LOG, 1, false,
     kTfFloatFn, kF32,
     O::kNone, 0, &EvalUnary<LogFn>, S::kNone},
    {"Sqrt", BO::SQRT, 1, false,
     kTfFloatFn, kF32,
     O::kNone, 0, &EvalUnary<SqrtFn>, S::kNone},
    {"Rsqrt", BO::RSQRT, 1, false,
     kTfFloatFn, kF32,
     O::kNone, 0, &EvalUnary<RsqrtFn>, S::kNone},
    {"Sin", BO::SIN, 1, false,
     kTfFloatFn, kF32,
     O::kNone, 0, &EvalUnary<SinFn>, S::kNone},
    {"Cos", BO::COS, 1, false,
     kTfFloatFn, kF32,
     O::kNone, 0, &EvalUnary<CosFn>, S::kNone},
    {"Floor", BO::FLOOR, 1, false,
     kRealTypes, kF32,
     O::kNone, 0, &EvalUnary<FloorFn>, S::kNone},
    {"Ceil", BO::CEIL, 1, false,
     kRealTypes, kF32,
     O::kNone, 0, &EvalUnary<CeilFn>, S::kNone},
    {"Round", BO::ROUND, 1, false,
     kTfArith, kF32,
     O::kNone, 0, &EvalUnary<RoundFn>, S::kRoundIntIsIdentity},
    {"Sign", BO::SIGN, 1, false,
     kTfArith, kF32 | kF64 | kI32,
     O::kNone, 0, &EvalUnary<SignFn>, S::kNone},
    {"Atan2", BO::ATAN2, 2, false,
     kRealTypes, kF32,
     O::kNone, -1, &EvalBinary<Atan2Fn>, S::kNone},
    {"TruncateDiv", BO::DIV, 2, false,
     kIntTypes, kI32,
     O::kDiv, 5, &EvalBinary<DivFn>, S::kNone},
    {"DivNoNan", BO::DIV, 2, false,
     kTfFloatFn, kF32,
     O::kDiv, 5, &EvalBinary<DivNoNanFn>, S::kZeroWhereRhsZero},
    {"MulNoNan", BO::MUL, 2, false,
     kTfFloatFn, kF32,
     O::kMul, 5, &EvalBinary<MulNoNanFn>, S::kZeroWhereRhsZero},
    {"BitwiseXor", BO::BITWISE_XOR, 2, false,
     kIntTypes, kI8 | kI16 | kI32 | kU8 | kU32,
     O::kNone, 4, &EvalBinary<BitwiseXorFn>, S::kNone},
    {"RightShift", BO::RIGHT_SHIFT, 2, false,
     kIntTypes, kI8 | kI16 | kI32 | kU8 | kU32,
     O::kNone, 4, &EvalBinary<RightShiftFn>, S::kNone},

    {"Rint", BO::ROUND, 1, false,
     kRealTypes, kF32,
     O::kNone, 0, &EvalUnary<RoundFn>, S::kNone},
    {"IsNan", BO::NOT_EQUAL, 1, true,
     kRealTypes, kF32,
     O::kNone, 0, &EvalUnaryPredicate<IsNanFn>, S::kIsNanAsNotEqual},
    {"IsInf", BO::EQUAL, 1, true,
     kRealTypes, kF32,
     O::kNone, 0, &EvalUnaryPredicate<IsInfFn>, S::kAbsAgainstInfinity},
    {"IsFinite", BO::LESS, 1, true,
     kRealTypes, kF32,
     O::kNone, 0, &EvalUnaryPredicate<IsFiniteFn>, S::kAbsAgainstInfinity},
};
// clang-format on

}  // namespace

absl::Span<const MathOpRow> MathOpTable() { return kRows; }

}  // namespace math
}  // namespace tfconv
