// ZEROS_LIKE (zero bytes of the input's type and shape) and FILL (a scalar value repeated over
// the shape given by an int32/int64 vector), for any fixed-size element type.
#include <cstdint>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/elementwise/elementwise_ops.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace elementwise {
namespace {

using tflite::TensorType;

absl::Status ZerosLike(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  if (TfliteTypeSize(x.type()) == 0) return c.UnsupportedType(x);
  RtTensor& y = c.output(0);
  y.Reset(x.type(), x.shape());
  if (y.byte_size() > 0) std::memset(y.mutable_raw(), 0, y.byte_size());
  return absl::OkStatus();
}

absl::Status Fill(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& dims = c.input(0);
  const RtTensor& value = c.input(1);
  if (dims.type() != TensorType::INT32 && dims.type() != TensorType::INT64) return c.UnsupportedType(dims);
  if (dims.rank() != 1) return c.Error(absl::StrCat("FILL dims must be a vector, got ", ShapeString(dims.shape())));
  if (value.num_elements() != 1) {
    return c.Error(absl::StrCat("FILL value must hold one element, got ", ShapeString(value.shape())));
  }
  const size_t elem = TfliteTypeSize(value.type());
  if (elem == 0) return c.UnsupportedType(value);
  std::vector<int32_t> shape;
  int64_t total = 1;
  for (int64_t d : ReadInts(dims)) {
    if (d < 0 || d > std::numeric_limits<int32_t>::max()) {
      return c.Error(absl::StrCat("FILL dimension ", d, " is out of range"));
    }
    if (d != 0 && total > (int64_t{1} << 34) / d) return c.Error("FILL output is too large");
    total *= d;
    shape.push_back(static_cast<int32_t>(d));
  }
  RtTensor& y = c.output(0);
  y.Reset(value.type(), shape);
  uint8_t* out = y.mutable_raw();
  for (int64_t i = 0; i < y.num_elements(); ++i) std::memcpy(out + i * elem, value.raw(), elem);
  return absl::OkStatus();
}

}  // namespace

void RegisterFill(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::ZEROS_LIKE, ZerosLike);
  registry.AddBuiltin(tflite::BuiltinOperator::FILL, Fill);
}

}  // namespace elementwise
}  // namespace tfconv
