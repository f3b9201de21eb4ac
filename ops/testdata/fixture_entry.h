// Defines the plugin entry point with a hand-filled TfconvPluginInfo, for fixtures that must break
// the rules TFCONV_DEFINE_PLUGIN keeps (wrong versions, null fields).
//
//   TFCONV_FIXTURE_ENTRY(TFCONV_PLUGIN_API_VERSION + 1, TFCONV_PLUGIN_ABI_HASH, "id", "1.0.0", Fn)
#ifndef TFCONV_OPS_TESTDATA_FIXTURE_ENTRY_H_
#define TFCONV_OPS_TESTDATA_FIXTURE_ENTRY_H_

#include "ops/plugin_api.h"

#define TFCONV_FIXTURE_ENTRY(api_version, abi_hash, id, version, register_fn)               \
  extern "C" __attribute__((visibility("default"))) const TfconvPluginInfo*                 \
  tfconv_plugin_info(void) {                                                                \
    static const TfconvPluginInfo info = {api_version, abi_hash, id, version, register_fn}; \
    return &info;                                                                           \
  }

// A register function that registers nothing.
static inline void RegisterNoOps(TfconvRegistryHandle*) {}

#endif  // TFCONV_OPS_TESTDATA_FIXTURE_ENTRY_H_
