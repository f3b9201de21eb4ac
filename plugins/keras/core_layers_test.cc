// Dense, Embedding and the inference-time identity layers, built from Keras 2 configs and run with
// the op plugins' reference semantics; expected values come from direct loops over the weights.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "plugins/keras/keras_layer_test_util.h"

namespace tfconv {
namespace {

using json = nlohmann::json;

// y[b..., u] = sum_k x[b..., k] * w[k, u] (+ bias[u]) over the last axis of x.
std::vector<float> DenseReference(const Tensor& x, const Tensor& w, const std::vector<float>* bias) {
  const int64_t in = w.dim(0), units = w.dim(1);
  const int64_t rows = x.NumElements() / in;
  std::vector<float> y(rows * units);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t u = 0; u < units; ++u) {
      double acc = bias != nullptr ? (*bias)[u] : 0.0;
      for (int64_t k = 0; k < in; ++k) acc += double{x.data<float>()[r * in + k]} * w.data<float>()[k * units + u];
      y[r * units + u] = static_cast<float>(acc);
    }
  }
  return y;
}

TEST(DenseLayerTest, Rank2WithBiasAndRelu) {
  Tensor x = TestTensor({2, 3}, 1);
  Tensor w = TestTensor({3, 4}, 2);
  std::vector<float> b = {0.5f, -0.25f, 0.0f, 1.0f};
  json model = SequentialModel(
      {-1, 3}, {KerasLayer("Dense", "dense", {{"units", 4}, {"activation", "relu"}, {"use_bias", true}})});
  InMemoryKerasWeights weights;
  weights.Set("dense", {{"kernel", w}, {"bias", Tensor::FromVector<float>({4}, b)}});
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, weights, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  std::vector<float> expected = DenseReference(x, w, &b);
  for (float& v : expected) v = v > 0 ? v : 0;
  ExpectTensorNear((*y)[0], Tensor::FromVector<float>({2, 4}, expected), 1e-6f);
}

// Keras applies the kernel to the last axis of a rank-3 input; the graph uses one BatchMatMulV2
// with the constant kernel (lowered to FULLY_CONNECTED keep_num_dims), no bias.
TEST(DenseLayerTest, Rank3WithoutBias) {
  Tensor x = TestTensor({2, 5, 3}, 3);
  Tensor w = TestTensor({3, 2}, 4);
  json model = SequentialModel({-1, 5, 3}, {KerasLayer("Dense", "dense", {{"units", 2}, {"use_bias", false}})});
  InMemoryKerasWeights weights;
  weights.Set("dense", {{"kernel", w}});
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, weights, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear((*y)[0], Tensor::FromVector<float>({2, 5, 2}, DenseReference(x, w, nullptr)), 1e-6f);

  absl::StatusOr<KerasGraph> g = BuildKerasTestGraph(model, weights);
  ASSERT_TRUE(g.ok()) << g.status();
  int matmuls = 0;
  for (Node* n : g->graph.nodes()) {
    EXPECT_NE(n->op(), "BiasAdd");
    if (n->op() == "BatchMatMulV2") ++matmuls;
  }
  EXPECT_EQ(matmuls, 1);
}

TEST(DenseLayerTest, Rank4WithBias) {
  Tensor x = TestTensor({1, 2, 3, 4}, 5);
  Tensor w = TestTensor({4, 3}, 6);
  std::vector<float> b = {1, 2, 3};
  json model = SequentialModel({-1, 2, 3, 4}, {KerasLayer("Dense", "d", {{"units", 3}})});
  InMemoryKerasWeights weights;
  weights.Set("d", {{"kernel", w}, {"bias", Tensor::FromVector<float>({3}, b)}});
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, weights, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear((*y)[0], Tensor::FromVector<float>({1, 2, 3, 3}, DenseReference(x, w, &b)), 1e-6f);
}

TEST(DenseLayerTest, KernelOfTheWrongShapeIsAnError) {
  json model = SequentialModel({-1, 3}, {KerasLayer("Dense", "dense", {{"units", 4}})});
  InMemoryKerasWeights weights;
  weights.Set("dense", {{"kernel", TestTensor({2, 4}, 1)}, {"bias", TestTensor({4}, 2)}});
  absl::StatusOr<KerasGraph> g = BuildKerasTestGraph(model, weights);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("layer 'dense' (Dense)"), std::string::npos) << g.status();
  EXPECT_NE(g.status().message().find("kernel"), std::string::npos) << g.status();
}

TEST(DenseLayerTest, Keras3VariableOrder) {
  const KerasLayerRegistration* r = KerasTestRegistry()->FindKerasLayer("Dense");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->variable_names(json{{"units", 3}}), (std::vector<std::string>{"kernel", "bias"}));
  EXPECT_EQ(r->variable_names(json{{"use_bias", false}}), (std::vector<std::string>{"kernel"}));
  EXPECT_EQ(KerasTestRegistry()->FindKerasLayer("Embedding")->variable_names(json::object()),
            (std::vector<std::string>{"embeddings"}));
}

TEST(DenseLayerTest, Keras3QuantizedPolicyIsRefused) {
  json dtype = {{"module", "keras"},
                {"class_name", "QuantizedDTypePolicy"},
                {"config", {{"name", "int8_from_float32"}, {"source_name", "float32"}}}};
  json model = SequentialModel({-1, 3}, {KerasLayer("Dense", "dense", {{"units", 2}, {"dtype", dtype}})});
  InMemoryKerasWeights weights;
  weights.Set("dense", {{"kernel", TestTensor({3, 2}, 1)}, {"bias", TestTensor({2}, 2)}});
  absl::StatusOr<KerasGraph> g = BuildKerasTestGraph(model, weights);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("int8_from_float32"), std::string::npos) << g.status();
}

// A float64 model: the float32 weights of the file are used as float64.
TEST(DenseLayerTest, Float64Input) {
  json model = SequentialModel({-1, 2}, {KerasLayer("Dense", "dense", {{"units", 1}})});
  model["config"]["layers"][0]["config"]["dtype"] = "float64";
  InMemoryKerasWeights weights;
  weights.Set("dense", {{"kernel", Tensor::FromVector<float>({2, 1}, {0.5f, -2.0f})},
                        {"bias", Tensor::FromVector<float>({1}, {0.25f})}});
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, weights, {Tensor::FromVector<double>({1, 2}, {3, 1})});
  ASSERT_TRUE(y.ok()) << y.status();
  ASSERT_EQ((*y)[0].dtype(), DataType::kDouble);
  EXPECT_EQ((*y)[0].data<double>()[0], 0.5 * 3 - 2 * 1 + 0.25);
}

json WithInputDtype(json model, const std::string& dtype) {
  model["config"]["layers"][0]["config"]["dtype"] = dtype;
  return model;
}

// Row i of the table for each id.
std::vector<float> Lookup(const Tensor& table, const std::vector<int>& ids) {
  const int64_t dim = table.dim(1);
  std::vector<float> out;
  for (int id : ids) {
    for (int64_t k = 0; k < dim; ++k) out.push_back(table.data<float>()[id * dim + k]);
  }
  return out;
}

TEST(EmbeddingLayerTest, IntIds) {
  Tensor table = TestTensor({10, 3}, 7);
  json model = WithInputDtype(
      SequentialModel({-1, 4},
                      {KerasLayer("Embedding", "emb", {{"input_dim", 10}, {"output_dim", 3}, {"mask_zero", true}})}),
      "int32");
  InMemoryKerasWeights weights;
  weights.Set("emb", {{"embeddings", table}});
  std::vector<int> ids = {3, 0, 9, 3, 1, 2, 8, 7};
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(
      model, weights, {Tensor::FromVector<int32_t>({2, 4}, std::vector<int32_t>(ids.begin(), ids.end()))});
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear((*y)[0], Tensor::FromVector<float>({2, 4, 3}, Lookup(table, ids)), 0.0f);
}

// Keras casts float ids to int32 (truncation toward zero) before the lookup.
TEST(EmbeddingLayerTest, FloatIdsAreTruncated) {
  Tensor table = TestTensor({6, 2}, 8);
  json model = SequentialModel({-1, 5}, {KerasLayer("Embedding", "emb", {{"input_dim", 6}, {"output_dim", 2}})});
  InMemoryKerasWeights weights;
  weights.Set("emb", {{"embeddings", table}});
  absl::StatusOr<std::vector<Tensor>> y =
      RunKerasModel(model, weights, {Tensor::FromVector<float>({1, 5}, {1.0f, 2.7f, 0.2f, 5.99f, 4.5f})});
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear((*y)[0], Tensor::FromVector<float>({1, 5, 2}, Lookup(table, {1, 2, 0, 5, 4})), 0.0f);
}

TEST(IdentityLayersTest, NoiseAndDropoutPassTheInput) {
  std::vector<json> layers;
  for (const char* cls : {"Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "AlphaDropout",
                          "ActivityRegularization", "Identity"}) {
    layers.push_back(KerasLayer(cls, std::string("l_") + cls, {{"rate", 0.5}, {"stddev", 1.0}}));
  }
  json model = SequentialModel({-1, 2, 2, 3}, layers);
  Tensor x = TestTensor({2, 2, 2, 3}, 9);
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, InMemoryKerasWeights(), {x});
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectTensorNear((*y)[0], x, 0.0f);
}

}  // namespace
}  // namespace tfconv
