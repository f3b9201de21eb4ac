// SPLIT (inputs: axis, then the tensor; equal parts) and SPLIT_V (inputs: tensor, sizes, axis;
// one size may be -1 for the remainder).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

// Writes consecutive parts of `sizes[i]` elements along `axis` to output i.
absl::Status SplitInto(KernelContext& c, const RtTensor& x, int axis, const std::vector<int64_t>& sizes) {
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= x.dim(d);
  for (int d = axis + 1; d < x.rank(); ++d) inner *= x.dim(d);
  const int size = TfliteTypeSize(x.type());
  int64_t offset = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    RtTensor& y = c.output(static_cast<int>(i));
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, x, y));
    std::vector<int32_t> shape = x.shape();
    shape[axis] = static_cast<int32_t>(sizes[i]);
    y.Reset(x.type(), shape);
    const int64_t chunk = sizes[i] * inner;
    for (int64_t o = 0; o < outer; ++o) {
      CopyElements(y.mutable_raw(), o * chunk, x.raw(), (o * x.dim(axis) + offset) * inner, chunk, size);
    }
    offset += sizes[i];
  }
  return absl::OkStatus();
}

absl::Status Split(KernelContext& c) {
  if (c.num_inputs() < 2 || !c.has_input(0) || !c.has_input(1)) return c.Error("SPLIT needs inputs (axis, value)");
  const RtTensor& x = c.input(1);
  int64_t axis_value;
  TFCONV_KERNEL_RETURN_IF_ERROR(ReadScalarInt(c, c.input(0), "axis", &axis_value));
  int axis;
  TFCONV_KERNEL_RETURN_IF_ERROR(NormalizeAxis(c, axis_value, x.rank(), "axis", &axis));
  const auto* opts = c.op().builtin_options.AsSplitOptions();
  const int n = opts != nullptr && opts->num_splits != 0 ? opts->num_splits : c.num_outputs();
  if (n != c.num_outputs() || n <= 0 || x.dim(axis) % n != 0) {
    return c.Error(absl::StrCat("cannot split dimension ", axis, " of size ", x.dim(axis), " into ", n,
                                " equal parts for ", c.num_outputs(), " outputs"));
  }
  return SplitInto(c, x, axis, std::vector<int64_t>(n, x.dim(axis) / n));
}

absl::Status SplitV(KernelContext& c) {
  if (c.num_inputs() < 3 || !c.has_input(0) || !c.has_input(1) || !c.has_input(2)) {
    return c.Error("SPLIT_V needs inputs (value, size_splits, axis)");
  }
  const RtTensor& x = c.input(0);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckIndexType(c, c.input(1), "size_splits"));
  std::vector<int64_t> sizes = ReadInts(c.input(1));
  int64_t axis_value;
  TFCONV_KERNEL_RETURN_IF_ERROR(ReadScalarInt(c, c.input(2), "axis", &axis_value));
  int axis;
  TFCONV_KERNEL_RETURN_IF_ERROR(NormalizeAxis(c, axis_value, x.rank(), "axis", &axis));
  if (static_cast<int>(sizes.size()) != c.num_outputs()) {
    return c.Error(absl::StrCat(sizes.size(), " split sizes for ", c.num_outputs(), " outputs"));
  }
  int unknown = -1;
  int64_t total = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1 && unknown < 0) {
      unknown = static_cast<int>(i);
    } else if (sizes[i] < 0 || sizes[i] > x.dim(axis)) {
      return c.Error(absl::StrCat("invalid split size ", sizes[i]));
    } else {
      total += sizes[i];
    }
  }
  if (unknown >= 0) sizes[unknown] = x.dim(axis) - total;
  if ((unknown >= 0 && sizes[unknown] < 0) || (unknown < 0 && total != x.dim(axis))) {
    return c.Error(absl::StrCat("split sizes ", absl::StrJoin(ReadInts(c.input(1)), ","), " do not add up to ",
                                x.dim(axis)));
  }
  return SplitInto(c, x, axis, sizes);
}

}  // namespace

void RegisterSplitKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::SPLIT, Split);
  registry.AddBuiltin(tflite::BuiltinOperator::SPLIT_V, SplitV);
}

}  // namespace tfconv
