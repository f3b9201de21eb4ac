#include "converter/frontend/keras/storage/keras_file_kind.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "converter/frontend/keras/storage/internal/signatures.h"

namespace tfconv {
namespace {

constexpr char kAccepted[] =
    "a Keras model file is either HDF5 (a Keras 2 / tf.keras .h5) or a zip (a Keras 3 .keras archive)";

bool IsFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

absl::Status DescribeDirectory(const std::string& path) {
  if (IsFile(path + "/saved_model.pb") || IsFile(path + "/saved_model.pbtxt")) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": is a SavedModel directory, not a Keras model file: use --saved_model_dir"));
  }
  if (IsFile(path + "/config.json") && IsFile(path + "/model.weights.h5")) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": is an unzipped Keras 3 model directory (saved with zipped=False): zip its config.json, "
              "metadata.json and model.weights.h5 into a .keras archive"));
  }
  return absl::InvalidArgumentError(absl::StrCat(path, ": is a directory; ", kAccepted));
}

// "89 50 4e 47 ... (\"\x89PNG...\")": the first bytes in hex and as text.
std::string DescribeBytes(const char* bytes, size_t n) {
  std::string hex, text;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    absl::StrAppend(&hex, i == 0 ? "" : " ", absl::StrFormat("%02x", c));
    text.push_back(std::isprint(c) ? static_cast<char>(c) : '.');
  }
  return absl::StrCat(hex, " (\"", text, "\")");
}

}  // namespace

absl::StatusOr<KerasFileKind> SniffKerasFile(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    int error = errno;
    if (error == ENOENT || error == ENOTDIR) return absl::NotFoundError(absl::StrCat(path, ": no such file"));
    return absl::PermissionDeniedError(absl::StrCat(path, ": cannot read: ", std::strerror(error)));
  }
  if (S_ISDIR(st.st_mode)) return DescribeDirectory(path);
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::PermissionDeniedError(absl::StrCat(path, ": cannot read: ", std::strerror(errno)));
  }
  char head[16] = {};
  ssize_t n = pread(fd, head, sizeof(head), 0);
  int64_t hdf5_at = storage_internal::FindHdf5Signature(
      n > 0 ? static_cast<uint64_t>(st.st_size) : 0, [&](uint64_t offset, char* out) {
        return pread(fd, out, sizeof(storage_internal::kHdf5Signature), static_cast<off_t>(offset)) ==
               static_cast<ssize_t>(sizeof(storage_internal::kHdf5Signature));
      });
  close(fd);
  if (n < 0) return absl::PermissionDeniedError(absl::StrCat(path, ": cannot read: ", std::strerror(errno)));
  if (n == 0) return absl::InvalidArgumentError(absl::StrCat(path, ": is empty; ", kAccepted));
  if (hdf5_at >= 0) return KerasFileKind::kH5;
  if (n >= 4 && (std::memcmp(head, storage_internal::kZipLocalHeader, 4) == 0 ||
                 std::memcmp(head, storage_internal::kZipEmptyArchive, 4) == 0)) {
    return KerasFileKind::kKerasArchive;
  }
  std::string start = absl::StrCat(path, ": starts with ", DescribeBytes(head, static_cast<size_t>(std::min<ssize_t>(n, 8))));
  if (n >= 8 && std::memcmp(head + 4, "TFL3", 4) == 0) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": is a TFLite model already (file identifier TFL3)"));
  }
  size_t first = 0;
  while (first < static_cast<size_t>(n) && std::isspace(static_cast<unsigned char>(head[first]))) ++first;
  if (first < static_cast<size_t>(n) && head[first] == '{') {
    return absl::InvalidArgumentError(absl::StrCat(
        start, ": JSON text (a model config alone has no weights: give the .h5 or .keras file); ", kAccepted));
  }
  if (absl::EndsWith(path, ".pb") || absl::EndsWith(path, ".pbtxt")) {
    return absl::InvalidArgumentError(absl::StrCat(
        start, ": a TensorFlow protobuf? for a frozen GraphDef use --graph_def_file, for a SavedModel pass its "
               "directory with --saved_model_dir; ", kAccepted));
  }
  return absl::InvalidArgumentError(absl::StrCat(start, ", which is neither; ", kAccepted));
}

}  // namespace tfconv
