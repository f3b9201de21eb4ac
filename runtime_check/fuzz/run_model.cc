#include "runtime_check/fuzz/run_model.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <new>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/io/tensor_io.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {
namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

int64_t SaturatingAdd(int64_t a, int64_t b) { return a > kInt64Max - b ? kInt64Max : a + b; }

int64_t TensorBytes(const TflTensor& t) {
  const int64_t size = TfliteTypeSize(t.type);
  int64_t n = size;
  for (int32_t d : t.shape) {
    if (d <= 0) return 0;
    if (n > kInt64Max / d) return kInt64Max;
    n *= d;
  }
  return n;
}

bool WriteAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// The child's virtual memory size in bytes (0 if unknown).
int64_t CurrentAddressSpace() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  long pages = 0;
  const int got = std::fscanf(f, "%ld", &pages);
  std::fclose(f);
  return got == 1 ? static_cast<int64_t>(pages) * sysconf(_SC_PAGESIZE) : 0;
}

// Child -> parent message: 'C' stage code message \0 detail, or 'E' what.
std::string EncodeOutcome(const RunOutcome& o) {
  std::string out = "C";
  out.push_back(static_cast<char>(o.stage));
  const int32_t code = static_cast<int32_t>(o.status.code());
  out.append(reinterpret_cast<const char*>(&code), 4);
  out.append(std::string(o.status.message()));
  out.push_back('\0');
  out.append(o.detail);
  return out;
}

bool DecodeOutcome(const std::string& bytes, RunOutcome* o) {
  if (bytes.size() < 6 || bytes[0] != 'C') return false;
  o->stage = static_cast<RunStage>(bytes[1]);
  int32_t code;
  std::memcpy(&code, &bytes[2], 4);
  const size_t zero = bytes.find('\0', 6);
  if (zero == std::string::npos) return false;
  o->status = absl::Status(static_cast<absl::StatusCode>(code), bytes.substr(6, zero - 6));
  o->detail = bytes.substr(zero + 1);
  return true;
}

}  // namespace

const char* RunStageName(RunStage stage) {
  switch (stage) {
    case RunStage::kRead: return "read";
    case RunStage::kCreate: return "create";
    case RunStage::kInputs: return "inputs";
    case RunStage::kInvoke: return "invoke";
    case RunStage::kDone: return "done";
    case RunStage::kSkipped: return "skipped";
  }
  return "?";
}

int64_t DeclaredBytes(const TflModel& model) {
  int64_t total = 0;
  for (const TflSubgraph& g : model.subgraphs) {
    for (const TflTensor& t : g.tensors) {
      const bool constant = t.buffer < model.buffers.size() && !model.buffers[t.buffer].data.empty();
      if (constant && !t.is_variable) continue;  // a view of the model's bytes
      total = SaturatingAdd(total, TensorBytes(t));
    }
  }
  return total;
}

RunOutcome RunModel(std::shared_ptr<const TflModel> model, int64_t max_declared_bytes, RunProgress* progress) {
  RunProgress local;
  RunProgress* p = progress != nullptr ? progress : &local;
  RunOutcome out;
  const int64_t declared = DeclaredBytes(*model);
  if (declared > max_declared_bytes) {
    out.stage = RunStage::kSkipped;
    out.detail = absl::StrCat("its tensors declare ", declared, " bytes");
    return out;
  }
  p->stage = RunStage::kCreate;
  absl::StatusOr<std::unique_ptr<Interpreter>> interp = Interpreter::Create(model, BuiltinKernels());
  if (!interp.ok()) {
    out.stage = RunStage::kCreate;
    out.status = interp.status();
    return out;
  }
  p->stage = RunStage::kInputs;
  absl::StatusOr<int> subgraph = (*interp)->SubgraphOfSignature("");
  if (!subgraph.ok()) {
    out.stage = RunStage::kInputs;
    out.status = subgraph.status();
    return out;
  }
  absl::StatusOr<std::vector<RtTensor>> inputs = MakeSubgraphInputs(*model, *subgraph, nullptr, {});
  if (!inputs.ok()) {
    out.stage = RunStage::kInputs;
    out.status = inputs.status();
    return out;
  }
  p->stage = RunStage::kInvoke;
  p->subgraph = *subgraph;
  p->next_op = 0;
  (*interp)->set_observer([p](int s, int op, const TflOperator&, KernelContext&) {
    p->subgraph = s;
    p->next_op = op + 1;
  });
  absl::StatusOr<std::vector<RtTensor>> outputs = (*interp)->Invoke(*subgraph, *inputs);
  if (!outputs.ok()) {
    out.stage = RunStage::kInvoke;
    out.status = outputs.status();
    return out;
  }
  p->stage = RunStage::kDone;
  return out;
}

RunOutcome ReadAndRunModel(absl::Span<const uint8_t> bytes, int64_t max_declared_bytes, RunProgress* progress) {
  if (progress != nullptr) progress->stage = RunStage::kRead;
  absl::StatusOr<TflModel> model = ReadModel(bytes, ByteBuffer());
  if (!model.ok()) {
    RunOutcome out;
    out.stage = RunStage::kRead;
    out.status = model.status();
    return out;
  }
  return RunModel(std::make_shared<const TflModel>(*std::move(model)), max_declared_bytes, progress);
}

std::string IsolatedResult::Describe() const {
  const std::string where =
      progress.stage == RunStage::kInvoke
          ? absl::StrCat("while invoking (subgraph ", progress.subgraph, ", operator ", progress.next_op, ")")
          : absl::StrCat("in stage '", RunStageName(progress.stage), "'");
  switch (kind) {
    case kCompleted:
      return absl::StrCat("stopped at ", RunStageName(outcome.stage), ": ",
                          outcome.status.ok() ? outcome.detail : outcome.status.ToString());
    case kCrashed: return absl::StrCat("CRASH (signal ", signal, " ", strsignal(signal), ") ", where);
    case kTimedOut: return absl::StrCat("HANG (no end within the time limit) ", where);
    case kException: return absl::StrCat("UNCAUGHT EXCEPTION (", exception, ") ", where);
  }
  return "?";
}

IsolatedResult RunIsolated(const std::function<RunOutcome(RunProgress*)>& fn, const IsolationLimits& limits) {
  IsolatedResult result;
  void* shared = mmap(nullptr, sizeof(RunProgress), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int fds[2];
  if (shared == MAP_FAILED || pipe(fds) != 0) {
    result.kind = IsolatedResult::kException;
    result.exception = "could not set up the child process";
    return result;
  }
  auto* progress = new (shared) RunProgress();
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    if (limits.extra_address_space > 0) {
      const int64_t now = CurrentAddressSpace();
      if (now > 0) {
        rlimit limit;
        limit.rlim_cur = limit.rlim_max = static_cast<rlim_t>(now + limits.extra_address_space);
        setrlimit(RLIMIT_AS, &limit);
      }
    }
    if (limits.timeout_seconds > 0) alarm(static_cast<unsigned>(limits.timeout_seconds));
    std::string message;
    try {
      message = EncodeOutcome(fn(progress));
    } catch (const std::exception& e) {
      message = absl::StrCat("E", e.what());
    } catch (...) {
      message = "Eunknown exception";
    }
    WriteAll(fds[1], message);
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    munmap(shared, sizeof(RunProgress));
    result.kind = IsolatedResult::kException;
    result.exception = "fork failed";
    return result;
  }
  const std::string message = ReadAll(fds[0]);
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.progress = *progress;
  munmap(shared, sizeof(RunProgress));
  if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
    result.kind = result.signal == SIGALRM ? IsolatedResult::kTimedOut : IsolatedResult::kCrashed;
    return result;
  }
  if (!message.empty() && message[0] == 'E') {
    result.kind = IsolatedResult::kException;
    result.exception = message.substr(1);
    return result;
  }
  if (!DecodeOutcome(message, &result.outcome)) {
    result.kind = IsolatedResult::kCrashed;  // exited without a report
    result.signal = 0;
  }
  return result;
}

}  // namespace tfconv
