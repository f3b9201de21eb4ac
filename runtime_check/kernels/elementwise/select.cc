// SELECT and SELECT_V2: out = condition ? x : y, for any fixed-size element type (bytes are copied,
// so quantized values pass through unchanged).
//   SELECT (v1): the three shapes are equal, or the condition is a scalar (picks a whole input), or
//     the condition is a vector over the first dimension (picks whole rows).
//   SELECT_V2: NumPy broadcasting of all three.
#include <cstdint>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/elementwise/elementwise_ops.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace elementwise {
namespace {

using tflite::TensorType;

absl::Status CheckOperands(const KernelContext& c, const RtTensor& cond, const RtTensor& x, const RtTensor& y) {
  if (cond.type() != TensorType::BOOL) return c.UnsupportedType(cond);
  if (x.type() != y.type()) {
    return c.Error(absl::StrCat("value types differ: ", TfliteTypeName(x.type()), " and ", TfliteTypeName(y.type())));
  }
  if (TfliteTypeSize(x.type()) == 0) return c.UnsupportedType(x);
  return absl::OkStatus();
}

absl::Status SelectV1(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(3, 1));
  const RtTensor& cond = c.input(0);
  const RtTensor& x = c.input(1);
  const RtTensor& z = c.input(2);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckOperands(c, cond, x, z));
  if (x.shape() != z.shape()) {
    return c.Error(
        absl::StrCat("SELECT needs equal value shapes, got ", ShapeString(x.shape()), " and ", ShapeString(z.shape())));
  }
  const size_t elem = TfliteTypeSize(x.type());
  RtTensor& out = c.output(0);
  out.Reset(x.type(), x.shape());
  uint8_t* po = out.mutable_raw();
  const int64_t n = x.num_elements();
  if (cond.shape() == x.shape()) {
    for (int64_t i = 0; i < n; ++i) {
      std::memcpy(po + i * elem, (cond.raw()[i] != 0 ? x.raw() : z.raw()) + i * elem, elem);
    }
  } else if (cond.rank() == 0) {
    if (n > 0) std::memcpy(po, cond.raw()[0] != 0 ? x.raw() : z.raw(), n * elem);
  } else if (cond.rank() == 1 && x.rank() >= 1 && cond.dim(0) == x.dim(0)) {
    const int64_t rows = x.dim(0);
    const int64_t row_bytes = rows == 0 ? 0 : n / rows * elem;
    for (int64_t r = 0; r < rows; ++r) {
      std::memcpy(po + r * row_bytes, (cond.raw()[r] != 0 ? x.raw() : z.raw()) + r * row_bytes, row_bytes);
    }
  } else {
    return c.Error(absl::StrCat("SELECT condition ", ShapeString(cond.shape()), " must match the values ",
                                ShapeString(x.shape()), ", be a scalar, or a vector over their first dimension"));
  }
  return absl::OkStatus();
}

absl::Status SelectV2(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(3, 1));
  const RtTensor& cond = c.input(0);
  const RtTensor& x = c.input(1);
  const RtTensor& z = c.input(2);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckOperands(c, cond, x, z));
  Broadcast bc;
  TFCONV_KERNEL_RETURN_IF_ERROR(bc.Init(c, cond.shape(), x.shape(), z.shape()));
  const size_t elem = TfliteTypeSize(x.type());
  RtTensor& out = c.output(0);
  out.Reset(x.type(), bc.shape());
  uint8_t* po = out.mutable_raw();
  for (int64_t i = 0; i < bc.size(); ++i) {
    const uint8_t* src = cond.raw()[bc.a(i)] != 0 ? x.raw() + bc.b(i) * elem : z.raw() + bc.d(i) * elem;
    std::memcpy(po + i * elem, src, elem);
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterSelect(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::SELECT, SelectV1);
  registry.AddBuiltin(tflite::BuiltinOperator::SELECT_V2, SelectV2);
}

}  // namespace elementwise
}  // namespace tfconv
