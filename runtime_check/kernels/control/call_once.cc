// CALL_ONCE: runs the initialization subgraph (no inputs, no outputs) the first time it is
// reached in an interpreter; ResetVariables() makes it run again.
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/control/control_kernels.h"
#include "runtime_check/kernels/control/control_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

absl::Status CallOnce(KernelContext& c) {
  const auto* opts = c.op().builtin_options.AsCallOnceOptions();
  if (opts == nullptr) return c.Error("CALL_ONCE has no CallOnceOptions");
  if (c.num_inputs() != 0 || c.num_outputs() != 0) return c.Error("CALL_ONCE takes no inputs and gives no outputs");
  const int init = opts->init_subgraph_index;
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckCalledSubgraph(c, init, "init_subgraph_index", 0, -1));
  Interpreter& interp = c.interpreter();
  if (interp.call_once_done()[init]) return absl::OkStatus();
  absl::StatusOr<std::vector<RtTensor>> ran = interp.InvokeSubgraph(init, {});
  if (!ran.ok()) return ran.status();
  interp.call_once_done()[init] = true;
  return absl::OkStatus();
}

}  // namespace

void RegisterCallOnceKernel(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::CALL_ONCE, CallOnce);
}

}  // namespace tfconv
