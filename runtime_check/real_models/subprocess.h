// A child process with its output in a log file, for driving the validators (node run_litert.mjs)
// while the reference interpreter runs in this process.
//
//   absl::StatusOr<ChildProcess> p = ChildProcess::Start({"node", "run_litert.mjs", "m.tflite"}, "log.txt");
//   ...other work...
//   absl::StatusOr<int> exit_code = p->Wait(/*timeout_seconds=*/60);
#ifndef TFCONV_RUNTIME_CHECK_REAL_MODELS_SUBPROCESS_H_
#define TFCONV_RUNTIME_CHECK_REAL_MODELS_SUBPROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tfconv {

class ChildProcess {
 public:
  // argv[0] is searched on PATH; stdout and stderr both go to `log_path` (truncated).
  static absl::StatusOr<ChildProcess> Start(const std::vector<std::string>& argv, const std::string& log_path);
  ChildProcess(ChildProcess&& other) noexcept : pid_(other.pid_) { other.pid_ = -1; }
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  // Kills a child that was not waited for.
  ~ChildProcess();

  // The exit code (128 + signal when killed by a signal); DEADLINE_EXCEEDED after killing a child
  // that ran longer than `timeout_seconds`.
  absl::StatusOr<int> Wait(double timeout_seconds);

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
};

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_REAL_MODELS_SUBPROCESS_H_
