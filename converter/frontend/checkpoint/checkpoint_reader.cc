#include "converter/frontend/checkpoint/checkpoint_reader.h"

#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "converter/frontend/checkpoint/crc32c.h"
#include "converter/frontend/checkpoint/internal/index_table.h"
#include "converter/frontend/checkpoint/internal/mapped_file.h"
#include "converter/frontend/checkpoint/internal/string_layout.h"
#include "converter/proto/tensor_bundle.pb.h"

namespace tfconv {

// An index entry after validation: everything Read needs to find and check the bytes.
struct CheckpointReader::Entry {
  DataType dtype = DataType::kInvalid;
  std::vector<int64_t> shape;
  int64_t num_elements = 1;
  int shard = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  uint32_t masked_crc = 0;
};

namespace {

// The bundle format version this reader implements (TF's kTensorBundleVersion).
constexpr int kBundleVersion = 1;

// Elements are read in place only at offsets aligned for their type (complex: per component).
size_t ElementAlignment(DataType dtype) {
  size_t size = DataTypeSize(dtype);
  if (dtype == DataType::kComplex64 || dtype == DataType::kComplex128) return size / 2;
  return size;
}

// Messages name the prefix (with its directory) once; files beside it go by their base name.
std::string Basename(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string DtypeLabel(int proto_dtype) {
  if (proto_dtype >= 1 && proto_dtype <= 23) {
    return DataTypeName(static_cast<DataType>(proto_dtype));
  }
  return absl::StrCat("dtype number ", proto_dtype);
}

}  // namespace

absl::StatusOr<std::unique_ptr<CheckpointReader>> CheckpointReader::Open(
    const std::string& prefix) {
  const std::string index_path = prefix + ".index";
  const std::string where = absl::StrCat("checkpoint '", prefix, "'");
  absl::StatusOr<std::string> bytes = ReadCheckpointFile(index_path);
  if (!bytes.ok()) {
    if (absl::IsNotFound(bytes.status())) {
      return absl::NotFoundError(absl::StrCat(
          where, ": index file '", index_path,
          "' does not exist; a SavedModel keeps it as DIR/variables/variables.index (pass the "
          "prefix DIR/variables/variables) and the variables/ folder must be copied whole"));
    }
    return absl::Status(bytes.status().code(), absl::StrCat(where, ": ", bytes.status().message()));
  }
  absl::StatusOr<std::vector<IndexRecord>> records = ReadIndexTable(*bytes);
  if (!records.ok()) {
    return absl::DataLossError(
        absl::StrCat(where, ": '", Basename(index_path), "' is not a valid checkpoint index (",
                     records.status().message(), "); re-export the model or restore the file"));
  }
  if (records->empty() || !(*records)[0].key.empty()) {
    return absl::DataLossError(absl::StrCat(where, ": '", Basename(index_path),
                                            "' has no header entry (the empty key); it is not a "
                                            "TensorFlow checkpoint index"));
  }
  tensorflow::BundleHeaderProto header;
  if (!header.ParseFromString((*records)[0].value)) {
    return absl::DataLossError(absl::StrCat(where, ": the header entry of '", Basename(index_path),
                                            "' is not a BundleHeaderProto"));
  }
  if (header.num_shards() < 1) {
    return absl::DataLossError(absl::StrCat(where, ": the header of '", Basename(index_path),
                                            "' says ", header.num_shards(),
                                            " data shards; expected at least 1"));
  }
  if (header.endianness() != tensorflow::BundleHeaderProto::LITTLE) {
    return absl::UnimplementedError(absl::StrCat(
        where,
        " was written on a big-endian machine; byte-swapping checkpoints is not supported: "
        "re-save it on a little-endian machine"));
  }
  const tensorflow::VersionDef& version = header.version();
  bool refused = version.min_consumer() > kBundleVersion;
  for (int bad : version.bad_consumers()) refused |= (bad == kBundleVersion);
  if (refused) {
    return absl::FailedPreconditionError(
        absl::StrCat(where, " uses bundle format version ", version.producer(), " (min consumer ",
                     version.min_consumer(), "); this reader implements version ", kBundleVersion,
                     ": it was written by a newer TensorFlow"));
  }
  std::map<std::string, std::string> entries;
  for (size_t i = 1; i < records->size(); ++i) {
    entries.emplace(std::move((*records)[i].key), std::move((*records)[i].value));
  }
  return std::unique_ptr<CheckpointReader>(
      new CheckpointReader(prefix, header.num_shards(), std::move(entries)));
}

std::vector<std::string> CheckpointReader::Keys() const {
  std::vector<std::string> keys;
  keys.reserve(entries_.size());
  for (const auto& [key, value] : entries_) keys.push_back(key);
  return keys;
}

bool CheckpointReader::Has(const std::string& key) const {
  return !key.empty() && entries_.count(key) > 0;
}

std::string CheckpointReader::ShardPath(int shard) const {
  return absl::StrFormat("%s.data-%05d-of-%05d", prefix_, shard, num_shards_);
}

std::string CheckpointReader::Where(const std::string& key) const {
  return absl::StrCat("checkpoint '", prefix_, "', variable '", key, "'");
}

absl::StatusOr<CheckpointReader::Entry> CheckpointReader::Lookup(const std::string& key) const {
  auto it = key.empty() ? entries_.end() : entries_.find(key);
  if (it == entries_.end()) {
    return absl::NotFoundError(absl::StrCat("checkpoint '", prefix_, "' has no tensor '", key,
                                            "' (it holds ", entries_.size(), " tensors)"));
  }
  tensorflow::BundleEntryProto proto;
  if (!proto.ParseFromString(it->second)) {
    return absl::DataLossError(absl::StrCat(
        Where(key), ": its index entry is not a BundleEntryProto; the index is corrupt"));
  }
  if (proto.slices_size() > 0) {
    return absl::UnimplementedError(absl::StrCat(
        Where(key), " is partitioned into ", proto.slices_size(),
        " slices (saved with a variable partitioner); partitioned variables are not supported: "
        "re-export the model without partitioning"));
  }
  Entry e;
  const int proto_dtype = static_cast<int>(proto.dtype());
  const bool known = proto_dtype >= 1 && proto_dtype <= 23;
  e.dtype = known ? static_cast<DataType>(proto_dtype) : DataType::kInvalid;
  if (!known || (DataTypeSize(e.dtype) == 0 && e.dtype != DataType::kString)) {
    return absl::UnimplementedError(absl::StrCat(Where(key), " has dtype ", DtypeLabel(proto_dtype),
                                                 "; only numeric and string tensors can be read "
                                                 "from checkpoints"));
  }
  if (proto.shape().unknown_rank()) {
    return absl::DataLossError(absl::StrCat(Where(key), ": the stored shape has unknown rank"));
  }
  for (const auto& dim : proto.shape().dim()) {
    if (dim.size() < 0) {
      return absl::DataLossError(
          absl::StrCat(Where(key), ": the stored shape has dimension ", dim.size()));
    }
    if (dim.size() > 0 && e.num_elements > std::numeric_limits<int64_t>::max() / dim.size()) {
      return absl::DataLossError(absl::StrCat(Where(key), ": the stored shape overflows int64"));
    }
    e.num_elements *= dim.size();
    e.shape.push_back(dim.size());
  }
  if (proto.shard_id() < 0 || proto.shard_id() >= num_shards_) {
    return absl::DataLossError(absl::StrCat(Where(key), ": shard ", proto.shard_id(),
                                            " does not exist (the checkpoint has ", num_shards_,
                                            " shards); the index is corrupt"));
  }
  if (proto.offset() < 0 || proto.size() < 0) {
    return absl::DataLossError(absl::StrCat(Where(key), ": negative offset or size in the index"));
  }
  e.shard = proto.shard_id();
  e.offset = static_cast<uint64_t>(proto.offset());
  e.size = static_cast<uint64_t>(proto.size());
  e.masked_crc = proto.crc32c();
  if (e.dtype == DataType::kString) {
    // At least one length byte per element plus the 4-byte lengths checksum (none when empty).
    const bool fits = (e.size == 0 && e.num_elements == 0) ||
                      (e.size >= 4 && static_cast<uint64_t>(e.num_elements) <= e.size - 4);
    if (!fits) {
      return absl::DataLossError(absl::StrCat(Where(key), ": ", e.size,
                                              " stored bytes cannot hold ", e.num_elements,
                                              " strings; the index is corrupt"));
    }
  } else {
    const uint64_t elem = DataTypeSize(e.dtype);
    if (static_cast<uint64_t>(e.num_elements) > std::numeric_limits<uint64_t>::max() / elem ||
        e.size != static_cast<uint64_t>(e.num_elements) * elem) {
      return absl::DataLossError(absl::StrCat(
          Where(key), ": the index says ", e.size, " bytes but ", DataTypeName(e.dtype), " with ",
          e.num_elements, " elements needs ", e.num_elements * static_cast<int64_t>(elem)));
    }
  }
  return e;
}

absl::StatusOr<std::pair<DataType, std::vector<int64_t>>> CheckpointReader::Describe(
    const std::string& key) const {
  absl::StatusOr<Entry> e = Lookup(key);
  if (!e.ok()) return e.status();
  return std::make_pair(e->dtype, std::move(e->shape));
}

absl::StatusOr<std::shared_ptr<const MappedFile>> CheckpointReader::Shard(
    int shard, const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = shards_.find(shard);
  if (it != shards_.end()) return it->second;
  const std::string path = ShardPath(shard);
  absl::StatusOr<std::shared_ptr<const MappedFile>> file = MappedFile::Open(path);
  if (!file.ok()) {
    if (absl::IsNotFound(file.status())) {
      return absl::NotFoundError(absl::StrCat(
          Where(key), ": data shard '", Basename(path),
          "' does not exist; copy the whole variables/ folder, shards and index together"));
    }
    return absl::Status(file.status().code(),
                        absl::StrCat(Where(key), ": ", file.status().message()));
  }
  shards_.emplace(shard, *file);
  return *file;
}

absl::StatusOr<Tensor> CheckpointReader::Read(const std::string& key) const {
  absl::StatusOr<Entry> e = Lookup(key);
  if (!e.ok()) return e.status();
  absl::StatusOr<std::shared_ptr<const MappedFile>> shard = Shard(e->shard, key);
  if (!shard.ok()) return shard.status();
  const MappedFile& file = **shard;
  if (e->offset > file.size() || e->size > file.size() - e->offset) {
    return absl::DataLossError(absl::StrCat(Where(key), ": data shard '", Basename(file.path()),
                                            "' is truncated: the tensor needs bytes [", e->offset,
                                            ", ", e->offset + e->size, ") but the file has ",
                                            file.size(), "; copy the file again"));
  }
  const uint8_t* bytes = file.data() == nullptr ? nullptr : file.data() + e->offset;
  auto crc_error = [&](uint32_t computed) {
    return absl::DataLossError(absl::StrFormat(
        "%s: data corrupt: crc32c mismatch in '%s' bytes [%d, %d) (stored 0x%08x, computed "
        "0x%08x); the file was damaged after TensorFlow wrote it: copy or export it again",
        Where(key), Basename(file.path()), e->offset, e->offset + e->size,
        Crc32cUnmask(e->masked_crc), computed));
  };
  if (e->dtype == DataType::kString) {
    std::vector<std::string> strings;
    uint32_t crc = 0;
    if (e->size > 0) {
      absl::Status s = DecodeBundleStrings(bytes, e->size, e->num_elements, &strings, &crc);
      if (!s.ok()) {
        return absl::DataLossError(absl::StrCat(Where(key), ": string tensor in '",
                                                Basename(file.path()), "': ", s.message()));
      }
    }
    if (Crc32cUnmask(e->masked_crc) != crc) return crc_error(crc);
    return Tensor(std::move(e->shape), std::move(strings));
  }
  const uint32_t crc = e->size == 0 ? 0 : Crc32c(bytes, e->size);
  if (Crc32cUnmask(e->masked_crc) != crc) return crc_error(crc);
  ByteBuffer buffer;
  if (e->size > 0) {
    if (reinterpret_cast<uintptr_t>(bytes) % ElementAlignment(e->dtype) == 0) {
      // Resident memory follows use: a tensor's pages leave when its last view goes (the writer
      // releases each weight once copied), not when the whole shard is unmapped. A view held alone
      // may be written in place (private pages); a second Read of that key meanwhile would then
      // fail its crc check rather than see the writes.
      struct View {
        std::shared_ptr<const MappedFile> file;
        const uint8_t* data;
        size_t size;
        ~View() { ReleaseResidentPages(data, size); }
      };
      std::shared_ptr<const View> view(new View{*shard, bytes, e->size});
      buffer = ByteBuffer(bytes, e->size, view);
    } else {
      buffer = ByteBuffer::Copy(bytes, e->size);
    }
  }
  return Tensor(e->dtype, std::move(e->shape), std::move(buffer));
}

}  // namespace tfconv
