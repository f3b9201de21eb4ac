// BITWISE_XOR and RIGHT_SHIFT on plain (not quantized) INT8, UINT8, INT16, UINT16, INT32 and
// UINT32 operands of one type, as TFLite's kernels:
// - operands of equal shapes run at any rank; different shapes broadcast (NumPy rules) up to rank
//   4, the limit of TFLite's BroadcastBinaryFunction4DSlow;
// - RIGHT_SHIFT clamps the shift amount to [0, bits - 1] and shifts signed values arithmetically
//   (copies of the sign bit come in), unsigned values logically.
#include <climits>
#include <cstdint>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/elementwise/elementwise_ops.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace elementwise {
namespace {

using TT = tflite::TensorType;

enum class Bits { kXor, kRightShift };

template <typename T>
T ShiftRight(T x, T y) {
  constexpr int kMax = static_cast<int>(sizeof(T) * CHAR_BIT) - 1;
  const int s = y < 0 ? 0 : (static_cast<int64_t>(y) > kMax ? kMax : static_cast<int>(y));
  if constexpr (std::is_signed_v<T>) {
    // Arithmetic shift written out: floor(x / 2^s), also for negative x.
    return static_cast<T>(x >= 0 ? x >> s : ~(~x >> s));
  } else {
    return static_cast<T>(x >> s);
  }
}

template <typename T>
void Apply(Bits op, const Broadcast& bc, const RtTensor& a, const RtTensor& b, RtTensor& y) {
  const T* pa = a.data<T>();
  const T* pb = b.data<T>();
  T* out = y.mutable_data<T>();
  for (int64_t i = 0; i < bc.size(); ++i) {
    const T x = pa[bc.a(i)], s = pb[bc.b(i)];
    out[i] = op == Bits::kXor ? static_cast<T>(x ^ s) : ShiftRight<T>(x, s);
  }
}

absl::Status Bitwise(KernelContext& c, Bits op) {
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckBinaryInputs(c));
  const RtTensor& a = c.input(0);
  const RtTensor& b = c.input(1);
  RtTensor& y = c.output(0);
  switch (a.type()) {
    case TT::INT8: case TT::UINT8: case TT::INT16: case TT::UINT16: case TT::INT32: case TT::UINT32: break;
    default: return c.UnsupportedType(a);
  }
  if (y.type() != a.type()) return c.Error("the output type must be the inputs' type");
  if (a.is_quantized() || b.is_quantized() || y.is_quantized()) {
    return c.Unimplemented("bitwise operations on quantized tensors");
  }
  Broadcast bc;
  TFCONV_KERNEL_RETURN_IF_ERROR(bc.Init(c, a.shape(), b.shape()));
  if (a.shape() != b.shape() && bc.shape().size() > 4) {
    return c.Unimplemented(absl::StrCat("broadcasting at rank ", bc.shape().size(), " (TFLite broadcasts up to rank 4)"));
  }
  y.Reset(a.type(), bc.shape());
  switch (a.type()) {
    case TT::INT8: Apply<int8_t>(op, bc, a, b, y); break;
    case TT::UINT8: Apply<uint8_t>(op, bc, a, b, y); break;
    case TT::INT16: Apply<int16_t>(op, bc, a, b, y); break;
    case TT::UINT16: Apply<uint16_t>(op, bc, a, b, y); break;
    case TT::INT32: Apply<int32_t>(op, bc, a, b, y); break;
    default: Apply<uint32_t>(op, bc, a, b, y); break;
  }
  return absl::OkStatus();
}

absl::Status BitwiseXor(KernelContext& c) { return Bitwise(c, Bits::kXor); }
absl::Status RightShift(KernelContext& c) { return Bitwise(c, Bits::kRightShift); }

}  // namespace

void RegisterBitwise(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::BITWISE_XOR, BitwiseXor);
  registry.AddBuiltin(tflite::BuiltinOperator::RIGHT_SHIFT, RightShift);
}

}  // namespace elementwise
}  // namespace tfconv
