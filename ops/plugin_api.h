/* The entry point every op plugin exports: one C function returning a plain, versioned struct.
 *
 *   // my_ops.cc, built as cc_binary(name = "libmy_ops.so", linkshared = True) via tfconv_plugin()
 *   #include "ops/plugin_api.h"
 *   #include "ops/op_registry.h"
 *   static void RegisterMyOps(TfconvRegistryHandle* handle) {
 *     tfconv::OpRegistry& registry = tfconv::OpRegistry::FromHandle(handle);
 *     registry.Add(...);
 *   }
 *   TFCONV_DEFINE_PLUGIN("example.my_ops", "1.0.0", RegisterMyOps)
 *
 * Only C types cross the boundary here. The register function then talks to the registry through
 * C++ types (OpRegistration, Tensor, ...): that is safe only because the plugin was compiled against
 * exactly the same public headers with the same compiler and standard library, which the ABI hash
 * checks (it hashes every public plugin header; see the //ops:abi_hash_h genrule). The register function must not
 * throw; errors are recorded in the registry (OpRegistry::Add never throws either).
 */
#ifndef TFCONV_OPS_PLUGIN_API_H_
#define TFCONV_OPS_PLUGIN_API_H_

#include <stdint.h>

#include "ops/abi_hash.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped when TfconvPluginInfo changes shape; fields are only ever appended. */
#define TFCONV_PLUGIN_API_VERSION 1u

/* The name of the one symbol a plugin exports. */
#define TFCONV_PLUGIN_ENTRY_SYMBOL "tfconv_plugin_info"

typedef struct TfconvRegistryHandle TfconvRegistryHandle;

typedef struct TfconvPluginInfo {
  uint32_t api_version;       /* TFCONV_PLUGIN_API_VERSION the plugin was built with */
  uint64_t abi_hash;          /* TFCONV_PLUGIN_ABI_HASH the plugin was built with */
  const char* plugin_id;      /* unique, e.g. "tfconv.math" */
  const char* plugin_version; /* the plugin's own version, e.g. "1.0.0" */
  void (*register_ops)(TfconvRegistryHandle* registry);
} TfconvPluginInfo;

typedef const TfconvPluginInfo* (*TfconvPluginEntryFn)(void);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#define TFCONV_DEFINE_PLUGIN(id, version, register_fn)                                   \
  extern "C" __attribute__((visibility("default"))) const TfconvPluginInfo*              \
  tfconv_plugin_info(void) {                                                             \
    static const TfconvPluginInfo info = {TFCONV_PLUGIN_API_VERSION, TFCONV_PLUGIN_ABI_HASH, \
                                          id, version, register_fn};                    \
    return &info;                                                                        \
  }

#endif /* TFCONV_OPS_PLUGIN_API_H_ */
