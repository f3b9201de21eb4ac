// Associated files of a TFLite model: a zip archive appended after the flatbuffer (labels,
// vocabularies, ...), so that the .tflite stays a valid flatbuffer and is also a valid zip.
// Zip reading and writing is libzip's; this file only finds where the archive starts.
//
//   absl::StatusOr<std::vector<std::string>> names = ListAssociatedFiles(bytes, "model.tflite");
//   absl::StatusOr<std::string> labels = ExtractAssociatedFile(bytes, "labels.txt", "model.tflite");
//
//   // Model bytes (any zip already appended is dropped, never stacked) + a fresh zip:
//   absl::StatusOr<std::string> out =
//       AppendAssociatedFiles(model_bytes, {{"labels.txt", labels_text}}, "model.tflite");
//
// Written archives are deterministic: entries in the given order, stored uncompressed (as the
// official populator does, so readers can use the bytes in place), all dated 1980-01-01 00:00,
// and their offsets count from the start of the .tflite file, so `unzip -l model.tflite` works
// without warnings.
#ifndef TFCONV_METADATA_ARCHIVE_ASSOCIATED_FILES_H_
#define TFCONV_METADATA_ARCHIVE_ASSOCIATED_FILES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace tfconv {

struct AssociatedFileData {
  std::string name;  // entry name in the zip (the AssociatedFile.name of the metadata)
  std::string data;
};

// Where the appended zip starts. `model_size` is the length of the bytes before the zip (the whole
// size when there is none); `names` lists the entries in archive order. An empty archive (an
// end-of-central-directory record only, as the official populator leaves when given no files)
// counts as a zip with no entries. `where` names the file in error messages.
struct AppendedZip {
  size_t model_size = 0;
  bool has_zip = false;
  std::vector<std::string> names;
};
absl::StatusOr<AppendedZip> FindAppendedZip(absl::Span<const uint8_t> bytes, absl::string_view where);

// The names of the packed files, in archive order; empty when no zip is appended.
absl::StatusOr<std::vector<std::string>> ListAssociatedFiles(absl::Span<const uint8_t> bytes,
                                                             absl::string_view where);

// One packed file's bytes (CRC-checked); NotFound names the files that are there.
absl::StatusOr<std::string> ExtractAssociatedFile(absl::Span<const uint8_t> bytes, absl::string_view name,
                                                  absl::string_view where);

// Every packed file, in archive order.
absl::StatusOr<std::vector<AssociatedFileData>> ExtractAssociatedFiles(absl::Span<const uint8_t> bytes,
                                                                       absl::string_view where);

// `model` without any zip it already carries, followed by a new zip of `files` (no zip at all when
// `files` is empty). Names must be non-empty and unique.
absl::StatusOr<std::string> AppendAssociatedFiles(absl::Span<const uint8_t> model,
                                                  const std::vector<AssociatedFileData>& files,
                                                  absl::string_view where);

// Span helpers for callers holding std::string bytes.
inline absl::Span<const uint8_t> AsBytes(absl::string_view s) {
  return absl::Span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

}  // namespace tfconv

#endif  // TFCONV_METADATA_ARCHIVE_ASSOCIATED_FILES_H_
