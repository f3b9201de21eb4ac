// Registers the reference interpreter's control kernels: WHILE, IF, CALL_ONCE and the resource
// variable ops VAR_HANDLE, ASSIGN_VARIABLE, READ_VARIABLE. They call other subgraphs through
// Interpreter::InvokeSubgraph and keep variables in Interpreter::resource_variables().
//
//   KernelRegistry registry;
//   RegisterControlKernels(registry);
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_CONTROL_CONTROL_KERNELS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_CONTROL_CONTROL_KERNELS_H_

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {

void RegisterControlKernels(KernelRegistry& registry);

// The parts, one per file.
void RegisterWhileKernel(KernelRegistry& registry);
void RegisterIfKernel(KernelRegistry& registry);
void RegisterCallOnceKernel(KernelRegistry& registry);
void RegisterResourceVariableKernels(KernelRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_CONTROL_CONTROL_KERNELS_H_
