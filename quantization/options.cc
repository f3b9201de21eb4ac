#include "quantization/options.h"

namespace tfconv {

const char* QuantizationModeName(QuantizationMode mode) {
  switch (mode) {
    case QuantizationMode::kNone:
      return "none";
    case QuantizationMode::kDynamicRange:
      return "dynamic_range";
    case QuantizationMode::kFloat16:
      return "float16";
    case QuantizationMode::kInt8:
      return "int8";
    case QuantizationMode::kInt16x8:
      return "int16x8";
  }
  return "unknown";
}

}  // namespace tfconv
