// Test helper: builds a one-operator TFLite model, runs it through the reference interpreter and
// returns the outputs. Runtime inputs become subgraph inputs, constants get model buffers.
//
//   OpModel m(tflite::BuiltinOperator::PAD);
//   m.Input(Tensor<float>(tflite::TensorType::FLOAT32, {1, 2}, {1, 2}));
//   m.Const(Tensor<int32_t>(tflite::TensorType::INT32, {2, 2}, {0, 0, 1, 1}));
//   m.Output(tflite::TensorType::FLOAT32);
//   absl::StatusOr<std::vector<RtTensor>> out = m.Run(registry);
//   EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0}));
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_ARRAY_OP_TEST_UTIL_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_ARRAY_OP_TEST_UTIL_H_

#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/interpreter/kernel.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

struct TestTensor {
  tflite::TensorType type = tflite::TensorType::FLOAT32;
  std::vector<int32_t> shape;
  std::vector<uint8_t> bytes;
  std::optional<std::pair<float, int64_t>> quant;  // scale, zero point
};

template <typename T>
TestTensor Tensor(tflite::TensorType type, std::vector<int32_t> shape, const std::vector<T>& values) {
  TestTensor t{type, std::move(shape), std::vector<uint8_t>(values.size() * sizeof(T)), std::nullopt};
  if (!values.empty()) std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
  return t;
}

inline TestTensor F32(std::vector<int32_t> shape, const std::vector<float>& v) {
  return Tensor(tflite::TensorType::FLOAT32, std::move(shape), v);
}
inline TestTensor I32(std::vector<int32_t> shape, const std::vector<int32_t>& v) {
  return Tensor(tflite::TensorType::INT32, std::move(shape), v);
}
inline TestTensor I64(std::vector<int32_t> shape, const std::vector<int64_t>& v) {
  return Tensor(tflite::TensorType::INT64, std::move(shape), v);
}
inline TestTensor U8(std::vector<int32_t> shape, const std::vector<uint8_t>& v) {
  return Tensor(tflite::TensorType::UINT8, std::move(shape), v);
}
inline TestTensor I8(std::vector<int32_t> shape, const std::vector<int8_t>& v) {
  return Tensor(tflite::TensorType::INT8, std::move(shape), v);
}
inline TestTensor I16(std::vector<int32_t> shape, const std::vector<int16_t>& v) {
  return Tensor(tflite::TensorType::INT16, std::move(shape), v);
}

// Bool tensors from a list of 0/1 values (std::vector<bool> has no data()).
TestTensor BoolTensor(std::vector<int32_t> shape, const std::vector<int>& values);

inline TestTensor Quantized(TestTensor t, float scale, int64_t zero_point) {
  t.quant = std::make_pair(scale, zero_point);
  return t;
}

template <typename T>
std::vector<T> Values(const RtTensor& t) {
  std::vector<T> v(t.num_elements());
  if (!v.empty()) std::memcpy(v.data(), t.raw(), v.size() * sizeof(T));
  return v;
}

class OpModel {
 public:
  explicit OpModel(tflite::BuiltinOperator op, int version = 1);

  // A subgraph input fed at run time.
  OpModel& Input(TestTensor t);
  // A constant tensor (model buffer).
  OpModel& Const(TestTensor t);
  // An omitted optional input (-1).
  OpModel& Omitted();
  // An output of `type`; its shape is set by the kernel.
  OpModel& Output(tflite::TensorType type, std::optional<std::pair<float, int64_t>> quant = std::nullopt);
  template <typename Options>
  OpModel& WithOptions(Options options) {
    op().builtin_options.Set(std::move(options));
    return *this;
  }

  absl::StatusOr<std::vector<RtTensor>> Run(const KernelRegistry& registry);

  const TflModel& model() const { return model_; }
  const std::vector<RtTensor>& inputs() const { return inputs_; }

 private:
  TflOperator& op() { return model_.subgraphs[0].operators[0]; }
  int AddTensor(const TestTensor& t, bool constant);

  TflModel model_;
  std::vector<RtTensor> inputs_;
};

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_ARRAY_OP_TEST_UTIL_H_
