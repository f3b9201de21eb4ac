// CAST between bool, uint8/16/32/64, int8/16/32/64, float16, float32 and float64, with the
// current TFLite rules: a float becomes an integer by truncation, saturating at the type's limits
// (NaN gives the maximum); integers narrow by wrapping; nonzero becomes true; a value becomes
// float16 through float32, rounded to nearest even. The output type is the model's output type.
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "runtime_check/kernels/elementwise/elementwise_ops.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/numeric/half.h"

namespace tfconv {
namespace elementwise {
namespace {

using tflite::TensorType;

// Stored as uint16_t, but converted as a float.
struct Half {
  uint16_t bits;
};

template <typename To, typename From>
To SaturatingFromFloating(From v) {
  if (std::isnan(v)) return std::numeric_limits<To>::max();
  const From lo = static_cast<From>(std::numeric_limits<To>::lowest());
  From hi = static_cast<From>(std::numeric_limits<To>::max());
  // The type's maximum may round up when it becomes a float (2^31 - 1 -> 2^31); step below it.
  if (static_cast<long double>(hi) > static_cast<long double>(std::numeric_limits<To>::max())) {
    hi = std::nextafter(hi, From{0});
  }
  if (v < lo) return std::numeric_limits<To>::lowest();
  if (v > hi) return std::numeric_limits<To>::max();
  return static_cast<To>(v);
}

template <typename To, typename From>
To Convert(From v) {
  if constexpr (std::is_same_v<From, Half>) {
    return Convert<To>(HalfToFloat(v.bits));
  } else if constexpr (std::is_same_v<To, Half>) {
    return Half{FloatToHalf(static_cast<float>(v))};
  } else if constexpr (std::is_same_v<To, bool>) {
    return v != 0;
  } else if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To>) {
    return SaturatingFromFloating<To>(v);
  } else {
    return static_cast<To>(v);
  }
}

template <typename To, typename From>
void CastAll(const RtTensor& x, RtTensor& y) {
  const int64_t n = x.num_elements();
  To* out = y.mutable_data<To>();
  if constexpr (std::is_same_v<From, bool>) {
    for (int64_t i = 0; i < n; ++i) out[i] = Convert<To>(x.raw()[i] != 0);
  } else {
    const From* in = x.data<From>();
    for (int64_t i = 0; i < n; ++i) out[i] = Convert<To>(in[i]);
  }
}

// Calls f(From{}) with the C++ type of `type`; false when the type is not castable.
template <typename F>
bool VisitType(TensorType type, F&& f) {
  switch (type) {
    case TensorType::BOOL: f(bool{}); return true;
    case TensorType::UINT8: f(uint8_t{}); return true;
    case TensorType::INT8: f(int8_t{}); return true;
    case TensorType::UINT16: f(uint16_t{}); return true;
    case TensorType::INT16: f(int16_t{}); return true;
    case TensorType::UINT32: f(uint32_t{}); return true;
    case TensorType::INT32: f(int32_t{}); return true;
    case TensorType::UINT64: f(uint64_t{}); return true;
    case TensorType::INT64: f(int64_t{}); return true;
    case TensorType::FLOAT16: f(Half{}); return true;
    case TensorType::FLOAT32: f(float{}); return true;
    case TensorType::FLOAT64: f(double{}); return true;
    default: return false;
  }
}

absl::Status Cast(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  const TensorType out_type = y.type();
  y.Reset(out_type, x.shape());
  bool from_ok = false;
  const bool to_ok = VisitType(out_type, [&](auto to) {
    using To = decltype(to);
    from_ok = VisitType(x.type(), [&](auto from) {
      using From = decltype(from);
      if constexpr (std::is_same_v<To, bool>) {
        uint8_t* out = y.mutable_data<uint8_t>();
        if constexpr (std::is_same_v<From, bool>) {
          for (int64_t i = 0; i < x.num_elements(); ++i) out[i] = x.raw()[i] != 0 ? 1 : 0;
        } else if constexpr (std::is_same_v<From, Half>) {
          for (int64_t i = 0; i < x.num_elements(); ++i) out[i] = HalfToFloat(x.data<uint16_t>()[i]) != 0.f;
        } else {
          for (int64_t i = 0; i < x.num_elements(); ++i) out[i] = x.data<From>()[i] != 0 ? 1 : 0;
        }
      } else {
        CastAll<To, From>(x, y);
      }
    });
  });
  if (!to_ok) return c.UnsupportedType(y);
  if (!from_ok) return c.UnsupportedType(x);
  return absl::OkStatus();
}

}  // namespace

void RegisterCast(KernelRegistry& registry) { registry.AddBuiltin(tflite::BuiltinOperator::CAST, Cast); }

}  // namespace elementwise
}  // namespace tfconv
