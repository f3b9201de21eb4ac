// Writes a synthetic TF1 SavedModel (see synthetic_saved_model.h) for converter tests:
//   make_synthetic_saved_model --out=/tmp/m --variables=16 --variable_elements=16777216   # 1 GiB
#include <chrono>
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "converter/frontend/checkpoint/synthetic_saved_model.h"

ABSL_FLAG(std::string, out, "", "Directory to write the SavedModel into (created).");
ABSL_FLAG(int, variables, 2, "Number of float32 variables K (>= 1).");
ABSL_FLAG(int64_t, variable_elements, 4, "Elements M per variable; x and y are [1, M].");
ABSL_FLAG(
    bool, sharded_saver, false,
    "Write the sharded saver subgraph tf.saved_model.builder uses instead of tf.train.Saver's.");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) {
    std::fprintf(stderr, "make_synthetic_saved_model: --out=DIR is required\n");
    return 2;
  }
  tfconv::SyntheticSavedModelOptions options;
  options.num_variables = absl::GetFlag(FLAGS_variables);
  options.variable_elements = absl::GetFlag(FLAGS_variable_elements);
  options.sharded_saver = absl::GetFlag(FLAGS_sharded_saver);
  const auto start = std::chrono::steady_clock::now();
  absl::Status s = tfconv::WriteSyntheticSavedModel(out, options);
  if (!s.ok()) {
    std::fprintf(stderr, "make_synthetic_saved_model: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double mib =
      4.0 * options.num_variables * static_cast<double>(options.variable_elements) / (1 << 20);
  std::printf("wrote %s: %d variables x %lld floats (%.1f MiB) in %.2f s\n", out.c_str(),
              options.num_variables, static_cast<long long>(options.variable_elements), mib, secs);
  return 0;
}
