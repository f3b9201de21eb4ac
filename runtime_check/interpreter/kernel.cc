#include "runtime_check/interpreter/kernel.h"

#include "absl/strings/str_cat.h"
#include "converter/tflite/model_check.h"

namespace tfconv {

absl::Status KernelContext::Error(absl::string_view message) const {
  std::string where = absl::StrCat("subgraph ", subgraph_, ", operator ", op_index_, " (",
                                   OperatorCodeName(code_), " v", code_.version);
  if (!op_.outputs.empty() && op_.outputs[0] >= 0) {
    absl::StrAppend(&where, ", output '", tensors_[op_.outputs[0]].name(), "'");
  }
  return absl::InvalidArgumentError(absl::StrCat(where, "): ", message));
}

absl::Status KernelContext::Unimplemented(absl::string_view message) const {
  return absl::UnimplementedError(Error(message).message());
}

absl::Status KernelContext::UnsupportedType(const RtTensor& tensor) const {
  return Unimplemented(absl::StrCat("the reference interpreter has no kernel for tensor '", tensor.name(),
                                    "' of type ", TfliteTypeName(tensor.type()),
                                    tensor.is_quantized() ? " (quantized)" : "", " in this op"));
}

absl::Status KernelContext::CheckArity(int min_inputs, int outputs) const {
  if (num_inputs() < min_inputs || num_outputs() != outputs) {
    return Error(absl::StrCat("expected at least ", min_inputs, " inputs and ", outputs,
                              " outputs, the model has ", num_inputs(), " and ", num_outputs()));
  }
  for (int i = 0; i < min_inputs; ++i) {
    if (op_.inputs[i] < 0) return Error(absl::StrCat("required input ", i, " is omitted"));
  }
  return absl::OkStatus();
}

KernelFn KernelRegistry::Find(const TflOperatorCode& code) const {
  if (code.builtin_code == tflite::BuiltinOperator::CUSTOM) {
    auto it = custom_.find(code.custom_code);
    return it == custom_.end() ? nullptr : it->second;
  }
  auto it = builtin_.find(code.builtin_code);
  return it == builtin_.end() ? nullptr : it->second;
}

std::vector<tflite::BuiltinOperator> KernelRegistry::builtins() const {
  std::vector<tflite::BuiltinOperator> out;
  for (const auto& [op, fn] : builtin_) out.push_back(op);
  return out;
}

std::vector<std::string> KernelRegistry::customs() const {
  std::vector<std::string> out;
  for (const auto& [name, fn] : custom_) out.push_back(name);
  return out;
}

}  // namespace tfconv
