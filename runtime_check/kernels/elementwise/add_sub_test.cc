#include <cmath>
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "runtime_check/kernels/elementwise/elementwise_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::OpTest;
using kernel_test::PerAxisQuant;
using kernel_test::Quant;
using kernel_test::ValuesOf;

using tflite::ActivationFunctionType;
using tflite::BuiltinOperator;
using tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterElementwiseKernels>(); }

tflite::AddOptionsT AddOpts(ActivationFunctionType act, bool pot = true) {
  tflite::AddOptionsT o;
  o.fused_activation_function = act;
  o.pot_scale_int16 = pot;
  return o;
}

tflite::SubOptionsT SubOpts(ActivationFunctionType act, bool pot = true) {
  tflite::SubOptionsT o;
  o.fused_activation_function = act;
  o.pot_scale_int16 = pot;
  return o;
}

TEST(AddTest, FloatBroadcastsWithRelu) {
  OpTest t(BuiltinOperator::ADD, Kernels());
  t.Input<float>(TensorType::FLOAT32, {2, 3}, {1, -2, 3, -4, 5, -6})
      .ConstInput<float>(TensorType::FLOAT32, {3}, {0.5f, 1, -1})
      .Output(TensorType::FLOAT32)
      .Options(AddOpts(ActivationFunctionType::RELU));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->shape(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{1.5f, 0, 2, 0, 6, 0}));
}

TEST(AddTest, FloatNaNPassesTheActivation) {
  OpTest t(BuiltinOperator::ADD, Kernels());
  t.Input<float>(TensorType::FLOAT32, {1}, {NAN})
      .Input<float>(TensorType::FLOAT32, {1}, {1})
      .Output(TensorType::FLOAT32)
      .Options(AddOpts(ActivationFunctionType::RELU6));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_TRUE(std::isnan(ValuesOf<float>(*y)[0]));
}

TEST(SubTest, FloatRelu6AndScalarBroadcast) {
  OpTest t(BuiltinOperator::SUB, Kernels());
  t.ConstInput<float>(TensorType::FLOAT32, {}, {10})
      .Input<float>(TensorType::FLOAT32, {4}, {1, 5, 12, 3.5f})
      .Output(TensorType::FLOAT32)
      .Options(SubOpts(ActivationFunctionType::RELU6));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<float>(*y), (std::vector<float>{6, 5, 0, 6}));
}

TEST(AddTest, Int32AndInt64) {
  OpTest t32(BuiltinOperator::ADD, Kernels());
  t32.Input<int32_t>(TensorType::INT32, {3}, {1, -20, 2147483647})
      .Input<int32_t>(TensorType::INT32, {3}, {2, 3, 1})
      .Output(TensorType::INT32)
      .Options(AddOpts(ActivationFunctionType::NONE));
  auto y = t32.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int32_t>(*y), (std::vector<int32_t>{3, -17, -2147483647 - 1}));  // wraps

  OpTest t32r(BuiltinOperator::ADD, Kernels());
  t32r.Input<int32_t>(TensorType::INT32, {3}, {1, -20, 9})
      .Input<int32_t>(TensorType::INT32, {1}, {2})
      .Output(TensorType::INT32)
      .Options(AddOpts(ActivationFunctionType::RELU6));
  y = t32r.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int32_t>(*y), (std::vector<int32_t>{3, 0, 6}));

  OpTest t64(BuiltinOperator::SUB, Kernels());
  t64.Input<int64_t>(TensorType::INT64, {2}, {int64_t{1} << 40, 5})
      .Input<int64_t>(TensorType::INT64, {2}, {1, 7})
      .Output(TensorType::INT64);
  y = t64.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int64_t>(*y), (std::vector<int64_t>{(int64_t{1} << 40) - 1, -2}));
}

TEST(AddTest, Int8ExactHandDerived) {
  // Scales 0.5 and 0.25 onto 1.0: multipliers 1/2, 1/4 of twice the larger scale and 2^-20 out.
  // 3 * 0.5 + 6 * 0.25 = 3.0; 1 * 0.5 + 1 * 0.25 = 0.75 -> 1; -1 * 0.5 - 1 * 0.25 = -0.75 -> -1;
  // 1 * 0.5 + 0 = 0.5 -> 1 (ties away from zero); -1 * 0.5 = -0.5 -> -1.
  OpTest t(BuiltinOperator::ADD, Kernels());
  t.Input<int8_t>(TensorType::INT8, {5}, {3, 1, -1, 1, -1}, Quant(0.5f, 0))
      .Input<int8_t>(TensorType::INT8, {5}, {6, 1, -1, 0, 0}, Quant(0.25f, 0))
      .Output(TensorType::INT8, Quant(1.0f, 0))
      .Options(AddOpts(ActivationFunctionType::NONE));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int8_t>(*y), (std::vector<int8_t>{3, 1, -1, 1, -1}));
}

// Every pair of 8-bit inputs against the float sum: within one step, clamped by the activation.
template <typename T>
void CheckQuantizedAgainstFloat(BuiltinOperator op, TensorType type, float s1, int z1, float s2, int z2, float so,
                                int zo, ActivationFunctionType act) {
  std::vector<T> a, b;
  for (int i = std::numeric_limits<T>::min(); i <= std::numeric_limits<T>::max(); i += 3) {
    for (int j = std::numeric_limits<T>::min(); j <= std::numeric_limits<T>::max(); j += 5) {
      a.push_back(static_cast<T>(i));
      b.push_back(static_cast<T>(j));
    }
  }
  const int n = static_cast<int>(a.size());
  OpTest t(op, Kernels());
  t.Input<T>(type, {n}, a, Quant(s1, z1));
  t.Input<T>(type, {n}, b, Quant(s2, z2));
  t.Output(type, Quant(so, zo));
  if (op == BuiltinOperator::ADD) {
    t.Options(AddOpts(act));
  } else {
    t.Options(SubOpts(act));
  }
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  const std::vector<T> got = ValuesOf<T>(*y);
  const double lo = act == ActivationFunctionType::RELU ? std::max<double>(zo, std::numeric_limits<T>::min())
                                                        : std::numeric_limits<T>::min();
  int off_by_one = 0;
  for (int i = 0; i < n; ++i) {
    const double real = s1 * (a[i] - z1) + (op == BuiltinOperator::ADD ? 1 : -1) * s2 * (b[i] - z2);
    const double expected = std::clamp(std::round(real / so) + zo, lo, double{std::numeric_limits<T>::max()});
    ASSERT_LE(std::abs(got[i] - expected), 1) << "a=" << int{a[i]} << " b=" << int{b[i]};
    off_by_one += got[i] != expected;
  }
  EXPECT_LT(off_by_one, n / 20) << "rounding should be right almost always";
}

TEST(AddTest, Int8AgainstFloat) {
  CheckQuantizedAgainstFloat<int8_t>(BuiltinOperator::ADD, TensorType::INT8, 0.05f, -3, 0.031f, 10, 0.07f, 5,
                                     ActivationFunctionType::NONE);
}

TEST(AddTest, Uint8WithReluAgainstFloat) {
  CheckQuantizedAgainstFloat<uint8_t>(BuiltinOperator::ADD, TensorType::UINT8, 0.02f, 128, 0.013f, 100, 0.03f, 120,
                                      ActivationFunctionType::RELU);
}

TEST(SubTest, Int8AndUint8AgainstFloat) {
  CheckQuantizedAgainstFloat<int8_t>(BuiltinOperator::SUB, TensorType::INT8, 0.05f, -3, 0.031f, 10, 0.07f, 5,
                                     ActivationFunctionType::NONE);
  CheckQuantizedAgainstFloat<uint8_t>(BuiltinOperator::SUB, TensorType::UINT8, 0.01f, 0, 0.04f, 255, 0.05f, 0,
                                      ActivationFunctionType::NONE);
}

TEST(AddTest, Int16GeneralScalesAgainstFloat) {
  std::vector<int16_t> a, b;
  for (int i = -32768; i < 32768; i += 997) {
    for (int j = -32768; j < 32768; j += 1499) {
      a.push_back(static_cast<int16_t>(i));
      b.push_back(static_cast<int16_t>(j));
    }
  }
  const int n = static_cast<int>(a.size());
  const float s1 = 0.00058525f, s2 = 0.00080693f, so = 0.00102444f;
  OpTest t(BuiltinOperator::ADD, Kernels());
  t.Input<int16_t>(TensorType::INT16, {n}, a, Quant(s1, 0))
      .Input<int16_t>(TensorType::INT16, {n}, b, Quant(s2, 0))
      .Output(TensorType::INT16, Quant(so, 0))
      .Options(AddOpts(ActivationFunctionType::NONE));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  const std::vector<int16_t> got = ValuesOf<int16_t>(*y);
  for (int i = 0; i < n; ++i) {
    const double expected = std::clamp(std::round((double(s1) * a[i] + double(s2) * b[i]) / so), -32768.0, 32767.0);
    ASSERT_LE(std::abs(got[i] - expected), 1) << a[i] << " + " << b[i];
  }
}

TEST(AddTest, Int16PowerOfTwoScalesUseTheLstmPath) {
  // Input 1 on the output scale 2^-10, input 2 on 2^-12: out = a + RoundingDivideByPOT(b, 2).
  // -6 / 4 = -1.5 rounds away from zero to -2, so 100 + (-6) gives 98 on this path, while the
  // general path computes round(100 - 1.5) = 99 (98.5 rounds up).
  auto run = [](bool pot) {
    OpTest t(BuiltinOperator::ADD, Kernels());
    t.Input<int16_t>(TensorType::INT16, {3}, {100, 100, 32767}, Quant(1.f / 1024, 0))
        .Input<int16_t>(TensorType::INT16, {3}, {-6, 7, 400}, Quant(1.f / 4096, 0))
        .Output(TensorType::INT16, Quant(1.f / 1024, 0))
        .Options(AddOpts(ActivationFunctionType::NONE, pot));
    return t.RunOne();
  };
  auto pot = run(true);
  ASSERT_TRUE(pot.ok()) << pot.status();
  EXPECT_EQ(ValuesOf<int16_t>(*pot), (std::vector<int16_t>{98, 102, 32767}));
  auto general = run(false);
  ASSERT_TRUE(general.ok()) << general.status();
  EXPECT_EQ(ValuesOf<int16_t>(*general)[0], 99);
}

TEST(SubTest, Int16PowerOfTwoScales) {
  OpTest t(BuiltinOperator::SUB, Kernels());
  t.Input<int16_t>(TensorType::INT16, {3}, {6, 7, -32768}, Quant(1.f / 4096, 0))
      .Input<int16_t>(TensorType::INT16, {3}, {100, 100, 10}, Quant(1.f / 1024, 0))
      .Output(TensorType::INT16, Quant(1.f / 1024, 0))
      .Options(SubOpts(ActivationFunctionType::NONE));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  // 6/4 = 1.5 -> 2; 7/4 = 1.75 -> 2; -32768/4 = -8192.
  EXPECT_EQ(ValuesOf<int16_t>(*y), (std::vector<int16_t>{-98, -98, -8202}));
}

TEST(AddTest, Int16PowerOfTwoNeedsOneInputOnTheOutputScale) {
  OpTest t(BuiltinOperator::ADD, Kernels());
  t.Input<int16_t>(TensorType::INT16, {1}, {1}, Quant(1.f / 4096, 0))
      .Input<int16_t>(TensorType::INT16, {1}, {1}, Quant(1.f / 4096, 0))
      .Output(TensorType::INT16, Quant(1.f / 1024, 0))
      .Options(AddOpts(ActivationFunctionType::NONE));
  auto y = t.RunOne();
  ASSERT_FALSE(y.ok());
  EXPECT_NE(y.status().message().find("power-of-two"), std::string::npos) << y.status();
}

TEST(AddTest, QuantizedRelu6ClampsAtQuantizedSix) {
  // Output scale 0.1, zero point -10: RELU6 keeps [-10, 50].
  OpTest t(BuiltinOperator::ADD, Kernels());
  t.Input<int8_t>(TensorType::INT8, {3}, {100, -100, 20}, Quant(0.1f, 0))
      .Input<int8_t>(TensorType::INT8, {3}, {0, 0, 0}, Quant(0.1f, 0))
      .Output(TensorType::INT8, Quant(0.1f, -10))
      .Options(AddOpts(ActivationFunctionType::RELU6));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(ValuesOf<int8_t>(*y), (std::vector<int8_t>{50, -10, 10}));
}

TEST(AddTest, OutputTakesTheInputType) {
  // As TFLite's Prepare: some published models leave the intermediate's type at FLOAT32.
  OpTest t(BuiltinOperator::ADD, Kernels());
  t.Input<uint8_t>(TensorType::UINT8, {2}, {10, 200}, Quant(0.5f, 0))
      .Input<uint8_t>(TensorType::UINT8, {2}, {10, 200}, Quant(0.5f, 0))
      .Output(TensorType::FLOAT32, Quant(0.5f, 0));
  auto y = t.RunOne();
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->type(), TensorType::UINT8);
  EXPECT_EQ(ValuesOf<uint8_t>(*y), (std::vector<uint8_t>{20, 255}));
}

TEST(AddTest, RefusesWhatItCannotDo) {
  OpTest mixed(BuiltinOperator::ADD, Kernels());
  mixed.Input<float>(TensorType::FLOAT32, {1}, {1})
      .Input<int32_t>(TensorType::INT32, {1}, {1})
      .Output(TensorType::FLOAT32);
  EXPECT_FALSE(mixed.RunOne().ok());

  OpTest shapes(BuiltinOperator::ADD, Kernels());
  shapes.Input<float>(TensorType::FLOAT32, {2}, {1, 2})
      .Input<float>(TensorType::FLOAT32, {3}, {1, 2, 3})
      .Output(TensorType::FLOAT32);
  auto y = shapes.RunOne();
  ASSERT_FALSE(y.ok());
  EXPECT_NE(y.status().message().find("do not broadcast"), std::string::npos) << y.status();

  OpTest boolean(BuiltinOperator::ADD, Kernels());
  boolean.Input<bool>(TensorType::BOOL, {1}, {true})
      .Input<bool>(TensorType::BOOL, {1}, {true})
      .Output(TensorType::BOOL);
  EXPECT_FALSE(boolean.RunOne().ok());

  OpTest tanh(BuiltinOperator::ADD, Kernels());
  tanh.Input<float>(TensorType::FLOAT32, {1}, {1})
      .Input<float>(TensorType::FLOAT32, {1}, {1})
      .Output(TensorType::FLOAT32)
      .Options(AddOpts(ActivationFunctionType::TANH));
  y = tanh.RunOne();
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.status().code(), absl::StatusCode::kUnimplemented);

  OpTest unquantized(BuiltinOperator::ADD, Kernels());
  unquantized.Input<int8_t>(TensorType::INT8, {1}, {1})
      .Input<int8_t>(TensorType::INT8, {1}, {1})
      .Output(TensorType::INT8);
  EXPECT_FALSE(unquantized.RunOne().ok());
}

}  // namespace
}  // namespace tfconv
