#include "plugins/keras/keras_layer_test_util.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "plugins/activation/activation_ops.h"
#include "plugins/array/array_ops.h"
#include "plugins/graph/graph_ops.h"
#include "plugins/keras/keras_layers.h"
#include "plugins/math/math_ops.h"
#include "plugins/nn/nn_ops.h"
#include "runtime_check/compare/tensor_convert.h"
#include "runtime_check/evaluator/graph_evaluator.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {

std::shared_ptr<const OpRegistry> KerasTestRegistry() {
  static const std::shared_ptr<const OpRegistry>* registry = [] {
    auto r = std::make_shared<OpRegistry>();
    const std::pair<const char*, void (*)(OpRegistry&)> families[] = {
        {"tfconv.activation", RegisterActivationOps}, {"tfconv.array", RegisterArrayOps},
        {"tfconv.graph", RegisterGraphOps},           {"tfconv.math", RegisterMathOps},
        {"tfconv.nn", RegisterNnOps},                 {"tfconv.keras", RegisterKerasLayers},
    };
    for (const auto& [id, fn] : families) {
      r->BeginPlugin(id, false);
      fn(*r);
      absl::Status s = r->EndPlugin();
      EXPECT_TRUE(s.ok()) << id << ": " << s;
    }
    return new std::shared_ptr<const OpRegistry>(std::move(r));
  }();
  return *registry;
}

nlohmann::json KerasLayer(const std::string& class_name, const std::string& name, nlohmann::json config) {
  config["name"] = name;
  return {{"class_name", class_name}, {"config", std::move(config)}, {"name", name}};
}

nlohmann::json SequentialModel(const std::vector<int64_t>& batch_input_shape, const std::vector<nlohmann::json>& layers) {
  nlohmann::json shape = nlohmann::json::array();
  for (int64_t d : batch_input_shape) shape.push_back(d < 0 ? nlohmann::json(nullptr) : nlohmann::json(d));
  nlohmann::json all = nlohmann::json::array();
  all.push_back(KerasLayer("InputLayer", "input_1",
                           {{"batch_input_shape", shape}, {"dtype", "float32"}, {"sparse", false}, {"ragged", false}}));
  for (const nlohmann::json& l : layers) all.push_back(l);
  return {{"class_name", "Sequential"}, {"config", {{"name", "sequential"}, {"layers", all}}}};
}

absl::StatusOr<KerasGraph> BuildKerasTestGraph(const nlohmann::json& model, const KerasWeightSource& weights) {
  return BuildKerasGraph(model, weights, *KerasTestRegistry());
}

absl::StatusOr<std::vector<Tensor>> RunKerasModel(const nlohmann::json& model, const KerasWeightSource& weights,
                                                  const std::vector<Tensor>& inputs) {
  absl::StatusOr<KerasGraph> g = BuildKerasTestGraph(model, weights);
  if (!g.ok()) return g.status();
  ConversionRequest request;
  request.input_arrays = g->inputs;
  request.output_arrays = g->outputs;
  absl::StatusOr<std::unique_ptr<GraphEvaluator>> ev =
      GraphEvaluator::FromGraph(std::move(g->graph), request, KerasTestRegistry(), "<keras test>");
  if (!ev.ok()) return ev.status();
  return (*ev)->Evaluate(inputs);
}

Tensor TestTensor(const std::vector<int64_t>& shape, uint32_t seed) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  std::vector<float> v(n);
  uint32_t state = seed * 2654435761u + 12345u;
  for (float& x : v) {
    state = state * 1664525u + 1013904223u;
    x = static_cast<float>(state >> 8) / static_cast<float>(1u << 24) * 2.0f - 1.0f;
  }
  return Tensor::FromVector<float>(shape, v);
}

void ExpectTensorNear(const Tensor& actual, const Tensor& expected, float tolerance) {
  ASSERT_EQ(actual.dtype(), DataType::kFloat);
  ASSERT_EQ(actual.shape(), expected.shape()) << "actual [" << absl::StrJoin(actual.shape(), ",") << "] expected ["
                                              << absl::StrJoin(expected.shape(), ",") << "]";
  auto a = actual.data<float>();
  auto e = expected.data<float>();
  int reported = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    if (!(std::abs(a[i] - e[i]) <= tolerance) && reported++ < 8) {
      ADD_FAILURE() << "element " << i << ": got " << a[i] << ", expected " << e[i];
    }
  }
}

absl::StatusOr<std::vector<Tensor>> RunTfliteModel(const TflModel& model, const std::vector<Tensor>& inputs) {
  absl::StatusOr<std::unique_ptr<Interpreter>> interp =
      Interpreter::Create(std::make_shared<TflModel>(model), BuiltinKernels());
  if (!interp.ok()) return interp.status();
  std::vector<RtTensor> rt;
  for (const Tensor& t : inputs) {
    absl::StatusOr<RtTensor> r = ToRtTensor(t);
    if (!r.ok()) return r.status();
    rt.push_back(*std::move(r));
  }
  absl::StatusOr<std::vector<RtTensor>> out = (*interp)->Invoke(0, rt);
  if (!out.ok()) return out.status();
  std::vector<Tensor> results;
  for (const RtTensor& o : *out) {
    absl::StatusOr<Tensor> t = ToTensor(o);
    if (!t.ok()) return t.status();
    results.push_back(*std::move(t));
  }
  return results;
}

nlohmann::json LoadKerasCases(const std::string& file_name) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const std::string path =
      absl::StrCat(srcdir != nullptr ? srcdir : ".", "/tfconv/plugins/keras/testdata/", file_name);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json cases = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  EXPECT_TRUE(cases.is_array()) << "cannot read " << path;
  return cases;
}

}  // namespace tfconv
