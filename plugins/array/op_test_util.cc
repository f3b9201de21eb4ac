#include "plugins/array/op_test_util.h"

#include <deque>

#include "absl/strings/str_cat.h"

namespace tfconv {
namespace {

// Records what a lowering emits instead of building a model.
class FakeLoweringContext : public LoweringContext {
 public:
  FakeLoweringContext(const Node& node, LoweringOptions options) : node_(node), options_(options) {}

  const Node& node() const override { return node_; }
  const LoweringOptions& options() const override { return options_; }

  absl::StatusOr<int32_t> InputTensor(int i) override {
    if (i < 0 || i >= num_inputs()) return Error(absl::StrCat("no input ", i));
    auto it = inputs_.find(i);
    if (it != inputs_.end()) return it->second;
    LoweredTensor t;
    t.name = node_.inputs[i].TensorName();
    t.dtype = input_type(i);
    t.shape = input_shape(i);
    if (const Tensor* v = input_value(i)) t.value = *v;
    int32_t index = Add(std::move(t));
    inputs_[i] = index;
    return index;
  }

  absl::StatusOr<int32_t> OutputTensor(int i) override {
    if (i < 0 || i >= num_outputs()) return Error(absl::StrCat("no output ", i));
    auto it = result.outputs.find(i);
    if (it != result.outputs.end()) return it->second;
    LoweredTensor t;
    t.name = Output{const_cast<Node*>(&node_), i}.TensorName();
    t.dtype = output_type(i);
    t.shape = output_shape(i);
    int32_t index = Add(std::move(t));
    result.outputs[i] = index;
    return index;
  }

  absl::Status ForwardOutput(int i, int32_t tensor) override {
    if (i < 0 || i >= num_outputs()) return Error(absl::StrCat("no output ", i));
    result.outputs[i] = tensor;
    result.forwarded[i] = tensor;
    return absl::OkStatus();
  }

  int32_t AddConstTensor(const Tensor& value, absl::string_view suffix) override {
    LoweredTensor t;
    t.name = absl::StrCat(node_.name(), "/", suffix);
    t.dtype = value.dtype();
    t.shape = PartialShape(value.shape());
    t.value = value;
    return Add(std::move(t));
  }

  int32_t AddTensor(DataType type, const PartialShape& shape, absl::string_view suffix) override {
    LoweredTensor t;
    t.name = absl::StrCat(node_.name(), "/", suffix);
    t.dtype = type;
    t.shape = shape;
    return Add(std::move(t));
  }

  void AddBuiltinOp(tflite::BuiltinOperator op, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                    tflite::BuiltinOptionsUnion options) override {
    LoweredOp& o = result.ops.emplace_back();
    o.op = op;
    o.inputs = std::move(inputs);
    o.outputs = std::move(outputs);
    o.options = std::move(options);
  }

  void AddCustomOp(const std::string& custom_code, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                   std::vector<uint8_t>) override {
    LoweredOp& o = result.ops.emplace_back();
    o.op = tflite::BuiltinOperator::CUSTOM;
    o.custom_code = custom_code;
    o.inputs = std::move(inputs);
    o.outputs = std::move(outputs);
  }

  TflTensor& tensor(int32_t index) override { return tfl_tensors_.at(index); }

  Lowered result;

 private:
  int32_t Add(LoweredTensor t) {
    TflTensor& tfl = tfl_tensors_.emplace_back();
    tfl.name = t.name;
    if (std::optional<tflite::TensorType> type = TfliteTypeOf(t.dtype)) tfl.type = *type;
    for (int64_t d : t.shape.dims()) tfl.shape.push_back(static_cast<int32_t>(d));
    result.tensors.push_back(std::move(t));
    return static_cast<int32_t>(result.tensors.size() - 1);
  }

  const Node& node_;
  LoweringOptions options_;
  std::map<int, int32_t> inputs_;
  std::deque<TflTensor> tfl_tensors_;  // what tensor() hands out; a deque keeps references valid
};

bool SameShape(const PartialShape& inferred, const std::vector<int64_t>& actual) {
  if (!inferred.known_rank()) return true;
  if (inferred.rank() != static_cast<int>(actual.size())) return false;
  for (size_t i = 0; i < actual.size(); ++i) {
    if (inferred.dim(i) >= 0 && inferred.dim(i) != actual[i]) return false;
  }
  return true;
}

}  // namespace

OpTester::OpTester(RegisterFn register_ops) {
  registry_.BeginPlugin("test", false);
  register_ops(registry_);
  registration_status_ = registry_.EndPlugin();
}

Output OpTester::Const(const std::string& name, Tensor value) {
  Node* n = graph_.AddNode(name, "Const");
  n->attrs["dtype"] = value.dtype();
  n->attrs["value"] = value;
  n->EnsureOutputs(1);
  n->outputs[0].dtype = value.dtype();
  n->outputs[0].shape = PartialShape(value.shape());
  n->outputs[0].value = std::move(value);
  return {n, 0};
}

Output OpTester::Input(const std::string& name, DataType type, PartialShape shape) {
  Node* n = graph_.AddNode(name, "Placeholder");
  n->attrs["dtype"] = type;
  n->EnsureOutputs(1);
  n->outputs[0].dtype = type;
  n->outputs[0].shape = std::move(shape);
  return {n, 0};
}

Node* OpTester::AddNode(const std::string& name, const std::string& op, std::vector<Output> inputs,
                        AttrMap attrs) {
  Node* n = graph_.AddNode(name, op);
  n->inputs = std::move(inputs);
  n->attrs = std::move(attrs);
  return n;
}

const OpRegistration* OpTester::Find(const Node& node, absl::Status* error) const {
  const OpRegistration* reg = registry_.Find(node.op());
  if (reg == nullptr) *error = absl::NotFoundError(absl::StrCat("op ", node.op(), " is not registered"));
  return reg;
}

absl::Status OpTester::Infer(Node* node) {
  absl::Status error;
  const OpRegistration* reg = Find(*node, &error);
  if (reg == nullptr) return error;
  InferenceContext c(*node);
  return reg->infer(c);
}

absl::StatusOr<std::vector<Tensor>> OpTester::Evaluate(Node* node) {
  absl::Status error;
  const OpRegistration* reg = Find(*node, &error);
  if (reg == nullptr) return error;
  if (!reg->evaluate) return absl::NotFoundError(absl::StrCat(node->op(), " has no evaluate"));
  absl::Status inferred = Infer(node);
  if (!inferred.ok()) return inferred;
  std::vector<Tensor> inputs;
  for (const Output& in : node->inputs) {
    const auto& value = in.node->outputs[in.index].value;
    if (!value.has_value()) return absl::InvalidArgumentError("Evaluate needs constant inputs");
    inputs.push_back(*value);
  }
  EvalContext c(*node, inputs);
  absl::StatusOr<std::vector<Tensor>> out = reg->evaluate(c);
  if (!out.ok()) return out;
  if (static_cast<int>(out->size()) != node->num_outputs()) {
    return absl::InternalError(
        absl::StrCat("evaluate gave ", out->size(), " outputs, infer declared ", node->num_outputs()));
  }
  for (size_t i = 0; i < out->size(); ++i) {
    const OutputInfo& info = node->outputs[i];
    const Tensor& t = (*out)[i];
    if (!t.IsValid()) return absl::InternalError(absl::StrCat("output ", i, " is not a valid tensor"));
    if (info.dtype != t.dtype() || !SameShape(info.shape, t.shape())) {
      return absl::InternalError(absl::StrCat("output ", i, ": inferred ", DataTypeName(info.dtype),
                                              info.shape.ToString(), ", evaluated ", t.DebugString()));
    }
  }
  return out;
}

absl::StatusOr<Lowered> OpTester::Lower(Node* node, LoweringOptions options) {
  absl::Status error;
  const OpRegistration* reg = Find(*node, &error);
  if (reg == nullptr) return error;
  if (!reg->lower) return absl::NotFoundError(absl::StrCat(node->op(), " has no lowering"));
  absl::Status inferred = Infer(node);
  if (!inferred.ok()) return inferred;
  FakeLoweringContext c(*node, options);
  absl::Status lowered = reg->lower(c);
  if (!lowered.ok()) return lowered;
  return std::move(c.result);
}

absl::StatusOr<std::vector<Tensor>> OpTester::Run(const std::string& op, std::vector<Tensor> inputs,
                                                  AttrMap attrs) {
  const int id = run_count_++;
  std::vector<Output> outs;
  for (size_t i = 0; i < inputs.size(); ++i) {
    outs.push_back(Const(absl::StrCat("run", id, "_in", i), std::move(inputs[i])));
  }
  Node* n = AddNode(absl::StrCat("run", id, "_", op), op, std::move(outs), std::move(attrs));
  return Evaluate(n);
}

}  // namespace tfconv
