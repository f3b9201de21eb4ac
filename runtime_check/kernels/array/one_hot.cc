// ONE_HOT: indices (INT32/INT64), depth, on_value, off_value; the new axis goes at `axis`
// (-1: last). Indices outside [0, depth) select off_value everywhere, as in TensorFlow.
#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

absl::Status OneHot(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(4, 1));
  const RtTensor& indices = c.input(0);
  const RtTensor& on = c.input(2);
  const RtTensor& off = c.input(3);
  RtTensor& y = c.output(0);
  if (indices.type() != tflite::TensorType::INT32 && indices.type() != tflite::TensorType::INT64) {
    return c.UnsupportedType(indices);
  }
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckFixedSize(c, on));
  if (off.type() != on.type() || y.type() != on.type() || on.num_elements() != 1 || off.num_elements() != 1) {
    return c.Error("on_value and off_value must be scalars of the output type");
  }
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckSameQuantization(c, on, y));
  int64_t depth;
  TFCONV_KERNEL_RETURN_IF_ERROR(ReadScalarInt(c, c.input(1), "depth", &depth));
  if (depth < 0) return c.Error(absl::StrCat("depth ", depth, " is negative"));
  const int axis_option = OptionsOr(c.op().builtin_options.AsOneHotOptions()).axis;
  int axis = indices.rank();
  if (axis_option != -1) {
    TFCONV_KERNEL_RETURN_IF_ERROR(NormalizeAxis(c, axis_option, indices.rank() + 1, "axis", &axis));
  }
  std::vector<int64_t> dims(indices.shape().begin(), indices.shape().end());
  dims.insert(dims.begin() + axis, depth);
  std::vector<int32_t> shape;
  TFCONV_KERNEL_RETURN_IF_ERROR(ToShape(c, dims, "ONE_HOT output", &shape));
  y.Reset(on.type(), shape);
  int64_t prefix = 1, suffix = 1;
  for (int d = 0; d < axis; ++d) prefix *= indices.dim(d);
  for (int d = axis; d < indices.rank(); ++d) suffix *= indices.dim(d);
  const int size = TfliteTypeSize(on.type());
  int64_t to = 0;
  for (int64_t p = 0; p < prefix; ++p) {
    for (int64_t d = 0; d < depth; ++d) {
      for (int64_t s = 0; s < suffix; ++s) {
        const bool hit = ReadInt(indices, p * suffix + s) == d;
        std::memcpy(y.mutable_raw() + (to++) * size, (hit ? on : off).raw(), size);
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterOneHotKernel(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::ONE_HOT, OneHot);
}

}  // namespace tfconv
