#include "runtime_check/kernels/elementwise/elementwise_util.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace elementwise {

absl::Status Broadcast::Init(const KernelContext& c, const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  TFCONV_KERNEL_RETURN_IF_ERROR(BroadcastShapes(c, a, b, &shape_));
  SetMaps({&a, &b});
  return absl::OkStatus();
}

absl::Status Broadcast::Init(const KernelContext& c, const std::vector<int32_t>& a, const std::vector<int32_t>& b,
                             const std::vector<int32_t>& d) {
  std::vector<int32_t> ab;
  TFCONV_KERNEL_RETURN_IF_ERROR(BroadcastShapes(c, a, b, &ab));
  TFCONV_KERNEL_RETURN_IF_ERROR(BroadcastShapes(c, ab, d, &shape_));
  SetMaps({&a, &b, &d});
  return absl::OkStatus();
}

void Broadcast::SetMaps(std::initializer_list<const std::vector<int32_t>*> operands) {
  size_ = NumElementsOf(shape_);
  for (std::vector<int64_t>& m : map_) m.clear();
  int k = 0;
  for (const std::vector<int32_t>* shape : operands) {
    if (*shape != shape_) map_[k] = BroadcastIndexMap(*shape, shape_);
    ++k;
  }
}

absl::Status FloatActivationRange(const KernelContext& c, tflite::ActivationFunctionType act, float* lo, float* hi) {
  using A = tflite::ActivationFunctionType;
  *lo = std::numeric_limits<float>::lowest();
  *hi = std::numeric_limits<float>::max();
  switch (act) {
    case A::NONE: return absl::OkStatus();
    case A::RELU: *lo = 0; return absl::OkStatus();
    case A::RELU6:
      *lo = 0;
      *hi = 6;
      return absl::OkStatus();
    case A::RELU_N1_TO_1:
      *lo = -1;
      *hi = 1;
      return absl::OkStatus();
    default:
      // TFLite silently treats these as NONE on most operators (FULLY_CONNECTED rejects them).
      return c.Unimplemented(absl::StrCat("fused activation ", tflite::EnumNameActivationFunctionType(act),
                                          " on this operator (TFLite ignores or rejects it)"));
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

absl::Status CheckBinaryInputs(KernelContext& c) {
  if (absl::Status s = c.CheckArity(2, 1); !s.ok()) return s;
  const RtTensor& a = c.input(0);
  const RtTensor& b = c.input(1);
  if (a.type() != b.type()) {
    return c.Error(absl::StrCat("input types differ: ", TfliteTypeName(a.type()), " and ", TfliteTypeName(b.type())));
  }
  return absl::OkStatus();
}

absl::Status PrepareBinary(KernelContext& c, Broadcast* bc) {
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckBinaryInputs(c));
  return bc->Init(c, c.input(0).shape(), c.input(1).shape());
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
