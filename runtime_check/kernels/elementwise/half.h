// IEEE 754 binary16 conversions, for CAST and DEQUANTIZE of FLOAT16 tensors.
//
//   uint16_t h = elementwise::fp16::FromFloat(1.5f);   // 0x3E00, rounded to nearest even
//   float f = elementwise::fp16::ToFloat(h);        // 1.5f, exact
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_ELEMENTWISE_HALF_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_ELEMENTWISE_HALF_H_

#include <cstdint>

namespace tfconv {
namespace elementwise {
namespace fp16 {

// Round to nearest even; overflow gives infinity, NaN gives the quiet NaN 0x7E00 (with the sign).
uint16_t FromFloat(float value);
// Exact.
float ToFloat(uint16_t bits);

}  // namespace fp16
}  // namespace elementwise
}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_ELEMENTWISE_HALF_H_
