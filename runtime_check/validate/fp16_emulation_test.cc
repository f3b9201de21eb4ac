// The float16 emulation on tensors, models and interpreters. RoundToHalf itself is tested
// exhaustively in runtime_check/numeric/half_test.cc.
#include "runtime_check/validate/fp16_emulation.h"

#include <cstring>
#include <vector>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

TEST(Fp16EmulationTest, TensorOnlyFloat32) {
  RtTensor f = RtTensor::Make(tflite::TensorType::FLOAT32, {2});
  f.mutable_data<float>()[0] = 0.1f;
  f.mutable_data<float>()[1] = 1.0f;
  RoundTensorToHalf(f);
  EXPECT_EQ(f.data<float>()[0], 0.0999755859375f);
  EXPECT_EQ(f.data<float>()[1], 1.0f);
  RtTensor i = RtTensor::Make(tflite::TensorType::INT32, {1});
  i.mutable_data<int32_t>()[0] = 123457;
  RoundTensorToHalf(i);
  EXPECT_EQ(i.data<int32_t>()[0], 123457);
}

TEST(Fp16EmulationTest, ConstantsOnlyFloat32Buffers) {
  TflModel m;
  const float f[2] = {0.1f, 1.0f};
  const int32_t i[2] = {123457, 7};
  const uint32_t floats = m.AddBuffer(ByteBuffer::Copy(f, sizeof f));
  const uint32_t ints = m.AddBuffer(ByteBuffer::Copy(i, sizeof i));
  const uint32_t shared = m.AddBuffer(ByteBuffer::Copy(f, sizeof f));
  TflSubgraph& g = m.subgraphs.emplace_back();
  g.AddTensor({.name = "f", .type = tflite::TensorType::FLOAT32, .shape = {2}, .buffer = floats});
  g.AddTensor({.name = "i", .type = tflite::TensorType::INT32, .shape = {2}, .buffer = ints});
  g.AddTensor({.name = "a", .type = tflite::TensorType::FLOAT32, .shape = {2}, .buffer = shared});
  g.AddTensor({.name = "b", .type = tflite::TensorType::INT32, .shape = {2}, .buffer = shared});
  std::shared_ptr<const TflModel> half = WithConstantsRoundedToHalf(m);
  auto values = [&](uint32_t buffer) {
    std::vector<float> v(2);
    std::memcpy(v.data(), half->buffers[buffer].data.data(), sizeof f);
    return v;
  };
  EXPECT_EQ(values(floats), (std::vector<float>{0.0999755859375f, 1.0f}));
  EXPECT_EQ(std::memcmp(half->buffers[ints].data.data(), i, sizeof i), 0);
  EXPECT_EQ(values(shared), (std::vector<float>{0.1f, 1.0f}));  // an int32 tensor reads it too
  EXPECT_EQ(std::memcmp(m.buffers[floats].data.data(), f, sizeof f), 0);  // the original is untouched
}

}  // namespace
}  // namespace tfconv
