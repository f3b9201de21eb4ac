#include "quantization/test_models.h"

#include <cstring>
#include <memory>

#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "converter/tflite/op_version.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {

int TestModel::Activation(const std::string& name, std::vector<int32_t> shape, tflite::TensorType type) {
  TflTensor t;
  t.name = name;
  t.type = type;
  t.shape = std::move(shape);
  t.has_rank = true;
  return graph().AddTensor(std::move(t));
}

int TestModel::Input(const std::string& name, std::vector<int32_t> shape, tflite::TensorType type) {
  const int t = Activation(name, std::move(shape), type);
  graph().inputs.push_back(t);
  return t;
}

int TestModel::Output(const std::string& name, std::vector<int32_t> shape, tflite::TensorType type) {
  const int t = Activation(name, std::move(shape), type);
  graph().outputs.push_back(t);
  return t;
}

int TestModel::Const(const std::string& name, std::vector<int32_t> shape, const std::vector<float>& values) {
  const int t = Activation(name, std::move(shape));
  graph().tensors[t].buffer = model.AddBuffer(ByteBuffer::Copy(values.data(), values.size() * sizeof(float)));
  return t;
}

int TestModel::ConstInt32(const std::string& name, std::vector<int32_t> shape, const std::vector<int32_t>& values) {
  const int t = Activation(name, std::move(shape), tflite::TensorType::INT32);
  graph().tensors[t].buffer = model.AddBuffer(ByteBuffer::Copy(values.data(), values.size() * sizeof(int32_t)));
  return t;
}

TflOperator& TestModel::Op(tflite::BuiltinOperator code, std::vector<int32_t> inputs, std::vector<int32_t> outputs) {
  TflOperator& op = graph().operators.emplace_back();
  op.opcode_index = model.OpcodeIndex(code);
  op.inputs = std::move(inputs);
  op.outputs = std::move(outputs);
  return op;
}

namespace {
template <typename T>
std::vector<T> DataOf(const TflModel& model, const TflTensor& tensor) {
  const ByteBuffer& b = model.buffers[tensor.buffer].data;
  std::vector<T> v(b.size() / sizeof(T));
  if (!v.empty()) std::memcpy(v.data(), b.data(), v.size() * sizeof(T));
  return v;
}
}  // namespace

std::vector<float> FloatData(const TflModel& model, const TflTensor& tensor) { return DataOf<float>(model, tensor); }
std::vector<int8_t> Int8Data(const TflModel& model, const TflTensor& tensor) { return DataOf<int8_t>(model, tensor); }
std::vector<uint16_t> HalfData(const TflModel& model, const TflTensor& tensor) {
  return DataOf<uint16_t>(model, tensor);
}

tflite::BuiltinOperator CodeOf(const TflModel& model, int op) {
  return model.operator_codes[model.subgraphs[0].operators[op].opcode_index].builtin_code;
}

RtTensor FloatTensor(std::vector<int32_t> shape, const std::vector<float>& values) {
  RtTensor t = RtTensor::Make(tflite::TensorType::FLOAT32, std::move(shape));
  std::memcpy(t.mutable_raw(), values.data(), values.size() * sizeof(float));
  return t;
}

RtTensor Int32Tensor(std::vector<int32_t> shape, const std::vector<int32_t>& values) {
  RtTensor t = RtTensor::Make(tflite::TensorType::INT32, std::move(shape));
  std::memcpy(t.mutable_raw(), values.data(), values.size() * sizeof(int32_t));
  return t;
}

std::vector<float> FloatsOf(const RtTensor& t) {
  return std::vector<float>(t.data<float>(), t.data<float>() + t.num_elements());
}

absl::StatusOr<std::vector<RtTensor>> RunModel(const TflModel& model, const std::vector<RtTensor>& inputs) {
  TflModel versioned = model;
  AssignOperatorVersions(versioned);
  absl::StatusOr<std::string> bytes = SerializeModel(versioned);
  if (!bytes.ok()) return bytes.status();
  absl::StatusOr<TflModel> read = ReadModel(ByteBuffer::FromString(*std::move(bytes)));
  if (!read.ok()) return read.status();
  absl::StatusOr<std::unique_ptr<Interpreter>> interp =
      Interpreter::Create(std::make_shared<TflModel>(*std::move(read)), BuiltinKernels());
  if (!interp.ok()) return interp.status();
  return (*interp)->Invoke(0, inputs);
}

std::vector<float> PseudoRandom(int n, float scale, uint32_t seed) {
  std::vector<float> v(n);
  uint32_t s = seed * 2654435761u + 1;
  for (int i = 0; i < n; ++i) {
    s = s * 1664525u + 1013904223u;
    v[i] = scale * (static_cast<float>(s >> 8) / 8388608.0f - 1.0f);  // [-1, 1)
  }
  return v;
}

}  // namespace tfconv
