// Prints the real-models table (model, ops, result, max error) for runtime_check/README.md; the same
// checks as real_models_test. Progress goes to stderr. Run it through make_table.sh.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "converter/tflite/testing/real_models.h"
#include "runtime_check/real_models/model_check.h"

int main() {
  tfconv::RealModels models = tfconv::FindRealModels();
  if (models.paths.empty()) {
    std::cerr << "real_models_table: " << (models.error.empty() ? models.skip_reason : models.error) << "\n";
    return 1;
  }
  absl::StatusOr<tfconv::ValidatorSetup> setup = tfconv::FindValidators();
  if (!setup.ok()) {
    std::cerr << "real_models_table: " << setup.status().message() << "\n";
    return 1;
  }
  tfconv::CheckOptions options;
  options.setup = *setup;
  char tmpl[] = "/tmp/real_models_table.XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    std::cerr << "real_models_table: cannot make a scratch folder\n";
    return 1;
  }
  options.work_dir = tmpl;
  std::vector<tfconv::ModelReport> rows;
  int failures = 0;
  for (const std::string& path : models.paths) {
    for (tfconv::ModelReport& r : tfconv::CheckRealModel(path, options)) {
      std::cerr << tfconv::VerdictName(r.verdict) << ": " << r.model << "\n";
      failures += r.failed();
      rows.push_back(std::move(r));
    }
  }
  std::cout << tfconv::MarkdownTable(rows);
  // The scratch files (inputs, LiteRT.js outputs and logs) are kept only when something fails.
  if (failures == 0) {
    std::error_code ec;
    std::filesystem::remove_all(tmpl, ec);
  } else {
    std::cerr << failures << " failing models; scratch files in " << tmpl << "\n";
  }
  return failures == 0 ? 0 : 3;
}
