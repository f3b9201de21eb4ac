// The elementwise math op family (plugin "tfconv.math"): arithmetic (Add, AddV2, Sub, Mul, RealDiv,
// Div, FloorDiv, FloorMod, Pow, Maximum, Minimum, SquaredDifference), unary math (Neg, Abs, Square,
// Reciprocal, Inv, Exp, Log, Sqrt, Rsqrt, Sin, Cos, Floor, Ceil, Round, Rint, Sign, IsNan,
// IsInf, IsFinite), more binaries (Atan2, TruncateDiv, DivNoNan, MulNoNan,
// BitwiseXor, RightShift), AddN and Cumsum (accumulate_ops.h), Bucketize (bucketize_ops.h),
// comparisons (Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual) and logic (LogicalAnd,
// LogicalOr, LogicalNot).
// Each op has its shape/type rule, its TF reference semantics and its lowering to the TFLite
// builtin of the same meaning; the ops are rows of one table (math_op_table.h).
//
//   OpRegistry registry;
//   registry.BeginPlugin("tfconv.math", /*may_override=*/false);
//   RegisterMathOps(registry);
//   absl::Status s = registry.EndPlugin();
//   registry.Find("AddV2")->tflite_ops;   // {"ADD"}
#ifndef TFCONV_PLUGINS_MATH_MATH_OPS_H_
#define TFCONV_PLUGINS_MATH_MATH_OPS_H_

#include "ops/op_registry.h"

namespace tfconv {

void RegisterMathOps(OpRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_MATH_MATH_OPS_H_
