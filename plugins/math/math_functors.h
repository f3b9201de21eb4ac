// The scalar semantics of TensorFlow's elementwise math ops, one small functor per op, written
// from TensorFlow's kernel definitions (tensorflow/core/kernels/cwise_ops.h):
//   - float ops compute in the input's own precision (float stays float);
//   - integer Add/Sub/Mul/Neg/Abs/Square wrap around on overflow as TF's kernels do in practice,
//     computed through unsigned arithmetic so that C++ has no undefined behavior;
//   - integer division-like ops reject a zero divisor (TF: "Integer division by zero") and
//     Pow rejects a negative integer exponent, through the kIntRhs* flags the evaluator checks.
//
//   FloorModFn{}(-7, 3);      // 2   (sign of the divisor)
//   RoundFn{}(2.5f);          // 2.0f (half to even)
//   MaximumFn{}(NAN, 1.0f);   // NaN (TF propagates NaN)
//
// kTypes lists the C++ element types a functor has a definition for (the rest are unsupported in
// evaluation, not errors in the graph).
#ifndef TFCONV_PLUGINS_MATH_MATH_FUNCTORS_H_
#define TFCONV_PLUGINS_MATH_MATH_FUNCTORS_H_

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace tfconv {
namespace math {

// Which element types a functor computes on.
enum EvalTypes : uint32_t {
  kEvalFloat = 1u << 0,  // float, double
  kEvalInt = 1u << 1,    // int32, int64
  kEvalBool = 1u << 2,   // bool
};

// Defaults for the checks the evaluator runs before calling a binary/unary functor.
struct FnTraits {
  static constexpr bool kIntRhsNonZero = false;      // integer divisor must not be 0
  static constexpr bool kIntRhsNonNegative = false;  // integer exponent must be >= 0
};

// ---- wrap-around integer arithmetic ----
template <typename T>
T WrapAdd(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
}
template <typename T>
T WrapSub(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
}
template <typename T>
T WrapMul(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
}
template <typename T>
T WrapNeg(T a) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(U{0} - static_cast<U>(a));
}

// Truncating integer quotient and remainder; lowest / -1 wraps to lowest (remainder 0) instead of
// trapping. The divisor is never 0 here (checked before).
template <typename T>
T TruncDiv(T a, T b) {
  if (b == T(-1)) return WrapNeg(a);
  return a / b;
}
template <typename T>
T TruncRem(T a, T b) {
  if (b == T(-1)) return 0;
  return a % b;
}

// ---- binary arithmetic ----
struct AddFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>)
      return WrapAdd(a, b);
    else
      return a + b;
  }
};

struct SubFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>)
      return WrapSub(a, b);
    else
      return a - b;
  }
};

struct MulFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>)
      return WrapMul(a, b);
    else
      return a * b;
  }
};

// RealDiv: IEEE division, floats only (TF registers no integer kernel).
struct RealDivFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat;
  template <typename T>
  T operator()(T a, T b) const {
    return a / b;
  }
};

// Div: IEEE for floats, truncating for integers.
struct DivFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  static constexpr bool kIntRhsNonZero = true;
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>)
      return TruncDiv(a, b);
    else
      return a / b;
  }
};

// FloorDiv: floor(a / b); for floats the quotient is rounded to T first, as TF does.
struct FloorDivFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  static constexpr bool kIntRhsNonZero = true;
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      T q = TruncDiv(a, b);
      bool inexact = TruncRem(a, b) != 0;
      return inexact && ((a < 0) != (b < 0)) ? WrapSub(q, T(1)) : q;
    } else {
      return std::floor(a / b);
    }
  }
};

// FloorMod: the remainder takes the sign of the divisor (Python's %).
struct FloorModFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  static constexpr bool kIntRhsNonZero = true;
  template <typename T>
  T operator()(T a, T b) const {
    T r;
    if constexpr (std::is_integral_v<T>)
      r = TruncRem(a, b);
    else
      r = std::fmod(a, b);
    return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
  }
};

// Pow: x^y; integers by repeated squaring (wrapping), negative exponents rejected.
struct PowFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  static constexpr bool kIntRhsNonNegative = true;
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      T result = 1;
      T base = a;
      for (T e = b; e > 0; e >>= 1) {
        if (e & 1) result = WrapMul(result, base);
        base = WrapMul(base, base);
      }
      return result;
    } else {
      return static_cast<T>(std::pow(a, b));
    }
  }
};

// Maximum/Minimum: a NaN operand gives NaN (TF uses Eigen's PropagateNaN).
template <bool kMax>
struct ExtremumFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(a)) return a;
      if (std::isnan(b)) return b;
    }
    if constexpr (kMax) {
      return a < b ? b : a;
    } else {
      return b < a ? b : a;
    }
  }
};
using MaximumFn = ExtremumFn<true>;
using MinimumFn = ExtremumFn<false>;

struct SquaredDifferenceFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      T d = WrapSub(a, b);
      return WrapMul(d, d);
    } else {
      T d = a - b;
      return d * d;
    }
  }
};

// ---- comparisons (output bool) ----
struct LessFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  template <typename T>
  bool operator()(T a, T b) const {
    return a < b;
  }
};
struct LessEqualFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  template <typename T>
  bool operator()(T a, T b) const {
    return a <= b;
  }
};
struct GreaterFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  template <typename T>
  bool operator()(T a, T b) const {
    return a > b;
  }
};
struct GreaterEqualFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  template <typename T>
  bool operator()(T a, T b) const {
    return a >= b;
  }
};
struct EqualFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt | kEvalBool;
  template <typename T>
  bool operator()(T a, T b) const {
    return a == b;
  }
};
struct NotEqualFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt | kEvalBool;
  template <typename T>
  bool operator()(T a, T b) const {
    return a != b;
  }
};

// ---- logical (bool in, bool out) ----
struct LogicalAndFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalBool;
  bool operator()(bool a, bool b) const { return a && b; }
};
struct LogicalOrFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalBool;
  bool operator()(bool a, bool b) const { return a || b; }
};
struct LogicalNotFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalBool;
  bool operator()(bool a) const { return !a; }
};

// ---- unary ----
struct NegFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  template <typename T>
  T operator()(T x) const {
    if constexpr (std::is_integral_v<T>)
      return WrapNeg(x);
    else
      return -x;
  }
};

struct AbsFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  template <typename T>
  T operator()(T x) const {
    if constexpr (std::is_integral_v<T>)
      return x < 0 ? WrapNeg(x) : x;
    else
      return std::fabs(x);
  }
};

struct SquareFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  template <typename T>
  T operator()(T x) const {
    if constexpr (std::is_integral_v<T>)
      return WrapMul(x, x);
    else
      return x * x;
  }
};

// Reciprocal (and Inv): 1 / x; integer 1 / x truncates (so |x| > 1 gives 0).
struct ReciprocalFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  static constexpr bool kIntRhsNonZero = true;  // the only operand is the divisor
  template <typename T>
  T operator()(T x) const {
    if constexpr (std::is_integral_v<T>)
      return TruncDiv(T(1), x);
    else
      return T(1) / x;
  }
};

struct ExpFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat;
  template <typename T>
  T operator()(T x) const {
    return std::exp(x);
  }
};
struct LogFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat;
  template <typename T>
  T operator()(T x) const {
    return std::log(x);
  }
};
struct SqrtFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat;
  template <typename T>
  T operator()(T x) const {
    return std::sqrt(x);
  }
};
struct RsqrtFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat;
  template <typename T>
  T operator()(T x) const {
    return T(1) / std::sqrt(x);
  }
};
struct SinFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat;
  template <typename T>
  T operator()(T x) const {
    return std::sin(x);
  }
};
struct CosFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat;
  template <typename T>
  T operator()(T x) const {
    return std::cos(x);
  }
};
struct FloorFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat;
  template <typename T>
  T operator()(T x) const {
    return std::floor(x);
  }
};
struct CeilFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat;
  template <typename T>
  T operator()(T x) const {
    return std::ceil(x);
  }
};

// Round: to nearest, ties to even (TF's round_half_to_even); integers pass through.
struct RoundFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  template <typename T>
  T operator()(T x) const {
    if constexpr (std::is_integral_v<T>) {
      return x;
    } else {
      T down = std::floor(x);
      T fraction = x - down;  // exact; NaN for +-inf and NaN, so neither branch below fires
      T up = down + T(1);
      T r = fraction > T(0.5) || (fraction == T(0.5) && std::fmod(down, T(2)) != 0) ? up : down;
      return std::copysign(r, x);  // -0.4 rounds to -0, as rint does
    }
  }
};

// Sign: -1, 0 or 1; NaN stays NaN (Eigen's sign for reals).
struct SignFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat | kEvalInt;
  template <typename T>
  T operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(x)) return x;
    }
    return static_cast<T>((x > T(0)) - (x < T(0)));
  }
};

// ---- ops added for the wider op set ----

struct Atan2Fn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat;
  template <typename T>
  T operator()(T y, T x) const {
    return std::atan2(y, x);
  }
};

// DivNoNan / MulNoNan: 0 wherever the second operand is 0, even if the first is inf or NaN.
struct DivNoNanFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat;
  template <typename T>
  T operator()(T a, T b) const {
    return b == T(0) ? T(0) : a / b;
  }
};
struct MulNoNanFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat;
  template <typename T>
  T operator()(T a, T b) const {
    return b == T(0) ? T(0) : a * b;
  }
};

struct BitwiseXorFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalInt;
  template <typename T>
  T operator()(T a, T b) const {
    return a ^ b;
  }
};

// RightShift: arithmetic for signed types; TF's kernel clamps the shift to [0, bits - 1].
struct RightShiftFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalInt;
  template <typename T>
  T operator()(T a, T b) const {
    constexpr T kMaxShift = static_cast<T>(sizeof(T) * 8 - 1);
    T shift = b < T(0) ? T(0) : (b > kMaxShift ? kMaxShift : b);
    return static_cast<T>(a >> shift);
  }
};

// ---- float classification (bool out) ----
struct IsNanFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat;
  template <typename T>
  bool operator()(T x) const {
    return std::isnan(x);
  }
};
struct IsInfFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat;
  template <typename T>
  bool operator()(T x) const {
    return std::isinf(x);
  }
};
struct IsFiniteFn : FnTraits {
  static constexpr uint32_t kTypes = kEvalFloat;
  template <typename T>
  bool operator()(T x) const {
    return std::isfinite(x);
  }
};

}  // namespace math
}  // namespace tfconv

#endif  // TFCONV_PLUGINS_MATH_MATH_FUNCTORS_H_
