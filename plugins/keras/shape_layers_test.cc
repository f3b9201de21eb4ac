// The shape layer builders: values derived by hand or by direct index arithmetic written here.
#include <cmath>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "plugins/keras/keras_layer_test_util.h"

namespace tfconv {
namespace {

using json = nlohmann::json;

absl::StatusOr<std::vector<Tensor>> RunLayer(const std::vector<int64_t>& shape, const json& layer, const Tensor& x) {
  return RunKerasModel(SequentialModel(shape, {layer}), InMemoryKerasWeights(), {x});
}

Tensor Iota(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  std::vector<float> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = static_cast<float>(i);
  return Tensor::FromVector<float>(shape, v);
}

TEST(ShapeLayersTest, FlattenKeepsRowMajorOrder) {
  const Tensor x = Iota({2, 3, 2, 2});
  absl::StatusOr<std::vector<Tensor>> y = RunLayer({-1, 3, 2, 2}, KerasLayer("Flatten", "flat", json::object()), x);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(y->at(0), x.Reshaped({2, 12}), 0);
}

TEST(ShapeLayersTest, FlattenChannelsFirstMovesChannelsLast) {
  // [1, C=2, H=1, W=3]: channels-last order is (w0 c0, w0 c1, w1 c0, ...).
  const Tensor x = Tensor::FromVector<float>({1, 2, 1, 3}, {0, 1, 2, 10, 11, 12});
  absl::StatusOr<std::vector<Tensor>> y =
      RunLayer({-1, 2, 1, 3}, KerasLayer("Flatten", "flat", {{"data_format", "channels_first"}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(y->at(0), Tensor::FromVector<float>({1, 6}, {0, 10, 1, 11, 2, 12}), 0);
}

TEST(ShapeLayersTest, ReshapeWithMinusOne) {
  const Tensor x = Iota({2, 4, 3});
  absl::StatusOr<std::vector<Tensor>> y =
      RunLayer({-1, 4, 3}, KerasLayer("Reshape", "r", {{"target_shape", {-1, 2}}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(y->at(0), x.Reshaped({2, 6, 2}), 0);
  // The batch stays dynamic and the -1 is resolved from the static input shape.
  absl::StatusOr<KerasGraph> g = BuildKerasTestGraph(
      SequentialModel({-1, 4, 3}, {KerasLayer("Reshape", "r", {{"target_shape", {-1, 2}}})}), InMemoryKerasWeights());
  ASSERT_TRUE(g.ok()) << g.status();
  const Node* shape = g->graph.FindNode("r/Reshape/shape");
  ASSERT_NE(shape, nullptr);
  const Tensor* v = shape->FindAttr("value")->get_if<Tensor>();
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(std::vector<int32_t>(v->data<int32_t>().begin(), v->data<int32_t>().end()),
            (std::vector<int32_t>{-1, 6, 2}));
}

TEST(ShapeLayersTest, ReshapeMismatchIsAnError) {
  absl::StatusOr<KerasGraph> g = BuildKerasTestGraph(
      SequentialModel({-1, 4, 3}, {KerasLayer("Reshape", "r", {{"target_shape", {5, -1}}})}), InMemoryKerasWeights());
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("'r'"), std::string::npos) << g.status();
}

TEST(ShapeLayersTest, ReshapeWithUnknownInputDimsReadsTheBatch) {
  const Tensor x = Iota({2, 3, 4});
  absl::StatusOr<std::vector<Tensor>> y =
      RunLayer({-1, -1, 4}, KerasLayer("Reshape", "r", {{"target_shape", {2, -1}}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(y->at(0), x.Reshaped({2, 2, 6}), 0);
}

TEST(ShapeLayersTest, PermuteIsOneBased) {
  const Tensor x = Iota({2, 3, 4, 5});
  absl::StatusOr<std::vector<Tensor>> y = RunLayer({-1, 3, 4, 5}, KerasLayer("Permute", "p", {{"dims", {3, 1, 2}}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  // out[b, k, i, j] = x[b, i, j, k].
  std::vector<float> e;
  for (int b = 0; b < 2; ++b)
    for (int k = 0; k < 5; ++k)
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 4; ++j) e.push_back(static_cast<float>(((b * 3 + i) * 4 + j) * 5 + k));
  ExpectTensorNear(y->at(0), Tensor::FromVector<float>({2, 5, 3, 4}, e), 0);
}

TEST(ShapeLayersTest, PermuteRejectsNonPermutation) {
  absl::StatusOr<KerasGraph> g = BuildKerasTestGraph(
      SequentialModel({-1, 3, 4}, {KerasLayer("Permute", "p", {{"dims", {1, 1}}})}), InMemoryKerasWeights());
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("permutation"), std::string::npos) << g.status();
}

// out[b, i, j, c] = x[b, i - top, j - left, c] inside, 0 outside.
Tensor RefPad(const Tensor& x, int64_t top, int64_t bottom, int64_t left, int64_t right) {
  const int64_t n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
  const int64_t oh = h + top + bottom, ow = w + left + right;
  std::vector<float> out(n * oh * ow * c, 0.0f);
  auto X = x.data<float>();
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < h; ++i)
      for (int64_t j = 0; j < w; ++j)
        for (int64_t k = 0; k < c; ++k) out[((b * oh + i + top) * ow + j + left) * c + k] = X[((b * h + i) * w + j) * c + k];
  return Tensor::FromVector<float>({n, oh, ow, c}, out);
}

TEST(ShapeLayersTest, ZeroPadding2DForms) {
  const Tensor x = TestTensor({2, 3, 2, 2}, 1);
  struct Case {
    json padding;
    int64_t t, b, l, r;
  };
  const Case cases[] = {
      {2, 2, 2, 2, 2},
      {json::array({1, 3}), 1, 1, 3, 3},
      {json::array({json::array({0, 2}), json::array({3, 1})}), 0, 2, 3, 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.padding.dump());
    absl::StatusOr<std::vector<Tensor>> y =
        RunLayer({-1, 3, 2, 2}, KerasLayer("ZeroPadding2D", "zp", {{"padding", c.padding}}), x);
    ASSERT_TRUE(y.ok()) << y.status();
    ExpectTensorNear(y->at(0), RefPad(x, c.t, c.b, c.l, c.r), 0);
  }
}

TEST(ShapeLayersTest, ZeroPadding2DChannelsFirst) {
  const Tensor x = Tensor::FromVector<float>({1, 1, 1, 2}, {5, 6});  // NCHW, H=1, W=2
  absl::StatusOr<std::vector<Tensor>> y =
      RunLayer({-1, 1, 1, 2}, KerasLayer("ZeroPadding2D", "zp", {{"padding", {{1, 0}, {0, 1}}},
                                                           {"data_format", "channels_first"}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(y->at(0), Tensor::FromVector<float>({1, 1, 2, 3}, {0, 0, 0, 5, 6, 0}), 0);
}

TEST(ShapeLayersTest, ZeroPadding1DAndCropping1D) {
  const Tensor x = Tensor::FromVector<float>({1, 3, 1}, {1, 2, 3});
  absl::StatusOr<std::vector<Tensor>> y = RunLayer({-1, 3, 1}, KerasLayer("ZeroPadding1D", "zp", {{"padding", {2, 1}}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(y->at(0), Tensor::FromVector<float>({1, 6, 1}, {0, 0, 1, 2, 3, 0}), 0);
  y = RunLayer({-1, 3, 1}, KerasLayer("Cropping1D", "cr", {{"cropping", {1, 0}}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(y->at(0), Tensor::FromVector<float>({1, 2, 1}, {2, 3}), 0);
}

TEST(ShapeLayersTest, Cropping2D) {
  const Tensor x = Iota({2, 5, 6, 2});
  struct Case {
    json cropping;
    json format;
    int64_t t, b, l, r;
  };
  const Case cases[] = {
      {json::array({json::array({1, 2}), json::array({0, 3})}), nullptr, 1, 2, 0, 3},
      {1, nullptr, 1, 1, 1, 1},
      {json::array({2, 0}), nullptr, 2, 2, 0, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.cropping.dump());
    absl::StatusOr<std::vector<Tensor>> y =
        RunLayer({-1, 5, 6, 2}, KerasLayer("Cropping2D", "crop", {{"cropping", c.cropping}, {"data_format", c.format}}), x);
    ASSERT_TRUE(y.ok()) << y.status();
    const int64_t oh = 5 - c.t - c.b, ow = 6 - c.l - c.r;
    std::vector<float> e;
    for (int64_t b = 0; b < 2; ++b)
      for (int64_t i = 0; i < oh; ++i)
        for (int64_t j = 0; j < ow; ++j)
          for (int64_t k = 0; k < 2; ++k) e.push_back(static_cast<float>(((b * 5 + i + c.t) * 6 + j + c.l) * 2 + k));
    ExpectTensorNear(y->at(0), Tensor::FromVector<float>({2, oh, ow, 2}, e), 0);
  }
}

TEST(ShapeLayersTest, Cropping2DChannelsFirstAndTooMuch) {
  const Tensor x = Iota({1, 2, 3, 3});  // NCHW
  absl::StatusOr<std::vector<Tensor>> y =
      RunLayer({-1, 2, 3, 3}, KerasLayer("Cropping2D", "crop", {{"cropping", {{1, 1}, {0, 1}}},
                                                          {"data_format", "channels_first"}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(y->at(0), Tensor::FromVector<float>({1, 2, 1, 2}, {3, 4, 12, 13}), 0);
  absl::StatusOr<KerasGraph> g = BuildKerasTestGraph(
      SequentialModel({-1, 3, 3, 1}, {KerasLayer("Cropping2D", "crop", {{"cropping", {{2, 1}, {0, 0}}}})}),
      InMemoryKerasWeights());
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("cropping"), std::string::npos) << g.status();
}

TEST(ShapeLayersTest, UpSampling2DNearestRepeats) {
  const Tensor x = Tensor::FromVector<float>({1, 2, 2, 1}, {1, 2, 3, 4});
  absl::StatusOr<std::vector<Tensor>> y = RunLayer({-1, 2, 2, 1}, KerasLayer("UpSampling2D", "up", {{"size", {2, 3}}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(y->at(0), Tensor::FromVector<float>({1, 4, 6, 1}, {1, 1, 1, 2, 2, 2,  //
                                                                      1, 1, 1, 2, 2, 2,  //
                                                                      3, 3, 3, 4, 4, 4,  //
                                                                      3, 3, 3, 4, 4, 4}),
                   0);
}

TEST(ShapeLayersTest, UpSampling2DBilinearHalfPixel) {
  // tf.image.resize (half-pixel centers) of [0, 4] along W by 2: source x = (i + 0.5) / 2 - 0.5 =
  // -0.25, 0.25, 0.75, 1.25 -> clamped interpolation 0, 1, 3, 4.
  const Tensor x = Tensor::FromVector<float>({1, 1, 2, 1}, {0, 4});
  absl::StatusOr<std::vector<Tensor>> y =
      RunLayer({-1, 1, 2, 1}, KerasLayer("UpSampling2D", "up", {{"size", {1, 2}}, {"interpolation", "bilinear"}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(y->at(0), Tensor::FromVector<float>({1, 1, 4, 1}, {0, 1, 3, 4}), 1e-6f);
}

TEST(ShapeLayersTest, UpSampling2DBilinear2DChannelsFirst) {
  // NCHW [1, 1, 2, 2] = [[0, 2], [4, 6]] (f = 4 y + 2 x is linear, so the interior is exact) up 2x2:
  // source coordinates -0.25, 0.25, 0.75, 1.25 on both axes, clamped to [0, 1].
  const Tensor x = Tensor::FromVector<float>({1, 1, 2, 2}, {0, 2, 4, 6});
  absl::StatusOr<std::vector<Tensor>> y =
      RunLayer({-1, 1, 2, 2}, KerasLayer("UpSampling2D", "up", {{"size", 2}, {"interpolation", "bilinear"},
                                                          {"data_format", "channels_first"}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  const float src[4] = {0, 0.25f, 0.75f, 1};
  std::vector<float> e;
  for (float sy : src)
    for (float sx : src) e.push_back(4 * sy + 2 * sx);
  ExpectTensorNear(y->at(0), Tensor::FromVector<float>({1, 1, 4, 4}, e), 1e-6f);
}

TEST(ShapeLayersTest, UpSampling2DUnknownInterpolationIsAnError) {
  absl::StatusOr<KerasGraph> g = BuildKerasTestGraph(
      SequentialModel({-1, 2, 2, 1}, {KerasLayer("UpSampling2D", "up", {{"interpolation", "lanczos5"}})}),
      InMemoryKerasWeights());
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("lanczos5"), std::string::npos) << g.status();
}

TEST(ShapeLayersTest, UpSampling1DRepeatsSteps) {
  const Tensor x = Tensor::FromVector<float>({1, 2, 2}, {1, 2, 3, 4});
  absl::StatusOr<std::vector<Tensor>> y = RunLayer({-1, 2, 2}, KerasLayer("UpSampling1D", "up", {{"size", 3}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(y->at(0), Tensor::FromVector<float>({1, 6, 2}, {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4}), 0);
}

}  // namespace
}  // namespace tfconv
