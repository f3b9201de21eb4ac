// Dynamic-range quantization (--optimizations=DEFAULT without a representative dataset): weights
// become int8, activations stay float, as the official converter decides it (MLIR dynamic-range
// quantizer, legacy float scales):
//  - int8 symmetric in [-127, 127]; per channel for CONV_2D (dim 0), DEPTHWISE_CONV_2D (dim 3) and
//    TRANSPOSE_CONV (dim 0), per tensor elsewhere (options.disable_per_channel: per tensor always);
//  - weights with fewer than options.weights_min_num_elements elements stay float;
//  - operators with a hybrid kernel (FULLY_CONNECTED, CONV_2D, DEPTHWISE_CONV_2D, BATCH_MATMUL,
//    EMBEDDING_LOOKUP, SVDF, RNN / LSTM families) read the int8 weight directly, with
//    asymmetric_quantize_inputs set where the options have it; TRANSPOSE_CONV reads it through a
//    DEQUANTIZE; GATHER gathers int8 rows and a DEQUANTIZE follows it; biases stay float;
//  - a weight read by several operators is quantized once per distinct scale layout;
//  - operators and tensors matching options.denylist_regex stay float.
//
//   QuantizeOptions options;
//   options.mode = QuantizationMode::kDynamicRange;
//   absl::StatusOr<QuantizeReport> r = QuantizeDynamicRange(model, options);
//   // Operator versions are assigned (hybrid CONV_2D v5 per channel or v2, hybrid FC v9 ...).
#ifndef TFCONV_QUANTIZATION_DYNAMIC_RANGE_H_
#define TFCONV_QUANTIZATION_DYNAMIC_RANGE_H_

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "quantization/options.h"

namespace tfconv {

// On error (an invalid denylist pattern) the model is unchanged.
absl::StatusOr<QuantizeReport> QuantizeDynamicRange(TflModel& model, const QuantizeOptions& options);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_DYNAMIC_RANGE_H_
