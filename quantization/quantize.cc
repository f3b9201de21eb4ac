#include "quantization/quantize.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "quantization/dynamic_range.h"
#include "quantization/float16.h"
#include "quantization/full_integer/full_integer.h"

namespace tfconv {

absl::StatusOr<QuantizeReport> QuantizeModel(TflModel& model, const QuantizeOptions& options) {
  switch (options.mode) {
    case QuantizationMode::kNone:
      return QuantizeReport{};
    case QuantizationMode::kDynamicRange:
      return QuantizeDynamicRange(model, options);
    case QuantizationMode::kFloat16:
      return QuantizeFloat16(model, options);
    case QuantizationMode::kInt8:
    case QuantizationMode::kInt16x8:
      return QuantizeFullIntegerModel(model, options);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown quantization mode ", static_cast<int>(options.mode)));
}

}  // namespace tfconv
