// BatchNormalization, LayerNormalization, Normalization and Rescaling against their formulas,
// computed in double by loops in the test.
#include <cmath>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "plugins/keras/keras_layer_test_util.h"

namespace tfconv {
namespace {

using json = nlohmann::json;

std::vector<float> Values(const Tensor& t) { return {t.data<float>().begin(), t.data<float>().end()}; }

// Positive values for variances.
Tensor PositiveTensor(const std::vector<int64_t>& shape, uint32_t seed) {
  Tensor t = TestTensor(shape, seed);
  for (float& v : t.mutable_data<float>()) v = v * v + 0.05f;
  return t;
}

absl::StatusOr<Tensor> RunOne(const json& layer, const Tensor& x, const InMemoryKerasWeights& weights,
                              const std::string& input_dtype = "float32") {
  std::vector<int64_t> shape = x.shape();
  shape[0] = -1;
  json model = SequentialModel(shape, {layer});
  model["config"]["layers"][0]["config"]["dtype"] = input_dtype;
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, weights, {x});
  if (!y.ok()) return y.status();
  return (*y)[0];
}

// (x - mean[c]) / sqrt(var[c] + eps) * gamma[c] + beta[c] with c = the index along `axis`.
Tensor BatchNormReference(const Tensor& x, int axis, const std::vector<float>& gamma, const std::vector<float>& beta,
                          const std::vector<float>& mean, const std::vector<float>& var, double eps) {
  int64_t inner = 1;
  for (int d = axis + 1; d < x.rank(); ++d) inner *= x.dim(d);
  const int64_t channels = x.dim(axis);
  std::vector<float> out;
  for (int64_t i = 0; i < x.NumElements(); ++i) {
    const int64_t c = (i / inner) % channels;
    const double v = (x.data<float>()[i] - double{mean[c]}) / std::sqrt(double{var[c]} + eps);
    out.push_back(static_cast<float>(v * gamma[c] + beta[c]));
  }
  return Tensor::FromVector<float>(x.shape(), out);
}

// The real ResNet's config: axis [3], all four weights.
TEST(BatchNormLayerTest, ChannelsLastKeras2Axis) {
  Tensor x = TestTensor({2, 3, 2, 4}, 1);
  Tensor gamma = TestTensor({4}, 2), beta = TestTensor({4}, 3), mean = TestTensor({4}, 4);
  Tensor var = PositiveTensor({4}, 5);
  InMemoryKerasWeights w;
  w.Set("bn", {{"gamma", gamma}, {"beta", beta}, {"moving_mean", mean}, {"moving_variance", var}});
  absl::StatusOr<Tensor> y = RunOne(
      KerasLayer("BatchNormalization", "bn", {{"axis", {3}}, {"epsilon", 0.001}, {"center", true}, {"scale", true}}), x,
      w);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(*y, BatchNormReference(x, 3, Values(gamma), Values(beta), Values(mean), Values(var), 0.001), 2e-6f);
}

// Channels first (axis 1 of a rank-4 input), no gamma and no beta: only the moving statistics.
TEST(BatchNormLayerTest, AxisOneWithoutCenterAndScale) {
  Tensor x = TestTensor({2, 3, 2, 2}, 6);
  Tensor mean = TestTensor({3}, 7), var = PositiveTensor({3}, 8);
  InMemoryKerasWeights w;
  w.Set("bn", {{"moving_mean", mean}, {"moving_variance", var}});
  json layer =
      KerasLayer("BatchNormalization", "bn", {{"axis", 1}, {"epsilon", 0.01}, {"center", false}, {"scale", false}});
  absl::StatusOr<Tensor> y = RunOne(layer, x, w);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(*y, BatchNormReference(x, 1, {1, 1, 1}, {0, 0, 0}, Values(mean), Values(var), 0.01), 2e-6f);
  EXPECT_EQ(KerasTestRegistry()->FindKerasLayer("BatchNormalization")->variable_names(layer["config"]),
            (std::vector<std::string>{"moving_mean", "moving_variance"}));
}

TEST(BatchNormLayerTest, ScaleWithoutCenterOnRank2) {
  Tensor x = TestTensor({3, 5}, 9);
  Tensor gamma = TestTensor({5}, 10), mean = TestTensor({5}, 11), var = PositiveTensor({5}, 12);
  InMemoryKerasWeights w;
  w.Set("bn", {{"gamma", gamma}, {"moving_mean", mean}, {"moving_variance", var}});
  json layer = KerasLayer("BatchNormalization", "bn", {{"axis", -1}, {"center", false}});
  absl::StatusOr<Tensor> y = RunOne(layer, x, w);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(
      *y, BatchNormReference(x, 1, Values(gamma), std::vector<float>(5, 0), Values(mean), Values(var), 1e-3), 2e-6f);
  EXPECT_EQ(KerasTestRegistry()->FindKerasLayer("BatchNormalization")->variable_names(layer["config"]),
            (std::vector<std::string>{"gamma", "moving_mean", "moving_variance"}));
}

// The folded form: one Mul and one AddV2 with [C] constants, which the optimizer folds into a
// preceding conv / fully connected layer.
TEST(BatchNormLayerTest, EmitsMulAndAddWithChannelConstants) {
  InMemoryKerasWeights w;
  w.Set("bn", {{"gamma", TestTensor({4}, 1)},
               {"beta", TestTensor({4}, 2)},
               {"moving_mean", TestTensor({4}, 3)},
               {"moving_variance", PositiveTensor({4}, 4)}});
  absl::StatusOr<KerasGraph> g =
      BuildKerasTestGraph(SequentialModel({-1, 3, 3, 4}, {KerasLayer("BatchNormalization", "bn", {{"axis", {3}}})}), w);
  ASSERT_TRUE(g.ok()) << g.status();
  std::vector<std::string> ops;
  for (Node* n : g->graph.nodes()) {
    if (n->op() == "Const") {
      EXPECT_EQ(n->outputs[0].shape, PartialShape({4})) << n->name();
    } else if (n->op() != "Placeholder") {
      ops.push_back(n->op());
    }
  }
  EXPECT_EQ(ops, (std::vector<std::string>{"Mul", "AddV2"}));
}

TEST(BatchNormLayerTest, MissingWeightIsAnError) {
  InMemoryKerasWeights w;
  w.Set("bn", {{"gamma", TestTensor({4}, 1)}, {"beta", TestTensor({4}, 2)}, {"moving_mean", TestTensor({4}, 3)}});
  absl::StatusOr<KerasGraph> g =
      BuildKerasTestGraph(SequentialModel({-1, 4}, {KerasLayer("BatchNormalization", "bn", {})}), w);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("moving_variance"), std::string::npos) << g.status();
}

// Layer normalization of x [N, 2, 3, 4] over axes 2 and 3, gamma and beta of shape [3, 4].
TEST(LayerNormLayerTest, TwoAxes) {
  Tensor x = TestTensor({2, 2, 3, 4}, 13);
  Tensor gamma = TestTensor({3, 4}, 14), beta = TestTensor({3, 4}, 15);
  InMemoryKerasWeights w;
  w.Set("ln", {{"gamma", gamma}, {"beta", beta}});
  absl::StatusOr<Tensor> y =
      RunOne(KerasLayer("LayerNormalization", "ln", {{"axis", {2, 3}}, {"epsilon", 0.001}}), x, w);
  ASSERT_TRUE(y.ok()) << y.status();
  std::vector<float> expected;
  for (int64_t g = 0; g < 4; ++g) {  // groups of 12
    double mean = 0, var = 0;
    for (int k = 0; k < 12; ++k) mean += x.data<float>()[g * 12 + k];
    mean /= 12;
    for (int k = 0; k < 12; ++k) var += std::pow(x.data<float>()[g * 12 + k] - mean, 2);
    var /= 12;
    for (int k = 0; k < 12; ++k) {
      const double v = (x.data<float>()[g * 12 + k] - mean) / std::sqrt(var + 0.001);
      expected.push_back(static_cast<float>(v * gamma.data<float>()[k] + beta.data<float>()[k]));
    }
  }
  ExpectTensorNear(*y, Tensor::FromVector<float>(x.shape(), expected), 3e-6f);
}

TEST(LayerNormLayerTest, NoCenterNoScaleLastAxis) {
  Tensor x = Tensor::FromVector<float>({2, 4}, {1, 2, 3, 4, -2, 0, 2, 4});
  absl::StatusOr<Tensor> y = RunOne(
      KerasLayer("LayerNormalization", "ln", {{"axis", -1}, {"epsilon", 0.0}, {"center", false}, {"scale", false}}), x,
      {});
  ASSERT_TRUE(y.ok()) << y.status();
  // Row 1: mean 2.5, variance 1.25; row 2: mean 1, variance 5.
  const double s1 = std::sqrt(1.25), s2 = std::sqrt(5.0);
  ExpectTensorNear(
      *y,
      Tensor::FromVector<float>({2, 4}, {float(-1.5 / s1), float(-0.5 / s1), float(0.5 / s1), float(1.5 / s1),
                                         float(-3 / s2), float(-1 / s2), float(1 / s2), float(3 / s2)}),
      1e-6f);
  EXPECT_TRUE(KerasTestRegistry()
                  ->FindKerasLayer("LayerNormalization")
                  ->variable_names(json{{"center", false}, {"scale", false}})
                  .empty());
}

TEST(NormalizationLayerTest, AdaptedWeights) {
  Tensor x = TestTensor({3, 2, 3}, 16);
  std::vector<float> mean = {0.5f, -1.0f, 2.0f}, var = {4.0f, 0.25f, 0.0f};
  InMemoryKerasWeights w;
  w.Set("norm", {{"mean", Tensor::FromVector<float>({3}, mean)},
                 {"variance", Tensor::FromVector<float>({3}, var)},
                 {"count", Tensor::Scalar<int64_t>(100)}});
  absl::StatusOr<Tensor> y =
      RunOne(KerasLayer("Normalization", "norm", {{"axis", {-1}}, {"mean", nullptr}, {"variance", nullptr}}), x, w);
  ASSERT_TRUE(y.ok()) << y.status();
  std::vector<float> expected;
  for (int64_t i = 0; i < x.NumElements(); ++i) {
    // The zero variance divides by Keras' epsilon, 1e-7.
    const double denom = var[i % 3] > 0 ? std::sqrt(double{var[i % 3]}) : 1e-7;
    expected.push_back(static_cast<float>((x.data<float>()[i] - mean[i % 3]) / denom));
  }
  ExpectTensorNear(*y, Tensor::FromVector<float>(x.shape(), expected), 1e-6f);
}

// Mean and variance in the config (Normalization(mean=3., variance=2.), Keras' own example).
TEST(NormalizationLayerTest, ConfigValuesScalar) {
  Tensor x = Tensor::FromVector<float>({3, 1}, {1, 2, 3});
  absl::StatusOr<Tensor> y =
      RunOne(KerasLayer("Normalization", "norm", {{"axis", {-1}}, {"mean", 3.0}, {"variance", 2.0}}), x, {});
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(*y, Tensor::FromVector<float>({3, 1}, {-1.4142135f, -0.70710677f, 0.0f}), 1e-6f);
  EXPECT_TRUE(KerasTestRegistry()->FindKerasLayer("Normalization")->variable_names(json{{"mean", 3.0}}).empty());
}

// invert=True: Keras' example, adapted on [[0,7,4],[2,9,6],...] (mean [1,8,5], variance [1,1,1]).
TEST(NormalizationLayerTest, Invert) {
  InMemoryKerasWeights w;
  w.Set("norm", {{"mean", Tensor::FromVector<float>({3}, {1, 8, 5})},
                 {"variance", Tensor::FromVector<float>({3}, {1, 1, 1})},
                 {"count", Tensor::Scalar<int64_t>(4)}});
  absl::StatusOr<Tensor> y = RunOne(KerasLayer("Normalization", "norm", {{"axis", {-1}}, {"invert", true}}),
                                    Tensor::FromVector<float>({1, 3}, {1, 2, 3}), w);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(*y, Tensor::FromVector<float>({1, 3}, {2, 10, 8}), 0.0f);
}

// axis None: one mean and variance for everything; per-axis values along axis 1 of a rank-3 input.
TEST(NormalizationLayerTest, AxisNoneAndMiddleAxis) {
  Tensor x = TestTensor({2, 3, 2}, 17);
  InMemoryKerasWeights w;
  w.Set("n0", {{"mean", Tensor::Scalar<float>(0.25f)},
               {"variance", Tensor::Scalar<float>(9.0f)},
               {"count", Tensor::Scalar<int64_t>(1)}});
  absl::StatusOr<Tensor> y = RunOne(KerasLayer("Normalization", "n0", {{"axis", nullptr}}), x, w);
  ASSERT_TRUE(y.ok()) << y.status();
  std::vector<float> expected;
  for (float v : x.data<float>()) expected.push_back(static_cast<float>((v - 0.25) / 3.0));
  ExpectTensorNear(*y, Tensor::FromVector<float>(x.shape(), expected), 1e-6f);

  std::vector<float> mean = {1, 2, 3}, var = {1, 4, 16};
  InMemoryKerasWeights w1;
  w1.Set("n1", {{"mean", Tensor::FromVector<float>({3}, mean)},
                {"variance", Tensor::FromVector<float>({3}, var)},
                {"count", Tensor::Scalar<int64_t>(1)}});
  y = RunOne(KerasLayer("Normalization", "n1", {{"axis", {1}}}), x, w1);
  ASSERT_TRUE(y.ok()) << y.status();
  expected.clear();
  for (int64_t i = 0; i < x.NumElements(); ++i) {
    const int c = static_cast<int>((i / 2) % 3);
    expected.push_back(static_cast<float>((x.data<float>()[i] - mean[c]) / std::sqrt(double{var[c]})));
  }
  ExpectTensorNear(*y, Tensor::FromVector<float>(x.shape(), expected), 1e-6f);
}

// uint8 images scaled to [-1, 1]: x / 127.5 - 1 after the cast Keras makes.
TEST(RescalingLayerTest, Uint8Input) {
  Tensor x = Tensor::FromVector<uint8_t>({1, 2, 2, 1}, {0, 255, 127, 64});
  absl::StatusOr<Tensor> y =
      RunOne(KerasLayer("Rescaling", "rescale", {{"scale", 1.0 / 127.5}, {"offset", -1.0}}), x, {}, "uint8");
  ASSERT_TRUE(y.ok()) << y.status();
  std::vector<float> expected;
  for (uint8_t v : x.data<uint8_t>())
    expected.push_back(static_cast<float>(v) * static_cast<float>(1.0 / 127.5) - 1.0f);
  ExpectTensorNear(*y, Tensor::FromVector<float>({1, 2, 2, 1}, expected), 0.0f);
}

// Keras 3 writes array-valued scale/offset as serialized arrays; they broadcast on the last axis.
TEST(RescalingLayerTest, PerChannelScale) {
  Tensor x = TestTensor({2, 2, 3}, 18);
  json scale = {{"class_name", "__numpy__"}, {"config", {{"value", {0.5, 2.0, -1.0}}, {"dtype", "float32"}}}};
  absl::StatusOr<Tensor> y = RunOne(KerasLayer("Rescaling", "r", {{"scale", scale}, {"offset", 0.0}}), x, {});
  ASSERT_TRUE(y.ok()) << y.status();
  const float s[3] = {0.5f, 2.0f, -1.0f};
  std::vector<float> expected;
  for (int64_t i = 0; i < x.NumElements(); ++i) expected.push_back(x.data<float>()[i] * s[i % 3]);
  ExpectTensorNear(*y, Tensor::FromVector<float>(x.shape(), expected), 0.0f);
}

}  // namespace
}  // namespace tfconv
