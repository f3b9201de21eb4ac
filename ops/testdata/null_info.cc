// The entry point exists but returns no struct.
#include "ops/plugin_api.h"

extern "C" __attribute__((visibility("default"))) const TfconvPluginInfo* tfconv_plugin_info(void) {
  return nullptr;
}
