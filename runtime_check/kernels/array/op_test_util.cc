#include "runtime_check/kernels/array/op_test_util.h"

#include <memory>

namespace tfconv {

TestTensor BoolTensor(std::vector<int32_t> shape, const std::vector<int>& values) {
  TestTensor t{tflite::TensorType::BOOL, std::move(shape), {}, std::nullopt};
  for (int v : values) t.bytes.push_back(v != 0 ? 1 : 0);
  return t;
}

OpModel::OpModel(tflite::BuiltinOperator op, int version) {
  TflSubgraph& g = model_.subgraphs.emplace_back();
  TflOperator& o = g.operators.emplace_back();
  o.opcode_index = model_.OpcodeIndex(op);
  model_.operator_codes[o.opcode_index].version = version;
}

int OpModel::AddTensor(const TestTensor& t, bool constant) {
  TflSubgraph& g = model_.subgraphs[0];
  TflTensor tensor;
  tensor.name = "t" + std::to_string(g.tensors.size());
  tensor.type = t.type;
  tensor.shape = t.shape;
  tensor.has_rank = true;
  if (constant) tensor.buffer = model_.AddBuffer(ByteBuffer::Copy(t.bytes.data(), t.bytes.size()));
  if (t.quant) {
    TflQuantization q;
    q.scale = {t.quant->first};
    q.zero_point = {t.quant->second};
    tensor.quantization = q;
  }
  return g.AddTensor(std::move(tensor));
}

OpModel& OpModel::Input(TestTensor t) {
  const int index = AddTensor(t, /*constant=*/false);
  model_.subgraphs[0].inputs.push_back(index);
  op().inputs.push_back(index);
  RtTensor rt = RtTensor::Make(t.type, {});
  rt.SetBytes(t.shape, t.bytes.data(), t.bytes.size());
  inputs_.push_back(std::move(rt));
  return *this;
}

OpModel& OpModel::Const(TestTensor t) {
  op().inputs.push_back(AddTensor(t, /*constant=*/true));
  return *this;
}

OpModel& OpModel::Omitted() {
  op().inputs.push_back(-1);
  return *this;
}

OpModel& OpModel::Output(tflite::TensorType type, std::optional<std::pair<float, int64_t>> quant) {
  const int index = AddTensor(TestTensor{type, {}, {}, quant}, /*constant=*/false);
  model_.subgraphs[0].outputs.push_back(index);
  op().outputs.push_back(index);
  return *this;
}

absl::StatusOr<std::vector<RtTensor>> OpModel::Run(const KernelRegistry& registry) {
  auto interp = Interpreter::Create(std::make_shared<TflModel>(model_), registry);
  if (!interp.ok()) return interp.status();
  return (*interp)->Invoke(0, inputs_);
}

}  // namespace tfconv
