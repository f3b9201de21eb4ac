#include "ops/op_registry.h"

#include "gtest/gtest.h"

namespace tfconv {
namespace {

OpRegistration Op(const std::string& name) {
  OpRegistration r;
  r.op = name;
  r.infer = [](InferenceContext&) { return absl::OkStatus(); };
  return r;
}

TEST(OpRegistryTest, RecordsTheOwningPlugin) {
  OpRegistry registry;
  registry.BeginPlugin("p1", false);
  registry.Add(Op("A"));
  ASSERT_TRUE(registry.EndPlugin().ok());
  ASSERT_NE(registry.Find("A"), nullptr);
  EXPECT_EQ(registry.Find("A")->plugin_id, "p1");
  EXPECT_EQ(registry.Find("B"), nullptr);
}

TEST(OpRegistryTest, AFailedPluginLeavesNoTrace) {
  OpRegistry registry;
  registry.BeginPlugin("p1", false);
  registry.Add(Op("A"));
  ASSERT_TRUE(registry.EndPlugin().ok());
  registry.BeginPlugin("p2", false);
  registry.Add(Op("B"));
  registry.Add(Op("A"));  // duplicate owner: p2 fails as a whole
  absl::Status s = registry.EndPlugin();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("registered by both plugin 'p1' and plugin 'p2'"), std::string::npos) << s;
  EXPECT_EQ(registry.Find("B"), nullptr);
  EXPECT_EQ(registry.Find("A")->plugin_id, "p1");
}

TEST(OpRegistryTest, AFailedOverrideRestoresThePreviousOwner) {
  OpRegistry registry;
  registry.BeginPlugin("builtin", false);
  registry.Add(Op("A"));
  ASSERT_TRUE(registry.EndPlugin().ok());
  registry.BeginPlugin("user", true);
  registry.Add(Op("A"));
  OpRegistration broken;
  broken.op = "C";  // no infer: an error
  registry.Add(std::move(broken));
  ASSERT_FALSE(registry.EndPlugin().ok());
  EXPECT_EQ(registry.Find("A")->plugin_id, "builtin");
  EXPECT_EQ(registry.Find("C"), nullptr);
}

TEST(OpRegistryTest, AnOverrideReplacesTheLowering) {
  OpRegistry registry;
  registry.BeginPlugin("builtin", false);
  registry.Add(Op("A"));
  ASSERT_TRUE(registry.EndPlugin().ok());
  registry.BeginPlugin("user", true);
  registry.Add(Op("A"));
  ASSERT_TRUE(registry.EndPlugin().ok());
  EXPECT_EQ(registry.Find("A")->plugin_id, "user");
  EXPECT_EQ(registry.All().size(), 1u);
}

}  // namespace
}  // namespace tfconv
