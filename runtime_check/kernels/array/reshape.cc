// RESHAPE, SQUEEZE and EXPAND_DIMS: the bytes are copied unchanged, only the shape differs.
#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

absl::Status CopyWithShape(KernelContext& c, const std::vector<int32_t>& shape) {
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  if (NumElementsOf(shape) != x.num_elements()) {
    return c.Error(absl::StrCat("cannot reshape ", ShapeString(x.shape()), " (", x.num_elements(), " elements) to ",
                                ShapeString(shape)));
  }
  y.Reset(x.type(), shape);
  if (x.byte_size() > 0) std::memcpy(y.mutable_raw(), x.raw(), x.byte_size());
  return absl::OkStatus();
}

absl::Status CheckCopy(KernelContext& c) { return CheckDataMovement(c, c.input(0), c.output(0)); }

// The requested shape as TFLite reads it: a 1-D shape operand when there is one, else the
// new_shape option (where the legacy [0] means a scalar).
absl::Status RequestedShape(const KernelContext& c, std::vector<int64_t>* dims) {
  if (c.has_input(1) && c.input(1).rank() == 1 &&
      (c.input(1).type() == tflite::TensorType::INT32 || c.input(1).type() == tflite::TensorType::INT64)) {
    *dims = ReadInts(c.input(1));
    return absl::OkStatus();
  }
  const auto* opts = c.op().builtin_options.AsReshapeOptions();
  dims->clear();
  if (opts != nullptr) dims->assign(opts->new_shape.begin(), opts->new_shape.end());
  if (dims->size() == 1 && (*dims)[0] == 0) dims->clear();
  return absl::OkStatus();
}

absl::Status Reshape(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckCopy(c));
  std::vector<int64_t> dims;
  TFCONV_KERNEL_RETURN_IF_ERROR(RequestedShape(c, &dims));
  // One -1 takes whatever size makes the element counts agree.
  int stretch = -1;
  int64_t known = 1;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] == -1) {
      if (stretch >= 0) return c.Error("the new shape has more than one -1");
      stretch = static_cast<int>(i);
    } else if (dims[i] < 0 || dims[i] > kMaxElements) {
      return c.Error(absl::StrCat("the new shape has an invalid dimension ", dims[i]));
    } else {
      known *= dims[i];
      if (known > kMaxElements) return c.Error("the new shape is too large");
    }
  }
  const int64_t n = c.input(0).num_elements();
  if (stretch >= 0) {
    if (known == 0 || n % known != 0) {
      return c.Error(absl::StrCat("cannot infer the -1 dimension: ", n, " elements into parts of ", known));
    }
    dims[stretch] = n / known;
  }
  std::vector<int32_t> shape;
  TFCONV_KERNEL_RETURN_IF_ERROR(ToShape(c, dims, "RESHAPE output", &shape));
  return CopyWithShape(c, shape);
}

absl::Status Squeeze(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckCopy(c));
  const RtTensor& x = c.input(0);
  const auto* opts = c.op().builtin_options.AsSqueezeOptions();
  std::vector<bool> drop(x.rank(), false);
  if (opts == nullptr || opts->squeeze_dims.empty()) {
    for (int d = 0; d < x.rank(); ++d) drop[d] = x.dim(d) == 1;
  } else {
    for (int32_t axis : opts->squeeze_dims) {
      int d;
      TFCONV_KERNEL_RETURN_IF_ERROR(NormalizeAxis(c, axis, x.rank(), "squeeze dimension", &d));
      if (x.dim(d) != 1) {
        return c.Error(absl::StrCat("cannot squeeze dimension ", axis, " of size ", x.dim(d), " in ",
                                    ShapeString(x.shape())));
      }
      drop[d] = true;
    }
  }
  std::vector<int32_t> shape;
  for (int d = 0; d < x.rank(); ++d) {
    if (!drop[d]) shape.push_back(x.dim(d));
  }
  return CopyWithShape(c, shape);
}

absl::Status ExpandDims(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckCopy(c));
  const RtTensor& x = c.input(0);
  int64_t axis;
  TFCONV_KERNEL_RETURN_IF_ERROR(ReadScalarInt(c, c.input(1), "axis", &axis));
  int d;
  TFCONV_KERNEL_RETURN_IF_ERROR(NormalizeAxis(c, axis, x.rank() + 1, "axis", &d));
  std::vector<int32_t> shape = x.shape();
  shape.insert(shape.begin() + d, 1);
  return CopyWithShape(c, shape);
}

}  // namespace

void RegisterReshapeKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::RESHAPE, Reshape);
  registry.AddBuiltin(tflite::BuiltinOperator::SQUEEZE, Squeeze);
  registry.AddBuiltin(tflite::BuiltinOperator::EXPAND_DIMS, ExpandDims);
}

}  // namespace tfconv
