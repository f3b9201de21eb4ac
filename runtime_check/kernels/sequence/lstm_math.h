// The 16-bit gemmlowp fixed-point logistic/tanh (int16 raw values) that LiteRT's integer LSTM
// kernel uses (tensor_utils::ApplySigmoid / ApplyTanh), bit for bit. (TFLite Micro's LSTM uses
// the interpolated table of runtime_check/numeric/sigmoid_lut.h instead.)
//
//   int16_t s = GemmlowpLogistic(x);               // x in Q3.12, result in Q0.15
//   int16_t t = GemmlowpTanh(4, x);                // x with 4 integer bits
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_LSTM_MATH_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_LSTM_MATH_H_

#include <cstdint>

namespace tfconv {

// logistic(x) for x in Q3.12 (3 integer bits), result in Q0.15 (32767 ~ 1).
int16_t GemmlowpLogistic(int16_t x);
// tanh(x) for x with `integer_bits` integer bits (0..6), result in Q0.15.
int16_t GemmlowpTanh(int integer_bits, int16_t x);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_LSTM_MATH_H_
