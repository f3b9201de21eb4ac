// The logic of tflite_analyze: what tf.lite.experimental.Analyzer reports about a .tflite model,
// and more. Per subgraph, every operator with its version and its input/output tensors (name,
// type, shape, shape signature, quantization summary, constness) and, with a hardware profile,
// whether the target runs it and every reason it does not; the buffers (sizes, total weight
// bytes, all-zero buffers, buffers with identical contents); a model summary (op histogram,
// tensor type histogram, min_runtime_version metadata against the value computed from the ops,
// activation arena estimate per subgraph).
//
//   absl::StatusOr<TflModel> model = ReadModelFile(path);
//   absl::StatusOr<HardwareProfile> profile = LoadProfile("edgetpu");
//   AnalyzeOptions options{.model_path = path, .profile = &*profile};
//   std::cout << AnalyzeModelText(*model, options);   // for people
//   std::cout << AnalyzeModelJson(*model, options);   // one JSON object, stable key order
#ifndef TFCONV_RUNTIME_CHECK_ANALYZE_ANALYSIS_H_
#define TFCONV_RUNTIME_CHECK_ANALYZE_ANALYSIS_H_

#include <string>

#include "converter/tflite/model_ir.h"
#include "runtime_check/profiles/compat_check.h"
#include "runtime_check/profiles/profile.h"

namespace tfconv {

struct AnalyzeOptions {
  std::string model_path;                    // shown in the header; may be empty
  const HardwareProfile* profile = nullptr;  // optional
};

std::string AnalyzeModelText(const TflModel& model, const AnalyzeOptions& options);
std::string AnalyzeModelJson(const TflModel& model, const AnalyzeOptions& options);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_ANALYZE_ANALYSIS_H_
