// Full-integer post-training quantization (int8, and 16x8: int16 activations with int8 weights) of
// a calibrated float model, following the official quantizer and the TFLite quantization spec:
// activations per tensor from their calibrated min/max (int8 asymmetric, int16 symmetric), weights
// int8 symmetric (per channel for CONV_2D, DEPTHWISE_CONV_2D and TRANSPOSE_CONV), biases int32
// (int64 in 16x8) at input scale x weight scale, the fixed output parameters of LOGISTIC / SOFTMAX /
// TANH / LOG_SOFTMAX / L2_NORMALIZATION, one scale through RESHAPE, pools, CONCATENATION..., and the
// SVDF / LSTM integer kernels' tensor kinds.
//
//   CalibrateModel(model, samples);                       // quantization/calibration/calibrate.h
//   QuantizeOptions options;
//   options.mode = QuantizationMode::kInt8;               // or kInt16x8
//   options.inference_input_type = tflite::TensorType::INT8;
//   absl::StatusOr<QuantizeReport> report = QuantizeFullIntegerModel(model, options);
//
// Operators without an integer kernel (or matching options.denylist_regex) stay float between a
// DEQUANTIZE and a QUANTIZE (one per tensor, shared by its readers); with options.integer_only they
// are an error naming each of them. The entry subgraphs (subgraph 0 and those of signatures) and
// the CALL_ONCE initializers they run are quantized; other control flow (WHILE, IF) stays float with
// the subgraphs it calls. Resource variables take one range over all their reads and assignments.
// Operator versions are assigned (op_version.h) before returning. On error the model is unchanged.
#ifndef TFCONV_QUANTIZATION_FULL_INTEGER_FULL_INTEGER_H_
#define TFCONV_QUANTIZATION_FULL_INTEGER_FULL_INTEGER_H_

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "quantization/options.h"

namespace tfconv {

absl::StatusOr<QuantizeReport> QuantizeFullIntegerModel(TflModel& model, const QuantizeOptions& options);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_FULL_INTEGER_FULL_INTEGER_H_
