// The quantization flags of tflite_convert and tflite_quantize (named after the official Python
// API): --optimizations, --representative_dataset, --target_ops, --supported_types,
// --inference_input_type, --inference_output_type, --quantize_denylist, and
// --representative_dataset_signature. Defined once here, so both
// commands take the same words; plus the calibration progress line and the summary they print.
//
//   std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
//   QuantizationFlags flags = QuantizationFlagsFromCommandLine();
//   absl::StatusOr<QuantizationRequest> q = QuantizationRequestFromFlags(flags);
//   q->calibration_progress = CalibrationProgressLine("tflite_convert");
#ifndef TFCONV_QUANTIZATION_TOOLS_QUANTIZE_FLAGS_H_
#define TFCONV_QUANTIZATION_TOOLS_QUANTIZE_FLAGS_H_

#include <cstddef>
#include <functional>
#include <string>

#include "quantization/options.h"
#include "quantization/tools/quantization_request.h"

namespace tfconv {

// The flags' values after absl::ParseCommandLine (model_calibrated false).
QuantizationFlags QuantizationFlagsFromCommandLine();

// A progress callback that writes "<tool>: calibrating: k/N samples" to stderr when the dataset
// has at least `min_samples` samples: updated in place on a terminal, every 25% otherwise, and a
// last line with the time taken and the samples per second.
std::function<void(size_t done, size_t total)> CalibrationProgressLine(const std::string& tool,
                                                                      size_t min_samples = 10);

// "int8 (float fallback): 12 operators quantized, 1 left float: SOFTMAX 'y' (...)": one line, then
// the float operators and warnings one per line, each prefixed with "<tool>: ".
std::string QuantizeSummary(const std::string& tool, const QuantizationRequest& request,
                            const QuantizeReport& report);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_TOOLS_QUANTIZE_FLAGS_H_
