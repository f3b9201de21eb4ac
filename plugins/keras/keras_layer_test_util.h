// Test support for the Keras layer builders: a registry with every built-in op family and the Keras
// layers, small model configs written in Keras 2's format, and a run of the built graph with the op
// plugins' reference semantics (GraphEvaluator), so each test compares numbers with an independent
// computation.
//
//   nlohmann::json model = SequentialModel({-1, 5, 5, 2}, {KerasLayer("Conv2D", "conv", {{"filters", 3},
//                                                             {"kernel_size", {3, 3}}})});
//   InMemoryKerasWeights w;
//   w.Set("conv", {{"kernel", kernel}, {"bias", bias}});
//   absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(model, w, {x});
//   ExpectTensorNear(y->at(0), expected, 1e-5);
#ifndef TFCONV_PLUGINS_KERAS_KERAS_LAYER_TEST_UTIL_H_
#define TFCONV_PLUGINS_KERAS_KERAS_LAYER_TEST_UTIL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "converter/frontend/keras/keras_graph.h"
#include "converter/graph/tensor.h"
#include "converter/tflite/model_ir.h"
#include "ops/op_registry.h"

namespace tfconv {

// Every built-in op family plus RegisterKerasLayers, built once.
std::shared_ptr<const OpRegistry> KerasTestRegistry();

// {"class_name": class_name, "config": config + {"name": name}, "name": name}.
nlohmann::json KerasLayer(const std::string& class_name, const std::string& name, nlohmann::json config);

// A Keras 2 Sequential model whose InputLayer has `batch_input_shape` (-1 written as null).
nlohmann::json SequentialModel(const std::vector<int64_t>& batch_input_shape, const std::vector<nlohmann::json>& layers);

// Builds the graph (BuildKerasGraph) and evaluates it on `inputs`; the outputs in model order.
absl::StatusOr<std::vector<Tensor>> RunKerasModel(const nlohmann::json& model, const KerasWeightSource& weights,
                                                  const std::vector<Tensor>& inputs);

// The graph alone, for tests that look at the nodes.
absl::StatusOr<KerasGraph> BuildKerasTestGraph(const nlohmann::json& model, const KerasWeightSource& weights);

// A case file of plugins/keras/testdata ("cases_part_a.json") from the test's runfiles; a failed
// expectation (and a discarded value) when it cannot be read or parsed.
nlohmann::json LoadKerasCases(const std::string& file_name);

// Runs subgraph 0 of a converted model in the reference interpreter on `inputs`.
absl::StatusOr<std::vector<Tensor>> RunTfliteModel(const TflModel& model, const std::vector<Tensor>& inputs);

// Deterministic values in [-1, 1) from a small LCG.
Tensor TestTensor(const std::vector<int64_t>& shape, uint32_t seed);

// Elementwise float comparison with shape check (gtest expectations).
void ExpectTensorNear(const Tensor& actual, const Tensor& expected, float tolerance);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_KERAS_KERAS_LAYER_TEST_UTIL_H_
