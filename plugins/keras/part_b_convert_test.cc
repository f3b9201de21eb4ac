// The core, activation, normalization and merge layers through the whole converter: a Keras 2 .h5
// file using all of them is converted, the .tflite runs in the reference interpreter, and its
// outputs are compared with the source graph run by the GraphEvaluator (the op plugins' reference
// semantics, checked against hand computations in the *_layers_test.cc files), for one model using
// all of the layers and for every case of testdata/cases_part_b.json (the configs the interop
// harness runs in tfjs-layers; their weight and output shapes are checked too). This shows that every
// TF op the builders emit lowers, and that the optimizer fuses the forms they emit: BatchNormalization
// folded into the preceding FULLY_CONNECTED, PReLU as one PRELU, Dense on rank 3 as one
// FULLY_CONNECTED (keep_num_dims), no BATCH_MATMUL.
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "converter/api/converter.h"
#include "converter/frontend/keras/storage/h5_writer.h"
#include "gtest/gtest.h"
#include "plugins/activation/activation_ops.h"
#include "plugins/array/array_ops.h"
#include "plugins/graph/graph_ops.h"
#include "plugins/keras/keras_layer_test_util.h"
#include "plugins/keras/keras_layers.h"
#include "plugins/math/math_ops.h"
#include "plugins/nn/nn_ops.h"
#include "runtime_check/compare/tensor_convert.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {
namespace {

using json = nlohmann::json;

std::unique_ptr<Converter> StaticConverter() {
  auto registry = std::make_unique<OpRegistry>();
  const std::pair<const char*, void (*)(OpRegistry&)> families[] = {
      {"tfconv.activation", RegisterActivationOps},
      {"tfconv.array", RegisterArrayOps},
      {"tfconv.graph", RegisterGraphOps},
      {"tfconv.math", RegisterMathOps},
      {"tfconv.nn", RegisterNnOps},
      {"tfconv.keras", RegisterKerasLayers},
  };
  for (const auto& [id, fn] : families) {
    registry->BeginPlugin(id, false);
    fn(*registry);
    absl::Status s = registry->EndPlugin();
    EXPECT_TRUE(s.ok()) << s;
  }
  return std::make_unique<Converter>(std::move(registry));
}

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

// A Keras 2 Functional config: (class, name, config, inbound layer names); inputs are InputLayers
// listed in `inputs` with their batch shapes.
struct LayerCall {
  std::string cls, name;
  json config;
  std::vector<std::string> from;
};

json Functional(const std::vector<std::pair<std::string, json>>& inputs, const std::vector<LayerCall>& calls,
                const std::vector<std::string>& outputs) {
  json layers = json::array(), in_refs = json::array(), out_refs = json::array();
  for (const auto& [name, spec] : inputs) {
    json l = KerasLayer("InputLayer", name, spec);
    l["inbound_nodes"] = json::array();
    layers.push_back(l);
    in_refs.push_back({name, 0, 0});
  }
  for (const LayerCall& call : calls) {
    json l = KerasLayer(call.cls, call.name, call.config);
    json node = json::array();
    for (const std::string& f : call.from) node.push_back({f, 0, 0, json::object()});
    l["inbound_nodes"] = json::array({node});
    layers.push_back(l);
  }
  for (const std::string& o : outputs) out_refs.push_back({o, 0, 0});
  return {{"class_name", "Functional"},
          {"config", {{"name", "part_b"}, {"layers", layers}, {"input_layers", in_refs}, {"output_layers", out_refs}}}};
}

Tensor Positive(const std::vector<int64_t>& shape, uint32_t seed) {
  Tensor t = TestTensor(shape, seed);
  for (float& v : t.mutable_data<float>()) v = v * v + 0.1f;
  return t;
}

// x [N, 4, 6] through every layer family of part B; outputs "probs" [N, 8, 3] and "soft" [N, 8, 6].
json BigModel() {
  json x = {{"batch_input_shape", {nullptr, 4, 6}}, {"dtype", "float32"}};
  std::vector<LayerCall> calls = {
      {"Dense", "dense_a", {{"units", 6}, {"activation", "linear"}}, {"x"}},
      {"BatchNormalization", "bn", {{"axis", {2}}, {"epsilon", 0.001}}, {"dense_a"}},
      {"PReLU", "prelu", {{"shared_axes", {1}}}, {"bn"}},
      {"LayerNormalization", "ln", {{"axis", {2}}, {"epsilon", 0.001}}, {"x"}},
      {"Normalization", "norm", {{"axis", {-1}}}, {"x"}},
      {"Rescaling", "rescale", {{"scale", 0.5}, {"offset", 0.25}}, {"x"}},
      {"Add", "add", json::object(), {"prelu", "ln", "norm"}},
      {"Multiply", "mul", json::object(), {"add", "rescale"}},
      {"Average", "avg", json::object(), {"prelu", "norm", "rescale"}},
      {"Maximum", "max", json::object(), {"mul", "avg"}},
      {"Minimum", "min", json::object(), {"mul", "avg"}},
      {"Subtract", "sub", json::object(), {"max", "min"}},
      {"Concatenate", "cat", {{"axis", 1}}, {"sub", "x"}},
      {"ELU", "elu", {{"alpha", 0.5}}, {"cat"}},
      {"ReLU", "relu", {{"max_value", 6.0}}, {"elu"}},
      {"LeakyReLU", "leaky", {{"alpha", 0.1}}, {"cat"}},
      {"ReLU", "relu_general", {{"max_value", 1.5}, {"negative_slope", 0.2}, {"threshold", 0.1}}, {"cat"}},
      {"ThresholdedReLU", "thr", {{"theta", 0.2}}, {"cat"}},
      {"Add", "act_sum", json::object(), {"relu", "leaky", "relu_general", "thr"}},
      {"Dropout", "drop", {{"rate", 0.3}}, {"act_sum"}},
      {"Activation", "tanh", {{"activation", "tanh"}}, {"drop"}},
      {"Dense", "probs", {{"units", 3}, {"activation", "softmax"}}, {"tanh"}},
      {"Softmax", "soft", {{"axis", 1}}, {"tanh"}},
  };
  return Functional({{"x", x}}, calls, {"probs", "soft"});
}

std::vector<KerasH5Layer> BigModelWeights() {
  return {
      {"x", {}},
      {"dense_a", {{"kernel", TestTensor({6, 6}, 1)}, {"bias", TestTensor({6}, 2)}}},
      {"bn",
       {{"gamma", TestTensor({6}, 3)},
        {"beta", TestTensor({6}, 4)},
        {"moving_mean", TestTensor({6}, 5)},
        {"moving_variance", Positive({6}, 6)}}},
      {"prelu", {{"alpha", TestTensor({1, 6}, 7)}}},
      {"ln", {{"gamma", TestTensor({6}, 8)}, {"beta", TestTensor({6}, 9)}}},
      {"norm", {{"mean", TestTensor({6}, 10)}, {"variance", Positive({6}, 11)}, {"count", Tensor::Scalar<int64_t>(9)}}},
      {"probs", {{"kernel", TestTensor({6, 3}, 12)}, {"bias", TestTensor({3}, 13)}}},
  };
}

// Runs the .tflite and the evaluator on `inputs`; expects the same outputs within `tolerance`.
void ExpectConvertedMatchesSource(const Converter& converter, const std::string& path, const json& config,
                                  const std::vector<KerasH5Layer>& weights_h5, const std::vector<Tensor>& inputs,
                                  float tolerance, TflModel* converted) {
  ASSERT_TRUE(WriteKerasH5(path, config.dump(), weights_h5).ok());
  ConversionRequest request;
  request.keras_model_file = path;
  absl::StatusOr<TflModel> model = converter.Convert(request);
  ASSERT_TRUE(model.ok()) << model.status();
  *converted = *model;

  InMemoryKerasWeights weights;
  for (const KerasH5Layer& l : weights_h5) {
    std::vector<KerasWeight> ws;
    for (const auto& [name, value] : l.weights) ws.push_back({name, value});
    weights.Set(l.name, ws);
  }
  absl::StatusOr<std::vector<Tensor>> expected = RunKerasModel(config, weights, inputs);
  ASSERT_TRUE(expected.ok()) << expected.status();

  absl::StatusOr<std::vector<Tensor>> out = RunTfliteModel(*model, inputs);
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), expected->size());
  for (size_t i = 0; i < out->size(); ++i) {
    const Tensor* actual = &(*out)[i];
    SCOPED_TRACE("output " + std::to_string(i));
    ExpectTensorNear(*actual, (*expected)[i], tolerance);
  }
}

std::map<std::string, int> OperatorCounts(const TflModel& m) {
  std::map<std::string, int> counts;
  for (const TflOperator& op : m.subgraphs[0].operators) {
    counts[tflite::EnumNameBuiltinOperator(m.operator_codes[op.opcode_index].builtin_code)]++;
  }
  return counts;
}

TEST(PartBConvertTest, EveryLayerLowersAndMatchesTheSourceGraph) {
  std::unique_ptr<Converter> converter = StaticConverter();
  TflModel model;
  ExpectConvertedMatchesSource(*converter, TempPath("part_b.h5"), BigModel(), BigModelWeights(),
                               {TestTensor({1, 4, 6}, 20)}, 2e-5f, &model);
  if (HasFatalFailure()) return;
  std::map<std::string, int> ops = OperatorCounts(model);
  EXPECT_EQ(ops["FULLY_CONNECTED"], 2);
  EXPECT_EQ(ops["BATCH_MATMUL"], 0);
  EXPECT_EQ(ops["PRELU"], 1);
  // The BatchNormalization's Mul and Add went into the first FULLY_CONNECTED, which feeds PRELU.
  const TflSubgraph& g = model.subgraphs[0];
  int fc_into_prelu = 0;
  for (const TflOperator& op : g.operators) {
    if (model.operator_codes[op.opcode_index].builtin_code != tflite::BuiltinOperator::PRELU) continue;
    for (const TflOperator& producer : g.operators) {
      if (!producer.outputs.empty() && producer.outputs[0] == op.inputs[0] &&
          model.operator_codes[producer.opcode_index].builtin_code == tflite::BuiltinOperator::FULLY_CONNECTED) {
        ++fc_into_prelu;
      }
    }
  }
  EXPECT_EQ(fc_into_prelu, 1);
}

TEST(PartBConvertTest, EmbeddingWithIntAndFloatIds) {
  std::unique_ptr<Converter> converter = StaticConverter();
  json config = Functional({{"ids", {{"batch_input_shape", {nullptr, 5}}, {"dtype", "int32"}}},
                            {"fids", {{"batch_input_shape", {nullptr, 5}}, {"dtype", "float32"}}}},
                           {{"Embedding", "emb", {{"input_dim", 7}, {"output_dim", 3}, {"mask_zero", true}}, {"ids"}},
                            {"Embedding", "emb_f", {{"input_dim", 7}, {"output_dim", 3}}, {"fids"}},
                            {"Concatenate", "cat", {{"axis", -1}}, {"emb", "emb_f"}}},
                           {"cat"});
  TflModel model;
  ExpectConvertedMatchesSource(*converter, TempPath("emb.h5"), config,
                               {{"ids", {}},
                                {"fids", {}},
                                {"emb", {{"embeddings", TestTensor({7, 3}, 1)}}},
                                {"emb_f", {{"embeddings", TestTensor({7, 3}, 2)}}},
                                {"cat", {}}},
                               {Tensor::FromVector<int32_t>({1, 5}, {0, 6, 2, 2, 5}),
                                Tensor::FromVector<float>({1, 5}, {1.5f, 0, 6.9f, 3.2f, 4})},
                               0.0f, &model);
  if (HasFatalFailure()) return;
  EXPECT_EQ(OperatorCounts(model)["GATHER"], 2);
}

json LoadCases() { return LoadKerasCases("cases_part_b.json"); }

std::vector<int64_t> Shape(const json& j) {
  std::vector<int64_t> s;
  for (const json& d : j) s.push_back(d.get<int64_t>());
  return s;
}

// An input of the case: TestTensor values, brought into input_ranges when the case gives one.
Tensor CaseInput(const json& c, size_t i, uint32_t seed) {
  const std::vector<int64_t> shape = Shape(c["input_shapes"][i]);
  const std::string dtype = c.contains("input_dtypes") ? c["input_dtypes"][i].get<std::string>() : "float32";
  Tensor unit = TestTensor(shape, seed);
  double lo = -1, hi = 1;
  if (c.contains("input_ranges")) {
    lo = c["input_ranges"][i][0].get<double>();
    hi = c["input_ranges"][i][1].get<double>();
  }
  std::vector<double> v;
  for (float u : unit.data<float>()) v.push_back(lo + (u + 1) / 2 * (hi - lo));
  if (dtype == "int32") {
    std::vector<int32_t> ints;
    for (double d : v) ints.push_back(static_cast<int32_t>(std::floor(d)));
    return Tensor::FromVector<int32_t>(shape, ints);
  }
  if (dtype == "uint8") {
    std::vector<uint8_t> bytes;
    for (double d : v) bytes.push_back(static_cast<uint8_t>(std::floor(d)));
    return Tensor::FromVector<uint8_t>(shape, bytes);
  }
  std::vector<float> f(v.begin(), v.end());
  return Tensor::FromVector<float>(shape, f);
}

TEST(PartBConvertTest, EveryInteropCase) {
  std::unique_ptr<Converter> converter = StaticConverter();
  const json cases = LoadCases();
  ASSERT_TRUE(cases.is_array());
  EXPECT_GE(cases.size(), 60u);
  uint32_t seed = 100;
  for (const json& c : cases) {
    const std::string name = c["name"].get<std::string>();
    SCOPED_TRACE(name);
    // Weights from weight_shapes (variances positive, count an int64 scalar), in the config's order.
    std::vector<KerasH5Layer> layers;
    for (const json& l : c["model_config"]["config"]["layers"]) {
      KerasH5Layer layer;
      layer.name = l["name"].get<std::string>();
      if (c["weight_shapes"].contains(layer.name)) {
        for (const json& w : c["weight_shapes"][layer.name]) {
          const std::string wname = w[0].get<std::string>();
          Tensor t = wname == "count" ? Tensor::Scalar<int64_t>(5) : TestTensor(Shape(w[1]), ++seed);
          if (wname.find("variance") != std::string::npos) {
            for (float& v : t.mutable_data<float>()) v = v * v + 0.1f;
          }
          layer.weights.push_back({wname, t});
        }
      }
      layers.push_back(layer);
    }
    std::vector<Tensor> inputs;
    for (size_t i = 0; i < c["input_shapes"].size(); ++i) inputs.push_back(CaseInput(c, i, ++seed));
    TflModel model;
    ExpectConvertedMatchesSource(*converter, TempPath(name + ".h5"), c["model_config"], layers, inputs, 3e-5f, &model);
    if (HasFatalFailure()) return;
    // The output shapes the case promises (the dynamic batch is written as 1 in the .tflite).
    const TflSubgraph& g = model.subgraphs[0];
    ASSERT_EQ(g.outputs.size(), c["output_shapes"].size());
    for (size_t i = 0; i < g.outputs.size(); ++i) {
      std::vector<int64_t> expected = Shape(c["output_shapes"][i]);
      expected[0] = 1;
      const std::vector<int32_t>& got = g.tensors[g.outputs[i]].shape;
      EXPECT_EQ(std::vector<int64_t>(got.begin(), got.end()), expected) << "output " << i;
    }
  }
}

}  // namespace
}  // namespace tfconv
