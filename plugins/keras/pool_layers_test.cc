// The pooling layer builders against direct loops (TF/Keras padding: SAME puts the odd padding cell
// after, and an average counts only the cells inside the input).
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "plugins/keras/keras_layer_test_util.h"

namespace tfconv {
namespace {

using json = nlohmann::json;

Tensor RefPool(const Tensor& x, int64_t ph, int64_t pw, int64_t sh, int64_t sw, bool same, bool max) {
  const int64_t n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
  auto axis = [same](int64_t in, int64_t k, int64_t s, int64_t* pad) {
    const int64_t out = same ? (in + s - 1) / s : (in - k) / s + 1;
    *pad = same ? std::max<int64_t>((out - 1) * s + k - in, 0) / 2 : 0;
    return out;
  };
  int64_t pad_h, pad_w;
  const int64_t oh = axis(h, ph, sh, &pad_h), ow = axis(w, pw, sw, &pad_w);
  std::vector<float> out;
  auto X = x.data<float>();
  for (int64_t b = 0; b < n; ++b)
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t z = 0; z < ow; ++z)
        for (int64_t ch = 0; ch < c; ++ch) {
          double acc = max ? -std::numeric_limits<double>::infinity() : 0.0;
          int count = 0;
          for (int64_t i = y * sh - pad_h; i < y * sh - pad_h + ph; ++i)
            for (int64_t j = z * sw - pad_w; j < z * sw - pad_w + pw; ++j) {
              if (i < 0 || i >= h || j < 0 || j >= w) continue;
              const double v = X[((b * h + i) * w + j) * c + ch];
              acc = max ? std::max(acc, v) : acc + v;
              ++count;
            }
          out.push_back(static_cast<float>(max ? acc : acc / count));
        }
  return Tensor::FromVector<float>({n, oh, ow, c}, out);
}

absl::StatusOr<std::vector<Tensor>> RunLayer(const std::vector<int64_t>& shape, const json& layer, const Tensor& x) {
  return RunKerasModel(SequentialModel(shape, {layer}), InMemoryKerasWeights(), {x});
}

TEST(PoolLayersTest, MaxAndAveragePooling2DOddSizes) {
  const Tensor x = TestTensor({2, 7, 5, 3}, 1);
  struct Case {
    const char* cls;
    json config;
    int64_t ph, pw, sh, sw;
    bool same, max;
  };
  const Case cases[] = {
      {"MaxPooling2D", {{"pool_size", {2, 2}}, {"strides", nullptr}, {"padding", "valid"}}, 2, 2, 2, 2, false, true},
      {"MaxPool2D", {{"pool_size", {3, 3}}, {"strides", {2, 2}}, {"padding", "same"}}, 3, 3, 2, 2, true, true},
      {"AveragePooling2D", {{"pool_size", {2, 2}}, {"padding", "same"}}, 2, 2, 2, 2, true, false},
      {"AvgPool2D", {{"pool_size", {3, 2}}, {"strides", {1, 2}}, {"padding", "valid"}}, 3, 2, 1, 2, false, false},
  };
  for (const Case& t : cases) {
    SCOPED_TRACE(std::string(t.cls) + " " + t.config.dump());
    absl::StatusOr<std::vector<Tensor>> y = RunLayer({-1, 7, 5, 3}, KerasLayer(t.cls, "pool", t.config), x);
    ASSERT_TRUE(y.ok()) << y.status();
    ExpectTensorNear(y->at(0), RefPool(x, t.ph, t.pw, t.sh, t.sw, t.same, t.max), 1e-6f);
  }
}

TEST(PoolLayersTest, AveragePoolingSameByHand) {
  // 3x3 input, pool 2 stride 2 same: windows {0,1}x{0,1}, {0,1}x{2}, {2}x{0,1}, {2}x{2}.
  const Tensor x = Tensor::FromVector<float>({1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  absl::StatusOr<std::vector<Tensor>> y =
      RunLayer({-1, 3, 3, 1}, KerasLayer("AveragePooling2D", "pool", {{"pool_size", 2}, {"padding", "same"}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(y->at(0), Tensor::FromVector<float>({1, 2, 2, 1}, {3, 4.5f, 7.5f, 9}), 1e-6f);
}

TEST(PoolLayersTest, Pooling2DChannelsFirst) {
  const Tensor x = TestTensor({1, 2, 5, 5}, 2);  // NCHW
  absl::StatusOr<std::vector<Tensor>> y =
      RunLayer({-1, 2, 5, 5},
          KerasLayer("MaxPooling2D", "pool", {{"pool_size", {2, 2}}, {"data_format", "channels_first"}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  // By hand from the NCHW values: max over each 2x2 block (the last row and column dropped).
  std::vector<float> e;
  auto X = x.data<float>();
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) {
        float m = -1e9f;
        for (int a = 0; a < 2; ++a)
          for (int b = 0; b < 2; ++b) m = std::max(m, X[(c * 5 + 2 * i + a) * 5 + 2 * j + b]);
        e.push_back(m);
      }
  ExpectTensorNear(y->at(0), Tensor::FromVector<float>({1, 2, 2, 2}, e), 0);
}

TEST(PoolLayersTest, Pooling1D) {
  const Tensor x = TestTensor({2, 9, 3}, 3);
  {
    absl::StatusOr<std::vector<Tensor>> y =
        RunLayer({-1, 9, 3}, KerasLayer("MaxPooling1D", "pool", {{"pool_size", {2}}, {"strides", {2}}}), x);
    ASSERT_TRUE(y.ok()) << y.status();
    ExpectTensorNear(y->at(0), RefPool(x.Reshaped({2, 1, 9, 3}), 1, 2, 1, 2, false, true).Reshaped({2, 4, 3}), 0);
  }
  {
    absl::StatusOr<std::vector<Tensor>> y =
        RunLayer({-1, 9, 3}, KerasLayer("AvgPool1D", "pool", {{"pool_size", 4}, {"strides", 3}, {"padding", "same"}}), x);
    ASSERT_TRUE(y.ok()) << y.status();
    ExpectTensorNear(y->at(0), RefPool(x.Reshaped({2, 1, 9, 3}), 1, 4, 1, 3, true, false).Reshaped({2, 3, 3}),
                     1e-6f);
  }
}

// Mean / max over the spatial axes, computed directly.
std::vector<float> Reduce(const Tensor& x, const std::vector<int64_t>& dims, int channel_axis, bool max) {
  // dims: the input shape; the result has one value per (batch, channel).
  const int64_t n = dims[0], c = dims[channel_axis];
  int64_t spatial = 1;
  for (size_t i = 1; i < dims.size(); ++i) {
    if (static_cast<int>(i) != channel_axis) spatial *= dims[i];
  }
  std::vector<double> acc(n * c, max ? -1e30 : 0.0);
  auto X = x.data<float>();
  const int64_t total = x.NumElements();
  for (int64_t i = 0; i < total; ++i) {
    // Decompose i into (batch, channel).
    int64_t rest = i, batch = 0, ch = 0;
    for (int a = static_cast<int>(dims.size()) - 1; a >= 0; --a) {
      const int64_t idx = rest % dims[a];
      rest /= dims[a];
      if (a == 0) batch = idx;
      if (a == channel_axis) ch = idx;
    }
    double& slot = acc[batch * c + ch];
    slot = max ? std::max(slot, static_cast<double>(X[i])) : slot + X[i];
  }
  std::vector<float> out;
  for (double v : acc) out.push_back(static_cast<float>(max ? v : v / spatial));
  return out;
}

TEST(PoolLayersTest, GlobalPools) {
  const Tensor x2 = TestTensor({2, 5, 3, 4}, 4);
  const Tensor x1 = TestTensor({2, 7, 3}, 5);
  struct Case {
    const char* cls;
    json config;
    const Tensor* x;
    std::vector<int64_t> shape;
    int channel_axis;
    bool max;
    std::vector<int64_t> out_shape;
  };
  const Case cases[] = {
      {"GlobalAveragePooling2D", json::object(), &x2, {2, 5, 3, 4}, 3, false, {2, 4}},
      {"GlobalMaxPooling2D", {{"keepdims", true}}, &x2, {2, 5, 3, 4}, 3, true, {2, 1, 1, 4}},
      {"GlobalAvgPool2D", {{"data_format", "channels_first"}, {"keepdims", true}}, &x2, {2, 5, 3, 4}, 1, false,
       {2, 5, 1, 1}},
      {"GlobalMaxPool2D", {{"data_format", "channels_first"}}, &x2, {2, 5, 3, 4}, 1, true, {2, 5}},
      {"GlobalAveragePooling1D", json::object(), &x1, {2, 7, 3}, 2, false, {2, 3}},
      {"GlobalMaxPooling1D", {{"keepdims", true}}, &x1, {2, 7, 3}, 2, true, {2, 1, 3}},
      {"GlobalAvgPool1D", {{"data_format", "channels_first"}}, &x1, {2, 7, 3}, 1, false, {2, 7}},
  };
  for (const Case& t : cases) {
    SCOPED_TRACE(std::string(t.cls) + " " + t.config.dump());
    std::vector<int64_t> in_shape = t.shape;
    in_shape[0] = -1;
    absl::StatusOr<std::vector<Tensor>> y = RunLayer(in_shape, KerasLayer(t.cls, "gp", t.config), *t.x);
    ASSERT_TRUE(y.ok()) << y.status();
    ExpectTensorNear(y->at(0), Tensor::FromVector<float>(t.out_shape, Reduce(*t.x, t.shape, t.channel_axis, t.max)),
                     1e-6f);
  }
}

TEST(PoolLayersTest, BadPoolSizeIsAnError) {
  absl::StatusOr<KerasGraph> g = BuildKerasTestGraph(
      SequentialModel({-1, 4, 4, 1}, {KerasLayer("MaxPooling2D", "pool", {{"pool_size", {2, 2, 2}}})}),
      InMemoryKerasWeights());
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("pool_size"), std::string::npos) << g.status();
}

}  // namespace
}  // namespace tfconv
