// The convolution layer builders, run through BuildKerasGraph and the op plugins' reference
// semantics, against direct loops written here from Keras' documented maths (TF padding rules).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "plugins/keras/keras_layer_test_util.h"

namespace tfconv {
namespace {

using json = nlohmann::json;

// ---- the independent reference --------------------------------------------------------------------------

// TF's padding: SAME gives ceil(in / stride) outputs and puts the odd cell of padding after.
struct Axis {
  int64_t out = 0;
  int64_t pad_before = 0;
};
Axis AxisOf(int64_t in, int64_t k, int64_t stride, int64_t dilation, bool same) {
  const int64_t span = (k - 1) * dilation + 1;
  if (!same) return {(in - span) / stride + 1, 0};
  const int64_t out = (in + stride - 1) / stride;
  const int64_t total = std::max<int64_t>((out - 1) * stride + span - in, 0);
  return {out, total / 2};
}

struct ConvSpec {
  int64_t stride_h = 1, stride_w = 1, dil_h = 1, dil_w = 1, groups = 1;
  bool same = false;
};

// x [n, h, w, c] (channels last), kernel [kh, kw, c / groups, co], optional bias.
Tensor RefConv(const Tensor& x, const Tensor& kernel, const std::vector<float>& bias, const ConvSpec& s) {
  const int64_t n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
  const int64_t kh = kernel.dim(0), kw = kernel.dim(1), cg = kernel.dim(2), co = kernel.dim(3);
  const Axis ah = AxisOf(h, kh, s.stride_h, s.dil_h, s.same), aw = AxisOf(w, kw, s.stride_w, s.dil_w, s.same);
  const int64_t co_per_group = co / s.groups;
  std::vector<float> out(n * ah.out * aw.out * co, 0.0f);
  auto X = x.data<float>();
  auto K = kernel.data<float>();
  for (int64_t b = 0; b < n; ++b)
    for (int64_t oy = 0; oy < ah.out; ++oy)
      for (int64_t ox = 0; ox < aw.out; ++ox)
        for (int64_t o = 0; o < co; ++o) {
          double acc = bias.empty() ? 0.0 : bias[o];
          const int64_t g = o / co_per_group;
          for (int64_t ky = 0; ky < kh; ++ky)
            for (int64_t kx = 0; kx < kw; ++kx) {
              const int64_t iy = oy * s.stride_h + ky * s.dil_h - ah.pad_before;
              const int64_t ix = ox * s.stride_w + kx * s.dil_w - aw.pad_before;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              for (int64_t ci = 0; ci < cg; ++ci) {
                acc += X[((b * h + iy) * w + ix) * c + g * cg + ci] * K[((ky * kw + kx) * cg + ci) * co + o];
              }
            }
          out[((b * ah.out + oy) * aw.out + ox) * co + o] = static_cast<float>(acc);
        }
  return Tensor::FromVector<float>({n, ah.out, aw.out, co}, out);
}

// Depthwise: kernel [kh, kw, c, m], output channel c * m + j.
Tensor RefDepthwise(const Tensor& x, const Tensor& kernel, const ConvSpec& s) {
  const int64_t n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
  const int64_t kh = kernel.dim(0), kw = kernel.dim(1), m = kernel.dim(3);
  const Axis ah = AxisOf(h, kh, s.stride_h, s.dil_h, s.same), aw = AxisOf(w, kw, s.stride_w, s.dil_w, s.same);
  std::vector<float> out(n * ah.out * aw.out * c * m, 0.0f);
  auto X = x.data<float>();
  auto K = kernel.data<float>();
  for (int64_t b = 0; b < n; ++b)
    for (int64_t oy = 0; oy < ah.out; ++oy)
      for (int64_t ox = 0; ox < aw.out; ++ox)
        for (int64_t ci = 0; ci < c; ++ci)
          for (int64_t j = 0; j < m; ++j) {
            double acc = 0;
            for (int64_t ky = 0; ky < kh; ++ky)
              for (int64_t kx = 0; kx < kw; ++kx) {
                const int64_t iy = oy * s.stride_h + ky * s.dil_h - ah.pad_before;
                const int64_t ix = ox * s.stride_w + kx * s.dil_w - aw.pad_before;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                acc += X[((b * h + iy) * w + ix) * c + ci] * K[((ky * kw + kx) * c + ci) * m + j];
              }
            out[((b * ah.out + oy) * aw.out + ox) * c * m + ci * m + j] = static_cast<float>(acc);
          }
  return Tensor::FromVector<float>({n, ah.out, aw.out, c * m}, out);
}

// Transposed convolution as a scatter: input pixel (i, j) adds kernel[ky, kx, o, c] * x at output
// (i * s + ky - pad_before, j * s + kx - pad_before), where pad_before is what the forward
// convolution from the output size (out_h x out_w) back to the input would use.
Tensor RefConvTranspose(const Tensor& x, const Tensor& kernel, int64_t out_h, int64_t out_w, int64_t stride,
                        bool same) {
  const int64_t n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
  const int64_t kh = kernel.dim(0), kw = kernel.dim(1), co = kernel.dim(2);
  const int64_t pad_h = same ? std::max<int64_t>((h - 1) * stride + kh - out_h, 0) / 2 : 0;
  const int64_t pad_w = same ? std::max<int64_t>((w - 1) * stride + kw - out_w, 0) / 2 : 0;
  std::vector<double> out(n * out_h * out_w * co, 0.0);
  auto X = x.data<float>();
  auto K = kernel.data<float>();
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < h; ++i)
      for (int64_t j = 0; j < w; ++j)
        for (int64_t ky = 0; ky < kh; ++ky)
          for (int64_t kx = 0; kx < kw; ++kx) {
            const int64_t y = i * stride + ky - pad_h, z = j * stride + kx - pad_w;
            if (y < 0 || y >= out_h || z < 0 || z >= out_w) continue;
            for (int64_t o = 0; o < co; ++o)
              for (int64_t ci = 0; ci < c; ++ci)
                out[((b * out_h + y) * out_w + z) * co + o] +=
                    X[((b * h + i) * w + j) * c + ci] * K[((ky * kw + kx) * co + o) * c + ci];
          }
  return Tensor::FromVector<float>({n, out_h, out_w, co}, std::vector<float>(out.begin(), out.end()));
}

Tensor Map(const Tensor& t, float (*f)(float)) {
  std::vector<float> v(t.data<float>().begin(), t.data<float>().end());
  for (float& x : v) x = f(x);
  return Tensor::FromVector<float>(t.shape(), v);
}

// NCHW <-> NHWC for the channels_first tests.
Tensor Permute4(const Tensor& t, const std::vector<int>& perm) {
  std::vector<int64_t> shape(4);
  for (int i = 0; i < 4; ++i) shape[i] = t.dim(perm[i]);
  std::vector<float> out(t.NumElements());
  auto in = t.data<float>();
  std::vector<int64_t> idx(4);
  for (idx[0] = 0; idx[0] < shape[0]; ++idx[0])
    for (idx[1] = 0; idx[1] < shape[1]; ++idx[1])
      for (idx[2] = 0; idx[2] < shape[2]; ++idx[2])
        for (idx[3] = 0; idx[3] < shape[3]; ++idx[3]) {
          std::vector<int64_t> src(4);
          for (int i = 0; i < 4; ++i) src[perm[i]] = idx[i];
          const int64_t s = ((src[0] * t.dim(1) + src[1]) * t.dim(2) + src[2]) * t.dim(3) + src[3];
          out[((idx[0] * shape[1] + idx[1]) * shape[2] + idx[2]) * shape[3] + idx[3]] = in[s];
        }
  return Tensor::FromVector<float>(shape, out);
}

std::vector<float> Values(const Tensor& t) { return {t.data<float>().begin(), t.data<float>().end()}; }

// ---- Conv2D ---------------------------------------------------------------------------------------------

TEST(ConvLayersTest, Conv2DSameStride2OnOddSizeWithBiasAndRelu) {
  const Tensor x = TestTensor({2, 7, 7, 2}, 1);
  const Tensor k = TestTensor({3, 3, 2, 3}, 2);
  const Tensor b = TestTensor({3}, 3);
  json model = SequentialModel({-1, 7, 7, 2}, {KerasLayer("Conv2D", "conv", {{"filters", 3}, {"kernel_size", {3, 3}},
                                                                            {"strides", {2, 2}}, {"padding", "same"},
                                                                            {"activation", "relu"}, {"use_bias", true}})});
  InMemoryKerasWeights w;
  w.Set("conv", {{"conv/kernel:0", k}, {"conv/bias:0", b}});
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, w, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  ConvSpec s;
  s.stride_h = s.stride_w = 2;
  s.same = true;
  Tensor expected = Map(RefConv(x, k, Values(b), s), [](float v) { return std::max(v, 0.0f); });
  EXPECT_EQ(expected.shape(), (std::vector<int64_t>{2, 4, 4, 3}));
  ExpectTensorNear(y->at(0), expected, 1e-5f);
}

TEST(ConvLayersTest, Conv2DNoBiasDilatedValid) {
  const Tensor x = TestTensor({1, 7, 6, 2}, 4);
  const Tensor k = TestTensor({3, 2, 2, 2}, 5);
  json model = SequentialModel({-1, 7, 6, 2}, {KerasLayer("Convolution2D", "conv", {{"filters", 2}, {"kernel_size", {3, 2}},
                                                                                   {"dilation_rate", {2, 2}},
                                                                                   {"use_bias", false}})});
  InMemoryKerasWeights w;
  w.Set("conv", {{"kernel", k}});
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, w, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  ConvSpec s;
  s.dil_h = s.dil_w = 2;
  Tensor expected = RefConv(x, k, {}, s);
  EXPECT_EQ(expected.shape(), (std::vector<int64_t>{1, 3, 4, 2}));
  ExpectTensorNear(y->at(0), expected, 1e-5f);
}

TEST(ConvLayersTest, Conv2DChannelsFirst) {
  const Tensor x_nhwc = TestTensor({2, 5, 6, 3}, 6);
  const Tensor x_nchw = Permute4(x_nhwc, {0, 3, 1, 2});
  const Tensor k = TestTensor({3, 3, 3, 4}, 7);
  const Tensor b = TestTensor({4}, 8);
  json model = SequentialModel({-1, 3, 5, 6}, {KerasLayer("Conv2D", "conv", {{"filters", 4}, {"kernel_size", 3},
                                                                            {"padding", "same"}, {"strides", 2},
                                                                            {"data_format", "channels_first"}})});
  InMemoryKerasWeights w;
  w.Set("conv", {{"kernel", k}, {"bias", b}});
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, w, {x_nchw});
  ASSERT_TRUE(y.ok()) << y.status();
  ConvSpec s;
  s.stride_h = s.stride_w = 2;
  s.same = true;
  ExpectTensorNear(y->at(0), Permute4(RefConv(x_nhwc, k, Values(b), s), {0, 3, 1, 2}), 1e-5f);
}

TEST(ConvLayersTest, Conv2DGroups) {
  const Tensor x = TestTensor({1, 5, 5, 4}, 9);
  const Tensor k = TestTensor({3, 3, 2, 6}, 10);
  json model = SequentialModel({-1, 5, 5, 4}, {KerasLayer("Conv2D", "conv", {{"filters", 6}, {"kernel_size", {3, 3}},
                                                                            {"groups", 2}, {"use_bias", false}})});
  InMemoryKerasWeights w;
  w.Set("conv", {{"kernel", k}});
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, w, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  ConvSpec s;
  s.groups = 2;
  ExpectTensorNear(y->at(0), RefConv(x, k, {}, s), 1e-5f);
}

TEST(ConvLayersTest, Keras3NumberedWeightsFollowVariableNames) {
  const Tensor x = TestTensor({1, 4, 4, 2}, 11);
  const Tensor k = TestTensor({2, 2, 2, 3}, 12);
  const Tensor b = TestTensor({3}, 13);
  json model = SequentialModel({-1, 4, 4, 2}, {KerasLayer("Conv2D", "conv", {{"filters", 3}, {"kernel_size", 2}})});
  InMemoryKerasWeights w;
  w.Set("conv", {{"", k}, {"", b}});  // Keras 3: numbered, in creation order
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, w, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(y->at(0), RefConv(x, k, Values(b), ConvSpec{}), 1e-5f);
}

TEST(ConvLayersTest, WrongKernelShapeNamesLayerAndWeight) {
  json model = SequentialModel({-1, 4, 4, 2}, {KerasLayer("Conv2D", "conv", {{"filters", 3}, {"kernel_size", 2}})});
  InMemoryKerasWeights w;
  w.Set("conv", {{"kernel", TestTensor({3, 3, 2, 3}, 1)}, {"bias", TestTensor({3}, 2)}});
  absl::StatusOr<KerasGraph> g = BuildKerasTestGraph(model, w);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("'conv'"), std::string::npos) << g.status();
  EXPECT_NE(g.status().message().find("kernel"), std::string::npos) << g.status();
}

// ---- depthwise and separable -------------------------------------------------------------------------------

TEST(ConvLayersTest, DepthwiseMultiplier2SameStride2) {
  const Tensor x = TestTensor({2, 7, 5, 3}, 14);
  const Tensor k = TestTensor({3, 3, 3, 2}, 15);
  const Tensor b = TestTensor({6}, 16);
  json model = SequentialModel({-1, 7, 5, 3}, {KerasLayer("DepthwiseConv2D", "dw", {{"kernel_size", {3, 3}},
                                                                                   {"strides", {2, 2}},
                                                                                   {"padding", "same"},
                                                                                   {"depth_multiplier", 2}})});
  InMemoryKerasWeights w;
  w.Set("dw", {{"depthwise_kernel", k}, {"bias", b}});
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, w, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  ConvSpec s;
  s.stride_h = s.stride_w = 2;
  s.same = true;
  Tensor expected = RefDepthwise(x, k, s);
  std::vector<float> e = Values(expected);
  for (size_t i = 0; i < e.size(); ++i) e[i] += b.data<float>()[i % 6];
  ExpectTensorNear(y->at(0), Tensor::FromVector<float>(expected.shape(), e), 1e-5f);
}

TEST(ConvLayersTest, DepthwiseDilatedKeras3KernelName) {
  const Tensor x = TestTensor({1, 7, 7, 2}, 17);
  const Tensor k = TestTensor({3, 3, 2, 1}, 18);
  json model = SequentialModel({-1, 7, 7, 2}, {KerasLayer("DepthwiseConv2D", "dw", {{"kernel_size", 3},
                                                                                   {"dilation_rate", 2},
                                                                                   {"use_bias", false}})});
  InMemoryKerasWeights w;
  w.Set("dw", {{"kernel", k}});  // Keras 3 names the depthwise kernel "kernel"
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, w, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  ConvSpec s;
  s.dil_h = s.dil_w = 2;
  ExpectTensorNear(y->at(0), RefDepthwise(x, k, s), 1e-5f);
}

TEST(ConvLayersTest, SeparableConv2DIsDepthwiseThenPointwise) {
  const Tensor x = TestTensor({2, 6, 7, 2}, 19);
  const Tensor dk = TestTensor({3, 3, 2, 2}, 20);
  const Tensor pk = TestTensor({1, 1, 4, 3}, 21);
  const Tensor b = TestTensor({3}, 22);
  json model = SequentialModel({-1, 6, 7, 2}, {KerasLayer("SeparableConv2D", "sep", {{"filters", 3},
                                                                                    {"kernel_size", 3},
                                                                                    {"strides", 2},
                                                                                    {"padding", "same"},
                                                                                    {"depth_multiplier", 2},
                                                                                    {"activation", "tanh"}})});
  InMemoryKerasWeights w;
  w.Set("sep", {{"", dk}, {"", pk}, {"", b}});  // numbered: depthwise, pointwise, bias
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, w, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  ConvSpec s;
  s.stride_h = s.stride_w = 2;
  s.same = true;
  Tensor mid = RefDepthwise(x, dk, s);
  Tensor expected = Map(RefConv(mid, pk, Values(b), ConvSpec{}), [](float v) { return std::tanh(v); });
  ExpectTensorNear(y->at(0), expected, 1e-5f);
}

// ---- Conv2DTranspose ----------------------------------------------------------------------------------------

// Each input pixel stamps kernel * value at (2i, 2j); a hand derivation for 2x2 input, 2x2 kernel.
TEST(ConvLayersTest, Conv2DTransposeValidStride2ByHand) {
  const Tensor x = Tensor::FromVector<float>({1, 2, 2, 1}, {1, 2, 3, 4});
  const Tensor k = Tensor::FromVector<float>({2, 2, 1, 1}, {1, 10, 100, 1000});
  json model = SequentialModel({-1, 2, 2, 1}, {KerasLayer("Conv2DTranspose", "up", {{"filters", 1},
                                                                                   {"kernel_size", 2},
                                                                                   {"strides", 2},
                                                                                   {"use_bias", false}})});
  InMemoryKerasWeights w;
  w.Set("up", {{"kernel", k}});
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, w, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(y->at(0),
                   Tensor::FromVector<float>({1, 4, 4, 1}, {1, 10, 2, 20,       //
                                                            100, 1000, 200, 2000,  //
                                                            3, 30, 4, 40,        //
                                                            300, 3000, 400, 4000}),
                   0);
}

struct TransposeCase {
  std::string padding;
  json output_padding;  // null or [a, b]
  int64_t in_h, in_w, k, out_h, out_w;
};

TEST(ConvLayersTest, Conv2DTransposeShapesAndValues) {
  // Output sizes from Keras' deconv_output_length, written out by hand:
  //   same, no output_padding:  in * s                       5 -> 10, 4 -> 8
  //   same, output_padding p:   (in - 1) * s + k - 2 (k / 2) + p   5,k3,p1 -> 10; 4,k3,p0 -> 7
  //   valid, none:              in * s + max(k - s, 0)         5,k3 -> 11
  //   valid, output_padding p:  (in - 1) * s + k + p           5,k3,p1 -> 12; 4,k3,p0 -> 9
  const TransposeCase cases[] = {
      {"same", nullptr, 5, 4, 3, 10, 8},
      {"same", json::array({1, 0}), 5, 4, 3, 10, 7},
      {"valid", nullptr, 5, 4, 3, 11, 9},
      {"valid", json::array({1, 0}), 5, 4, 3, 12, 9},
  };
  for (const TransposeCase& t : cases) {
    SCOPED_TRACE(t.padding + " output_padding=" + t.output_padding.dump());
    const Tensor x = TestTensor({2, t.in_h, t.in_w, 3}, 23);
    const Tensor k = TestTensor({t.k, t.k, 2, 3}, 24);
    const Tensor b = TestTensor({2}, 25);
    json model = SequentialModel({-1, t.in_h, t.in_w, 3},
                                 {KerasLayer("Conv2DTranspose", "up", {{"filters", 2}, {"kernel_size", t.k},
                                                                      {"strides", {2, 2}}, {"padding", t.padding},
                                                                      {"output_padding", t.output_padding}})});
    InMemoryKerasWeights w;
    w.Set("up", {{"kernel", k}, {"bias", b}});
    absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, w, {x});
    ASSERT_TRUE(y.ok()) << y.status();
    Tensor expected = RefConvTranspose(x, k, t.out_h, t.out_w, 2, t.padding == "same");
    std::vector<float> e = Values(expected);
    for (size_t i = 0; i < e.size(); ++i) e[i] += b.data<float>()[i % 2];
    ExpectTensorNear(y->at(0), Tensor::FromVector<float>(expected.shape(), e), 1e-5f);
  }
}

TEST(ConvLayersTest, Conv2DTransposeChannelsFirstRectangular) {
  const Tensor x_nhwc = TestTensor({1, 3, 4, 2}, 31);
  const Tensor k = TestTensor({3, 3, 3, 2}, 32);  // [kh, kw, filters, in]
  json model = SequentialModel({-1, 2, 3, 4}, {KerasLayer("Conv2DTranspose", "up", {{"filters", 3}, {"kernel_size", 3},
                                                                                   {"strides", {2, 1}},
                                                                                   {"padding", "same"},
                                                                                   {"use_bias", false},
                                                                                   {"data_format", "channels_first"}})});
  InMemoryKerasWeights w;
  w.Set("up", {{"kernel", k}});
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, w, {Permute4(x_nhwc, {0, 3, 1, 2})});
  ASSERT_TRUE(y.ok()) << y.status();
  // same: out = in * stride per axis (6 x 4); the reference takes one stride, so run it per axis by
  // hand: stride (2, 1) is the scatter with y = 2 i + ky - pad_h, z = j + kx - pad_w.
  const int64_t oh = 6, ow = 4, pad_h = std::max<int64_t>((3 - 1) * 2 + 3 - oh, 0) / 2,
                pad_w = std::max<int64_t>((4 - 1) * 1 + 3 - ow, 0) / 2;
  std::vector<double> out(oh * ow * 3, 0.0);
  auto X = x_nhwc.data<float>();
  auto K = k.data<float>();
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 4; ++j)
      for (int64_t ky = 0; ky < 3; ++ky)
        for (int64_t kx = 0; kx < 3; ++kx) {
          const int64_t yy = 2 * i + ky - pad_h, zz = j + kx - pad_w;
          if (yy < 0 || yy >= oh || zz < 0 || zz >= ow) continue;
          for (int64_t o = 0; o < 3; ++o)
            for (int64_t c = 0; c < 2; ++c) out[(yy * ow + zz) * 3 + o] += X[(i * 4 + j) * 2 + c] * K[((ky * 3 + kx) * 3 + o) * 2 + c];
        }
  Tensor expected = Tensor::FromVector<float>({1, oh, ow, 3}, std::vector<float>(out.begin(), out.end()));
  ExpectTensorNear(y->at(0), Permute4(expected, {0, 3, 1, 2}), 1e-5f);
}

// ---- Conv1D ---------------------------------------------------------------------------------------------------

// [n, w, c] as [n, 1, w, c] for the 2-D reference.
Tensor As2D(const Tensor& t) { return t.Reshaped({t.dim(0), 1, t.dim(1), t.dim(2)}); }

TEST(ConvLayersTest, Conv1DCausalDilated) {
  const Tensor x = TestTensor({2, 9, 2}, 26);
  const Tensor k = TestTensor({3, 2, 4}, 27);
  const Tensor b = TestTensor({4}, 28);
  json model = SequentialModel({-1, 9, 2}, {KerasLayer("Conv1D", "c1", {{"filters", 4}, {"kernel_size", {3}},
                                                                       {"padding", "causal"},
                                                                       {"dilation_rate", {2}}})});
  InMemoryKerasWeights w;
  w.Set("c1", {{"kernel", k}, {"bias", b}});
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, w, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  // Causal: output t sees inputs t, t-2, t-4 (zeros before the start).
  std::vector<float> e(2 * 9 * 4);
  auto X = x.data<float>();
  auto K = k.data<float>();
  for (int n = 0; n < 2; ++n)
    for (int t = 0; t < 9; ++t)
      for (int o = 0; o < 4; ++o) {
        double acc = b.data<float>()[o];
        for (int j = 0; j < 3; ++j) {
          const int src = t - (2 - j) * 2;
          if (src < 0) continue;
          for (int c = 0; c < 2; ++c) acc += X[(n * 9 + src) * 2 + c] * K[(j * 2 + c) * 4 + o];
        }
        e[(n * 9 + t) * 4 + o] = static_cast<float>(acc);
      }
  ExpectTensorNear(y->at(0), Tensor::FromVector<float>({2, 9, 4}, e), 1e-5f);
}

TEST(ConvLayersTest, Conv1DSameStride2) {
  const Tensor x = TestTensor({1, 7, 3}, 29);
  const Tensor k = TestTensor({4, 3, 2}, 30);
  json model = SequentialModel({-1, 7, 3}, {KerasLayer("Conv1D", "c1", {{"filters", 2}, {"kernel_size", 4},
                                                                       {"strides", 2}, {"padding", "same"},
                                                                       {"use_bias", false}})});
  InMemoryKerasWeights w;
  w.Set("c1", {{"kernel", k}});
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, w, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  ConvSpec s;
  s.stride_w = 2;
  s.same = true;
  Tensor expected = RefConv(As2D(x), k.Reshaped({1, 4, 3, 2}), {}, s);
  ExpectTensorNear(y->at(0), expected.Reshaped({1, 4, 2}), 1e-5f);
}

TEST(ConvLayersTest, Conv1DTransposeSameWithOutputPadding) {
  // Keras: out = (in - 1) * s + k - 2 (k / 2) + p = 4 * 2 + 3 - 2 + 1 = 10 for in 5, k 3, s 2, p 1.
  const Tensor x = TestTensor({2, 5, 3}, 33);
  const Tensor k = TestTensor({3, 2, 3}, 34);  // [k, filters, in]
  const Tensor b = TestTensor({2}, 35);
  json model = SequentialModel({-1, 5, 3}, {KerasLayer("Conv1DTranspose", "up", {{"filters", 2}, {"kernel_size", 3},
                                                                                {"strides", 2}, {"padding", "same"},
                                                                                {"output_padding", 1}})});
  InMemoryKerasWeights w;
  w.Set("up", {{"kernel", k}, {"bias", b}});
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, w, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  Tensor expected = RefConvTranspose(As2D(x), k.Reshaped({1, 3, 2, 3}), 1, 10, 2, true);
  std::vector<float> e = Values(expected);
  for (size_t i = 0; i < e.size(); ++i) e[i] += b.data<float>()[i % 2];
  ExpectTensorNear(y->at(0), Tensor::FromVector<float>({2, 10, 2}, e), 1e-5f);
}

TEST(ConvLayersTest, UnknownActivationIsNamed) {
  json model = SequentialModel({-1, 4, 4, 1}, {KerasLayer("Conv2D", "conv", {{"filters", 1}, {"kernel_size", 1},
                                                                            {"activation", "crelu_x"}})});
  InMemoryKerasWeights w;
  w.Set("conv", {{"kernel", TestTensor({1, 1, 1, 1}, 1)}, {"bias", TestTensor({1}, 2)}});
  absl::StatusOr<KerasGraph> g = BuildKerasTestGraph(model, w);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("crelu_x"), std::string::npos) << g.status();
}

}  // namespace
}  // namespace tfconv
