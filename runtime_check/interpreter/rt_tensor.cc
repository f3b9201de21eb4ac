#include "runtime_check/interpreter/rt_tensor.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {

int TfliteTypeSize(tflite::TensorType type) {
  using T = tflite::TensorType;
  switch (type) {
    case T::BOOL: case T::UINT8: case T::INT8: return 1;
    case T::FLOAT16: case T::INT16: case T::UINT16: case T::BFLOAT16: return 2;
    case T::FLOAT32: case T::INT32: case T::UINT32: return 4;
    case T::INT64: case T::UINT64: case T::FLOAT64: case T::COMPLEX64: return 8;
    case T::COMPLEX128: return 16;
    default: return 0;
  }
}

std::string TfliteTypeName(tflite::TensorType type) {
  const char* name = tflite::EnumNameTensorType(type);
  return name != nullptr && *name != '\0' ? name : absl::StrCat("TYPE_", static_cast<int>(type));
}

int64_t NumElementsOf(const std::vector<int32_t>& shape) {
  int64_t n = 1;
  for (int32_t d : shape) n *= d < 0 ? 0 : d;
  return n;
}

std::string ShapeString(const std::vector<int32_t>& shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ","), "]");
}

RtTensor::RtTensor(const RtTensor& other) { *this = other; }

RtTensor& RtTensor::operator=(const RtTensor& other) {
  if (this == &other) return *this;
  type_ = other.type_;
  quantization_ = other.quantization_;
  name_ = other.name_;
  if (other.is_constant_) {
    is_constant_ = true;
    constant_ = other.constant_;
    shape_ = other.shape_;
  } else {
    SetBytes(other.shape_, other.storage_.get(), other.size_);
  }
  return *this;
}

RtTensor RtTensor::Make(tflite::TensorType type, std::vector<int32_t> shape) {
  RtTensor t;
  t.Reset(type, std::move(shape));
  return t;
}

RtTensor RtTensor::Constant(tflite::TensorType type, std::vector<int32_t> shape, ByteBuffer bytes) {
  RtTensor t;
  t.type_ = type;
  t.shape_ = std::move(shape);
  t.is_constant_ = true;
  t.constant_ = std::move(bytes);
  return t;
}

uint8_t* RtTensor::mutable_raw() {
  if (is_constant_) {
    ByteBuffer old = std::move(constant_);
    is_constant_ = false;
    SetBytes(shape_, old.data(), old.size());
  }
  return storage_.get();
}

void RtTensor::Resize(std::vector<int32_t> shape) { Reset(type_, std::move(shape)); }

void RtTensor::Reset(tflite::TensorType type, std::vector<int32_t> shape) {
  type_ = type;
  shape_ = std::move(shape);
  if (is_constant_) {
    is_constant_ = false;
    constant_ = ByteBuffer();
  }
  const size_t size = static_cast<size_t>(num_elements()) * TfliteTypeSize(type_);
  if (size > capacity_) {
    storage_.reset(new uint8_t[size]);
    capacity_ = size;
  }
  size_ = size;
}

void RtTensor::SetBytes(std::vector<int32_t> shape, const uint8_t* bytes, size_t size) {
  shape_ = std::move(shape);
  if (is_constant_) {
    is_constant_ = false;
    constant_ = ByteBuffer();
  }
  if (size > capacity_) {
    storage_.reset(new uint8_t[size]);
    capacity_ = size;
  }
  size_ = size;
  if (size > 0) std::memcpy(storage_.get(), bytes, size);
}

}  // namespace tfconv
