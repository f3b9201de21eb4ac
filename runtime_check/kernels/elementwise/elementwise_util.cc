#include "runtime_check/kernels/elementwise/elementwise_util.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace elementwise {

absl::Status Broadcast::Init(const KernelContext& c, const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  TFCONV_KERNEL_RETURN_IF_ERROR(BroadcastShapes(c, a, b, &shape_));
  size_ = NumElementsOf(shape_);
  map_[0].clear();
  map_[1].clear();
  map_[2].clear();
  if (a != shape_) map_[0] = BroadcastIndexMap(a, shape_);
  if (b != shape_) map_[1] = BroadcastIndexMap(b, shape_);
  return absl::OkStatus();
}

absl::Status Broadcast::Init(const KernelContext& c, const std::vector<int32_t>& a, const std::vector<int32_t>& b,
                             const std::vector<int32_t>& d) {
  std::vector<int32_t> ab;
  TFCONV_KERNEL_RETURN_IF_ERROR(BroadcastShapes(c, a, b, &ab));
  TFCONV_KERNEL_RETURN_IF_ERROR(BroadcastShapes(c, ab, d, &shape_));
  size_ = NumElementsOf(shape_);
  map_[0].clear();
  map_[1].clear();
  map_[2].clear();
  if (a != shape_) map_[0] = BroadcastIndexMap(a, shape_);
  if (b != shape_) map_[1] = BroadcastIndexMap(b, shape_);
  if (d != shape_) map_[2] = BroadcastIndexMap(d, shape_);
  return absl::OkStatus();
}

absl::Status FloatActivationRange(const KernelContext& c, tflite::ActivationFunctionType act, float* lo, float* hi) {
  using A = tflite::ActivationFunctionType;
  switch (act) {
    case A::NONE:
      *lo = std::numeric_limits<float>::lowest();
      *hi = std::numeric_limits<float>::max();
      return absl::OkStatus();
    case A::RELU:
      *lo = 0.f;
      *hi = std::numeric_limits<float>::max();
      return absl::OkStatus();
    case A::RELU6:
      *lo = 0.f;
      *hi = 6.f;
      return absl::OkStatus();
    case A::RELU_N1_TO_1:
      *lo = -1.f;
      *hi = 1.f;
      return absl::OkStatus();
    default:
      return c.Unimplemented(absl::StrCat("fused activation ", tflite::EnumNameActivationFunctionType(act),
                                          " (TFLite ignores it on this operator)"));
  }
}

absl::Status MultiplierBelowOne(const KernelContext& c, double real, absl::string_view what, int32_t* multiplier,
                                int* shift) {
  if (!(real >= 0.0 && real < 1.0)) {
    return c.Error(absl::StrCat(what, " multiplier ", real, " is not in [0, 1) as TFLite requires"));
  }
  QuantizeMultiplier(real, multiplier, shift);
  if (*shift > 0) return c.Error(absl::StrCat(what, " multiplier ", real, " rounds to 1"));
  return absl::OkStatus();
}

bool CheckedLog2(float x, int* log2) {
  if (x <= 0.0f) return false;
  // Float arithmetic throughout, as the runtime computes it.
  const float x_log2 = std::log(x) * (1.0f / std::log(2.0f));
  const float rounded = std::round(x_log2);
  *log2 = static_cast<int>(rounded);
  return std::abs(x_log2 - rounded) < 1e-3f;
}

absl::Status PerTensorQuant(const KernelContext& c, const RtTensor& t, float* scale, int32_t* zero_point) {
  if (!t.is_quantized()) return c.Error(absl::StrCat("tensor '", t.name(), "' has no quantization parameters"));
  if (t.num_channels() != 1) {
    return c.Unimplemented(absl::StrCat("tensor '", t.name(), "' is quantized per axis (", t.num_channels(),
                                        " scales); this operator needs one scale"));
  }
  *scale = t.scale();
  *zero_point = t.zero_point();
  return absl::OkStatus();
}

}  // namespace elementwise
}  // namespace tfconv
