#include "runtime_check/numeric/half.h"

#include <cmath>
#include <cstring>

namespace tfconv {

float HalfToFloat(uint16_t bits) {
  const uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
  const uint32_t exponent = (bits >> 10) & 0x1Fu;
  const uint32_t mantissa = bits & 0x3FFu;
  if (exponent == 0) {  // zero or subnormal: mantissa units of 2^-24
    const float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -magnitude : magnitude;
  }
  // Infinity and NaN keep an all-ones exponent; normal numbers move from bias 15 to bias 127.
  const uint32_t x = exponent == 31 ? (sign | 0x7F800000u | (mantissa << 13))
                                    : (sign | ((exponent + 112) << 23) | (mantissa << 13));
  float f;
  std::memcpy(&f, &x, sizeof f);
  return f;
}

uint16_t FloatToHalf(float value) {
  uint32_t x;
  std::memcpy(&x, &value, sizeof x);
  const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
  const uint32_t magnitude = x & 0x7FFFFFFFu;
  if (magnitude > 0x7F800000u) return sign | 0x7E00u;   // NaN
  if (magnitude >= 0x477FF000u) return sign | 0x7C00u;  // from 65520 up (and infinity): infinity
  if (magnitude < 0x38800000u) {
    // Below the smallest normal half (2^-14): count units of 2^-24. The scaling is exact and
    // nearbyint rounds ties to even in the default rounding mode; 1024 units is 0x0400, the
    // smallest normal, so rounding up into it is right too.
    float v;
    std::memcpy(&v, &magnitude, sizeof v);
    return sign | static_cast<uint16_t>(std::nearbyint(v * 16777216.0f));
  }
  uint32_t h = ((((magnitude >> 23) & 0xFFu) - 112) << 10) | ((magnitude & 0x7FFFFFu) >> 13);
  const uint32_t rest = magnitude & 0x1FFFu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;  // a carry into the exponent is right
  return static_cast<uint16_t>(sign | h);
}

float RoundToHalf(float value) { return HalfToFloat(FloatToHalf(value)); }

}  // namespace tfconv
