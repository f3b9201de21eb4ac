// TILE (repeat along each dimension) and BROADCAST_TO (NumPy broadcasting to a given shape).
#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

absl::Status Tile(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckMovementWithIndices(c, "multiples"));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  const std::vector<int64_t> multiples = ReadInts(c.input(1));
  if (static_cast<int>(multiples.size()) != x.rank()) {
    return c.Error(absl::StrCat(multiples.size(), " multiples for an input of rank ", x.rank()));
  }
  std::vector<int64_t> dims;
  for (int d = 0; d < x.rank(); ++d) {
    if (multiples[d] < 0) return c.Error(absl::StrCat("negative multiple ", multiples[d]));
    if (multiples[d] > kMaxElements) return c.Error("the tiled shape is too large");
    dims.push_back(x.dim(d) * multiples[d]);
  }
  std::vector<int32_t> shape;
  TFCONV_KERNEL_RETURN_IF_ERROR(ToShape(c, dims, "TILE output", &shape));
  y.Reset(x.type(), shape);
  const std::vector<int64_t> in_strides = Strides(x.shape());
  GatherElements(x, y, [&](const std::vector<int32_t>& index) {
    int64_t from = 0;
    for (int d = 0; d < x.rank(); ++d) from += (index[d] % x.dim(d)) * in_strides[d];
    return from;
  });
  return absl::OkStatus();
}

absl::Status BroadcastTo(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckMovementWithIndices(c, "shape"));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  if (c.input(1).rank() != 1) return c.Error("the shape operand must be 1-D");
  std::vector<int32_t> shape;
  TFCONV_KERNEL_RETURN_IF_ERROR(ToShape(c, ReadInts(c.input(1)), "BROADCAST_TO output", &shape));
  bool ok = x.rank() <= static_cast<int>(shape.size());
  for (int k = 0; ok && k < x.rank(); ++k) {
    const int32_t in = x.dim(x.rank() - 1 - k), out = shape[shape.size() - 1 - k];
    ok = in == out || in == 1;
  }
  if (!ok) {
    return c.Error(absl::StrCat("cannot broadcast ", ShapeString(x.shape()), " to ", ShapeString(shape)));
  }
  y.Reset(x.type(), shape);
  const std::vector<int64_t> map = BroadcastIndexMap(x.shape(), shape);
  const int size = TfliteTypeSize(x.type());
  for (size_t i = 0; i < map.size(); ++i) CopyElements(y.mutable_raw(), i, x.raw(), map[i], 1, size);
  return absl::OkStatus();
}

}  // namespace

void RegisterTileKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::TILE, Tile);
  registry.AddBuiltin(tflite::BuiltinOperator::BROADCAST_TO, BroadcastTo);
}

}  // namespace tfconv
