// Test helpers for the conv family: one-operator models run through the interpreter (after a round
// trip through the flatbuffer writer and reader, so the options are what a file would hold),
// quantization parameters, random data, and TFLite's requantization for the naive references.
//
//   OpModel m(tflite::BuiltinOperator::CONV_2D);
//   int x = m.Input(tflite::TensorType::FLOAT32, {1, 3, 3, 1});
//   int w = m.Const<float>(tflite::TensorType::FLOAT32, {1, 2, 2, 1}, {1, 1, 1, 1});
//   int y = m.Output(tflite::TensorType::FLOAT32, {1, 2, 2, 1});
//   m.SetOptions(tflite::Conv2DOptionsT{...});
//   m.Connect({x, w}, {y});
//   absl::StatusOr<std::vector<RtTensor>> out = m.Run({Tensor<float>(tflite::TensorType::FLOAT32, {1, 3, 3, 1}, v)});
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_CONV_CONV_TEST_UTIL_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_CONV_CONV_TEST_UTIL_H_

#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "converter/tflite/model_ir.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/kernels/conv/conv_kernels.h"

namespace tfconv {
namespace testing {

inline TflQuantization Quant(std::vector<float> scales, std::vector<int64_t> zero_points, int dim = 0) {
  TflQuantization q;
  q.scale = std::move(scales);
  q.zero_point = std::move(zero_points);
  q.quantized_dimension = dim;
  return q;
}

template <typename T>
RtTensor Tensor(tflite::TensorType type, std::vector<int32_t> shape, const std::vector<T>& values) {
  RtTensor t = RtTensor::Make(type, std::move(shape));
  std::memcpy(t.mutable_raw(), values.data(), values.size() * sizeof(T));
  return t;
}

template <typename T>
std::vector<T> Values(const RtTensor& t) {
  return std::vector<T>(t.data<T>(), t.data<T>() + t.num_elements());
}

class OpModel {
 public:
  explicit OpModel(tflite::BuiltinOperator op, int version = 1) : op_(op), version_(version) {
    model_.subgraphs.emplace_back();
  }

  int Input(tflite::TensorType type, std::vector<int32_t> shape, std::optional<TflQuantization> q = std::nullopt) {
    const int i = Add(type, std::move(shape), 0, std::move(q));
    graph().inputs.push_back(i);
    return i;
  }
  template <typename T>
  int Const(tflite::TensorType type, std::vector<int32_t> shape, const std::vector<T>& values,
            std::optional<TflQuantization> q = std::nullopt) {
    const uint32_t buffer = model_.AddBuffer(ByteBuffer::Copy(values.data(), values.size() * sizeof(T)));
    return Add(type, std::move(shape), buffer, std::move(q));
  }
  int Output(tflite::TensorType type, std::vector<int32_t> shape, std::optional<TflQuantization> q = std::nullopt) {
    const int i = Add(type, std::move(shape), 0, std::move(q));
    graph().outputs.push_back(i);
    return i;
  }
  template <typename T>
  void SetOptions(T options) {
    options_.Set(std::move(options));
  }
  // The operator's inputs (-1 for an omitted optional one) and outputs.
  void Connect(std::vector<int32_t> inputs, std::vector<int32_t> outputs) {
    inputs_ = std::move(inputs);
    outputs_ = std::move(outputs);
  }

  absl::StatusOr<std::vector<RtTensor>> Run(const std::vector<RtTensor>& inputs) {
    if (interpreter_ == nullptr) {
      TflOperator& op = graph().operators.emplace_back();
      op.opcode_index = model_.OpcodeIndex(op_);
      model_.operator_codes[op.opcode_index].version = version_;
      op.inputs = inputs_;
      op.outputs = outputs_;
      op.builtin_options = options_;
      absl::StatusOr<std::string> bytes = SerializeModel(model_);
      if (!bytes.ok()) return bytes.status();
      absl::StatusOr<TflModel> read = ReadModel(ByteBuffer::FromString(*std::move(bytes)));
      if (!read.ok()) return read.status();
      KernelRegistry registry;
      RegisterConvKernels(registry);
      absl::StatusOr<std::unique_ptr<Interpreter>> interp =
          Interpreter::Create(std::make_shared<TflModel>(*std::move(read)), registry);
      if (!interp.ok()) return interp.status();
      interpreter_ = *std::move(interp);
    }
    return interpreter_->Invoke(0, inputs);
  }

 private:
  TflSubgraph& graph() { return model_.subgraphs[0]; }
  int Add(tflite::TensorType type, std::vector<int32_t> shape, uint32_t buffer, std::optional<TflQuantization> q) {
    TflTensor t;
    t.name = "t" + std::to_string(graph().tensors.size());
    t.type = type;
    t.shape = std::move(shape);
    t.buffer = buffer;
    t.quantization = std::move(q);
    t.has_rank = true;
    return graph().AddTensor(std::move(t));
  }

  tflite::BuiltinOperator op_;
  int version_;
  TflModel model_;
  tflite::BuiltinOptionsUnion options_;
  std::vector<int32_t> inputs_, outputs_;
  std::unique_ptr<Interpreter> interpreter_;
};

// Uniform random values (fixed seed per generator) for test data.
class Random {
 public:
  explicit Random(uint32_t seed) : gen_(seed) {}
  std::vector<float> Floats(size_t n, float lo, float hi) {
    std::uniform_real_distribution<float> d(lo, hi);
    std::vector<float> v(n);
    for (float& x : v) x = d(gen_);
    return v;
  }
  template <typename T>
  std::vector<T> Ints(size_t n, int lo, int hi) {
    std::uniform_int_distribution<int> d(lo, hi);
    std::vector<T> v(n);
    for (T& x : v) x = static_cast<T>(d(gen_));
    return v;
  }

 private:
  std::mt19937 gen_;
};

// TFLite's output multiplier for the given real scale ratio, applied to an accumulator.
inline int32_t Rescale(int64_t acc, double real_multiplier, bool wide) {
  int32_t q;
  int shift;
  QuantizeMultiplier(real_multiplier, &q, &shift);
  return wide ? MultiplyByQuantizedMultiplier(acc, q, shift)
              : MultiplyByQuantizedMultiplier(static_cast<int32_t>(acc), q, shift);
}

}  // namespace testing
}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_CONV_CONV_TEST_UTIL_H_
