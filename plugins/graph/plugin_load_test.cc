// Loads the built libgraph_ops.so the way the converter does and runs ops through it.
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
  return absl::StrCat(srcdir != nullptr ? srcdir : ".", "/tfconv/plugins/graph/libgraph_ops.so");
}

TEST(GraphPluginTest, LoadsWithTraitsAndForwards) {
  OpRegistry registry;
  absl::StatusOr<LoadedPlugin> plugin = LoadPlugin(PluginPath(), registry, /*may_override=*/false);
  ASSERT_TRUE(plugin.ok()) << plugin.status();
  EXPECT_EQ(plugin->plugin_id, "tfconv.graph");
  EXPECT_EQ(plugin->ops.size(), 12u);
  ASSERT_NE(registry.Find("Placeholder"), nullptr);
  EXPECT_EQ(registry.Find("Placeholder")->traits, kGraphInput);

  Graph g;
  Node* c = g.AddNode("c", "Const");
  c->attrs["dtype"] = DataType::kInt32;
  c->attrs["value"] = Tensor::FromVector<int32_t>({2}, {4, 5});
  EvalContext cc(*c, {});
  absl::StatusOr<std::vector<Tensor>> value = registry.Find("Const")->evaluate(cc);
  ASSERT_TRUE(value.ok()) << value.status();
  Node* id = g.AddNode("id", "Identity");
  id->AddInput({c, 0});
  EvalContext ic(*id, *value);
  absl::StatusOr<std::vector<Tensor>> out = registry.Find("Identity")->evaluate(ic);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].data<int32_t>()[1], 5);
}

}  // namespace
}  // namespace tfconv
