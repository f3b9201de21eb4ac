#include "metadata/archive/associated_files.h"

#include <zip.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {
namespace {

// Largest packed file read back; a larger declared size is refused before allocating.
constexpr uint64_t kMaxEntryBytes = uint64_t{1} << 30;
// Fixed DOS date of every written entry: 1980-01-01 (year 0, month 1, day 1), time 00:00:00.
constexpr zip_uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;
constexpr zip_uint16_t kDosTime = 0;

// Sizes and signatures of the zip records we look at to find where the archive begins
// (PKWARE APPNOTE 4.3.12 and 4.3.16).
constexpr size_t kEocdSize = 22;
constexpr size_t kCentralHeaderSize = 46;
constexpr uint32_t kEocdSignature = 0x06054b50;
constexpr uint32_t kCentralSignature = 0x02014b50;
constexpr uint32_t kLocalSignature = 0x04034b50;

uint32_t Le32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}
uint16_t Le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }

struct ArchiveDiscarder {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using ArchivePtr = std::unique_ptr<zip_t, ArchiveDiscarder>;
struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

std::string ZipErrorText(zip_error_t* error) { return zip_error_strerror(error); }

// The layout found from the end-of-central-directory record. `base` is where offset 0 of the
// archive lies in the file: 0 when offsets count from the file start (what populators write),
// the archive start when a zip was simply concatenated to the model.
struct Layout {
  size_t zip_start = 0;
  size_t base = 0;
  uint64_t entries = 0;
};

absl::StatusOr<std::optional<Layout>> FindLayout(absl::Span<const uint8_t> bytes, absl::string_view where) {
  const size_t size = bytes.size();
  if (size < kEocdSize) return std::optional<Layout>();
  // The record ends the file, followed only by its comment (at most 65535 bytes). Requiring that
  // the comment length reaches exactly the end keeps stray signature bytes in weights from counting.
  const size_t lowest = size - kEocdSize - std::min<size_t>(size - kEocdSize, 0xffff);
  std::optional<size_t> eocd;
  for (size_t pos = size - kEocdSize + 1; pos-- > lowest;) {
    const uint8_t* p = bytes.data() + pos;
    if (Le32(p) == kEocdSignature && pos + kEocdSize + Le16(p + 20) == size) {
      eocd = pos;
      break;
    }
  }
  if (!eocd) return std::optional<Layout>();
  const uint8_t* e = bytes.data() + *eocd;
  const uint16_t disk = Le16(e + 4), cd_disk = Le16(e + 6);
  const uint16_t disk_entries = Le16(e + 8), entries = Le16(e + 10);
  const uint32_t cd_size = Le32(e + 12), cd_offset = Le32(e + 16);
  auto damaged = [&](absl::string_view what) {
    return absl::DataLossError(absl::StrCat(where, ": the zip archive appended after the model is damaged: ", what,
                                            "; write the associated files again (tflite_metadata)"));
  };
  if (entries == 0xffff || cd_size == 0xffffffffu || cd_offset == 0xffffffffu) {
    return absl::UnimplementedError(
        absl::StrCat(where, ": the appended zip archive is a Zip64 archive, which is not supported here"));
  }
  if (disk != 0 || cd_disk != 0 || disk_entries != entries) return damaged("it claims to span several disks");
  if (cd_size > *eocd) return damaged("its central directory would start before the file");
  const size_t cd_start = *eocd - cd_size;
  if (cd_offset > cd_start) return damaged("its central directory offset points past the directory");
  Layout layout;
  layout.base = cd_start - cd_offset;
  layout.entries = entries;
  layout.zip_start = cd_start;
  size_t pos = cd_start;
  for (uint16_t i = 0; i < entries; ++i) {
    if (pos + kCentralHeaderSize > *eocd || Le32(bytes.data() + pos) != kCentralSignature) {
      return damaged(absl::StrCat("central directory entry ", i, " of ", entries, " is missing"));
    }
    const uint8_t* c = bytes.data() + pos;
    const size_t local = layout.base + Le32(c + 42);
    if (local + 4 > cd_start || Le32(bytes.data() + local) != kLocalSignature) {
      return damaged(absl::StrCat("the local header of entry ", i, " is not where the directory says"));
    }
    layout.zip_start = std::min(layout.zip_start, local);
    pos += kCentralHeaderSize + size_t{Le16(c + 28)} + Le16(c + 30) + Le16(c + 32);
  }
  return std::optional<Layout>(layout);
}

// Opens the archive with libzip (consistency checks on), reading the bytes in place.
absl::StatusOr<ArchivePtr> OpenArchive(absl::Span<const uint8_t> bytes, const Layout& layout,
                                       absl::string_view where) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data() + layout.base, bytes.size() - layout.base, 0, &error);
  if (source == nullptr) {
    std::string text = ZipErrorText(&error);
    zip_error_fini(&error);
    return absl::InternalError(absl::StrCat(where, ": libzip cannot wrap the file's bytes: ", text));
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    std::string text = ZipErrorText(&error);
    zip_error_fini(&error);
    return absl::DataLossError(absl::StrCat(where, ": the zip archive appended after the model is damaged (", text,
                                            "); write the associated files again (tflite_metadata)"));
  }
  zip_error_fini(&error);
  return ArchivePtr(archive);
}

absl::StatusOr<std::vector<std::string>> EntryNames(zip_t* archive, absl::string_view where) {
  std::vector<std::string> names;
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* name = zip_get_name(archive, static_cast<zip_uint64_t>(i), 0);
    if (name == nullptr) {
      return absl::DataLossError(absl::StrCat(where, ": appended zip entry ", i, " has no readable name: ",
                                              zip_strerror(archive)));
    }
    names.emplace_back(name);
  }
  return names;
}

absl::StatusOr<std::string> ReadEntry(zip_t* archive, zip_uint64_t index, absl::string_view entry_where) {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive, index, 0, &stat) < 0 || !(stat.valid & ZIP_STAT_SIZE)) {
    return absl::DataLossError(absl::StrCat(entry_where, ": cannot read the entry's header: ", zip_strerror(archive)));
  }
  if (stat.size > kMaxEntryBytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat(entry_where, ": declares ", stat.size, " bytes, more than the ", kMaxEntryBytes, " read here"));
  }
  if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE) {
    return absl::InvalidArgumentError(absl::StrCat(entry_where, ": is encrypted"));
  }
  std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive, index, 0));
  if (file == nullptr) {
    return absl::DataLossError(absl::StrCat(entry_where, ": cannot open the entry: ", zip_strerror(archive)));
  }
  std::string data;
  data.reserve(static_cast<size_t>(std::min<uint64_t>(stat.size, uint64_t{64} << 20)));
  char chunk[1 << 16];
  while (true) {
    const zip_int64_t n = zip_fread(file.get(), chunk, sizeof(chunk));
    if (n < 0) return absl::DataLossError(absl::StrCat(entry_where, ": is damaged: ", zip_file_strerror(file.get())));
    if (n == 0) break;  // libzip has checked the CRC by now
    if (data.size() + static_cast<uint64_t>(n) > stat.size) {
      return absl::DataLossError(absl::StrCat(entry_where, ": holds more than the ", stat.size, " bytes it declares"));
    }
    data.append(chunk, static_cast<size_t>(n));
  }
  if (data.size() != stat.size) {
    return absl::DataLossError(
        absl::StrCat(entry_where, ": holds ", data.size(), " bytes but declares ", stat.size, " (truncated?)"));
  }
  return data;
}

// A libzip source that writes the new archive after the model bytes. Positions it reports are file
// positions, so the offsets libzip records count from the start of the .tflite file. Reading
// presents an empty, new archive.
struct AppendSink {
  std::string out;
  size_t floor = 0;  // model size: nothing before it is ever written
  uint64_t pos = 0;
  bool committed = false;
  zip_error_t error;
};

zip_int64_t AppendSinkCallback(void* state, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto* sink = static_cast<AppendSink*>(state);
  switch (cmd) {
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(
          ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
          ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL, ZIP_SOURCE_BEGIN_WRITE, ZIP_SOURCE_COMMIT_WRITE,
          ZIP_SOURCE_ROLLBACK_WRITE, ZIP_SOURCE_WRITE, ZIP_SOURCE_SEEK_WRITE, ZIP_SOURCE_TELL_WRITE,
          ZIP_SOURCE_REMOVE, -1);
    case ZIP_SOURCE_STAT: {
      zip_stat_t* st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &sink->error);
      if (st == nullptr) return -1;
      zip_stat_init(st);
      st->size = 0;
      st->valid |= ZIP_STAT_SIZE;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_OPEN:
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:
    case ZIP_SOURCE_READ:
    case ZIP_SOURCE_TELL:
      return 0;
    case ZIP_SOURCE_SEEK:
      return zip_source_seek_compute_offset(0, 0, data, len, &sink->error) < 0 ? -1 : 0;
    case ZIP_SOURCE_BEGIN_WRITE:
      sink->out.resize(sink->floor);
      sink->pos = sink->floor;
      sink->committed = false;
      return 0;
    case ZIP_SOURCE_WRITE: {
      if (sink->pos + len > sink->out.size()) sink->out.resize(static_cast<size_t>(sink->pos + len));
      std::memcpy(&sink->out[static_cast<size_t>(sink->pos)], data, static_cast<size_t>(len));
      sink->pos += len;
      return static_cast<zip_int64_t>(len);
    }
    case ZIP_SOURCE_SEEK_WRITE: {
      const zip_int64_t to = zip_source_seek_compute_offset(sink->pos, sink->out.size(), data, len, &sink->error);
      if (to < 0) return -1;
      if (static_cast<uint64_t>(to) < sink->floor) {
        zip_error_set(&sink->error, ZIP_ER_SEEK, 0);
        return -1;
      }
      sink->pos = static_cast<uint64_t>(to);
      return 0;
    }
    case ZIP_SOURCE_TELL_WRITE:
      return static_cast<zip_int64_t>(sink->pos);
    case ZIP_SOURCE_COMMIT_WRITE:
      sink->committed = true;
      return 0;
    case ZIP_SOURCE_ROLLBACK_WRITE:
      sink->out.resize(sink->floor);
      return 0;
    case ZIP_SOURCE_REMOVE:
      return 0;
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&sink->error, data, len);
    default:
      zip_error_set(&sink->error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
  }
}

}  // namespace

absl::StatusOr<AppendedZip> FindAppendedZip(absl::Span<const uint8_t> bytes, absl::string_view where) {
  absl::StatusOr<std::optional<Layout>> layout = FindLayout(bytes, where);
  if (!layout.ok()) return layout.status();
  AppendedZip result;
  result.model_size = bytes.size();
  if (!layout->has_value()) return result;
  result.has_zip = true;
  result.model_size = (*layout)->zip_start;
  if ((*layout)->entries == 0) return result;
  absl::StatusOr<ArchivePtr> archive = OpenArchive(bytes, **layout, where);
  if (!archive.ok()) return archive.status();
  absl::StatusOr<std::vector<std::string>> names = EntryNames(archive->get(), where);
  if (!names.ok()) return names.status();
  result.names = *std::move(names);
  return result;
}

absl::StatusOr<std::vector<std::string>> ListAssociatedFiles(absl::Span<const uint8_t> bytes,
                                                             absl::string_view where) {
  absl::StatusOr<AppendedZip> zip = FindAppendedZip(bytes, where);
  if (!zip.ok()) return zip.status();
  return std::move(zip->names);
}

absl::StatusOr<std::vector<AssociatedFileData>> ExtractAssociatedFiles(absl::Span<const uint8_t> bytes,
                                                                       absl::string_view where) {
  absl::StatusOr<std::optional<Layout>> layout = FindLayout(bytes, where);
  if (!layout.ok()) return layout.status();
  std::vector<AssociatedFileData> files;
  if (!layout->has_value() || (*layout)->entries == 0) return files;
  absl::StatusOr<ArchivePtr> archive = OpenArchive(bytes, **layout, where);
  if (!archive.ok()) return archive.status();
  absl::StatusOr<std::vector<std::string>> names = EntryNames(archive->get(), where);
  if (!names.ok()) return names.status();
  for (size_t i = 0; i < names->size(); ++i) {
    absl::StatusOr<std::string> data =
        ReadEntry(archive->get(), i, absl::StrCat(where, ": packed file ", (*names)[i]));
    if (!data.ok()) return data.status();
    files.push_back({(*names)[i], *std::move(data)});
  }
  return files;
}

absl::StatusOr<std::string> ExtractAssociatedFile(absl::Span<const uint8_t> bytes, absl::string_view name,
                                                  absl::string_view where) {
  absl::StatusOr<std::optional<Layout>> layout = FindLayout(bytes, where);
  if (!layout.ok()) return layout.status();
  if (!layout->has_value() || (*layout)->entries == 0) {
    return absl::NotFoundError(
        absl::StrCat(where, ": has no packed file ", name, ": no associated files are appended to the model"));
  }
  absl::StatusOr<ArchivePtr> archive = OpenArchive(bytes, **layout, where);
  if (!archive.ok()) return archive.status();
  const std::string key(name);
  const zip_int64_t index = zip_name_locate(archive->get(), key.c_str(), 0);
  if (index < 0) {
    absl::StatusOr<std::vector<std::string>> names = EntryNames(archive->get(), where);
    return absl::NotFoundError(absl::StrCat(where, ": has no packed file ", name, " (it holds: ",
                                            names.ok() ? absl::StrJoin(*names, ", ") : "unreadable names", ")"));
  }
  return ReadEntry(archive->get(), static_cast<zip_uint64_t>(index), absl::StrCat(where, ": packed file ", name));
}

absl::StatusOr<std::string> AppendAssociatedFiles(absl::Span<const uint8_t> model,
                                                  const std::vector<AssociatedFileData>& files,
                                                  absl::string_view where) {
  absl::StatusOr<std::optional<Layout>> layout = FindLayout(model, where);
  if (!layout.ok()) return layout.status();
  const size_t model_size = layout->has_value() ? (*layout)->zip_start : model.size();
  std::set<std::string> seen;
  for (const AssociatedFileData& file : files) {
    if (file.name.empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": an associated file has no name"));
    if (file.name.size() > 0xffff) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": associated file name is longer than 65535 bytes"));
    }
    if (!seen.insert(file.name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": associated file ", file.name, " is given twice; zip entry names must be unique"));
    }
    if (file.data.size() >= 0xffffffffu) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": associated file ", file.name, " is 4 GiB or larger (Zip64 is not written)"));
    }
  }
  AppendSink sink;
  sink.out.assign(reinterpret_cast<const char*>(model.data()), model_size);
  sink.floor = model_size;
  if (files.empty()) return std::move(sink.out);
  zip_error_init(&sink.error);
  zip_error_t error;
  zip_error_init(&error);
  auto fail = [&](absl::string_view what, const std::string& detail) {
    zip_error_fini(&error);
    zip_error_fini(&sink.error);
    return absl::InternalError(absl::StrCat(where, ": cannot write the associated files zip: ", what, ": ", detail));
  };
  zip_source_t* target = zip_source_function_create(&AppendSinkCallback, &sink, &error);
  if (target == nullptr) return fail("libzip source", ZipErrorText(&error));
  zip_t* archive = zip_open_from_source(target, ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(target);
    return fail("libzip open", ZipErrorText(&error));
  }
  for (const AssociatedFileData& file : files) {
    zip_source_t* entry = zip_source_buffer(archive, file.data.data(), file.data.size(), 0);
    zip_int64_t index = entry == nullptr ? -1 : zip_file_add(archive, file.name.c_str(), entry, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      if (entry != nullptr) zip_source_free(entry);
      std::string detail = zip_strerror(archive);
      zip_discard(archive);
      return fail(file.name, detail);
    }
    const auto i = static_cast<zip_uint64_t>(index);
    if (zip_set_file_compression(archive, i, ZIP_CM_STORE, 0) < 0 ||
        zip_file_set_dostime(archive, i, kDosTime, kDosDate, 0) < 0 ||
        zip_file_set_external_attributes(archive, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) < 0) {
      std::string detail = zip_strerror(archive);
      zip_discard(archive);
      return fail(file.name, detail);
    }
  }
  if (zip_close(archive) < 0) {
    std::string detail = zip_strerror(archive);
    zip_discard(archive);
    return fail("closing", detail);
  }
  zip_error_fini(&error);
  zip_error_fini(&sink.error);
  if (!sink.committed) return absl::InternalError(absl::StrCat(where, ": libzip did not finish the associated files zip"));
  return std::move(sink.out);
}

}  // namespace tfconv
