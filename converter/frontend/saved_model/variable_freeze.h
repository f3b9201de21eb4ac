// Freezing one signature of an inlined SavedModel graph: keeps only what the signature's outputs
// compute, and turns each variable it reads into a constant whose value comes from the checkpoint
// (or from the constant that initializes it). Anything that cannot be frozen is an error naming the
// node, its op and why: variable updates, resources used other than by reading, hash tables,
// string processing, control flow.
//
//   FreezeRequest r;
//   r.outputs = {"signature/serving_default/y"};        // node names
//   r.checkpoint = reader.get();                         // may be null when there are no variables
//   absl::StatusOr<FrozenGraph> f = FreezeSignature(inlined_graph, r, "/models/kws");
//   // f->graph: Const nodes for variables carry a placeholder value; the real one is
//   // f->variable_values[node name], a view of the mapped checkpoint shard (EmbedVariableValues
//   // copies them into the GraphDef when a self-contained frozen graph is wanted).
#ifndef TFCONV_CONVERTER_FRONTEND_SAVED_MODEL_VARIABLE_FREEZE_H_
#define TFCONV_CONVERTER_FRONTEND_SAVED_MODEL_VARIABLE_FREEZE_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/frontend/checkpoint/checkpoint_reader.h"
#include "converter/graph/tensor.h"
#include "converter/proto/graph.pb.h"

namespace tfconv {

// A signature input: the graph is cut at this tensor, which becomes a Placeholder (TF1 signatures
// often feed a tensor inside the graph, e.g. the Identity after a tf.Example parser).
struct FreezeInput {
  std::string tensor;  // "node" or "node:k"
  int dtype = 0;       // tensorflow::DataType of the signature entry
  tensorflow::TensorShapeProto shape;
  std::string placeholder;  // filled by FreezeSignature: the Placeholder node that feeds it
};

struct FreezeRequest {
  std::vector<FreezeInput> inputs;           // cut points; FreezeSignature fills their `placeholder`
  std::vector<std::string> outputs;          // node names whose output 0 the signature returns
  const CheckpointReader* checkpoint = nullptr;
};

struct FrozenGraph {
  tensorflow::GraphDef graph;
  std::map<std::string, Tensor> variable_values;  // Const node name -> value
};

absl::StatusOr<FrozenGraph> FreezeSignature(const tensorflow::GraphDef& graph, FreezeRequest& request,
                                            const std::string& source_name);

// Writes every variable's value into its Const node (a copy), making the GraphDef self-contained.
absl::Status EmbedVariableValues(FrozenGraph& frozen);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_SAVED_MODEL_VARIABLE_FREEZE_H_
