#include "runtime_check/kernels/array/array_kernels.h"
#include "runtime_check/kernels/array/array_ops.h"

namespace tfconv {

void RegisterArrayKernels(KernelRegistry& registry) {
  RegisterReshapeKernels(registry);
  RegisterConcatenationKernel(registry);
  RegisterPadKernels(registry);
  RegisterSliceKernels(registry);
  RegisterGatherKernels(registry);
  RegisterTransposeKernel(registry);
  RegisterPackKernels(registry);
  RegisterSplitKernels(registry);
  RegisterSpaceBatchKernels(registry);
  RegisterTileKernels(registry);
  RegisterShapeKernels(registry);
  RegisterReverseKernel(registry);
  RegisterWhereKernel(registry);
  RegisterOneHotKernel(registry);
  RegisterResizeKernels(registry);
  RegisterTopKKernel(registry);
  RegisterUniqueKernel(registry);
  RegisterScatterKernels(registry);
  RegisterMatrixDiagKernels(registry);
}

}  // namespace tfconv
