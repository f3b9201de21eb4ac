// Whole-file reads and atomic writes for the metadata tools.
//
//   absl::StatusOr<std::string> text = ReadFileBytes("desc.json");
//   absl::Status s = WriteFileAtomically("out.tflite", bytes);   // never leaves a partial file
#ifndef TFCONV_METADATA_WRITER_FILE_IO_H_
#define TFCONV_METADATA_WRITER_FILE_IO_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tfconv {

// NotFound / InvalidArgument naming `path` (and what it was for, when `what` is given).
absl::StatusOr<std::string> ReadFileBytes(const std::string& path, absl::string_view what = "");

// Writes a temporary file beside `path` and renames it into place; on error `path` is untouched
// and the temporary file removed.
absl::Status WriteFileAtomically(const std::string& path, absl::string_view bytes);

// The directory part of `path` ("" for a bare file name), and `rel` taken from `dir`.
std::string DirectoryOf(const std::string& path);
std::string JoinPath(const std::string& dir, const std::string& rel);
// The last component of `path`.
std::string BaseName(const std::string& path);

}  // namespace tfconv

#endif  // TFCONV_METADATA_WRITER_FILE_IO_H_
