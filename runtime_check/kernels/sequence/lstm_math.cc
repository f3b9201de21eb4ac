#include "runtime_check/kernels/sequence/lstm_math.h"

#include "runtime_check/numeric/fixed_point.h"

namespace tfconv {
namespace {

int16_t Neg(int16_t a) { return static_cast<int16_t>(-a); }

constexpr int16_t kOneQ0 = 32767;  // "1" with 0 integer bits

}  // namespace

int16_t GemmlowpLogistic(int16_t x) {
  constexpr int kIntegerBits = 3;
  if (x == 0) return 1 << 14;  // 0.5
  const bool positive = x > 0;
  const int16_t abs = positive ? x : Neg(x);
  const int16_t on_positive =
      fixed_point::q16::OneOverOnePlusXForXIn01(fixed_point::q16::ExpOnNegativeValues(Neg(abs), kIntegerBits));
  return positive ? on_positive : static_cast<int16_t>(kOneQ0 - on_positive);
}

int16_t GemmlowpTanh(int integer_bits, int16_t x) {
  if (x == 0) return 0;
  const bool negative = x < 0;
  const int16_t non_positive = negative ? x : Neg(x);
  // tanh(-|x|) = -(1 - exp(-2|x|)) / (1 + exp(-2|x|)); doubling is read as one more integer bit.
  const int16_t t = fixed_point::q16::OneMinusXOverOnePlusXForXIn01(
      fixed_point::q16::ExpOnNegativeValues(non_positive, integer_bits + 1));
  return negative ? Neg(t) : t;
}

}  // namespace tfconv
