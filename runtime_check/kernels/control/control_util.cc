#include "runtime_check/kernels/control/control_util.h"

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/interpreter.h"

namespace tfconv {

absl::Status CheckCalledSubgraph(KernelContext& c, int index, const std::string& what, int inputs, int outputs) {
  const TflModel& model = c.interpreter().model();
  const int count = static_cast<int>(model.subgraphs.size());
  if (index < 0 || index >= count) {
    return c.Error(absl::StrCat(what, " is ", index, " but the model has ", count, " subgraphs"));
  }
  if (index == c.subgraph()) {
    return c.Unimplemented(
        absl::StrCat(what, " ", index, " is the calling subgraph itself; recursion is not supported"));
  }
  const TflSubgraph& g = model.subgraphs[index];
  if (static_cast<int>(g.inputs.size()) != inputs) {
    return c.Error(absl::StrCat(what, " ", index, " takes ", g.inputs.size(), " inputs, the operator passes ", inputs));
  }
  if (outputs >= 0 && static_cast<int>(g.outputs.size()) != outputs) {
    return c.Error(
        absl::StrCat(what, " ", index, " gives ", g.outputs.size(), " outputs, the operator needs ", outputs));
  }
  return absl::OkStatus();
}

absl::Status CopyToOutput(KernelContext& c, int i, const RtTensor& value) {
  RtTensor& out = c.output(i);
  if (out.type() != value.type()) {
    return c.Error(absl::StrCat("output ", i, " ('", out.name(), "') is ", TfliteTypeName(out.type()),
                                " but the value computed for it is ", TfliteTypeName(value.type())));
  }
  out.SetBytes(value.shape(), value.raw(), value.byte_size());
  return absl::OkStatus();
}

}  // namespace tfconv
