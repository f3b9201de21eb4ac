// TRANSPOSE: output dimension i is input dimension perm[i].
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

absl::Status Transpose(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, x, y));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckIndexType(c, c.input(1), "perm"));
  const std::vector<int64_t> perm = ReadInts(c.input(1));
  if (static_cast<int>(perm.size()) != x.rank()) {
    return c.Error(absl::StrCat("perm has ", perm.size(), " values for an input of rank ", x.rank()));
  }
  std::vector<bool> used(x.rank(), false);
  std::vector<int32_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= x.rank() || used[p]) {
      return c.Error(absl::StrCat("perm ", absl::StrJoin(perm, ","), " is not a permutation of 0..", x.rank() - 1));
    }
    used[p] = true;
    shape.push_back(x.dim(static_cast<int>(p)));
  }
  y.Reset(x.type(), shape);
  if (y.num_elements() == 0) return absl::OkStatus();
  const std::vector<int64_t> in_strides = Strides(x.shape());
  const int size = TfliteTypeSize(x.type());
  std::vector<int32_t> index(shape.size(), 0);
  int64_t to = 0;
  do {
    int64_t from = 0;
    for (size_t d = 0; d < shape.size(); ++d) from += index[d] * in_strides[perm[d]];
    CopyElements(y.mutable_raw(), to++, x.raw(), from, 1, size);
  } while (NextIndex(shape, index));
  return absl::OkStatus();
}

}  // namespace

void RegisterTransposeKernel(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::TRANSPOSE, Transpose);
}

}  // namespace tfconv
