// Loads the built libmath_ops.so the way the converter does and checks what it registers.
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
  return absl::StrCat(srcdir != nullptr ? srcdir : ".", "/tfconv/plugins/math/libmath_ops.so");
}

TEST(MathPluginTest, LoadsAndRegistersEveryOp) {
  OpRegistry registry;
  absl::StatusOr<LoadedPlugin> plugin = LoadPlugin(PluginPath(), registry, /*may_override=*/false);
  ASSERT_TRUE(plugin.ok()) << plugin.status();
  EXPECT_EQ(plugin->plugin_id, "tfconv.math");
  EXPECT_EQ(plugin->plugin_version, "1.0.0");
  EXPECT_EQ(plugin->ops.size(), 49u);
  EXPECT_EQ(registry.size(), 49u);

  // The registered functions run from the plugin's code against the core in this process.
  const OpRegistration* add = registry.Find("AddV2");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->plugin_id, "tfconv.math");
  Graph g;
  Node* a = g.AddNode("a", "Placeholder");
  a->outputs.push_back(OutputInfo{DataType::kFloat, PartialShape({2, 1}), std::nullopt});
  Node* sum = g.AddNode("sum", "AddV2");
  sum->AddInput({a, 0});
  sum->AddInput({a, 0});
  InferenceContext ic(*sum);
  ASSERT_TRUE(add->infer(ic).ok());
  EXPECT_EQ(sum->outputs[0].shape, PartialShape({2, 1}));

  std::vector<Tensor> inputs = {Tensor::FromVector<float>({2, 1}, {1.5f, -4.0f}),
                                Tensor::FromVector<float>({2, 1}, {1.5f, -4.0f})};
  EvalContext ec(*sum, inputs);
  absl::StatusOr<std::vector<Tensor>> out = add->evaluate(ec);
  ASSERT_TRUE(out.ok()) << out.status();
  auto v = (*out)[0].data<float>();
  EXPECT_EQ(std::vector<float>(v.begin(), v.end()), std::vector<float>({3.0f, -8.0f}));
}

}  // namespace
}  // namespace tfconv
