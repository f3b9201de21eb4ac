// Registers the reference interpreter's sequence kernels: LSTM, UNIDIRECTIONAL_SEQUENCE_LSTM and
// SVDF, float and integer, bit-exact with LiteRT's reference integer kernels.
//
//   KernelRegistry registry;
//   RegisterSequenceKernels(registry);
//
// TFLite Micro's integer LSTM rounds differently from LiteRT's (look-up-table sigmoid/tanh,
// multiplier-based products). To reproduce a Micro golden output, switch the kernel over:
//
//   KernelRegistry micro = BuiltinKernels();
//   UseMicroLstmNumerics(micro);
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_SEQUENCE_KERNELS_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_SEQUENCE_KERNELS_H_

#include "runtime_check/interpreter/kernel.h"

namespace tfconv {

void RegisterSequenceKernels(KernelRegistry& registry);

// Replaces UNIDIRECTIONAL_SEQUENCE_LSTM with the variant whose integer path follows TFLite Micro
// (standard LSTMs only; the float path is the same).
void UseMicroLstmNumerics(KernelRegistry& registry);

// The parts, one per file.
void RegisterLstmKernels(KernelRegistry& registry);
void RegisterSvdfKernel(KernelRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_SEQUENCE_KERNELS_H_
