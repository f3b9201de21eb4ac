#include "runtime_check/interpreter/quant_math.h"

#include <cmath>

namespace tfconv {

void QuantizeMultiplier(double real, int32_t* quantized, int* shift) {
  if (real == 0.0) {
    *quantized = 0;
    *shift = 0;
    return;
  }
  const double fraction = std::frexp(real, shift);  // real = fraction * 2^shift, fraction in [0.5, 1)
  int64_t q = static_cast<int64_t>(std::round(fraction * (1LL << 31)));
  if (q == (1LL << 31)) {  // rounding reached 1.0: renormalize
    q /= 2;
    ++*shift;
  }
  if (*shift > 30) {  // beyond what the kernels can shift: saturate as the runtime does
    *shift = 30;
    q = (1LL << 31) - 1;
  }
  if (*shift < -31) {  // too small to represent: flush to zero as the runtime does
    *shift = 0;
    q = 0;
  }
  *quantized = static_cast<int32_t>(q);
}

}  // namespace tfconv
