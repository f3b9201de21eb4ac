// tflite_convert: converts a TensorFlow model to a TFLite flatbuffer. The flag names are those of
// the official tflite_convert.
//
//   tflite_convert --saved_model_dir=DIR --output_file=model.tflite [--saved_model_signature_key=serving_default]
//   tflite_convert --graph_def_file=model.pb --output_file=model.tflite
//       --input_arrays=image --input_shapes=1,224,224,3 --output_arrays=probabilities
//   tflite_convert ... --optimizations=DEFAULT [--representative_dataset=calib/]   (quantization; the
//       flags are defined in quantization/tools/quantize_flags.cc)
//   tflite_convert ... --metadata=description.json   (TFLITE_METADATA + packed files, metadata/writer)
#include <malloc.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "converter/api/converter.h"
#include "converter/api/source_flags.h"
#include "quantization/tools/quantization_request.h"
#include "quantization/tools/quantize_flags.h"

ABSL_FLAG(std::string, output_file, "", "Where to write the .tflite model.");
// The source-model flags (--graph_def_file, --saved_model_dir, --saved_model_tag_set,
// --saved_model_signature_key, --input_arrays, --output_arrays, --input_shapes, --batch_size,
// --strip_asserts) are defined in converter/api/source_flags.cc.
ABSL_FLAG(std::string, dump_frozen_graph, "",
          "Also write the frozen, inlined GraphDef that is lowered (.pb, or text when it ends in .pbtxt); with "
          "several SavedModel signatures one file each, the key before the extension.");
ABSL_FLAG(bool, optimize, true,
          "Fuse activations, biases and per-channel scales into convolutions and fully-connected ops, remove "
          "identity ops, share duplicate constants, fuse dilated convs and HardSwish/PReLU/LeakyReLU/GELU patterns (--nooptimize: the lowering's operators as they are).");
ABSL_FLAG(uint64_t, external_buffer_threshold, (uint64_t{1} << 31) - 1,
          "When the weights add up to more bytes than this, they are all written after the flatbuffer "
          "(Buffer.offset/size) instead of inside it; the default is the flatbuffer's 2 GB limit.");
ABSL_FLAG(bool, allow_custom_ops, false,
          "Keep ops that no plugin converts as TFLite custom ops named after the TF op.");
ABSL_FLAG(std::string, plugin_dir, "", "Comma-separated directories searched for op plugins (lib*.so).");
ABSL_FLAG(std::string, plugin, "", "Comma-separated op plugin files to load.");
ABSL_FLAG(std::string, override_plugin, "",
          "Comma-separated op plugin files loaded last that may replace the lowering of ops other "
          "plugins own.");
ABSL_FLAG(bool, strict_plugins, false, "Fail when a plugin cannot be loaded (default: warn and skip).");
ABSL_FLAG(bool, list_plugins, false, "Print the loaded plugins and exit.");
ABSL_FLAG(bool, debug_graph_passes, false, "Print the TF graph after each pass to stderr.");
ABSL_FLAG(std::string, metadata, "",
          "A JSON metadata description (format: metadata/README.md): written as the model's TFLITE_METADATA, "
          "the files it names packed after the model.");
ABSL_FLAG(bool, exclude_conversion_metadata, false,
          "Leave out the CONVERSION_METADATA entry (source model type and conversion options).");

namespace {

int Fail(const std::string& message, int code = 1) {
  std::cerr << "tflite_convert: error: " << message << "\n";
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  // Weights are large, single-use allocations: keep them out of the heap arena (a fixed mmap
  // threshold turns off glibc's adaptive one), so memory freed after a weight is transformed or
  // written goes back to the system at once and peak RSS follows the live data.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  // Under `bazel run` relative paths are meant from where the user typed the command.
  if (const char* dir = std::getenv("BUILD_WORKING_DIRECTORY"); dir != nullptr && *dir != '\0') {
    if (chdir(dir) != 0) return Fail(absl::StrCat("cannot enter ", dir));
  }
  absl::SetProgramUsageMessage(
      "Converts a TensorFlow model to TensorFlow Lite.\n"
      "  tflite_convert --saved_model_dir=DIR --output_file=model.tflite [--saved_model_signature_key=KEY,...]\n"
      "  tflite_convert --graph_def_file=model.pb --output_file=model.tflite "
      "[--input_arrays=a,b --input_shapes=1,4:1,4 --output_arrays=y]");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() > 1) {
    return Fail(absl::StrCat("unexpected argument '", positional[1], "'; all options are --flags"), 2);
  }

  tfconv::PluginSearchOptions plugins;
  plugins.plugin_dirs = tfconv::SplitArrayFlag(absl::GetFlag(FLAGS_plugin_dir));
  plugins.plugin_files = tfconv::SplitArrayFlag(absl::GetFlag(FLAGS_plugin));
  plugins.override_plugins = tfconv::SplitArrayFlag(absl::GetFlag(FLAGS_override_plugin));
  absl::StatusOr<std::unique_ptr<tfconv::Converter>> converter =
      tfconv::Converter::Create(plugins, absl::GetFlag(FLAGS_strict_plugins));
  if (!converter.ok()) return Fail(std::string(converter.status().message()));
  for (const std::string& w : (*converter)->plugin_warnings()) {
    std::cerr << "tflite_convert: warning: plugin skipped: " << w << "\n";
  }
  if (absl::GetFlag(FLAGS_list_plugins)) {
    for (const std::string& p : (*converter)->loaded_plugins()) std::cout << p << "\n";
    std::cout << (*converter)->registry().size() << " TF ops registered\n";
    std::cout << (*converter)->registry().AllKerasLayers().size() << " Keras layer classes registered\n";
    return 0;
  }

  tfconv::ConversionRequest request;
  if (absl::Status s = tfconv::ApplySourceFlags(argc, argv, request); !s.ok()) {
    return Fail(std::string(s.message()), 2);
  }
  request.lowering.allow_custom_ops = absl::GetFlag(FLAGS_allow_custom_ops);
  request.dump_graph_after_passes = absl::GetFlag(FLAGS_debug_graph_passes);
  request.dump_frozen_graph = absl::GetFlag(FLAGS_dump_frozen_graph);
  request.optimize = absl::GetFlag(FLAGS_optimize);
  request.external_buffer_threshold = absl::GetFlag(FLAGS_external_buffer_threshold);
  request.metadata_file = absl::GetFlag(FLAGS_metadata);
  request.exclude_conversion_metadata = absl::GetFlag(FLAGS_exclude_conversion_metadata);
  absl::StatusOr<tfconv::QuantizationRequest> quantization =
      tfconv::QuantizationRequestFromFlags(tfconv::QuantizationFlagsFromCommandLine());
  if (!quantization.ok()) return Fail(std::string(quantization.status().message()), 2);
  request.quantization = *std::move(quantization);
  request.quantization.calibration_progress = tfconv::CalibrationProgressLine("tflite_convert");
  if (request.graph_def_file.empty() && request.saved_model_dir.empty() && request.keras_model_file.empty()) {
    return Fail("give the model with --saved_model_dir=DIR, --graph_def_file=MODEL.pb or --keras_model_file=MODEL.h5", 2);
  }
  std::string output = absl::GetFlag(FLAGS_output_file);
  if (output.empty()) return Fail("give the output with --output_file=MODEL.tflite", 2);

  absl::StatusOr<tfconv::ConversionSummary> summary = (*converter)->ConvertToFile(request, output);
  if (!summary.ok()) return Fail(std::string(summary.status().message()));
  for (const std::string& w : summary->warnings) std::cerr << "tflite_convert: warning: " << w << "\n";
  std::cout << "wrote " << output << ": " << summary->operators << " operators, " << summary->tensors
            << " tensors, " << summary->file_bytes << " bytes (" << summary->weight_bytes
            << " bytes of weights)\n";
  if (request.quantization.options.mode != tfconv::QuantizationMode::kNone) {
    tfconv::QuantizeReport report = summary->quantization;
    report.warnings.clear();  // printed above with the conversion's warnings
    std::cerr << tfconv::QuantizeSummary("tflite_convert", request.quantization, report);
  }
  return 0;
}
