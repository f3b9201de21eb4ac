#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime_check/kernels/conv/conv_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::ExpectedAsymmetricRow;
using kernel_test::OpTest;
using kernel_test::PerAxisQuant;
using kernel_test::Quant;
using kernel_test::Random;
using kernel_test::Requantize;
using kernel_test::ValuesOf;
using tflite::ActivationFunctionType;
using tflite::Padding;
using tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterConvKernels>(); }

struct Case {
  int n, h, w, c, m;  // input NHWC, depth multiplier
  int kh, kw, sh, sw, dh, dw;
  Padding padding;
  ActivationFunctionType act;
  bool bias;
};

int OutSize(Padding p, int in, int k, int s, int d) {
  return p == Padding::SAME ? (in + s - 1) / s : (in - ((k - 1) * d + 1)) / s + 1;
}

// reference_ops::DepthwiseConv's loops, written out: for each output pixel, input channel ic and
// multiplier index m (output channel ic * M + m), the taps (fy, fx) inside the image.
template <typename Acc, typename Term>
std::vector<Acc> NaiveSums(const Case& k, Term term, std::vector<int32_t>* shape) {
  const int oh = OutSize(k.padding, k.h, k.kh, k.sh, k.dh), ow = OutSize(k.padding, k.w, k.kw, k.sw, k.dw);
  const int ph = std::max(0, (oh - 1) * k.sh + (k.kh - 1) * k.dh + 1 - k.h) / 2;
  const int pw = std::max(0, (ow - 1) * k.sw + (k.kw - 1) * k.dw + 1 - k.w) / 2;
  const int oc = k.c * k.m;
  *shape = {k.n, oh, ow, oc};
  std::vector<Acc> out(static_cast<size_t>(k.n) * oh * ow * oc);
  for (int b = 0; b < k.n; ++b)
    for (int y = 0; y < oh; ++y)
      for (int x = 0; x < ow; ++x)
        for (int ic = 0; ic < k.c; ++ic)
          for (int mm = 0; mm < k.m; ++mm) {
            const int o = ic * k.m + mm;
            Acc total = 0;
            for (int fy = 0; fy < k.kh; ++fy)
              for (int fx = 0; fx < k.kw; ++fx) {
                const int iy = y * k.sh - ph + fy * k.dh, ix = x * k.sw - pw + fx * k.dw;
                if (iy < 0 || iy >= k.h || ix < 0 || ix >= k.w) continue;
                total += term(((b * k.h + iy) * k.w + ix) * k.c + ic, (fy * k.kw + fx) * oc + o);
              }
            out[((static_cast<size_t>(b) * oh + y) * ow + x) * oc + o] = total;
          }
  return out;
}

tflite::DepthwiseConv2DOptionsT Options(const Case& k) {
  tflite::DepthwiseConv2DOptionsT o;
  o.padding = k.padding;
  o.stride_h = k.sh;
  o.stride_w = k.sw;
  o.dilation_h_factor = k.dh;
  o.dilation_w_factor = k.dw;
  o.depth_multiplier = k.m;
  o.fused_activation_function = k.act;
  return o;
}

TEST(DepthwiseConv2DTest, FloatHandComputed) {
  // 2x2 image with 2 channels, multiplier 2, 2x2 filter, VALID: one output pixel. Channel 0 values
  // 1..4 and channel 1 values 10..40 (pixel order). Filters: oc 0 ones (sum 10), oc 1 [1,0,0,0] (1),
  // oc 2 ones (100), oc 3 [0,0,0,1] (40); bias 0.5 each.
  OpTest m(tflite::BuiltinOperator::DEPTHWISE_CONV_2D, Kernels());
  m.Input<float>(TensorType::FLOAT32, {1, 2, 2, 2}, {1, 10, 2, 20, 3, 30, 4, 40})
      .ConstInput<float>(TensorType::FLOAT32, {1, 2, 2, 4}, {1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1})
      .ConstInput<float>(TensorType::FLOAT32, {4}, {0.5f, 0.5f, 0.5f, 0.5f})
      .Output(TensorType::FLOAT32, std::nullopt, {1, 1, 1, 4})
      .Options(Options({1, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, Padding::VALID, ActivationFunctionType::NONE, true}));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<float>((*out)[0]), (std::vector<float>{10.5f, 1.5f, 100.5f, 40.5f}));
}

TEST(DepthwiseConv2DTest, FloatMatchesReferenceLoopBitForBit) {
  const std::vector<Case> cases = {
      {2, 7, 6, 5, 1, 3, 3, 2, 1, 1, 2, Padding::SAME, ActivationFunctionType::RELU6, true},
      {1, 6, 6, 3, 3, 3, 2, 1, 2, 2, 1, Padding::VALID, ActivationFunctionType::NONE, false},
      {1, 9, 9, 16, 1, 3, 3, 2, 2, 1, 1, Padding::SAME, ActivationFunctionType::RELU, true},
  };
  Random rnd(2);
  for (const Case& k : cases) {
    const std::vector<float> in = rnd.Floats(k.n * k.h * k.w * k.c, -2, 2);
    const std::vector<float> filt = rnd.Floats(k.kh * k.kw * k.c * k.m, -1, 1);
    const std::vector<float> bias = rnd.Floats(k.c * k.m, -1, 1);
    std::vector<int32_t> shape;
    const std::vector<float> sums = NaiveSums<float>(
        k, [&](int i, int f) { return in[i] * filt[f]; }, &shape);
    float lo = std::numeric_limits<float>::lowest(), hi = std::numeric_limits<float>::max();
    if (k.act != ActivationFunctionType::NONE) lo = 0;
    if (k.act == ActivationFunctionType::RELU6) hi = 6;

    OpTest m(tflite::BuiltinOperator::DEPTHWISE_CONV_2D, Kernels());
    m.Input<float>(TensorType::FLOAT32, {k.n, k.h, k.w, k.c}, in)
        .ConstInput<float>(TensorType::FLOAT32, {1, k.kh, k.kw, k.c * k.m}, filt);
    if (k.bias) {
      m.ConstInput<float>(TensorType::FLOAT32, {k.c * k.m}, bias);
    } else {
      m.OmittedInput();
    }
    m.Output(TensorType::FLOAT32, std::nullopt, shape).Options(Options(k));
    auto out = m.Run();
    ASSERT_TRUE(out.ok()) << out.status();
    ASSERT_EQ((*out)[0].shape(), shape);
    const std::vector<float> got = ValuesOf<float>((*out)[0]);
    for (size_t i = 0; i < got.size(); ++i) {
      const float bv = k.bias ? bias[i % (k.c * k.m)] : 0.0f;
      ASSERT_EQ(got[i], std::min(std::max(sums[i] + bv, lo), hi)) << i;
    }
  }
}

// Random quantized data: the kernel must equal the literal integer loop and be within 1 LSB of the
// real-valued result.
template <typename T, typename B>
void RunQuantizedCase(const Case& k, TensorType type, bool per_channel, uint32_t seed) {
  Random rnd(seed);
  const bool is_uint8 = type == TensorType::UINT8, is_int16 = type == TensorType::INT16;
  const int oc = k.c * k.m;
  const float in_scale = is_int16 ? 1.0f / 4096 : 0.02f;
  const int in_zp = is_uint8 ? 120 : is_int16 ? 0 : 5;
  const int w_zp = is_uint8 ? 133 : 0;
  std::vector<float> w_scales(per_channel ? oc : 1);
  for (size_t i = 0; i < w_scales.size(); ++i) w_scales[i] = 0.003f + 0.0007f * i;
  auto ws = [&](int o) { return w_scales[per_channel ? o : 0]; };
  const std::vector<T> in = rnd.Ints<T>(k.n * k.h * k.w * k.c, is_int16 ? -32768 : std::numeric_limits<T>::min(),
                                        is_int16 ? 32767 : std::numeric_limits<T>::max());
  const std::vector<T> filt_u = rnd.Ints<T>(k.kh * k.kw * oc, 0, 255);  // only for uint8
  const std::vector<int8_t> filt_s = rnd.Ints<int8_t>(k.kh * k.kw * oc, -127, 127);
  auto fv = [&](int f) { return is_uint8 ? static_cast<int>(filt_u[f]) - w_zp : static_cast<int>(filt_s[f]); };
  std::vector<B> bias(oc);
  for (int o = 0; o < oc; ++o) bias[o] = static_cast<B>((o % 7 - 3) * 101);
  std::vector<int32_t> shape;
  const std::vector<double> real = NaiveSums<double>(
      k, [&](int i, int f) { return (in[i] - in_zp) * double{in_scale} * fv(f) * ws(f % oc); }, &shape);
  double hi = 1e-9;
  for (size_t i = 0; i < real.size(); ++i) hi = std::max(hi, std::abs(real[i]));
  const float out_scale = static_cast<float>(hi / (is_int16 ? 30000 : 100));
  const int out_zp = is_uint8 ? 128 : is_int16 ? 0 : -2;
  const std::vector<int64_t> acc = NaiveSums<int64_t>(
      k, [&](int i, int f) { return int64_t{fv(f)} * (in[i] - in_zp); }, &shape);
  std::vector<T> expected(acc.size());
  for (size_t i = 0; i < acc.size(); ++i) {
    const int o = static_cast<int>(i % oc);
    const double ratio = is_uint8 ? static_cast<double>(in_scale * ws(o)) / out_scale
                                  : double{in_scale} * double{ws(o)} / double{out_scale};
    const int32_t v = Requantize(acc[i] + bias[o], ratio, sizeof(B) == 8) + out_zp;
    expected[i] = static_cast<T>(std::clamp<int32_t>(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
  }

  OpTest m(tflite::BuiltinOperator::DEPTHWISE_CONV_2D, Kernels());
  m.Input<T>(type, {k.n, k.h, k.w, k.c}, in, Quant(in_scale, in_zp));
  const auto wq = PerAxisQuant(w_scales, std::vector<int64_t>(w_scales.size(), w_zp), 3);
  if (is_uint8) {
    m.ConstInput<T>(type, {1, k.kh, k.kw, oc}, filt_u, wq);
  } else {
    m.ConstInput<int8_t>(TensorType::INT8, {1, k.kh, k.kw, oc}, filt_s, wq);
  }
  m.ConstInput<B>(sizeof(B) == 8 ? TensorType::INT64 : TensorType::INT32, {oc}, bias)
      .Output(type, Quant(out_scale, out_zp), shape)
      .Options(Options(k));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  const std::vector<T> got = ValuesOf<T>((*out)[0]);
  ASSERT_EQ(got, expected);
  for (size_t i = 0; i < got.size(); ++i) {
    const int o = static_cast<int>(i % oc);
    const double y_real = real[i] + bias[o] * double{in_scale} * ws(o);
    const double q = std::clamp<double>(std::round(y_real / out_scale) + out_zp, std::numeric_limits<T>::min(),
                                        std::numeric_limits<T>::max());
    ASSERT_LE(std::abs(got[i] - q), 1) << i;
  }
}

const Case kQuantCases[] = {
    {2, 6, 5, 4, 1, 3, 3, 2, 1, 1, 1, Padding::SAME, ActivationFunctionType::NONE, true},
    {1, 7, 7, 3, 2, 3, 3, 1, 2, 2, 1, Padding::VALID, ActivationFunctionType::NONE, true},
};

TEST(DepthwiseConv2DTest, QuantizedMatchesReferenceLoop) {
  uint32_t seed = 50;
  for (const Case& k : kQuantCases) {
    RunQuantizedCase<uint8_t, int32_t>(k, TensorType::UINT8, false, seed++);
    RunQuantizedCase<int8_t, int32_t>(k, TensorType::INT8, true, seed++);
    RunQuantizedCase<int8_t, int32_t>(k, TensorType::INT8, false, seed++);
    RunQuantizedCase<int16_t, int64_t>(k, TensorType::INT16, true, seed++);
  }
}

// --- hybrid (float input, int8 per-channel filter) ---------------------------------------------

// Hand-derived: the input range maps exactly onto 255 steps of 0.01, so the per-batch asymmetric
// quantization is (scale 0.01, zero point zp): batch 0 in [0, 2.55] has zp -128, batch 1 in
// [-1, 1.55] has zp -28. 2x2 image, one input channel, multiplier 2, 2x2 VALID filter:
// oc 0 weights [1, 1, 1, 1] * 0.5, oc 1 [2, 0, 0, -1] * 0.25; bias [0.5, -1].
// Batch 0, x = [0, 0.5, 1, 2.55]: q - zp = [0, 50, 100, 255]; acc0 = 405 -> 405 * 0.01 * 0.5 + 0.5 =
// 2.525; acc1 = -255 -> -0.6375 - 1 = -1.6375 (both the float result on the dequantized filter).
// Batch 1, x = [-1, 0.254, 0, 1.55]: q = round(-28 + 100 x) = [-128, -3, -28, 127], q - zp =
// [-100, 25, 0, 155]; 0.254 is seen as 0.25 (one quantization step is 0.01):
// acc0 = 80 -> 0.4 + 0.5 = 0.9 (float: 0.902); acc1 = -200 - 155 = -355 -> -0.8875 - 1 = -1.8875.
TEST(DepthwiseConv2DTest, HybridHandComputed) {
  OpTest m(tflite::BuiltinOperator::DEPTHWISE_CONV_2D, Kernels());
  m.Input<float>(TensorType::FLOAT32, {2, 2, 2, 1}, {0, 0.5f, 1, 2.55f, -1, 0.254f, 0, 1.55f})
      .ConstInput<int8_t>(TensorType::INT8, {1, 2, 2, 2}, {1, 2, 1, 0, 1, 0, 1, -1},
                          PerAxisQuant({0.5f, 0.25f}, {0, 0}, 3))
      .ConstInput<float>(TensorType::FLOAT32, {2}, {0.5f, -1})
      .Output(TensorType::FLOAT32, std::nullopt, {2, 1, 1, 2})
      .Options(Options({2, 2, 2, 1, 2, 2, 2, 1, 1, 1, 1, Padding::VALID, ActivationFunctionType::NONE, true}));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  const std::vector<float> got = ValuesOf<float>((*out)[0]);
  const std::vector<float> want = {2.525f, -1.6375f, 0.9f, -1.8875f};
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-5) << i;
}

// With RELU the negative outputs of the hand case clamp to 0 and the positive ones pass.
TEST(DepthwiseConv2DTest, HybridAppliesActivation) {
  OpTest m(tflite::BuiltinOperator::DEPTHWISE_CONV_2D, Kernels());
  m.Input<float>(TensorType::FLOAT32, {1, 2, 2, 1}, {0, 0.5f, 1, 2.55f})
      .ConstInput<int8_t>(TensorType::INT8, {1, 2, 2, 2}, {1, 2, 1, 0, 1, 0, 1, -1},
                          PerAxisQuant({0.5f, 0.25f}, {0, 0}, 3))
      .OmittedInput()
      .Output(TensorType::FLOAT32, std::nullopt, {1, 1, 1, 2})
      .Options(Options({1, 2, 2, 1, 2, 2, 2, 1, 1, 1, 1, Padding::VALID, ActivationFunctionType::RELU, false}));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  const std::vector<float> got = ValuesOf<float>((*out)[0]);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_NEAR(got[0], 2.025f, 1e-5);
  EXPECT_EQ(got[1], 0.0f);
}

// Random cases, checked twice: bit for bit against TFLite's steps written out here
// (AsymmetricQuantizeFloats per batch, the integer loop of reference_integer_ops, then
// float(acc) * s_x * s_w[oc] + bias as the default optimized kernel orders it), and against the
// float kernel run on the dequantized filter, within the input quantization error: at most half a
// step s_x / 2 per tap, times |w| summed over the taps.
void RunHybridCase(const Case& k, uint32_t seed) {
  Random rnd(seed);
  const int oc = k.c * k.m, image = k.h * k.w * k.c;
  const std::vector<float> in = rnd.Floats(k.n * image, -1.5f, 2.5f);
  const std::vector<int8_t> filt = rnd.Ints<int8_t>(k.kh * k.kw * oc, -127, 127);
  const std::vector<float> bias = rnd.Floats(oc, -1, 1);
  std::vector<float> w_scales(oc);
  for (int i = 0; i < oc; ++i) w_scales[i] = 0.004f + 0.0013f * i;
  std::vector<float> deq(filt.size());
  for (size_t i = 0; i < filt.size(); ++i) deq[i] = filt[i] * w_scales[i % oc];

  std::vector<int8_t> q(in.size());
  std::vector<float> sx(k.n);
  std::vector<int32_t> zx(k.n);
  for (int b = 0; b < k.n; ++b) {
    ExpectedAsymmetricRow(in.data() + b * image, image, &q[b * image], &sx[b], &zx[b]);
  }
  std::vector<int32_t> shape;
  const std::vector<int64_t> acc = NaiveSums<int64_t>(
      k, [&](int i, int f) { return int64_t{filt[f]} * (q[i] - zx[i / image]); }, &shape);
  const std::vector<double> abs_w = NaiveSums<double>(
      k, [&](int, int f) { return std::abs(double{deq[f]}); }, &shape);
  float lo = std::numeric_limits<float>::lowest(), hi = std::numeric_limits<float>::max();
  if (k.act != ActivationFunctionType::NONE) lo = 0;
  if (k.act == ActivationFunctionType::RELU6) hi = 6;

  auto run = [&](bool hybrid) {
    OpTest m(tflite::BuiltinOperator::DEPTHWISE_CONV_2D, Kernels());
    m.Input<float>(TensorType::FLOAT32, {k.n, k.h, k.w, k.c}, in);
    if (hybrid) {
      m.ConstInput<int8_t>(TensorType::INT8, {1, k.kh, k.kw, oc}, filt,
                           PerAxisQuant(w_scales, std::vector<int64_t>(oc, 0), 3));
    } else {
      m.ConstInput<float>(TensorType::FLOAT32, {1, k.kh, k.kw, oc}, deq);
    }
    if (k.bias) {
      m.ConstInput<float>(TensorType::FLOAT32, {oc}, bias);
    } else {
      m.OmittedInput();
    }
    m.Output(TensorType::FLOAT32, std::nullopt, shape).Options(Options(k));
    return m.Run();
  };
  auto out = run(true);
  ASSERT_TRUE(out.ok()) << out.status();
  auto ref = run(false);
  ASSERT_TRUE(ref.ok()) << ref.status();
  const std::vector<float> got = ValuesOf<float>((*out)[0]);
  const std::vector<float> want_float = ValuesOf<float>((*ref)[0]);
  ASSERT_EQ(got.size(), acc.size());
  const int pixels = shape[1] * shape[2] * shape[3];
  for (size_t i = 0; i < got.size(); ++i) {
    const int o = static_cast<int>(i % oc), batch = static_cast<int>(i / pixels);
    float v = static_cast<float>(acc[i]) * sx[batch] * w_scales[o];
    if (k.bias) v += bias[o];
    ASSERT_EQ(got[i], std::min(std::max(v, lo), hi)) << i;
    const double tolerance = 0.5 * sx[batch] * abs_w[i] * 1.001 + 1e-5 + 1e-6 * std::abs(want_float[i]);
    ASSERT_NEAR(got[i], want_float[i], tolerance) << i;
  }
}

TEST(DepthwiseConv2DTest, HybridMatchesTfliteStepsAndFloatKernel) {
  const std::vector<Case> cases = {
      {2, 7, 6, 5, 1, 3, 3, 2, 1, 1, 2, Padding::SAME, ActivationFunctionType::RELU6, true},
      {1, 6, 6, 3, 3, 3, 2, 1, 2, 2, 1, Padding::VALID, ActivationFunctionType::NONE, false},
      {3, 9, 9, 16, 1, 3, 3, 2, 2, 1, 1, Padding::SAME, ActivationFunctionType::RELU, true},
      {1, 5, 4, 2, 4, 2, 2, 1, 1, 1, 1, Padding::SAME, ActivationFunctionType::NONE, true},
  };
  uint32_t seed = 70;
  for (const Case& k : cases) RunHybridCase(k, seed++);
}

// An all-zero batch quantizes with scale 1 and zero point 0: the output is the bias alone.
TEST(DepthwiseConv2DTest, HybridZeroInputGivesBias) {
  OpTest m(tflite::BuiltinOperator::DEPTHWISE_CONV_2D, Kernels());
  m.Input<float>(TensorType::FLOAT32, {1, 2, 2, 1}, std::vector<float>(4, 0))
      .ConstInput<int8_t>(TensorType::INT8, {1, 1, 1, 2}, {100, -100}, PerAxisQuant({0.5f, 0.25f}, {0, 0}, 3))
      .ConstInput<float>(TensorType::FLOAT32, {2}, {0.75f, -2})
      .Output(TensorType::FLOAT32, std::nullopt, {1, 2, 2, 2})
      .Options(Options({1, 2, 2, 1, 2, 1, 1, 1, 1, 1, 1, Padding::SAME, ActivationFunctionType::NONE, true}));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<float>((*out)[0]), (std::vector<float>{0.75f, -2, 0.75f, -2, 0.75f, -2, 0.75f, -2}));
}

absl::Status RunHybridWith(TflQuantization filter_quant, TensorType bias_type) {
  OpTest m(tflite::BuiltinOperator::DEPTHWISE_CONV_2D, Kernels());
  m.Input<float>(TensorType::FLOAT32, {1, 2, 2, 2}, std::vector<float>(8, 1))
      .ConstInput<int8_t>(TensorType::INT8, {1, 1, 1, 2}, {1, 1}, filter_quant);
  if (bias_type == TensorType::INT32) {
    m.ConstInput<int32_t>(TensorType::INT32, {2}, {0, 0});
  } else {
    m.ConstInput<float>(TensorType::FLOAT32, {2}, {0, 0});
  }
  m.Output(TensorType::FLOAT32, std::nullopt, {1, 2, 2, 2})
      .Options(Options({1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, Padding::SAME, ActivationFunctionType::NONE, true}));
  return m.Run().status();
}

TEST(DepthwiseConv2DTest, HybridRefusals) {
  // TFLite's hybrid kernel reads one scale per output channel.
  absl::Status s = RunHybridWith(Quant(1.0f, 0), TensorType::FLOAT32);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented) << s;
  EXPECT_NE(s.message().find("one scale per output channel"), std::string::npos) << s;
  // Filters of hybrid kernels are symmetric.
  s = RunHybridWith(PerAxisQuant({1.0f, 1.0f}, {0, 3}, 3), TensorType::FLOAT32);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  // Scales along another dimension than the output channels.
  s = RunHybridWith(PerAxisQuant({1.0f, 1.0f}, {0, 0}, 0), TensorType::FLOAT32);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented) << s;
  // The bias of a hybrid kernel is float.
  s = RunHybridWith(PerAxisQuant({1.0f, 1.0f}, {0, 0}, 3), TensorType::INT32);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented) << s;
  // Without quantization parameters.
  s = RunHybridWith(TflQuantization{}, TensorType::FLOAT32);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
}

TEST(DepthwiseConv2DTest, RefusesBadShapes) {
  OpTest m(tflite::BuiltinOperator::DEPTHWISE_CONV_2D, Kernels());
  m.Input<float>(TensorType::FLOAT32, {1, 2, 2, 2}, std::vector<float>(8, 1))
      .ConstInput<float>(TensorType::FLOAT32, {1, 1, 1, 3}, {1, 1, 1})
      .Output(TensorType::FLOAT32, std::nullopt, {1, 2, 2, 3})
      .Options(Options({1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, Padding::SAME, ActivationFunctionType::NONE, false}));
  auto out = m.Run();
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument) << out.status();
}

}  // namespace
}  // namespace tfconv
