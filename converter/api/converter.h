// Converter: the C++ API of the converter. It loads the op plugins once, then converts models.
//
//   PluginSearchOptions plugins;                         // built-in plugins are found by default
//   absl::StatusOr<std::unique_ptr<Converter>> c = Converter::Create(plugins);
//   ConversionRequest request;
//   request.graph_def_file = "model.pb";
//   request.input_arrays = {"image"};
//   request.input_shapes = "1,224,224,3";
//   request.output_arrays = {"probabilities"};
//   absl::StatusOr<ConversionSummary> s = (*c)->ConvertToFile(request, "model.tflite");
//   absl::StatusOr<TflModel> m = (*c)->Convert(request);   // in memory
#ifndef TFCONV_CONVERTER_API_CONVERTER_H_
#define TFCONV_CONVERTER_API_CONVERTER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/graph/graph.h"
#include "converter/passes/pass_context.h"
#include "converter/tflite/model_ir.h"
#include "ops/op_context.h"
#include "ops/op_registry.h"
#include "ops/plugin_discovery.h"

namespace tfconv {

struct ConversionRequest {
  std::string graph_def_file;               // binary .pb or text .pbtxt
  std::vector<std::string> input_arrays;    // --input_arrays; may name any tensor (the graph is cut)
  std::vector<std::string> output_arrays;   // --output_arrays
  // --input_shapes, official syntax "1,224,224,3:1,10"; nullopt: the graph's own shapes. An empty
  // string given explicitly is one scalar input.
  std::optional<std::string> input_shapes;
  LoweringOptions lowering;                 // --allow_custom_ops, ...
  // Writes the graph after each pass to this stream's callback (--debug_graph_passes).
  bool dump_graph_after_passes = false;
};

struct ConversionSummary {
  size_t operators = 0;
  size_t tensors = 0;
  size_t file_bytes = 0;
  size_t weight_bytes = 0;
};

class Converter {
 public:
  // Loads the plugins `plugins` finds (see plugin_discovery.h). A plugin that fails to load is
  // reported in plugin_warnings() and skipped, unless `strict`, which makes it fatal. At least one
  // plugin must load, or the converter could convert nothing.
  static absl::StatusOr<std::unique_ptr<Converter>> Create(const PluginSearchOptions& plugins,
                                                           bool strict = false);
  // A converter over a registry filled by the caller (tests, embedders with their own ops).
  explicit Converter(std::unique_ptr<OpRegistry> registry) : registry_(std::move(registry)) {}

  absl::StatusOr<TflModel> Convert(const ConversionRequest& request) const;
  // Converts and writes `output_file`; on any error no file is left there.
  absl::StatusOr<ConversionSummary> ConvertToFile(const ConversionRequest& request,
                                                  const std::string& output_file) const;

  const OpRegistry& registry() const { return *registry_; }
  const std::vector<std::string>& plugin_warnings() const { return plugin_warnings_; }
  const std::vector<std::string>& loaded_plugins() const { return loaded_plugins_; }

 private:
  std::unique_ptr<OpRegistry> registry_;
  std::vector<std::string> plugin_warnings_;
  std::vector<std::string> loaded_plugins_;  // "id version (file)"
};

// Splits a comma-separated flag value ("a,b:1") into names, dropping empty entries.
std::vector<std::string> SplitArrayFlag(const std::string& value);

// The front end every consumer of a source model shares (the converter and the source-graph
// evaluator), so both see the same graph: read `request.graph_def_file` into the graph IR, then run
// the passes that come before lowering (pruning to the outputs, cutting at the inputs, input shapes,
// inference and folding), filling `interface` with the model's inputs and outputs.
absl::StatusOr<Graph> ReadSourceGraph(const ConversionRequest& request);
absl::Status PrepareSourceGraph(const ConversionRequest& request, const OpRegistry& registry, Graph& graph,
                                ModelInterface& interface);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_API_CONVERTER_H_
