// EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL with NumPy broadcasting; BOOL output.
//   float32, int16, int32, int64 (and bool for EQUAL/NOT_EQUAL): the stored values are compared.
//   uint8/int8 with quantization: as the reference kernel, each input minus its zero point is shifted
//   left by 8 bits and multiplied by its own scale (a Q31 multiplier), then the results compare.
//   Operands of different scales thus compare by real value, up to that rounding.
//   int8/uint8 without quantization compare as stored integers (TFLite would scale both by 0).
#include <cstdint>
#include <functional>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/kernels/elementwise/elementwise_ops.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace elementwise {
namespace {

using tflite::TensorType;

enum class Cmp { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

template <typename T>
bool Compare(Cmp op, T a, T b) {
  switch (op) {
    case Cmp::kEqual: return a == b;
    case Cmp::kNotEqual: return a != b;
    case Cmp::kLess: return a < b;
    case Cmp::kLessEqual: return a <= b;
    case Cmp::kGreater: return a > b;
    default: return a >= b;
  }
}

template <typename T>
void Plain(Cmp op, const Broadcast& bc, const RtTensor& a, const RtTensor& b, uint8_t* out) {
  const T* pa = a.data<T>();
  const T* pb = b.data<T>();
  for (int64_t i = 0; i < bc.size(); ++i) out[i] = Compare<T>(op, pa[bc.a(i)], pb[bc.b(i)]) ? 1 : 0;
}

struct Rescale {
  int32_t offset;
  int32_t multiplier;
  int shift;
  int32_t operator()(int32_t v) const {
    return MultiplyByQuantizedMultiplier((offset + v) * (1 << 8), multiplier, shift);
  }
};

absl::Status MakeRescale(const KernelContext& c, const RtTensor& t, Rescale* r) {
  float scale;
  int32_t zero_point;
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorQuant(c, t, &scale, &zero_point));
  r->offset = -zero_point;
  QuantizeMultiplier(static_cast<double>(scale), &r->multiplier, &r->shift);
  if (r->shift > 0) {
    return c.Unimplemented(absl::StrCat("quantized comparison with scale ", scale,
                                        " >= 1 (the reference kernel's rounding shift is undefined there)"));
  }
  return absl::OkStatus();
}

template <typename T>
absl::Status Scaled(KernelContext& c, Cmp op, const Broadcast& bc, const RtTensor& a, const RtTensor& b, uint8_t* out) {
  Rescale ra, rb;
  TFCONV_KERNEL_RETURN_IF_ERROR(MakeRescale(c, a, &ra));
  TFCONV_KERNEL_RETURN_IF_ERROR(MakeRescale(c, b, &rb));
  const T* pa = a.data<T>();
  const T* pb = b.data<T>();
  for (int64_t i = 0; i < bc.size(); ++i) {
    out[i] = Compare<int32_t>(op, ra(pa[bc.a(i)]), rb(pb[bc.b(i)])) ? 1 : 0;
  }
  return absl::OkStatus();
}

absl::Status Comparison(KernelContext& c, Cmp op) {
  Broadcast bc;
  TFCONV_KERNEL_RETURN_IF_ERROR(PrepareBinary(c, &bc));
  const RtTensor& a = c.input(0);
  const RtTensor& b = c.input(1);
  RtTensor& y = c.output(0);
  y.Reset(TensorType::BOOL, bc.shape());
  uint8_t* out = y.mutable_data<uint8_t>();
  switch (a.type()) {
    case TensorType::FLOAT32: Plain<float>(op, bc, a, b, out); return absl::OkStatus();
    case TensorType::INT16: Plain<int16_t>(op, bc, a, b, out); return absl::OkStatus();
    case TensorType::INT32: Plain<int32_t>(op, bc, a, b, out); return absl::OkStatus();
    case TensorType::INT64: Plain<int64_t>(op, bc, a, b, out); return absl::OkStatus();
    case TensorType::BOOL:
      if (op != Cmp::kEqual && op != Cmp::kNotEqual) return c.UnsupportedType(a);
      for (int64_t i = 0; i < bc.size(); ++i) {
        out[i] = Compare<bool>(op, a.raw()[bc.a(i)] != 0, b.raw()[bc.b(i)] != 0) ? 1 : 0;
      }
      return absl::OkStatus();
    case TensorType::UINT8:
    case TensorType::INT8:
      if (a.is_quantized() != b.is_quantized()) {
        return c.Unimplemented("comparison of a quantized and a plain 8-bit operand");
      }
      if (!a.is_quantized()) {
        if (a.type() == TensorType::UINT8) {
          Plain<uint8_t>(op, bc, a, b, out);
        } else {
          Plain<int8_t>(op, bc, a, b, out);
        }
        return absl::OkStatus();
      }
      if (a.type() == TensorType::UINT8) return Scaled<uint8_t>(c, op, bc, a, b, out);
      return Scaled<int8_t>(c, op, bc, a, b, out);
    default: return c.UnsupportedType(a);
  }
}

absl::Status Equal(KernelContext& c) { return Comparison(c, Cmp::kEqual); }
absl::Status NotEqual(KernelContext& c) { return Comparison(c, Cmp::kNotEqual); }
absl::Status Less(KernelContext& c) { return Comparison(c, Cmp::kLess); }
absl::Status LessEqual(KernelContext& c) { return Comparison(c, Cmp::kLessEqual); }
absl::Status Greater(KernelContext& c) { return Comparison(c, Cmp::kGreater); }
absl::Status GreaterEqual(KernelContext& c) { return Comparison(c, Cmp::kGreaterEqual); }

}  // namespace

void RegisterComparison(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::EQUAL, Equal);
  registry.AddBuiltin(tflite::BuiltinOperator::NOT_EQUAL, NotEqual);
  registry.AddBuiltin(tflite::BuiltinOperator::LESS, Less);
  registry.AddBuiltin(tflite::BuiltinOperator::LESS_EQUAL, LessEqual);
  registry.AddBuiltin(tflite::BuiltinOperator::GREATER, Greater);
  registry.AddBuiltin(tflite::BuiltinOperator::GREATER_EQUAL, GreaterEqual);
}

}  // namespace elementwise
}  // namespace tfconv
