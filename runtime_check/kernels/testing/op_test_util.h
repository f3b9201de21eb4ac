// Kernel test helpers: one-operator models run through the reference interpreter, so a test states
// its inputs and expected outputs side by side; plus test data (tensors, quantization, random
// values) and the registries of the kernel families. The model is written to a flatbuffer and read
// back before it runs, so options carry the defaults a real file would have.
//
//   using namespace kernel_test;
//   OpTest t(tflite::BuiltinOperator::ADD, Kernels<RegisterElementwiseKernels>());
//   t.Input(F32({2}, {1, 2}))
//       .ConstInput<float>(tflite::TensorType::FLOAT32, {2}, {3, 4})   // the same, spelled out
//       .Output(tflite::TensorType::FLOAT32)
//       .Options(tflite::AddOptionsT{});
//   absl::StatusOr<RtTensor> y = t.RunOne();
//   EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{4, 6}));
//   RtTensor z = RunOk(t);   // the same, recording a test failure when the run fails
//
// Tests that build larger models themselves (several operators, variables) use the data helpers
// and RoundTrip().
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_TESTING_OP_TEST_UTIL_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_TESTING_OP_TEST_UTIL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "converter/tflite/testing/real_models.h"
#include "runtime_check/interpreter/kernel.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {
namespace kernel_test {

// The registry holding the kernels the `Register` functions add (families' Register<Family>Kernels),
// built once: Kernels<RegisterElementwiseKernels, RegisterActivationKernels>().
template <void (*... Register)(KernelRegistry&)>
const KernelRegistry& Kernels() {
  static const KernelRegistry* registry = [] {
    auto* r = new KernelRegistry;
    (Register(*r), ...);
    return r;
  }();
  return *registry;
}

// 0, 1, 2, ... (plus `start`), n values.
std::vector<float> Iota(int n, float start = 0);

// ---- Quantization parameters.
TflQuantization Quant(float scale, int64_t zero_point);
TflQuantization PerAxisQuant(std::vector<float> scales, std::vector<int64_t> zero_points, int axis);

// ---- Values and bytes.

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

// A tensor to feed to Interpreter::Invoke.
template <typename T>
RtTensor MakeTensor(tflite::TensorType type, std::vector<int32_t> shape, const std::vector<T>& values) {
  RtTensor t = RtTensor::Make(type, {});
  const std::vector<uint8_t> bytes = BytesOf(values);
  t.SetBytes(std::move(shape), bytes.data(), bytes.size());
  return t;
}

// ---- A tensor of an OpTest: its type, shape, bytes and quantization.
struct TestTensor {
  tflite::TensorType type = tflite::TensorType::FLOAT32;
  std::vector<int32_t> shape;
  std::vector<uint8_t> bytes;
  std::optional<TflQuantization> quant;
};

template <typename T>
TestTensor TensorOf(tflite::TensorType type, std::vector<int32_t> shape, const std::vector<T>& values,
                    std::optional<TflQuantization> q = std::nullopt) {
  return TestTensor{type, std::move(shape), BytesOf(values), std::move(q)};
}
inline TestTensor F32(std::vector<int32_t> shape, const std::vector<float>& v) {
  return TensorOf(tflite::TensorType::FLOAT32, std::move(shape), v);
}
inline TestTensor I32(std::vector<int32_t> shape, const std::vector<int32_t>& v) {
  return TensorOf(tflite::TensorType::INT32, std::move(shape), v);
}
inline TestTensor I64(std::vector<int32_t> shape, const std::vector<int64_t>& v) {
  return TensorOf(tflite::TensorType::INT64, std::move(shape), v);
}
inline TestTensor U8(std::vector<int32_t> shape, const std::vector<uint8_t>& v) {
  return TensorOf(tflite::TensorType::UINT8, std::move(shape), v);
}
inline TestTensor I8(std::vector<int32_t> shape, const std::vector<int8_t>& v) {
  return TensorOf(tflite::TensorType::INT8, std::move(shape), v);
}
inline TestTensor I16(std::vector<int32_t> shape, const std::vector<int16_t>& v) {
  return TensorOf(tflite::TensorType::INT16, std::move(shape), v);
}
// Bool tensors from 0/1 values.
TestTensor BoolTensor(std::vector<int32_t> shape, const std::vector<int>& values);
// `t` with per-tensor quantization.
TestTensor Quantized(TestTensor t, float scale, int64_t zero_point);

// ---- A model with a single operator, run through the interpreter.
class OpTest {
 public:
  // `registry` must outlive the OpTest (Kernels<...>() does).
  OpTest(tflite::BuiltinOperator op, const KernelRegistry& registry, int version = 1);

  // An input fed when the model runs.
  OpTest& Input(TestTensor t);
  template <typename T>
  OpTest& Input(tflite::TensorType type, std::vector<int32_t> shape, const std::vector<T>& values,
                std::optional<TflQuantization> q = std::nullopt) {
    return Input(TensorOf(type, std::move(shape), values, std::move(q)));
  }
  // An input stored in the model as a constant buffer.
  OpTest& ConstInput(TestTensor t);
  template <typename T>
  OpTest& ConstInput(tflite::TensorType type, std::vector<int32_t> shape, const std::vector<T>& values,
                     std::optional<TflQuantization> q = std::nullopt) {
    return ConstInput(TensorOf(type, std::move(shape), values, std::move(q)));
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
  // Output 0 of Run().
  absl::StatusOr<RtTensor> RunOne() const;
  // The model as a .tflite flatbuffer (to run it elsewhere, e.g. in the official runtime).
  absl::StatusOr<std::string> Serialize() const;

 private:
  struct InputSpec {
    TestTensor tensor;
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

  tflite::BuiltinOperator op_;
  const KernelRegistry& registry_;
  int version_;
  std::vector<InputSpec> inputs_;
  std::vector<OutputSpec> outputs_;
  tflite::BuiltinOptionsUnion options_;
};

// Output 0 of t.Run(); on failure the test fails (ADD_FAILURE) and the result is an empty tensor.
RtTensor RunOk(const OpTest& t);

// `model` written to a flatbuffer and read back, as a file would give it (a test failure when
// that fails).
std::shared_ptr<const TflModel> RoundTrip(const TflModel& model);

// A new buffer of `model` holding `values`; its index.
template <typename T>
uint32_t BufferOf(TflModel& model, const std::vector<T>& values) {
  const std::vector<uint8_t> bytes = BytesOf(values);
  return model.AddBuffer(ByteBuffer::Copy(bytes.data(), bytes.size()));
}

// The real model (converter/tflite/testing/real_models.h) whose path ends with `suffix`; "" when
// there is none.
std::string RealModelPath(const RealModels& models, const std::string& suffix);

// ---- Test data.

// n uniform random floats in [lo, hi) from `rng`.
std::vector<float> RandomFloats(std::mt19937& rng, size_t n, float lo, float hi);

// Uniform random values from a fixed seed.
class Random {
 public:
  explicit Random(uint32_t seed) : gen_(seed) {}
  std::vector<float> Floats(size_t n, float lo, float hi) { return RandomFloats(gen_, n, lo, hi); }
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

// round(v / scale) + zero_point, clamped to Q (in double).
template <typename Q>
std::vector<Q> QuantizeValues(const std::vector<float>& v, float scale, int zero_point) {
  std::vector<Q> q(v.size());
  const double lo = std::numeric_limits<Q>::min(), hi = std::numeric_limits<Q>::max();
  for (size_t i = 0; i < v.size(); ++i) {
    q[i] = static_cast<Q>(std::min(hi, std::max(lo, std::round(static_cast<double>(v[i]) / scale) + zero_point)));
  }
  return q;
}

// (q - zero_point) * scale.
template <typename Q>
std::vector<float> DequantizeValues(const std::vector<Q>& q, float scale, int zero_point) {
  std::vector<float> v(q.size());
  for (size_t i = 0; i < q.size(); ++i) v[i] = (static_cast<int>(q[i]) - zero_point) * scale;
  return v;
}

// The largest |v[i]| (0 for none).
float MaxAbs(const std::vector<float>& v);

// TFLite's output multiplier for `real_multiplier`, applied to an accumulator as the quantized
// kernels do (the 64-bit variant when `wide`), for naive reference loops.
int32_t Requantize(int64_t acc, double real_multiplier, bool wide);

// The int8 codes, scale and zero point LiteRT's hybrid kernels give one row of float input
// (tensor_utils' asymmetric per-row quantization), written out here independently of our kernels.
void ExpectedAsymmetricRow(const float* values, int n, int8_t* codes, float* scale, int32_t* zero_point);

}  // namespace kernel_test
}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_TESTING_OP_TEST_UTIL_H_
