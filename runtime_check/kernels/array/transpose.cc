// TRANSPOSE: output dimension i is input dimension perm[i].
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

absl::Status Transpose(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckMovementWithIndices(c, "perm"));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  std::vector<int64_t> perm = ReadInts(c.input(1));
  if (static_cast<int>(perm.size()) != x.rank()) {
    return c.Error(absl::StrCat("perm has ", perm.size(), " values for an input of rank ", x.rank()));
  }
  std::vector<bool> used(x.rank(), false);
  std::vector<int32_t> shape;
  for (int64_t& p : perm) {
    // As in TFLite, a negative entry counts from the end.
    const int64_t axis = p < 0 ? p + x.rank() : p;
    if (axis < 0 || axis >= x.rank() || used[axis]) {
      return c.Error(absl::StrCat("perm ", absl::StrJoin(ReadInts(c.input(1)), ","), " is not a permutation of 0..",
                                  x.rank() - 1));
    }
    p = axis;
    used[p] = true;
    shape.push_back(x.dim(static_cast<int>(p)));
  }
  y.Reset(x.type(), shape);
  const std::vector<int64_t> in_strides = Strides(x.shape());
  GatherElements(x, y, [&](const std::vector<int32_t>& index) {
    int64_t from = 0;
    for (size_t d = 0; d < shape.size(); ++d) from += index[d] * in_strides[perm[d]];
    return from;
  });
  return absl::OkStatus();
}

}  // namespace

void RegisterTransposeKernel(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::TRANSPOSE, Transpose);
}

}  // namespace tfconv
