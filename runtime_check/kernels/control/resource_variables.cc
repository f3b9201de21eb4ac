// Resource variables: VAR_HANDLE gives the id of a (container, shared_name) variable as a
// RESOURCE tensor holding an int32; ASSIGN_VARIABLE stores a value under that id (in the
// interpreter, so it persists across invocations and subgraphs); READ_VARIABLE copies it out.
#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/control/control_kernels.h"
#include "runtime_check/kernels/control/control_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

absl::Status ReadHandle(KernelContext& c, const RtTensor& handle, int32_t* id) {
  if (handle.type() != tflite::TensorType::RESOURCE) return c.UnsupportedType(handle);
  if (handle.byte_size() != sizeof(int32_t)) {
    return c.Error(absl::StrCat("resource handle '", handle.name(), "' holds ", handle.byte_size(),
                                " bytes instead of an int32 id; was it produced by VAR_HANDLE?"));
  }
  std::memcpy(id, handle.raw(), sizeof(int32_t));
  return absl::OkStatus();
}

absl::Status VarHandle(KernelContext& c) {
  const auto* opts = c.op().builtin_options.AsVarHandleOptions();
  if (opts == nullptr) return c.Error("VAR_HANDLE has no VarHandleOptions");
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(0, 1));
  RtTensor& out = c.output(0);
  if (out.type() != tflite::TensorType::RESOURCE) return c.UnsupportedType(out);
  const int32_t id = c.interpreter().ResourceId(opts->container, opts->shared_name);
  out.Reset(tflite::TensorType::RESOURCE, {});
  out.SetBytes({}, reinterpret_cast<const uint8_t*>(&id), sizeof(id));
  return absl::OkStatus();
}

absl::Status AssignVariable(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 0));
  int32_t id = 0;
  TFCONV_KERNEL_RETURN_IF_ERROR(ReadHandle(c, c.input(0), &id));
  const RtTensor& value = c.input(1);
  auto& vars = c.interpreter().resource_variables();
  auto it = vars.find(id);
  if (it != vars.end() && it->second.type() != value.type()) {
    return c.Error(absl::StrCat("variable ", id, " holds ", TfliteTypeName(it->second.type()),
                                ", it cannot be assigned a ", TfliteTypeName(value.type())));
  }
  // An owned copy: the value tensor is reused by later operators.
  RtTensor copy = RtTensor::Make(value.type(), {});
  copy.SetBytes(value.shape(), value.raw(), value.byte_size());
  copy.set_quantization(value.quantization());
  vars[id] = std::move(copy);
  return absl::OkStatus();
}

absl::Status ReadVariable(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  int32_t id = 0;
  TFCONV_KERNEL_RETURN_IF_ERROR(ReadHandle(c, c.input(0), &id));
  auto& vars = c.interpreter().resource_variables();
  auto it = vars.find(id);
  if (it == vars.end()) {
    return c.Error(absl::StrCat("reads variable ", id, " before any ASSIGN_VARIABLE stored a value in it"));
  }
  return CopyToOutput(c, 0, it->second);
}

}  // namespace

void RegisterResourceVariableKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::VAR_HANDLE, VarHandle);
  registry.AddBuiltin(tflite::BuiltinOperator::ASSIGN_VARIABLE, AssignVariable);
  registry.AddBuiltin(tflite::BuiltinOperator::READ_VARIABLE, ReadVariable);
}

}  // namespace tfconv
