#include "ops/plugin_discovery.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace tfconv {
namespace {

namespace fs = std::filesystem;

// Where built-in plugins sit inside a runfiles tree: <runfiles>/<workspace>/plugins.
constexpr char kRunfilesPluginDir[] = "tfconv/plugins";

bool IsPluginFileName(const std::string& name) {
  return name.size() > 6 && absl::StartsWith(name, "lib") && absl::EndsWith(name, ".so");
}

// Follows symlinks; kind is "none" for missing paths and dangling links.
enum class Kind { kNone, kFile, kDirectory, kOther };
Kind KindOf(const fs::path& path) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return Kind::kNone;
  if (fs::is_directory(st)) return Kind::kDirectory;
  if (fs::is_regular_file(st)) return Kind::kFile;
  return Kind::kOther;
}

// Appends to `found` the paths (relative to the walk's root) of the plugin files below `dir`.
// `visited` holds the realpaths of directories already walked, so symlink cycles end.
void Walk(const fs::path& dir, const fs::path& relative, std::set<std::string>& visited,
          std::vector<fs::path>& found) {
  if (!visited.insert(RealPathOrSelf(dir.string())).second) return;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    switch (KindOf(it->path())) {
      case Kind::kDirectory:
        Walk(it->path(), relative / name, visited, found);
        break;
      case Kind::kFile:
        if (IsPluginFileName(name)) found.push_back(relative / name);
        break;
      default:
        break;
    }
  }
}

// Collects the result: keeps the first occurrence of each realpath.
class FileList {
 public:
  explicit FileList(const std::vector<std::string>& excluded) {
    for (const std::string& path : excluded) seen_.insert(RealPathOrSelf(path));
  }
  void Add(const std::string& path) {
    if (seen_.insert(RealPathOrSelf(path)).second) files_.push_back(path);
  }
  // Adds the plugin files below `dir`, sorted by their path below it.
  void AddDirectory(const fs::path& dir) {
    std::set<std::string> visited;
    std::vector<fs::path> found;
    Walk(dir, fs::path(), visited, found);
    std::sort(found.begin(), found.end(),
              [](const fs::path& a, const fs::path& b) { return a.string() < b.string(); });
    for (const fs::path& relative : found) Add((dir / relative).string());
  }
  std::vector<std::string> Take() { return std::move(files_); }

 private:
  std::set<std::string> seen_;
  std::vector<std::string> files_;
};

std::string ExecutablePath(const PluginSearchOptions& options) {
  if (!options.executable_path.empty()) return options.executable_path;
  return RealPathOrSelf("/proc/self/exe");
}

std::string RunfilesDir(const PluginSearchOptions& options) {
  if (!options.runfiles_dir.empty()) return options.runfiles_dir;
  const char* env = getenv("RUNFILES_DIR");
  if (env != nullptr && env[0] != '\0') return env;
  return ExecutablePath(options) + ".runfiles";
}

void Note(std::vector<std::string>* problems, std::string message) {
  if (problems != nullptr) problems->push_back(std::move(message));
}

}  // namespace

std::string RealPathOrSelf(const std::string& path) {
  char* resolved = realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return path;
  std::string out(resolved);
  free(resolved);
  return out;
}

std::vector<std::string> DiscoverPluginFiles(const PluginSearchOptions& options,
                                             std::vector<std::string>* problems) {
  FileList list(options.override_plugins);

  for (const std::string& file : options.plugin_files) list.Add(file);

  for (const std::string& dir : options.plugin_dirs) {
    if (KindOf(dir) != Kind::kDirectory) {
      Note(problems,
           absl::StrCat("plugin directory '", dir,
                        "' (--plugin_dir) does not exist or is not a directory; skipped"));
      continue;
    }
    list.AddDirectory(dir);
  }

  if (options.search_environment) {
    const char* env = getenv(kPluginPathEnv);
    if (env != nullptr) {
      for (absl::string_view piece : absl::StrSplit(env, ':', absl::SkipEmpty())) {
        std::string entry(piece);
        switch (KindOf(entry)) {
          case Kind::kDirectory:
            list.AddDirectory(entry);
            break;
          case Kind::kFile:
            list.Add(entry);
            break;
          default:
            Note(problems, absl::StrCat(kPluginPathEnv, " entry '", entry,
                                        "' is neither a file nor a directory; skipped"));
        }
      }
    }
  }

  if (options.search_runfiles) {
    fs::path dir = fs::path(RunfilesDir(options)) / kRunfilesPluginDir;
    if (KindOf(dir) == Kind::kDirectory) list.AddDirectory(dir);
  }

  if (options.search_executable_dir) {
    fs::path dir = fs::path(ExecutablePath(options)).parent_path() / "plugins";
    if (KindOf(dir) == Kind::kDirectory) list.AddDirectory(dir);
  }

  return list.Take();
}

}  // namespace tfconv
