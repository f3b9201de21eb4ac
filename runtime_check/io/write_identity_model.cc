// Writes identity.tflite for the tflite_run tests: a model without operators whose outputs are its
// inputs (x float32 [-1,3], k uint8 [2]), with a signature "serving_default" naming them. It runs
// with any kernel set, so the tests check the tool's input and output handling alone.
#include <iostream>

#include "converter/tflite/flatbuffer_writer.h"
#include "converter/tflite/model_ir.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: write_identity_model OUT.tflite\n";
    return 2;
  }
  using tfconv::TflTensor;
  tfconv::TflModel m;
  tfconv::TflSubgraph& g = m.subgraphs.emplace_back();
  const int x = g.AddTensor(TflTensor{.name = "x",
                                      .type = tflite::TensorType::FLOAT32,
                                      .shape = {1, 3},
                                      .shape_signature = {-1, 3},
                                      .has_rank = true});
  const int k = g.AddTensor(TflTensor{.name = "k", .type = tflite::TensorType::UINT8, .shape = {2}, .has_rank = true});
  g.inputs = {x, k};
  g.outputs = {x, k};
  tfconv::TflSignatureDef sig;
  sig.signature_key = "serving_default";
  sig.inputs = {{"image", x}, {"count", k}};
  sig.outputs = {{"out_x", x}, {"out_k", k}};
  m.signature_defs.push_back(sig);
  if (absl::Status s = tfconv::WriteModelFile(m, argv[1]); !s.ok()) {
    std::cerr << s << "\n";
    return 1;
  }
  return 0;
}
