// Helpers the control-flow kernels share: checking a subgraph index from the options and copying
// a runtime tensor into an operator output.
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_CONTROL_CONTROL_UTIL_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_CONTROL_CONTROL_UTIL_H_

#include <string>

#include "absl/status/status.h"
#include "runtime_check/interpreter/kernel.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

// Checks that `index` names a subgraph of the model other than the caller's, taking `inputs`
// inputs and giving `outputs` outputs (-1: any number). `what` names the option in errors.
absl::Status CheckCalledSubgraph(KernelContext& c, int index, const std::string& what, int inputs, int outputs);

// Copies `value` (type, shape and bytes, STRING included) into operator output `i`, whose type
// in the model must match.
absl::Status CopyToOutput(KernelContext& c, int i, const RtTensor& value);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_CONTROL_CONTROL_UTIL_H_
