#include "converter/api/converter.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "converter/frontend/graphdef_import.h"
#include "converter/lowering/lower_graph.h"
#include "converter/passes/frozen_graph_passes.h"
#include "converter/passes/graph_dump.h"
#include "converter/passes/input_shapes.h"
#include "converter/passes/pass_context.h"
#include "converter/passes/pass_manager.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "converter/tflite/op_version.h"
#include "converter/tflite/runtime_version.h"
#include "ops/plugin_loader.h"

namespace tfconv {

std::vector<std::string> SplitArrayFlag(const std::string& value) {
  return absl::StrSplit(value, ',', absl::SkipWhitespace());
}

absl::StatusOr<std::unique_ptr<Converter>> Converter::Create(const PluginSearchOptions& plugins,
                                                             bool strict) {
  auto registry = std::make_unique<OpRegistry>();
  absl::StatusOr<PluginLoadReport> report = LoadAllPlugins(plugins, *registry, strict);
  if (!report.ok()) return report.status();
  if (report->loaded.empty()) {
    std::string why = report->errors.empty() ? "" : absl::StrCat(" (", absl::StrJoin(report->errors, "; "), ")");
    return absl::NotFoundError(absl::StrCat(
        "no op plugin could be loaded", why,
        ". The built-in plugins are found next to the executable (<exe>.runfiles/tfconv/plugins or "
        "<exe dir>/plugins); run the converter through Bazel (bazel run //converter:tflite_convert) "
        "or from bazel-bin, or point --plugin_dir / TFCONV_PLUGIN_PATH at the plugins"));
  }
  auto converter = std::make_unique<Converter>(std::move(registry));
  converter->plugin_warnings_ = std::move(report->errors);
  for (const LoadedPlugin& p : report->loaded) {
    converter->loaded_plugins_.push_back(absl::StrCat(p.plugin_id, " ", p.plugin_version, " (", p.path, ")"));
  }
  return converter;
}

absl::StatusOr<Graph> ReadSourceGraph(const ConversionRequest& request) {
  if (request.graph_def_file.empty()) {
    return absl::InvalidArgumentError("no input model: give --graph_def_file=MODEL.pb (or .pbtxt)");
  }
  absl::StatusOr<tensorflow::GraphDef> graph_def = ReadGraphDefFile(request.graph_def_file);
  if (!graph_def.ok()) return graph_def.status();
  return ImportGraphDef(std::move(*graph_def), request.graph_def_file);
}

absl::Status PrepareSourceGraph(const ConversionRequest& request, const OpRegistry& registry, Graph& graph,
                                ModelInterface& interface) {
  PassContext context;
  context.registry = &registry;
  context.model_interface = &interface;
  context.options.input_arrays = request.input_arrays;
  context.options.output_arrays = request.output_arrays;
  if (request.input_shapes.has_value()) {
    absl::StatusOr<std::vector<std::optional<PartialShape>>> shapes = ParseInputShapes(*request.input_shapes);
    if (!shapes.ok()) return shapes.status();
    context.options.input_shapes = std::move(*shapes);
  }
  PassManager passes;
  AddFrozenGraphPasses(passes);
  if (request.dump_graph_after_passes) {
    passes.SetAfterPassHook([](absl::string_view pass, const Graph& g) {
      std::cerr << "=== after " << pass << " ===\n" << DumpGraph(g);
    });
  }
  return passes.Run(graph, context);
}

absl::StatusOr<TflModel> Converter::Convert(const ConversionRequest& request) const {
  absl::StatusOr<Graph> graph = ReadSourceGraph(request);
  if (!graph.ok()) return graph.status();
  ModelInterface interface;
  absl::Status status = PrepareSourceGraph(request, *registry_, *graph, interface);
  if (!status.ok()) {
    return absl::Status(status.code(), absl::StrCat(request.graph_def_file, ": ", status.message()));
  }

  LoweringRequest lowering;
  lowering.options = request.lowering;
  for (const InterfaceTensor& t : interface.inputs) lowering.inputs.emplace_back(t.name, t.tensor);
  for (const InterfaceTensor& t : interface.outputs) lowering.outputs.emplace_back(t.name, t.tensor);
  absl::StatusOr<TflModel> model = LowerGraph(*graph, *registry_, lowering);
  if (!model.ok()) {
    return absl::Status(model.status().code(),
                        absl::StrCat(request.graph_def_file, ": ", model.status().message()));
  }
  AssignOperatorVersions(*model);
  SetMinRuntimeVersionMetadata(*model);
  return model;
}

absl::StatusOr<ConversionSummary> Converter::ConvertToFile(const ConversionRequest& request,
                                                           const std::string& output_file) const {
  if (output_file.empty()) return absl::InvalidArgumentError("no output: give --output_file=MODEL.tflite");
  absl::StatusOr<TflModel> model = Convert(request);
  if (!model.ok()) return model.status();
  ConversionSummary summary;
  for (const TflSubgraph& g : model->subgraphs) {
    summary.operators += g.operators.size();
    summary.tensors += g.tensors.size();
  }
  for (const TflBuffer& b : model->buffers) summary.weight_bytes += b.data.size();
  absl::Status written = WriteModelFile(std::move(*model), output_file);
  if (!written.ok()) return written;
  FILE* f = fopen(output_file.c_str(), "rb");
  if (f != nullptr) {
    fseek(f, 0, SEEK_END);
    summary.file_bytes = static_cast<size_t>(ftell(f));
    fclose(f);
  }
  return summary;
}

}  // namespace tfconv
