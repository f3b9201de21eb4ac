// Where the driver looks for op plugins, and in which order.
//
//   PluginSearchOptions options;
//   options.plugin_files = {"/opt/my_ops/libmy_ops.so"};   // --plugin (repeatable)
//   options.plugin_dirs = {"/opt/more_plugins"};           // --plugin_dir (repeatable)
//   std::vector<std::string> problems;
//   for (const std::string& file : DiscoverPluginFiles(options, &problems)) ...
//
// The sources, in this order (earlier ones win when two name the same file):
//   1. options.plugin_files, as given (whatever their names);
//   2. options.plugin_dirs;
//   3. the environment variable TFCONV_PLUGIN_PATH: colon-separated files or directories;
//   4. the runfiles tree: <runfiles>/tfconv/plugins/, where <runfiles> is $RUNFILES_DIR or else
//      "<executable>.runfiles";
//   5. <directory of the executable>/plugins/.
// A directory is searched recursively (symlinks followed) for files named lib*.so, sorted by their
// path below that directory so that the order never depends on the file system. A file reached
// twice (through a symlink, or from two sources) is kept once: its first occurrence, by realpath.
// Files in options.override_plugins are left out: the loader loads those last, as overrides.
#ifndef TFCONV_OPS_PLUGIN_DISCOVERY_H_
#define TFCONV_OPS_PLUGIN_DISCOVERY_H_

#include <string>
#include <vector>

namespace tfconv {

// The environment variable holding extra plugin files and directories.
inline constexpr char kPluginPathEnv[] = "TFCONV_PLUGIN_PATH";

struct PluginSearchOptions {
  std::vector<std::string> plugin_files;  // --plugin
  std::vector<std::string> plugin_dirs;   // --plugin_dir
  // --override_plugin: user plugins loaded after all others, allowed to replace the ops that an
  // earlier plugin owns (that is how a user swaps in their own lowering).
  std::vector<std::string> override_plugins;

  // The implicit sources can be switched off (a hermetic run, a test).
  bool search_environment = true;  // TFCONV_PLUGIN_PATH
  bool search_runfiles = true;
  bool search_executable_dir = true;
  // Stand-ins for the process defaults; empty means $RUNFILES_DIR (else "<executable>.runfiles")
  // and the realpath of /proc/self/exe.
  std::string runfiles_dir;
  std::string executable_path;
};

// The plugin files to load, in load order (override_plugins excluded). Explicit directories and
// TFCONV_PLUGIN_PATH entries that do not exist are skipped and described in `problems` (when
// given); implicit locations that do not exist are normal and say nothing. Explicit files are
// returned even when missing, so that loading them reports the error with the file's name.
std::vector<std::string> DiscoverPluginFiles(const PluginSearchOptions& options,
                                             std::vector<std::string>* problems = nullptr);

// The realpath of `path`, or `path` unchanged when it cannot be resolved (it does not exist).
std::string RealPathOrSelf(const std::string& path);

}  // namespace tfconv

#endif  // TFCONV_OPS_PLUGIN_DISCOVERY_H_
