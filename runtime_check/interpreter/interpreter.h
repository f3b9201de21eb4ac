// The reference interpreter: runs a TFLite model (as read from the written flatbuffer) with simple
// kernels that follow the TFLite reference semantics, float and quantized.
//
//   absl::StatusOr<TflModel> model = ReadModelFile("m.tflite");
//   auto interp = Interpreter::Create(std::make_shared<TflModel>(*std::move(model)), BuiltinKernels());
//   std::vector<RtTensor> inputs = {RtTensor::Make(tflite::TensorType::FLOAT32, {1, 4})};
//   ...fill inputs[0]...
//   absl::StatusOr<std::vector<RtTensor>> outputs = (*interp)->Invoke(/*subgraph=*/0, inputs);
#ifndef TFCONV_RUNTIME_CHECK_INTERPRETER_INTERPRETER_H_
#define TFCONV_RUNTIME_CHECK_INTERPRETER_INTERPRETER_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "converter/tflite/model_ir.h"
#include "runtime_check/interpreter/kernel.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

// Called after each operator with its output tensors, which it may read (calibration, per-tensor
// comparison) or change (fp16 emulation rounds them).
using OpObserver = std::function<void(int subgraph, int op_index, const TflOperator& op, KernelContext& ctx)>;

class Interpreter {
 public:
  // Fails when an operator has no kernel (naming it), so an unsupported model is refused before it runs.
  static absl::StatusOr<std::unique_ptr<Interpreter>> Create(std::shared_ptr<const TflModel> model,
                                                             const KernelRegistry& kernels);

  const TflModel& model() const { return *model_; }
  // The subgraph a signature runs; with an empty key, the only signature or else subgraph 0.
  absl::StatusOr<int> SubgraphOfSignature(const std::string& key) const;

  // Runs subgraph `subgraph` on `inputs` (in the subgraph's input order; types must match and each
  // dimension must equal the model's, except dimensions the shape signature marks -1).
  absl::StatusOr<std::vector<RtTensor>> Invoke(int subgraph, absl::Span<const RtTensor> inputs);
  // The same, for kernels that call subgraphs (WHILE, IF, CALL_ONCE): no shape checks against the
  // model beyond the type, as control flow may resize loop variables.
  absl::StatusOr<std::vector<RtTensor>> InvokeSubgraph(int subgraph, absl::Span<const RtTensor> inputs);

  void set_observer(OpObserver observer) { observer_ = std::move(observer); }
  // Sets variable tensors (is_variable) back to their initial values.
  void ResetVariables();

  // Resource variables (VAR_HANDLE / READ_VARIABLE / ASSIGN_VARIABLE), keyed by the id a handle holds.
  std::map<int32_t, RtTensor>& resource_variables() { return resource_variables_; }
  // The id for a (container, shared_name) pair, created on first use.
  int32_t ResourceId(const std::string& container, const std::string& shared_name);
  // Subgraphs that CALL_ONCE has already run.
  std::map<int, bool>& call_once_done() { return call_once_done_; }

  // The tensors of a subgraph after the last run (tests and debuggers read intermediates here).
  const std::vector<RtTensor>& tensors(int subgraph) const { return state_[subgraph]; }

 private:
  Interpreter(std::shared_ptr<const TflModel> model, std::vector<std::vector<KernelFn>> kernels);
  void InitTensors(int subgraph);
  absl::Status Run(int subgraph);

  std::shared_ptr<const TflModel> model_;
  std::vector<std::vector<KernelFn>> kernels_;  // per subgraph, per operator
  std::vector<std::vector<RtTensor>> state_;    // per subgraph, per tensor
  std::vector<int> depth_;                      // recursion guard per subgraph
  OpObserver observer_;
  std::map<int32_t, RtTensor> resource_variables_;
  std::map<std::pair<std::string, std::string>, int32_t> resource_ids_;
  std::map<int, bool> call_once_done_;
};

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_INTERPRETER_INTERPRETER_H_
