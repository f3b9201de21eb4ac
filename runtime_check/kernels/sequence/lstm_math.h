// The 16-bit fixed-point nonlinearities and helpers of TFLite's integer LSTM, bit for bit:
//  - Gemmlowp*: the gemmlowp fixed-point logistic/tanh (16-bit raw values) that LiteRT's LSTM
//    kernel uses (tensor_utils::ApplySigmoid / ApplyTanh);
//  - Lut*: the interpolated look-up table logistic/tanh of reference_integer_ops (the int16
//    LOGISTIC/TANH kernels and TFLite Micro's LSTM);
//  - InvSqrtQuantizedMultiplierExp for the integer layer normalization.
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

// reference_integer_ops::Logistic / Tanh for one int16 value; a multiplier of 0 means "power of
// two input scale", exactly as those kernels treat it.
int16_t LutLogistic(int16_t x, int32_t input_multiplier, int input_left_shift);
int16_t LutTanh(int16_t x, int32_t input_multiplier, int input_left_shift);

// 1/sqrt(input) as a quantized multiplier and shift (TFLite's GetInvSqrtQuantizedMultiplierExp).
void InvSqrtQuantizedMultiplierExp(int32_t input, int reverse_shift, int32_t* multiplier, int* shift);

// log2(x) when x is a power of two (within 1e-3 of one), as TFLite's CheckedLog2.
bool CheckedLog2(float x, int* log2);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_LSTM_MATH_H_
