// The real numbers a tensor of the reference interpreter stands for, and back: what the debugger
// compares and what it feeds a quantized model.
//
//   std::vector<double> real = RealValues(t);     // int8 x with scale s, zero point z: s * (x - z)
//   std::vector<double> s = ElementScales(t);     // per element (per-axis aware); empty: no scale
//   absl::Status st = StoreRealValues(real, q);   // quantizes into q (its type and parameters)
#ifndef TFCONV_QUANTIZATION_DEBUG_QUANT_VALUES_H_
#define TFCONV_QUANTIZATION_DEBUG_QUANT_VALUES_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

// Integer tensors with a scale are dequantized (per axis when they carry one scale per channel);
// float16 is widened; other numeric tensors give their values; non-numeric types give nothing.
std::vector<double> RealValues(const RtTensor& tensor);

// The quantization step of each element (empty when the tensor is not an integer tensor with a scale).
std::vector<double> ElementScales(const RtTensor& tensor);

// True for an integer tensor carrying a scale (what RealValues dequantizes).
bool HasIntegerQuantization(const RtTensor& tensor);

// Writes `values` into `tensor` (same element count) in its type: quantized types round to nearest
// (half away from zero, as TFLite's QUANTIZE) and clamp; FLOAT16 rounds to nearest even; FLOAT32
// stores as is. Errors for other types or a count mismatch.
absl::Status StoreRealValues(absl::Span<const double> values, RtTensor& tensor);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_DEBUG_QUANT_VALUES_H_
