// A tensor as the reference interpreter sees it while running: element type, current shape,
// quantization parameters from the model, and bytes. Constants point into the model's buffers
// (no copy); activations own storage that is reused across invocations when the size allows.
//
//   RtTensor t = RtTensor::Make(tflite::TensorType::FLOAT32, {2, 3});
//   float* v = t.mutable_data<float>();          // 6 floats, unspecified contents
//   for (int i = 0; i < t.num_elements(); ++i) v[i] = i;
//   RtTensor c = RtTensor::Constant(tflite::TensorType::INT32, {1}, ByteBuffer::Copy(&x, 4));
#ifndef TFCONV_RUNTIME_CHECK_INTERPRETER_RT_TENSOR_H_
#define TFCONV_RUNTIME_CHECK_INTERPRETER_RT_TENSOR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "converter/graph/tensor.h"
#include "converter/tflite/model_ir.h"

namespace tfconv {

// Bytes per element; 0 for types without a fixed size (STRING, RESOURCE, VARIANT, INT4...).
int TfliteTypeSize(tflite::TensorType type);
// "FLOAT32", "INT8"...
std::string TfliteTypeName(tflite::TensorType type);
int64_t NumElementsOf(const std::vector<int32_t>& shape);
// "[1,28,28,1]".
std::string ShapeString(const std::vector<int32_t>& shape);

class RtTensor {
 public:
  RtTensor() = default;
  // Copies own their bytes (a constant stays a view of the same buffer); moves are cheap.
  RtTensor(const RtTensor& other);
  RtTensor& operator=(const RtTensor& other);
  RtTensor(RtTensor&&) = default;
  RtTensor& operator=(RtTensor&&) = default;
  // Owned storage of the right size, contents unspecified.
  static RtTensor Make(tflite::TensorType type, std::vector<int32_t> shape);
  // Read-only view of `bytes` (a model buffer or caller data), which must be the right size
  // for fixed-size types.
  static RtTensor Constant(tflite::TensorType type, std::vector<int32_t> shape, ByteBuffer bytes);

  tflite::TensorType type() const { return type_; }
  const std::vector<int32_t>& shape() const { return shape_; }
  int rank() const { return static_cast<int>(shape_.size()); }
  int32_t dim(int i) const { return shape_[i < 0 ? i + rank() : i]; }
  int64_t num_elements() const { return NumElementsOf(shape_); }
  size_t byte_size() const { return is_constant_ ? constant_.size() : size_; }
  bool is_constant() const { return is_constant_; }

  const uint8_t* raw() const { return is_constant_ ? constant_.data() : storage_.get(); }
  template <typename T>
  const T* data() const { return reinterpret_cast<const T*>(raw()); }
  // Writable storage; a constant is first copied (copy on write).
  uint8_t* mutable_raw();
  template <typename T>
  T* mutable_data() { return reinterpret_cast<T*>(mutable_raw()); }

  // Sets the shape of a fixed-size type and makes storage of the matching size (contents
  // unspecified; kept when the size does not change). Turns a constant into owned storage.
  void Resize(std::vector<int32_t> shape);
  // Sets type and shape together (for outputs whose type is decided at run time).
  void Reset(tflite::TensorType type, std::vector<int32_t> shape);
  // Stores bytes of a variable-size type (STRING) or any raw content of the current type.
  void SetBytes(std::vector<int32_t> shape, const uint8_t* bytes, size_t size);

  // Quantization parameters from the model (null when the tensor is not quantized).
  const TflQuantization* quantization() const { return quantization_; }
  void set_quantization(const TflQuantization* q) { quantization_ = q; }
  bool is_quantized() const { return quantization_ != nullptr && !quantization_->scale.empty(); }
  float scale(int channel = 0) const { return quantization_->scale[channel]; }
  int32_t zero_point(int channel = 0) const {
    return quantization_->zero_point.empty() ? 0
                                             : static_cast<int32_t>(quantization_->zero_point[channel]);
  }
  int num_channels() const { return is_quantized() ? static_cast<int>(quantization_->scale.size()) : 0; }

  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }

 private:
  tflite::TensorType type_ = tflite::TensorType::FLOAT32;
  std::vector<int32_t> shape_;
  const TflQuantization* quantization_ = nullptr;
  std::string name_;
  bool is_constant_ = false;
  ByteBuffer constant_;
  std::unique_ptr<uint8_t[]> storage_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_INTERPRETER_RT_TENSOR_H_
