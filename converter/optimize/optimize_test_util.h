// Test helpers of the optimizer: a small builder for float models, the operator list of a model as
// short strings (so a test shows the list before and after side by side), and a check that two
// models compute the same outputs in the reference interpreter on the same random inputs.
//
//   optimize_test::Builder b;
//   int x = b.Input("x", {1, 4, 4, 2});
//   int w = b.Const("w", {3, 1, 1, 2}, b.Random(6));
//   int t = b.Tensor("t", {1, 4, 4, 3});
//   b.Op(tflite::BuiltinOperator::CONV_2D, {x, w, -1}, {t}, ConvOptions());
//   int y = b.Tensor("y", {1, 4, 4, 3});
//   b.Op(tflite::BuiltinOperator::RELU, {t}, {y});
//   b.Outputs({y});
//   TflModel before = b.model(), after = b.model();
//   ASSERT_TRUE(OptimizeModel(after).ok());
//   EXPECT_EQ(OpList(before), (Ops{"CONV_2D", "RELU"}));
//   EXPECT_EQ(OpList(after),  (Ops{"CONV_2D+RELU"}));
//   ExpectSameOutputs(before, after);
#ifndef TFCONV_CONVERTER_OPTIMIZE_OPTIMIZE_TEST_UTIL_H_
#define TFCONV_CONVERTER_OPTIMIZE_OPTIMIZE_TEST_UTIL_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {
namespace optimize_test {

using Ops = std::vector<std::string>;

class Builder {
 public:
  Builder();
  int Input(const std::string& name, std::vector<int32_t> shape);
  int Tensor(const std::string& name, std::vector<int32_t> shape,
             tflite::TensorType type = tflite::TensorType::FLOAT32);
  int Const(const std::string& name, std::vector<int32_t> shape, const std::vector<float>& values);
  int ConstInt(const std::string& name, std::vector<int32_t> shape, const std::vector<int32_t>& values);
  // A constant reusing buffer `buffer` of another constant.
  int ConstSharing(const std::string& name, std::vector<int32_t> shape, int other_tensor);
  Builder& Op(tflite::BuiltinOperator op, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
              tflite::BuiltinOptionsUnion options = {});
  Builder& Outputs(std::vector<int32_t> outputs);
  // n deterministic values in [-1, 1) (a fixed seed per builder).
  std::vector<float> Random(size_t n);

  TflModel& model() { return model_; }
  TflSubgraph& graph() { return model_.subgraphs[0]; }

 private:
  TflModel model_;
  std::mt19937 rng_{1234};
};

tflite::BuiltinOptionsUnion ConvOptions(tflite::ActivationFunctionType act = tflite::ActivationFunctionType::NONE);
tflite::BuiltinOptionsUnion DepthwiseOptions(int multiplier,
                                             tflite::ActivationFunctionType act = tflite::ActivationFunctionType::NONE);
tflite::BuiltinOptionsUnion FullyConnectedOptions(
    tflite::ActivationFunctionType act = tflite::ActivationFunctionType::NONE);
tflite::BuiltinOptionsUnion AddOptions(tflite::ActivationFunctionType act = tflite::ActivationFunctionType::NONE);
tflite::BuiltinOptionsUnion SubOptions(tflite::ActivationFunctionType act = tflite::ActivationFunctionType::NONE);
tflite::BuiltinOptionsUnion MulOptions(tflite::ActivationFunctionType act = tflite::ActivationFunctionType::NONE);
tflite::BuiltinOptionsUnion DivOptions(tflite::ActivationFunctionType act = tflite::ActivationFunctionType::NONE);
tflite::BuiltinOptionsUnion PoolOptions(int size);

// "CONV_2D", or "CONV_2D+RELU6" when the operator has a fused activation, per operator in order
// (all subgraphs).
Ops OpList(const TflModel& model);

// Runs subgraph 0 on `inputs` (after a flatbuffer round trip, as a file would give it).
absl::StatusOr<std::vector<RtTensor>> Run(const TflModel& model, const std::vector<RtTensor>& inputs);
// Random inputs for subgraph 0 (floats in [-2, 2)).
std::vector<RtTensor> RandomInputs(const TflModel& model, uint32_t seed);
// Both models run on the same random inputs; every output agrees within 1e-5 relative to the
// larger of 1 and the output's largest magnitude. Records test failures otherwise.
void ExpectSameOutputs(const TflModel& before, const TflModel& after, uint32_t seed = 7);
// The same on given inputs.
void ExpectSameOutputsOn(const TflModel& before, const TflModel& after, const std::vector<RtTensor>& inputs);
// A float32 tensor of `shape` holding `values`.
RtTensor FloatTensor(const std::vector<int32_t>& shape, const std::vector<float>& values);
// n evenly spaced values from `lo` to `hi` (both included).
std::vector<float> Linspace(float lo, float hi, size_t n);
// The largest |a - b| over all elements of all float outputs, relative as above (inf on a mismatch
// of count or shape).
double MaxRelativeDiff(const std::vector<RtTensor>& a, const std::vector<RtTensor>& b);

}  // namespace optimize_test
}  // namespace tfconv

#endif  // TFCONV_CONVERTER_OPTIMIZE_OPTIMIZE_TEST_UTIL_H_
