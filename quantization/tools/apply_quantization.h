// Runs a quantization request on a TFLite model IR: reads the representative dataset, calibrates
// in the reference interpreter (full-integer modes), then quantizes (quantize.h). The converter
// calls it after its optimizations; tflite_quantize on a model read from a file.
//
//   absl::StatusOr<QuantizationRequest> request = QuantizationRequestFromFlags(flags);
//   absl::StatusOr<QuantizeReport> report = ApplyQuantization(model, *request);
//   if (!report.ok()) return report.status();   // e.g. a sample whose shape does not fit an input
//   AssignOperatorVersions(model);              // quantized ops need newer versions
//   SetMinRuntimeVersionMetadata(model);
#ifndef TFCONV_QUANTIZATION_TOOLS_APPLY_QUANTIZATION_H_
#define TFCONV_QUANTIZATION_TOOLS_APPLY_QUANTIZATION_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "quantization/options.h"
#include "quantization/tools/quantization_request.h"

namespace tfconv {

// kNone leaves the model as it is (and refuses a dataset). Full-integer modes calibrate on the
// request's dataset, or use the ranges the model records when no dataset is given (an error when
// it records none). Calibration warnings come first in the report's warnings. On error the model
// may hold calibrated ranges but is otherwise unchanged.
absl::StatusOr<QuantizeReport> ApplyQuantization(TflModel& model, const QuantizationRequest& request);

// The pieces: the subgraph a dataset feeds (that of `signature_key`; empty: the only signature, or
// subgraph 0), and calibration alone on the request's dataset (tflite_quantize --calibrate_only).
absl::StatusOr<int> DatasetSubgraph(const TflModel& model, const std::string& signature_key);
absl::Status CalibrateWithDataset(TflModel& model, const QuantizationRequest& request,
                                  std::vector<std::string>* warnings);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_TOOLS_APPLY_QUANTIZATION_H_
