// REVERSE_V2: reverses the input along each axis listed in the second input.
#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

absl::Status ReverseV2(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckMovementWithIndices(c, "axis"));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  std::vector<bool> flip(x.rank(), false);
  for (int64_t a : ReadInts(c.input(1))) {
    int d;
    TFCONV_KERNEL_RETURN_IF_ERROR(NormalizeAxis(c, a, x.rank(), "axis", &d));
    if (flip[d]) return c.Error(absl::StrCat("axis ", a, " is listed twice"));
    flip[d] = true;
  }
  y.Reset(x.type(), x.shape());
  const std::vector<int64_t> strides = Strides(x.shape());
  GatherElements(x, y, [&](const std::vector<int32_t>& index) {
    int64_t from = 0;
    for (int d = 0; d < x.rank(); ++d) from += (flip[d] ? x.dim(d) - 1 - index[d] : index[d]) * strides[d];
    return from;
  });
  return absl::OkStatus();
}

}  // namespace

void RegisterReverseKernel(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::REVERSE_V2, ReverseV2);
}

}  // namespace tfconv
