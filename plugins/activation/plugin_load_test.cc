// Loads the built libactivation_ops.so the way the driver does: every symbol must resolve against the
// core, the entry point must pass the version and ABI checks, and the family's ops must register.
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "ops/plugin_loader.h"

namespace tfconv {
namespace {

std::string PluginPath() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  return std::string(srcdir != nullptr ? srcdir : ".") + "/tfconv/plugins/activation/libactivation_ops.so";
}

TEST(ActivationPluginLoadTest, LoadsAndRegistersTheFamily) {
  OpRegistry registry;
  absl::StatusOr<LoadedPlugin> plugin = LoadPlugin(PluginPath(), registry, /*may_override=*/false);
  ASSERT_TRUE(plugin.ok()) << plugin.status();
  EXPECT_EQ(plugin->plugin_id, "tfconv.activation");
  for (const char* op : {"Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Sigmoid", "Tanh", "Softplus",
                         "Softsign", "Softmax", "LogSoftmax"}) {
    const OpRegistration* reg = registry.Find(op);
    ASSERT_NE(reg, nullptr) << op;
    EXPECT_EQ(reg->plugin_id, "tfconv.activation") << op;
    EXPECT_TRUE(reg->infer && reg->evaluate) << op;
  }
  EXPECT_EQ(plugin->ops.size(), 11u);
}

}  // namespace
}  // namespace tfconv
