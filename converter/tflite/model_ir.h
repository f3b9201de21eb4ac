// The TFLite model IR: what the writer serializes and the reader returns. It mirrors the schema
// (converter/schema/tflite_schema.fbs) but owns weights as shared ByteBuffers, so a weight moves from
// the source file to the output without copies, and identical buffers can be shared.
// Builtin options use the schema's generated object-API unions (tflite::BuiltinOptionsUnion).
//
//   TflModel m;
//   TflSubgraph& g = m.subgraphs.emplace_back();
//   int a = g.AddTensor({.name = "a", .type = tflite::TensorType::FLOAT32, .shape = {1, 4}});
//   int b = g.AddTensor({.name = "b", .type = tflite::TensorType::FLOAT32, .shape = {1, 4}});
//   TflOperator& op = g.operators.emplace_back();
//   op.opcode_index = m.OpcodeIndex(tflite::BuiltinOperator::RELU);
//   op.inputs = {a};
//   op.outputs = {b};
//   g.inputs = {a};
//   g.outputs = {b};
#ifndef TFCONV_CONVERTER_TFLITE_MODEL_IR_H_
#define TFCONV_CONVERTER_TFLITE_MODEL_IR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "converter/graph/tensor.h"
#include "converter/schema/tflite_schema_generated.h"

namespace tfconv {

// The TFLite tensor type of a TF element type; nullopt where TFLite has none (e.g. bfloat16, qint8).
std::optional<tflite::TensorType> TfliteTypeOf(DataType type);
// The reverse; nullopt for TFLite-only types (INT4, FLOAT8...).
std::optional<DataType> DataTypeOfTflite(tflite::TensorType type);

struct TflQuantization {
  std::vector<float> min, max;
  std::vector<float> scale;
  std::vector<int64_t> zero_point;
  int32_t quantized_dimension = 0;
  // Non-affine schemes (blockwise, custom); when set, readers ignore the affine fields above.
  tflite::QuantizationDetailsUnion details;
  bool empty() const {
    return min.empty() && max.empty() && scale.empty() && zero_point.empty() &&
           details.type == tflite::QuantizationDetails::NONE;
  }
};

struct TflTensor {
  std::string name;
  tflite::TensorType type = tflite::TensorType::FLOAT32;
  std::vector<int32_t> shape;
  // Written only when it differs from `shape` (it holds -1 for dynamic dimensions).
  std::vector<int32_t> shape_signature;
  uint32_t buffer = 0;  // 0: no data (activations); else an index into TflModel::buffers
  std::optional<TflQuantization> quantization;
  bool is_variable = false;
  // True when `shape` is known to be the full rank (tells a scalar from an unranked tensor).
  bool has_rank = false;
  std::optional<tflite::SparsityParametersT> sparsity;  // sparse constant weights
};

struct TflOperator {
  uint32_t opcode_index = 0;
  std::vector<int32_t> inputs;   // -1 marks an omitted optional input
  std::vector<int32_t> outputs;
  std::vector<int32_t> intermediates;
  tflite::BuiltinOptionsUnion builtin_options;
  tflite::BuiltinOptions2Union builtin_options_2;
  std::vector<uint8_t> custom_options;  // FlexBuffer for custom ops
  std::vector<bool> mutating_variable_inputs;
};

struct TflOperatorCode {
  tflite::BuiltinOperator builtin_code = tflite::BuiltinOperator::ADD;
  std::string custom_code;  // set when builtin_code is CUSTOM
  int32_t version = 1;
  bool operator==(const TflOperatorCode& o) const {
    return builtin_code == o.builtin_code && custom_code == o.custom_code && version == o.version;
  }
};

struct TflSubgraph {
  std::string name;
  std::vector<TflTensor> tensors;
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
  std::vector<TflOperator> operators;

  int32_t AddTensor(TflTensor tensor) {
    tensors.push_back(std::move(tensor));
    return static_cast<int32_t>(tensors.size() - 1);
  }
};

struct TflSignatureDef {
  std::string signature_key;
  uint32_t subgraph_index = 0;
  std::vector<std::pair<std::string, uint32_t>> inputs;   // signature name -> tensor index
  std::vector<std::pair<std::string, uint32_t>> outputs;
};

struct TflBuffer {
  ByteBuffer data;
};

struct TflModel {
  uint32_t version = 3;
  std::string description;
  std::vector<TflOperatorCode> operator_codes;
  std::vector<TflSubgraph> subgraphs;
  std::vector<TflBuffer> buffers{TflBuffer{}};  // buffer 0 is the empty sentinel
  std::vector<TflSignatureDef> signature_defs;
  std::vector<std::pair<std::string, uint32_t>> metadata;  // name -> buffer index
  std::vector<int32_t> metadata_buffer;  // legacy Model.metadata_buffer, kept for round trips

  // Index of the (builtin, version 1) code, appended on first use. Versions are assigned later
  // by AssignOperatorVersions (op_version.h), which merges codes that end up equal.
  uint32_t OpcodeIndex(tflite::BuiltinOperator op);
  uint32_t CustomOpcodeIndex(const std::string& custom_code);
  uint32_t AddBuffer(ByteBuffer data);
  const TflOperatorCode& CodeOf(const TflOperator& op) const { return operator_codes[op.opcode_index]; }
};

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_TFLITE_MODEL_IR_H_
