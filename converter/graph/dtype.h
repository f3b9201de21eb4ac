// DataType: TensorFlow's element types, numbered as in TensorFlow's types.proto so the values
// cross the GraphDef boundary unchanged.
//
//   DataType t = DataType::kFloat;
//   size_t bytes = DataTypeSize(t) * n;          // 4 * n
//   std::string s = DataTypeName(t);              // "float32"
#ifndef TFCONV_CONVERTER_GRAPH_DTYPE_H_
#define TFCONV_CONVERTER_GRAPH_DTYPE_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace tfconv {

enum class DataType : int32_t {
  kInvalid = 0,
  kFloat = 1,
  kDouble = 2,
  kInt32 = 3,
  kUInt8 = 4,
  kInt16 = 5,
  kInt8 = 6,
  kString = 7,
  kComplex64 = 8,
  kInt64 = 9,
  kBool = 10,
  kQInt8 = 11,
  kQUInt8 = 12,
  kQInt32 = 13,
  kBFloat16 = 14,
  kQInt16 = 15,
  kQUInt16 = 16,
  kUInt16 = 17,
  kComplex128 = 18,
  kHalf = 19,
  kResource = 20,
  kVariant = 21,
  kUInt32 = 22,
  kUInt64 = 23,
};

// Bytes per element; 0 for types without a fixed size (string, resource, variant, invalid).
size_t DataTypeSize(DataType type);

// A short lower-case name ("float32", "int64", "bool", ...), as numpy and the validators spell it.
std::string DataTypeName(DataType type);

// True for the float kinds (half, bfloat16, float, double).
bool IsFloatType(DataType type);

// True for the signed and unsigned integer kinds (not the quantized q* kinds, not bool).
bool IsIntegerType(DataType type);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_GRAPH_DTYPE_H_
