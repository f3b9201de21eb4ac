#include "quantization/tools/quantize_flags.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

ABSL_FLAG(std::string, optimizations, "",
          "Quantize: DEFAULT (OPTIMIZE_FOR_SIZE and OPTIMIZE_FOR_LATENCY are its deprecated aliases). Without a "
          "representative dataset: dynamic range (int8 weights); with one: full integer int8.");
ABSL_FLAG(std::string, representative_dataset, "",
          "Calibration samples for full integer quantization: a folder of .npy files (one per sample, one-input "
          "models), of .json files (one sample each), or of sub-folders (one per sample, holding <input name>.npy); "
          "a .json file with a list of samples; or a .npy file stacking the samples along its first dimension.");
ABSL_FLAG(std::string, representative_dataset_signature, "",
          "The signature whose inputs the representative dataset gives (default: the model's only signature, or "
          "its first subgraph).");
ABSL_FLAG(std::string, target_ops, "",
          "Comma-separated op sets: TFLITE_BUILTINS (default; float fallback allowed), TFLITE_BUILTINS_INT8 (alone: "
          "integer only, an op without an int8 kernel is an error), "
          "EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8 (16x8: int16 activations, int8 weights).");
ABSL_FLAG(std::string, supported_types, "",
          "Comma-separated types the target supports: float16 (with --optimizations=DEFAULT: float16 weights), "
          "int8 (alone: integer-only int8).");
ABSL_FLAG(std::string, inference_input_type, "",
          "Type of the quantized model's inputs: FLOAT32 (default), INT8 or UINT8 (int8 quantization), INT16 (16x8).");
ABSL_FLAG(std::string, inference_output_type, "",
          "Type of the quantized model's outputs: FLOAT32 (default), INT8 or UINT8 (int8 quantization), INT16 (16x8).");
ABSL_FLAG(std::string, quantize_denylist, "",
          "RE2 pattern matched (partially) against operator output names and tensor names: those operators "
          "stay float and those weights are not quantized.");

namespace tfconv {

QuantizationFlags QuantizationFlagsFromCommandLine() {
  QuantizationFlags f;
  f.optimizations = absl::GetFlag(FLAGS_optimizations);
  f.representative_dataset = absl::GetFlag(FLAGS_representative_dataset);
  f.representative_dataset_signature = absl::GetFlag(FLAGS_representative_dataset_signature);
  f.target_ops = absl::GetFlag(FLAGS_target_ops);
  f.supported_types = absl::GetFlag(FLAGS_supported_types);
  f.inference_input_type = absl::GetFlag(FLAGS_inference_input_type);
  f.inference_output_type = absl::GetFlag(FLAGS_inference_output_type);
  f.quantize_denylist = absl::GetFlag(FLAGS_quantize_denylist);
  return f;
}

std::function<void(size_t, size_t)> CalibrationProgressLine(const std::string& tool, size_t min_samples) {
  using Clock = std::chrono::steady_clock;
  struct State {
    Clock::time_point start = Clock::now();
    Clock::time_point last;
    size_t last_quarter = 0;
    bool tty = isatty(STDERR_FILENO) != 0;
  };
  auto state = std::make_shared<State>();
  return [tool, min_samples, state](size_t done, size_t total) {
    if (total < min_samples || total == 0) return;
    const Clock::time_point now = Clock::now();
    if (done == total) {
      const double seconds = std::chrono::duration<double>(now - state->start).count();
      std::fprintf(stderr, "%s%s: calibrated on %zu samples in %.2f s (%.1f samples/s)\n", state->tty ? "\r" : "",
                   tool.c_str(), total, seconds, seconds > 0 ? total / seconds : 0.0);
      std::fflush(stderr);
      return;
    }
    if (state->tty) {
      if (done != 1 && now - state->last < std::chrono::milliseconds(100)) return;
      state->last = now;
      std::fprintf(stderr, "\r%s: calibrating: %zu/%zu samples", tool.c_str(), done, total);
    } else {
      const size_t quarter = done * 4 / total;
      if (done != 1 && quarter == state->last_quarter) return;
      state->last_quarter = quarter;
      std::fprintf(stderr, "%s: calibrating: %zu/%zu samples\n", tool.c_str(), done, total);
    }
    std::fflush(stderr);
  };
}

std::string QuantizeSummary(const std::string& tool, const QuantizationRequest& request,
                            const QuantizeReport& report) {
  const QuantizeOptions& o = request.options;
  std::string mode = QuantizationModeName(o.mode);
  if (o.mode == QuantizationMode::kInt8 || o.mode == QuantizationMode::kInt16x8) {
    absl::StrAppend(&mode, o.integer_only ? " (integer only)" : " (float fallback)");
  }
  std::string out = absl::StrCat(tool, ": quantized ", mode, ": ", report.quantized_operators, " operator(s)");
  if (!report.float_operators.empty()) absl::StrAppend(&out, ", ", report.float_operators.size(), " left float");
  absl::StrAppend(&out, "\n");
  for (const std::string& f : report.float_operators) absl::StrAppend(&out, tool, ":   float: ", f, "\n");
  for (const std::string& w : report.warnings) absl::StrAppend(&out, tool, ": warning: ", w, "\n");
  return out;
}

}  // namespace tfconv
