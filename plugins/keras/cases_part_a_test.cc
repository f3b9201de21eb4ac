// Every case of testdata/cases_part_a.json (the configs the interop harness runs in tfjs-layers)
// builds and runs here: the output shapes must be the ones Keras' size formulas give (computed by
// the generator script, independently of the builders), with weights named as Keras 2 files name
// them and again numbered in Keras 3's variable order. Then each case goes through the whole
// converter as a Keras 2 .h5 file: every TF op the builders emit must lower, and the .tflite in the
// reference interpreter must agree with the source graph.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <map>
#include <memory>

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

json LoadCases() { return LoadKerasCases("cases_part_a.json"); }

std::vector<int64_t> Shape(const json& j) {
  std::vector<int64_t> s;
  for (const json& d : j) s.push_back(d.get<int64_t>());
  return s;
}

TEST(CasesPartATest, EveryCaseBuildsAndHasKerasOutputShapes) {
  const json cases = LoadCases();
  ASSERT_GE(cases.size(), 60u);
  for (const json& c : cases) {
    const std::string name = c["name"].get<std::string>();
    SCOPED_TRACE(name);
    for (bool numbered : {false, true}) {
      SCOPED_TRACE(numbered ? "numbered weights" : "named weights");
      InMemoryKerasWeights weights;
      uint32_t seed = 100;
      for (auto it = c["weight_shapes"].begin(); it != c["weight_shapes"].end(); ++it) {
        std::vector<KerasWeight> w;
        for (const json& entry : it.value()) {
          w.push_back({numbered ? std::string() : entry[0].get<std::string>(), TestTensor(Shape(entry[1]), seed++)});
        }
        weights.Set(it.key(), std::move(w));
      }
      // Batch 2 here (the case file says 1, the converted model's batch): the batch stays dynamic.
      std::vector<Tensor> inputs;
      for (const json& s : c["input_shapes"]) {
        std::vector<int64_t> shape = Shape(s);
        shape[0] = 2;
        inputs.push_back(TestTensor(shape, seed++));
      }
      absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(c["model_config"], weights, inputs);
      ASSERT_TRUE(y.ok()) << y.status();
      ASSERT_EQ(y->size(), c["output_shapes"].size());
      for (size_t i = 0; i < y->size(); ++i) {
        std::vector<int64_t> expected = Shape(c["output_shapes"][i]);
        expected[0] = 2;
        EXPECT_EQ((*y)[i].shape(), expected);
        for (float v : (*y)[i].data<float>()) {
          ASSERT_TRUE(std::isfinite(v));
        }
      }
    }
  }
}

std::unique_ptr<Converter> StaticConverter() {
  auto registry = std::make_unique<OpRegistry>();
  const std::pair<const char*, void (*)(OpRegistry&)> families[] = {
      {"tfconv.activation", RegisterActivationOps}, {"tfconv.array", RegisterArrayOps},
      {"tfconv.graph", RegisterGraphOps},           {"tfconv.math", RegisterMathOps},
      {"tfconv.nn", RegisterNnOps},                 {"tfconv.keras", RegisterKerasLayers},
  };
  for (const auto& [id, fn] : families) {
    registry->BeginPlugin(id, false);
    fn(*registry);
    absl::Status s = registry->EndPlugin();
    EXPECT_TRUE(s.ok()) << s;
  }
  return std::make_unique<Converter>(std::move(registry));
}

// One case through the converter; adds the TFLite operators it uses to `used`.
void ConvertAndCompare(const Converter& converter, const json& c, std::map<std::string, int>& used) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string name = c["name"].get<std::string>();
  SCOPED_TRACE(name);
  std::vector<KerasH5Layer> h5 = {{"input_1", {}}};
  InMemoryKerasWeights weights;
  uint32_t seed = 7;
  for (auto it = c["weight_shapes"].begin(); it != c["weight_shapes"].end(); ++it) {
    KerasH5Layer layer{it.key(), {}};
    std::vector<KerasWeight> w;
    for (const json& entry : it.value()) {
      Tensor t = TestTensor(Shape(entry[1]), seed++);
      layer.weights.push_back({entry[0].get<std::string>(), t});
      w.push_back({entry[0].get<std::string>(), t});
    }
    h5.push_back(std::move(layer));
    weights.Set(it.key(), std::move(w));
  }
  // Layers without weights are listed too, as Keras 2 files list every layer.
  for (const json& l : c["model_config"]["config"]["layers"]) {
    const std::string n = l["config"]["name"].get<std::string>();
    if (n != "input_1" && !c["weight_shapes"].contains(n)) h5.push_back({n, {}});
  }
  const std::string path = std::string(tmp != nullptr ? tmp : "/tmp") + "/" + name + ".h5";
  ASSERT_TRUE(WriteKerasH5(path, c["model_config"].dump(), h5).ok());
  ConversionRequest request;
  request.keras_model_file = path;
  absl::StatusOr<TflModel> model = converter.Convert(request);
  ASSERT_TRUE(model.ok()) << model.status();
  for (const TflOperator& op : model->subgraphs[0].operators) {
    const TflOperatorCode& code = model->CodeOf(op);
    EXPECT_TRUE(code.custom_code.empty()) << "custom operator " << code.custom_code;
    used[tflite::EnumNameBuiltinOperator(code.builtin_code)]++;
  }

  // The converted model has batch 1 (the dynamic batch's static size), as the case file has.
  std::vector<Tensor> inputs;
  for (const json& s : c["input_shapes"]) inputs.push_back(TestTensor(Shape(s), seed++));
  absl::StatusOr<std::vector<Tensor>> expected = RunKerasModel(c["model_config"], weights, inputs);
  ASSERT_TRUE(expected.ok()) << expected.status();
  absl::StatusOr<std::vector<Tensor>> out = RunTfliteModel(*model, inputs);
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), expected->size());
  for (size_t i = 0; i < out->size(); ++i) {
    const Tensor* actual = &(*out)[i];
    ASSERT_EQ(actual->shape(), (*expected)[i].shape());
    auto a = actual->data<float>();
    auto e = (*expected)[i].data<float>();
    for (size_t j = 0; j < e.size(); ++j) {
      ASSERT_NEAR(a[j], e[j], 2e-5f * std::max(1.0f, std::abs(e[j]))) << "output " << i << " element " << j;
    }
  }
}

TEST(CasesPartATest, EveryCaseConvertsAndMatchesTheSourceGraph) {
  const json cases = LoadCases();
  std::unique_ptr<Converter> converter = StaticConverter();
  std::map<std::string, int> used;  // TFLite operators over all cases, for the log
  for (const json& c : cases) ConvertAndCompare(*converter, c, used);
  std::string summary;
  for (const auto& [op, n] : used) summary += op + "=" + std::to_string(n) + " ";
  std::printf("TFLite operators over all cases: %s\n", summary.c_str());
}

}  // namespace
}  // namespace tfconv
