#include "converter/tflite/model_ir.h"

namespace tfconv {
namespace {

struct TypePair {
  DataType tf;
  tflite::TensorType tfl;
};
constexpr TypePair kTypePairs[] = {
    {DataType::kFloat, tflite::TensorType::FLOAT32},
    {DataType::kHalf, tflite::TensorType::FLOAT16},
    {DataType::kDouble, tflite::TensorType::FLOAT64},
    {DataType::kInt32, tflite::TensorType::INT32},
    {DataType::kInt64, tflite::TensorType::INT64},
    {DataType::kInt16, tflite::TensorType::INT16},
    {DataType::kInt8, tflite::TensorType::INT8},
    {DataType::kUInt8, tflite::TensorType::UINT8},
    {DataType::kUInt16, tflite::TensorType::UINT16},
    {DataType::kUInt32, tflite::TensorType::UINT32},
    {DataType::kUInt64, tflite::TensorType::UINT64},
    {DataType::kBool, tflite::TensorType::BOOL},
    {DataType::kString, tflite::TensorType::STRING},
    {DataType::kComplex64, tflite::TensorType::COMPLEX64},
    {DataType::kComplex128, tflite::TensorType::COMPLEX128},
    {DataType::kResource, tflite::TensorType::RESOURCE},
    {DataType::kVariant, tflite::TensorType::VARIANT},
};

}  // namespace

std::optional<tflite::TensorType> TfliteTypeOf(DataType type) {
  for (const TypePair& p : kTypePairs) {
    if (p.tf == type) return p.tfl;
  }
  return std::nullopt;
}

std::optional<DataType> DataTypeOfTflite(tflite::TensorType type) {
  for (const TypePair& p : kTypePairs) {
    if (p.tfl == type) return p.tf;
  }
  return std::nullopt;
}

uint32_t TflModel::OpcodeIndex(tflite::BuiltinOperator op) {
  for (uint32_t i = 0; i < operator_codes.size(); ++i) {
    if (operator_codes[i].builtin_code == op && operator_codes[i].custom_code.empty()) return i;
  }
  operator_codes.push_back(TflOperatorCode{op, "", 1});
  return static_cast<uint32_t>(operator_codes.size() - 1);
}

uint32_t TflModel::CustomOpcodeIndex(const std::string& custom_code) {
  for (uint32_t i = 0; i < operator_codes.size(); ++i) {
    if (operator_codes[i].builtin_code == tflite::BuiltinOperator::CUSTOM &&
        operator_codes[i].custom_code == custom_code) {
      return i;
    }
  }
  operator_codes.push_back(TflOperatorCode{tflite::BuiltinOperator::CUSTOM, custom_code, 1});
  return static_cast<uint32_t>(operator_codes.size() - 1);
}

uint32_t TflModel::AddBuffer(ByteBuffer data) {
  buffers.push_back(TflBuffer{std::move(data)});
  return static_cast<uint32_t>(buffers.size() - 1);
}

}  // namespace tfconv
