// DIV, FLOOR_DIV and FLOOR_MOD with NumPy broadcasting.
//   DIV: float32 (with the fused activation) and int32 (truncating, with the activation's clamp).
//   FLOOR_DIV: float32 as floor(double(a) / double(b)), as the reference kernel computes it;
//     int8/int16/int32/int64 as exact floor division (the reference's double arithmetic gives the
//     same integers for 32-bit operands).
//   FLOOR_MOD: the remainder with the divisor's sign; fmod in float for float32.
// An integer division by zero is an error, as in TFLite; INT_MIN / -1 wraps.
#include <cmath>
#include <cstdint>
#include <limits>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/elementwise/elementwise_ops.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace elementwise {
namespace {

using tflite::TensorType;

enum class DivKind { kDiv, kFloorDiv, kFloorMod };

template <typename T>
T TruncDiv(T a, T b) {
  if (b == -1) return WrapSub(T{0}, a);  // INT_MIN / -1 wraps instead of trapping
  return a / b;
}

template <typename T>
T FloorDivInt(T a, T b) {
  if (b == -1) return WrapSub(T{0}, a);
  const T q = TruncDiv(a, b);
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

template <typename T>
T FloorModInt(T a, T b) {
  if (b == -1) return 0;
  const T r = a % b;
  return (r != 0 && ((b < 0) != (r < 0))) ? r + b : r;
}

float FloorModFloat(float a, float b) {
  const float r = std::fmod(a, b);
  return (r != 0 && ((b < 0) != (r < 0))) ? r + b : r;
}

template <typename T>
absl::Status Run(KernelContext& c, DivKind kind, const Broadcast& bc, const RtTensor& a, const RtTensor& b,
                 RtTensor& y) {
  const T* pa = a.data<T>();
  const T* pb = b.data<T>();
  T* out = y.mutable_data<T>();
  if constexpr (std::is_integral_v<T>) {
    for (int64_t i = 0; i < b.num_elements(); ++i) {
      if (pb[i] == 0) return c.Error(absl::StrCat("integer division by zero (element ", i, " of the divisor)"));
    }
  }
  // Only DIV has a fused activation; its NONE range still clamps infinities to the largest
  // finite values, as TFLite's min/max clamp does.
  T lo, hi;
  if constexpr (std::is_floating_point_v<T>) {
    lo = -std::numeric_limits<T>::infinity();
    hi = std::numeric_limits<T>::infinity();
  } else {
    lo = std::numeric_limits<T>::lowest();
    hi = std::numeric_limits<T>::max();
  }
  if (kind == DivKind::kDiv) {
    const auto act = ActivationOf(c.op().builtin_options.AsDivOptions());
    if constexpr (std::is_floating_point_v<T>) {
      TFCONV_KERNEL_RETURN_IF_ERROR(FloatActivationRange(c, act, &lo, &hi));
    } else {
      TFCONV_KERNEL_RETURN_IF_ERROR(IntActivationRange(c, act, &lo, &hi));
    }
  }
  for (int64_t i = 0; i < bc.size(); ++i) {
    const T x = pa[bc.a(i)];
    const T d = pb[bc.b(i)];
    T v{};
    if constexpr (std::is_floating_point_v<T>) {
      switch (kind) {
        case DivKind::kDiv: v = x / d; break;
        case DivKind::kFloorDiv: v = static_cast<T>(std::floor(static_cast<double>(x) / static_cast<double>(d))); break;
        default: v = FloorModFloat(x, d); break;
      }
    } else {
      switch (kind) {
        case DivKind::kDiv: v = TruncDiv(x, d); break;
        case DivKind::kFloorDiv: v = FloorDivInt(x, d); break;
        default: v = FloorModInt(x, d); break;
      }
    }
    out[i] = ClampTo(v, lo, hi);
  }
  return absl::OkStatus();
}

absl::Status Divide(KernelContext& c, DivKind kind) {
  Broadcast bc;
  TFCONV_KERNEL_RETURN_IF_ERROR(PrepareBinary(c, &bc));
  const RtTensor& a = c.input(0);
  const RtTensor& b = c.input(1);
  RtTensor& y = c.output(0);
  y.Reset(a.type(), bc.shape());
  if (kind == DivKind::kDiv) {
    if (a.type() == TensorType::FLOAT32) return Run<float>(c, kind, bc, a, b, y);
    if (a.type() == TensorType::INT32) return Run<int32_t>(c, kind, bc, a, b, y);
    if (a.type() == TensorType::UINT8) return c.Unimplemented("quantized uint8 DIV");
    return c.UnsupportedType(a);
  }
  switch (a.type()) {
    case TensorType::FLOAT32: return Run<float>(c, kind, bc, a, b, y);
    case TensorType::INT8: return Run<int8_t>(c, kind, bc, a, b, y);
    case TensorType::INT16: return Run<int16_t>(c, kind, bc, a, b, y);
    case TensorType::INT32: return Run<int32_t>(c, kind, bc, a, b, y);
    case TensorType::INT64: return Run<int64_t>(c, kind, bc, a, b, y);
    default: return c.UnsupportedType(a);
  }
}

absl::Status Div(KernelContext& c) { return Divide(c, DivKind::kDiv); }
absl::Status FloorDiv(KernelContext& c) { return Divide(c, DivKind::kFloorDiv); }
absl::Status FloorMod(KernelContext& c) { return Divide(c, DivKind::kFloorMod); }

}  // namespace

void RegisterDivision(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::DIV, Div);
  registry.AddBuiltin(tflite::BuiltinOperator::FLOOR_DIV, FloorDiv);
  registry.AddBuiltin(tflite::BuiltinOperator::FLOOR_MOD, FloorMod);
}

}  // namespace elementwise
}  // namespace tfconv
