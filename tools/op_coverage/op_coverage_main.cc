// op_coverage: prints every TF op the built-in plugins register, with its plugin, the TFLite
// builtins it lowers to and how it is tested (see coverage_table.h), as Markdown or JSON.
//
//   tools/bazel.sh run //tools/op_coverage -- --output=docs/OP_COVERAGE.md   # regenerate the doc
//   tools/bazel.sh run //tools/op_coverage -- --json
//   op_coverage --check=docs/OP_COVERAGE.md    # exit 1 if the file is stale or an op is untested
//
// The plugins, their test sources and the interop graphs are read below --root, by default this
// binary's runfiles (its data dependencies), so the table always matches the current sources.
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "ops/op_registry.h"
#include "ops/plugin_loader.h"
#include "tools/op_coverage/coverage_sources.h"
#include "tools/op_coverage/coverage_table.h"

ABSL_FLAG(std::string, root, "",
          "Directory holding plugins/ (the plugin .so files and their *_test.cc) and "
          "runtime_check/interop/graphs/; default: this binary's runfiles.");
ABSL_FLAG(std::string, output, "", "Write the table to this file (default: stdout).");
ABSL_FLAG(bool, json, false, "JSON instead of Markdown.");
ABSL_FLAG(std::string, check, "",
          "Compare the Markdown table with this file; exit 1 when they differ or an op is untested.");

namespace {

constexpr char kRegenerate[] = "tools/bazel.sh run //tools/op_coverage -- --output=docs/OP_COVERAGE.md";

int Fail(const std::string& message) {
  std::cerr << "op_coverage: error: " << message << "\n";
  return 1;
}

std::string RunfilesRoot() {
  for (const char* var : {"TEST_SRCDIR", "RUNFILES_DIR"}) {
    const char* dir = std::getenv(var);
    if (dir != nullptr && *dir != '\0') return absl::StrCat(dir, "/tfconv");
  }
  char exe[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n <= 0) return "";
  return absl::StrCat(std::string(exe, static_cast<size_t>(n)), ".runfiles/tfconv");
}

std::string ReadFileOrEmpty(const std::string& path, bool* found) {
  std::ifstream in(path, std::ios::binary);
  *found = static_cast<bool>(in);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The first line where `want` and `have` differ, for the error message.
std::string FirstDifference(const std::string& want, const std::string& have) {
  std::vector<std::string> a = absl::StrSplit(want, '\n'), b = absl::StrSplit(have, '\n');
  for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const std::string x = i < a.size() ? a[i] : "<end of file>";
    const std::string y = i < b.size() ? b[i] : "<end of file>";
    if (x != y) return absl::StrCat("line ", i + 1, ":\n  committed: ", y, "\n  generated: ", x);
  }
  return "";
}

int Check(const std::vector<tfconv::OpCoverage>& rows, const std::string& markdown, const std::string& path) {
  bool ok = true;
  bool found = false;
  const std::string committed = ReadFileOrEmpty(path, &found);
  if (!found) {
    std::cerr << "op_coverage: " << path << " cannot be read; generate it with: " << kRegenerate << "\n";
    ok = false;
  } else if (committed != markdown) {
    std::cerr << "op_coverage: " << path << " is stale (the registry, the tests or the interop graphs changed); "
              << "first difference at " << FirstDifference(markdown, committed) << "\nregenerate it with: "
              << kRegenerate << "\n";
    ok = false;
  }
  const std::vector<std::string> untested = tfconv::UntestedOps(rows);
  if (!untested.empty()) {
    std::cerr << "op_coverage: " << untested.size() << " op(s) have no test: " << absl::StrJoin(untested, ", ")
              << "\nadd the op to an interop graph (runtime_check/interop/gen_graphs*.py) or name it in a "
              << "*_test.cc of its plugin's folder\n";
    ok = false;
  }
  if (ok) std::cout << path << " is up to date; " << rows.size() << " TF ops, every one tested\n";
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Prints the TF ops the built-in plugins register, their TFLite builtins and test status.\n"
      "  op_coverage [--json] [--output=FILE] | --check=docs/OP_COVERAGE.md");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() > 1) return Fail(absl::StrCat("unexpected argument '", positional[1], "'"));

  std::string root = absl::GetFlag(FLAGS_root);
  if (root.empty()) root = RunfilesRoot();
  // Under `bazel run`, --output and --check are meant from where the user typed the command.
  if (const char* dir = std::getenv("BUILD_WORKING_DIRECTORY"); dir != nullptr && *dir != '\0') {
    if (root.empty() || root[0] != '/') {
      char cwd[PATH_MAX];
      if (getcwd(cwd, sizeof(cwd)) != nullptr) root = absl::StrCat(cwd, "/", root);
    }
    if (chdir(dir) != 0) return Fail(absl::StrCat("cannot enter ", dir));
  }

  // Strict: a plugin that does not load would leave its ops out of the table.
  tfconv::PluginSearchOptions search;
  search.plugin_dirs = {root + "/plugins"};
  search.search_environment = search.search_runfiles = search.search_executable_dir = false;
  tfconv::OpRegistry registry;
  absl::StatusOr<tfconv::PluginLoadReport> report = tfconv::LoadAllPlugins(search, registry, /*strict=*/true);
  if (!report.ok()) return Fail(std::string(report.status().message()));
  if (report->loaded.empty()) return Fail(absl::StrCat("no plugin found below ", root, "/plugins"));

  // Each plugin's tests are in the folder of its shared library.
  tfconv::PluginTests tests;
  for (const tfconv::LoadedPlugin& p : report->loaded) {
    const std::string folder = p.path.substr(0, p.path.rfind('/'));
    absl::StatusOr<tfconv::TestSources> sources = tfconv::ReadTestSources(folder);
    if (!sources.ok()) return Fail(std::string(sources.status().message()));
    tests[p.plugin_id] = *std::move(sources);
  }
  absl::StatusOr<tfconv::OpGraphs> graphs = tfconv::ReadInteropGraphOps(root + "/runtime_check/interop/graphs");
  if (!graphs.ok()) return Fail(std::string(graphs.status().message()));

  const std::vector<tfconv::OpCoverage> rows = tfconv::BuildCoverage(registry.All(), *graphs, tests);
  const std::string markdown = tfconv::CoverageMarkdown(rows);
  if (!absl::GetFlag(FLAGS_check).empty()) return Check(rows, markdown, absl::GetFlag(FLAGS_check));

  const std::string text = absl::GetFlag(FLAGS_json) ? tfconv::CoverageJson(rows) : markdown;
  const std::string output = absl::GetFlag(FLAGS_output);
  if (output.empty()) {
    std::cout << text;
    return 0;
  }
  const std::string temp = output + ".tmp";
  std::ofstream out(temp, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out || std::rename(temp.c_str(), output.c_str()) != 0) {
    std::remove(temp.c_str());
    return Fail(absl::StrCat("cannot write ", output));
  }
  std::cerr << "op_coverage: wrote " << output << " (" << rows.size() << " TF ops, "
            << tfconv::UntestedOps(rows).size() << " untested)\n";
  return 0;
}
