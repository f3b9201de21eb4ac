#include "tools/op_coverage/coverage_table.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

namespace tfconv {
namespace {

// Checks that the plugin loads and lists the ops it registers: naming an op there tests nothing
// about it.
constexpr char kLoadTestFile[] = "plugin_load_test.cc";

// Counts per status, in TestStatus order.
using Counts = std::array<int, 3>;

std::map<std::string, Counts> CountsByPlugin(const std::vector<OpCoverage>& rows) {
  std::map<std::string, Counts> counts;
  for (const OpCoverage& r : rows) ++counts[r.plugin_id][static_cast<int>(r.status)];
  return counts;
}

// What the op becomes when its registration names no builtin.
std::string TfliteCell(const OpCoverage& r) {
  if (!r.tflite_ops.empty()) return absl::StrJoin(r.tflite_ops, ", ");
  if (r.traits & kGraphInput) return "(model input)";
  if (!r.lowers) return r.folds ? "(folded only)" : "(none)";
  return "(no operator: forwarded or dropped)";
}

// A few names, then how many more.
std::string Evidence(const std::vector<std::string>& names) {
  constexpr size_t kShown = 3;
  std::vector<std::string> shown(names.begin(), names.begin() + std::min(names.size(), kShown));
  std::string out = absl::StrJoin(shown, ", ");
  if (names.size() > kShown) absl::StrAppend(&out, " +", names.size() - kShown);
  return out;
}

}  // namespace

const char* TestStatusName(TestStatus status) {
  switch (status) {
    case TestStatus::kInterop:
      return "interop";
    case TestStatus::kCpp:
      return "C++";
    case TestStatus::kUntested:
      break;
  }
  return "untested";
}

std::vector<OpCoverage> BuildCoverage(const std::vector<const OpRegistration*>& ops, const OpGraphs& graphs,
                                      const PluginTests& tests) {
  std::vector<OpCoverage> rows;
  for (const OpRegistration* reg : ops) {
    OpCoverage r;
    r.op = reg->op;
    r.plugin_id = reg->plugin_id;
    r.tflite_ops = reg->tflite_ops;
    r.traits = reg->traits;
    r.lowers = static_cast<bool>(reg->lower);
    r.folds = static_cast<bool>(reg->evaluate);
    if (auto it = graphs.find(reg->op); it != graphs.end()) {
      r.interop_graphs.assign(it->second.begin(), it->second.end());
    }
    // Quoted, so that "Add" is not found in "AddN" nor "Relu" in "Relu6".
    const std::string quoted = absl::StrCat("\"", reg->op, "\"");
    if (auto it = tests.find(reg->plugin_id); it != tests.end()) {
      for (const auto& [file, text] : it->second) {
        if (file == kLoadTestFile) continue;
        if (text.find(quoted) != std::string::npos) r.cpp_tests.push_back(file);
      }
    }
    r.status = !r.interop_graphs.empty() ? TestStatus::kInterop
               : !r.cpp_tests.empty()    ? TestStatus::kCpp
                                         : TestStatus::kUntested;
    rows.push_back(std::move(r));
  }
  return rows;
}

std::string CoverageMarkdown(const std::vector<OpCoverage>& rows) {
  std::string md =
      "# TF op coverage\n\n"
      "Generated from the op registry by `tools/bazel.sh run //tools/op_coverage -- "
      "--output=docs/OP_COVERAGE.md`; do not edit by hand. `//tools/op_coverage:op_coverage_up_to_date_test` "
      "fails when this file is stale or an op is untested.\n\n"
      "Test status: **interop**: a graph of `runtime_check/interop/graphs/MANIFEST` needs the op (our "
      ".tflite in LiteRT.js vs the source graph in tfjs, `//runtime_check/interop:interop_test`); **C++**: "
      "named in a `*_test.cc` of its plugin's folder (`plugin_load_test.cc`, which only lists the ops, does "
      "not count); **untested**: neither. The TFLite column lists what the lowering may emit.\n\n"
      "| plugin | TF ops | interop | C++ | untested |\n|---|---:|---:|---:|---:|\n";
  Counts total = {0, 0, 0};
  for (const auto& [plugin, c] : CountsByPlugin(rows)) {
    absl::StrAppend(&md, "| ", plugin, " | ", c[0] + c[1] + c[2], " | ", c[0], " | ", c[1], " | ", c[2], " |\n");
    for (int i = 0; i < 3; ++i) total[i] += c[i];
  }
  absl::StrAppend(&md, "| **all** | **", total[0] + total[1] + total[2], "** | ", total[0], " | ", total[1],
                  " | ", total[2], " |\n\n");
  absl::StrAppend(&md, "| TF op | plugin | TFLite | test | where |\n|---|---|---|---|---|\n");
  for (const OpCoverage& r : rows) {
    const std::string where = r.status == TestStatus::kInterop ? Evidence(r.interop_graphs)
                              : r.status == TestStatus::kCpp   ? Evidence(r.cpp_tests)
                                                               : "";
    absl::StrAppend(&md, "| ", r.op, " | ", r.plugin_id, " | ", TfliteCell(r), " | ", TestStatusName(r.status),
                    " | ", where, " |\n");
  }
  return md;
}

std::string CoverageJson(const std::vector<OpCoverage>& rows) {
  nlohmann::ordered_json ops = nlohmann::ordered_json::array();
  for (const OpCoverage& r : rows) {
    nlohmann::ordered_json o;
    o["op"] = r.op;
    o["plugin"] = r.plugin_id;
    o["tflite"] = r.tflite_ops;
    o["lowers"] = r.lowers;
    o["folds"] = r.folds;
    o["status"] = TestStatusName(r.status);
    o["interop_graphs"] = r.interop_graphs;
    o["cpp_tests"] = r.cpp_tests;
    ops.push_back(std::move(o));
  }
  nlohmann::ordered_json plugins = nlohmann::ordered_json::array();
  for (const auto& [plugin, c] : CountsByPlugin(rows)) {
    plugins.push_back({{"plugin", plugin}, {"ops", c[0] + c[1] + c[2]}, {"interop", c[0]}, {"cpp", c[1]},
                       {"untested", c[2]}});
  }
  nlohmann::ordered_json doc;
  doc["ops"] = std::move(ops);
  doc["plugins"] = std::move(plugins);
  return doc.dump(2) + "\n";
}

std::vector<std::string> UntestedOps(const std::vector<OpCoverage>& rows) {
  std::vector<std::string> out;
  for (const OpCoverage& r : rows) {
    if (r.status == TestStatus::kUntested) out.push_back(absl::StrCat(r.op, " (", r.plugin_id, ")"));
  }
  return out;
}

}  // namespace tfconv
