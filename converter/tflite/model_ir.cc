#include "converter/tflite/model_ir.h"

namespace tfconv {

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
