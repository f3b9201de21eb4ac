#include <cmath>
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "runtime_check/kernels/activation/activation_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::OpTest;
using kernel_test::PerAxisQuant;
using kernel_test::Quant;
using kernel_test::ValuesOf;

using tflite::BuiltinOperator;
using tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterActivationKernels>(); }

template <typename In, typename Out>
absl::StatusOr<std::vector<Out>> RunOp(BuiltinOperator op, TensorType in_type, std::vector<int32_t> shape,
                                       const std::vector<In>& x, std::optional<TflQuantization> qin,
                                       TensorType out_type, std::optional<TflQuantization> qout) {
  OpTest t(op, Kernels());
  t.Input<In>(in_type, std::move(shape), x, qin).Output(out_type, qout);
  auto y = t.RunOne();
  if (!y.ok()) return y.status();
  EXPECT_EQ(y->type(), out_type);
  return ValuesOf<Out>(*y);
}

TEST(QuantizeTest, FloatPerTensor) {
  // round(x / 0.5) - 1, ties away from zero, clamped.
  auto y = RunOp<float, int8_t>(BuiltinOperator::QUANTIZE, TensorType::FLOAT32, {6},
                                {0.25f, -0.25f, 100, -100, 1, 0.74f}, std::nullopt, TensorType::INT8, Quant(0.5f, -1));
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(*y, (std::vector<int8_t>{0, -2, 127, -128, 1, 0}));
  auto u8 = RunOp<float, uint8_t>(BuiltinOperator::QUANTIZE, TensorType::FLOAT32, {3}, {-1, 0.1f, 3}, std::nullopt,
                                  TensorType::UINT8, Quant(0.01f, 128));
  ASSERT_TRUE(u8.ok()) << u8.status();
  EXPECT_EQ(*u8, (std::vector<uint8_t>{28, 138, 255}));
  auto i16 = RunOp<float, int16_t>(BuiltinOperator::QUANTIZE, TensorType::FLOAT32, {2}, {0.5f, -40}, std::nullopt,
                                   TensorType::INT16, Quant(1.f / 1024, 0));
  ASSERT_TRUE(i16.ok()) << i16.status();
  EXPECT_EQ(*i16, (std::vector<int16_t>{512, -32768}));
}

TEST(QuantizeTest, FloatPerAxis) {
  // Axis 1 of [2, 3]: scales 0.1, 0.2, 0.5 and one shared zero point 2.
  auto y = RunOp<float, int8_t>(BuiltinOperator::QUANTIZE, TensorType::FLOAT32, {2, 3}, {1, 1, 1, -1, -1, -1},
                                std::nullopt, TensorType::INT8, PerAxisQuant({0.1f, 0.2f, 0.5f}, {2}, 1));
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(*y, (std::vector<int8_t>{12, 7, 4, -8, -3, 0}));
  // Axis 0 with one zero point per channel.
  auto a0 = RunOp<float, int8_t>(BuiltinOperator::QUANTIZE, TensorType::FLOAT32, {2, 2}, {1, 2, 1, 2}, std::nullopt,
                                 TensorType::INT8, PerAxisQuant({0.5f, 0.25f}, {0, -10}, 0));
  ASSERT_TRUE(a0.ok()) << a0.status();
  EXPECT_EQ(*a0, (std::vector<int8_t>{2, 4, -6, -2}));
  auto bad = RunOp<float, int8_t>(BuiltinOperator::QUANTIZE, TensorType::FLOAT32, {2, 2}, {1, 2, 1, 2}, std::nullopt,
                                  TensorType::INT8, PerAxisQuant({0.5f, 0.25f, 1.f}, {0}, 0));
  EXPECT_FALSE(bad.ok());
}

TEST(QuantizeTest, Requantize) {
  // int8 -> uint8 on the same scale: +128.
  auto u8 = RunOp<int8_t, uint8_t>(BuiltinOperator::QUANTIZE, TensorType::INT8, {3}, {-128, 0, 127}, Quant(0.1f, -5),
                                   TensorType::UINT8, Quant(0.1f, 123));
  ASSERT_TRUE(u8.ok()) << u8.status();
  EXPECT_EQ(*u8, (std::vector<uint8_t>{0, 128, 255}));
  // int16 -> int8: 0.001 -> 0.05 divides by 50, zero point 3.
  auto i8 = RunOp<int16_t, int8_t>(BuiltinOperator::QUANTIZE, TensorType::INT16, {4}, {30, -30, 1000, 32767},
                                   Quant(0.001f, 0), TensorType::INT8, Quant(0.05f, 3));
  ASSERT_TRUE(i8.ok()) << i8.status();
  EXPECT_EQ(*i8, (std::vector<int8_t>{4, 2, 23, 127}));
  // int32 -> int16 and int16 -> int32 with power-of-two ratios.
  auto i16 = RunOp<int32_t, int16_t>(BuiltinOperator::QUANTIZE, TensorType::INT32, {3}, {1 << 20, -(3 << 15), 1 << 30},
                                     Quant(1.f / (1 << 20), 0), TensorType::INT16, Quant(1.f / 1024, 0));
  ASSERT_TRUE(i16.ok()) << i16.status();
  EXPECT_EQ(*i16, (std::vector<int16_t>{1024, -96, 32767}));
  auto i32 = RunOp<int16_t, int32_t>(BuiltinOperator::QUANTIZE, TensorType::INT16, {2}, {-7, 300}, Quant(1.f / 1024, 0),
                                     TensorType::INT32, Quant(1.f / (1 << 20), 5));
  ASSERT_TRUE(i32.ok()) << i32.status();
  EXPECT_EQ(*i32, (std::vector<int32_t>{-7 * 1024 + 5, 300 * 1024 + 5}));
  // int8 -> int16 (as TFLite Micro).
  auto w = RunOp<int8_t, int16_t>(BuiltinOperator::QUANTIZE, TensorType::INT8, {2}, {-128, 127}, Quant(0.5f, 0),
                                  TensorType::INT16, Quant(1.f / 256, 0));
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(*w, (std::vector<int16_t>{-16384, 16256}));
  auto zp16 = RunOp<int16_t, int16_t>(BuiltinOperator::QUANTIZE, TensorType::INT16, {1}, {1}, Quant(0.5f, 1),
                                      TensorType::INT16, Quant(0.25f, 0));
  EXPECT_FALSE(zp16.ok());
}

TEST(QuantizeTest, NeedsOutputQuantization) {
  auto y = RunOp<float, int8_t>(BuiltinOperator::QUANTIZE, TensorType::FLOAT32, {1}, {1}, std::nullopt,
                                TensorType::INT8, std::nullopt);
  EXPECT_FALSE(y.ok());
}

TEST(DequantizeTest, PerTensorPerAxisAndFloat16) {
  auto i8 = RunOp<int8_t, float>(BuiltinOperator::DEQUANTIZE, TensorType::INT8, {3}, {-128, 3, 127}, Quant(0.5f, 3),
                                 TensorType::FLOAT32, std::nullopt);
  ASSERT_TRUE(i8.ok()) << i8.status();
  EXPECT_EQ(*i8, (std::vector<float>{-65.5f, 0, 62}));
  auto u8 = RunOp<uint8_t, float>(BuiltinOperator::DEQUANTIZE, TensorType::UINT8, {2}, {0, 255}, Quant(0.1f, 128),
                                  TensorType::FLOAT32, std::nullopt);
  ASSERT_TRUE(u8.ok()) << u8.status();
  EXPECT_EQ(*u8, (std::vector<float>{static_cast<float>(0.1f * -128.0), static_cast<float>(0.1f * 127.0)}));
  auto i16 = RunOp<int16_t, float>(BuiltinOperator::DEQUANTIZE, TensorType::INT16, {2}, {-32768, 1024},
                                   Quant(1.f / 1024, 0), TensorType::FLOAT32, std::nullopt);
  ASSERT_TRUE(i16.ok()) << i16.status();
  EXPECT_EQ(*i16, (std::vector<float>{-32, 1}));
  auto axis = RunOp<int8_t, float>(BuiltinOperator::DEQUANTIZE, TensorType::INT8, {2, 2}, {4, 4, 4, 4},
                                   PerAxisQuant({0.5f, 0.25f}, {0, 2}, 1), TensorType::FLOAT32, std::nullopt);
  ASSERT_TRUE(axis.ok()) << axis.status();
  EXPECT_EQ(*axis, (std::vector<float>{2, 0.5f, 2, 0.5f}));
  auto f16 = RunOp<uint16_t, float>(BuiltinOperator::DEQUANTIZE, TensorType::FLOAT16, {3}, {0x3C00, 0xC000, 0x3555},
                                    std::nullopt, TensorType::FLOAT32, std::nullopt);
  ASSERT_TRUE(f16.ok()) << f16.status();
  EXPECT_EQ(*f16, (std::vector<float>{1, -2, 0.333251953125f}));
}

}  // namespace
}  // namespace tfconv
