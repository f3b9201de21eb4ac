// PACK (stack N tensors along a new axis) and UNPACK (its inverse).
#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

absl::Status Pack(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const auto opts = OptionsOr(c.op().builtin_options.AsPackOptions());
  const int n = c.num_inputs();
  if (opts.values_count != 0 && opts.values_count != n) {
    return c.Error(absl::StrCat("values_count is ", opts.values_count, " but the op has ", n, " inputs"));
  }
  const RtTensor& first = c.input(0);
  RtTensor& y = c.output(0);
  int axis;
  TFCONV_KERNEL_RETURN_IF_ERROR(NormalizeAxis(c, opts.axis, first.rank() + 1, "axis", &axis));
  for (int i = 0; i < n; ++i) {
    if (!c.has_input(i)) return c.Error(absl::StrCat("input ", i, " is omitted"));
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, c.input(i), y));
    if (c.input(i).shape() != first.shape()) {
      return c.Error(absl::StrCat("input ", i, " has shape ", ShapeString(c.input(i).shape()), ", input 0 has ",
                                  ShapeString(first.shape())));
    }
  }
  std::vector<int32_t> shape = first.shape();
  shape.insert(shape.begin() + axis, n);
  y.Reset(first.type(), shape);
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= first.dim(d);
  for (int d = axis; d < first.rank(); ++d) inner *= first.dim(d);
  const int size = TfliteTypeSize(first.type());
  for (int64_t o = 0; o < outer; ++o) {
    for (int i = 0; i < n; ++i) {
      CopyElements(y.mutable_raw(), (o * n + i) * inner, c.input(i).raw(), o * inner, inner, size);
    }
  }
  return absl::OkStatus();
}

absl::Status Unpack(KernelContext& c) {
  if (c.num_inputs() < 1 || !c.has_input(0)) return c.Error("UNPACK needs one input");
  const RtTensor& x = c.input(0);
  const auto opts = OptionsOr(c.op().builtin_options.AsUnpackOptions());
  int axis;
  TFCONV_KERNEL_RETURN_IF_ERROR(NormalizeAxis(c, opts.axis, x.rank(), "axis", &axis));
  const int n = x.dim(axis);
  if ((opts.num != 0 && opts.num != n) || c.num_outputs() != n) {
    return c.Error(absl::StrCat("dimension ", axis, " of ", ShapeString(x.shape()), " has size ", n, " but num is ",
                                opts.num, " and the op has ", c.num_outputs(), " outputs"));
  }
  std::vector<int32_t> shape = x.shape();
  shape.erase(shape.begin() + axis);
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= x.dim(d);
  for (int d = axis + 1; d < x.rank(); ++d) inner *= x.dim(d);
  const int size = TfliteTypeSize(x.type());
  for (int i = 0; i < n; ++i) {
    RtTensor& y = c.output(i);
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, x, y));
    y.Reset(x.type(), shape);
    for (int64_t o = 0; o < outer; ++o) {
      CopyElements(y.mutable_raw(), o * inner, x.raw(), (o * n + i) * inner, inner, size);
    }
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterPackKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::PACK, Pack);
  registry.AddBuiltin(tflite::BuiltinOperator::UNPACK, Unpack);
}

}  // namespace tfconv
