// tflite_convert: converts a TensorFlow model to a TFLite flatbuffer. The flag names are those of
// the official tflite_convert.
//
//   tflite_convert --graph_def_file=model.pb --output_file=model.tflite
//       --input_arrays=image --input_shapes=1,224,224,3 --output_arrays=probabilities
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

ABSL_FLAG(std::string, output_file, "", "Where to write the .tflite model.");
ABSL_FLAG(std::string, graph_def_file, "", "A frozen GraphDef: binary .pb or text .pbtxt.");
ABSL_FLAG(std::string, saved_model_dir, "", "A SavedModel directory (not supported yet).");
ABSL_FLAG(std::string, keras_model_file, "", "A Keras .h5/.keras file (not supported yet).");
ABSL_FLAG(std::string, input_arrays, "",
          "Comma-separated input tensors. Any tensor inside the graph may be named: the graph is "
          "cut there and that tensor becomes an input.");
ABSL_FLAG(std::string, output_arrays, "", "Comma-separated output tensors.");
ABSL_FLAG(std::string, input_shapes, "",
          "Shapes of the input arrays, colon-separated lists of comma-separated dims, e.g. "
          "1,224,224,3:1,10. An empty entry is a scalar.");
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

namespace {

int Fail(const std::string& message, int code = 1) {
  std::cerr << "tflite_convert: error: " << message << "\n";
  return code;
}

// Whether --name or --name=... appears among the arguments (this abseil cannot tell it otherwise).
bool FlagGiven(int argc, char** argv, const std::string& name) {
  for (int i = 1; i < argc; ++i) {
    absl::string_view a = argv[i];
    if (a == "--") break;
    for (const std::string& p : {"--" + name, "-" + name}) {
      if (a == p || absl::StartsWith(a, p + "=")) return true;
    }
  }
  return false;
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
    return 0;
  }

  if (!absl::GetFlag(FLAGS_saved_model_dir).empty()) {
    return Fail("--saved_model_dir is not supported yet; freeze the model to a GraphDef and use --graph_def_file", 2);
  }
  if (!absl::GetFlag(FLAGS_keras_model_file).empty()) {
    return Fail("--keras_model_file is not supported yet", 2);
  }
  tfconv::ConversionRequest request;
  request.graph_def_file = absl::GetFlag(FLAGS_graph_def_file);
  request.input_arrays = tfconv::SplitArrayFlag(absl::GetFlag(FLAGS_input_arrays));
  request.output_arrays = tfconv::SplitArrayFlag(absl::GetFlag(FLAGS_output_arrays));
  // An explicit empty --input_shapes= means one scalar input, so "given" must be told from "empty".
  if (FlagGiven(argc, argv, "input_shapes")) request.input_shapes = absl::GetFlag(FLAGS_input_shapes);
  request.lowering.allow_custom_ops = absl::GetFlag(FLAGS_allow_custom_ops);
  request.dump_graph_after_passes = absl::GetFlag(FLAGS_debug_graph_passes);
  if (request.graph_def_file.empty()) return Fail("give the model with --graph_def_file=MODEL.pb", 2);
  std::string output = absl::GetFlag(FLAGS_output_file);
  if (output.empty()) return Fail("give the output with --output_file=MODEL.tflite", 2);

  absl::StatusOr<tfconv::ConversionSummary> summary = (*converter)->ConvertToFile(request, output);
  if (!summary.ok()) return Fail(std::string(summary.status().message()));
  std::cout << "wrote " << output << ": " << summary->operators << " operators, " << summary->tensors
            << " tensors, " << summary->file_bytes << " bytes (" << summary->weight_bytes
            << " bytes of weights)\n";
  return 0;
}
