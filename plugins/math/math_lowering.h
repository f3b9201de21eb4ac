// Lowering of one math-table row to TFLite: the operands go into the row's builtin with the options
// table the official converter writes, after checking the TFLite kernel takes the operand type.
// The row's Special covers the forms the official converter rewrites first (integer Square as MUL,
// Reciprocal as DIV(1, x), ...); broadcasts beyond the kernel's rank go through BROADCAST_TO.
//
//   absl::Status s = LowerMathOp(row, lowering_context);   // AddV2 -> ADD {AddOptions NONE}
//   std::vector<std::string> emitted = EmittedBuiltins(row);  // {"SQUARE", "MUL"} for Square
#ifndef TFCONV_PLUGINS_MATH_MATH_LOWERING_H_
#define TFCONV_PLUGINS_MATH_MATH_LOWERING_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ops/op_context.h"
#include "plugins/math/math_op_table.h"

namespace tfconv {
namespace math {

// The options union for `kind` (type NONE for OptionsKind::kNone).
tflite::BuiltinOptionsUnion MakeOptions(OptionsKind kind);

absl::Status LowerMathOp(const MathOpRow& row, LoweringContext& c);

// The builtin names the row's lowering may emit, for the coverage table.
std::vector<std::string> EmittedBuiltins(const MathOpRow& row);

}  // namespace math
}  // namespace tfconv

#endif  // TFCONV_PLUGINS_MATH_MATH_LOWERING_H_
