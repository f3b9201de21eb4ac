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
//
//   ConversionRequest sm;                                // a SavedModel: every signature by default,
//   sm.saved_model_dir = "/models/kws";                  // each its own subgraph and SignatureDef
//   sm.saved_model_signature_keys = {"serving_default"};
//
//   ConversionRequest k;                                 // a Keras model: .h5 (Keras 2) or .keras (Keras 3)
//   k.keras_model_file = "resnet.h5";                    // inputs/outputs keep the layers' names
//
//   request.quantization.options.mode = QuantizationMode::kInt8;   // post-training quantization,
//   request.quantization.representative_dataset = "calib/";        // quantization/tools/quantization_request.h
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
#include "quantization/options.h"
#include "quantization/tools/quantization_request.h"

namespace tfconv {

struct ConversionRequest {
  std::string graph_def_file;               // binary .pb or text .pbtxt
  // A Keras model file (instead of graph_def_file): an H5 file of tf.keras / Keras 2, or a Keras 3
  // .keras archive. Its layers are built by the plugins' Keras layer builders (ops/keras_layer.h).
  std::string keras_model_file;
  // A SavedModel directory (instead of graph_def_file), the tag set of its MetaGraphDef, and the
  // signatures to convert (empty: all of them).
  std::string saved_model_dir;
  std::vector<std::string> saved_model_tags = {"serve"};
  std::vector<std::string> saved_model_signature_keys;
  bool strip_asserts = true;                // Assert nodes of a SavedModel dropped (false: reported)
  // Where to write the frozen, inlined GraphDef that is lowered (--dump_frozen_graph); with several
  // signatures, one file each, the key put before the extension ("f.pb" -> "f.serving_default.pb").
  std::string dump_frozen_graph;
  std::vector<std::string> input_arrays;    // --input_arrays; may name any tensor (the graph is cut)
  std::vector<std::string> output_arrays;   // --output_arrays
  // --input_shapes, official syntax "1,224,224,3:1,10"; nullopt: the graph's own shapes. An empty
  // string given explicitly is one scalar input.
  std::optional<std::string> input_shapes;
  // --batch_size: the size of every input's dynamic first dimension (after --input_shapes); 0 keeps
  // it dynamic: -1 in the TFLite tensor's shape_signature, 1 in its static shape, and a warning.
  int64_t batch_size = 0;
  LoweringOptions lowering;                 // --allow_custom_ops, ...
  // Writes the graph after each pass to this stream's callback (--debug_graph_passes).
  bool dump_graph_after_passes = false;
  // Fusions and clean-ups on the TFLite model (converter/optimize): activations, bias and
  // per-channel scales folded into convolutions and fully-connected ops, identity ops removed,
  // duplicate constants shared (--optimize; --nooptimize keeps the lowering's operators).
  bool optimize = true;
  // When all buffers together hold more bytes than this, every buffer's data is written after the
  // flatbuffer (Buffer.offset/size) rather than inside it; the default is the format's 2 GB limit.
  uint64_t external_buffer_threshold = (uint64_t{1} << 31) - 1;
  // Post-training quantization (--optimizations, --representative_dataset, --target_ops, ...),
  // applied after the optimizations and before operator versions are assigned; mode kNone (the
  // default) leaves the model float. QuantizationRequestFromFlags fills it from the flags.
  QuantizationRequest quantization;
  // A JSON metadata description (metadata/writer/metadata_description.h; --metadata): ConvertToFile
  // writes it as the TFLITE_METADATA entry and packs the files it names after the model. Convert()
  // (in memory) leaves it out: see metadata/writer/metadata_writer.h to attach it yourself.
  std::string metadata_file;
  // Leave out the CONVERSION_METADATA entry (what was converted, with which options), as the
  // official converter's exclude_conversion_metadata does.
  bool exclude_conversion_metadata = false;
};

struct ConversionSummary {
  size_t operators = 0;
  size_t tensors = 0;
  size_t file_bytes = 0;
  size_t weight_bytes = 0;
  std::vector<std::string> warnings;  // e.g. SavedModel assets that the .tflite does not carry
  QuantizeReport quantization;        // what quantization did (empty when there was none)
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

  // Fills `warnings` (when given) with what the user should know but that does not stop conversion,
  // e.g. an input with dynamic dimensions (the static size written for them, and the flags that fix
  // them).
  // `quantize_report` (when given) receives what quantization did; its warnings also go to
  // `warnings`.
  absl::StatusOr<TflModel> Convert(const ConversionRequest& request, std::vector<std::string>* warnings = nullptr,
                                   QuantizeReport* quantize_report = nullptr) const;
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

// One graph to convert into one subgraph: a frozen GraphDef's graph, or one signature of a
// SavedModel, with the names its inputs and outputs get.
struct SourceGraph {
  std::string signature_key = "serving_default";
  std::string source_name;                 // the file or directory, for messages
  Graph graph;
  std::vector<std::string> input_arrays;   // tensors for the passes ("x", "x:1")
  std::vector<std::string> output_arrays;
  // SignatureDef entry names and TFLite tensor names, one per array; empty: as the passes name them.
  std::vector<std::string> input_keys, output_keys;
  std::vector<std::string> input_tensor_names, output_tensor_names;
};

// The front end every consumer of a source model shares (the converter and the source-graph
// evaluator), so both see the same graph: read the request's model into the graph IR (one graph per
// SavedModel signature), then run the passes that come before lowering (pruning to the outputs,
// cutting at the inputs, input shapes, inference and folding), filling `interface` with the model's
// inputs and outputs. ReadSourceGraphs also writes request.dump_frozen_graph when set, and returns
// warnings (e.g. SavedModel assets left out) in `warnings` when given.
// `registry` builds Keras layers (their builders come from plugins) and infers the nodes they emit.
absl::StatusOr<std::vector<SourceGraph>> ReadSourceGraphs(const ConversionRequest& request, const OpRegistry& registry,
                                                          std::vector<std::string>* warnings = nullptr);
absl::Status PrepareSourceGraph(const ConversionRequest& request, const OpRegistry& registry, SourceGraph& source,
                                ModelInterface& interface);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_API_CONVERTER_H_
