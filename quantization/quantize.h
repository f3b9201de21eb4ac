// Post-training quantization of a float TFLite model IR, following the TFLite quantization spec
// (tensorflow/lite/g3doc/performance/quantization_spec.md; FORMATS.md "Quantization").
//
//   TflModel model = ...;                         // float; for kInt8/kInt16x8 calibrated first:
//   CalibrateModel(model, samples);               // quantization/calibration/calibrate.h
//   QuantizeOptions options{.mode = QuantizationMode::kInt8};
//   absl::StatusOr<QuantizeReport> report = QuantizeModel(model, options);
//   if (!report.ok()) return report.status();     // e.g. an op without an int8 kernel, integer-only
//   AssignOperatorVersions(model);                // op_version.h: quantized ops need newer versions
//
// Full-integer modes read each float tensor's calibrated range from TflTensor::quantization (min /
// max), the form the official calibrator writes (the `*_calibrated.bin` test models); a tensor the
// quantized graph needs without a range is an error naming it.
#ifndef TFCONV_QUANTIZATION_QUANTIZE_H_
#define TFCONV_QUANTIZATION_QUANTIZE_H_

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "quantization/options.h"

namespace tfconv {

// Dispatches on options.mode (kNone leaves the model as it is). On error the model is unchanged.
absl::StatusOr<QuantizeReport> QuantizeModel(TflModel& model, const QuantizeOptions& options);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_QUANTIZE_H_
