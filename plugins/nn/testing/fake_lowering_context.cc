#include "plugins/nn/testing/fake_lowering_context.h"

#include "absl/strings/str_cat.h"

namespace tfconv {

FakeLoweringContext::FakeLoweringContext(const Node& node, LoweringOptions options)
    : node_(node), options_(options) {
  model_.subgraphs.emplace_back();
}

int32_t FakeLoweringContext::NewTensor(const std::string& name, DataType type, const PartialShape& shape) {
  TflTensor t;
  t.name = name;
  t.type = TfliteTypeOf(type).value_or(tflite::TensorType::FLOAT32);
  for (int64_t d : shape.dims()) t.shape.push_back(static_cast<int32_t>(d));
  return subgraph().AddTensor(std::move(t));
}

int32_t FakeLoweringContext::NewConst(const std::string& name, const Tensor& value) {
  int32_t index = NewTensor(name, value.dtype(), PartialShape(value.shape()));
  subgraph().tensors[index].buffer = model_.AddBuffer(value.bytes());
  return index;
}

absl::StatusOr<int32_t> FakeLoweringContext::InputTensor(int i) {
  if (i < 0 || i >= node_.num_inputs()) return Error(absl::StrCat("no input ", i));
  auto it = inputs_.find(i);
  if (it != inputs_.end()) return it->second;
  const Output& in = node_.inputs[i];
  const OutputInfo& info = in.node->outputs.at(in.index);
  int32_t t = info.value.has_value() ? NewConst(in.TensorName(), *info.value)
                                     : NewTensor(in.TensorName(), info.dtype, info.shape);
  inputs_[i] = t;
  return t;
}

absl::StatusOr<int32_t> FakeLoweringContext::OutputTensor(int i) {
  if (i < 0 || i >= node_.num_outputs()) return Error(absl::StrCat("no output ", i));
  auto it = outputs_.find(i);
  if (it != outputs_.end()) return it->second;
  Output o{const_cast<Node*>(&node_), i};
  int32_t t = NewTensor(o.TensorName(), node_.outputs[i].dtype, node_.outputs[i].shape);
  outputs_[i] = t;
  return t;
}

absl::Status FakeLoweringContext::ForwardOutput(int i, int32_t tensor) {
  if (i < 0 || i >= node_.num_outputs()) return Error(absl::StrCat("no output ", i));
  forwarded_[i] = tensor;
  return absl::OkStatus();
}

int32_t FakeLoweringContext::AddConstTensor(const Tensor& value, absl::string_view suffix) {
  return NewConst(absl::StrCat(node_.name(), "/", suffix), value);
}

int32_t FakeLoweringContext::AddTensor(DataType type, const PartialShape& shape, absl::string_view suffix) {
  return NewTensor(absl::StrCat(node_.name(), "/", suffix), type, shape);
}

void FakeLoweringContext::AddBuiltinOp(tflite::BuiltinOperator op, std::vector<int32_t> inputs,
                                       std::vector<int32_t> outputs, tflite::BuiltinOptionsUnion options) {
  TflOperator& o = subgraph().operators.emplace_back();
  o.opcode_index = model_.OpcodeIndex(op);
  o.inputs = std::move(inputs);
  o.outputs = std::move(outputs);
  o.builtin_options = std::move(options);
}

void FakeLoweringContext::AddCustomOp(const std::string& custom_code, std::vector<int32_t> inputs,
                                      std::vector<int32_t> outputs, std::vector<uint8_t> custom_options) {
  TflOperator& o = subgraph().operators.emplace_back();
  o.opcode_index = model_.CustomOpcodeIndex(custom_code);
  o.inputs = std::move(inputs);
  o.outputs = std::move(outputs);
  o.custom_options = std::move(custom_options);
}

int32_t FakeLoweringContext::forwarded(int i) const {
  auto it = forwarded_.find(i);
  return it == forwarded_.end() ? -1 : it->second;
}

int32_t FakeLoweringContext::input_tensor_if_created(int i) const {
  auto it = inputs_.find(i);
  return it == inputs_.end() ? -1 : it->second;
}

}  // namespace tfconv
