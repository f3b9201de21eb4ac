#include "converter/graph/dtype.h"

namespace tfconv {

size_t DataTypeSize(DataType type) {
  switch (type) {
    case DataType::kFloat:
    case DataType::kInt32:
    case DataType::kQInt32:
    case DataType::kUInt32:
      return 4;
    case DataType::kDouble:
    case DataType::kInt64:
    case DataType::kUInt64:
    case DataType::kComplex64:
      return 8;
    case DataType::kComplex128:
      return 16;
    case DataType::kUInt8:
    case DataType::kInt8:
    case DataType::kBool:
    case DataType::kQInt8:
    case DataType::kQUInt8:
      return 1;
    case DataType::kInt16:
    case DataType::kUInt16:
    case DataType::kQInt16:
    case DataType::kQUInt16:
    case DataType::kHalf:
    case DataType::kBFloat16:
      return 2;
    default:
      return 0;
  }
}

std::string DataTypeName(DataType type) {
  switch (type) {
    case DataType::kFloat: return "float32";
    case DataType::kDouble: return "float64";
    case DataType::kInt32: return "int32";
    case DataType::kUInt8: return "uint8";
    case DataType::kInt16: return "int16";
    case DataType::kInt8: return "int8";
    case DataType::kString: return "string";
    case DataType::kComplex64: return "complex64";
    case DataType::kInt64: return "int64";
    case DataType::kBool: return "bool";
    case DataType::kQInt8: return "qint8";
    case DataType::kQUInt8: return "quint8";
    case DataType::kQInt32: return "qint32";
    case DataType::kBFloat16: return "bfloat16";
    case DataType::kQInt16: return "qint16";
    case DataType::kQUInt16: return "quint16";
    case DataType::kUInt16: return "uint16";
    case DataType::kComplex128: return "complex128";
    case DataType::kHalf: return "float16";
    case DataType::kResource: return "resource";
    case DataType::kVariant: return "variant";
    case DataType::kUInt32: return "uint32";
    case DataType::kUInt64: return "uint64";
    case DataType::kInvalid: break;
  }
  return "invalid(" + std::to_string(static_cast<int>(type)) + ")";
}

bool IsFloatType(DataType type) {
  return type == DataType::kFloat || type == DataType::kDouble || type == DataType::kHalf ||
         type == DataType::kBFloat16;
}

bool IsIntegerType(DataType type) {
  switch (type) {
    case DataType::kInt8:
    case DataType::kInt16:
    case DataType::kInt32:
    case DataType::kInt64:
    case DataType::kUInt8:
    case DataType::kUInt16:
    case DataType::kUInt32:
    case DataType::kUInt64:
      return true;
    default:
      return false;
  }
}

}  // namespace tfconv
