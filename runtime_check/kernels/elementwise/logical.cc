// LOGICAL_AND and LOGICAL_OR (BOOL operands, NumPy broadcasting) and LOGICAL_NOT.
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/elementwise/elementwise_ops.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace elementwise {
namespace {

using tflite::TensorType;

absl::Status Binary(KernelContext& c, bool is_and) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& a = c.input(0);
  const RtTensor& b = c.input(1);
  if (a.type() != TensorType::BOOL) return c.UnsupportedType(a);
  if (b.type() != TensorType::BOOL) return c.UnsupportedType(b);
  Broadcast bc;
  TFCONV_KERNEL_RETURN_IF_ERROR(bc.Init(c, a.shape(), b.shape()));
  RtTensor& y = c.output(0);
  y.Reset(TensorType::BOOL, bc.shape());
  uint8_t* out = y.mutable_data<uint8_t>();
  for (int64_t i = 0; i < bc.size(); ++i) {
    const bool x = a.raw()[bc.a(i)] != 0;
    const bool z = b.raw()[bc.b(i)] != 0;
    out[i] = (is_and ? (x && z) : (x || z)) ? 1 : 0;
  }
  return absl::OkStatus();
}

absl::Status LogicalAnd(KernelContext& c) { return Binary(c, true); }
absl::Status LogicalOr(KernelContext& c) { return Binary(c, false); }

absl::Status LogicalNot(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  if (x.type() != TensorType::BOOL) return c.UnsupportedType(x);
  RtTensor& y = c.output(0);
  y.Reset(TensorType::BOOL, x.shape());
  for (int64_t i = 0; i < x.num_elements(); ++i) y.mutable_data<uint8_t>()[i] = x.raw()[i] != 0 ? 0 : 1;
  return absl::OkStatus();
}

}  // namespace

void RegisterLogical(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::LOGICAL_AND, LogicalAnd);
  registry.AddBuiltin(tflite::BuiltinOperator::LOGICAL_OR, LogicalOr);
  registry.AddBuiltin(tflite::BuiltinOperator::LOGICAL_NOT, LogicalNot);
}

}  // namespace elementwise
}  // namespace tfconv
