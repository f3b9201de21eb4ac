// Every real model of ../shared/testdata/real whose ops the reference interpreter covers, run in
// the interpreter and in LiteRT.js on the default-pattern inputs: the outputs must agree (see
// output_compare.h for the tolerances), except for the entries of known_differences.cc. The table
// of all models (make_table.sh puts it in runtime_check/README.md) is written to the test's
// undeclared outputs as real_models.md.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "converter/tflite/testing/real_models.h"
#include "gtest/gtest.h"
#include "runtime_check/real_models/known_differences.h"
#include "runtime_check/real_models/model_check.h"

namespace tfconv {
namespace {

bool UnderCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

TEST(RealModels, ReferenceInterpreterMatchesLiteRtJs) {
  RealModels models = FindRealModels();
  if (!models.error.empty()) FAIL() << models.error;
  if (models.paths.empty()) GTEST_SKIP() << models.skip_reason;
  absl::StatusOr<ValidatorSetup> setup = FindValidators();
  if (!setup.ok()) {
    if (UnderCi()) FAIL() << setup.status();
    GTEST_SKIP() << setup.status();
  }
  CheckOptions options;
  options.setup = *setup;
  options.work_dir = ::testing::TempDir() + "/real_models";
  std::vector<ModelReport> rows;
  for (const std::string& path : models.paths) {
    for (ModelReport& r : CheckRealModel(path, options)) {
      std::cout << absl::StrFormat("%-20s %6.2fs %s: %s %s\n", VerdictName(r.verdict), r.seconds_ours, r.model,
                                   r.result, r.max_error);
      rows.push_back(std::move(r));
    }
  }
  const std::string table = MarkdownTable(rows);
  std::cout << "\n" << table;
  if (const char* dir = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR"); dir != nullptr && *dir != '\0') {
    std::ofstream(std::string(dir) + "/real_models.md") << table;
  }
  // Entries of known_differences.cc must name models that exist (a renamed model would otherwise
  // leave a stale entry behind silently).
  for (const KnownDifference& k : KnownDifferences()) {
    EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [&](const ModelReport& r) { return r.model == k.model; }))
        << "known-differences entry for " << k.model << " names no model";
  }
  for (const LiteRtLimit& l : LiteRtLimits()) {
    EXPECT_TRUE(std::any_of(rows.begin(), rows.end(),
                            [&](const ModelReport& r) { return absl::StartsWith(r.model, l.model_prefix); }))
        << "LiteRT.js-limit entry for " << l.model_prefix << " names no model";
  }
  for (const ModelReport& r : rows) {
    EXPECT_FALSE(r.failed()) << r.model << ": " << r.result << (r.max_error.empty() ? "" : "; ") << r.max_error;
  }
}

}  // namespace
}  // namespace tfconv
