// Loads op plugins (shared libraries exporting TFCONV_PLUGIN_ENTRY_SYMBOL) into an OpRegistry.
//
//   OpRegistry registry;
//   // One file; an error names the file, the plugin id (once known) and both versions:
//   absl::StatusOr<LoadedPlugin> p = LoadPlugin("/opt/my_ops/libmy_ops.so", registry,
//                                               /*may_override=*/false);
//
//   // Everything the driver finds (see plugin_discovery.h for the order):
//   PluginSearchOptions options;
//   options.override_plugins = {"libmy_conv2d.so"};      // replaces the built-in Conv2D lowering
//   absl::StatusOr<PluginLoadReport> report = LoadAllPlugins(options, registry, /*strict=*/false);
//   for (const std::string& e : report->errors) ...       // plugins that were reported and skipped
//
// A loaded plugin stays loaded for the life of the process: the registry holds functions that live
// in its code. The checks, in order: the file opens with every symbol resolved (RTLD_NOW), the
// entry point exists and returns a struct, the struct's API version is ours (only the version
// field is read before that), the ABI hash of the headers it was built against is ours, no field
// is null, no plugin with the same id is already in the registry, and its ops register without
// error (an op that another plugin owns is an error unless the plugin is an override).
#ifndef TFCONV_OPS_PLUGIN_LOADER_H_
#define TFCONV_OPS_PLUGIN_LOADER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ops/op_registry.h"
#include "ops/plugin_discovery.h"

namespace tfconv {

struct LoadedPlugin {
  std::string path;            // the file as it was given or found
  std::string plugin_id;       // e.g. "tfconv.math"
  std::string plugin_version;  // the plugin's own version, e.g. "1.0.0"
  uint32_t api_version = 0;
  uint64_t abi_hash = 0;
  bool is_override = false;      // loaded with may_override
  std::vector<std::string> ops;  // the ops it owns after loading, sorted
  void* handle = nullptr;        // from dlopen; never closed
};

// Loads one plugin file and registers its ops. `may_override` lets it replace ops that an earlier
// plugin owns. A plugin refused before its register function ran is unloaded again; once that
// function has run, the file stays loaded even on error (the registry may hold its functions).
absl::StatusOr<LoadedPlugin> LoadPlugin(const std::string& path, OpRegistry& registry,
                                        bool may_override);

struct PluginLoadReport {
  std::vector<LoadedPlugin> loaded;  // in load order
  // One message per plugin file that failed and was skipped, and per search location that did
  // not exist; in the order they happened.
  std::vector<std::string> errors;
};

// Loads every file DiscoverPluginFiles(options) finds, then options.override_plugins with
// may_override. Without `strict` a failure is recorded in the report and loading goes on; with
// `strict` the first failure (a missing search location included) is returned as the error.
absl::StatusOr<PluginLoadReport> LoadAllPlugins(const PluginSearchOptions& options,
                                                OpRegistry& registry, bool strict);

}  // namespace tfconv

#endif  // TFCONV_OPS_PLUGIN_LOADER_H_
