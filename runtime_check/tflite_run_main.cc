// tflite_run: runs a .tflite model in the reference interpreter and writes its outputs in the
// shared JSON form of ../shared/validators, so they compare directly with LiteRT.js, Arm NN and tfjs.
//
//   tflite_run --model=m.tflite [--signature=KEY] [--inputs=in.json|x.npy|x.raw,...]
//              [--output=out.json] [--save_inputs=used.json] [--profile=NAME] [--iters=N]
//
// Inputs not given get the shared default pattern (the same values the runners feed). With
// --profile (runtime_check/profiles) the model is first checked against the target, whose
// incompatibilities are printed as warnings, and float tensors are rounded to float16 between
// ops when the target computes in fp16 ("numeric_mode": "fp16_emulated").
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "runtime_check/command_line.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/io/tensor_io.h"
#include "runtime_check/kernels/builtin_kernels.h"
#include "runtime_check/profiles/compat_check.h"
#include "runtime_check/profiles/profile.h"
#include "runtime_check/validate/fp16_emulation.h"

ABSL_FLAG(std::string, model, "", "The .tflite model to run.");
ABSL_FLAG(std::string, signature, "",
          "The signature to run (default: the model's only signature, else subgraph 0).");
ABSL_FLAG(std::string, inputs, "",
          "Comma-separated input files: .json (the validators' form; inputs matched by name, else by "
          "position), .npy, or raw bytes in the input's type and shape (matched by position). Inputs "
          "not given get the default pattern.");
ABSL_FLAG(std::string, output, "", "Where to write the outputs as JSON [{name, shape, dtype, data}].");
ABSL_FLAG(std::string, save_inputs, "", "Where to write the inputs used, as JSON.");
ABSL_FLAG(std::string, profile, "",
          "A hardware profile (name or .json path): warns about what the target does not run and "
          "emulates its float16 arithmetic if it has any.");
ABSL_FLAG(int, iters, 0, "Extra timed runs after the first.");

namespace tfconv {
namespace {

int Fail(const std::string& message, int code = 1) {
  std::cerr << "tflite_run: error: " << message << "\n";
  return code;
}

// "[0.5,-0.4,...]": the first values, as the runners print them.
std::string Preview(const RtTensor& t) {
  std::vector<std::string> values;
  if (t.type() == tflite::TensorType::STRING) {
    absl::StatusOr<std::vector<std::string>> s = DecodeStringTensor(t);
    if (!s.ok()) return "(bad string tensor)";
    for (size_t i = 0; i < s->size() && i < 8; ++i) values.push_back(absl::StrCat("\"", (*s)[i], "\""));
  } else if (TfliteTypeSize(t.type()) != 0) {
    for (int64_t i = 0; i < t.num_elements() && i < 8; ++i) values.push_back(absl::StrCat(ElementAsDouble(t, i)));
  }
  return absl::StrCat("[", absl::StrJoin(values, ","), t.num_elements() > 8 ? ",...]" : "]");
}

int Run(int argc, char** argv) {
  if (absl::Status s = EnterBuildWorkingDirectory(); !s.ok()) return Fail(std::string(s.message()));
  absl::SetProgramUsageMessage(
      "Runs a .tflite model in the reference interpreter.\n"
      "  tflite_run --model=m.tflite [--signature=KEY] [--inputs=in.json|x.npy,...] [--output=out.json] "
      "[--save_inputs=used.json] [--profile=NAME] [--iters=N]");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() > 1) {
    return Fail(absl::StrCat("unexpected argument '", positional[1], "'; all options are --flags"), 2);
  }
  const std::string model_path = absl::GetFlag(FLAGS_model);
  if (model_path.empty()) return Fail("give the model with --model=M.tflite", 2);
  const int iters = absl::GetFlag(FLAGS_iters);
  if (iters < 0) return Fail("--iters must be >= 0", 2);

  absl::StatusOr<TflModel> read = ReadModelFile(model_path);
  if (!read.ok()) return Fail(absl::StrCat(model_path, ": ", read.status().message()));
  auto model = std::make_shared<const TflModel>(*std::move(read));
  bool fp16 = false;
  std::string kernel_numerics = "litert";
  if (const std::string name = absl::GetFlag(FLAGS_profile); !name.empty()) {
    absl::StatusOr<HardwareProfile> profile = LoadProfile(name);
    if (!profile.ok()) return Fail(std::string(profile.status().message()), 2);
    const CompatReport report = CheckModel(*model, *profile);
    for (const std::string& issue : report.model_issues) {
      std::cerr << "tflite_run: warning: " << profile->name << ": " << issue << "\n";
    }
    for (const OpVerdict& v : report.ops) {
      for (const std::string& why : v.reasons) {
        std::cerr << "tflite_run: warning: " << profile->name << ": subgraph " << v.subgraph << ", operator "
                  << v.index << ": " << why << "\n";
      }
    }
    const int rejected = report.rejected_ops();
    std::cout << "profile " << profile->name << ": "
              << (report.compatible()
                      ? "the model is compatible"
                      : absl::StrCat(rejected, rejected == 1 ? " operator" : " operators", " not supported"))
              << ", numeric mode " << profile->numeric_mode
              << (profile->kernel_numerics == "litert" ? "" : ", " + profile->kernel_numerics + " integer kernels")
              << "\n";
    fp16 = profile->numeric_mode == "fp16_emulated";
    kernel_numerics = profile->kernel_numerics;
  }
  absl::StatusOr<std::unique_ptr<Interpreter>> interp =
      Interpreter::Create(model, BuiltinKernelsWithNumerics(kernel_numerics));
  if (!interp.ok()) return Fail(absl::StrCat(model_path, ": ", interp.status().message()));
  if (fp16) EmulateHalfOutputs(**interp);

  const std::string key = absl::GetFlag(FLAGS_signature);
  absl::StatusOr<int> subgraph = (*interp)->SubgraphOfSignature(key);
  if (!subgraph.ok()) return Fail(absl::StrCat(model_path, ": ", subgraph.status().message()), 2);
  // The signature in use: the one asked for, or the model's only one (as SubgraphOfSignature picks).
  const TflSignatureDef* signature = nullptr;
  for (const TflSignatureDef& s : model->signature_defs) {
    if (key.empty() ? model->signature_defs.size() == 1 : s.signature_key == key) signature = &s;
  }

  absl::StatusOr<std::vector<TensorSource>> given = ReadTensorFiles(absl::GetFlag(FLAGS_inputs));
  if (!given.ok()) return Fail(std::string(given.status().message()));
  absl::StatusOr<std::vector<RtTensor>> inputs = MakeSubgraphInputs(*model, *subgraph, signature, *given);
  if (!inputs.ok()) return Fail(std::string(inputs.status().message()));
  if (fp16) {
    for (RtTensor& t : *inputs) RoundTensorToHalf(t);
  }
  for (const RtTensor& t : *inputs) {
    std::cout << "input  " << t.name() << " " << ShapeString(t.shape()) << " " << DtypeName(t.type()) << "\n";
  }
  if (const std::string path = absl::GetFlag(FLAGS_save_inputs); !path.empty()) {
    if (absl::Status s = WriteTensorsFile(path, *inputs); !s.ok()) return Fail(std::string(s.message()));
  }

  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::vector<RtTensor>> outputs = (*interp)->Invoke(*subgraph, *inputs);
  const auto first = std::chrono::steady_clock::now();
  if (!outputs.ok()) return Fail(absl::StrCat(model_path, ": ", outputs.status().message()));

  // Names as LiteRT.js writes them: the TFLite tensor name, plus the signature's output name.
  std::vector<std::string> signature_names;
  if (signature != nullptr) {
    const TflSubgraph& g = model->subgraphs[*subgraph];
    for (int32_t index : g.outputs) {
      std::string name;
      for (const auto& [sig_name, tensor] : signature->outputs) {
        if (static_cast<int32_t>(tensor) == index) name = sig_name;
      }
      signature_names.push_back(name.empty() ? g.tensors[index].name : name);
    }
  }
  for (const RtTensor& t : *outputs) {
    std::cout << "output " << t.name() << " " << ShapeString(t.shape()) << " " << DtypeName(t.type()) << " "
              << Preview(t) << "\n";
  }
  if (const std::string path = absl::GetFlag(FLAGS_output); !path.empty()) {
    if (absl::Status s = WriteTensorsFile(path, *outputs, signature_names); !s.ok()) {
      return Fail(std::string(s.message()));
    }
  }

  std::string timing = absl::StrCat(
      "first run ", std::chrono::duration<double, std::milli>(first - start).count(), " ms");
  if (iters > 0) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < iters; ++i) {
      absl::StatusOr<std::vector<RtTensor>> again = (*interp)->Invoke(*subgraph, *inputs);
      if (!again.ok()) return Fail(absl::StrCat(model_path, ": run ", i + 2, ": ", again.status().message()));
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    absl::StrAppend(&timing, ", mean run ", ms / iters, " ms over ", iters);
  }
  std::cout << timing << "\n";
  return 0;
}

}  // namespace
}  // namespace tfconv

int main(int argc, char** argv) { return tfconv::Run(argc, argv); }
