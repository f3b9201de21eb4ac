// ReadKerasArchive: the parts of a Keras 3 `.keras` file, a zip archive holding config.json (the model
// architecture), metadata.json (keras_version, date_saved) and model.weights.h5 (the weights, an HDF5
// file laid out by Keras 3's saving_lib).
//
//   absl::StatusOr<KerasArchive> archive = ReadKerasArchive("model.keras");
//   if (!archive.ok()) return archive.status();
//   absl::StatusOr<H5File> weights = H5File::OpenImage(std::move(archive->weights_h5), "model.keras:model.weights.h5");
//
// Every entry is checked against its CRC while read; entries larger than 4 GiB are refused before
// anything is allocated for them.
#ifndef TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_KERAS_ARCHIVE_H_
#define TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_KERAS_ARCHIVE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tfconv {

struct KerasArchive {
  std::string config_json;
  std::string metadata_json;  // empty when the archive has none
  std::string weights_h5;
  std::vector<std::string> entry_names;  // every entry, in archive order (assets/... included)
};

// The largest entry read by default; a larger declared size is refused.
inline constexpr uint64_t kMaxKerasArchiveEntryBytes = uint64_t{4} << 30;

absl::StatusOr<KerasArchive> ReadKerasArchive(const std::string& path,
                                              uint64_t max_entry_bytes = kMaxKerasArchiveEntryBytes);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_KERAS_ARCHIVE_H_
