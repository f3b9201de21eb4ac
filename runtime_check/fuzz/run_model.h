// Runs a (possibly corrupt) model through the reference interpreter the way tflite_run does:
// Create with the built-in kernels, default-pattern inputs for the run subgraph, Invoke. Every
// stage must end in OK or a status; RunIsolated runs it in a child process so that a crash, a hang
// or an uncaught exception is reported instead of ending the caller.
//
//   RunOutcome r = RunModel(model, /*max_declared_bytes=*/256 << 20);
//   if (r.stage == RunStage::kSkipped) ...  // too large to allocate
//   IsolatedResult ir = RunIsolated([&] { return RunModel(model, limit); }, {.timeout_seconds = 10});
//   if (ir.kind != IsolatedResult::kCompleted) ...  // crash, hang or exception: a bug
#ifndef TFCONV_RUNTIME_CHECK_FUZZ_RUN_MODEL_H_
#define TFCONV_RUNTIME_CHECK_FUZZ_RUN_MODEL_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "converter/tflite/model_ir.h"

namespace tfconv {

enum class RunStage { kRead, kCreate, kInputs, kInvoke, kDone, kSkipped };
const char* RunStageName(RunStage stage);

struct RunOutcome {
  RunStage stage = RunStage::kDone;  // where it stopped; kDone when the model ran
  absl::Status status;               // OK for kDone and kSkipped
  std::string detail;                // kSkipped: why
};

// Bytes that Interpreter::Create allocates for the model's non-constant tensors (and variables)
// by their declared shapes, saturating at INT64_MAX. Negative dimensions count as 0, as the
// interpreter counts them.
int64_t DeclaredBytes(const TflModel& model);

// Where the interpreter was last seen: the operator after the last one that finished.
struct RunProgress {
  RunStage stage = RunStage::kRead;
  int subgraph = -1;
  int next_op = 0;
};

// Create, inputs and Invoke of the run subgraph (the only signature's, else 0). Models whose
// declared tensors exceed `max_declared_bytes` are not created (kSkipped): Create would allocate
// them. `progress`, when given, is updated after every operator.
RunOutcome RunModel(std::shared_ptr<const TflModel> model, int64_t max_declared_bytes,
                    RunProgress* progress = nullptr);
// ReadModel of the bytes first (a failure there ends at kRead).
RunOutcome ReadAndRunModel(absl::Span<const uint8_t> bytes, int64_t max_declared_bytes,
                           RunProgress* progress = nullptr);

struct IsolationLimits {
  int timeout_seconds = 10;
  // Address space the child may add to the parent's (0: no limit); an allocation beyond it
  // fails with std::bad_alloc, which is reported as kException.
  int64_t extra_address_space = int64_t{1} << 30;
};

struct IsolatedResult {
  enum Kind { kCompleted, kCrashed, kTimedOut, kException } kind = kCompleted;
  RunOutcome outcome;     // kCompleted
  int signal = 0;         // kCrashed, kTimedOut
  std::string exception;  // kException: what()
  RunProgress progress;   // the last operator seen running
  std::string Describe() const;
};

// Runs `fn` in a forked child. `fn` receives a progress record that the parent reads after the
// child ends, even when it crashed.
IsolatedResult RunIsolated(const std::function<RunOutcome(RunProgress*)>& fn, const IsolationLimits& limits);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_FUZZ_RUN_MODEL_H_
