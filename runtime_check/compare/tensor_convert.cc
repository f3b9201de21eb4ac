#include "runtime_check/compare/tensor_convert.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/io/tensor_io.h"

namespace tfconv {
namespace {

// Types whose bytes mean the same on both sides: fixed-size numbers and bool.
bool SameLayoutOnBothSides(DataType type) {
  switch (type) {
    case DataType::kString:
    case DataType::kResource:
    case DataType::kVariant:
    case DataType::kInvalid:
      return false;
    default:
      return DataTypeSize(type) != 0;
  }
}

absl::StatusOr<std::vector<int32_t>> Int32Shape(const Tensor& tensor) {
  std::vector<int32_t> shape;
  shape.reserve(tensor.rank());
  for (int64_t d : tensor.shape()) {
    if (d > std::numeric_limits<int32_t>::max()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "tensor ", tensor.DebugString(), " has a dimension beyond the int32 range of TFLite shapes"));
    }
    shape.push_back(static_cast<int32_t>(d));
  }
  return shape;
}

absl::StatusOr<std::vector<int64_t>> Int64Shape(const RtTensor& tensor) {
  std::vector<int64_t> shape;
  shape.reserve(tensor.rank());
  for (int32_t d : tensor.shape()) {
    if (d < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "interpreter tensor '", tensor.name(), "' has a negative dimension: ", ShapeString(tensor.shape())));
    }
    shape.push_back(d);
  }
  return shape;
}

}  // namespace

absl::StatusOr<RtTensor> ToRtTensor(const Tensor& tensor, const TflQuantization* quantization) {
  if (tensor.dtype() == DataType::kString) {
    if (!tensor.IsValid()) return absl::InvalidArgumentError(absl::StrCat("malformed tensor ", tensor.DebugString()));
    absl::StatusOr<std::vector<int32_t>> shape = Int32Shape(tensor);
    if (!shape.ok()) return shape.status();
    return EncodeStringTensor(tensor.strings(), *std::move(shape));
  }
  std::optional<tflite::TensorType> type = TfliteTypeOf(tensor.dtype());
  if (!type.has_value() || !SameLayoutOnBothSides(tensor.dtype())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a ", DataTypeName(tensor.dtype()), " tensor has no interpreter counterpart"));
  }
  if (!tensor.IsValid()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "malformed tensor ", tensor.DebugString(), ": ", tensor.ByteSize(), " bytes"));
  }
  absl::StatusOr<std::vector<int32_t>> shape = Int32Shape(tensor);
  if (!shape.ok()) return shape.status();
  RtTensor out = RtTensor::Constant(*type, *std::move(shape), tensor.bytes());
  out.set_quantization(quantization);
  return out;
}

absl::StatusOr<Tensor> ToTensor(const RtTensor& tensor) {
  if (tensor.type() == tflite::TensorType::STRING) {
    absl::StatusOr<std::vector<int64_t>> shape = Int64Shape(tensor);
    if (!shape.ok()) return shape.status();
    absl::StatusOr<std::vector<std::string>> strings = DecodeStringTensor(tensor);
    if (!strings.ok()) return strings.status();
    Tensor out(*std::move(shape), *std::move(strings));
    if (!out.IsValid()) {
      return absl::InvalidArgumentError(absl::StrCat("string tensor '", tensor.name(), "' holds ",
                                                     out.strings().size(), " strings for shape ",
                                                     ShapeString(tensor.shape())));
    }
    return out;
  }
  std::optional<DataType> dtype = DataTypeOfTflite(tensor.type());
  if (!dtype.has_value() || !SameLayoutOnBothSides(*dtype) ||
      TfliteTypeSize(tensor.type()) != static_cast<int>(DataTypeSize(*dtype))) {
    return absl::InvalidArgumentError(absl::StrCat(
        "an interpreter tensor of type ", TfliteTypeName(tensor.type()), " has no host Tensor counterpart"));
  }
  absl::StatusOr<std::vector<int64_t>> shape = Int64Shape(tensor);
  if (!shape.ok()) return shape.status();
  const size_t expected = static_cast<size_t>(tensor.num_elements()) * DataTypeSize(*dtype);
  if (tensor.byte_size() != expected) {
    return absl::InvalidArgumentError(absl::StrCat(
        "interpreter tensor '", tensor.name(), "' ", TfliteTypeName(tensor.type()),
        ShapeString(tensor.shape()), " holds ", tensor.byte_size(), " bytes, expected ", expected));
  }
  return Tensor(*dtype, *std::move(shape), ByteBuffer::Copy(tensor.raw(), expected));
}

}  // namespace tfconv
