// Tensor: a dense host tensor with shared, copy-on-write storage. Constants of the graph IR, the
// values the reference semantics compute and the weights handed to the TFLite writer are Tensors;
// copying a Tensor never copies its bytes, so a weight read from a file is held once.
//
//   Tensor t = Tensor::FromVector<float>({2, 2}, {1, 2, 3, 4});
//   absl::Span<const float> v = t.data<float>();   // 1 2 3 4
//   t.mutable_data<float>()[0] = 5;                 // copies first if the bytes are shared
//   Tensor s = Tensor::Scalar<int32_t>(7);
//   Tensor z = Tensor::Zeros(DataType::kInt64, {3});
//   // Adopt bytes owned elsewhere (a released protobuf string, a mapped file region):
//   Tensor w(DataType::kFloat, {1024}, ByteBuffer::FromString(std::move(bytes)));
#ifndef TFCONV_CONVERTER_GRAPH_TENSOR_H_
#define TFCONV_CONVERTER_GRAPH_TENSOR_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "converter/graph/dtype.h"

namespace tfconv {

// Immutable bytes kept alive by a shared owner (a std::string, a vector, a memory map...).
class ByteBuffer {
 public:
  ByteBuffer() = default;
  ByteBuffer(const uint8_t* data, size_t size, std::shared_ptr<const void> owner)
      : data_(data), size_(size), owner_(std::move(owner)) {}
  static ByteBuffer FromString(std::string bytes);
  static ByteBuffer Copy(const void* data, size_t size);

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // True when no other ByteBuffer shares the owner (a write in place is then invisible to others).
  bool unique() const { return owner_.use_count() == 1; }
  absl::Span<const uint8_t> span() const { return {data_, size_}; }

 private:
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  std::shared_ptr<const void> owner_;
};

class Tensor {
 public:
  Tensor() = default;
  // `bytes` must hold exactly NumElements * DataTypeSize(dtype) bytes (checked by IsValid()).
  Tensor(DataType dtype, std::vector<int64_t> shape, ByteBuffer bytes)
      : dtype_(dtype), shape_(std::move(shape)), bytes_(std::move(bytes)) {}
  // A string tensor (DataType::kString).
  Tensor(std::vector<int64_t> shape, std::vector<std::string> strings);

  static Tensor Zeros(DataType dtype, std::vector<int64_t> shape);
  // Storage of the right size with unspecified contents, for a kernel that writes every element.
  static Tensor Uninitialized(DataType dtype, std::vector<int64_t> shape);
  template <typename T>
  static Tensor FromVector(std::vector<int64_t> shape, const std::vector<T>& values);
  template <typename T>
  static Tensor Scalar(T value) { return FromVector<T>({}, {value}); }

  DataType dtype() const { return dtype_; }
  const std::vector<int64_t>& shape() const { return shape_; }
  int rank() const { return static_cast<int>(shape_.size()); }
  int64_t dim(int i) const { return shape_[i]; }
  int64_t NumElements() const;
  size_t ByteSize() const { return bytes_.size(); }
  const ByteBuffer& bytes() const { return bytes_; }
  const std::vector<std::string>& strings() const { return strings_; }
  bool IsValid() const;

  template <typename T>
  absl::Span<const T> data() const {
    // Parenthesized: braces would pick Span's initializer-list constructor when T is bool.
    return absl::Span<const T>(reinterpret_cast<const T*>(bytes_.data()), bytes_.size() / sizeof(T));
  }
  template <typename T>
  absl::Span<T> mutable_data() {
    MakeUnique();
    return absl::Span<T>(reinterpret_cast<T*>(const_cast<uint8_t*>(bytes_.data())), bytes_.size() / sizeof(T));
  }
  // The same bytes seen with another shape (element count must match).
  Tensor Reshaped(std::vector<int64_t> shape) const;
  // Element i converted to double / int64, whatever the numeric dtype (for attrs and folding).
  double ElementAsDouble(int64_t i) const;
  int64_t ElementAsInt64(int64_t i) const;
  // "float32[2,3]".
  std::string DebugString() const;

 private:
  void MakeUnique();

  DataType dtype_ = DataType::kInvalid;
  std::vector<int64_t> shape_;
  ByteBuffer bytes_;
  std::vector<std::string> strings_;
};

}  // namespace tfconv

#include "converter/graph/tensor_inl.h"

#endif  // TFCONV_CONVERTER_GRAPH_TENSOR_H_
