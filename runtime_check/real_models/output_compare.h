// Compares the reference interpreter's outputs with LiteRT.js's, output by output (both in the
// subgraph's output order): float outputs must agree within kRelTolerance relative to the reference,
// or kAbsTolerance for small values; integer, bool and quantized outputs must be equal, and where
// they are not the largest difference is reported in units of the last place (LSB).
//
//   OutputsDiff d = CompareOutputs(ours, litert);
//   d.within_tolerance();   // the verdict
//   d.Summary();            // "abs 2.4e-07, rel 1.1e-06" / "exact" / "max 1 LSB (3 of 1001 values)"
#ifndef TFCONV_RUNTIME_CHECK_REAL_MODELS_OUTPUT_COMPARE_H_
#define TFCONV_RUNTIME_CHECK_REAL_MODELS_OUTPUT_COMPARE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

inline constexpr double kRelTolerance = 1e-4;
inline constexpr double kAbsTolerance = 1e-5;

struct OutputDiff {
  std::string name;
  std::string problem;  // set when the pair cannot be compared (type, shape, name)
  bool is_float = false;
  bool quantized = false;
  int64_t num_elements = 0;
  int64_t mismatches = 0;   // elements out of tolerance (floats) or different (integers)
  double max_abs = 0;       // floats: over finite pairs; infinite for a non-finite mismatch
  double max_rel = 0;       // floats: |a-b|/|b| over b != 0
  double max_lsb = 0;       // integers: largest |a-b|
};

struct OutputsDiff {
  std::string problem;  // different output counts
  std::vector<OutputDiff> outputs;

  bool within_tolerance() const;
  bool exact() const;
  // The largest integer difference over the outputs (0 when none are integers).
  double max_lsb() const;
  double max_abs() const;
  // One line for the table's "max error" column.
  std::string Summary() const;
};

OutputDiff CompareOutput(const RtTensor& ours, const RtTensor& reference);
OutputsDiff CompareOutputs(absl::Span<const RtTensor> ours, absl::Span<const RtTensor> reference);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_REAL_MODELS_OUTPUT_COMPARE_H_
