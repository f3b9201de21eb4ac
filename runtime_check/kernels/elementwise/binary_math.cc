// POW, SQUARED_DIFFERENCE, MAXIMUM and MINIMUM with NumPy broadcasting; ATAN2 and ADD_N on
// operands of one shape (TFLite's kernels do not broadcast them).
//   POW: float32 (std::pow) and int32 (exponent >= 0, wrapping products; a negative exponent is an
//     error, as in TFLite).
//   SQUARED_DIFFERENCE: float32 and int32 (wrapping).
//   MAXIMUM/MINIMUM: float32, uint8, int8, int16, int32, int64. Quantized operands are compared as
//     stored integers, as the reference kernel does (it assumes the inputs share the output's
//     quantization and does not rescale).
#include <cmath>
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/elementwise/elementwise_ops.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace elementwise {
namespace {

using tflite::TensorType;

enum class Op { kPow, kSquaredDifference, kMaximum, kMinimum };

int32_t IntegerPow(int32_t base, int32_t exponent) {
  int32_t result = 1;
  while (exponent > 0) {
    if (exponent & 1) result = WrapMul(result, base);
    base = WrapMul(base, base);
    exponent >>= 1;
  }
  return result;
}

template <typename T>
T Apply(Op op, T a, T b) {
  switch (op) {
    case Op::kMaximum: return a > b ? a : b;
    case Op::kMinimum: return a < b ? a : b;
    case Op::kSquaredDifference:
      if constexpr (std::is_floating_point_v<T>) {
        const T d = a - b;
        return d * d;
      } else {
        const T d = WrapSub(a, b);
        return WrapMul(d, d);
      }
    default:
      if constexpr (std::is_floating_point_v<T>) {
        return std::pow(a, b);
      } else {
        return static_cast<T>(IntegerPow(static_cast<int32_t>(a), static_cast<int32_t>(b)));
      }
  }
}

template <typename T>
absl::Status Run(KernelContext& c, Op op, const Broadcast& bc, const RtTensor& a, const RtTensor& b, RtTensor& y) {
  const T* pa = a.data<T>();
  const T* pb = b.data<T>();
  if constexpr (std::is_integral_v<T>) {
    if (op == Op::kPow) {
      for (int64_t i = 0; i < b.num_elements(); ++i) {
        if (pb[i] < 0) return c.Error(absl::StrCat("integer POW needs exponents >= 0, got ", pb[i]));
      }
    }
  }
  T* out = y.mutable_data<T>();
  for (int64_t i = 0; i < bc.size(); ++i) out[i] = Apply<T>(op, pa[bc.a(i)], pb[bc.b(i)]);
  return absl::OkStatus();
}

absl::Status Binary(KernelContext& c, Op op) {
  Broadcast bc;
  TFCONV_KERNEL_RETURN_IF_ERROR(PrepareBinary(c, &bc));
  const RtTensor& a = c.input(0);
  const RtTensor& b = c.input(1);
  RtTensor& y = c.output(0);
  y.Reset(a.type(), bc.shape());
  const TensorType t = a.type();
  if (op == Op::kPow || op == Op::kSquaredDifference) {
    if (t == TensorType::FLOAT32) return Run<float>(c, op, bc, a, b, y);
    if (t == TensorType::INT32) return Run<int32_t>(c, op, bc, a, b, y);
    if (op == Op::kSquaredDifference && t == TensorType::INT8) {
      return c.Unimplemented("quantized int8 SQUARED_DIFFERENCE");
    }
    return c.UnsupportedType(a);
  }
  switch (t) {
    case TensorType::FLOAT32: return Run<float>(c, op, bc, a, b, y);
    case TensorType::UINT8: return Run<uint8_t>(c, op, bc, a, b, y);
    case TensorType::INT8: return Run<int8_t>(c, op, bc, a, b, y);
    case TensorType::INT16: return Run<int16_t>(c, op, bc, a, b, y);
    case TensorType::INT32: return Run<int32_t>(c, op, bc, a, b, y);
    case TensorType::INT64: return Run<int64_t>(c, op, bc, a, b, y);
    default: return c.UnsupportedType(a);
  }
}

absl::Status Pow(KernelContext& c) { return Binary(c, Op::kPow); }
absl::Status SquaredDifference(KernelContext& c) { return Binary(c, Op::kSquaredDifference); }
absl::Status Maximum(KernelContext& c) { return Binary(c, Op::kMaximum); }
absl::Status Minimum(KernelContext& c) { return Binary(c, Op::kMinimum); }

// atan2(y = input 0, x = input 1), float32.
absl::Status Atan2(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& y_in = c.input(0);
  const RtTensor& x_in = c.input(1);
  if (y_in.type() != TensorType::FLOAT32) return c.UnsupportedType(y_in);
  if (x_in.type() != y_in.type()) return c.Error("ATAN2 needs two inputs of one type");
  if (x_in.shape() != y_in.shape()) return c.Error("ATAN2 needs two inputs of one shape (it does not broadcast)");
  RtTensor& out = c.output(0);
  out.Reset(TensorType::FLOAT32, y_in.shape());
  const float* y = y_in.data<float>();
  const float* x = x_in.data<float>();
  float* o = out.mutable_data<float>();
  for (int64_t i = 0; i < out.num_elements(); ++i) o[i] = std::atan2(y[i], x[i]);
  return absl::OkStatus();
}

template <typename T>
void SumInto(const std::vector<const RtTensor*>& in, RtTensor& out) {
  T* o = out.mutable_data<T>();
  for (int64_t i = 0; i < out.num_elements(); ++i) {
    T sum = in[0]->data<T>()[i];
    for (size_t k = 1; k < in.size(); ++k) {
      if constexpr (std::is_floating_point_v<T>) {
        sum += in[k]->data<T>()[i];
      } else {
        sum = WrapAdd(sum, in[k]->data<T>()[i]);
      }
    }
    o[i] = sum;
  }
}

// The sum of N inputs of one shape and type (float32, int32).
absl::Status AddN(KernelContext& c) {
  if (c.num_inputs() < 1 || c.num_outputs() != 1) return c.Error("ADD_N needs at least one input and one output");
  std::vector<const RtTensor*> in;
  for (int k = 0; k < c.num_inputs(); ++k) {
    if (!c.has_input(k)) return c.Error(absl::StrCat("ADD_N input ", k, " is omitted"));
    in.push_back(&c.input(k));
    if (in[k]->type() != in[0]->type() || in[k]->shape() != in[0]->shape()) {
      return c.Error(absl::StrCat("ADD_N input ", k, " differs in type or shape from input 0"));
    }
  }
  RtTensor& out = c.output(0);
  out.Reset(in[0]->type(), in[0]->shape());
  if (in[0]->type() == TensorType::FLOAT32) {
    SumInto<float>(in, out);
  } else if (in[0]->type() == TensorType::INT32) {
    SumInto<int32_t>(in, out);
  } else {
    return c.UnsupportedType(*in[0]);
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterBinaryMath(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::ATAN2, Atan2);
  registry.AddBuiltin(tflite::BuiltinOperator::ADD_N, AddN);
  registry.AddBuiltin(tflite::BuiltinOperator::POW, Pow);
  registry.AddBuiltin(tflite::BuiltinOperator::SQUARED_DIFFERENCE, SquaredDifference);
  registry.AddBuiltin(tflite::BuiltinOperator::MAXIMUM, Maximum);
  registry.AddBuiltin(tflite::BuiltinOperator::MINIMUM, Minimum);
}

}  // namespace elementwise
}  // namespace tfconv
