#include "converter/frontend/keras/storage/keras_archive.h"

#include <zip.h>

#include <algorithm>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {
namespace {

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }  // read-only: nothing to write back
};
struct EntryCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

std::string OpenErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

// Reads one entry whole, checking its declared size, its compression and (through libzip) its CRC.
absl::StatusOr<std::string> ReadEntry(zip_t* archive, zip_int64_t index, uint64_t max_bytes,
                                      const std::string& where) {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive, static_cast<zip_uint64_t>(index), 0, &stat) < 0 || !(stat.valid & ZIP_STAT_SIZE)) {
    return absl::DataLossError(absl::StrCat(where, ": cannot read the entry's header: ", zip_strerror(archive)));
  }
  if (stat.size > max_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat(where, ": declares ", stat.size, " bytes, more than the ", max_bytes, " this converter reads"));
  }
  if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": is encrypted"));
  }
  if ((stat.valid & ZIP_STAT_COMP_METHOD) && !zip_compression_method_supported(stat.comp_method, 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": uses zip compression method ", stat.comp_method, ", which libzip cannot read"));
  }
  std::unique_ptr<zip_file_t, EntryCloser> file(zip_fopen_index(archive, static_cast<zip_uint64_t>(index), 0));
  if (file == nullptr) {
    return absl::DataLossError(absl::StrCat(where, ": cannot open the entry: ", zip_strerror(archive)));
  }
  std::string bytes;
  // Grow as data arrives rather than trusting the declared size for one big allocation.
  bytes.reserve(std::min<uint64_t>(stat.size, uint64_t{64} << 20));
  char chunk[1 << 16];
  while (true) {
    zip_int64_t n = zip_fread(file.get(), chunk, sizeof(chunk));
    if (n < 0) {
      return absl::DataLossError(absl::StrCat(where, ": is damaged: ", zip_file_strerror(file.get())));
    }
    if (n == 0) break;  // end of entry; libzip has verified the CRC by now
    if (bytes.size() + static_cast<uint64_t>(n) > stat.size) {
      return absl::DataLossError(absl::StrCat(where, ": holds more than the ", stat.size, " bytes it declares"));
    }
    bytes.append(chunk, static_cast<size_t>(n));
  }
  if (bytes.size() != stat.size) {
    return absl::DataLossError(
        absl::StrCat(where, ": holds ", bytes.size(), " bytes, but declares ", stat.size, " (truncated?)"));
  }
  return bytes;
}

}  // namespace

absl::StatusOr<KerasArchive> ReadKerasArchive(const std::string& path, uint64_t max_entry_bytes) {
  int code = 0;
  std::unique_ptr<zip_t, ArchiveCloser> archive(zip_open(path.c_str(), ZIP_RDONLY, &code));
  if (archive == nullptr) {
    switch (code) {
      case ZIP_ER_NOENT:
        return absl::NotFoundError(absl::StrCat(path, ": no such file"));
      case ZIP_ER_NOZIP:
        return absl::InvalidArgumentError(absl::StrCat(
            path, ": is not a zip archive (a Keras 3 .keras file is a zip holding config.json and model.weights.h5)"));
      case ZIP_ER_INCONS:
        return absl::DataLossError(absl::StrCat(path, ": is a damaged zip archive: ", OpenErrorText(code)));
      case ZIP_ER_OPEN:
      case ZIP_ER_READ:
        return absl::PermissionDeniedError(absl::StrCat(path, ": cannot read: ", OpenErrorText(code)));
      default:
        return absl::InvalidArgumentError(absl::StrCat(path, ": cannot open as a zip archive: ", OpenErrorText(code)));
    }
  }
  KerasArchive out;
  zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* name = zip_get_name(archive.get(), static_cast<zip_uint64_t>(i), 0);
    out.entry_names.push_back(name == nullptr ? "" : name);
  }
  auto locate = [&](const char* name) { return zip_name_locate(archive.get(), name, 0); };
  auto where = [&](const char* name) { return absl::StrCat(path, ": ", name); };
  auto listing = [&]() {
    std::vector<std::string> shown(out.entry_names.begin(),
                                   out.entry_names.begin() + std::min<size_t>(out.entry_names.size(), 8));
    return absl::StrCat(" (it holds: ", shown.empty() ? "nothing" : absl::StrJoin(shown, ", "),
                        out.entry_names.size() > shown.size() ? ", ..." : "", ")");
  };

  zip_int64_t config = locate("config.json");
  if (config < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " has no config.json: not a Keras 3 .keras archive", listing()));
  }
  zip_int64_t weights = locate("model.weights.h5");
  if (weights < 0) {
    if (locate("model.weights.npz") >= 0) {
      return absl::UnimplementedError(absl::StrCat(
          path, ": stores its weights as model.weights.npz (Keras 3's weights_format=\"npz\"), which is not "
                "supported: save the model again with the default weights format (h5)"));
    }
    return absl::InvalidArgumentError(
        absl::StrCat(path, " has no model.weights.h5: a Keras 3 .keras archive always has one", listing()));
  }
  absl::StatusOr<std::string> config_json = ReadEntry(archive.get(), config, max_entry_bytes, where("config.json"));
  if (!config_json.ok()) return config_json.status();
  out.config_json = *std::move(config_json);
  absl::StatusOr<std::string> weights_h5 = ReadEntry(archive.get(), weights, max_entry_bytes, where("model.weights.h5"));
  if (!weights_h5.ok()) return weights_h5.status();
  out.weights_h5 = *std::move(weights_h5);
  zip_int64_t metadata = locate("metadata.json");
  if (metadata >= 0) {
    absl::StatusOr<std::string> metadata_json = ReadEntry(archive.get(), metadata, max_entry_bytes, where("metadata.json"));
    if (!metadata_json.ok()) return metadata_json.status();
    out.metadata_json = *std::move(metadata_json);
  }
  return out;
}

}  // namespace tfconv
