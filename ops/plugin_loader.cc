#include "ops/plugin_loader.h"

#include <dlfcn.h>

#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ops/plugin_api.h"

namespace tfconv {
namespace {

// The first API version, whose struct layout every later version starts with (fields are only
// appended), so plugin_id may be read for the error message even when the version is not ours.
constexpr uint32_t kFirstApiVersion = 1;

std::string HashText(uint64_t hash) {
  return absl::StrCat("0x", absl::Hex(hash, absl::kZeroPad16));
}

// Both sides' versions, for the end of a message.
std::string Versions(const TfconvPluginInfo* info) {
  std::string ours = absl::StrCat("this converter: API version ", TFCONV_PLUGIN_API_VERSION,
                                  ", ABI hash ", HashText(TFCONV_PLUGIN_ABI_HASH));
  if (info == nullptr) return absl::StrCat(" (", ours, ")");
  return absl::StrCat(" (plugin: API version ", info->api_version, ", ABI hash ",
                      HashText(info->abi_hash), "; ", ours, ")");
}

// "plugin 'tfconv.math' (file '/x/libmath_ops.so')", or "plugin file '...'" while the id is
// unknown.
std::string Name(const std::string& path, const char* plugin_id) {
  if (plugin_id == nullptr) return absl::StrCat("plugin file '", path, "'");
  return absl::StrCat("plugin '", plugin_id, "' (file '", path, "')");
}

std::string DlError() {
  const char* e = dlerror();
  return e != nullptr ? e : "unknown dlopen error";
}

// The checks that need only the entry struct; OK when it may register its ops.
absl::Status CheckInfo(const std::string& path, const TfconvPluginInfo& info) {
  if (info.api_version != TFCONV_PLUGIN_API_VERSION) {
    const char* id = info.api_version >= kFirstApiVersion ? info.plugin_id : nullptr;
    std::string advice =
        info.api_version > TFCONV_PLUGIN_API_VERSION
            ? "The plugin was built for a newer converter; rebuild it against this converter's "
              "ops/plugin_api.h or use a newer converter."
            : "Rebuild the plugin against this converter's ops/plugin_api.h.";
    return absl::FailedPreconditionError(
        absl::StrCat("Wrong API version on ", Name(path, id), ". Got version ", info.api_version,
                     ", supported version is ", TFCONV_PLUGIN_API_VERSION, ". ", advice));
  }
  if (info.abi_hash != TFCONV_PLUGIN_ABI_HASH) {
    return absl::FailedPreconditionError(absl::StrCat(
        "Wrong ABI hash on ", Name(path, info.plugin_id), ". Got hash ", HashText(info.abi_hash),
        ", supported hash is ", HashText(TFCONV_PLUGIN_ABI_HASH), " (API version ",
        info.api_version,
        " on both sides). The plugin was compiled against other plugin headers; rebuild it "
        "against this converter's headers."));
  }
  const char* null_field = info.plugin_id == nullptr        ? "plugin_id"
                           : info.plugin_version == nullptr ? "plugin_version"
                           : info.register_ops == nullptr   ? "register_ops"
                                                            : nullptr;
  if (null_field != nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Invalid ", Name(path, info.plugin_id), ": field '", null_field,
        "' of its TfconvPluginInfo is null; define the entry point with TFCONV_DEFINE_PLUGIN and "
        "give every field a value",
        Versions(&info), "."));
  }
  return absl::OkStatus();
}

std::vector<std::string> OpsOwnedBy(const OpRegistry& registry, const std::string& plugin_id) {
  std::vector<std::string> ops;
  for (const OpRegistration* r : registry.All()) {
    if (r->plugin_id == plugin_id) ops.push_back(r->op);
  }
  return ops;  // All() is sorted by op name
}

}  // namespace

absl::StatusOr<LoadedPlugin> LoadPlugin(const std::string& path, OpRegistry& registry,
                                        bool may_override) {
  // A name without a slash would make dlopen search the library path instead of opening the file.
  std::string open_path = path.find('/') == std::string::npos ? "./" + path : path;
  void* handle = dlopen(open_path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat("Could not load ", Name(path, nullptr), ": ",
                                                      DlError(), Versions(nullptr), "."));
  }
  // Refused before the plugin's code was registered anywhere: safe to unload.
  auto refuse = [handle](absl::Status status) {
    dlclose(handle);
    return status;
  };

  dlerror();  // clear any earlier error
  void* symbol = dlsym(handle, TFCONV_PLUGIN_ENTRY_SYMBOL);
  if (symbol == nullptr) {
    return refuse(absl::FailedPreconditionError(absl::StrCat(
        "Invalid ", Name(path, nullptr), ": it does not export the entry point '",
        TFCONV_PLUGIN_ENTRY_SYMBOL, "'; define it with TFCONV_DEFINE_PLUGIN from ops/plugin_api.h",
        Versions(nullptr), ".")));
  }
  const TfconvPluginInfo* info = reinterpret_cast<TfconvPluginEntryFn>(symbol)();
  if (info == nullptr) {
    return refuse(absl::InvalidArgumentError(absl::StrCat(
        "Invalid ", Name(path, nullptr), ": its entry point '", TFCONV_PLUGIN_ENTRY_SYMBOL,
        "' returned null instead of a TfconvPluginInfo", Versions(nullptr), ".")));
  }
  if (absl::Status s = CheckInfo(path, *info); !s.ok()) return refuse(std::move(s));

  std::string plugin_id = info->plugin_id;
  if (registry.HasPlugin(plugin_id)) {
    return refuse(absl::AlreadyExistsError(absl::StrCat(
        "Duplicate plugin id '", plugin_id, "': file '", path,
        "' declares the id of a plugin that is already loaded; each id may be loaded once, so "
        "remove one of the two files from the plugin search path",
        Versions(info), ".")));
  }

  registry.BeginPlugin(plugin_id, may_override);
  info->register_ops(registry.handle());
  if (absl::Status s = registry.EndPlugin(); !s.ok()) {
    // Not unloaded: ops registered before the error hold functions from this file.
    return absl::Status(s.code(), absl::StrCat("Plugin '", plugin_id, "' ", info->plugin_version,
                                               " (file '", path, "') failed to register its ops: ",
                                               s.message(), Versions(info), "."));
  }

  LoadedPlugin loaded;
  loaded.path = path;
  loaded.plugin_id = plugin_id;
  loaded.plugin_version = info->plugin_version;
  loaded.api_version = info->api_version;
  loaded.abi_hash = info->abi_hash;
  loaded.is_override = may_override;
  loaded.ops = OpsOwnedBy(registry, plugin_id);
  loaded.handle = handle;
  return loaded;
}

absl::StatusOr<PluginLoadReport> LoadAllPlugins(const PluginSearchOptions& options,
                                                OpRegistry& registry, bool strict) {
  PluginLoadReport report;
  std::vector<std::string> problems;
  // The plugins found implicitly (environment, runfiles, next to the executable: the built-in
  // ones) load before those the user names, so that a user plugin claiming an op a built-in owns
  // is the one refused, not the whole built-in family.
  PluginSearchOptions implicit = options;
  implicit.plugin_files.clear();
  implicit.plugin_dirs.clear();
  PluginSearchOptions explicit_only = options;
  explicit_only.search_environment = false;
  explicit_only.search_runfiles = false;
  explicit_only.search_executable_dir = false;
  std::vector<std::string> files = DiscoverPluginFiles(implicit, &problems);
  std::set<std::string> found;
  for (const std::string& f : files) found.insert(RealPathOrSelf(f));
  for (std::string& f : DiscoverPluginFiles(explicit_only, &problems)) {
    if (found.insert(RealPathOrSelf(f)).second) files.push_back(std::move(f));
  }
  for (std::string& problem : problems) {
    if (strict) return absl::NotFoundError(problem);
    report.errors.push_back(std::move(problem));
  }

  auto load = [&](const std::string& path, bool may_override) -> absl::Status {
    absl::StatusOr<LoadedPlugin> plugin = LoadPlugin(path, registry, may_override);
    if (plugin.ok()) {
      report.loaded.push_back(*std::move(plugin));
      return absl::OkStatus();
    }
    if (strict) return plugin.status();
    report.errors.push_back(std::string(plugin.status().message()));
    return absl::OkStatus();
  };

  for (const std::string& file : files) {
    if (absl::Status s = load(file, /*may_override=*/false); !s.ok()) return s;
  }
  // Last, so that they replace what the others registered; each file once.
  std::set<std::string> seen;
  for (const std::string& file : options.override_plugins) {
    if (!seen.insert(RealPathOrSelf(file)).second) continue;
    if (absl::Status s = load(file, /*may_override=*/true); !s.ok()) return s;
  }
  return report;
}

}  // namespace tfconv
