// Runs one real .tflite model in the reference interpreter and in LiteRT.js (node run_litert.mjs)
// on the same inputs (the shared default pattern) and classifies the outcome, for the real-models
// test and the table in runtime_check/README.md.
//
//   absl::StatusOr<ValidatorSetup> setup = FindValidators();   // needs ../shared and node
//   std::vector<ModelReport> rows = CheckRealModel(path, options);   // one row per signature run
//   std::cout << MarkdownTable(rows);
#ifndef TFCONV_RUNTIME_CHECK_REAL_MODELS_MODEL_CHECK_H_
#define TFCONV_RUNTIME_CHECK_REAL_MODELS_MODEL_CHECK_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tfconv {

// Where the validators are: <shared>/validators/run_litert.mjs ($TFCONV_SHARED_DIR, default
// /work/shared) with its runtimes in $TFLITE_VALIDATORS_DIR (default ~/.cache/tflite-validators).
struct ValidatorSetup {
  std::string shared_dir;
  std::string real_dir;        // <shared>/testdata/real
  std::string run_litert;      // <shared>/validators/run_litert.mjs
  std::string validators_dir;  // exported to node as TFLITE_VALIDATORS_DIR
};
// NOT_FOUND naming what is missing (the shared folder, the runtimes, node).
absl::StatusOr<ValidatorSetup> FindValidators();

enum class Verdict {
  kMatch,             // within tolerance
  kKnownDifference,   // differs within the bound of a known-differences entry
  kDiffers,           // failure
  kOursFailed,        // failure: LiteRT.js runs it, we do not (or not the way we should)
  kNotCovered,        // some op (or type combination) has no kernel yet
  kLiteRtCannotRun,   // a limit of LiteRT.js 2.5.3 (variables, bad quantization...), not ours
  kNoDefaultInputs,   // string inputs: the default pattern has no values for them
};
const char* VerdictName(Verdict v);

struct ModelReport {
  std::string model;      // path relative to the real-models folder, "[signature]" appended when several
  std::string ops;        // "CONV_2D, DEPTHWISE_CONV_2D, ..." (all subgraphs, first use order)
  Verdict verdict = Verdict::kMatch;
  std::string result;     // "match", "not covered: LSTM", "LiteRT.js cannot run: ...", ...
  std::string max_error;  // "abs 2.4e-07, rel 1.1e-06", "exact", "max 1 LSB (3 of 1001 values)"
  double seconds_ours = 0;
  bool failed() const { return verdict == Verdict::kDiffers || verdict == Verdict::kOursFailed; }
};

struct CheckOptions {
  ValidatorSetup setup;
  std::string work_dir;  // scratch for inputs and LiteRT.js's outputs
  double litert_timeout_seconds = 120;
};

// One report per signature when the model has several, else one.
std::vector<ModelReport> CheckRealModel(const std::string& path, const CheckOptions& options);

// Why LiteRT.js failed, from the log of run_litert.mjs: the first "ERROR: ..." message (LiteRT
// logs the cause before its "FAILED to ..." line), else the FAILED line; the model's folder is
// left out. Empty when the log shows no error (LiteRT.js may log one and still exit 0).
std::string LiteRtFailureReason(const std::string& log, const std::string& model_path);

// Counts by verdict, then a table | model | ops | result | max error |.
std::string MarkdownTable(const std::vector<ModelReport>& rows);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_REAL_MODELS_MODEL_CHECK_H_
