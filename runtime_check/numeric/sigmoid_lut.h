// The int16 LOGISTIC and TANH of TFLite's reference_integer_ops (also TFLite Micro's LSTM): a
// linear interpolation in a fixed 256-entry table of sigmoid(i / 24) in Q0.16, with
// tanh(x) = 2 * sigmoid(2x) - 1. Used by the int16 activation kernels and the integer LSTM.
//
//   int16_t y = LutLogistic(x, /*input_multiplier=*/0, /*input_left_shift=*/0);  // x in Q3.12, y in Q0.15
//   int16_t t = LutTanh(x, 3 << 1, 0);  // x with 4 integer bits
#ifndef TFCONV_RUNTIME_CHECK_NUMERIC_SIGMOID_LUT_H_
#define TFCONV_RUNTIME_CHECK_NUMERIC_SIGMOID_LUT_H_

#include <cstdint>

namespace tfconv {

// sigmoid(i / 24) in Q0.16, i = 0..255 (the last entry saturated to 65535), verbatim from TFLite.
extern const uint16_t kSigmoidTableQ16[256];

// One int16 value: the input becomes (x * input_multiplier + round) >> input_left_shift on the
// table's input scale 1 / (3 * 4096). A multiplier of 0 means a power-of-two input scale: the
// multiplier is then 3 << input_left_shift with no shift, exactly as those kernels treat it.
// The result is in Q0.15.
int16_t LutLogistic(int16_t x, int32_t input_multiplier, int input_left_shift);
int16_t LutTanh(int16_t x, int32_t input_multiplier, int input_left_shift);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_NUMERIC_SIGMOID_LUT_H_
