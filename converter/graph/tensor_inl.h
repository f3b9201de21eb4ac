// Template parts of tensor.h: the C++ type ↔ DataType mapping.
#ifndef TFCONV_CONVERTER_GRAPH_TENSOR_INL_H_
#define TFCONV_CONVERTER_GRAPH_TENSOR_INL_H_

#include <type_traits>

namespace tfconv {

template <typename T>
constexpr DataType DataTypeOf() {
  if constexpr (std::is_same_v<T, float>) return DataType::kFloat;
  else if constexpr (std::is_same_v<T, double>) return DataType::kDouble;
  else if constexpr (std::is_same_v<T, int32_t>) return DataType::kInt32;
  else if constexpr (std::is_same_v<T, int64_t>) return DataType::kInt64;
  else if constexpr (std::is_same_v<T, uint8_t>) return DataType::kUInt8;
  else if constexpr (std::is_same_v<T, int8_t>) return DataType::kInt8;
  else if constexpr (std::is_same_v<T, int16_t>) return DataType::kInt16;
  else if constexpr (std::is_same_v<T, uint16_t>) return DataType::kUInt16;
  else if constexpr (std::is_same_v<T, uint32_t>) return DataType::kUInt32;
  else if constexpr (std::is_same_v<T, uint64_t>) return DataType::kUInt64;
  else if constexpr (std::is_same_v<T, bool>) return DataType::kBool;
  else static_assert(sizeof(T) == 0, "no DataType for this C++ type");
}

template <typename T>
Tensor Tensor::FromVector(std::vector<int64_t> shape, const std::vector<T>& values) {
  if constexpr (std::is_same_v<T, bool>) {
    std::vector<uint8_t> b(values.begin(), values.end());
    return Tensor(DataType::kBool, std::move(shape), ByteBuffer::Copy(b.data(), b.size()));
  } else {
    return Tensor(DataTypeOf<T>(), std::move(shape),
                  ByteBuffer::Copy(values.data(), values.size() * sizeof(T)));
  }
}

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_GRAPH_TENSOR_INL_H_
