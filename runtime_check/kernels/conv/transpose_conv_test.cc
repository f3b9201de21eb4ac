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
using tflite::Padding;
using tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterConvKernels>(); }

struct Case {
  int n, h, w, c;          // input NHWC
  int oh, ow, oc, kh, kw;  // output size and channels, filter size
  int sh, sw;
  Padding padding;
  ActivationFunctionType act;
  bool bias;
};

// TFLite's padding for TRANSPOSE_CONV: that of a conv from the output size back (dilation 1).
int Pad(Padding p, int out, int k, int s) {
  const int conv_out = p == Padding::SAME ? (out + s - 1) / s : (out + s - k) / s;
  return std::max(0, (conv_out - 1) * s + k - out) / 2;
}

// reference_ops::TransposeConv's scatter, written out: each input element adds x * w to every output
// element its window covers, in loop order (b, iy, ix, ic, fy, fx, oc). `out` starts at zero.
template <typename Acc, typename Term>
std::vector<Acc> NaiveScatter(const Case& k, Term term) {
  const int ph = Pad(k.padding, k.oh, k.kh, k.sh), pw = Pad(k.padding, k.ow, k.kw, k.sw);
  std::vector<Acc> out(static_cast<size_t>(k.n) * k.oh * k.ow * k.oc, Acc(0));
  for (int b = 0; b < k.n; ++b)
    for (int iy = 0; iy < k.h; ++iy)
      for (int ix = 0; ix < k.w; ++ix)
        for (int ic = 0; ic < k.c; ++ic)
          for (int fy = 0; fy < k.kh; ++fy)
            for (int fx = 0; fx < k.kw; ++fx)
              for (int o = 0; o < k.oc; ++o) {
                const int oy = iy * k.sh - ph + fy, ox = ix * k.sw - pw + fx;
                if (oy < 0 || oy >= k.oh || ox < 0 || ox >= k.ow) continue;
                out[((static_cast<size_t>(b) * k.oh + oy) * k.ow + ox) * k.oc + o] +=
                    term(((b * k.h + iy) * k.w + ix) * k.c + ic, ((o * k.kh + fy) * k.kw + fx) * k.c + ic);
              }
  return out;
}

tflite::TransposeConvOptionsT Options(const Case& k) {
  tflite::TransposeConvOptionsT o;
  o.padding = k.padding;
  o.stride_h = k.sh;
  o.stride_w = k.sw;
  o.fused_activation_function = k.act;
  return o;
}

TEST(TransposeConvTest, FloatUpsamplesHandComputed) {
  // Stride 2 with a 2x2 filter of ones, VALID: each input pixel fills a 2x2 block; bias 0.5.
  OpTest m(tflite::BuiltinOperator::TRANSPOSE_CONV, Kernels(), 4);
  m.ConstInput<int32_t>(TensorType::INT32, {4}, {1, 4, 4, 1})
      .ConstInput<float>(TensorType::FLOAT32, {1, 2, 2, 1}, {1, 1, 1, 1})
      .Input<float>(TensorType::FLOAT32, {1, 2, 2, 1}, {1, 2, 3, 4})
      .ConstInput<float>(TensorType::FLOAT32, {1}, {0.5f})
      .Output(TensorType::FLOAT32, std::nullopt, {1, 4, 4, 1})
      .Options(Options({1, 2, 2, 1, 4, 4, 1, 2, 2, 2, 2, Padding::VALID, ActivationFunctionType::NONE, true}));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<float>((*out)[0]), (std::vector<float>{1.5f, 1.5f, 2.5f, 2.5f, 1.5f, 1.5f, 2.5f, 2.5f,  //
                                                          3.5f, 3.5f, 4.5f, 4.5f, 3.5f, 3.5f, 4.5f, 4.5f}));
}

TEST(TransposeConvTest, FloatMatchesReferenceScatterBitForBit) {
  const std::vector<Case> cases = {
      {2, 4, 5, 3, 8, 10, 4, 3, 3, 2, 2, Padding::SAME, ActivationFunctionType::RELU, true},
      {1, 3, 3, 5, 9, 7, 2, 3, 2, 3, 2, Padding::VALID, ActivationFunctionType::NONE, false},
      {1, 5, 5, 4, 5, 5, 6, 3, 3, 1, 1, Padding::SAME, ActivationFunctionType::RELU6, true},
  };
  Random rnd(3);
  for (const Case& k : cases) {
    const std::vector<float> in = rnd.Floats(k.n * k.h * k.w * k.c, -2, 2);
    const std::vector<float> filt = rnd.Floats(k.oc * k.kh * k.kw * k.c, -1, 1);
    const std::vector<float> bias = rnd.Floats(k.oc, -1, 1);
    const std::vector<float> sums = NaiveScatter<float>(k, [&](int i, int f) { return in[i] * filt[f]; });
    float lo = std::numeric_limits<float>::lowest(), hi = std::numeric_limits<float>::max();
    if (k.act != ActivationFunctionType::NONE) lo = 0;
    if (k.act == ActivationFunctionType::RELU6) hi = 6;

    OpTest m(tflite::BuiltinOperator::TRANSPOSE_CONV, Kernels(), 4);
    // The output shape is a model input here, as in the seanet models.
    m.Input<int32_t>(TensorType::INT32, {4}, {k.n, k.oh, k.ow, k.oc})
        .ConstInput<float>(TensorType::FLOAT32, {k.oc, k.kh, k.kw, k.c}, filt)
        .Input<float>(TensorType::FLOAT32, {k.n, k.h, k.w, k.c}, in);
    if (k.bias) m.ConstInput<float>(TensorType::FLOAT32, {k.oc}, bias);  // else only three inputs
    m.Output(TensorType::FLOAT32, std::nullopt, {k.n, k.oh, k.ow, k.oc}).Options(Options(k));
    auto out = m.Run();
    ASSERT_TRUE(out.ok()) << out.status();
    ASSERT_EQ((*out)[0].shape(), (std::vector<int32_t>{k.n, k.oh, k.ow, k.oc}));
    const std::vector<float> got = ValuesOf<float>((*out)[0]);
    for (size_t i = 0; i < got.size(); ++i) {
      float v = sums[i];
      if (k.bias) v += bias[i % k.oc];
      ASSERT_EQ(got[i], std::min(std::max(v, lo), hi)) << i;
    }
  }
}

template <typename T, typename B>
void RunQuantizedCase(const Case& k, TensorType type, bool per_channel, uint32_t seed) {
  Random rnd(seed);
  const bool is_uint8 = type == TensorType::UINT8, is_int16 = type == TensorType::INT16;
  const float in_scale = is_int16 ? 1.0f / 4096 : 0.02f;
  const int in_zp = is_uint8 ? 140 : is_int16 ? 0 : -9;
  const int w_zp = is_uint8 ? 110 : 0;
  std::vector<float> w_scales(per_channel ? k.oc : 1);
  for (size_t i = 0; i < w_scales.size(); ++i) w_scales[i] = 0.005f + 0.001f * i;
  auto ws = [&](int o) { return w_scales[per_channel ? o : 0]; };
  const std::vector<T> in =
      rnd.Ints<T>(k.n * k.h * k.w * k.c, std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
  const int fsize = k.kh * k.kw * k.c;
  const std::vector<uint8_t> filt_u = rnd.Ints<uint8_t>(k.oc * fsize, 0, 255);
  const std::vector<int8_t> filt_s = rnd.Ints<int8_t>(k.oc * fsize, -127, 127);
  auto fv = [&](int f) { return is_uint8 ? filt_u[f] - w_zp : int{filt_s[f]}; };
  std::vector<B> bias(k.oc);
  for (int o = 0; o < k.oc; ++o) bias[o] = static_cast<B>((o % 5 - 2) * 77);
  const std::vector<double> real =
      NaiveScatter<double>(k, [&](int i, int f) { return (in[i] - in_zp) * double{in_scale} * fv(f) * ws(f / fsize); });
  double hi = 1e-9;
  for (double v : real) hi = std::max(hi, std::abs(v));
  const float out_scale = static_cast<float>(hi / (is_int16 ? 30000 : 100));
  const int out_zp = is_uint8 ? 127 : is_int16 ? 0 : 4;
  int act_min = std::numeric_limits<T>::min();
  if (k.act == ActivationFunctionType::RELU) act_min = std::max(act_min, out_zp);
  const std::vector<int64_t> acc =
      NaiveScatter<int64_t>(k, [&](int i, int f) { return int64_t{fv(f)} * (in[i] - in_zp); });
  std::vector<T> expected(acc.size());
  for (size_t i = 0; i < acc.size(); ++i) {
    const int o = static_cast<int>(i % k.oc);
    const double ratio = is_uint8 ? static_cast<double>(in_scale * ws(o)) / out_scale
                                  : double{in_scale} * double{ws(o)} / double{out_scale};
    const int32_t v = Requantize(acc[i] + bias[o], ratio, sizeof(B) == 8) + out_zp;
    expected[i] = static_cast<T>(std::clamp<int32_t>(v, act_min, std::numeric_limits<T>::max()));
  }

  OpTest m(tflite::BuiltinOperator::TRANSPOSE_CONV, Kernels(), 4);
  m.ConstInput<int32_t>(TensorType::INT32, {4}, {k.n, k.oh, k.ow, k.oc});
  const auto wq = PerAxisQuant(w_scales, std::vector<int64_t>(w_scales.size(), w_zp), 0);
  if (is_uint8) {
    m.ConstInput<uint8_t>(TensorType::UINT8, {k.oc, k.kh, k.kw, k.c}, filt_u, wq);
  } else {
    m.ConstInput<int8_t>(TensorType::INT8, {k.oc, k.kh, k.kw, k.c}, filt_s, wq);
  }
  m.Input<T>(type, {k.n, k.h, k.w, k.c}, in, Quant(in_scale, in_zp));
  m.ConstInput<B>(sizeof(B) == 8 ? TensorType::INT64 : TensorType::INT32, {k.oc}, bias)
      .Output(type, Quant(out_scale, out_zp), {k.n, k.oh, k.ow, k.oc})
      .Options(Options(k));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  const std::vector<T> got = ValuesOf<T>((*out)[0]);
  ASSERT_EQ(got, expected);
  for (size_t i = 0; i < got.size(); ++i) {
    const int o = static_cast<int>(i % k.oc);
    const double y_real = real[i] + bias[o] * double{in_scale} * ws(o);
    const double q =
        std::clamp<double>(std::round(y_real / out_scale) + out_zp, act_min, std::numeric_limits<T>::max());
    ASSERT_LE(std::abs(got[i] - q), 1) << i;
  }
}

const Case kQuantCases[] = {
    {1, 4, 3, 3, 8, 6, 4, 3, 3, 2, 2, Padding::SAME, ActivationFunctionType::NONE, true},
    {2, 3, 3, 2, 7, 9, 3, 3, 3, 2, 3, Padding::VALID, ActivationFunctionType::RELU, true},
};

TEST(TransposeConvTest, QuantizedMatchesReferenceScatter) {
  uint32_t seed = 60;
  for (const Case& k : kQuantCases) {
    RunQuantizedCase<uint8_t, int32_t>(k, TensorType::UINT8, false, seed++);
    RunQuantizedCase<int8_t, int32_t>(k, TensorType::INT8, true, seed++);
    RunQuantizedCase<int16_t, int64_t>(k, TensorType::INT16, true, seed++);
    RunQuantizedCase<int16_t, int32_t>(k, TensorType::INT16, true, seed++);
  }
}

TEST(TransposeConvTest, RefusesMismatchedShapesAndHybrid) {
  auto run = [](std::vector<int32_t> out_shape, TensorType weight_type) {
    OpTest m(tflite::BuiltinOperator::TRANSPOSE_CONV, Kernels(), 4);
    m.ConstInput<int32_t>(TensorType::INT32, {4}, out_shape);
    if (weight_type == TensorType::INT8) {
      m.ConstInput<int8_t>(weight_type, {2, 1, 1, 1}, {1, 1}, Quant(1.0f, 0));
    } else {
      m.ConstInput<float>(weight_type, {2, 1, 1, 1}, {1, 1});
    }
    m.Input<float>(TensorType::FLOAT32, {1, 2, 2, 1}, {1, 2, 3, 4})
        .Output(TensorType::FLOAT32, std::nullopt, out_shape)
        .Options(Options({1, 2, 2, 1, 2, 2, 2, 1, 1, 1, 1, Padding::SAME, ActivationFunctionType::NONE, false}));
    return m.Run().status();
  };
  EXPECT_TRUE(run({1, 2, 2, 2}, TensorType::FLOAT32).ok());
  EXPECT_EQ(run({1, 2, 2, 3}, TensorType::FLOAT32).code(), absl::StatusCode::kInvalidArgument);  // 3 != 2 channels
  EXPECT_EQ(run({2, 2, 2, 2}, TensorType::FLOAT32).code(), absl::StatusCode::kInvalidArgument);  // batch
  EXPECT_EQ(run({1, 2, 2, 2}, TensorType::INT8).code(), absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace tfconv
