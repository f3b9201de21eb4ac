// Builds a model with a single operator and runs it through the reference interpreter, so kernel
// tests state their inputs and expected outputs side by side. The model is written to a flatbuffer
// and read back before it runs, so options carry the defaults a real file would have.
//
//   kernel_test::OpTest t(tflite::BuiltinOperator::ADD, registry);
//   t.Input<float>(tflite::TensorType::FLOAT32, {2}, {1, 2})
//       .ConstInput<float>(tflite::TensorType::FLOAT32, {2}, {3, 4})
//       .Output(tflite::TensorType::FLOAT32)
//       .Options(tflite::AddOptionsT{});
//   absl::StatusOr<RtTensor> y = t.RunOne();
//   EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{4, 6}));
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_ELEMENTWISE_OP_TEST_UTIL_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_ELEMENTWISE_OP_TEST_UTIL_H_

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "runtime_check/interpreter/kernel.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {
namespace kernel_test {

TflQuantization Quant(float scale, int64_t zero_point);
TflQuantization PerAxisQuant(std::vector<float> scales, std::vector<int64_t> zero_points, int axis);

// The bytes of `values` as a tensor stores them (bool as one byte each).
template <typename T>
std::vector<uint8_t> BytesOf(const std::vector<T>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}
template <>
std::vector<uint8_t> BytesOf<bool>(const std::vector<bool>& values);

// The elements of a tensor as a vector (bool read from one byte each).
template <typename T>
std::vector<T> ValuesOf(const RtTensor& t) {
  std::vector<T> values(static_cast<size_t>(t.num_elements()));
  if (!values.empty()) std::memcpy(values.data(), t.raw(), values.size() * sizeof(T));
  return values;
}
template <>
std::vector<bool> ValuesOf<bool>(const RtTensor& t);

class OpTest {
 public:
  OpTest(tflite::BuiltinOperator op, const KernelRegistry& registry, int version = 1);

  // An input fed when the model runs.
  template <typename T>
  OpTest& Input(tflite::TensorType type, std::vector<int32_t> shape, const std::vector<T>& values,
                std::optional<TflQuantization> q = std::nullopt) {
    return AddInput(type, std::move(shape), BytesOf(values), std::move(q), /*constant=*/false);
  }
  // An input stored in the model as a constant buffer.
  template <typename T>
  OpTest& ConstInput(tflite::TensorType type, std::vector<int32_t> shape, const std::vector<T>& values,
                     std::optional<TflQuantization> q = std::nullopt) {
    return AddInput(type, std::move(shape), BytesOf(values), std::move(q), /*constant=*/true);
  }
  // An omitted optional input (index -1).
  OpTest& OmittedInput();
  // The model's output tensor. Its shape in the model may be left empty (the kernel sets it); other
  // runtimes may need it.
  OpTest& Output(tflite::TensorType type, std::optional<TflQuantization> q = std::nullopt,
                 std::vector<int32_t> shape = {});
  template <typename OptionsT>
  OpTest& Options(OptionsT options) {
    options_.Set(std::move(options));
    return *this;
  }

  // Builds, serializes, reads back and runs the model; the outputs in order.
  absl::StatusOr<std::vector<RtTensor>> Run() const;
  // The model as a .tflite flatbuffer (to run it elsewhere, e.g. in the official runtime).
  absl::StatusOr<std::string> Serialize() const;
  // Output 0 of Run().
  absl::StatusOr<RtTensor> RunOne() const;

 private:
  struct InputSpec {
    tflite::TensorType type;
    std::vector<int32_t> shape;
    std::vector<uint8_t> bytes;
    std::optional<TflQuantization> quant;
    bool constant = false;
    bool omitted = false;
  };
  struct OutputSpec {
    tflite::TensorType type;
    std::optional<TflQuantization> quant;
    std::vector<int32_t> shape;
  };
  // The model and the tensors fed to its runtime inputs.
  TflModel Build(std::vector<RtTensor>* feeds) const;
  OpTest& AddInput(tflite::TensorType type, std::vector<int32_t> shape, std::vector<uint8_t> bytes,
                   std::optional<TflQuantization> q, bool constant);

  tflite::BuiltinOperator op_;
  const KernelRegistry& registry_;
  int version_;
  std::vector<InputSpec> inputs_;
  std::vector<OutputSpec> outputs_;
  tflite::BuiltinOptionsUnion options_;
};

}  // namespace kernel_test
}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_ELEMENTWISE_OP_TEST_UTIL_H_
