// Loads the built libnn_ops.so the way the converter does and runs one op through it.
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ops/op_registry.h"
#include "ops/plugin_loader.h"

namespace tfconv {
namespace {

std::string PluginPath() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  return absl::StrCat(srcdir != nullptr ? srcdir : ".", "/tfconv/plugins/nn/libnn_ops.so");
}

TEST(NnPluginTest, LoadsAndEvaluatesAConvolution) {
  OpRegistry registry;
  absl::StatusOr<LoadedPlugin> plugin = LoadPlugin(PluginPath(), registry, /*may_override=*/false);
  ASSERT_TRUE(plugin.ok()) << plugin.status();
  EXPECT_EQ(plugin->plugin_id, "tfconv.nn");
  EXPECT_EQ(plugin->ops.size(), 21u);

  const OpRegistration* conv = registry.Find("Conv2D");
  ASSERT_NE(conv, nullptr);
  Graph g;
  Node* x = g.AddNode("x", "Placeholder");
  x->outputs.push_back(OutputInfo{DataType::kFloat, PartialShape({1, 3, 3, 1}), std::nullopt});
  Node* f = g.AddNode("f", "Const");
  f->outputs.push_back(OutputInfo{DataType::kFloat, PartialShape({2, 2, 1, 1}), std::nullopt});
  Node* n = g.AddNode("conv", "Conv2D");
  n->AddInput({x, 0});
  n->AddInput({f, 0});
  n->attrs["strides"] = AttrList::Ints({1, 1, 1, 1});
  n->attrs["padding"] = "VALID";
  InferenceContext ic(*n);
  ASSERT_TRUE(conv->infer(ic).ok());
  EXPECT_EQ(n->outputs[0].shape, PartialShape({1, 2, 2, 1}));
  std::vector<Tensor> inputs = {Tensor::FromVector<float>({1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9}),
                                Tensor::FromVector<float>({2, 2, 1, 1}, {1, 2, 3, 4})};
  EvalContext ec(*n, inputs);
  absl::StatusOr<std::vector<Tensor>> out = conv->evaluate(ec);
  ASSERT_TRUE(out.ok()) << out.status();
  auto v = (*out)[0].data<float>();
  EXPECT_EQ(std::vector<float>(v.begin(), v.end()), std::vector<float>({37, 47, 67, 77}));
}

TEST(NnPluginTest, EvaluatesABatchNormThroughTheLibrary) {
  OpRegistry registry;
  absl::StatusOr<LoadedPlugin> plugin = LoadPlugin(PluginPath(), registry, /*may_override=*/false);
  ASSERT_TRUE(plugin.ok()) << plugin.status();
  const OpRegistration* bn = registry.Find("FusedBatchNormV3");
  ASSERT_NE(bn, nullptr);
  Graph g;
  Node* x = g.AddNode("x", "Placeholder");
  x->outputs.push_back(OutputInfo{DataType::kFloat, PartialShape({1, 1, 1, 3}), std::nullopt});
  Node* n = g.AddNode("bn", "FusedBatchNormV3");
  n->AddInput({x, 0});
  for (const char* name : {"scale", "offset", "mean", "variance"}) {
    Node* v = g.AddNode(name, "Const");
    v->outputs.push_back(OutputInfo{DataType::kFloat, PartialShape({3}), std::nullopt});
    n->AddInput({v, 0});
  }
  n->attrs["epsilon"] = 1.0f;
  n->attrs["is_training"] = false;
  InferenceContext ic(*n);
  ASSERT_TRUE(bn->infer(ic).ok());
  EXPECT_EQ(n->num_outputs(), 6);
  // variance + 1 = 4, 1, 9: y = (x - mean) * scale / {2, 1, 3} + offset.
  std::vector<Tensor> inputs = {
      Tensor::FromVector<float>({1, 1, 1, 3}, {5, 2, 3}), Tensor::FromVector<float>({3}, {2, -1, 0.5f}),
      Tensor::FromVector<float>({3}, {1, 0, -2}), Tensor::FromVector<float>({3}, {1, 2, -3}),
      Tensor::FromVector<float>({3}, {3, 0, 8})};
  EvalContext ec(*n, inputs);
  absl::StatusOr<std::vector<Tensor>> out = bn->evaluate(ec);
  ASSERT_TRUE(out.ok()) << out.status();
  auto v = (*out)[0].data<float>();
  EXPECT_EQ(std::vector<float>(v.begin(), v.end()), std::vector<float>({5, 0, -1}));
}

}  // namespace
}  // namespace tfconv
