#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "gtest/gtest.h"
#include "runtime_check/kernels/conv/conv_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::OpTest;
using kernel_test::PerAxisQuant;
using kernel_test::Quant;
using kernel_test::Random;
using kernel_test::Requantize;
using kernel_test::ValuesOf;
using tflite::ActivationFunctionType;
using tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterConvKernels>(); }

tflite::FullyConnectedOptionsT Options(ActivationFunctionType act, bool keep_num_dims = false,
                                       bool asymmetric = false) {
  tflite::FullyConnectedOptionsT o;
  o.fused_activation_function = act;
  o.keep_num_dims = keep_num_dims;
  o.asymmetric_quantize_inputs = asymmetric;
  return o;
}

TEST(FullyConnectedTest, FloatHandComputed) {
  // [1, 2, 3] . [1, 0, -1] + 1 = -1 and [1, 2, 3] . [2, 2, 2] - 1 = 11.
  OpTest m(tflite::BuiltinOperator::FULLY_CONNECTED, Kernels());
  m.Input<float>(TensorType::FLOAT32, {1, 3}, {1, 2, 3})
      .ConstInput<float>(TensorType::FLOAT32, {2, 3}, {1, 0, -1, 2, 2, 2})
      .ConstInput<float>(TensorType::FLOAT32, {2}, {1, -1})
      .Output(TensorType::FLOAT32, std::nullopt, {1, 2})
      .Options(Options(ActivationFunctionType::NONE));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<float>((*out)[0]), (std::vector<float>{-1, 11}));
}

// Output shapes: rows are the input flattened to [total / depth, depth]; keep_num_dims keeps the
// input's shape with the last dimension replaced.
TEST(FullyConnectedTest, OutputShapes) {
  auto shape_of = [](std::vector<int32_t> in_shape, bool keep) {
    OpTest m(tflite::BuiltinOperator::FULLY_CONNECTED, Kernels());
    m.Input<float>(TensorType::FLOAT32, in_shape, std::vector<float>(NumElementsOf(in_shape), 1))
        .ConstInput<float>(TensorType::FLOAT32, {5, 6}, std::vector<float>(30, 1))
        .Output(TensorType::FLOAT32, std::nullopt, {1})
        .Options(Options(ActivationFunctionType::NONE, keep));
    auto out = m.Run();
    EXPECT_TRUE(out.ok()) << out.status();
    if (out.ok()) {
      for (float v : ValuesOf<float>((*out)[0])) EXPECT_EQ(v, 6);
    }
    return out.ok() ? (*out)[0].shape() : std::vector<int32_t>{};
  };
  EXPECT_EQ(shape_of({2, 3, 6}, false), (std::vector<int32_t>{6, 5}));
  EXPECT_EQ(shape_of({2, 3, 6}, true), (std::vector<int32_t>{2, 3, 5}));
  EXPECT_EQ(shape_of({1, 2, 2, 3}, false), (std::vector<int32_t>{2, 5}));  // depth 6 spans two dimensions
}

TEST(FullyConnectedTest, FloatMatchesReferenceLoopBitForBit) {
  Random rnd(4);
  for (const auto& [rows, depth, units] : std::vector<std::tuple<int, int, int>>{{1, 37, 11}, {3, 64, 8}, {2, 5, 3}}) {
    const std::vector<float> in = rnd.Floats(rows * depth, -3, 3);
    const std::vector<float> w = rnd.Floats(units * depth, -1, 1);
    const std::vector<float> bias = rnd.Floats(units, -1, 1);
    OpTest m(tflite::BuiltinOperator::FULLY_CONNECTED, Kernels());
    m.Input<float>(TensorType::FLOAT32, {rows, depth}, in)
        .ConstInput<float>(TensorType::FLOAT32, {units, depth}, w)
        .ConstInput<float>(TensorType::FLOAT32, {units}, bias)
        .Output(TensorType::FLOAT32, std::nullopt, {rows, units})
        .Options(Options(ActivationFunctionType::RELU6));
    auto out = m.Run();
    ASSERT_TRUE(out.ok()) << out.status();
    const std::vector<float> got = ValuesOf<float>((*out)[0]);
    for (int r = 0; r < rows; ++r) {
      for (int u = 0; u < units; ++u) {
        float total = 0;  // reference_ops::FullyConnected
        for (int d = 0; d < depth; ++d) total += in[r * depth + d] * w[u * depth + d];
        ASSERT_EQ(got[r * units + u], std::min(std::max(total + bias[u], 0.0f), 6.0f)) << r << "," << u;
      }
    }
  }
}

// Random quantized data against the literal integer loop (exact) and the real-valued product (1 LSB).
template <typename T, typename B>
void RunQuantizedCase(TensorType type, bool per_channel, int rows, int depth, int units, uint32_t seed) {
  Random rnd(seed);
  const bool is_uint8 = type == TensorType::UINT8, is_int16 = type == TensorType::INT16;
  const float in_scale = is_int16 ? 1.0f / 1024 : 0.05f;
  const int in_zp = is_uint8 ? 100 : is_int16 ? 0 : 11;
  // Per-tensor filters may have a zero point (TFLite applies it); per-channel ones are symmetric.
  const int w_zp = is_uint8 ? 140 : per_channel ? 0 : 3;
  std::vector<float> w_scales(per_channel ? units : 1);
  for (size_t i = 0; i < w_scales.size(); ++i) w_scales[i] = 0.01f + 0.003f * i;
  auto ws = [&](int u) { return w_scales[per_channel ? u : 0]; };
  const std::vector<T> in = rnd.Ints<T>(rows * depth, std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
  const std::vector<uint8_t> w_u = rnd.Ints<uint8_t>(units * depth, 0, 255);
  const std::vector<int8_t> w_s = rnd.Ints<int8_t>(units * depth, -127, 127);
  auto wv = [&](int i) { return is_uint8 ? w_u[i] - w_zp : w_s[i] - w_zp; };
  std::vector<B> bias(units);
  for (int u = 0; u < units; ++u) bias[u] = static_cast<B>((u % 9 - 4) * 53);
  std::vector<double> real(rows * units);
  std::vector<int64_t> acc(rows * units);
  for (int r = 0; r < rows; ++r) {
    for (int u = 0; u < units; ++u) {
      for (int d = 0; d < depth; ++d) {
        acc[r * units + u] += int64_t{wv(u * depth + d)} * (in[r * depth + d] - in_zp);
      }
      real[r * units + u] = (acc[r * units + u] + bias[u]) * double{in_scale} * ws(u);
    }
  }
  double hi = 1e-9;
  for (double v : real) hi = std::max(hi, std::abs(v));
  const float out_scale = static_cast<float>(hi / (is_int16 ? 30000 : 110));
  const int out_zp = is_uint8 ? 130 : is_int16 ? 0 : -6;
  std::vector<T> expected(acc.size());
  for (size_t i = 0; i < acc.size(); ++i) {
    const int u = static_cast<int>(i % units);
    // Per-tensor multipliers round the scale product to float first (GetQuantizedConvolutionMultipler).
    const double ratio = per_channel ? double{in_scale} * double{ws(u)} / double{out_scale}
                                     : static_cast<double>(in_scale * ws(u)) / double{out_scale};
    const int32_t v = Requantize(acc[i] + bias[u], ratio, sizeof(B) == 8) + out_zp;
    expected[i] = static_cast<T>(std::clamp<int32_t>(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
  }

  OpTest m(tflite::BuiltinOperator::FULLY_CONNECTED, Kernels());
  m.Input<T>(type, {rows, depth}, in, Quant(in_scale, in_zp));
  const auto wq = PerAxisQuant(w_scales, std::vector<int64_t>(w_scales.size(), w_zp), 0);
  if (is_uint8) {
    m.ConstInput<uint8_t>(TensorType::UINT8, {units, depth}, w_u, wq);
  } else {
    m.ConstInput<int8_t>(TensorType::INT8, {units, depth}, w_s, wq);
  }
  m.ConstInput<B>(sizeof(B) == 8 ? TensorType::INT64 : TensorType::INT32, {units}, bias)
      .Output(type, Quant(out_scale, out_zp), {rows, units})
      .Options(Options(ActivationFunctionType::NONE));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  const std::vector<T> got = ValuesOf<T>((*out)[0]);
  ASSERT_EQ(got, expected);
  for (size_t i = 0; i < got.size(); ++i) {
    const double q = std::clamp<double>(std::round(real[i] / out_scale) + out_zp, std::numeric_limits<T>::min(),
                                        std::numeric_limits<T>::max());
    ASSERT_LE(std::abs(got[i] - q), 1) << i;
  }
}

TEST(FullyConnectedTest, QuantizedMatchesReferenceLoop) {
  RunQuantizedCase<uint8_t, int32_t>(TensorType::UINT8, false, 2, 30, 7, 70);
  RunQuantizedCase<int8_t, int32_t>(TensorType::INT8, false, 3, 41, 9, 71);
  RunQuantizedCase<int8_t, int32_t>(TensorType::INT8, true, 3, 41, 9, 72);
  RunQuantizedCase<int16_t, int64_t>(TensorType::INT16, false, 2, 25, 6, 73);
  RunQuantizedCase<int16_t, int64_t>(TensorType::INT16, true, 2, 25, 6, 74);
  RunQuantizedCase<int16_t, int32_t>(TensorType::INT16, true, 2, 25, 6, 75);
}

TEST(FullyConnectedTest, Uint8HandComputed) {
  // x = 0.5 * (q - 10): {12, 6} -> {1, -2}; w = 0.25 * (q - 4): {12, 8} -> {2, 1}; bias 4 * 0.125.
  // y = 1 * 2 + (-2) * 1 + 0.5 = 0.5 -> q = 0.5 / 0.25 + 7 = 9.
  OpTest m(tflite::BuiltinOperator::FULLY_CONNECTED, Kernels());
  m.Input<uint8_t>(TensorType::UINT8, {1, 2}, {12, 6}, Quant(0.5f, 10))
      .ConstInput<uint8_t>(TensorType::UINT8, {1, 2}, {12, 8}, Quant(0.25f, 4))
      .ConstInput<int32_t>(TensorType::INT32, {1}, {4})
      .Output(TensorType::UINT8, Quant(0.25f, 7), {1, 1})
      .Options(Options(ActivationFunctionType::NONE));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<uint8_t>((*out)[0]), (std::vector<uint8_t>{9}));
}

// Hybrid: each input row quantized to int8 (symmetric, or asymmetric with the option), int32 dot
// products, then bias + float(dot - row_sum * zp) * (s_x * s_w).
void RunHybridCase(bool per_channel, bool asymmetric, ActivationFunctionType act, uint32_t seed) {
  const int rows = 3, depth = 23, units = 6;
  Random rnd(seed);
  std::vector<float> in = rnd.Floats(rows * depth, -0.7f, 1.9f);
  std::fill(in.begin() + depth, in.begin() + 2 * depth, 0.0f);  // an all-zero row: scale 1
  const std::vector<int8_t> w = rnd.Ints<int8_t>(units * depth, -127, 127);
  const std::vector<float> bias = rnd.Floats(units, -1, 1);
  std::vector<float> w_scales(per_channel ? units : 1);
  for (size_t i = 0; i < w_scales.size(); ++i) w_scales[i] = 0.02f + 0.005f * i;

  OpTest m(tflite::BuiltinOperator::FULLY_CONNECTED, Kernels());
  m.Input<float>(TensorType::FLOAT32, {rows, depth}, in)
      .ConstInput<int8_t>(TensorType::INT8, {units, depth}, w,
                          PerAxisQuant(w_scales, std::vector<int64_t>(w_scales.size(), 0), 0))
      .ConstInput<float>(TensorType::FLOAT32, {units}, bias)
      .Output(TensorType::FLOAT32, std::nullopt, {rows, units})
      .Options(Options(act, false, asymmetric));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  const std::vector<float> got = ValuesOf<float>((*out)[0]);
  for (int r = 0; r < rows; ++r) {
    const float* v = in.data() + r * depth;
    const float mn = *std::min_element(v, v + depth), mx = *std::max_element(v, v + depth);
    std::vector<int> q(depth, 0);
    float sx = 1;
    int zp = 0;
    if (!asymmetric && (mn != 0 || mx != 0)) {
      const float range = std::max(std::abs(mn), std::abs(mx));
      sx = range / 127;
      for (int d = 0; d < depth; ++d) q[d] = std::clamp(static_cast<int>(std::round(v[d] * (127 / range))), -127, 127);
    } else if (asymmetric && (mn != 0 || mx != 0)) {
      const double rmin = std::min(0.0f, mn), rmax = std::max(0.0f, mx), s = (rmax - rmin) / 255;
      const double z = (128 + std::abs(rmin / s)) < (127 + std::abs(rmax / s)) ? -128 - rmin / s : 127 - rmax / s;
      zp = z <= -128 ? -128 : z >= 127 ? 127 : static_cast<int>(std::round(z));
      sx = static_cast<float>(s);
      for (int d = 0; d < depth; ++d) {
        q[d] = std::clamp(static_cast<int>(std::round(zp + v[d] * (1.0f / sx))), -128, 127);
      }
    }
    for (int u = 0; u < units; ++u) {
      int32_t dot = 0;
      double real = bias[u];
      for (int d = 0; d < depth; ++d) {
        dot += w[u * depth + d] * (q[d] - zp);
        real += double{v[d]} * w[u * depth + d] * w_scales[per_channel ? u : 0];
      }
      float e = bias[u] + static_cast<float>(dot) * (sx * w_scales[per_channel ? u : 0]);
      if (act == ActivationFunctionType::RELU) {
        e = std::max(0.0f, e);
        real = std::max(0.0, real);
      }
      ASSERT_EQ(got[r * units + u], e) << r << "," << u;
      ASSERT_NEAR(got[r * units + u], real, 1.1 * depth * 127 * w_scales.back() * sx) << r << "," << u;
    }
  }
}

TEST(FullyConnectedTest, HybridSymmetricAndAsymmetric) {
  RunHybridCase(false, false, ActivationFunctionType::NONE, 80);
  RunHybridCase(true, false, ActivationFunctionType::RELU, 81);
  RunHybridCase(false, true, ActivationFunctionType::RELU, 82);
  RunHybridCase(true, true, ActivationFunctionType::NONE, 83);
}

TEST(FullyConnectedTest, HybridAllZeroInputGivesActivatedBias) {
  OpTest m(tflite::BuiltinOperator::FULLY_CONNECTED, Kernels());
  m.Input<float>(TensorType::FLOAT32, {1, 2}, {0, 0})
      .ConstInput<int8_t>(TensorType::INT8, {2, 2}, {5, -3, 7, 1}, Quant(0.1f, 0))
      .ConstInput<float>(TensorType::FLOAT32, {2}, {-0.5f, 0.25f})
      .Output(TensorType::FLOAT32, std::nullopt, {1, 2})
      .Options(Options(ActivationFunctionType::RELU));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<float>((*out)[0]), (std::vector<float>{0, 0.25f}));
}

TEST(FullyConnectedTest, Refusals) {
  auto run = [](tflite::FullyConnectedOptionsT o, TensorType weight_type, std::vector<int32_t> in_shape) {
    OpTest m(tflite::BuiltinOperator::FULLY_CONNECTED, Kernels());
    m.Input<float>(TensorType::FLOAT32, in_shape, std::vector<float>(NumElementsOf(in_shape), 1));
    if (weight_type == TensorType::FLOAT16) {
      m.ConstInput<uint16_t>(weight_type, {2, 4}, std::vector<uint16_t>(8, 0x3c00));
    } else {
      m.ConstInput<float>(weight_type, {2, 4}, std::vector<float>(8, 1));
    }
    m.Output(TensorType::FLOAT32, std::nullopt, {1, 2});
    if (o.weights_format != tflite::FullyConnectedOptionsWeightsFormat::DEFAULT) {
      m.Output(TensorType::UINT8, std::nullopt, {4});  // the shuffled input's extra output
    }
    return m.Options(o).Run().status();
  };
  EXPECT_TRUE(run(Options(ActivationFunctionType::NONE), TensorType::FLOAT32, {1, 4}).ok());
  absl::Status s = run(Options(ActivationFunctionType::NONE), TensorType::FLOAT16, {1, 4});
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented) << s;
  EXPECT_NE(s.message().find("DEQUANTIZE"), std::string::npos) << s;
  EXPECT_EQ(run(Options(ActivationFunctionType::TANH), TensorType::FLOAT32, {1, 4}).code(),
            absl::StatusCode::kUnimplemented);
  tflite::FullyConnectedOptionsT shuffled = Options(ActivationFunctionType::NONE);
  shuffled.weights_format = tflite::FullyConnectedOptionsWeightsFormat::SHUFFLED4x16INT8;
  EXPECT_EQ(run(shuffled, TensorType::FLOAT32, {1, 4}).code(), absl::StatusCode::kUnimplemented);
  s = run(Options(ActivationFunctionType::NONE), TensorType::FLOAT32, {1, 6});  // 6 values are not rows of 4
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
}

}  // namespace
}  // namespace tfconv
