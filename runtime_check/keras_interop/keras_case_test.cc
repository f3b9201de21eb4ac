#include "runtime_check/keras_interop/keras_case.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

nlohmann::json J(const std::string& text) { return nlohmann::json::parse(text); }

std::string TempFile(const std::string& name, const std::string& text) {
  const char* dir = std::getenv("TEST_TMPDIR");
  std::string path = std::string(dir ? dir : "/tmp") + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The formula of keras_case.h worked out by hand for a few elements.
TEST(WeightValue, FollowsTheDocumentedFormula) {
  // kernel [4, 3]: fan_in 4; layer 0, variable 0, element 0: k = 0, u = -0.55, / 2.
  EXPECT_NEAR(WeightValue("kernel", {4, 3}, 0, 0, 0), -0.275, 1e-12);
  // element 1: k = 7, u = -0.2, / 2.
  EXPECT_NEAR(WeightValue("kernel", {4, 3}, 0, 0, 1), -0.1, 1e-12);
  // bias [3] (fan_in 1), layer 1, variable 1, element 2: k = (14 + 3 + 5) mod 23 = 22, u = 0.55.
  EXPECT_NEAR(WeightValue("bias", {3}, 1, 1, 2), 0.55, 1e-12);
  // moving_variance, layer 2, variable 3, element 0: k = (6 + 15) mod 23 = 21 -> 0.6 + 1.05.
  EXPECT_NEAR(WeightValue("moving_variance", {8}, 2, 3, 0), 1.65, 1e-12);
  // gamma, layer 0, variable 0, element 0: 1 + (-0.55) / 2.
  EXPECT_NEAR(WeightValue("gamma", {8}, 0, 0, 0), 0.725, 1e-12);
  // A cell's weight is recognised by its last name part.
  EXPECT_NEAR(WeightValue("lstm_cell/kernel", {4, 3}, 0, 0, 0), -0.275, 1e-12);
}

TEST(WeightValue, VariancesArePositive) {
  for (int layer = 0; layer < 30; ++layer) {
    for (int64_t i = 0; i < 100; ++i) EXPECT_GT(WeightValue("moving_variance", {100}, layer, 3, i), 0.5);
  }
}

TEST(GenerateWeights, ShapesAndValuesFollowTheSpec) {
  WeightSpec spec;
  spec.layers.push_back({"dense", {{"kernel", {4, 3}}, {"bias", {3}}}});
  std::vector<LayerTensors> w = GenerateWeights(spec);
  ASSERT_EQ(w.size(), 1u);
  ASSERT_EQ(w[0].variables.size(), 2u);
  EXPECT_EQ(w[0].variables[0].first, "kernel");
  EXPECT_EQ(w[0].variables[0].second.shape(), (std::vector<int64_t>{4, 3}));
  EXPECT_EQ(w[0].variables[0].second.dtype(), DataType::kFloat);
  EXPECT_FLOAT_EQ(w[0].variables[0].second.data<float>()[1], -0.1f);
  EXPECT_FLOAT_EQ(w[0].variables[1].second.data<float>()[0], static_cast<float>(0.05 * (5 - 11)));
}

TEST(KerasCaseInputs, SequentialWithoutInputLayerIsNamedAfterItsFirstLayer) {
  auto inputs = KerasCaseInputs(J(R"({"class_name": "Sequential", "config": {"name": "s", "layers": [
      {"class_name": "Dense", "config": {"name": "dense", "units": 2, "batch_input_shape": [null, 3]}}]}})"),
                                J("[[1, 3]]"), nullptr, nullptr, "t");
  ASSERT_TRUE(inputs.ok()) << inputs.status();
  ASSERT_EQ(inputs->size(), 1u);
  EXPECT_EQ((*inputs)[0].name, "dense_input");
  EXPECT_EQ((*inputs)[0].shape, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ((*inputs)[0].dtype, DataType::kFloat);
}

TEST(KerasCaseInputs, FunctionalInputsInConfigOrderWithTheirDtypes) {
  nlohmann::json config = J(R"({"class_name": "Functional", "config": {"name": "m", "layers": [
      {"class_name": "InputLayer", "config": {"name": "ids", "dtype": "int32", "batch_input_shape": [null, 4]}},
      {"class_name": "InputLayer", "config": {"name": "x", "dtype": "float32", "batch_input_shape": [null, 2]}}],
      "input_layers": [["x", 0, 0], ["ids", 0, 0]], "output_layers": []}})");
  auto inputs = KerasCaseInputs(config, J("[[1, 2], [1, 4]]"), nullptr, nullptr, "t");
  ASSERT_TRUE(inputs.ok()) << inputs.status();
  ASSERT_EQ(inputs->size(), 2u);
  EXPECT_EQ((*inputs)[0].name, "x");
  EXPECT_EQ((*inputs)[0].dtype, DataType::kFloat);
  EXPECT_EQ((*inputs)[1].name, "ids");
  EXPECT_EQ((*inputs)[1].dtype, DataType::kInt32);
  // input_dtypes overrides the InputLayers.
  inputs = KerasCaseInputs(config, J("[[1, 2], [1, 4]]"), J(R"(["float32", "int64"])"), nullptr, "t");
  ASSERT_TRUE(inputs.ok()) << inputs.status();
  EXPECT_EQ((*inputs)[1].dtype, DataType::kInt64);
}

TEST(KerasCaseInputs, FlatInputLayersOfKeras3) {
  auto inputs = KerasCaseInputs(J(R"({"class_name": "Functional", "config": {"name": "m", "layers": [],
      "input_layers": ["x", 0, 0]}})"),
                                J("[[1, 2]]"), nullptr, nullptr, "t");
  ASSERT_TRUE(inputs.ok()) << inputs.status();
  EXPECT_EQ((*inputs)[0].name, "x");
}

TEST(KerasCaseInputs, ErrorsNameTheProblem) {
  nlohmann::json config = J(R"({"class_name": "Functional", "config": {"name": "m", "layers": [],
      "input_layers": [["a", 0, 0], ["b", 0, 0]]}})");
  auto wrong_count = KerasCaseInputs(config, J("[[1, 2]]"), nullptr, nullptr, "cases.json, case 'c'");
  ASSERT_FALSE(wrong_count.ok());
  EXPECT_NE(wrong_count.status().message().find("one shape per model input (2: a, b)"), std::string::npos)
      << wrong_count.status();
  EXPECT_NE(wrong_count.status().message().find("case 'c'"), std::string::npos);
  auto bad_dtype = KerasCaseInputs(config, J("[[1], [1]]"), J(R"(["float32", "string"])"), nullptr, "t");
  ASSERT_FALSE(bad_dtype.ok());
  EXPECT_NE(bad_dtype.status().message().find("input b: dtype 'string'"), std::string::npos) << bad_dtype.status();
  auto negative = KerasCaseInputs(config, J("[[-1, 2], [1]]"), nullptr, nullptr, "t");
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.status().message().find("give the batch as 1"), std::string::npos) << negative.status();
  auto no_layers = KerasCaseInputs(J(R"({"class_name": "Functional"})"), J("[]"), nullptr, nullptr, "t");
  EXPECT_FALSE(no_layers.ok());
}

TEST(KerasCaseInputs, RangesGiveIntegerValuesInsideThem) {
  nlohmann::json config = J(R"({"class_name": "Functional", "config": {"name": "m", "layers": [
      {"class_name": "InputLayer", "config": {"name": "img", "dtype": "uint8"}},
      {"class_name": "InputLayer", "config": {"name": "ids"}}],
      "input_layers": [["img", 0, 0], ["ids", 0, 0]]}})");
  auto inputs = KerasCaseInputs(config, J("[[1, 300], [1, 20]]"), nullptr, J("[null, [2, 7]]"), "t");
  ASSERT_TRUE(inputs.ok()) << inputs.status();
  EXPECT_EQ((*inputs)[0].dtype, DataType::kUInt8);
  EXPECT_FALSE((*inputs)[0].has_range);
  EXPECT_TRUE((*inputs)[1].has_range);
  KerasCase c;
  c.model_config = config;
  c.inputs = *inputs;
  std::vector<Tensor> in = GenerateInputs(c);
  // uint8 without a range: the shared integer pattern (i mod 7) - 3 wrapped, 253 254 255 0 1 2 3.
  EXPECT_EQ(in[0].data<uint8_t>()[0], 253);
  EXPECT_EQ(in[0].data<uint8_t>()[6], 3);
  // Float ids from 2 to 6: 2 + ((3i + 1) mod 5).
  EXPECT_EQ(in[1].data<float>()[0], 3.0f);
  EXPECT_EQ(in[1].data<float>()[1], 6.0f);
  for (float v : in[1].data<float>()) {
    EXPECT_GE(v, 2.0f);
    EXPECT_LE(v, 6.0f);
  }
  EXPECT_FALSE(KerasCaseInputs(config, J("[[1], [1]]"), nullptr, J("[[5, 5], null]"), "t").ok());
  EXPECT_FALSE(KerasCaseInputs(config, J("[[1], [1]]"), nullptr, J("[[0, 5]]"), "t").ok());
}

TEST(GenerateInputs, FloatPatternShiftedPerInputAndIndicesInsideTheVocabulary) {
  KerasCase c;
  c.model_config = J(R"({"class_name": "Functional", "config": {"layers": [
      {"class_name": "Embedding", "config": {"name": "big", "input_dim": 50}},
      {"class_name": "Functional", "config": {"layers": [
          {"class_name": "Embedding", "config": {"name": "small", "input_dim": 6}}]}}]}})");
  EXPECT_EQ(SmallestEmbeddingVocabulary(c.model_config), 6);
  c.inputs = {{"x", {1, 13}, DataType::kFloat}, {"y", {1, 2}, DataType::kFloat}, {"ids", {1, 40}, DataType::kInt32}};
  std::vector<Tensor> in = GenerateInputs(c);
  ASSERT_EQ(in.size(), 3u);
  EXPECT_FLOAT_EQ(in[0].data<float>()[0], -0.5f);
  EXPECT_FLOAT_EQ(in[0].data<float>()[12], static_cast<float>(0.1 * 12 - 0.5));
  EXPECT_FLOAT_EQ(in[1].data<float>()[0], static_cast<float>(0.1 * 5 - 0.5));  // input 1 starts at 5
  bool seen_last = false;
  for (int32_t v : in[2].data<int32_t>()) {
    EXPECT_GE(v, 0);
    EXPECT_LT(v, 6);
    seen_last |= v == 5;
  }
  EXPECT_TRUE(seen_last);  // the whole vocabulary is used
}

WeightSpec Spec(const std::string& json) {
  auto s = ParseWeightSpec(nlohmann::ordered_json::parse(json), "t");
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : WeightSpec();
}

TEST(ChooseWeightSpec, CaseWeightsMustMatchWhatTfjsBuilds) {
  KerasCase c;
  c.name = "c";
  c.file = "cases.json";
  TfjsView tfjs;
  tfjs.weights = Spec(R"({"lstm": {"kernel": [4, 8], "recurrent_kernel": [2, 8], "bias": [8]}})");

  // Without its own weights the case takes tfjs's; without either there is nothing to go on.
  auto taken = ChooseWeightSpec(c, &tfjs);
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(taken->layers[0].variables[1].name, "recurrent_kernel");
  EXPECT_FALSE(ChooseWeightSpec(c, nullptr).ok());

  // A cell-scoped name pairs with tfjs's plain one; the case's names and order are kept.
  c.has_weights = true;
  c.weights = Spec(
      R"({"lstm": {"lstm_cell/kernel": [4, 8], "lstm_cell/recurrent_kernel": [2, 8], "lstm_cell/bias": [8]}})");
  auto mine = ChooseWeightSpec(c, &tfjs);
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_EQ(mine->layers[0].variables[0].name, "lstm_cell/kernel");

  c.weights = Spec(R"({"lstm": {"kernel": [4, 8], "recurrent_kernel": [8, 2], "bias": [8]}})");
  auto wrong_shape = ChooseWeightSpec(c, &tfjs);
  ASSERT_FALSE(wrong_shape.ok());
  EXPECT_NE(wrong_shape.status().message().find("layer 'lstm' weight 'recurrent_kernel': tfjs-layers makes it "
                                                "[2,8], \"weights\" says [8,2]"),
            std::string::npos)
      << wrong_shape.status();

  c.weights = Spec(R"({"lstm": {"kernel": [4, 8], "recurrent_kernel": [2, 8], "bias": [8]}, "dense": {"bias": [1]}})");
  auto extra = ChooseWeightSpec(c, &tfjs);
  ASSERT_FALSE(extra.ok());
  EXPECT_NE(extra.status().message().find("layer 'dense'"), std::string::npos) << extra.status();

  c.weights = Spec(R"({"lstm_1": {"kernel": [4, 8]}})");
  auto missing = ChooseWeightSpec(c, &tfjs);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("lacks layer 'lstm'"), std::string::npos) << missing.status();

  // When tfjs does not run the case as Keras does, its shapes are no yardstick: the case's own are taken.
  tfjs.cannot_run = "Conv2D 'conv2d': tfjs-layers ignores groups=2";
  auto unchecked = ChooseWeightSpec(c, &tfjs);
  ASSERT_TRUE(unchecked.ok()) << unchecked.status();
  EXPECT_EQ(unchecked->layers[0].path, "lstm_1");
  // Without its own weights, a case tfjs could not even build has none.
  c.has_weights = false;
  TfjsView failed;
  failed.cannot_run = "Unknown layer: Foo";
  auto none = ChooseWeightSpec(c, &failed);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("tfjs-layers cannot say what they are: Unknown layer: Foo"), std::string::npos)
      << none.status();
}



TEST(ParseWeightSpec, AcceptsTheListOfPairsForm) {
  WeightSpec s = Spec(R"({"bn": [["gamma", [6]], ["beta", [6]]], "norm": [["count", []]]})");
  ASSERT_EQ(s.layers.size(), 2u);
  EXPECT_EQ(s.layers[0].variables[1].name, "beta");
  EXPECT_EQ(s.layers[1].variables[0].shape, std::vector<int64_t>{});
  EXPECT_FALSE(ParseWeightSpec(nlohmann::ordered_json::parse(R"({"d": [["kernel"]]})"), "f").ok());
  EXPECT_FALSE(ParseWeightSpec(nlohmann::ordered_json::parse(R"({"d": [[1, [2]]]})"), "f").ok());
}

TEST(ParseWeightSpec, KeepsTheFileOrderAndRejectsBadShapes) {
  WeightSpec s = Spec(R"({"z": {"kernel": [2, 2], "bias": [2]}, "a": {"gamma": [2]}})");
  ASSERT_EQ(s.layers.size(), 2u);
  EXPECT_EQ(s.layers[0].path, "z");
  EXPECT_EQ(s.layers[0].variables[0].name, "kernel");
  EXPECT_EQ(s.layers[0].variables[1].name, "bias");
  auto bad = ParseWeightSpec(nlohmann::ordered_json::parse(R"({"d": {"kernel": [2, "x"]}})"), "f.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("f.json: weights of layer 'd', variable 'kernel'"), std::string::npos)
      << bad.status();
  EXPECT_FALSE(ParseWeightSpec(nlohmann::ordered_json::parse(R"({"d": {}})"), "f").ok());
  EXPECT_FALSE(ParseWeightSpec(nlohmann::ordered_json::parse(R"([1])"), "f").ok());
}

TEST(ReadKerasCase, FindsTheCaseByNameAndListsTheOthersWhenMissing) {
  const std::string path = TempFile("cases.json", R"([
    {"name": "one", "model_config": {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": [null, 2]}},
        {"class_name": "Dense", "config": {"name": "d", "units": 1}}]}},
     "input_shapes": [[1, 2]], "weights": {"d": {"kernel": [2, 1], "bias": [1]}}},
    {"name": "two", "model_config": {"class_name": "Sequential", "config": {"layers": []}}, "input_shapes": []},
    {"name": "both", "model_config": {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "Dense", "config": {"name": "d", "units": 1}}]}},
     "input_shapes": [[1, 2]], "weights": {}, "weight_shapes": {}},
    {"name": "pairs", "model_config": {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "Dense", "config": {"name": "d", "units": 1}}]}},
     "input_shapes": [[1, 2]], "weight_shapes": {"d": [["kernel", [2, 1]], ["bias", [1]]]}}])");
  auto c = ReadKerasCase(path, "one");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->inputs[0].name, "in");
  EXPECT_TRUE(c->has_weights);
  EXPECT_EQ(c->weights.layers[0].variables[0].name, "kernel");
  auto missing = ReadKerasCase(path, "three");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no case named 'three' (have: one, two, both, pairs)"), std::string::npos)
      << missing.status();
  auto empty_sequential = ReadKerasCase(path, "two");
  EXPECT_FALSE(empty_sequential.ok());
  EXPECT_FALSE(ReadKerasCase(TempFile("bad.json", "{nope"), "one").ok());
  auto both = ReadKerasCase(path, "both");
  ASSERT_FALSE(both.ok());
  EXPECT_NE(both.status().message().find("not both"), std::string::npos) << both.status();
  auto pairs = ReadKerasCase(path, "pairs");
  ASSERT_TRUE(pairs.ok()) << pairs.status();
  EXPECT_EQ(pairs->inputs[0].name, "d_input");
  EXPECT_EQ(pairs->weights.layers[0].variables[1].name, "bias");
}

TEST(ReadTfjsView, ReportsWhatTfjsCannotRun) {
  const std::string path = TempFile("specs.json", R"({"a": {"weights": {}}, "b": {"error": "Unknown layer: Foo"},
      "c": {"weights": {"d": {"kernel": [2, 2]}}, "gap": "ReLU 're_lu': tfjs-layers ignores threshold"}})");
  auto a = ReadTfjsView(path, "a");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(a->weights.layers.empty());
  EXPECT_EQ(a->cannot_run, "");
  auto b = ReadTfjsView(path, "b");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->cannot_run, "Unknown layer: Foo");
  auto c = ReadTfjsView(path, "c");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->cannot_run, "ReLU 're_lu': tfjs-layers ignores threshold");
  EXPECT_EQ(c->weights.layers[0].path, "d");
  EXPECT_FALSE(ReadTfjsView(path, "missing").ok());
}

TEST(WriteTfjsLayersModel, NamesWeightsAfterTheirOwningLayerAndPacksThemInOrder) {
  KerasCase c;
  c.name = "n";
  c.model_config = J(R"({"class_name": "Functional", "config": {"name": "m"}})");
  WeightSpec spec;
  spec.layers.push_back({"inner/dense", {{"kernel", {2, 3}}, {"bias", {3}}}});
  spec.layers.push_back({"bn", {{"moving_variance", {3}}}});
  std::vector<LayerTensors> w = GenerateWeights(spec);
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = tmp ? tmp : "/tmp";
  ASSERT_TRUE(WriteTfjsLayersModel(c, w, dir).ok());
  nlohmann::json model = nlohmann::json::parse(ReadAll(dir + "/model.json"));
  EXPECT_EQ(model["format"], "layers-model");
  EXPECT_EQ(model["modelTopology"]["class_name"], "Functional");
  const nlohmann::json& ws = model["weightsManifest"][0]["weights"];
  ASSERT_EQ(ws.size(), 3u);
  EXPECT_EQ(ws[0]["name"], "dense/kernel");
  EXPECT_EQ(ws[0]["shape"], J("[2, 3]"));
  EXPECT_EQ(ws[1]["name"], "dense/bias");
  EXPECT_EQ(ws[2]["name"], "bn/moving_variance");
  const std::string bin = ReadAll(dir + "/weights.bin");
  ASSERT_EQ(bin.size(), (6u + 3u + 3u) * 4u);
  float last;
  std::memcpy(&last, bin.data() + bin.size() - 4, 4);
  EXPECT_FLOAT_EQ(last, static_cast<float>(WeightValue("moving_variance", {3}, 1, 0, 2)));
}

TEST(WriteInputsJson, SharedIoFormat) {
  KerasCase c;
  c.model_config = J(R"({"class_name": "Functional", "config": {"layers": []}})");
  c.inputs = {{"x", {1, 2}, DataType::kFloat}, {"ids", {1, 3}, DataType::kInt64}};
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(tmp ? tmp : "/tmp") + "/inputs.json";
  ASSERT_TRUE(WriteInputsJson(c, GenerateInputs(c), path).ok());
  nlohmann::json in = nlohmann::json::parse(ReadAll(path));
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[0]["name"], "x");
  EXPECT_EQ(in[0]["dtype"], "float32");
  EXPECT_EQ(in[0]["data"][1].get<double>(), static_cast<double>(static_cast<float>(0.1 - 0.5)));
  EXPECT_EQ(in[1]["dtype"], "int64");
  EXPECT_EQ(in[1]["data"], J("[-3, -2, -1]"));  // no Embedding: the shared integer pattern
}

}  // namespace
}  // namespace tfconv
