// IEEE 754 binary16 ("half", float16): the one conversion every float16 path of runtime_check
// uses (FLOAT16 tensors in the kernels and in tensor files, the float16 emulation of GPU targets).
//
//   uint16_t h = FloatToHalf(0.1f);   // 0x2E66: the nearest half, ties to even
//   float f = HalfToFloat(h);         // 0.0999755859375f, exact
//   float r = RoundToHalf(0.1f);      // the same in one step: a float32 as a float16 target holds it
#ifndef TFCONV_RUNTIME_CHECK_NUMERIC_HALF_H_
#define TFCONV_RUNTIME_CHECK_NUMERIC_HALF_H_

#include <cstdint>

namespace tfconv {

// Exact: every half is a float. A NaN stays a NaN.
float HalfToFloat(uint16_t bits);

// Round to nearest, ties to even. From 65520 up (the midpoint between the largest half, 65504, and
// 65536) the result is an infinity; below 2^-14 it is a subnormal half (a multiple of 2^-24). NaN
// gives the quiet NaN 0x7E00 with the sign.
uint16_t FloatToHalf(float value);

// HalfToFloat(FloatToHalf(value)): the float32 value rounded to the nearest half.
float RoundToHalf(float value);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_NUMERIC_HALF_H_
