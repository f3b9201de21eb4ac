// REVERSE_V2: reverses the input along each axis listed in the second input.
#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

absl::Status ReverseV2(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, x, y));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckIndexType(c, c.input(1), "axis"));
  std::vector<bool> flip(x.rank(), false);
  for (int64_t a : ReadInts(c.input(1))) {
    int d;
    TFCONV_KERNEL_RETURN_IF_ERROR(NormalizeAxis(c, a, x.rank(), "axis", &d));
    if (flip[d]) return c.Error(absl::StrCat("axis ", a, " is listed twice"));
    flip[d] = true;
  }
  y.Reset(x.type(), x.shape());
  if (x.num_elements() == 0) return absl::OkStatus();
  const std::vector<int64_t> strides = Strides(x.shape());
  const int size = TfliteTypeSize(x.type());
  std::vector<int32_t> index(x.rank(), 0);
  int64_t to = 0;
  do {
    int64_t from = 0;
    for (int d = 0; d < x.rank(); ++d) from += (flip[d] ? x.dim(d) - 1 - index[d] : index[d]) * strides[d];
    CopyElements(y.mutable_raw(), to++, x.raw(), from, 1, size);
  } while (NextIndex(x.shape(), index));
  return absl::OkStatus();
}

}  // namespace

void RegisterReverseKernel(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::REVERSE_V2, ReverseV2);
}

}  // namespace tfconv
