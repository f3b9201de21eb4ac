// IEEE binary16 <-> float conversions for float16 tensors (round to nearest even).
#ifndef TFCONV_RUNTIME_CHECK_IO_HALF_H_
#define TFCONV_RUNTIME_CHECK_IO_HALF_H_

#include <cstdint>

namespace tfconv {
namespace io_internal {

float HalfToFloat(uint16_t h);
uint16_t FloatToHalf(float f);

}  // namespace io_internal
}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_IO_HALF_H_
