// tflite_validate: checks a converted .tflite against its source model (or against another .tflite)
// on the same inputs, as a hardware profile's target would compute it, and reports per output the
// errors against the profile's tolerance and per operator whether the target runs it.
//
//   tflite_validate --source=model.pbtxt --input_arrays=image --input_shapes=1,28,28,1
//       --output_arrays=probabilities --tflite=model.tflite [--profile=gpu_fp16] [--inputs=in.json] [--json]
//   tflite_validate --tflite=ours.tflite --reference_tflite=official.tflite [--profile=cpu]
//
// The source model flags are tflite_convert's (--graph_def_file is a synonym of --source). Inputs not
// given in --inputs get the validators' default pattern. Exit status: 0 pass, 3 fail (an output out
// of tolerance or an operator the profile does not allow), 1 error, 2 bad usage.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "converter/api/converter.h"
#include "converter/api/source_flags.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "ops/plugin_loader.h"
#include "quantization/debug/quant_debug_command.h"
#include "runtime_check/command_line.h"
#include "runtime_check/evaluator/graph_evaluator.h"
#include "runtime_check/io/tensor_io.h"
#include "runtime_check/profiles/profile.h"
#include "runtime_check/validate/validation.h"

ABSL_FLAG(std::string, tflite, "", "The converted .tflite model to validate.");
ABSL_FLAG(std::string, source, "",
          "The source model: a SavedModel directory, a frozen GraphDef (.pb/.pbtxt) or a Keras file (.h5/.keras); "
          "the tflite_convert flags --saved_model_dir / --graph_def_file / --keras_model_file and their options "
          "(converter/api/source_flags.cc) work too.");
ABSL_FLAG(std::string, reference_tflite, "",
          "Compare with this .tflite (e.g. the official converter's) instead of a source model; it runs in "
          "float32 in the same interpreter.");
ABSL_FLAG(std::string, profile, "cpu", "Hardware profile: a name (cpu, gpu_fp16, edgetpu, tflm) or a .json path.");
ABSL_FLAG(std::string, inputs, "",
          "Comma-separated input files: .json (the validators' form), .npy or raw. Inputs not given get the "
          "default pattern.");
ABSL_FLAG(bool, json, false, "Print the report as JSON.");
ABSL_FLAG(std::string, plugin_dir, "", "Comma-separated directories searched for op plugins (lib*.so).");
ABSL_FLAG(std::string, plugin, "", "Comma-separated op plugin files to load.");
ABSL_FLAG(bool, strict_plugins, false, "Fail when a plugin cannot be loaded (default: warn and skip).");
ABSL_FLAG(bool, quant_debug, false,
          "Quantization debugger: --tflite is a quantized model, --reference_tflite its float model; reports the "
          "error per tensor and layer (RMSE, RMSE/scale, max abs, mean) and suggests a --quantize_denylist "
          "(quantization/debug). Exit status 0 when the outputs are within --quant_debug_tolerance, else 3.");
ABSL_FLAG(std::string, quant_debug_json, "", "With --quant_debug: also write the full report as JSON here.");
ABSL_FLAG(std::string, quant_debug_dataset, "",
          "With --quant_debug: samples to run (instead of --inputs), in a --representative_dataset form of "
          "tflite_convert (a folder of .npy or .json files, or one .json/.npy file).");
ABSL_FLAG(double, quant_debug_tolerance, -1,
          "With --quant_debug: the largest acceptable RMSE of every output (default: 1% of its float range).");

namespace tfconv {
namespace {

constexpr int kPass = 0, kError = 1, kUsage = 2, kFail = 3;

int Fail(const std::string& message, int code = kError) {
  std::cerr << "tflite_validate: error: " << message << "\n";
  return code;
}

absl::StatusOr<std::shared_ptr<const TflModel>> ReadTflite(const std::string& path) {
  absl::StatusOr<TflModel> m = ReadModelFile(path);
  if (!m.ok()) return absl::Status(m.status().code(), absl::StrCat(path, ": ", m.status().message()));
  return std::make_shared<const TflModel>(*std::move(m));
}

int Run(int argc, char** argv) {
  if (absl::Status s = EnterBuildWorkingDirectory(); !s.ok()) return Fail(std::string(s.message()));
  absl::SetProgramUsageMessage(
      "Validates a converted .tflite against its source model or another .tflite under a hardware profile.\n"
      "  tflite_validate --source=m.pb [--input_arrays=a --input_shapes=1,4 --output_arrays=y] --tflite=m.tflite "
      "[--profile=cpu] [--inputs=in.json] [--json]\n"
      "  tflite_validate --tflite=ours.tflite --reference_tflite=official.tflite [--profile=cpu]");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() > 1) {
    return Fail(absl::StrCat("unexpected argument '", positional[1], "'; all options are --flags"), kUsage);
  }
  const std::string tflite = absl::GetFlag(FLAGS_tflite);
  ConversionRequest request;
  if (absl::Status st = ApplySourceFlags(argc, argv, request, absl::GetFlag(FLAGS_source)); !st.ok()) {
    return Fail(std::string(st.message()), kUsage);
  }
  const std::string source = !request.saved_model_dir.empty()    ? request.saved_model_dir
                             : !request.keras_model_file.empty() ? request.keras_model_file
                                                                 : request.graph_def_file;
  const std::string reference_tflite = absl::GetFlag(FLAGS_reference_tflite);
  if (absl::GetFlag(FLAGS_quant_debug)) {
    if (!source.empty() || reference_tflite.empty() || tflite.empty()) {
      return Fail("--quant_debug takes the quantized model as --tflite and its float model as --reference_tflite",
                  kUsage);
    }
    QuantDebugCommand command;
    command.quant_path = tflite;
    command.float_path = reference_tflite;
    command.inputs = absl::GetFlag(FLAGS_inputs);
    command.json_path = absl::GetFlag(FLAGS_quant_debug_json);
    command.representative_dataset = absl::GetFlag(FLAGS_quant_debug_dataset);
    if (absl::GetFlag(FLAGS_quant_debug_tolerance) >= 0) command.tolerance = absl::GetFlag(FLAGS_quant_debug_tolerance);
    return RunQuantDebugCommand(command, std::cout, std::cerr);
  }
  if (tflite.empty()) return Fail("give the converted model with --tflite=MODEL.tflite", kUsage);
  if (source.empty() == reference_tflite.empty()) {
    return Fail("give exactly one reference: --source=MODEL (the source: .pb, SavedModel dir, .h5 or .keras) or "
                "--reference_tflite=OTHER.tflite",
                kUsage);
  }
  if (!reference_tflite.empty() && AnySourceOptionGiven(argc, argv)) {
    return Fail("--input_arrays, --output_arrays, --input_shapes and the --saved_model_* options describe a --source "
                "model; "
                "--reference_tflite takes none",
                kUsage);
  }

  absl::StatusOr<HardwareProfile> profile = LoadProfile(absl::GetFlag(FLAGS_profile));
  if (!profile.ok()) return Fail(std::string(profile.status().message()), kUsage);

  ValidationSetup setup;
  setup.profile = *std::move(profile);
  absl::StatusOr<std::shared_ptr<const TflModel>> model = ReadTflite(tflite);
  if (!model.ok()) return Fail(std::string(model.status().message()));
  setup.model = *std::move(model);
  setup.model_name = tflite;

  // Plugins give the source ops' reference semantics and the kernels of custom ops.
  PluginSearchOptions search;
  search.plugin_dirs = SplitArrayFlag(absl::GetFlag(FLAGS_plugin_dir));
  search.plugin_files = SplitArrayFlag(absl::GetFlag(FLAGS_plugin));
  auto registry = std::make_shared<OpRegistry>();
  absl::StatusOr<PluginLoadReport> loaded = LoadAllPlugins(search, *registry, absl::GetFlag(FLAGS_strict_plugins));
  if (!loaded.ok()) return Fail(std::string(loaded.status().message()));
  for (const std::string& e : loaded->errors) std::cerr << "tflite_validate: warning: plugin skipped: " << e << "\n";
  setup.plugins = registry.get();

  std::unique_ptr<GraphEvaluator> evaluator;
  if (!source.empty()) {
    absl::StatusOr<std::unique_ptr<GraphEvaluator>> ev = GraphEvaluator::Create(request, *registry);
    if (!ev.ok()) return Fail(std::string(ev.status().message()));
    evaluator = *std::move(ev);
    setup.evaluator = evaluator.get();
    // A SavedModel signature is checked against the subgraph of the same signature.
    if (!request.saved_model_dir.empty()) setup.signature_key = evaluator->signature_key();
    setup.reference_name = source;
  } else {
    absl::StatusOr<std::shared_ptr<const TflModel>> reference = ReadTflite(reference_tflite);
    if (!reference.ok()) return Fail(std::string(reference.status().message()));
    setup.reference_model = *std::move(reference);
    setup.reference_name = reference_tflite;
  }

  setup.inputs_name = absl::GetFlag(FLAGS_inputs);
  absl::StatusOr<std::vector<TensorSource>> inputs = ReadTensorFiles(setup.inputs_name);
  if (!inputs.ok()) return Fail(std::string(inputs.status().message()));
  setup.inputs = *std::move(inputs);

  absl::StatusOr<ValidationReport> report = Validate(setup);
  if (!report.ok()) return Fail(std::string(report.status().message()));
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << report->ToJson().dump(2) << "\n";
  } else {
    std::cout << report->ToText();
  }
  return report->passed() ? kPass : kFail;
}

}  // namespace
}  // namespace tfconv

int main(int argc, char** argv) { return tfconv::Run(argc, argv); }
