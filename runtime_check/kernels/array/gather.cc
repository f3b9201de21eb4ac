// GATHER (axis, batch_dims) and GATHER_ND. An index outside its dimension is an error naming it.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

absl::Status Gather(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckMovementWithIndices(c, "indices"));
  const RtTensor& params = c.input(0);
  const RtTensor& indices = c.input(1);
  RtTensor& y = c.output(0);
  const auto opts = OptionsOr(c.op().builtin_options.AsGatherOptions());
  int axis;
  TFCONV_KERNEL_RETURN_IF_ERROR(NormalizeAxis(c, opts.axis, params.rank(), "axis", &axis));
  int batch_dims = opts.batch_dims < 0 ? opts.batch_dims + indices.rank() : opts.batch_dims;
  if (batch_dims < 0 || batch_dims > indices.rank() || batch_dims > axis) {
    return c.Error(absl::StrCat("batch_dims ", opts.batch_dims, " must be in [0, ", std::min(indices.rank(), axis),
                                "] for indices of rank ", indices.rank(), " and axis ", axis));
  }
  for (int d = 0; d < batch_dims; ++d) {
    if (params.dim(d) != indices.dim(d)) {
      return c.Error(absl::StrCat("batch dimension ", d, " differs: params ", ShapeString(params.shape()),
                                  ", indices ", ShapeString(indices.shape())));
    }
  }
  std::vector<int32_t> shape(params.shape().begin(), params.shape().begin() + axis);
  shape.insert(shape.end(), indices.shape().begin() + batch_dims, indices.shape().end());
  shape.insert(shape.end(), params.shape().begin() + axis + 1, params.shape().end());
  y.Reset(params.type(), shape);

  int64_t batch = 1, outer = 1, inner = 1, coords = 1;
  for (int d = 0; d < batch_dims; ++d) batch *= params.dim(d);
  for (int d = batch_dims; d < axis; ++d) outer *= params.dim(d);
  for (int d = axis + 1; d < params.rank(); ++d) inner *= params.dim(d);
  for (int d = batch_dims; d < indices.rank(); ++d) coords *= indices.dim(d);
  const int64_t axis_size = params.dim(axis);
  const int size = TfliteTypeSize(params.type());
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t i = 0; i < coords; ++i) {
        const int64_t index = ReadInt(indices, b * coords + i);
        if (index < 0 || index >= axis_size) {
          return c.Error(absl::StrCat("gather index ", index, " is out of range [0, ", axis_size, ")"));
        }
        CopyElements(y.mutable_raw(), ((b * outer + o) * coords + i) * inner, params.raw(),
                     ((b * outer + o) * axis_size + index) * inner, inner, size);
      }
    }
  }
  return absl::OkStatus();
}

absl::Status GatherNd(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckMovementWithIndices(c, "indices"));
  const RtTensor& params = c.input(0);
  const RtTensor& indices = c.input(1);
  RtTensor& y = c.output(0);
  if (indices.rank() < 1) return c.Error("indices must have rank at least 1");
  const int nd = indices.dim(-1);
  if (nd > params.rank()) {
    return c.Error(absl::StrCat("index depth ", nd, " exceeds the params rank ", params.rank()));
  }
  std::vector<int32_t> shape(indices.shape().begin(), indices.shape().end() - 1);
  shape.insert(shape.end(), params.shape().begin() + nd, params.shape().end());
  y.Reset(params.type(), shape);
  const std::vector<int64_t> strides = Strides(params.shape());
  int64_t inner = 1;
  for (int d = nd; d < params.rank(); ++d) inner *= params.dim(d);
  const int64_t tuples = NumElementsOf(std::vector<int32_t>(indices.shape().begin(), indices.shape().end() - 1));
  const int size = TfliteTypeSize(params.type());
  for (int64_t i = 0; i < tuples; ++i) {
    int64_t from = 0;
    for (int d = 0; d < nd; ++d) {
      const int64_t index = ReadInt(indices, i * nd + d);
      if (index < 0 || index >= params.dim(d)) {
        return c.Error(absl::StrCat("gather_nd index ", index, " is out of range [0, ", params.dim(d),
                                    ") in dimension ", d));
      }
      from += index * strides[d];
    }
    CopyElements(y.mutable_raw(), i * inner, params.raw(), from, inner, size);
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterGatherKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::GATHER, Gather);
  registry.AddBuiltin(tflite::BuiltinOperator::GATHER_ND, GatherNd);
}

}  // namespace tfconv
