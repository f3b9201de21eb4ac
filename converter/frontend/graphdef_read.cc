// Reading GraphDef bytes: binary protobuf streamed from the file, or protobuf text format.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "converter/frontend/graphdef_import.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/text_format.h"

namespace tfconv {
namespace {

namespace pbio = google::protobuf::io;

// How much of a file is sniffed to tell text from binary.
constexpr size_t kSniffBytes = 4096;

// Keeps the first text-format error (with 1-based line and column) and counts the rest.
class FirstErrorCollector : public pbio::ErrorCollector {
 public:
  void AddError(int line, pbio::ColumnNumber column, const std::string& message) override {
    if (count_++ == 0) {
      first_ = line < 0 ? message
                        : absl::StrCat("line ", line + 1, ", column ", column + 1, ": ", message);
    }
  }
  void AddWarning(int, pbio::ColumnNumber, const std::string&) override {}

  std::string Describe() const {
    if (count_ == 0) return "the text could not be parsed";
    if (count_ == 1) return first_;
    return absl::StrCat(first_, " (and ", count_ - 1, " more error(s))");
  }

 private:
  int count_ = 0;
  std::string first_;
};

bool HasTextExtension(const std::string& path) {
  std::string lower = absl::AsciiStrToLower(path);
  return absl::EndsWith(lower, ".pbtxt") || absl::EndsWith(lower, ".pbtext") ||
         absl::EndsWith(lower, ".txt");
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Text format is printable ASCII or UTF-8 plus tab/CR/LF; a binary GraphDef almost always has
// small length bytes within its first few hundred bytes.
bool LooksLikeText(absl::string_view head) {
  if (head.empty()) return false;
  for (unsigned char c : head) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

absl::Status ParseText(pbio::ZeroCopyInputStream* input, const std::string& source,
                       tensorflow::GraphDef* out) {
  FirstErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.Parse(input, out)) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": not a valid text GraphDef: ", errors.Describe()));
  }
  return absl::OkStatus();
}

absl::Status NotBinaryError(const std::string& source) {
  return absl::InvalidArgumentError(absl::StrCat(
      source, ": not a valid binary GraphDef (the file is truncated or corrupt, a name is not "
              "valid UTF-8, or it holds another kind of protobuf); a text GraphDef needs the "
              "extension .pbtxt"));
}

absl::Status CheckHasNodes(const tensorflow::GraphDef& def, const std::string& source) {
  if (def.node_size() > 0) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      source, ": the GraphDef holds no nodes; is this a TensorFlow GraphDef (frozen graph)?"));
}

// Owns a file descriptor for the duration of a read.
class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ~ScopedFd() {
    if (fd_ >= 0) close(fd_);
  }
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string ReadHead(int fd) {
  std::string head(kSniffBytes, '\0');
  ssize_t n = pread(fd, head.data(), head.size(), 0);
  head.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return head;
}

absl::Status ParseTextFile(int fd, const std::string& path, tensorflow::GraphDef* out) {
  if (lseek(fd, 0, SEEK_SET) != 0) {
    return absl::InternalError(absl::StrCat(path, ": cannot rewind: ", std::strerror(errno)));
  }
  out->Clear();
  pbio::FileInputStream input(fd);
  absl::Status s = ParseText(&input, path, out);
  if (!s.ok()) return s;
  if (input.GetErrno() != 0) {
    return absl::DataLossError(absl::StrCat(path, ": read error: ", std::strerror(input.GetErrno())));
  }
  return absl::OkStatus();
}

// Streams the binary proto from the file; true when it parsed completely.
bool ParseBinaryFile(int fd, tensorflow::GraphDef* out, int* read_errno) {
  pbio::FileInputStream input(fd);
  // Our error names the file; protobuf's own log line (e.g. about invalid UTF-8) would only repeat it.
  google::protobuf::LogSilencer quiet;
  bool ok;
  {
    pbio::CodedInputStream coded(&input);
    coded.SetTotalBytesLimit(INT_MAX);  // protobuf's ceiling for one message (2 GiB)
    ok = out->ParseFromCodedStream(&coded) && coded.ConsumedEntireMessage();
  }
  *read_errno = input.GetErrno();
  return ok && *read_errno == 0;
}

}  // namespace

absl::StatusOr<tensorflow::GraphDef> ReadGraphDefFile(const std::string& path) {
  const std::string base = BaseName(path);
  if (base == "saved_model.pb" || base == "saved_model.pbtxt") {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": this is a SavedModel, not a frozen GraphDef; pass its directory as the SavedModel "
              "(--saved_model_dir)"));
  }
  ScopedFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  }
  struct stat st;
  if (fstat(fd.get(), &st) != 0) {
    return absl::InternalError(absl::StrCat(path, ": cannot stat: ", std::strerror(errno)));
  }
  if (S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": is a directory; a frozen GraphDef is one .pb/.pbtxt file (a SavedModel directory "
              "goes to --saved_model_dir)"));
  }
  if (st.st_size == 0) return absl::InvalidArgumentError(absl::StrCat(path, ": the file is empty"));

  tensorflow::GraphDef def;
  if (HasTextExtension(path)) {
    absl::Status s = ParseTextFile(fd.get(), path, &def);
    if (!s.ok()) return s;
    s = CheckHasNodes(def, path);
    if (!s.ok()) return s;
    return def;
  }
  if (st.st_size > INT_MAX) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": the file has ", st.st_size, " bytes; protobuf cannot parse a single GraphDef over "
        "2 GiB (export such a model as a SavedModel, whose weights live in the checkpoint)"));
  }
  int read_errno = 0;
  const bool binary_ok = ParseBinaryFile(fd.get(), &def, &read_errno);
  if (read_errno != 0) {
    return absl::DataLossError(absl::StrCat(path, ": read error: ", std::strerror(read_errno)));
  }
  if (binary_ok && def.node_size() > 0) return def;
  // A text GraphDef under another extension: try text before giving up.
  if (LooksLikeText(ReadHead(fd.get()))) {
    absl::Status s = ParseTextFile(fd.get(), path, &def);
    if (!s.ok()) return s;
    s = CheckHasNodes(def, path);
    if (!s.ok()) return s;
    return def;
  }
  if (!binary_ok) return NotBinaryError(path);
  return CheckHasNodes(def, path);
}

absl::StatusOr<tensorflow::GraphDef> ParseGraphDefBytes(absl::string_view bytes, bool text,
                                                        const std::string& source_name) {
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return absl::InvalidArgumentError(
        absl::StrCat(source_name, ": over 2 GiB, more than protobuf parses as one message"));
  }
  tensorflow::GraphDef def;
  if (text) {
    pbio::ArrayInputStream input(bytes.data(), static_cast<int>(bytes.size()));
    absl::Status s = ParseText(&input, source_name, &def);
    if (!s.ok()) return s;
  } else {
    google::protobuf::LogSilencer quiet;
    if (!def.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return NotBinaryError(source_name);
    }
  }
  absl::Status s = CheckHasNodes(def, source_name);
  if (!s.ok()) return s;
  return def;
}

}  // namespace tfconv
