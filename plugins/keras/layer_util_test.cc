// ApplyActivation by name, through a Conv2D with an identity 1x1 kernel and the activation in its
// config, against the activations' formulas evaluated here with <cmath>.
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "plugins/keras/keras_layer_test_util.h"
#include "plugins/keras/layer_util.h"

namespace tfconv {
namespace {

using json = nlohmann::json;

constexpr int kChannels = 4;
constexpr int kSteps = 9;

// [1, 1, kSteps, kChannels] with values from -8 to 8 (beyond relu6's cap and the hard sigmoid's range).
Tensor Input() {
  std::vector<float> v;
  for (int i = 0; i < kSteps * kChannels; ++i) v.push_back(-8.0f + 16.0f * i / (kSteps * kChannels - 1));
  return Tensor::FromVector<float>({1, 1, kSteps, kChannels}, v);
}

absl::StatusOr<Tensor> RunActivation(const std::string& activation, json extra = json::object()) {
  std::vector<float> eye(kChannels * kChannels, 0.0f);
  for (int i = 0; i < kChannels; ++i) eye[i * kChannels + i] = 1.0f;
  json config = {{"filters", kChannels}, {"kernel_size", 1}, {"use_bias", false}, {"activation", activation}};
  for (auto it = extra.begin(); it != extra.end(); ++it) config[it.key()] = it.value();
  InMemoryKerasWeights w;
  w.Set("conv", {{"kernel", Tensor::FromVector<float>({1, 1, kChannels, kChannels}, eye)}});
  absl::StatusOr<std::vector<Tensor>> y =
      RunKerasModel(SequentialModel({-1, 1, kSteps, kChannels}, {KerasLayer("Conv2D", "conv", config)}), w, {Input()});
  if (!y.ok()) return y.status();
  return y->at(0);
}

Tensor Elementwise(const std::function<double(double)>& f) {
  Tensor x = Input();
  std::vector<float> v;
  for (float a : x.data<float>()) v.push_back(static_cast<float>(f(a)));
  return Tensor::FromVector<float>(x.shape(), v);
}

// Softmax / log-softmax over the channels.
Tensor OverChannels(bool log) {
  Tensor x = Input();
  auto in = x.data<float>();
  std::vector<float> v(in.size());
  for (int s = 0; s < kSteps; ++s) {
    double m = -1e30, sum = 0;
    for (int c = 0; c < kChannels; ++c) m = std::max(m, static_cast<double>(in[s * kChannels + c]));
    for (int c = 0; c < kChannels; ++c) sum += std::exp(in[s * kChannels + c] - m);
    for (int c = 0; c < kChannels; ++c) {
      const double z = in[s * kChannels + c] - m;
      v[s * kChannels + c] = static_cast<float>(log ? z - std::log(sum) : std::exp(z) / sum);
    }
  }
  return Tensor::FromVector<float>(x.shape(), v);
}

double Sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double Softplus(double x) { return std::log1p(std::exp(x)); }

TEST(LayerUtilTest, ActivationsMatchTheirFormulas) {
  struct Case {
    const char* name;
    std::function<double(double)> f;
    float tolerance;
  };
  const Case cases[] = {
      {"linear", [](double x) { return x; }, 0},
      {"relu", [](double x) { return std::max(x, 0.0); }, 0},
      {"relu6", [](double x) { return std::min(std::max(x, 0.0), 6.0); }, 0},
      {"sigmoid", Sigmoid, 1e-6f},
      {"tanh", [](double x) { return std::tanh(x); }, 1e-6f},
      {"softplus", Softplus, 1e-5f},
      {"softsign", [](double x) { return x / (1 + std::abs(x)); }, 1e-6f},
      {"elu", [](double x) { return x > 0 ? x : std::expm1(x); }, 1e-6f},
      {"selu",
       [](double x) { return 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * std::expm1(x)); }, 1e-5f},
      {"exponential", [](double x) { return std::exp(x); }, 1e-6f * 3000},
      {"hard_sigmoid", [](double x) { return std::min(std::max(0.2 * x + 0.5, 0.0), 1.0); }, 1e-6f},
      {"swish", [](double x) { return x * Sigmoid(x); }, 1e-5f},
      {"silu", [](double x) { return x * Sigmoid(x); }, 1e-5f},
      {"gelu", [](double x) { return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0))); }, 4e-6f},
      {"mish", [](double x) { return x * std::tanh(Softplus(x)); }, 1e-5f},
      {"leaky_relu", [](double x) { return x > 0 ? x : 0.2 * x; }, 1e-6f},
      {"log_sigmoid", [](double x) { return -Softplus(-x); }, 1e-5f},
      {"hard_silu", [](double x) { return x * std::min(std::max(x + 3, 0.0), 6.0) / 6; }, 1e-5f},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<Tensor> y = RunActivation(c.name);
    ASSERT_TRUE(y.ok()) << y.status();
    ExpectTensorNear(*y, Elementwise(c.f), c.tolerance);
  }
}

TEST(LayerUtilTest, SoftmaxAndLogSoftmaxUseTheLastAxis) {
  absl::StatusOr<Tensor> y = RunActivation("softmax");
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(*y, OverChannels(false), 1e-6f);
  y = RunActivation("log_softmax");
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(*y, OverChannels(true), 1e-5f);
}

TEST(LayerUtilTest, HardSigmoidFollowsKeras3WhenTheConfigIsKeras3) {
  json keras3_dtype = {{"dtype", {{"module", "keras"}, {"class_name", "DTypePolicy"},
                                  {"config", {{"name", "float32"}}}, {"registered_name", nullptr}}}};
  absl::StatusOr<Tensor> y = RunActivation("hard_sigmoid", keras3_dtype);
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear(*y, Elementwise([](double x) { return std::min(std::max(x / 6 + 0.5, 0.0), 1.0); }), 1e-6f);
}

TEST(LayerUtilTest, SerializedFunctionActivationIsRead) {
  json config = {{"activation", {{"module", "keras.activations"}, {"class_name", "function"}, {"config", "relu"}}}};
  absl::StatusOr<std::string> name = ReadActivationName(config);
  ASSERT_TRUE(name.ok()) << name.status();
  EXPECT_EQ(*name, "relu");
  EXPECT_EQ(*ReadActivationName(json::object()), "linear");
  EXPECT_FALSE(ReadActivationName(json{{"activation", 3}}).ok());
}

TEST(LayerUtilTest, PaddingAndDataFormatReaders) {
  EXPECT_EQ(*ReadPadding(json{{"padding", "SAME"}}), "same");
  EXPECT_EQ(*ReadPadding(json::object()), "valid");
  EXPECT_FALSE(ReadPadding(json{{"padding", "causal"}}).ok());
  EXPECT_EQ(*ReadPadding(json{{"padding", "causal"}}, true), "causal");
  EXPECT_FALSE(ReadPadding(json{{"padding", "full"}}).ok());
  EXPECT_EQ(*ReadDataFormat(json{{"data_format", nullptr}}), DataFormat::kChannelsLast);
  EXPECT_EQ(*ReadDataFormat(json{{"data_format", "channels_first"}}), DataFormat::kChannelsFirst);
  EXPECT_FALSE(ReadDataFormat(json{{"data_format", "NCHW"}}).ok());
}

}  // namespace
}  // namespace tfconv
