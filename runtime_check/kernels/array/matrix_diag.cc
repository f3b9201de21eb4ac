// MATRIX_DIAG and MATRIX_SET_DIAG on the main diagonal of the innermost two dimensions.
// - MATRIX_DIAG(d [..., n]) -> [..., n, n]: d on the diagonal, zero (the raw 0, so a quantized
//   tensor needs zero point 0) elsewhere.
// - MATRIX_SET_DIAG(x [..., m, n], d [..., min(m, n)]) -> x with its diagonal replaced by d.
// Element types as TFLite: FLOAT32, INT8, UINT8, INT16, INT32, INT64 (TFLite treats any other
// type as float; refused here).
#include <algorithm>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

using TT = tflite::TensorType;

absl::Status CheckDiagType(const KernelContext& c, const RtTensor& t) {
  switch (t.type()) {
    case TT::FLOAT32: case TT::INT8: case TT::UINT8: case TT::INT16: case TT::INT32: case TT::INT64:
      return absl::OkStatus();
    default: return c.UnsupportedType(t);
  }
}

absl::Status MatrixDiag(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& d = c.input(0);
  RtTensor& y = c.output(0);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDiagType(c, d));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, d, y));
  if (y.is_quantized() && y.zero_point() != 0) {
    return c.Unimplemented("quantized MATRIX_DIAG with a non-zero zero point (TFLite fills the raw value 0)");
  }
  if (d.rank() < 1) return c.Error("the diagonal must have at least one dimension");
  std::vector<int64_t> dims(d.shape().begin(), d.shape().end());
  dims.push_back(d.dim(-1));
  std::vector<int32_t> shape;
  TFCONV_KERNEL_RETURN_IF_ERROR(ToShape(c, dims, "MATRIX_DIAG output", &shape));
  y.Reset(d.type(), shape);
  const int size = TfliteTypeSize(d.type());
  if (y.num_elements() == 0) return absl::OkStatus();
  std::memset(y.mutable_raw(), 0, y.num_elements() * size);
  const int64_t n = d.dim(-1);
  const int64_t batches = d.num_elements() / n;
  for (int64_t b = 0; b < batches; ++b) {
    for (int64_t i = 0; i < n; ++i) CopyElements(y.mutable_raw(), b * n * n + i * n + i, d.raw(), b * n + i, 1, size);
  }
  return absl::OkStatus();
}

absl::Status MatrixSetDiag(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& x = c.input(0);
  const RtTensor& d = c.input(1);
  RtTensor& y = c.output(0);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDiagType(c, x));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, x, y));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, d, y));
  if (x.rank() < 2) return c.Error("the input must have at least two dimensions");
  const int32_t m = x.dim(-2), n = x.dim(-1);
  std::vector<int32_t> want(x.shape().begin(), x.shape().end() - 2);
  want.push_back(std::min(m, n));
  if (d.shape() != want) {
    return c.Error(absl::StrCat("the diagonal has shape ", ShapeString(d.shape()), ", ", ShapeString(want),
                                " expected for an input of shape ", ShapeString(x.shape())));
  }
  y.Reset(x.type(), x.shape());
  const int size = TfliteTypeSize(x.type());
  CopyElements(y.mutable_raw(), 0, x.raw(), 0, x.num_elements(), size);
  const int64_t k = std::min(m, n);
  const int64_t batches = k == 0 ? 0 : d.num_elements() / k;
  for (int64_t b = 0; b < batches; ++b) {
    for (int64_t i = 0; i < k; ++i) {
      CopyElements(y.mutable_raw(), b * m * n + i * n + i, d.raw(), b * k + i, 1, size);
    }
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterMatrixDiagKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::MATRIX_DIAG, MatrixDiag);
  registry.AddBuiltin(tflite::BuiltinOperator::MATRIX_SET_DIAG, MatrixSetDiag);
}

}  // namespace tfconv
