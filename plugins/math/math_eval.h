// Turns a scalar functor of math_functors.h into a MathEvalFn: picks the C++ element type from the
// operand dtype (float, double, int32, int64, bool, as the functor's kTypes allows), runs the
// functor's integer preconditions, and maps it over the operands with elementwise_eval.h.
//
//   MathEvalFn add = &EvalBinary<AddFn>;       // same type out as in
//   MathEvalFn less = &EvalCompare<LessFn>;    // bool out
//   MathEvalFn exp = &EvalUnary<ExpFn>;
#ifndef TFCONV_PLUGINS_MATH_MATH_EVAL_H_
#define TFCONV_PLUGINS_MATH_MATH_EVAL_H_

#include <cstdint>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "plugins/math/elementwise_eval.h"
#include "plugins/math/math_functors.h"
#include "plugins/math/math_op_table.h"

namespace tfconv {
namespace math {
namespace eval_internal {

// Calls run(T{}) with the C++ type of `dtype` when the functor supports it; otherwise an
// Unimplemented status that names the node.
template <typename Fn, typename Run>
absl::StatusOr<Tensor> DispatchType(const EvalContext& c, DataType dtype, Run run) {
  switch (dtype) {
    case DataType::kFloat:
      if constexpr ((Fn::kTypes & kEvalFloat) != 0) return run(float{});
      break;
    case DataType::kDouble:
      if constexpr ((Fn::kTypes & kEvalFloat) != 0) return run(double{});
      break;
    case DataType::kInt32:
      if constexpr ((Fn::kTypes & kEvalInt) != 0) return run(int32_t{});
      break;
    case DataType::kInt64:
      if constexpr ((Fn::kTypes & kEvalInt) != 0) return run(int64_t{});
      break;
    case DataType::kBool:
      if constexpr ((Fn::kTypes & kEvalBool) != 0) return run(bool{});
      break;
    default:
      break;
  }
  return NodeUnsupported(
      c.node(), absl::StrCat("no reference evaluation for ", DataTypeName(dtype), " operands"));
}

// The integer preconditions TF's kernels enforce (division by zero, negative exponents).
template <typename Fn, typename T>
absl::Status CheckIntOperand(const EvalContext& c, const Tensor& t) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    auto values = t.data<T>();
    for (T v : values) {
      if (Fn::kIntRhsNonZero && v == 0) {
        return c.Error("integer division by zero");
      }
      if (Fn::kIntRhsNonNegative && v < 0) {
        return c.Error("integers to negative integer powers are not allowed");
      }
    }
  }
  return absl::OkStatus();
}

template <typename Fn, bool kBoolOut>
absl::StatusOr<Tensor> EvalBinaryImpl(const EvalContext& c, const std::vector<int64_t>& out_dims) {
  const Tensor& a = c.input(0);
  const Tensor& b = c.input(1);
  return DispatchType<Fn>(c, a.dtype(), [&](auto tag) -> absl::StatusOr<Tensor> {
    using T = decltype(tag);
    using Out = std::conditional_t<kBoolOut, bool, T>;
    absl::Status ok = CheckIntOperand<Fn, T>(c, b);
    if (!ok.ok()) return ok;
    return BinaryMap<T, Out>(a, b, out_dims, Fn{});
  });
}

}  // namespace eval_internal

// A binary op whose result has the operand type (Add, FloorMod, LogicalAnd, ...).
template <typename Fn>
absl::StatusOr<Tensor> EvalBinary(const EvalContext& c, const std::vector<int64_t>& out_dims) {
  return eval_internal::EvalBinaryImpl<Fn, false>(c, out_dims);
}

// A comparison: bool result.
template <typename Fn>
absl::StatusOr<Tensor> EvalCompare(const EvalContext& c, const std::vector<int64_t>& out_dims) {
  return eval_internal::EvalBinaryImpl<Fn, true>(c, out_dims);
}

// A unary op; its only operand is also checked as a divisor when the functor asks (Reciprocal).
template <typename Fn>
absl::StatusOr<Tensor> EvalUnary(const EvalContext& c, const std::vector<int64_t>& /*out_dims*/) {
  const Tensor& x = c.input(0);
  return eval_internal::DispatchType<Fn>(c, x.dtype(), [&](auto tag) -> absl::StatusOr<Tensor> {
    using T = decltype(tag);
    absl::Status ok = eval_internal::CheckIntOperand<Fn, T>(c, x);
    if (!ok.ok()) return ok;
    return UnaryMap<T, T>(x, Fn{});
  });
}

// A unary predicate (IsNan, IsInf, IsFinite): bool result of the operand's shape.
template <typename Fn>
absl::StatusOr<Tensor> EvalUnaryPredicate(const EvalContext& c,
                                          const std::vector<int64_t>& /*out_dims*/) {
  const Tensor& x = c.input(0);
  return eval_internal::DispatchType<Fn>(c, x.dtype(), [&](auto tag) -> absl::StatusOr<Tensor> {
    using T = decltype(tag);
    return UnaryMap<T, bool>(x, Fn{});
  });
}

}  // namespace math
}  // namespace tfconv

#endif  // TFCONV_PLUGINS_MATH_MATH_EVAL_H_
