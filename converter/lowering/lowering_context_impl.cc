#include "converter/lowering/lowering_context_impl.h"

#include "absl/strings/str_cat.h"

namespace tfconv {

ModelBuilder::ModelBuilder(LoweringOptions options) : options_(options) {
  model_.subgraphs.emplace_back();
  model_.subgraphs[0].name = "main";
}

int32_t ModelBuilder::Find(Output o) const {
  auto it = tensors_.find(Key(o));
  return it == tensors_.end() ? -1 : it->second;
}

std::string ModelBuilder::NameFor(Output o) const {
  auto it = names_.find(Key(o));
  return it != names_.end() ? it->second : o.TensorName();
}

absl::StatusOr<int32_t> ModelBuilder::NewTensor(const std::string& name, DataType type,
                                                const PartialShape& shape) {
  std::optional<tflite::TensorType> tfl_type = TfliteTypeOf(type);
  if (!tfl_type) {
    return absl::InvalidArgumentError(absl::StrCat("tensor '", name, "' has type ", DataTypeName(type),
                                                   ", which TFLite cannot hold"));
  }
  TflTensor t;
  t.name = name;
  t.type = *tfl_type;
  t.has_rank = shape.known_rank();  // as the official converter marks ranked tensors
  // An unknown rank is written as an empty shape, as the official converter does; the runtime
  // then takes the shape of what it is given.
  bool dynamic = false;
  for (int64_t d : shape.dims()) {
    t.shape.push_back(d < 0 ? 1 : static_cast<int32_t>(d));
    dynamic |= d < 0;
  }
  if (dynamic) {
    for (int64_t d : shape.dims()) t.shape_signature.push_back(static_cast<int32_t>(d));
  }
  return subgraph().AddTensor(std::move(t));
}

absl::StatusOr<int32_t> ModelBuilder::NewConstTensor(const std::string& name, const Tensor& value) {
  if (value.dtype() == DataType::kString) {
    return absl::UnimplementedError(absl::StrCat("constant '", name, "' is a string tensor; not supported yet"));
  }
  if (!value.IsValid()) {
    return absl::InvalidArgumentError(absl::StrCat("constant '", name, "' (", value.DebugString(),
                                                   ") holds ", value.ByteSize(), " bytes, which does not match its shape"));
  }
  auto index = NewTensor(name, value.dtype(), PartialShape(value.shape()));
  if (!index.ok()) return index.status();
  const ByteBuffer& bytes = value.bytes();
  uint32_t buffer;
  auto it = buffer_of_storage_.find(bytes.data());
  if (it != buffer_of_storage_.end() && it->second.first == bytes.size() && bytes.size() > 0) {
    buffer = it->second.second;
  } else {
    buffer = model_.AddBuffer(bytes);
    if (bytes.size() > 0) buffer_of_storage_[bytes.data()] = {bytes.size(), buffer};
  }
  subgraph().tensors[*index].buffer = buffer;
  return *index;
}

absl::StatusOr<int32_t> ModelBuilder::TensorFor(Output o) {
  int32_t existing = Find(o);
  if (existing >= 0) return existing;
  if (o.node == nullptr || o.index >= o.node->num_outputs()) {
    return absl::InternalError(absl::StrCat("no tensor for '", o.TensorName(), "'"));
  }
  const OutputInfo& info = o.node->outputs[o.index];
  if (!info.value.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "tensor '", o.TensorName(), "' is read before the node that produces it was converted"));
  }
  auto index = NewConstTensor(NameFor(o), *info.value);
  if (!index.ok()) return index.status();
  Bind(o, *index);
  return *index;
}

absl::StatusOr<int32_t> NodeLoweringContext::InputTensor(int i) {
  if (i < 0 || i >= node_.num_inputs()) {
    return Error(absl::StrCat("the lowering asked for input ", i, " of ", node_.num_inputs()));
  }
  return builder_.TensorFor(node_.inputs[i]);
}

absl::StatusOr<int32_t> NodeLoweringContext::OutputTensor(int i) {
  if (i < 0 || i >= node_.num_outputs()) {
    return Error(absl::StrCat("the lowering asked for output ", i, " of ", node_.num_outputs()));
  }
  Output o{const_cast<Node*>(&node_), i};
  int32_t existing = builder_.Find(o);
  if (existing >= 0) return existing;
  const OutputInfo& info = node_.outputs[i];
  auto index = builder_.NewTensor(builder_.NameFor(o), info.dtype, info.shape);
  if (!index.ok()) return Error(index.status().message());
  builder_.Bind(o, *index);
  return *index;
}

absl::Status NodeLoweringContext::ForwardOutput(int i, int32_t tensor) {
  if (i < 0 || i >= node_.num_outputs()) {
    return Error(absl::StrCat("the lowering forwarded output ", i, " of ", node_.num_outputs()));
  }
  if (tensor < 0 || tensor >= static_cast<int32_t>(builder_.subgraph().tensors.size())) {
    return Error(absl::StrCat("the lowering forwarded to a tensor index out of range: ", tensor));
  }
  builder_.Bind(Output{const_cast<Node*>(&node_), i}, tensor);
  return absl::OkStatus();
}

int32_t NodeLoweringContext::AddConstTensor(const Tensor& value, absl::string_view suffix) {
  auto index = builder_.NewConstTensor(absl::StrCat(node_.name(), "/", suffix), value);
  if (!index.ok()) {
    if (deferred_error_.ok()) deferred_error_ = Error(index.status().message());
    return -1;
  }
  return *index;
}

int32_t NodeLoweringContext::AddTensor(DataType type, const PartialShape& shape, absl::string_view suffix) {
  auto index = builder_.NewTensor(absl::StrCat(node_.name(), "/", suffix), type, shape);
  if (!index.ok()) {
    if (deferred_error_.ok()) deferred_error_ = Error(index.status().message());
    return -1;
  }
  return *index;
}

void NodeLoweringContext::AddBuiltinOp(tflite::BuiltinOperator op, std::vector<int32_t> inputs,
                                       std::vector<int32_t> outputs,
                                       tflite::BuiltinOptionsUnion options) {
  TflOperator& o = builder_.subgraph().operators.emplace_back();
  o.opcode_index = builder_.model().OpcodeIndex(op);
  o.inputs = std::move(inputs);
  o.outputs = std::move(outputs);
  o.builtin_options = std::move(options);
}

void NodeLoweringContext::AddCustomOp(const std::string& custom_code, std::vector<int32_t> inputs,
                                      std::vector<int32_t> outputs, std::vector<uint8_t> custom_options) {
  TflOperator& o = builder_.subgraph().operators.emplace_back();
  o.opcode_index = builder_.model().CustomOpcodeIndex(custom_code);
  o.inputs = std::move(inputs);
  o.outputs = std::move(outputs);
  o.custom_options = std::move(custom_options);
}

TflTensor& NodeLoweringContext::tensor(int32_t index) { return builder_.subgraph().tensors.at(index); }

}  // namespace tfconv
