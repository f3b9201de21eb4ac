// Helpers every kernel family uses: fused activations (float and quantized clamp ranges),
// broadcasting, options access with a clear error when they are missing.
//
//   const auto* opts = c.op().builtin_options.AsAddOptions();
//   int32_t lo, hi;
//   TFCONV_RETURN_IF_ERROR(QuantizedActivationRange(c, opts->fused_activation_function, out, &lo, &hi));
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_KERNEL_UTIL_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_KERNEL_UTIL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "runtime_check/interpreter/kernel.h"
#include "runtime_check/interpreter/rt_tensor.h"

#define TFCONV_KERNEL_RETURN_IF_ERROR(expr)        \
  do {                                             \
    if (absl::Status _s = (expr); !_s.ok()) return _s; \
  } while (0)

namespace tfconv {

// Applies a fused activation to a float value (NONE, RELU, RELU_N1_TO_1, RELU6, TANH, SIGN_BIT).
float ApplyActivation(float x, tflite::ActivationFunctionType act);
// Checks the fused activation is one the float path handles.
absl::Status CheckFloatActivation(const KernelContext& c, tflite::ActivationFunctionType act);
// The clamp range of a quantized output under a fused activation: the type's range narrowed by
// quantize(0), quantize(6), quantize(+-1) as the activation requires. TANH/SIGN_BIT are refused.
absl::Status QuantizedActivationRange(const KernelContext& c, tflite::ActivationFunctionType act,
                                      const RtTensor& output, int32_t* min, int32_t* max);

// NumPy broadcasting of two shapes; an error when a pair of dimensions is neither equal nor 1.
absl::Status BroadcastShapes(const KernelContext& c, const std::vector<int32_t>& a,
                             const std::vector<int32_t>& b, std::vector<int32_t>* out);
// For each flat index of `out_shape`, the flat index into a tensor of `in_shape` broadcast to it.
std::vector<int64_t> BroadcastIndexMap(const std::vector<int32_t>& in_shape, const std::vector<int32_t>& out_shape);

// Reads element `i` of an integer-typed tensor (INT8..INT64, UINT8, BOOL) as int64.
int64_t ReadInt(const RtTensor& t, int64_t i);
// Reads a 1-D integer tensor (e.g. a shape or axis operand) as int64 values.
std::vector<int64_t> ReadInts(const RtTensor& t);
bool IsIntegerType(tflite::TensorType type);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_KERNEL_UTIL_H_
