// The merge layers in Keras 2 Functional models with several inputs, against direct loops.
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "plugins/keras/keras_layer_test_util.h"

namespace tfconv {
namespace {

using json = nlohmann::json;

json InputLayer(const std::string& name, const std::vector<int64_t>& shape) {
  json dims = json::array({nullptr});
  for (int64_t d : shape) dims.push_back(d);
  json layer = KerasLayer("InputLayer", name, {{"batch_input_shape", dims}, {"dtype", "float32"}});
  layer["inbound_nodes"] = json::array();
  return layer;
}

// A Keras 2 Functional model: inputs named in0, in1, ... of the given shapes (batch excluded), one
// layer called on all of them, and its output as the model output.
json MergeModel(const std::string& class_name, json config, const std::vector<std::vector<int64_t>>& shapes) {
  json layers = json::array(), inbound = json::array(), input_refs = json::array();
  for (size_t i = 0; i < shapes.size(); ++i) {
    const std::string name = "in" + std::to_string(i);
    layers.push_back(InputLayer(name, shapes[i]));
    inbound.push_back({name, 0, 0, json::object()});
    input_refs.push_back({name, 0, 0});
  }
  json merge = KerasLayer(class_name, "merge", std::move(config));
  merge["inbound_nodes"] = json::array({inbound});
  layers.push_back(merge);
  return {{"class_name", "Functional"},
          {"config",
           {{"name", "model"},
            {"layers", layers},
            {"input_layers", input_refs},
            {"output_layers", json::array({json::array({"merge", 0, 0})})}}}};
}

// a [2, 2, 3], b [2, 1, 3], c [2, 3] (expanded at axis 1 to [2, 1, 3]): f folded over
// a[n,i,k], b[n,0,k], c[n,k].
Tensor Fold3(const Tensor& a, const Tensor& b, const Tensor& c, const std::function<float(float, float)>& f) {
  std::vector<float> out;
  for (int n = 0; n < 2; ++n) {
    for (int i = 0; i < 2; ++i) {
      for (int k = 0; k < 3; ++k) {
        const float x = a.data<float>()[(n * 2 + i) * 3 + k];
        const float y = b.data<float>()[n * 3 + k];
        const float z = c.data<float>()[n * 3 + k];
        out.push_back(f(f(x, y), z));
      }
    }
  }
  return Tensor::FromVector<float>({2, 2, 3}, out);
}

class MergeLayerTest : public ::testing::Test {
 protected:
  Tensor a_ = TestTensor({2, 2, 3}, 1), b_ = TestTensor({2, 1, 3}, 2), c_ = TestTensor({2, 3}, 3);

  absl::StatusOr<Tensor> Run3(const std::string& class_name) {
    absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(MergeModel(class_name, json::object(), {{2, 3}, {1, 3}, {3}}),
                                                          InMemoryKerasWeights(), {a_, b_, c_});
    if (!y.ok()) return y.status();
    return (*y)[0];
  }
};

TEST_F(MergeLayerTest, ThreeInputsWithBroadcastingAndRankExpansion) {
  const std::pair<const char*, std::function<float(float, float)>> cases[] = {
      {"Add", [](float x, float y) { return x + y; }},
      {"Multiply", [](float x, float y) { return x * y; }},
      {"Maximum", [](float x, float y) { return std::max(x, y); }},
      {"Minimum", [](float x, float y) { return std::min(x, y); }},
  };
  for (const auto& [cls, f] : cases) {
    absl::StatusOr<Tensor> y = Run3(cls);
    ASSERT_TRUE(y.ok()) << cls << ": " << y.status();
    SCOPED_TRACE(cls);
    ExpectTensorNear(*y, Fold3(a_, b_, c_, f), 1e-6f);
  }
}

TEST_F(MergeLayerTest, AverageDividesTheSum) {
  absl::StatusOr<Tensor> y = Run3("Average");
  ASSERT_TRUE(y.ok()) << y.status();
  Tensor sum = Fold3(a_, b_, c_, [](float x, float y) { return x + y; });
  for (float& v : sum.mutable_data<float>()) v /= 3.0f;
  ExpectTensorNear(*y, sum, 1e-6f);
}

TEST_F(MergeLayerTest, Subtract) {
  absl::StatusOr<std::vector<Tensor>> y =
      RunKerasModel(MergeModel("Subtract", json::object(), {{2, 3}, {1, 3}}), InMemoryKerasWeights(), {a_, b_});
  ASSERT_TRUE(y.ok()) << y.status();
  std::vector<float> expected;
  for (int n = 0; n < 2; ++n) {
    for (int i = 0; i < 2; ++i) {
      for (int k = 0; k < 3; ++k)
        expected.push_back(a_.data<float>()[(n * 2 + i) * 3 + k] - b_.data<float>()[n * 3 + k]);
    }
  }
  ExpectTensorNear((*y)[0], Tensor::FromVector<float>({2, 2, 3}, expected), 0.0f);
}

TEST_F(MergeLayerTest, SubtractNeedsTwoInputs) {
  absl::StatusOr<std::vector<Tensor>> y = RunKerasModel(MergeModel("Subtract", json::object(), {{2, 3}, {1, 3}, {3}}),
                                                        InMemoryKerasWeights(), {a_, b_, c_});
  ASSERT_FALSE(y.ok());
  EXPECT_NE(y.status().message().find("exactly 2 inputs"), std::string::npos) << y.status();
}

// [N, 2, 3] ++ [N, 4, 3] along axis 1, and along the last axis by default.
TEST(ConcatenateLayerTest, Axes) {
  Tensor a = TestTensor({2, 2, 3}, 4), b = TestTensor({2, 4, 3}, 5), c = TestTensor({2, 2, 1}, 6);
  absl::StatusOr<std::vector<Tensor>> y =
      RunKerasModel(MergeModel("Concatenate", {{"axis", 1}}, {{2, 3}, {4, 3}}), InMemoryKerasWeights(), {a, b});
  ASSERT_TRUE(y.ok()) << y.status();
  std::vector<float> expected;
  for (int n = 0; n < 2; ++n) {
    for (int k = 0; k < 6; ++k) expected.push_back(a.data<float>()[n * 6 + k]);
    for (int k = 0; k < 12; ++k) expected.push_back(b.data<float>()[n * 12 + k]);
  }
  ExpectTensorNear((*y)[0], Tensor::FromVector<float>({2, 6, 3}, expected), 0.0f);

  y = RunKerasModel(MergeModel("Concatenate", json::object(), {{2, 3}, {2, 1}}), InMemoryKerasWeights(), {a, c});
  ASSERT_TRUE(y.ok()) << y.status();
  expected.clear();
  for (int r = 0; r < 4; ++r) {
    for (int k = 0; k < 3; ++k) expected.push_back(a.data<float>()[r * 3 + k]);
    expected.push_back(c.data<float>()[r]);
  }
  ExpectTensorNear((*y)[0], Tensor::FromVector<float>({2, 2, 4}, expected), 0.0f);

  // axis -2 is axis 1 here.
  y = RunKerasModel(MergeModel("Concatenate", {{"axis", -2}}, {{2, 3}, {4, 3}}), InMemoryKerasWeights(), {a, b});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ((*y)[0].shape(), (std::vector<int64_t>{2, 6, 3}));
}

TEST(ConcatenateLayerTest, DifferentRanksAreAnError) {
  absl::StatusOr<KerasGraph> g =
      BuildKerasTestGraph(MergeModel("Concatenate", json::object(), {{2, 3}, {3}}), InMemoryKerasWeights());
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("layer 'merge' (Concatenate)"), std::string::npos) << g.status();
}

}  // namespace
}  // namespace tfconv
