// TEST ONLY. Small float models for the weight-quantization tests, and running a model the way a
// file would run (written, read back, then the reference interpreter).
//
//   TestModel m;
//   int x = m.Input("x", {1, 4});
//   int w = m.Const("w", {2, 4}, {...});
//   int y = m.Output("y", {1, 2});
//   m.Op(tflite::BuiltinOperator::FULLY_CONNECTED, {x, w, -1}, {y}, tflite::FullyConnectedOptionsT{});
//   absl::StatusOr<std::vector<RtTensor>> out = RunModel(m.model, {FloatTensor({1, 4}, {...})});
#ifndef TFCONV_QUANTIZATION_TEST_MODELS_H_
#define TFCONV_QUANTIZATION_TEST_MODELS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

struct TestModel {
  TestModel() { model.subgraphs.emplace_back(); }
  TflSubgraph& graph() { return model.subgraphs[0]; }

  int Input(const std::string& name, std::vector<int32_t> shape,
            tflite::TensorType type = tflite::TensorType::FLOAT32);
  int Output(const std::string& name, std::vector<int32_t> shape,
             tflite::TensorType type = tflite::TensorType::FLOAT32);
  int Activation(const std::string& name, std::vector<int32_t> shape,
                 tflite::TensorType type = tflite::TensorType::FLOAT32);
  int Const(const std::string& name, std::vector<int32_t> shape, const std::vector<float>& values);
  int ConstInt32(const std::string& name, std::vector<int32_t> shape, const std::vector<int32_t>& values);
  template <typename Options>
  TflOperator& Op(tflite::BuiltinOperator code, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                  Options options) {
    TflOperator& op = Op(code, std::move(inputs), std::move(outputs));
    op.builtin_options.Set(std::move(options));
    return op;
  }
  TflOperator& Op(tflite::BuiltinOperator code, std::vector<int32_t> inputs, std::vector<int32_t> outputs);

  TflModel model;
};

// The float values of a constant tensor of `model` (FLOAT32), int8 codes (INT8) or halves (FLOAT16).
std::vector<float> FloatData(const TflModel& model, const TflTensor& tensor);
std::vector<int8_t> Int8Data(const TflModel& model, const TflTensor& tensor);
std::vector<uint16_t> HalfData(const TflModel& model, const TflTensor& tensor);

// The builtin code of operator `op` of subgraph 0.
tflite::BuiltinOperator CodeOf(const TflModel& model, int op);

RtTensor FloatTensor(std::vector<int32_t> shape, const std::vector<float>& values);
RtTensor Int32Tensor(std::vector<int32_t> shape, const std::vector<int32_t>& values);
std::vector<float> FloatsOf(const RtTensor& t);

// Assigns operator versions, writes the model, reads it back and runs subgraph 0 in the reference
// interpreter with the built-in kernels.
absl::StatusOr<std::vector<RtTensor>> RunModel(const TflModel& model, const std::vector<RtTensor>& inputs);

// Deterministic pseudo-random values in [-scale, scale] (a small LCG: the same on every platform).
std::vector<float> PseudoRandom(int n, float scale, uint32_t seed);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_TEST_MODELS_H_
