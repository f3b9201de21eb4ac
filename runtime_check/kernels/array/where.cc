// WHERE with one input: the coordinates (INT64, one row per element) of the true / non-zero
// elements in row-major order.
#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

bool IsNonZero(const RtTensor& x, int64_t i) {
  switch (x.type()) {
    case tflite::TensorType::FLOAT32: return x.data<float>()[i] != 0.f;
    case tflite::TensorType::FLOAT64: return x.data<double>()[i] != 0.0;
    default: return ReadInt(x, i) != 0;
  }
}

absl::Status Where(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  if (c.num_inputs() > 1) return c.Unimplemented("WHERE with x and y inputs (use SELECT_V2)");
  const RtTensor& x = c.input(0);
  if (x.type() != tflite::TensorType::FLOAT32 && x.type() != tflite::TensorType::FLOAT64 && !IsIntegerType(x.type())) {
    return c.UnsupportedType(x);
  }
  RtTensor& y = c.output(0);
  if (y.type() != tflite::TensorType::INT64) return c.UnsupportedType(y);
  std::vector<int64_t> coords;
  if (x.num_elements() > 0) {
    std::vector<int32_t> index(x.rank(), 0);
    int64_t i = 0;
    do {
      if (IsNonZero(x, i++)) coords.insert(coords.end(), index.begin(), index.end());
    } while (NextIndex(x.shape(), index));
  }
  const int32_t rows = x.rank() == 0 ? (x.num_elements() > 0 && IsNonZero(x, 0) ? 1 : 0)
                                     : static_cast<int32_t>(coords.size() / x.rank());
  y.Reset(tflite::TensorType::INT64, {rows, x.rank()});
  for (size_t k = 0; k < coords.size(); ++k) y.mutable_data<int64_t>()[k] = coords[k];
  return absl::OkStatus();
}

}  // namespace

void RegisterWhereKernel(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::WHERE, Where);
}

}  // namespace tfconv
