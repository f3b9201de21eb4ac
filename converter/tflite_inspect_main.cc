// tflite_inspect: prints what a .tflite file holds (operators with versions, tensors with types,
// shapes and quantization, signatures, metadata), as text or as JSON.
//
//   tflite_inspect model.tflite
//   tflite_inspect --model=model.tflite --json > model.json
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/model_printer.h"

ABSL_FLAG(std::string, model, "", "The .tflite file to describe (or give it as the argument).");
ABSL_FLAG(bool, json, false, "Print one JSON object instead of text.");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Describes a TFLite model.\nUsage: tflite_inspect [--json] MODEL.tflite\n"
      "   or: tflite_inspect [--json] --model=MODEL.tflite");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  std::string path = absl::GetFlag(FLAGS_model);
  if (args.size() > 2 || (args.size() == 2 && !path.empty())) {
    std::cerr << "tflite_inspect: give one model, either as the argument or as --model\n";
    return 2;
  }
  if (args.size() == 2) path = args[1];
  if (path.empty()) {
    std::cerr << "tflite_inspect: no model given\n" << absl::ProgramUsageMessage() << "\n";
    return 2;
  }
  absl::StatusOr<tfconv::TflModel> model = tfconv::ReadModelFile(path);
  if (!model.ok()) {
    std::cerr << "tflite_inspect: " << model.status().message() << "\n";
    return 1;
  }
  std::cout << (absl::GetFlag(FLAGS_json) ? tfconv::DescribeModelJson(*model)
                                          : tfconv::DescribeModel(*model));
  return std::cout.good() ? 0 : 1;
}
