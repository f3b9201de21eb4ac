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
  int n, h, w, c;       // input NHWC
  int oc, kh, kw, fic;  // filter OHWI (fic divides c: grouped when smaller)
  int sh, sw, dh, dw;   // strides, dilations
  Padding padding;
  ActivationFunctionType act;
  bool bias;
};

int OutSize(Padding p, int in, int k, int s, int d) {
  const int eff = (k - 1) * d + 1;
  return p == Padding::SAME ? (in + s - 1) / s : (in - eff) / s + 1;
}
int PadBefore(int in, int k, int s, int d, int out) { return std::max(0, (out - 1) * s + (k - 1) * d + 1 - in) / 2; }

// The output shape and, for every output element, the sum of term(input index, filter index) over
// its window, accumulated in TFLite's reference loop order (written out literally from
// reference_ops::Conv: out_channel, then filter_y, filter_x, in_channel).
template <typename Acc, typename Term>
std::vector<Acc> NaiveSums(const Case& k, Term term, std::vector<int32_t>* out_shape) {
  const int oh = OutSize(k.padding, k.h, k.kh, k.sh, k.dh), ow = OutSize(k.padding, k.w, k.kw, k.sw, k.dw);
  const int ph = PadBefore(k.h, k.kh, k.sh, k.dh, oh), pw = PadBefore(k.w, k.kw, k.sw, k.dw, ow);
  *out_shape = {k.n, oh, ow, k.oc};
  const int groups = k.c / k.fic, per_group = k.oc / groups;
  std::vector<Acc> out;
  for (int b = 0; b < k.n; ++b)
    for (int y = 0; y < oh; ++y)
      for (int x = 0; x < ow; ++x)
        for (int o = 0; o < k.oc; ++o) {
          Acc total = 0;
          for (int fy = 0; fy < k.kh; ++fy)
            for (int fx = 0; fx < k.kw; ++fx) {
              const int iy = y * k.sh - ph + fy * k.dh, ix = x * k.sw - pw + fx * k.dw;
              if (iy < 0 || iy >= k.h || ix < 0 || ix >= k.w) continue;
              for (int i = 0; i < k.fic; ++i) {
                const int in_c = i + (o / per_group) * k.fic;
                total += term(((b * k.h + iy) * k.w + ix) * k.c + in_c, ((o * k.kh + fy) * k.kw + fx) * k.fic + i);
              }
            }
          out.push_back(total);
        }
  return out;
}

void FloatBounds(ActivationFunctionType act, float* lo, float* hi) {
  *lo = std::numeric_limits<float>::lowest();
  *hi = std::numeric_limits<float>::max();
  if (act == ActivationFunctionType::RELU) *lo = 0;
  if (act == ActivationFunctionType::RELU6) *lo = 0, *hi = 6;
  if (act == ActivationFunctionType::RELU_N1_TO_1) *lo = -1, *hi = 1;
}

tflite::Conv2DOptionsT Options(const Case& k) {
  tflite::Conv2DOptionsT o;
  o.padding = k.padding;
  o.stride_h = k.sh;
  o.stride_w = k.sw;
  o.dilation_h_factor = k.dh;
  o.dilation_w_factor = k.dw;
  o.fused_activation_function = k.act;
  return o;
}

// --- float -------------------------------------------------------------------------------------

TEST(Conv2DTest, FloatHandComputed) {
  // 3x3 image 1..9, 2x2 filter [[1, 0], [0, -1]], VALID: x[i][j] - x[i+1][j+1] = -4 everywhere;
  // bias 1 gives -3; a second output channel of ones sums each window (12, 16, 24, 28) + 1.
  OpTest m(tflite::BuiltinOperator::CONV_2D, Kernels());
  m.Input<float>(TensorType::FLOAT32, {1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9})
      .ConstInput<float>(TensorType::FLOAT32, {2, 2, 2, 1}, {1, 0, 0, -1, 1, 1, 1, 1})
      .ConstInput<float>(TensorType::FLOAT32, {2}, {1, 1})
      .Output(TensorType::FLOAT32, std::nullopt, {1, 2, 2, 2})
      .Options(Options({1, 3, 3, 1, 2, 2, 2, 1, 1, 1, 1, 1, Padding::VALID, ActivationFunctionType::NONE, true}));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int32_t>{1, 2, 2, 2}));
  EXPECT_EQ(ValuesOf<float>((*out)[0]), (std::vector<float>{-3, 13, -3, 17, -3, 25, -3, 29}));
}

TEST(Conv2DTest, FloatSamePaddingHandComputed) {
  // 1x1x3x1 image [1, 2, 3], 1x3 filter [1, 10, 100], SAME, stride 1: pad 1 each side.
  OpTest m(tflite::BuiltinOperator::CONV_2D, Kernels());
  m.Input<float>(TensorType::FLOAT32, {1, 1, 3, 1}, {1, 2, 3})
      .ConstInput<float>(TensorType::FLOAT32, {1, 1, 3, 1}, {1, 10, 100})
      .OmittedInput()
      .Output(TensorType::FLOAT32, std::nullopt, {1, 1, 3, 1})
      .Options(Options({1, 1, 3, 1, 1, 1, 3, 1, 1, 1, 1, 1, Padding::SAME, ActivationFunctionType::NONE, false}));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<float>((*out)[0]), (std::vector<float>{210, 321, 32}));
}

// Each case runs the kernel and the literal TFLite loop; float results must be identical (same
// summation order), and close to a double-precision sum.
TEST(Conv2DTest, FloatMatchesReferenceLoopBitForBit) {
  const std::vector<Case> cases = {
      {2, 7, 6, 4, 5, 3, 3, 4, 2, 1, 1, 2, Padding::SAME, ActivationFunctionType::RELU6, true},
      {1, 5, 5, 4, 6, 3, 2, 2, 1, 2, 2, 1, Padding::VALID, ActivationFunctionType::NONE, false},  // 2 groups
      {1, 4, 4, 3, 7, 1, 1, 3, 1, 1, 1, 1, Padding::SAME, ActivationFunctionType::RELU, true},
      {1, 6, 9, 16, 16, 3, 3, 16, 1, 1, 1, 1, Padding::SAME, ActivationFunctionType::RELU_N1_TO_1, true},
  };
  Random rnd(1);
  for (const Case& k : cases) {
    SCOPED_TRACE(::testing::Message() << "case with " << k.oc << " output channels");
    const std::vector<float> in = rnd.Floats(k.n * k.h * k.w * k.c, -2, 2);
    const std::vector<float> filt = rnd.Floats(k.oc * k.kh * k.kw * k.fic, -1, 1);
    const std::vector<float> bias = rnd.Floats(k.oc, -1, 1);
    std::vector<int32_t> shape;
    const std::vector<float> sums = NaiveSums<float>(
        k, [&](int i, int f) { return in[i] * filt[f]; }, &shape);
    const std::vector<double> exact = NaiveSums<double>(
        k, [&](int i, int f) { return double{in[i]} * filt[f]; }, &shape);
    float lo, hi;
    FloatBounds(k.act, &lo, &hi);

    OpTest m(tflite::BuiltinOperator::CONV_2D, Kernels());
    m.Input<float>(TensorType::FLOAT32, {k.n, k.h, k.w, k.c}, in)
        .ConstInput<float>(TensorType::FLOAT32, {k.oc, k.kh, k.kw, k.fic}, filt);
    if (k.bias) m.ConstInput<float>(TensorType::FLOAT32, {k.oc}, bias);  // else only two inputs
    m.Output(TensorType::FLOAT32, std::nullopt, shape).Options(Options(k));
    auto out = m.Run();
    ASSERT_TRUE(out.ok()) << out.status();
    ASSERT_EQ((*out)[0].shape(), shape);
    const std::vector<float> got = ValuesOf<float>((*out)[0]);
    for (size_t i = 0; i < got.size(); ++i) {
      const float bv = k.bias ? bias[i % k.oc] : 0.0f;
      ASSERT_EQ(got[i], std::min(std::max(sums[i] + bv, lo), hi)) << i;
      ASSERT_NEAR(got[i], std::min(std::max(exact[i] + bv, double{lo}), double{hi}), 1e-4) << i;
    }
  }
}

// --- quantized ---------------------------------------------------------------------------------

TEST(Conv2DTest, Uint8HandComputed) {
  // x = 0.5 * (q - 128): q {130, 124} -> {1, -2}; w = 0.25 * (128 - 120) = 2; bias 8 * 0.125 = 1.
  // y = 2x + 1 = {3, -3} -> q = y / 1.0 + 100 = {103, 97}. Integer path: (8 * 2 + 8) * 0.125 = 3.
  OpTest m(tflite::BuiltinOperator::CONV_2D, Kernels());
  m.Input<uint8_t>(TensorType::UINT8, {1, 1, 2, 1}, {130, 124}, Quant(0.5f, 128))
      .ConstInput<uint8_t>(TensorType::UINT8, {1, 1, 1, 1}, {128}, Quant(0.25f, 120))
      .ConstInput<int32_t>(TensorType::INT32, {1}, {8}, Quant(0.125f, 0))
      .Output(TensorType::UINT8, Quant(1.0f, 100), {1, 1, 2, 1})
      .Options(Options({1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, Padding::VALID, ActivationFunctionType::NONE, true}));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<uint8_t>((*out)[0]), (std::vector<uint8_t>{103, 97}));
}

TEST(Conv2DTest, Int8ReluHalfwayRoundsAwayFromZero) {
  // acc = w * (x - zp): 1 * (5 - (-1)) = 6 and 1 * (-4 - (-1)) = -3; scale ratio 0.5 * 1 / 4 = 1/8:
  // 0.75 -> 1 and -0.375 -> 0; RELU clamps at the output zero point 2: {3, 2}. A multiplier of
  // 1/4 with acc 6 gives 1.5, which rounds away from zero to 2 (second channel): {4, 2 + 0 = 2}.
  tflite::Conv2DOptionsT o =
      Options({1, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1, Padding::VALID, ActivationFunctionType::RELU, false});
  OpTest m(tflite::BuiltinOperator::CONV_2D, Kernels());
  m.Input<int8_t>(TensorType::INT8, {1, 1, 2, 1}, {5, -4}, Quant(0.5f, -1))
      .ConstInput<int8_t>(TensorType::INT8, {2, 1, 1, 1}, {1, 1}, PerAxisQuant({1.0f, 2.0f}, {0, 0}, 0))
      .OmittedInput()
      .Output(TensorType::INT8, Quant(4.0f, 2), {1, 1, 2, 2})
      .Options(o);
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<int8_t>((*out)[0]), (std::vector<int8_t>{3, 4, 2, 2}));
}

struct QuantCase {
  Case k;
  TensorType type;  // UINT8, INT8 or INT16 activations
  bool per_channel;
  TensorType bias_type;  // INT32 or INT64
};

// Random quantized data; the kernel must equal the literal TFLite integer loop exactly and be
// within 1 LSB of the real-valued convolution of the dequantized operands.
template <typename T, typename W, typename B>
void RunQuantizedCase(const QuantCase& qc, uint32_t seed) {
  const Case& k = qc.k;
  Random rnd(seed);
  const bool is_uint8 = qc.type == TensorType::UINT8;
  const bool is_int16 = qc.type == TensorType::INT16;
  const float in_scale = is_int16 ? 1.0f / 2048 : 0.03f;
  const int in_zp = is_uint8 ? 131 : is_int16 ? 0 : -7;
  const int w_zp = is_uint8 ? 119 : 0;
  std::vector<float> w_scales(qc.per_channel ? k.oc : 1);
  for (size_t i = 0; i < w_scales.size(); ++i) w_scales[i] = 0.004f + 0.001f * i;
  const std::vector<T> in = rnd.Ints<T>(k.n * k.h * k.w * k.c, is_int16 ? -30000 : std::numeric_limits<T>::min(),
                                        is_int16 ? 30000 : std::numeric_limits<T>::max());
  const std::vector<W> filt =
      is_uint8 ? rnd.Ints<W>(k.oc * k.kh * k.kw * k.fic, 0, 255) : rnd.Ints<W>(k.oc * k.kh * k.kw * k.fic, -127, 127);
  std::vector<B> bias(k.oc);
  const std::vector<float> bias_real = rnd.Floats(k.oc, -0.5, 0.5);
  for (int o = 0; o < k.oc; ++o) {
    bias[o] = static_cast<B>(std::round(bias_real[o] / (in_scale * w_scales[qc.per_channel ? o : 0])));
  }
  auto w_scale = [&](int o) { return w_scales[qc.per_channel ? o : 0]; };
  // Real-valued result of the dequantized operands, to choose the output scale and check 1 LSB.
  std::vector<int32_t> shape;
  const int fsize = k.kh * k.kw * k.fic;
  const std::vector<double> real = NaiveSums<double>(
      k, [&](int i, int f) { return (in[i] - in_zp) * double{in_scale} * (filt[f] - w_zp) * w_scale(f / fsize); },
      &shape);
  double hi = 0;
  for (size_t i = 0; i < real.size(); ++i) {
    hi = std::max(hi, std::abs(real[i] + bias[i % k.oc] * double{in_scale} * w_scale(i % k.oc)));
  }
  const float out_scale = static_cast<float>(hi / (is_int16 ? 30000 : 120));
  const int out_zp = is_uint8 ? 125 : is_int16 ? 0 : 3;
  const int qmin = std::numeric_limits<T>::min(), qmax = std::numeric_limits<T>::max();
  int act_min = qmin;
  if (k.act == ActivationFunctionType::RELU) act_min = std::max(qmin, out_zp);

  // The literal integer loop (reference_ops::Conv / reference_integer_ops::ConvPerChannel).
  const std::vector<int64_t> acc = NaiveSums<int64_t>(
      k, [&](int i, int f) { return int64_t{filt[f] - w_zp} * (in[i] - in_zp); }, &shape);
  std::vector<T> expected(acc.size());
  for (size_t i = 0; i < acc.size(); ++i) {
    const int o = static_cast<int>(i % k.oc);
    const double ratio = is_uint8 ? static_cast<double>(in_scale * w_scale(o)) / out_scale
                                  : double{in_scale} * double{w_scale(o)} / double{out_scale};
    const int32_t v = Requantize(acc[i] + (k.bias ? bias[o] : 0), ratio, sizeof(B) == 8) + out_zp;
    expected[i] = static_cast<T>(std::min(std::max(v, act_min), qmax));
  }

  OpTest m(tflite::BuiltinOperator::CONV_2D, Kernels());
  std::vector<int64_t> w_zps(w_scales.size(), w_zp);
  m.Input<T>(qc.type, {k.n, k.h, k.w, k.c}, in, Quant(in_scale, in_zp));
  m.ConstInput<W>(is_uint8 ? TensorType::UINT8 : TensorType::INT8, {k.oc, k.kh, k.kw, k.fic}, filt,
                  PerAxisQuant(w_scales, w_zps, 0));
  if (k.bias) {
    m.ConstInput<B>(qc.bias_type, {k.oc}, bias, Quant(in_scale * w_scales[0], 0));
  } else {
    m.OmittedInput();
  }
  tflite::Conv2DOptionsT o = Options(k);
  o.quantized_bias_type = qc.bias_type;
  m.Output(qc.type, Quant(out_scale, out_zp), shape).Options(o);
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ((*out)[0].shape(), shape);
  const std::vector<T> got = ValuesOf<T>((*out)[0]);
  ASSERT_EQ(got, expected);
  for (size_t i = 0; i < got.size(); ++i) {
    const int o = static_cast<int>(i % k.oc);
    const double y_real = real[i] + (k.bias ? bias[o] * double{in_scale} * w_scale(o) : 0.0);
    const double q = std::min<double>(std::max<double>(std::round(y_real / out_scale) + out_zp, act_min), qmax);
    ASSERT_LE(std::abs(got[i] - q), 1) << i;
  }
}

const Case kQuantCases[] = {
    {2, 6, 5, 4, 5, 3, 3, 4, 2, 1, 1, 2, Padding::SAME, ActivationFunctionType::NONE, true},
    {1, 5, 6, 6, 4, 2, 3, 3, 1, 2, 2, 1, Padding::VALID, ActivationFunctionType::RELU, true},  // 2 groups
    {1, 4, 4, 8, 8, 1, 1, 8, 1, 1, 1, 1, Padding::SAME, ActivationFunctionType::NONE, false},
};

TEST(Conv2DTest, Uint8MatchesReferenceLoop) {
  uint32_t seed = 10;
  for (const Case& k : kQuantCases)
    RunQuantizedCase<uint8_t, uint8_t, int32_t>({k, TensorType::UINT8, false, TensorType::INT32}, seed++);
}

TEST(Conv2DTest, Int8MatchesReferenceLoop) {
  uint32_t seed = 20;
  for (const Case& k : kQuantCases) {
    RunQuantizedCase<int8_t, int8_t, int32_t>({k, TensorType::INT8, true, TensorType::INT32}, seed++);
    RunQuantizedCase<int8_t, int8_t, int32_t>({k, TensorType::INT8, false, TensorType::INT32}, seed++);
  }
}

TEST(Conv2DTest, Int16x8MatchesReferenceLoop) {
  uint32_t seed = 30;
  for (const Case& k : kQuantCases) {
    RunQuantizedCase<int16_t, int8_t, int64_t>({k, TensorType::INT16, true, TensorType::INT64}, seed++);
    RunQuantizedCase<int16_t, int8_t, int32_t>({k, TensorType::INT16, true, TensorType::INT32}, seed++);
  }
}

// --- hybrid ------------------------------------------------------------------------------------

// Float input, int8 filter. Per-tensor: symmetric per-batch input quantization, out = float(acc) *
// (s_x * s_w) + bias. Per-channel (distinct scales): asymmetric, out = float(acc) * (s_w[o] * s_x) + bias.
void RunHybridCase(const Case& k, bool per_channel, uint32_t seed) {
  Random rnd(seed);
  const std::vector<float> in = rnd.Floats(k.n * k.h * k.w * k.c, -1.5f, 2.5f);
  const std::vector<int8_t> filt = rnd.Ints<int8_t>(k.oc * k.kh * k.kw * k.fic, -127, 127);
  const std::vector<float> bias = rnd.Floats(k.oc, -1, 1);
  std::vector<float> w_scales(per_channel ? k.oc : 1);
  for (size_t i = 0; i < w_scales.size(); ++i) w_scales[i] = 0.01f + 0.002f * i;
  const int fsize = k.kh * k.kw * k.fic, image = k.h * k.w * k.c;

  // Per-batch input quantization, written out from tensor_utils.
  std::vector<int8_t> q(in.size());
  std::vector<float> sx(k.n);
  std::vector<int32_t> zx(k.n, 0);
  for (int b = 0; b < k.n; ++b) {
    const float* v = in.data() + b * image;
    const float mn = *std::min_element(v, v + image), mx = *std::max_element(v, v + image);
    if (!per_channel) {
      const float range = std::max(std::abs(mn), std::abs(mx));
      sx[b] = range / 127;
      for (int i = 0; i < image; ++i) {
        const int r = static_cast<int>(std::round(v[i] * (127 / range)));
        q[b * image + i] = static_cast<int8_t>(std::clamp(r, -127, 127));
      }
    } else {
      ExpectedAsymmetricRow(v, image, &q[b * image], &sx[b], &zx[b]);
    }
  }
  std::vector<int32_t> shape;
  const std::vector<int64_t> acc = NaiveSums<int64_t>(
      k, [&](int i, int f) { return int64_t{filt[f]} * (q[i] - zx[i / image]); }, &shape);
  const std::vector<double> real = NaiveSums<double>(
      k, [&](int i, int f) { return double{in[i]} * filt[f] * w_scales[per_channel ? f / fsize : 0]; }, &shape);
  float lo, hi;
  FloatBounds(k.act, &lo, &hi);
  const int pixels = shape[1] * shape[2] * shape[3];

  OpTest m(tflite::BuiltinOperator::CONV_2D, Kernels());
  m.Input<float>(TensorType::FLOAT32, {k.n, k.h, k.w, k.c}, in)
      .ConstInput<int8_t>(TensorType::INT8, {k.oc, k.kh, k.kw, k.fic}, filt,
                          PerAxisQuant(w_scales, std::vector<int64_t>(w_scales.size(), 0), 0))
      .ConstInput<float>(TensorType::FLOAT32, {k.oc}, bias)
      .Output(TensorType::FLOAT32, std::nullopt, shape)
      .Options(Options(k));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  const std::vector<float> got = ValuesOf<float>((*out)[0]);
  ASSERT_EQ(got.size(), acc.size());
  for (size_t i = 0; i < got.size(); ++i) {
    const int o = static_cast<int>(i % k.oc), batch = static_cast<int>(i / pixels);
    float v;
    if (per_channel) {
      v = static_cast<float>(acc[i]) * (w_scales[o] * sx[batch]) + bias[o];
    } else {
      v = static_cast<float>(acc[i]) * (sx[batch] * w_scales[0]) + bias[o];
    }
    ASSERT_EQ(got[i], std::min(std::max(v, lo), hi)) << i;
    // Quantizing the input costs about half a step (s_x / 2) per tap.
    const double tolerance = 1.1 * fsize * 127 * w_scales.back() * sx[batch];
    ASSERT_NEAR(got[i], std::min(std::max(real[i] + bias[o], double{lo}), double{hi}), tolerance) << i;
  }
}

TEST(Conv2DTest, HybridPerTensorAndPerChannel) {
  const Case k1 = {2, 6, 5, 3, 4, 3, 3, 3, 1, 2, 1, 1, Padding::SAME, ActivationFunctionType::NONE, true};
  const Case k2 = {1, 5, 5, 4, 6, 2, 2, 4, 2, 2, 1, 1, Padding::VALID, ActivationFunctionType::RELU, true};
  RunHybridCase(k1, false, 40);
  RunHybridCase(k1, true, 41);
  RunHybridCase(k2, false, 42);
  RunHybridCase(k2, true, 43);
}

// --- refusals ----------------------------------------------------------------------------------

absl::Status RunFloatConv(TensorType filter_type, ActivationFunctionType act, std::vector<int32_t> filter_shape) {
  OpTest m(tflite::BuiltinOperator::CONV_2D, Kernels());
  m.Input<float>(TensorType::FLOAT32, {1, 3, 3, 2}, std::vector<float>(18, 1));
  const int64_t n = filter_shape[0] * filter_shape[1] * filter_shape[2] * filter_shape[3];
  if (filter_type == TensorType::FLOAT16) {
    m.ConstInput<uint16_t>(filter_type, filter_shape, std::vector<uint16_t>(n, 0x3c00));
  } else {
    m.ConstInput<float>(filter_type, filter_shape, std::vector<float>(n, 1));
  }
  m.Output(TensorType::FLOAT32, std::nullopt, {1, 3, 3, filter_shape[0]})
      .Options(Options({1, 3, 3, 2, 1, 1, 1, 2, 1, 1, 1, 1, Padding::SAME, act, false}));
  return m.Run().status();
}

TEST(Conv2DTest, RefusesWhatItDoesNotImplement) {
  absl::Status s = RunFloatConv(TensorType::FLOAT16, ActivationFunctionType::NONE, {1, 1, 1, 2});
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented) << s;
  EXPECT_NE(s.message().find("DEQUANTIZE"), std::string::npos) << s;
  s = RunFloatConv(TensorType::FLOAT32, ActivationFunctionType::TANH, {1, 1, 1, 2});
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented) << s;
  EXPECT_NE(s.message().find("TANH"), std::string::npos) << s;
  s = RunFloatConv(TensorType::FLOAT32, ActivationFunctionType::NONE, {1, 1, 1, 3});  // 3 does not divide 2
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_NE(s.message().find("CONV_2D"), std::string::npos) << s;
  EXPECT_TRUE(RunFloatConv(TensorType::FLOAT32, ActivationFunctionType::NONE, {1, 1, 1, 2}).ok());
}

}  // namespace
}  // namespace tfconv
