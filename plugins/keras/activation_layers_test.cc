// The activation layers against their documented formulas, evaluated elementwise in the test.
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "plugins/keras/keras_layer_test_util.h"

namespace tfconv {
namespace {

using json = nlohmann::json;

// Inputs spread over [-3, 3), avoiding the exact thresholds used below.
Tensor Spread(const std::vector<int64_t>& shape, uint32_t seed) {
  Tensor t = TestTensor(shape, seed);
  for (float& v : t.mutable_data<float>()) v *= 3.0f;
  return t;
}

Tensor Map(const Tensor& x, const std::function<double(double)>& f) {
  std::vector<float> out;
  for (float v : x.data<float>()) out.push_back(static_cast<float>(f(v)));
  return Tensor::FromVector<float>(x.shape(), out);
}

absl::StatusOr<Tensor> RunOne(const json& layer, const Tensor& x, const InMemoryKerasWeights& weights = {}) {
  std::vector<int64_t> shape = x.shape();
  shape[0] = -1;
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(SequentialModel(shape, {layer}), weights, {x});
  if (!y.ok()) return y.status();
  return (*y)[0];
}

TEST(ActivationLayerTest, ByName) {
  Tensor x = Spread({2, 7}, 1);
  const std::pair<const char*, std::function<double(double)>> cases[] = {
      {"relu", [](double v) { return std::max(v, 0.0); }},
      {"tanh", [](double v) { return std::tanh(v); }},
      {"sigmoid", [](double v) { return 1 / (1 + std::exp(-v)); }},
      {"linear", [](double v) { return v; }},
  };
  for (const auto& [name, f] : cases) {
    absl::StatusOr<Tensor> y = RunOne(KerasLayer("Activation", "act", {{"activation", name}}), x);
    ASSERT_TRUE(y.ok()) << name << ": " << y.status();
    ExpectTensorNear(*y, Map(x, f), 1e-6f);
  }
}

// Keras' documented ReLU: max_value above it, x on [threshold, max_value), negative_slope *
// (x - threshold) below the threshold.
double DocumentedRelu(double x, double max_value, double slope, double threshold) {
  if (x >= max_value) return max_value;
  if (x >= threshold) return x;
  return slope * (x - threshold);
}

TEST(ReLULayerTest, GeneralForms) {
  Tensor x = Spread({3, 8}, 2);
  const double inf = INFINITY;
  struct Case {
    json config;
    double max_value, slope, threshold;
  } cases[] = {
      {{{"max_value", nullptr}, {"negative_slope", 0.0}, {"threshold", 0.0}}, inf, 0.0, 0.0},
      {{{"max_value", 6.0}}, 6.0, 0.0, 0.0},
      {{{"max_value", 1.5}}, 1.5, 0.0, 0.0},
      {{{"negative_slope", 0.2}}, inf, 0.2, 0.0},
      {{{"max_value", 2.5}, {"negative_slope", 0.1}, {"threshold", 0.5}}, 2.5, 0.1, 0.5},
      {{{"negative_slope", 0.3}, {"threshold", 1.0}}, inf, 0.3, 1.0},
      {{{"threshold", -1.0}}, inf, 0.0, -1.0},
  };
  for (const Case& k : cases) {
    absl::StatusOr<Tensor> y = RunOne(KerasLayer("ReLU", "re_lu", k.config), x);
    ASSERT_TRUE(y.ok()) << k.config.dump() << ": " << y.status();
    SCOPED_TRACE(k.config.dump());
    ExpectTensorNear(*y, Map(x, [&](double v) { return DocumentedRelu(v, k.max_value, k.slope, k.threshold); }), 1e-6f);
  }
}

// Where Keras' code departs from its docstring: a negative threshold with a max_value clips
// x in (threshold, 0) to 0 (x * (x > t), then clip to [0, max_value]).
TEST(ReLULayerTest, NegativeThresholdWithMaxValueClipsAtZero) {
  Tensor x = Tensor::FromVector<float>({1, 4}, {-0.5f, -2.0f, 0.75f, 3.0f});
  absl::StatusOr<Tensor> y =
      RunOne(KerasLayer("ReLU", "re_lu", {{"max_value", 2.0}, {"negative_slope", 0.5}, {"threshold", -1.0}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  // -0.5: 0 (clipped); -2: 0.5 * (-2 - -1) = -0.5; 0.75: 0.75; 3: 2.
  ExpectTensorNear(*y, Tensor::FromVector<float>({1, 4}, {0.0f, -0.5f, 0.75f, 2.0f}), 1e-7f);
}

TEST(LeakyReLULayerTest, Keras2AlphaKeras3SlopeAndDefault) {
  Tensor x = Spread({2, 5}, 3);
  const std::pair<json, double> cases[] = {
      {{{"alpha", 0.1}}, 0.1}, {{{"negative_slope", 0.05}}, 0.05}, {json::object(), 0.3}};
  for (const auto& [config, alpha] : cases) {
    absl::StatusOr<Tensor> y = RunOne(KerasLayer("LeakyReLU", "leaky", config), x);
    ASSERT_TRUE(y.ok()) << y.status();
    const double a = alpha;
    ExpectTensorNear(*y, Map(x, [a](double v) { return v >= 0 ? v : a * v; }), 1e-6f);
  }
}

TEST(PReLULayerTest, SharedAxes) {
  Tensor x = Spread({2, 2, 3, 4}, 4);
  Tensor alpha = TestTensor({1, 1, 4}, 5);
  InMemoryKerasWeights weights;
  weights.Set("p_re_lu", {{"alpha", alpha}});
  absl::StatusOr<Tensor> y = RunOne(KerasLayer("PReLU", "p_re_lu", {{"shared_axes", {1, 2}}}), x, weights);
  ASSERT_TRUE(y.ok()) << y.status();
  std::vector<float> expected;
  for (int64_t i = 0; i < x.NumElements(); ++i) {
    const float v = x.data<float>()[i];
    const float a = alpha.data<float>()[i % 4];
    expected.push_back(v >= 0 ? v : a * v);
  }
  ExpectTensorNear(*y, Tensor::FromVector<float>(x.shape(), expected), 1e-6f);
}

TEST(PReLULayerTest, FullAlpha) {
  Tensor x = Spread({2, 3, 2}, 6);
  Tensor alpha = TestTensor({3, 2}, 7);
  InMemoryKerasWeights weights;
  weights.Set("p", {{"alpha", alpha}});
  absl::StatusOr<Tensor> y = RunOne(KerasLayer("PReLU", "p", {{"shared_axes", nullptr}}), x, weights);
  ASSERT_TRUE(y.ok()) << y.status();
  std::vector<float> expected;
  for (int64_t i = 0; i < x.NumElements(); ++i) {
    const float v = x.data<float>()[i];
    expected.push_back(v >= 0 ? v : alpha.data<float>()[i % 6] * v);
  }
  ExpectTensorNear(*y, Tensor::FromVector<float>(x.shape(), expected), 1e-6f);
}

TEST(ELULayerTest, Alpha) {
  Tensor x = Spread({2, 6}, 8);
  for (double alpha : {1.0, 0.5, 2.0}) {
    absl::StatusOr<Tensor> y = RunOne(KerasLayer("ELU", "elu", {{"alpha", alpha}}), x);
    ASSERT_TRUE(y.ok()) << y.status();
    ExpectTensorNear(*y, Map(x, [alpha](double v) { return v > 0 ? v : alpha * (std::exp(v) - 1); }), 1e-6f);
  }
}

// softmax over `axes` of a [2, 3, 4] tensor, by direct sums.
Tensor SoftmaxReference(const Tensor& x, std::vector<int> axes) {
  const std::vector<int64_t>& s = x.shape();
  std::vector<float> out(x.NumElements());
  auto index = [&](int a, int b, int c) { return (a * s[1] + b) * s[2] + c; };
  for (int a = 0; a < s[0]; ++a) {
    for (int b = 0; b < s[1]; ++b) {
      for (int c = 0; c < s[2]; ++c) {
        // The group of (a, b, c): every position that differs only along `axes`.
        double sum = 0;
        for (int a2 = 0; a2 < s[0]; ++a2) {
          for (int b2 = 0; b2 < s[1]; ++b2) {
            for (int c2 = 0; c2 < s[2]; ++c2) {
              const int p[3] = {a2, b2, c2}, q[3] = {a, b, c};
              bool same = true;
              for (int d = 0; d < 3; ++d) {
                if (std::find(axes.begin(), axes.end(), d) == axes.end() && p[d] != q[d]) same = false;
              }
              if (same) sum += std::exp(double{x.data<float>()[index(a2, b2, c2)]});
            }
          }
        }
        out[index(a, b, c)] = static_cast<float>(std::exp(double{x.data<float>()[index(a, b, c)]}) / sum);
      }
    }
  }
  return Tensor::FromVector<float>(s, out);
}

TEST(SoftmaxLayerTest, Axes) {
  Tensor x = Spread({2, 3, 4}, 9);
  const std::pair<json, std::vector<int>> cases[] = {
      {json::object(), {2}}, {{{"axis", -1}}, {2}}, {{{"axis", 1}}, {1}}, {{{"axis", {1, 2}}}, {1, 2}}};
  for (const auto& [config, axes] : cases) {
    absl::StatusOr<Tensor> y = RunOne(KerasLayer("Softmax", "softmax", config), x);
    ASSERT_TRUE(y.ok()) << config.dump() << ": " << y.status();
    SCOPED_TRACE(config.dump());
    ExpectTensorNear(*y, SoftmaxReference(x, axes), 1e-6f);
  }
}

TEST(ThresholdedReLULayerTest, Theta) {
  Tensor x = Spread({2, 6}, 10);
  absl::StatusOr<Tensor> y = RunOne(KerasLayer("ThresholdedReLU", "t", {{"theta", 0.5}}), x);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(*y, Map(x, [](double v) { return v > 0.5 ? v : 0.0; }), 0.0f);
}

TEST(ActivationLayerTest, UnknownActivationIsAnError) {
  absl::StatusOr<Tensor> y = RunOne(KerasLayer("Activation", "act", {{"activation", "no_such_fn"}}), Spread({1, 2}, 1));
  ASSERT_FALSE(y.ok());
  EXPECT_NE(y.status().message().find("no_such_fn"), std::string::npos) << y.status();
}

}  // namespace
}  // namespace tfconv
