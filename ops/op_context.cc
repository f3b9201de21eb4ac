#include "ops/op_context.h"

#include "absl/strings/str_cat.h"

namespace tfconv {
namespace {

const OutputInfo& InputInfo(const Node& node, int i) {
  static const OutputInfo* const kMissing = new OutputInfo();
  if (i < 0 || i >= node.num_inputs()) return *kMissing;
  const Output& in = node.inputs[i];
  if (in.node == nullptr || in.index >= in.node->num_outputs()) return *kMissing;
  return in.node->outputs[in.index];
}

const OutputInfo& OwnOutput(const Node& node, int i) {
  static const OutputInfo* const kMissing = new OutputInfo();
  if (i < 0 || i >= node.num_outputs()) return *kMissing;
  return node.outputs[i];
}

}  // namespace

absl::Status NodeError(const Node& node, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("node '", node.name(), "' (", node.op(), "): ", message));
}

absl::Status NodeUnsupported(const Node& node, absl::string_view reason) {
  return absl::UnimplementedError(absl::StrCat("node '", node.name(), "' (", node.op(), "): ", reason));
}

DataType InferenceContext::input_type(int i) const { return InputInfo(node_, i).dtype; }
const PartialShape& InferenceContext::input_shape(int i) const { return InputInfo(node_, i).shape; }
const Tensor* InferenceContext::input_value(int i) const {
  const auto& v = InputInfo(node_, i).value;
  return v.has_value() ? &*v : nullptr;
}
void InferenceContext::set_output(int i, DataType type, PartialShape shape) {
  node_.EnsureOutputs(i + 1);
  node_.outputs[i].dtype = type;
  node_.outputs[i].shape = std::move(shape);
}

void InferenceContext::set_output_value(int i, Tensor value) {
  node_.EnsureOutputs(i + 1);
  node_.outputs[i].dtype = value.dtype();
  node_.outputs[i].shape = PartialShape(value.shape());
  node_.outputs[i].value = std::move(value);
}

DataType LoweringContext::input_type(int i) const { return InputInfo(node(), i).dtype; }
const PartialShape& LoweringContext::input_shape(int i) const { return InputInfo(node(), i).shape; }
const Tensor* LoweringContext::input_value(int i) const {
  const auto& v = InputInfo(node(), i).value;
  return v.has_value() ? &*v : nullptr;
}
DataType LoweringContext::output_type(int i) const { return OwnOutput(node(), i).dtype; }
const PartialShape& LoweringContext::output_shape(int i) const { return OwnOutput(node(), i).shape; }

}  // namespace tfconv
