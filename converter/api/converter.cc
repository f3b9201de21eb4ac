#include "converter/api/converter.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "converter/frontend/graphdef_import.h"
#include "converter/frontend/keras/keras_file.h"
#include "converter/frontend/saved_model/saved_model_loader.h"
#include "google/protobuf/text_format.h"
#include "converter/lowering/lower_graph.h"
#include "converter/optimize/copy_pass_through.h"
#include "converter/optimize/optimize.h"
#include "converter/passes/frozen_graph_passes.h"
#include "converter/passes/graph_dump.h"
#include "converter/passes/input_shapes.h"
#include "converter/passes/pass_context.h"
#include "converter/passes/pass_manager.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "converter/tflite/model_merge.h"
#include "converter/tflite/op_version.h"
#include "converter/tflite/runtime_version.h"
#include "metadata/archive/associated_files.h"
#include "metadata/conversion/conversion_metadata.h"
#include "metadata/writer/file_io.h"
#include "metadata/writer/metadata_description.h"
#include "metadata/writer/metadata_writer.h"
#include "ops/plugin_loader.h"
#include "quantization/tools/apply_quantization.h"

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

namespace {

// "f.pb" + "serving_default" -> "f.serving_default.pb" (one dump per signature).
std::string DumpPathFor(const std::string& path, const std::string& raw_key, bool several) {
  if (!several) return path;
  std::string key = raw_key;  // keys may hold '/' ("tensorflow/serving/regress")
  for (char& c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') c = '_';
  }
  const size_t slash = path.rfind('/');
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return absl::StrCat(path, ".", key);
  return absl::StrCat(path.substr(0, dot), ".", key, path.substr(dot));
}

absl::Status WriteGraphDef(const tensorflow::GraphDef& graph, const std::string& path) {
  std::string bytes;
  const bool text = absl::EndsWith(path, ".pbtxt") || absl::EndsWith(path, ".txt");
  if (text) {
    if (!google::protobuf::TextFormat::PrintToString(graph, &bytes)) {
      return absl::InternalError(absl::StrCat(path, ": the frozen graph could not be printed"));
    }
  } else if (!graph.SerializeToString(&bytes)) {
    return absl::InternalError(absl::StrCat(path, ": the frozen graph could not be serialized (over 2 GB?)"));
  }
  const std::string temp = path + ".tmp";
  std::ofstream out(temp, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return absl::PermissionDeniedError(absl::StrCat("--dump_frozen_graph: cannot write ", path));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<SourceGraph>> ReadSavedModelGraphs(const ConversionRequest& request,
                                                              std::vector<std::string>* warnings) {
  SavedModelOptions options;
  options.dir = request.saved_model_dir;
  options.tags = request.saved_model_tags;
  options.signature_keys = request.saved_model_signature_keys;
  options.strip_asserts = request.strip_asserts;
  absl::StatusOr<LoadedSavedModel> loaded = LoadSavedModel(options);
  if (!loaded.ok()) return loaded.status();
  if (warnings != nullptr) warnings->insert(warnings->end(), loaded->warnings.begin(), loaded->warnings.end());
  const bool user_arrays = !request.input_arrays.empty() || !request.output_arrays.empty();
  if (user_arrays && loaded->signatures.size() != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        request.saved_model_dir, ": --input_arrays/--output_arrays apply to one signature; choose it with "
        "--saved_model_signature_key (the model has ", loaded->signatures.size(), ")"));
  }
  std::vector<SourceGraph> sources;
  const bool several = loaded->signatures.size() > 1;
  for (SavedModelSignature& sig : loaded->signatures) {
    if (!request.dump_frozen_graph.empty()) {
      FrozenGraph copy = sig.frozen;
      if (absl::Status s = EmbedVariableValues(copy); !s.ok()) return s;
      if (absl::Status s = WriteGraphDef(copy.graph, DumpPathFor(request.dump_frozen_graph, sig.key, several));
          !s.ok()) {
        return s;
      }
    }
    SourceGraph source;
    source.signature_key = sig.key;
    source.source_name = absl::StrCat(request.saved_model_dir, " (signature '", sig.key, "')");
    absl::StatusOr<Graph> graph = ImportGraphDef(std::move(sig.frozen.graph), source.source_name);
    if (!graph.ok()) return graph.status();
    // The variables' values, kept as views of the checkpoint (the GraphDef held placeholders).
    for (auto& [name, value] : sig.frozen.variable_values) {
      Node* node = graph->FindNode(name);
      if (node == nullptr) continue;
      node->attrs["dtype"] = AttrValue(value.dtype());
      node->attrs["value"] = AttrValue(std::move(value));
    }
    source.graph = *std::move(graph);
    if (user_arrays) {
      source.input_arrays = request.input_arrays;
      source.output_arrays = request.output_arrays;
    } else {
      for (const SignatureTensor& t : sig.inputs) {
        source.input_arrays.push_back(t.graph_ref);
        source.input_keys.push_back(t.key);
        source.input_tensor_names.push_back(t.tensor_name);
      }
      for (const SignatureTensor& t : sig.outputs) {
        source.output_arrays.push_back(t.graph_ref);
        source.output_keys.push_back(t.key);
        source.output_tensor_names.push_back(t.tensor_name);
      }
    }
    sources.push_back(std::move(source));
  }
  return sources;
}

}  // namespace

// A Keras model: one graph, its inputs and outputs named after the layers (as the official
// converter's signature names them); --input_arrays/--output_arrays may still cut it at tensors.
static absl::StatusOr<std::vector<SourceGraph>> ReadKerasGraphs(const ConversionRequest& request,
                                                                 const OpRegistry& registry) {
  absl::StatusOr<KerasModelFile> file = ReadKerasModelFile(request.keras_model_file);
  if (!file.ok()) return file.status();
  absl::StatusOr<KerasGraph> keras = BuildKerasGraph(file->config, *file->weights, registry);
  if (!keras.ok()) return keras.status();
  std::vector<SourceGraph> sources(1);
  SourceGraph& source = sources[0];
  source.source_name = request.keras_model_file;
  source.graph = std::move(keras->graph);
  source.input_arrays = request.input_arrays.empty() ? keras->inputs : request.input_arrays;
  source.output_arrays = request.output_arrays.empty() ? keras->outputs : request.output_arrays;
  if (request.input_arrays.empty()) {
    source.input_tensor_names = keras->inputs;
    source.input_keys = keras->inputs;
  }
  if (request.output_arrays.empty()) {
    // A layer that is two outputs (or an output twice) still needs distinct names.
    std::set<std::string> used(keras->inputs.begin(), keras->inputs.end());
    for (const std::string& layer : keras->output_layers) {
      std::string name = layer;
      for (int k = 1; used.count(name) > 0; ++k) name = absl::StrCat(layer, "_", k);
      used.insert(name);
      source.output_tensor_names.push_back(name);
    }
    source.output_keys = source.output_tensor_names;
  }
  if (!request.dump_frozen_graph.empty()) {
    return absl::InvalidArgumentError("--dump_frozen_graph is not available for Keras models yet");
  }
  return sources;
}

absl::StatusOr<std::vector<SourceGraph>> ReadSourceGraphs(const ConversionRequest& request, const OpRegistry& registry,
                                                          std::vector<std::string>* warnings) {
  int given = !request.saved_model_dir.empty() + !request.graph_def_file.empty() + !request.keras_model_file.empty();
  if (given > 1) {
    return absl::InvalidArgumentError(
        "give one input model: --graph_def_file, --saved_model_dir or --keras_model_file, not several");
  }
  if (!request.saved_model_dir.empty()) return ReadSavedModelGraphs(request, warnings);
  if (!request.keras_model_file.empty()) return ReadKerasGraphs(request, registry);
  if (request.graph_def_file.empty()) {
    return absl::InvalidArgumentError(
        "no input model: give --saved_model_dir=DIR, --graph_def_file=MODEL.pb (or .pbtxt) or "
        "--keras_model_file=MODEL.h5 (or .keras)");
  }
  absl::StatusOr<tensorflow::GraphDef> graph_def = ReadGraphDefFile(request.graph_def_file);
  if (!graph_def.ok()) return graph_def.status();
  if (!request.dump_frozen_graph.empty()) {
    if (absl::Status s = WriteGraphDef(*graph_def, request.dump_frozen_graph); !s.ok()) return s;
  }
  absl::StatusOr<Graph> graph = ImportGraphDef(std::move(*graph_def), request.graph_def_file);
  if (!graph.ok()) return graph.status();
  std::vector<SourceGraph> sources(1);
  sources[0].source_name = request.graph_def_file;
  sources[0].graph = *std::move(graph);
  sources[0].input_arrays = request.input_arrays;
  sources[0].output_arrays = request.output_arrays;
  return sources;
}

absl::Status PrepareSourceGraph(const ConversionRequest& request, const OpRegistry& registry, SourceGraph& source,
                                ModelInterface& interface) {
  PassContext context;
  context.registry = &registry;
  context.model_interface = &interface;
  context.options.input_arrays = source.input_arrays;
  context.options.output_arrays = source.output_arrays;
  if (request.input_shapes.has_value()) {
    absl::StatusOr<std::vector<std::optional<PartialShape>>> shapes = ParseInputShapes(*request.input_shapes);
    if (!shapes.ok()) return shapes.status();
    context.options.input_shapes = std::move(*shapes);
  }
  context.options.batch_size = request.batch_size;
  PassManager passes;
  AddFrozenGraphPasses(passes);
  if (request.dump_graph_after_passes) {
    passes.SetAfterPassHook([](absl::string_view pass, const Graph& g) {
      std::cerr << "=== after " << pass << " ===\n" << DumpGraph(g);
    });
  }
  absl::Status status = passes.Run(source.graph, context);
  if (!status.ok()) return status;
  // Signature tensors keep the names the SavedModel gives them (as the official converter does).
  if (source.input_tensor_names.size() == interface.inputs.size()) {
    for (size_t i = 0; i < interface.inputs.size(); ++i) interface.inputs[i].name = source.input_tensor_names[i];
  }
  if (source.output_tensor_names.size() == interface.outputs.size()) {
    for (size_t i = 0; i < interface.outputs.size(); ++i) interface.outputs[i].name = source.output_tensor_names[i];
  }
  return absl::OkStatus();
}

namespace {

std::string DimsText(const std::vector<int32_t>& dims) { return absl::StrCat("[", absl::StrJoin(dims, ","), "]"); }

// Tells the user what was written for inputs whose shape the graph leaves open: 1 in the static
// shape for each dynamic dimension (-1 kept in shape_signature), an empty shape for an unknown
// rank; runtimes allocate the static shape unless the input is resized.
void AddDynamicInputWarnings(const TflModel& model, std::vector<std::string>& warnings) {
  for (const TflSignatureDef& sig : model.signature_defs) {
    if (sig.subgraph_index >= model.subgraphs.size()) continue;
    const TflSubgraph& g = model.subgraphs[sig.subgraph_index];
    const std::string where =
        model.signature_defs.size() > 1 ? absl::StrCat(" of signature '", sig.signature_key, "'") : "";
    for (int32_t index : g.inputs) {
      if (index < 0 || index >= static_cast<int32_t>(g.tensors.size())) continue;
      const TflTensor& t = g.tensors[index];
      if (!t.has_rank) {
        warnings.push_back(absl::StrCat(
            "input '", t.name, "'", where, " has an unknown rank: it is written with an empty shape, so a runtime "
            "must resize it before use; give its shape with --input_arrays and --input_shapes"));
        continue;
      }
      if (std::find(t.shape_signature.begin(), t.shape_signature.end(), -1) == t.shape_signature.end()) continue;
      const bool batch_only = std::count(t.shape_signature.begin(), t.shape_signature.end(), -1) == 1 &&
                              t.shape_signature[0] == -1;
      warnings.push_back(absl::StrCat(
          "input '", t.name, "'", where, " has the dynamic shape ", DimsText(t.shape_signature),
          " (kept as -1 in shape_signature); its static shape is written as ", DimsText(t.shape),
          ", so a runtime runs that size unless the input is resized; fix it with ",
          batch_only ? "--batch_size=N or " : "", "--input_arrays and --input_shapes"));
    }
  }
}

// What CONVERSION_METADATA records about this request, as the official converter fills it. The
// optimization modes are added by quantization (AddOptimizationMode), which tflite_quantize shares.
ConversionMetadataInfo ConversionMetadataOf(const ConversionRequest& request) {
  ConversionMetadataInfo info;
  info.model_type = !request.saved_model_dir.empty()    ? conversion::ModelType::TF_SAVED_MODEL
                    : !request.keras_model_file.empty() ? conversion::ModelType::KERAS_MODEL
                                                        : conversion::ModelType::TF_GRAPH_DEF;
  info.allow_custom_ops = request.lowering.allow_custom_ops;
  info.enable_select_tf_ops = request.lowering.allow_select_tf_ops;
  return info;
}

}  // namespace

absl::StatusOr<TflModel> Converter::Convert(const ConversionRequest& request, std::vector<std::string>* warnings,
                                            QuantizeReport* quantize_report) const {
  absl::StatusOr<std::vector<SourceGraph>> sources = ReadSourceGraphs(request, *registry_, warnings);
  if (!sources.ok()) return sources.status();
  std::vector<TflModel> parts;
  for (SourceGraph& source : *sources) {
    ModelInterface interface;
    absl::Status status = PrepareSourceGraph(request, *registry_, source, interface);
    if (!status.ok()) {
      return absl::Status(status.code(), absl::StrCat(source.source_name, ": ", status.message()));
    }
    LoweringRequest lowering;
    lowering.options = request.lowering;
    lowering.signature_key = source.signature_key;
    for (const InterfaceTensor& t : interface.inputs) lowering.inputs.emplace_back(t.name, t.tensor);
    for (const InterfaceTensor& t : interface.outputs) lowering.outputs.emplace_back(t.name, t.tensor);
    if (source.input_keys.size() == lowering.inputs.size()) lowering.input_keys = source.input_keys;
    if (source.output_keys.size() == lowering.outputs.size()) lowering.output_keys = source.output_keys;
    absl::StatusOr<TflModel> model = LowerGraph(source.graph, *registry_, lowering);
    if (!model.ok()) {
      return absl::Status(model.status().code(), absl::StrCat(source.source_name, ": ", model.status().message()));
    }
    parts.push_back(*std::move(model));
  }
  absl::StatusOr<TflModel> model = MergeSignatureModels(std::move(parts));
  if (!model.ok()) return model.status();
  OptimizeOptions optimize;
  optimize.enabled = request.optimize;
  absl::StatusOr<OptimizeReport> optimized = OptimizeModel(*model, optimize);
  if (!optimized.ok()) return optimized.status();
  CopyPassThroughOutputs(*model);
  if (!request.exclude_conversion_metadata) SetConversionMetadata(*model, ConversionMetadataOf(request));
  if (request.quantization.options.mode != QuantizationMode::kNone ||
      !request.quantization.representative_dataset.empty()) {
    absl::StatusOr<QuantizeReport> quantized = ApplyQuantization(*model, request.quantization);
    if (!quantized.ok()) return quantized.status();
    if (warnings != nullptr) warnings->insert(warnings->end(), quantized->warnings.begin(), quantized->warnings.end());
    if (quantize_report != nullptr) *quantize_report = *std::move(quantized);
  }
  AssignOperatorVersions(*model);
  SetMinRuntimeVersionMetadata(*model);
  if (warnings != nullptr) AddDynamicInputWarnings(*model, *warnings);
  return model;
}

absl::StatusOr<ConversionSummary> Converter::ConvertToFile(const ConversionRequest& request,
                                                           const std::string& output_file) const {
  if (output_file.empty()) return absl::InvalidArgumentError("no output: give --output_file=MODEL.tflite");
  ConversionSummary summary;
  absl::StatusOr<TflModel> model = Convert(request, &summary.warnings, &summary.quantization);
  if (!model.ok()) return model.status();
  for (const TflSubgraph& g : model->subgraphs) {
    summary.operators += g.operators.size();
    summary.tensors += g.tensors.size();
  }
  for (const TflBuffer& b : model->buffers) summary.weight_bytes += b.data.size();
  SerializeOptions serialize;
  serialize.external_buffer_threshold = request.external_buffer_threshold;
  absl::Status written;
  if (request.metadata_file.empty()) {
    written = WriteModelFile(std::move(*model), output_file, serialize);
  } else {
    // TFLITE_METADATA from the description, its files zipped after the model.
    absl::StatusOr<MetadataDescription> description = ReadMetadataDescription(request.metadata_file, *model);
    if (!description.ok()) return description.status();
    absl::StatusOr<std::vector<AssociatedFileData>> files =
        GatherAssociatedFiles(description->metadata, description->files, {}, {}, request.metadata_file);
    if (!files.ok()) return files.status();
    if (absl::Status s = AttachMetadata(*model, description->metadata, output_file); !s.ok()) return s;
    absl::StatusOr<std::string> bytes = SerializeModelWithFiles(*model, *files, serialize, output_file);
    if (!bytes.ok()) return bytes.status();
    written = WriteFileAtomically(output_file, *bytes);
  }
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
