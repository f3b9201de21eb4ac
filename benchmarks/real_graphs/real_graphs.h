// The real models the conversion benchmark and its table run over: one list, read by
// real_graphs_benchmark (in-memory conversion, Google Benchmark) and, through its --print_models,
// by real_graphs_table.sh (whole-process time, operator counts against the official .tflite).
//
//   for (const RealGraph& g : RealGraphs()) {
//     absl::StatusOr<ConversionRequest> r = RequestFor(g, SharedDir());  // NotFound: data missing
//     ... (*converter)->Convert(*r) ...
//     OfficialPath(g, SharedDir());   // "" when the official converter's .tflite is not at hand
//   }
#ifndef TFCONV_BENCHMARKS_REAL_GRAPHS_REAL_GRAPHS_H_
#define TFCONV_BENCHMARKS_REAL_GRAPHS_REAL_GRAPHS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "converter/api/converter.h"

namespace tfconv {

struct RealGraph {
  const char* name;
  // Below $TFCONV_SHARED_DIR when `shared`, else below the workspace (or runfiles) root.
  const char* source;
  bool shared;
  bool saved_model;           // a SavedModel directory, else a frozen GraphDef
  const char* input_arrays;   // tflite_convert's flags; "" for the model's own
  const char* output_arrays;
  const char* input_shapes;   // nullptr: the graph's own shapes; "" one scalar input
  const char* official;       // the official converter's .tflite below the shared dir, or nullptr
  bool keras = false;         // a Keras .h5 / .keras file (saved_model false)
};

absl::Span<const RealGraph> RealGraphs();

// $TFCONV_SHARED_DIR, else ../shared beside the workspace `bazel run` names, else /work/shared when
// it exists; "" when none is found.
std::string SharedDir();

// One Converter over the plugins the default search finds, made on first use; nullptr (reported on
// stderr) when they do not load.
const Converter* BuiltinConverter();

// The source's path; NotFound (naming it) when it does not exist.
absl::StatusOr<std::string> SourcePath(const RealGraph& graph, const std::string& shared_dir);
absl::StatusOr<ConversionRequest> RequestFor(const RealGraph& graph, const std::string& shared_dir);
// tflite_convert's flags for the same conversion (without --output_file).
absl::StatusOr<std::vector<std::string>> ConvertFlags(const RealGraph& graph, const std::string& shared_dir);
std::string OfficialPath(const RealGraph& graph, const std::string& shared_dir);

}  // namespace tfconv

#endif  // TFCONV_BENCHMARKS_REAL_GRAPHS_REAL_GRAPHS_H_
