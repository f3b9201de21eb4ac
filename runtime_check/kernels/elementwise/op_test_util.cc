#include "runtime_check/kernels/elementwise/op_test_util.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "runtime_check/interpreter/interpreter.h"

namespace tfconv {
namespace kernel_test {

TflQuantization Quant(float scale, int64_t zero_point) {
  TflQuantization q;
  q.scale = {scale};
  q.zero_point = {zero_point};
  return q;
}

TflQuantization PerAxisQuant(std::vector<float> scales, std::vector<int64_t> zero_points, int axis) {
  TflQuantization q;
  q.scale = std::move(scales);
  q.zero_point = std::move(zero_points);
  q.quantized_dimension = axis;
  return q;
}

template <>
std::vector<uint8_t> BytesOf<bool>(const std::vector<bool>& values) {
  std::vector<uint8_t> bytes(values.size());
  for (size_t i = 0; i < values.size(); ++i) bytes[i] = values[i] ? 1 : 0;
  return bytes;
}

template <>
std::vector<bool> ValuesOf<bool>(const RtTensor& t) {
  std::vector<bool> values(static_cast<size_t>(t.num_elements()));
  for (size_t i = 0; i < values.size(); ++i) values[i] = t.raw()[i] != 0;
  return values;
}

OpTest::OpTest(tflite::BuiltinOperator op, const KernelRegistry& registry, int version)
    : op_(op), registry_(registry), version_(version) {}

OpTest& OpTest::AddInput(tflite::TensorType type, std::vector<int32_t> shape, std::vector<uint8_t> bytes,
                         std::optional<TflQuantization> q, bool constant) {
  inputs_.push_back(InputSpec{type, std::move(shape), std::move(bytes), std::move(q), constant, false});
  return *this;
}

OpTest& OpTest::OmittedInput() {
  InputSpec spec;
  spec.type = tflite::TensorType::FLOAT32;
  spec.omitted = true;
  inputs_.push_back(std::move(spec));
  return *this;
}

OpTest& OpTest::Output(tflite::TensorType type, std::optional<TflQuantization> q, std::vector<int32_t> shape) {
  outputs_.push_back(OutputSpec{type, std::move(q), std::move(shape)});
  return *this;
}

TflModel OpTest::Build(std::vector<RtTensor>* feeds) const {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  TflOperator op;
  op.opcode_index = m.OpcodeIndex(op_);
  m.operator_codes[op.opcode_index].version = version_;
  for (size_t i = 0; i < inputs_.size(); ++i) {
    const InputSpec& in = inputs_[i];
    if (in.omitted) {
      op.inputs.push_back(-1);
      continue;
    }
    TflTensor t;
    t.name = absl::StrCat("in", i);
    t.type = in.type;
    t.shape = in.shape;
    t.has_rank = true;
    t.quantization = in.quant;
    if (in.constant) t.buffer = m.AddBuffer(ByteBuffer::Copy(in.bytes.data(), in.bytes.size()));
    const int index = g.AddTensor(std::move(t));
    op.inputs.push_back(index);
    if (!in.constant) {
      g.inputs.push_back(index);
      RtTensor feed = RtTensor::Make(in.type, in.shape);
      feed.SetBytes(in.shape, in.bytes.data(), in.bytes.size());
      feeds->push_back(std::move(feed));
    }
  }
  for (size_t i = 0; i < outputs_.size(); ++i) {
    TflTensor t;
    t.name = absl::StrCat("out", i);
    t.type = outputs_[i].type;
    t.quantization = outputs_[i].quant;
    t.shape = outputs_[i].shape;
    t.has_rank = !t.shape.empty();
    const int index = g.AddTensor(std::move(t));
    op.outputs.push_back(index);
    g.outputs.push_back(index);
  }
  op.builtin_options = options_;
  g.operators.push_back(std::move(op));
  return m;
}

absl::StatusOr<std::string> OpTest::Serialize() const {
  std::vector<RtTensor> feeds;
  return SerializeModel(Build(&feeds));
}

absl::StatusOr<std::vector<RtTensor>> OpTest::Run() const {
  std::vector<RtTensor> feeds;
  absl::StatusOr<std::string> bytes = SerializeModel(Build(&feeds));
  if (!bytes.ok()) return bytes.status();
  absl::StatusOr<TflModel> read = ReadModel(ByteBuffer::FromString(*bytes));
  if (!read.ok()) return read.status();
  auto interp = Interpreter::Create(std::make_shared<TflModel>(*std::move(read)), registry_);
  if (!interp.ok()) return interp.status();
  return (*interp)->Invoke(0, feeds);
}

absl::StatusOr<RtTensor> OpTest::RunOne() const {
  absl::StatusOr<std::vector<RtTensor>> out = Run();
  if (!out.ok()) return out.status();
  if (out->empty()) return absl::InternalError("the operator has no outputs");
  return std::move((*out)[0]);
}

}  // namespace kernel_test
}  // namespace tfconv
