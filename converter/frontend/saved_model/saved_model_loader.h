// The SavedModel front end: reads a SavedModel directory (TF1 or TF2), picks the MetaGraphDef of a
// tag set, inlines the function library, and freezes each selected signature into a GraphDef of
// its own whose variables are constants read from the checkpoint (zero-copy views of the mapped
// shards). The converter imports each into the graph IR and lowers it to one TFLite subgraph with
// its SignatureDef.
//
//   SavedModelOptions o;
//   o.dir = "/models/kws";                       // tags {"serve"}, every signature by default
//   absl::StatusOr<LoadedSavedModel> m = LoadSavedModel(o);
//   for (const SavedModelSignature& s : m->signatures) {
//     // s.key, s.frozen.graph, s.frozen.variable_values, s.inputs / s.outputs
//   }
#ifndef TFCONV_CONVERTER_FRONTEND_SAVED_MODEL_SAVED_MODEL_LOADER_H_
#define TFCONV_CONVERTER_FRONTEND_SAVED_MODEL_SAVED_MODEL_LOADER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/frontend/checkpoint/checkpoint_reader.h"
#include "converter/frontend/saved_model/variable_freeze.h"

namespace tfconv {

struct SavedModelOptions {
  std::string dir;
  std::vector<std::string> tags = {"serve"};
  std::vector<std::string> signature_keys;  // empty: every signature of the MetaGraphDef
  bool strip_asserts = true;                // false: Assert nodes stay (and are reported by the lowering)
};

// One entry of a signature: its key in the SignatureDef, and the graph tensor that carries it.
struct SignatureTensor {
  std::string key;          // "x"
  std::string tensor_name;  // as the SignatureDef names it: "serving_default_x:0"
  std::string graph_ref;    // in the frozen graph: "serving_default_x" (inputs), an output node (outputs)
};

struct SavedModelSignature {
  std::string key;  // "serving_default"
  FrozenGraph frozen;
  std::vector<SignatureTensor> inputs;   // in key order, as the official converter orders them
  std::vector<SignatureTensor> outputs;  // in key order
};

struct LoadedSavedModel {
  std::vector<SavedModelSignature> signatures;  // "serving_default" first, then by key
  std::vector<std::string> warnings;            // e.g. assets that the .tflite does not carry
  // Keeps the checkpoint's mapped shards alive as long as the frozen values are used.
  std::shared_ptr<const CheckpointReader> checkpoint;
};

absl::StatusOr<LoadedSavedModel> LoadSavedModel(const SavedModelOptions& options);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_SAVED_MODEL_SAVED_MODEL_LOADER_H_
