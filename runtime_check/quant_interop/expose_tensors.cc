// expose_tensors IN.tflite OUT.tflite
//
// A copy of a model for comparing two runtimes on every intermediate tensor, not only on the final
// outputs (a saturated softmax hides almost everything): subgraph 0 also outputs every tensor an
// operator writes from non-constant inputs (the original outputs first, in order). Signatures are
// dropped, so runners use the subgraph's outputs.
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"

namespace tfconv {
namespace {

int Run(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: expose_tensors IN.tflite OUT.tflite\n";
    return 2;
  }
  const std::vector<std::string> positional = {argv[1], argv[2]};
  absl::StatusOr<TflModel> model = ReadModelFile(positional[0]);
  if (!model.ok()) {
    std::cerr << "expose_tensors: " << positional[0] << ": " << model.status().message() << "\n";
    return 1;
  }
  if (model->subgraphs.empty()) {
    std::cerr << "expose_tensors: " << positional[0] << " has no subgraph\n";
    return 1;
  }
  TflSubgraph& g = model->subgraphs[0];
  const size_t model_outputs = g.outputs.size();
  std::set<int32_t> listed(g.outputs.begin(), g.outputs.end());
  auto is_constant = [&](int32_t t) {
    return t >= 0 && g.tensors[t].buffer != 0 && !model->buffers[g.tensors[t].buffer].data.empty();
  };
  for (const TflOperator& op : g.operators) {
    // An operator of constants only (a DEQUANTIZE of float16 weights) is weight preparation: LiteRT
    // folds it into the consuming kernel and never writes its output, so it is not asked for.
    bool constant_only = true;
    for (int32_t t : op.inputs) constant_only &= t < 0 || is_constant(t);
    if (constant_only && !op.inputs.empty()) continue;
    for (int32_t t : op.outputs) {
      if (t >= 0 && listed.insert(t).second) g.outputs.push_back(t);
    }
  }
  model->signature_defs.clear();

  if (absl::Status s = WriteModelFile(*model, positional[1]); !s.ok()) {
    std::cerr << "expose_tensors: " << positional[1] << ": " << s.message() << "\n";
    return 1;
  }
  // The caller reads the first number: how many of the outputs are the model's own.
  std::cout << model_outputs << " model outputs, " << g.outputs.size() << " outputs in all\n";
  return 0;
}

}  // namespace
}  // namespace tfconv

int main(int argc, char** argv) { return tfconv::Run(argc, argv); }
