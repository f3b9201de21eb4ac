// The contract between the reference interpreter and its kernels. A kernel is a plain function
// that reads its inputs, sizes its outputs (shapes are computed on every run, so dynamic shapes
// work) and fills them. Kernels check the types they support and return an error for any other
// combination: the interpreter must never give a wrong answer silently.
//
//   absl::Status Relu(KernelContext& c) {
//     const RtTensor& x = c.input(0);
//     if (x.type() != tflite::TensorType::FLOAT32) return c.UnsupportedType(x);
//     RtTensor& y = c.output(0);
//     y.Reset(x.type(), x.shape());
//     for (int64_t i = 0; i < x.num_elements(); ++i)
//       y.mutable_data<float>()[i] = std::max(0.f, x.data<float>()[i]);
//     return absl::OkStatus();
//   }
//   registry.AddBuiltin(tflite::BuiltinOperator::RELU, Relu);
#ifndef TFCONV_RUNTIME_CHECK_INTERPRETER_KERNEL_H_
#define TFCONV_RUNTIME_CHECK_INTERPRETER_KERNEL_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "converter/tflite/model_ir.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

class Interpreter;

class KernelContext {
 public:
  KernelContext(Interpreter& interpreter, int subgraph, int op_index, const TflOperator& op,
                const TflOperatorCode& code, std::vector<RtTensor>& tensors)
      : interpreter_(interpreter), subgraph_(subgraph), op_index_(op_index), op_(op), code_(code),
        tensors_(tensors) {}

  const TflOperator& op() const { return op_; }
  const TflOperatorCode& code() const { return code_; }
  int version() const { return code_.version; }
  int subgraph() const { return subgraph_; }
  int op_index() const { return op_index_; }
  Interpreter& interpreter() { return interpreter_; }

  int num_inputs() const { return static_cast<int>(op_.inputs.size()); }
  // False for an omitted optional input (index -1) or one past the end.
  bool has_input(int i) const { return i < num_inputs() && op_.inputs[i] >= 0; }
  const RtTensor& input(int i) const { return tensors_[op_.inputs[i]]; }
  // For inputs that an op updates in place (variable tensors such as LSTM and SVDF state).
  RtTensor& mutable_input(int i) { return tensors_[op_.inputs[i]]; }
  int num_outputs() const { return static_cast<int>(op_.outputs.size()); }
  RtTensor& output(int i) { return tensors_[op_.outputs[i]]; }
  int num_intermediates() const { return static_cast<int>(op_.intermediates.size()); }
  const RtTensor& intermediate(int i) const { return tensors_[op_.intermediates[i]]; }

  // Errors name the subgraph, the operator index, its code and its first output.
  absl::Status Error(absl::string_view message) const;
  // UNIMPLEMENTED: a valid model using something this interpreter has no kernel for.
  absl::Status Unimplemented(absl::string_view message) const;
  absl::Status UnsupportedType(const RtTensor& tensor) const;
  // Checks the operator has at least `min_inputs` inputs and exactly `outputs` outputs.
  absl::Status CheckArity(int min_inputs, int outputs) const;

 private:
  Interpreter& interpreter_;
  int subgraph_;
  int op_index_;
  const TflOperator& op_;
  const TflOperatorCode& code_;
  std::vector<RtTensor>& tensors_;
};

using KernelFn = absl::Status (*)(KernelContext&);

// Kernels by builtin code or by custom code; a later registration of the same key replaces the
// earlier one (so a plugin can override a built-in kernel).
class KernelRegistry {
 public:
  void AddBuiltin(tflite::BuiltinOperator op, KernelFn fn) { builtin_[op] = fn; }
  void AddCustom(const std::string& custom_code, KernelFn fn) { custom_[custom_code] = fn; }
  // Null when no kernel is registered.
  KernelFn Find(const TflOperatorCode& code) const;
  std::vector<tflite::BuiltinOperator> builtins() const;
  std::vector<std::string> customs() const;

 private:
  std::map<tflite::BuiltinOperator, KernelFn> builtin_;
  std::map<std::string, KernelFn> custom_;
};

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_INTERPRETER_KERNEL_H_
