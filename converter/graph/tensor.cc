#include "converter/graph/tensor.h"

#include <new>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {
namespace {

// 64-byte aligned storage so that any element type, and SIMD loads, can read it in place.
std::shared_ptr<uint8_t> AllocateAligned(size_t size) {
  uint8_t* p = static_cast<uint8_t*>(::operator new(size == 0 ? 1 : size, std::align_val_t(64)));
  return std::shared_ptr<uint8_t>(p, [](uint8_t* q) { ::operator delete(q, std::align_val_t(64)); });
}

}  // namespace

ByteBuffer ByteBuffer::FromString(std::string bytes) {
  auto owner = std::make_shared<std::string>(std::move(bytes));
  if (reinterpret_cast<uintptr_t>(owner->data()) % 16 != 0) {
    // Short strings live inside the string object; give them aligned storage instead.
    return Copy(owner->data(), owner->size());
  }
  const uint8_t* data = reinterpret_cast<const uint8_t*>(owner->data());
  size_t size = owner->size();
  return ByteBuffer(data, size, std::move(owner));
}

ByteBuffer ByteBuffer::Copy(const void* data, size_t size) {
  std::shared_ptr<uint8_t> storage = AllocateAligned(size);
  if (size > 0) std::memcpy(storage.get(), data, size);
  const uint8_t* p = storage.get();
  return ByteBuffer(p, size, std::move(storage));
}

Tensor::Tensor(std::vector<int64_t> shape, std::vector<std::string> strings)
    : dtype_(DataType::kString), shape_(std::move(shape)), strings_(std::move(strings)) {}

Tensor Tensor::Zeros(DataType dtype, std::vector<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  if (dtype == DataType::kString) {
    return Tensor(std::move(shape), std::vector<std::string>(n));
  }
  size_t size = static_cast<size_t>(n) * DataTypeSize(dtype);
  std::shared_ptr<uint8_t> storage = AllocateAligned(size);
  std::memset(storage.get(), 0, size);
  const uint8_t* p = storage.get();
  return Tensor(dtype, std::move(shape), ByteBuffer(p, size, std::move(storage)));
}

Tensor Tensor::Uninitialized(DataType dtype, std::vector<int64_t> shape) {
  if (dtype == DataType::kString) return Zeros(dtype, std::move(shape));
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  size_t size = static_cast<size_t>(n) * DataTypeSize(dtype);
  std::shared_ptr<uint8_t> storage = AllocateAligned(size);
  const uint8_t* p = storage.get();
  return Tensor(dtype, std::move(shape), ByteBuffer(p, size, std::move(storage)));
}

int64_t Tensor::NumElements() const {
  int64_t n = 1;
  for (int64_t d : shape_) n *= d;
  return n;
}

bool Tensor::IsValid() const {
  for (int64_t d : shape_) {
    if (d < 0) return false;
  }
  if (dtype_ == DataType::kString) return static_cast<int64_t>(strings_.size()) == NumElements();
  size_t elem = DataTypeSize(dtype_);
  return elem != 0 && bytes_.size() == static_cast<size_t>(NumElements()) * elem;
}

Tensor Tensor::Reshaped(std::vector<int64_t> shape) const {
  Tensor t = *this;
  t.shape_ = std::move(shape);
  return t;
}

void Tensor::MakeUnique() {
  if (!bytes_.unique()) bytes_ = ByteBuffer::Copy(bytes_.data(), bytes_.size());
}

double Tensor::ElementAsDouble(int64_t i) const {
  switch (dtype_) {
    case DataType::kFloat: return data<float>()[i];
    case DataType::kDouble: return data<double>()[i];
    case DataType::kInt32: return data<int32_t>()[i];
    case DataType::kInt64: return static_cast<double>(data<int64_t>()[i]);
    case DataType::kUInt8: return data<uint8_t>()[i];
    case DataType::kInt8: return data<int8_t>()[i];
    case DataType::kInt16: return data<int16_t>()[i];
    case DataType::kUInt16: return data<uint16_t>()[i];
    case DataType::kUInt32: return data<uint32_t>()[i];
    case DataType::kUInt64: return static_cast<double>(data<uint64_t>()[i]);
    case DataType::kBool: return data<uint8_t>()[i] ? 1.0 : 0.0;
    default: return 0.0;
  }
}

int64_t Tensor::ElementAsInt64(int64_t i) const {
  switch (dtype_) {
    case DataType::kInt32: return data<int32_t>()[i];
    case DataType::kInt64: return data<int64_t>()[i];
    case DataType::kUInt8: return data<uint8_t>()[i];
    case DataType::kInt8: return data<int8_t>()[i];
    case DataType::kInt16: return data<int16_t>()[i];
    case DataType::kUInt16: return data<uint16_t>()[i];
    case DataType::kUInt32: return data<uint32_t>()[i];
    case DataType::kUInt64: return static_cast<int64_t>(data<uint64_t>()[i]);
    case DataType::kBool: return data<uint8_t>()[i] ? 1 : 0;
    default: return static_cast<int64_t>(ElementAsDouble(i));
  }
}

std::string Tensor::DebugString() const {
  return absl::StrCat(DataTypeName(dtype_), "[", absl::StrJoin(shape_, ","), "]");
}

}  // namespace tfconv
