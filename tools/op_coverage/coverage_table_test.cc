// The coverage table on hand-built registrations, test sources and interop graphs, with the
// expected statuses and Markdown written out by hand.
#include "tools/op_coverage/coverage_table.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "tools/op_coverage/coverage_sources.h"

namespace tfconv {
namespace {

std::string TempDir(const std::string& name) {
  const char* base = std::getenv("TEST_TMPDIR");
  const std::string dir = std::string(base != nullptr ? base : "/tmp") + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// z = Relu(AddV2(x, c)); `dead` (a Sigmoid nothing reads) and `guard` (a NoOp reached only
// through a control edge) are not converted, so they are not checked either.
constexpr char kGraph[] = R"pb(
  node { name: "x" op: "Placeholder" }
  node { name: "c" op: "Const" }
  node { name: "guard" op: "NoOp" }
  node { name: "y" op: "AddV2" input: "x" input: "c:0" input: "^guard" }
  node { name: "z" op: "Relu" input: "y" }
  node { name: "dead" op: "Sigmoid" input: "x" }
)pb";

TEST(ReadInteropGraphOps, OnlyNodesTheOutputsNeed) {
  const std::string dir = TempDir("graphs");
  Write(dir + "/g.pbtxt", kGraph);
  Write(dir + "/MANIFEST", "# comment\n\ng.pbtxt x z 2,3 1e-05 1e-05\n");
  absl::StatusOr<OpGraphs> ops = ReadInteropGraphOps(dir);
  ASSERT_TRUE(ops.ok()) << ops.status();
  OpGraphs want = {{"Placeholder", {"g.pbtxt"}}, {"Const", {"g.pbtxt"}}, {"AddV2", {"g.pbtxt"}},
                   {"Relu", {"g.pbtxt"}}};
  EXPECT_EQ(*ops, want);
}

TEST(ReadInteropGraphOps, UnknownOutputNamesTheManifestLine) {
  const std::string dir = TempDir("bad_graphs");
  Write(dir + "/g.pbtxt", kGraph);
  Write(dir + "/MANIFEST", "g.pbtxt x nope 2,3 1e-05 1e-05\n");
  absl::StatusOr<OpGraphs> ops = ReadInteropGraphOps(dir);
  ASSERT_FALSE(ops.ok());
  EXPECT_NE(ops.status().message().find("MANIFEST:1"), std::string::npos) << ops.status();
  EXPECT_NE(ops.status().message().find("'nope'"), std::string::npos) << ops.status();
}

TEST(ReadTestSources, OnlyTestFilesAndMissingFolderIsEmpty) {
  const std::string dir = TempDir("plugin");
  Write(dir + "/foo_test.cc", "Run(\"Foo\");");
  Write(dir + "/foo.cc", "\"Bar\"");
  absl::StatusOr<TestSources> tests = ReadTestSources(dir);
  ASSERT_TRUE(tests.ok());
  EXPECT_EQ(*tests, (TestSources{{"foo_test.cc", "Run(\"Foo\");"}}));
  absl::StatusOr<TestSources> none = ReadTestSources(dir + "/missing");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

OpRegistration Reg(const std::string& op, const std::string& plugin, std::vector<std::string> tflite) {
  OpRegistration r;
  r.op = op;
  r.plugin_id = plugin;
  r.tflite_ops = std::move(tflite);
  r.lower = [](LoweringContext&) { return absl::OkStatus(); };
  return r;
}

TEST(BuildCoverage, StatusesAndMarkdown) {
  OpRegistration add = Reg("Add", "p.math", {"ADD"});
  OpRegistration add_n = Reg("AddN", "p.math", {"ADD_N"});
  OpRegistration relu = Reg("Relu", "p.act", {"RELU"});
  OpRegistration only_listed = Reg("Selu", "p.act", {});
  only_listed.lower = nullptr;  // folded only
  only_listed.evaluate = [](const EvalContext&) -> absl::StatusOr<std::vector<Tensor>> {
    return std::vector<Tensor>{};
  };
  OpRegistration input = Reg("Placeholder", "p.graph", {});
  input.traits = kGraphInput;
  input.lower = nullptr;
  const OpGraphs graphs = {{"Relu", {"a.pbtxt", "b.pbtxt", "c.pbtxt", "d.pbtxt"}}, {"Placeholder", {"a.pbtxt"}}};
  const PluginTests tests = {
      // "AddN" must not make "Add" count as tested.
      {"p.math", {{"math_test.cc", "Run(\"AddN\", ...);"}}},
      // The load test lists every op: it does not count.
      {"p.act", {{"plugin_load_test.cc", "\"Relu\", \"Selu\""}, {"act_test.cc", "Run(\"Relu\")"}}},
  };
  std::vector<OpCoverage> rows = BuildCoverage({&add, &add_n, &input, &relu, &only_listed}, graphs, tests);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].status, TestStatus::kUntested);
  EXPECT_EQ(rows[1].status, TestStatus::kCpp);
  EXPECT_EQ(rows[1].cpp_tests, std::vector<std::string>{"math_test.cc"});
  EXPECT_EQ(rows[2].status, TestStatus::kInterop);
  EXPECT_EQ(rows[3].status, TestStatus::kInterop);  // interop wins over C++
  EXPECT_EQ(rows[3].cpp_tests, std::vector<std::string>{"act_test.cc"});
  EXPECT_EQ(rows[4].status, TestStatus::kUntested);
  EXPECT_EQ(UntestedOps(rows), (std::vector<std::string>{"Add (p.math)", "Selu (p.act)"}));

  const std::string md = CoverageMarkdown(rows);
  const std::string summary =
      "| plugin | TF ops | interop | C++ | untested |\n|---|---:|---:|---:|---:|\n"
      "| p.act | 2 | 1 | 0 | 1 |\n"
      "| p.graph | 1 | 1 | 0 | 0 |\n"
      "| p.math | 2 | 0 | 1 | 1 |\n"
      "| **all** | **5** | 2 | 1 | 2 |\n\n";
  const std::string table =
      "| TF op | plugin | TFLite | test | where |\n|---|---|---|---|---|\n"
      "| Add | p.math | ADD | untested |  |\n"
      "| AddN | p.math | ADD_N | C++ | math_test.cc |\n"
      "| Placeholder | p.graph | (model input) | interop | a.pbtxt |\n"
      "| Relu | p.act | RELU | interop | a.pbtxt, b.pbtxt, c.pbtxt +1 |\n"
      "| Selu | p.act | (folded only) | untested |  |\n";
  EXPECT_NE(md.find(summary + table), std::string::npos) << md;
  EXPECT_EQ(md.substr(md.size() - table.size()), table);

  const std::string json = CoverageJson(rows);
  EXPECT_NE(json.find("\"op\": \"AddN\",\n      \"plugin\": \"p.math\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"status\": \"untested\""), std::string::npos) << json;
}

}  // namespace
}  // namespace tfconv
