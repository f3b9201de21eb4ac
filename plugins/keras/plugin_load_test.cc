// Loads the built libkeras_layers.so the way the driver does: every symbol must resolve against the
// core, the entry point must pass the version and ABI checks, and the layer builders must register.
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "ops/plugin_loader.h"

namespace tfconv {
namespace {

std::string PluginPath() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  return std::string(srcdir != nullptr ? srcdir : ".") + "/tfconv/plugins/keras/libkeras_layers.so";
}

TEST(KerasPluginLoadTest, LoadsAndRegistersTheLayers) {
  OpRegistry registry;
  absl::StatusOr<LoadedPlugin> plugin = LoadPlugin(PluginPath(), registry, /*may_override=*/false);
  ASSERT_TRUE(plugin.ok()) << plugin.status();
  EXPECT_EQ(plugin->plugin_id, "tfconv.keras");
  for (const char* name : {"Conv1D", "Conv2D", "Convolution2D", "DepthwiseConv2D", "SeparableConv2D",
                           "Conv2DTranspose", "MaxPooling2D", "MaxPool2D", "AveragePooling1D",
                           "GlobalAveragePooling2D", "GlobalMaxPool1D", "Flatten", "Reshape", "Permute",
                           "ZeroPadding2D", "Cropping2D", "UpSampling2D"}) {
    const KerasLayerRegistration* r = registry.FindKerasLayer(name);
    ASSERT_NE(r, nullptr) << name;
    EXPECT_EQ(r->plugin_id, "tfconv.keras") << name;
    EXPECT_TRUE(static_cast<bool>(r->build)) << name;
  }
  const KerasLayerRegistration* sep = registry.FindKerasLayer("SeparableConv2D");
  ASSERT_NE(sep, nullptr);
  EXPECT_EQ(sep->variable_names(nlohmann::json{{"use_bias", false}}),
            (std::vector<std::string>{"depthwise_kernel", "pointwise_kernel"}));
  EXPECT_EQ(sep->variable_names(nlohmann::json::object()),
            (std::vector<std::string>{"depthwise_kernel", "pointwise_kernel", "bias"}));
}

}  // namespace
}  // namespace tfconv
