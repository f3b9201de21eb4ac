// The op coverage table: every TF op the loaded plugins register, the plugin that owns it, the
// TFLite builtins its lowering may emit, and how it is tested.
//
//   OpRegistry registry;  ... plugins loaded ...
//   PluginTests tests = {{"tfconv.math", *ReadTestSources("plugins/math")}};
//   std::vector<OpCoverage> rows = BuildCoverage(registry.All(), *ReadInteropGraphOps(dir), tests);
//   std::cout << CoverageMarkdown(rows);   // docs/OP_COVERAGE.md
//   UntestedOps(rows);                     // what still needs a test
#ifndef TFCONV_TOOLS_OP_COVERAGE_COVERAGE_TABLE_H_
#define TFCONV_TOOLS_OP_COVERAGE_COVERAGE_TABLE_H_

#include <map>
#include <string>
#include <vector>

#include "ops/op_registry.h"
#include "tools/op_coverage/coverage_sources.h"

namespace tfconv {

enum class TestStatus {
  kInterop,   // in an interop graph: our .tflite in LiteRT.js vs the source graph in tfjs
  kCpp,       // named (as "Op") in a *_test.cc of its plugin's folder, other than the
              // plugin_load_test.cc that only lists the registered ops
  kUntested,
};
const char* TestStatusName(TestStatus status);  // "interop", "C++", "untested"

struct OpCoverage {
  std::string op;
  std::string plugin_id;
  std::vector<std::string> tflite_ops;  // as the registration declares them
  uint32_t traits = kNoTraits;
  bool lowers = false;                  // has a lowering (else converts only when folded away)
  bool folds = false;                   // has reference semantics (constant folding)
  std::vector<std::string> interop_graphs;
  std::vector<std::string> cpp_tests;
  TestStatus status = TestStatus::kUntested;
};

// Plugin id -> the test sources of the plugin's folder.
using PluginTests = std::map<std::string, TestSources>;

// One row per registration, in the order given (OpRegistry::All() is sorted by op name).
std::vector<OpCoverage> BuildCoverage(const std::vector<const OpRegistration*>& ops, const OpGraphs& graphs,
                                      const PluginTests& tests);

// docs/OP_COVERAGE.md: a summary per plugin, then one line per op. Deterministic.
std::string CoverageMarkdown(const std::vector<OpCoverage>& rows);
// The same as JSON: {"ops": [{"op", "plugin", "tflite", "status", "interop_graphs", "cpp_tests"}...],
// "plugins": [{"plugin", "ops", "interop", "cpp", "untested"}...]}.
std::string CoverageJson(const std::vector<OpCoverage>& rows);

std::vector<std::string> UntestedOps(const std::vector<OpCoverage>& rows);

}  // namespace tfconv

#endif  // TFCONV_TOOLS_OP_COVERAGE_COVERAGE_TABLE_H_
