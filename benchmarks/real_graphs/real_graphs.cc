#include "benchmarks/real_graphs/real_graphs.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace tfconv {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// Inputs, outputs and shapes as runtime_check/interop/real_models_test.sh and
// npm_graphs/NOTES.md give them.
constexpr RealGraph kGraphs[] = {
    {"human_antispoof", "testdata/real/npm_graphs/human_antispoof.pb", true, false, "conv2d_input", "Identity",
     "1,128,128,3", nullptr},
    {"human_blazeface", "testdata/real/npm_graphs/human_blazeface.pb", true, false, "input",
     "Identity_3,Identity,Identity_1,Identity_2", "1,256,256,3", nullptr},
    {"human_emotion", "testdata/real/npm_graphs/human_emotion.pb", true, false, "input_1", "Identity", "1,64,64,1",
     nullptr},
    {"human_iris", "testdata/real/npm_graphs/human_iris.pb", true, false, "input_1", "Identity", "1,64,64,3", nullptr},
    {"kws_ref_model", "testdata/real/mlperf_tiny/keyword_spotting/kws_ref_model", true, true, "", "", nullptr,
     "testdata/real/mlperf_tiny/keyword_spotting/kws_ref_model_float32.tflite"},
    {"mlperf_resnet8_keras", "testdata/real/mlperf_tiny/image_classification/pretrainedResnet.h5", true, false, "",
     "", nullptr, "testdata/real/mlperf_tiny/image_classification/pretrainedResnet.tflite", /*keras=*/true},
    {"mnist_cnn", "examples/mnist_cnn.pbtxt", false, false, "image", "probabilities", nullptr, nullptr},
    {"multi_add", "testdata/real/litert/testdata/multi_add.pb", true, false, "a,b,c,d", "x,y",
     "1,8,8,3:1,8,8,3:1,8,8,3:1,8,8,3", "testdata/real/litert/testdata/multi_add.bin"},
    // X has no shape in the graph; the official model has a scalar X (see real_models_test.sh).
    {"tf2onnx_regression", "testdata/real/tf2onnx/regression/graphdef/frozen.pb", true, false, "X", "pred", "",
     "testdata/real/tf2onnx/regression/tflite/model.tflite"},
};

}  // namespace

absl::Span<const RealGraph> RealGraphs() { return kGraphs; }

const Converter* BuiltinConverter() {
  static const Converter* converter = [] {
    absl::StatusOr<std::unique_ptr<Converter>> c = Converter::Create(PluginSearchOptions{});
    if (!c.ok()) std::fprintf(stderr, "cannot load the plugins: %s\n", std::string(c.status().message()).c_str());
    return c.ok() ? c->release() : nullptr;
  }();
  return converter;
}

std::string SharedDir() {
  if (const char* d = std::getenv("TFCONV_SHARED_DIR"); d != nullptr && *d != '\0') return d;
  if (const char* ws = std::getenv("BUILD_WORKSPACE_DIRECTORY"); ws != nullptr && *ws != '\0') {
    const std::string beside = absl::StrCat(ws, "/../shared");
    if (Exists(beside)) return beside;
  }
  return Exists("/work/shared/testdata") ? "/work/shared" : "";
}

absl::StatusOr<std::string> SourcePath(const RealGraph& graph, const std::string& shared_dir) {
  if (graph.shared && shared_dir.empty()) {
    return absl::NotFoundError(absl::StrCat(graph.name, ": the shared test data is missing (set TFCONV_SHARED_DIR)"));
  }
  const std::string path = graph.shared ? absl::StrCat(shared_dir, "/", graph.source) : graph.source;
  if (!Exists(path)) return absl::NotFoundError(absl::StrCat(graph.name, ": ", path, " does not exist"));
  return path;
}

absl::StatusOr<ConversionRequest> RequestFor(const RealGraph& graph, const std::string& shared_dir) {
  absl::StatusOr<std::string> path = SourcePath(graph, shared_dir);
  if (!path.ok()) return path.status();
  ConversionRequest r;
  (graph.keras ? r.keras_model_file : graph.saved_model ? r.saved_model_dir : r.graph_def_file) = *path;
  r.input_arrays = SplitArrayFlag(graph.input_arrays);
  r.output_arrays = SplitArrayFlag(graph.output_arrays);
  if (graph.input_shapes != nullptr) r.input_shapes = graph.input_shapes;
  return r;
}

absl::StatusOr<std::vector<std::string>> ConvertFlags(const RealGraph& graph, const std::string& shared_dir) {
  absl::StatusOr<std::string> path = SourcePath(graph, shared_dir);
  if (!path.ok()) return path.status();
  std::vector<std::string> flags = {
      absl::StrCat(graph.keras         ? "--keras_model_file="
                   : graph.saved_model ? "--saved_model_dir="
                                       : "--graph_def_file=",
                   *path)};
  if (*graph.input_arrays != '\0') flags.push_back(absl::StrCat("--input_arrays=", graph.input_arrays));
  if (*graph.output_arrays != '\0') flags.push_back(absl::StrCat("--output_arrays=", graph.output_arrays));
  if (graph.input_shapes != nullptr) flags.push_back(absl::StrCat("--input_shapes=", graph.input_shapes));
  return flags;
}

std::string OfficialPath(const RealGraph& graph, const std::string& shared_dir) {
  if (graph.official == nullptr || shared_dir.empty()) return "";
  const std::string path = absl::StrCat(shared_dir, "/", graph.official);
  return Exists(path) ? path : "";
}

}  // namespace tfconv
