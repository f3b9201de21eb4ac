// Test helpers for the sequence kernels: building small models and tensors, and locating the
// real test models.
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_SEQUENCE_TEST_UTIL_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_SEQUENCE_TEST_UTIL_H_

#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "converter/tflite/model_ir.h"
#include "converter/tflite/testing/real_models.h"
#include "gtest/gtest.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {
namespace seqtest {

using T = tflite::TensorType;

inline std::optional<TflQuantization> Quant(float scale, int64_t zero_point) {
  TflQuantization q;
  q.scale = {scale};
  q.zero_point = {zero_point};
  return q;
}

template <typename V>
uint32_t Buffer(TflModel& m, const std::vector<V>& values) {
  return m.AddBuffer(ByteBuffer::Copy(values.data(), values.size() * sizeof(V)));
}

inline std::shared_ptr<const TflModel> RoundTrip(const TflModel& m) {
  absl::StatusOr<std::string> bytes = SerializeModel(m);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<TflModel> read = ReadModel(ByteBuffer::FromString(*bytes));
  EXPECT_TRUE(read.ok()) << read.status();
  return std::make_shared<TflModel>(*std::move(read));
}

template <typename V>
RtTensor Make(T type, std::vector<int32_t> shape, const std::vector<V>& values) {
  RtTensor t = RtTensor::Make(type, std::move(shape));
  std::memcpy(t.mutable_raw(), values.data(), values.size() * sizeof(V));
  return t;
}

template <typename V>
std::vector<V> Values(const RtTensor& t) {
  return std::vector<V>(t.data<V>(), t.data<V>() + t.num_elements());
}

inline std::vector<float> Random(std::mt19937& rng, int n, float lo, float hi) {
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

template <typename Q>
std::vector<Q> Quantize(const std::vector<float>& v, float scale, int zero_point) {
  std::vector<Q> q(v.size());
  const double lo = std::numeric_limits<Q>::min(), hi = std::numeric_limits<Q>::max();
  for (size_t i = 0; i < v.size(); ++i)
    q[i] = static_cast<Q>(std::min(hi, std::max(lo, std::round(static_cast<double>(v[i]) / scale) + zero_point)));
  return q;
}

template <typename Q>
std::vector<float> Dequantize(const std::vector<Q>& q, float scale, int zero_point) {
  std::vector<float> v(q.size());
  for (size_t i = 0; i < q.size(); ++i) v[i] = (static_cast<int>(q[i]) - zero_point) * scale;
  return v;
}

inline float MaxAbs(const std::vector<float>& v) {
  float m = 0;
  for (float x : v) m = std::max(m, std::abs(x));
  return m;
}

// The path of the real model whose path ends with `suffix`; "" (with a skip reason or an error
// set in `models`) when the shared data is missing.
inline std::string RealModelPath(const RealModels& models, const std::string& suffix) {
  for (const std::string& p : models.paths) {
    if (p.size() >= suffix.size() && p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0) return p;
  }
  return "";
}

}  // namespace seqtest
}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_SEQUENCE_TEST_UTIL_H_
