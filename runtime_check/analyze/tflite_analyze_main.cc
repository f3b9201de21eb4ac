// tflite_analyze: the per-operator, per-tensor and per-buffer assessment of a .tflite model
// (what tf.lite.experimental.Analyzer prints, plus quantization summaries, buffer checks, the
// activation arena estimate and, with --profile, which operators a target runs and why not).
//
//   tflite_analyze --model=model.tflite
//   tflite_analyze --model=model.tflite --profile=edgetpu --json > report.json
//   tflite_analyze --model=model.tflite --profile=path/to/my_npu.json
//
// Exit status: 0 done (and, with --profile, the model is compatible); 3 the model is not
// compatible with the profile; 1 an error (unreadable or corrupt model, unknown or malformed
// profile); 2 bad command line.
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_join.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "runtime_check/analyze/analysis.h"
#include "runtime_check/profiles/profile.h"

ABSL_FLAG(std::string, model, "", "The .tflite file to analyze (or give it as the argument).");
ABSL_FLAG(std::string, profile, "",
          "A hardware profile to check the model against: a name (cpu, gpu_fp16, edgetpu, tflm) "
          "or a path to a profile .json file.");
ABSL_FLAG(bool, json, false, "Print one JSON object instead of text.");
ABSL_FLAG(bool, list_profiles, false, "Print the known profile names and exit.");

namespace {

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitIncompatible = 3;

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Analyzes a TFLite model, optionally against a hardware profile.\n"
      "Usage: tflite_analyze [--profile=NAME|PATH] [--json] MODEL.tflite\n"
      "   or: tflite_analyze --model=MODEL.tflite [--profile=NAME|PATH] [--json]\n"
      "Exit status: 0 ok, 3 not compatible with the profile, 1 error, 2 bad usage.");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (absl::GetFlag(FLAGS_list_profiles)) {
    std::cout << absl::StrJoin(tfconv::KnownProfiles(), "\n") << "\n";
    return 0;
  }
  std::string path = absl::GetFlag(FLAGS_model);
  if (args.size() > 2 || (args.size() == 2 && !path.empty())) {
    std::cerr << "tflite_analyze: give one model, either as the argument or as --model\n";
    return kExitUsage;
  }
  if (args.size() == 2) path = args[1];
  if (path.empty()) {
    std::cerr << "tflite_analyze: no model given\n" << absl::ProgramUsageMessage() << "\n";
    return kExitUsage;
  }

  // The profile first: a typo in its name should not wait for a large model to load.
  std::optional<tfconv::HardwareProfile> profile;
  const std::string profile_arg = absl::GetFlag(FLAGS_profile);
  if (!profile_arg.empty()) {
    absl::StatusOr<tfconv::HardwareProfile> p = tfconv::LoadProfile(profile_arg);
    if (!p.ok()) {
      std::cerr << "tflite_analyze: " << p.status().message() << "\n";
      return kExitError;
    }
    profile = *std::move(p);
  }
  absl::StatusOr<tfconv::TflModel> model = tfconv::ReadModelFile(path);
  if (!model.ok()) {
    std::cerr << "tflite_analyze: " << model.status().message() << "\n";
    return kExitError;
  }
  tfconv::AnalyzeOptions options;
  options.model_path = path;
  options.profile = profile ? &*profile : nullptr;
  std::cout << (absl::GetFlag(FLAGS_json) ? tfconv::AnalyzeModelJson(*model, options)
                                          : tfconv::AnalyzeModelText(*model, options));
  if (!std::cout.good()) return kExitError;
  if (profile && !tfconv::CheckModel(*model, *profile).compatible()) return kExitIncompatible;
  return 0;
}
