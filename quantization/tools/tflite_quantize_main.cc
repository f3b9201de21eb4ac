// tflite_quantize: post-training quantization of an existing float .tflite, with the quantization
// flags of tflite_convert.
//
//   tflite_quantize --input_file=float.tflite --output_file=dr.tflite --optimizations=DEFAULT
//   tflite_quantize --input_file=float.tflite --output_file=int8.tflite --optimizations=DEFAULT
//       --representative_dataset=calib/ [--target_ops=TFLITE_BUILTINS_INT8]
//       [--inference_input_type=INT8 --inference_output_type=INT8] [--quantize_denylist=REGEX]
//   tflite_quantize --input_file=calibrated.tflite --output_file=int8.tflite --optimizations=DEFAULT
//       (a model that already records min/max needs no dataset for full integer quantization)
//   tflite_quantize --input_file=float.tflite --output_file=calibrated.tflite --calibrate_only
//       --representative_dataset=calib/   (the float model with the ranges recorded, nothing quantized)
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "converter/optimize/cleanup.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "converter/tflite/op_version.h"
#include "converter/tflite/runtime_version.h"
#include "quantization/tools/apply_quantization.h"
#include "quantization/tools/quantization_request.h"
#include "quantization/tools/quantize_flags.h"
#include "runtime_check/interpreter/rt_tensor.h"

ABSL_FLAG(std::string, input_file, "", "The float .tflite model to quantize.");
ABSL_FLAG(std::string, output_file, "", "Where to write the quantized .tflite (nothing is written on error).");
ABSL_FLAG(bool, calibrate_only, false,
          "Only calibrate on --representative_dataset: write the float model with each tensor's min/max recorded "
          "(the input a later run quantizes without a dataset, as the official calibrator's output).");

namespace {

int Fail(const std::string& message, int code = 1) {
  std::cerr << "tflite_quantize: error: " << message << "\n";
  return code;
}

// A tensor that shows the model is quantized already: integer with a scale, or float16 weights.
std::string QuantizedTensor(const tfconv::TflModel& model) {
  using T = tflite::TensorType;
  for (const tfconv::TflSubgraph& g : model.subgraphs) {
    for (const tfconv::TflTensor& t : g.tensors) {
      const bool scaled = t.quantization && !t.quantization->scale.empty();
      const bool constant = t.buffer != 0 && t.buffer < model.buffers.size() && !model.buffers[t.buffer].data.empty();
      if ((scaled && (t.type == T::INT8 || t.type == T::UINT8 || t.type == T::INT16)) ||
          (constant && t.type == T::FLOAT16)) {
        return absl::StrCat("tensor '", t.name, "' is ", tfconv::TfliteTypeName(t.type),
                            scaled ? " with a quantization scale" : " weights");
      }
    }
  }
  return "";
}

bool Quantized(const std::string& input, const tfconv::TflModel& model, int* exit_code) {
  std::string q = QuantizedTensor(model);
  if (q.empty()) return false;
  *exit_code = Fail(absl::StrCat(input, " is quantized already (", q, "); tflite_quantize takes a float model"));
  return true;
}

int CalibrateOnly(const std::string& input, const std::string& output, const tfconv::QuantizationFlags& flags) {
  if (flags.representative_dataset.empty()) {
    return Fail("--calibrate_only needs the samples: give --representative_dataset=PATH", 2);
  }
  for (const auto& [name, value] :
       {std::pair<const char*, const std::string*>{"optimizations", &flags.optimizations},
        {"target_ops", &flags.target_ops},
        {"supported_types", &flags.supported_types},
        {"inference_input_type", &flags.inference_input_type},
        {"inference_output_type", &flags.inference_output_type},
        {"quantize_denylist", &flags.quantize_denylist}}) {
    if (!value->empty()) {
      return Fail(absl::StrCat("--calibrate_only writes the float model with its ranges and quantizes nothing; "
                               "leave out --", name),
                  2);
    }
  }
  absl::StatusOr<tfconv::TflModel> model = tfconv::ReadModelFile(input);
  if (!model.ok()) return Fail(std::string(model.status().message()));
  if (int code = 0; Quantized(input, *model, &code)) return code;
  tfconv::QuantizationRequest request;
  request.representative_dataset = flags.representative_dataset;
  request.signature_key = flags.representative_dataset_signature;
  request.calibration_progress = tfconv::CalibrationProgressLine("tflite_quantize");
  std::vector<std::string> warnings;
  if (absl::Status s = tfconv::CalibrateWithDataset(*model, request, &warnings); !s.ok()) {
    return Fail(std::string(s.message()));
  }
  for (const std::string& w : warnings) std::cerr << "tflite_quantize: warning: " << w << "\n";
  if (absl::Status s = tfconv::WriteModelFile(std::move(*model), output); !s.ok()) {
    return Fail(std::string(s.message()));
  }
  std::cout << "wrote " << output << " (float, with calibrated ranges)\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (const char* dir = std::getenv("BUILD_WORKING_DIRECTORY"); dir != nullptr && *dir != '\0') {
    if (chdir(dir) != 0) return Fail(absl::StrCat("cannot enter ", dir));
  }
  absl::SetProgramUsageMessage(
      "Quantizes a float TFLite model (post-training quantization).\n"
      "  tflite_quantize --input_file=float.tflite --output_file=q.tflite --optimizations=DEFAULT "
      "[--representative_dataset=PATH] [--target_ops=...] [--supported_types=float16] "
      "[--inference_input_type=INT8] [--inference_output_type=INT8] [--quantize_denylist=REGEX]");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() > 1) {
    return Fail(absl::StrCat("unexpected argument '", positional[1], "'; all options are --flags"), 2);
  }
  const std::string input = absl::GetFlag(FLAGS_input_file);
  const std::string output = absl::GetFlag(FLAGS_output_file);
  if (input.empty()) return Fail("give the float model with --input_file=MODEL.tflite", 2);
  if (output.empty()) return Fail("give the output with --output_file=MODEL.tflite", 2);

  // Flags are checked before the model is read, so a typo fails fast.
  tfconv::QuantizationFlags flags = tfconv::QuantizationFlagsFromCommandLine();
  if (absl::GetFlag(FLAGS_calibrate_only)) return CalibrateOnly(input, output, flags);
  flags.model_calibrated = true;  // the real answer needs the model; this checks the flags alone
  if (absl::StatusOr<tfconv::QuantizationRequest> syntax = tfconv::QuantizationRequestFromFlags(flags); !syntax.ok()) {
    return Fail(std::string(syntax.status().message()), 2);
  }
  if (flags.optimizations.empty()) {
    return Fail("nothing to do: give --optimizations=DEFAULT (dynamic range; with --representative_dataset full "
                "integer; with --supported_types=float16 float16), or --calibrate_only",
                2);
  }

  absl::StatusOr<tfconv::TflModel> model = tfconv::ReadModelFile(input);
  if (!model.ok()) return Fail(std::string(model.status().message()));
  if (int code = 0; Quantized(input, *model, &code)) return code;
  flags.model_calibrated = tfconv::HasCalibratedRanges(*model);
  absl::StatusOr<tfconv::QuantizationRequest> request = tfconv::QuantizationRequestFromFlags(flags);
  if (!request.ok()) return Fail(std::string(request.status().message()), 2);
  request->calibration_progress = tfconv::CalibrationProgressLine("tflite_quantize");
  const bool full_integer = request->options.mode == tfconv::QuantizationMode::kInt8 ||
                            request->options.mode == tfconv::QuantizationMode::kInt16x8;
  if (full_integer && flags.representative_dataset.empty()) {
    std::cerr << "tflite_quantize: using the calibrated ranges (min/max) recorded in " << input << "\n";
  }

  absl::StatusOr<tfconv::QuantizeReport> report = tfconv::ApplyQuantization(*model, *request);
  if (!report.ok()) return Fail(std::string(report.status().message()));
  tfconv::AssignOperatorVersions(*model);
  tfconv::SetMinRuntimeVersionMetadata(*model);
  tfconv::DropUnused(*model);  // the min_runtime_version buffer the input had
  if (absl::Status s = tfconv::WriteModelFile(std::move(*model), output); !s.ok()) {
    return Fail(std::string(s.message()));
  }
  std::cerr << tfconv::QuantizeSummary("tflite_quantize", *request, *report);
  std::cout << "wrote " << output << "\n";
  return 0;
}
