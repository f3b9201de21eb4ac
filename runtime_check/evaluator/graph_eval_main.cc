// graph_eval: runs a TF graph with the op plugins' reference semantics (no TensorFlow) and writes
// its outputs in the validators' JSON format. The model flags are tflite_convert's.
//
//   graph_eval --graph_def_file=model.pb --input_arrays=x --input_shapes=1,28,28,1
//       --output_arrays=probs [--inputs=in.json|x.npy,...] --out=out.json [--save_inputs=used.json]
//
// Inputs not given in --inputs get the validators' default pattern. Exit status: 0 done, 1 error,
// 2 bad usage, 3 some node has no reference semantics (the message names every such node and op).
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "converter/api/source_flags.h"
#include "runtime_check/command_line.h"
#include "runtime_check/compare/tensor_convert.h"
#include "runtime_check/evaluator/graph_evaluator.h"
#include "runtime_check/evaluator/input_feeds.h"
#include "runtime_check/io/tensor_io.h"

ABSL_FLAG(std::string, inputs, "",
          "Comma-separated input files (.json, .npy, raw bytes, as for tflite_run); missing inputs get the "
          "default pattern.");
ABSL_FLAG(std::string, out, "", "Where to write the outputs (JSON); default: standard output.");
ABSL_FLAG(std::string, save_inputs, "", "Where to write the inputs that were fed (JSON).");
ABSL_FLAG(std::string, plugin_dir, "", "Comma-separated directories searched for op plugins (lib*.so).");
ABSL_FLAG(std::string, plugin, "", "Comma-separated op plugin files to load.");
ABSL_FLAG(bool, strict_plugins, false, "Fail when a plugin cannot be loaded (default: warn and skip).");

namespace {

int Fail(const std::string& message, int code = 1) {
  std::cerr << "graph_eval: error: " << message << "\n";
  return code;
}

// Host tensors named as `specs` name them, in the validators' JSON form, to `path` (standard output
// when empty).
absl::Status WriteNamed(const std::vector<tfconv::EvalTensorSpec>& specs, const std::vector<tfconv::Tensor>& tensors,
                        const std::string& path) {
  std::vector<tfconv::RtTensor> named;
  for (size_t i = 0; i < tensors.size(); ++i) {
    absl::StatusOr<tfconv::RtTensor> t = tfconv::ToRtTensor(tensors[i]);
    if (!t.ok()) return absl::Status(t.status().code(), absl::StrCat("'", specs[i].name, "': ", t.status().message()));
    t->set_name(specs[i].name);
    named.push_back(*std::move(t));
  }
  if (!path.empty()) return tfconv::WriteTensorsFile(path, named);
  absl::StatusOr<std::string> json = tfconv::TensorsToJson(named);
  if (!json.ok()) return json.status();
  std::cout << *json << "\n";
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  if (absl::Status s = tfconv::EnterBuildWorkingDirectory(); !s.ok()) return Fail(std::string(s.message()));
  absl::SetProgramUsageMessage(
      "Evaluates a TensorFlow graph with the op plugins' reference semantics.\n"
      "  graph_eval --graph_def_file=model.pb [--input_arrays=a --input_shapes=1,4 --output_arrays=y] "
      "[--inputs=in.json] [--out=out.json]");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() > 1) {
    return Fail(absl::StrCat("unexpected argument '", positional[1], "'; all options are --flags"), 2);
  }
  tfconv::ConversionRequest request;
  if (absl::Status s = tfconv::ApplySourceFlags(argc, argv, request); !s.ok()) return Fail(std::string(s.message()), 2);
  if (request.graph_def_file.empty() && request.saved_model_dir.empty()) {
    return Fail("give the model with --saved_model_dir=DIR or --graph_def_file=MODEL.pb", 2);
  }

  tfconv::PluginSearchOptions plugins;
  plugins.plugin_dirs = tfconv::SplitArrayFlag(absl::GetFlag(FLAGS_plugin_dir));
  plugins.plugin_files = tfconv::SplitArrayFlag(absl::GetFlag(FLAGS_plugin));
  absl::StatusOr<std::unique_ptr<tfconv::GraphEvaluator>> ev =
      tfconv::GraphEvaluator::Create(request, plugins, absl::GetFlag(FLAGS_strict_plugins));
  if (!ev.ok()) return Fail(std::string(ev.status().message()));
  for (const std::string& w : (*ev)->plugin_warnings()) {
    std::cerr << "graph_eval: warning: plugin skipped: " << w << "\n";
  }

  absl::StatusOr<std::vector<tfconv::TensorSource>> feeds = tfconv::ReadTensorFiles(absl::GetFlag(FLAGS_inputs));
  if (!feeds.ok()) return Fail(std::string(feeds.status().message()), 2);
  absl::StatusOr<std::vector<tfconv::Tensor>> inputs = tfconv::ArrangeInputs((*ev)->inputs(), *feeds);
  if (!inputs.ok()) return Fail(std::string(inputs.status().message()), 2);
  if (const std::string path = absl::GetFlag(FLAGS_save_inputs); !path.empty()) {
    absl::Status s = WriteNamed((*ev)->inputs(), *inputs, path);
    if (!s.ok()) return Fail(std::string(s.message()));
  }

  absl::StatusOr<std::vector<tfconv::Tensor>> outputs = (*ev)->Evaluate(*inputs);
  if (!outputs.ok()) {
    // Ops without reference semantics are a limit of the plugins, not a broken model: own code.
    const bool unevaluable = !(*ev)->unevaluable().empty();
    return Fail(std::string(outputs.status().message()), unevaluable ? 3 : 1);
  }
  if (absl::Status s = WriteNamed((*ev)->outputs(), *outputs, absl::GetFlag(FLAGS_out)); !s.ok()) {
    return Fail(std::string(s.message()));
  }
  std::cerr << "graph_eval: " << (*ev)->num_evaluated_nodes() << " nodes evaluated, " << outputs->size()
            << " output(s)\n";
  return 0;
}
