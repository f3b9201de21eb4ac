// IF: runs the then- or else-subgraph on inputs 1..n-1, chosen by the BOOL in input 0.
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/control/control_kernels.h"
#include "runtime_check/kernels/control/control_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

absl::Status If(KernelContext& c) {
  const auto* opts = c.op().builtin_options.AsIfOptions();
  if (opts == nullptr) return c.Error("IF has no IfOptions");
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, c.num_outputs()));
  const RtTensor& cond = c.input(0);
  if (cond.type() != tflite::TensorType::BOOL) return c.UnsupportedType(cond);
  if (cond.num_elements() != 1) {
    return c.Error(absl::StrCat("the condition must have one element, it is ", ShapeString(cond.shape())));
  }
  const int branch = cond.data<uint8_t>()[0] != 0 ? opts->then_subgraph_index : opts->else_subgraph_index;
  const int n = c.num_inputs() - 1;
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckCalledSubgraph(
      c, branch, cond.data<uint8_t>()[0] != 0 ? "then_subgraph_index" : "else_subgraph_index", n, c.num_outputs()));
  std::vector<RtTensor> args;
  args.reserve(n);
  for (int i = 1; i <= n; ++i) {
    if (!c.has_input(i)) return c.Error(absl::StrCat("input ", i, " is omitted"));
    args.push_back(c.input(i));
  }
  absl::StatusOr<std::vector<RtTensor>> results = c.interpreter().InvokeSubgraph(branch, args);
  if (!results.ok()) return results.status();
  for (int i = 0; i < c.num_outputs(); ++i) TFCONV_KERNEL_RETURN_IF_ERROR(CopyToOutput(c, i, (*results)[i]));
  return absl::OkStatus();
}

}  // namespace

void RegisterIfKernel(KernelRegistry& registry) { registry.AddBuiltin(tflite::BuiltinOperator::IF, If); }

}  // namespace tfconv
