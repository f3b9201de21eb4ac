// LowerGraph: turns a TF graph IR (after inference and folding) into a TFLite model IR by asking the
// plugin that owns each node's op to emit TFLite operators. Every node that cannot be lowered is
// collected, so the user gets one report listing each unsupported op with its nodes and count.
//
//   LoweringRequest request;
//   request.inputs = {{"input", {placeholder, 0}}};
//   request.outputs = {{"logits", {logits_node, 0}}};
//   absl::StatusOr<TflModel> model = LowerGraph(graph, registry, request);
#ifndef TFCONV_CONVERTER_LOWERING_LOWER_GRAPH_H_
#define TFCONV_CONVERTER_LOWERING_LOWER_GRAPH_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/graph/graph.h"
#include "converter/tflite/model_ir.h"
#include "ops/op_context.h"
#include "ops/op_registry.h"

namespace tfconv {

struct LoweringRequest {
  // Model inputs and outputs in order, each with the name its TFLite tensor and signature entry get.
  std::vector<std::pair<std::string, Output>> inputs;
  std::vector<std::pair<std::string, Output>> outputs;
  LoweringOptions options;
  std::string signature_key = "serving_default";
  // SignatureDef entry names, one per input/output; empty: the names above (the tensor names).
  std::vector<std::string> input_keys, output_keys;
};

// Consumes the graph's constants as it goes: once every reader of a folded constant is lowered,
// the constant's value (and the attributes holding it) is released, so a weight that the lowering
// transforms (a filter transposed for TFLite) is never held twice for the whole model.
absl::StatusOr<TflModel> LowerGraph(Graph& graph, const OpRegistry& registry,
                                    const LoweringRequest& request);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_LOWERING_LOWER_GRAPH_H_
