// WHILE: runs the body subgraph on the loop variables for as long as the condition subgraph
// returns true. Loop variables may change shape from one iteration to the next; the outputs are
// their final values (the inputs themselves when the condition is false at once).
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/control/control_kernels.h"
#include "runtime_check/kernels/control/control_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

// A model whose condition never turns false would hang a validation run; this bound is far above
// any real loop we run and turns such a model into an error naming the operator.
constexpr int64_t kMaxIterations = 100'000'000;

absl::Status ReadCondition(KernelContext& c, const RtTensor& cond, bool* value) {
  if (cond.type() != tflite::TensorType::BOOL) {
    return c.Error(
        absl::StrCat("the condition subgraph must return a BOOL, it returned ", TfliteTypeName(cond.type())));
  }
  if (cond.num_elements() != 1) {
    return c.Error(
        absl::StrCat("the condition subgraph must return one element, it returned ", ShapeString(cond.shape())));
  }
  *value = cond.data<uint8_t>()[0] != 0;
  return absl::OkStatus();
}

absl::Status While(KernelContext& c) {
  const auto* opts = c.op().builtin_options.AsWhileOptions();
  if (opts == nullptr) return c.Error("WHILE has no WhileOptions");
  const int n = c.num_inputs();
  if (c.num_outputs() != n) {
    return c.Error(
        absl::StrCat("WHILE needs as many outputs as inputs, it has ", n, " inputs and ", c.num_outputs(), " outputs"));
  }
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckCalledSubgraph(c, opts->cond_subgraph_index, "cond_subgraph_index", n, 1));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckCalledSubgraph(c, opts->body_subgraph_index, "body_subgraph_index", n, n));

  std::vector<RtTensor> vars;
  vars.reserve(n);
  for (int i = 0; i < n; ++i) {
    if (!c.has_input(i)) return c.Error(absl::StrCat("loop variable ", i, " is omitted"));
    vars.push_back(c.input(i));
  }
  Interpreter& interp = c.interpreter();
  for (int64_t iteration = 0;; ++iteration) {
    absl::StatusOr<std::vector<RtTensor>> cond = interp.InvokeSubgraph(opts->cond_subgraph_index, vars);
    if (!cond.ok()) return cond.status();
    bool go_on = false;
    TFCONV_KERNEL_RETURN_IF_ERROR(ReadCondition(c, (*cond)[0], &go_on));
    if (!go_on) break;
    if (iteration >= kMaxIterations) {
      return c.Error(absl::StrCat("the loop did not end after ", kMaxIterations, " iterations"));
    }
    absl::StatusOr<std::vector<RtTensor>> next = interp.InvokeSubgraph(opts->body_subgraph_index, vars);
    if (!next.ok()) return next.status();
    vars = *std::move(next);
  }
  for (int i = 0; i < n; ++i) TFCONV_KERNEL_RETURN_IF_ERROR(CopyToOutput(c, i, vars[i]));
  return absl::OkStatus();
}

}  // namespace

void RegisterWhileKernel(KernelRegistry& registry) { registry.AddBuiltin(tflite::BuiltinOperator::WHILE, While); }

}  // namespace tfconv
