#include "converter/frontend/checkpoint/checkpoint_writer.h"

#include <cerrno>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "converter/frontend/checkpoint/crc32c.h"
#include "converter/frontend/checkpoint/internal/string_layout.h"
#include "leveldb/env.h"
#include "leveldb/options.h"
#include "leveldb/table_builder.h"

namespace tfconv {
namespace {

// TF's table options (tensorflow/core/lib/io/table_options.h): 256 KiB blocks, restart every 16.
constexpr size_t kTableBlockSize = 262144;
constexpr int kTableRestartInterval = 16;

std::string DataPath(const std::string& prefix) { return prefix + ".data-00000-of-00001"; }

absl::StatusOr<uint64_t> ByteCount(DataType dtype, const std::vector<int64_t>& shape) {
  uint64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0) return absl::InvalidArgumentError("negative dimension");
    if (d > 0 && n > std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(d)) {
      return absl::InvalidArgumentError("shape overflows");
    }
    n *= static_cast<uint64_t>(d);
  }
  return n * DataTypeSize(dtype);
}

void SetShape(const std::vector<int64_t>& shape, tensorflow::BundleEntryProto* entry) {
  tensorflow::TensorShapeProto* proto = entry->mutable_shape();  // set even for scalars, as TF does
  for (int64_t d : shape) proto->add_dim()->set_size(d);
}

}  // namespace

absl::StatusOr<std::unique_ptr<CheckpointWriter>> CheckpointWriter::Create(
    const std::string& prefix, CheckpointWriterOptions options) {
  if (options.data_alignment < 1) return absl::InvalidArgumentError("data_alignment must be >= 1");
  std::FILE* f = std::fopen(DataPath(prefix).c_str(), "wb");
  if (f == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot create '", DataPath(prefix), "': ", std::strerror(errno)));
  }
  std::setvbuf(f, nullptr, _IOFBF, 8 << 20);
  return std::unique_ptr<CheckpointWriter>(new CheckpointWriter(prefix, options, f));
}

CheckpointWriter::~CheckpointWriter() {
  if (data_ != nullptr) std::fclose(data_);
}

absl::Status CheckpointWriter::CheckNewKey(const std::string& key) const {
  if (finished_) return absl::FailedPreconditionError("the checkpoint is already finished");
  if (streaming_) return absl::FailedPreconditionError("a streamed tensor is still open");
  if (key.empty()) return absl::InvalidArgumentError("the empty key is reserved for the header");
  if (entries_.count(key))
    return absl::InvalidArgumentError(absl::StrCat("duplicate key '", key, "'"));
  return absl::OkStatus();
}

absl::Status CheckpointWriter::Write(const void* data, size_t size) {
  if (size > 0 && std::fwrite(data, 1, size, data_) != size) {
    return absl::UnavailableError(
        absl::StrCat("writing '", DataPath(prefix_), "' failed: ", std::strerror(errno)));
  }
  position_ += size;
  return absl::OkStatus();
}

absl::Status CheckpointWriter::Pad() {
  static const char kZeros[64] = {};
  uint64_t over = position_ % static_cast<uint64_t>(options_.data_alignment);
  uint64_t pad = over == 0 ? 0 : options_.data_alignment - over;
  while (pad > 0) {
    size_t n = pad < sizeof(kZeros) ? static_cast<size_t>(pad) : sizeof(kZeros);
    if (absl::Status s = Write(kZeros, n); !s.ok()) return s;
    pad -= n;
  }
  return absl::OkStatus();
}

absl::Status CheckpointWriter::Add(const std::string& key, const Tensor& tensor) {
  if (absl::Status s = CheckNewKey(key); !s.ok()) return s;
  tensorflow::BundleEntryProto entry;
  entry.set_dtype(static_cast<tensorflow::DataType>(tensor.dtype()));
  SetShape(tensor.shape(), &entry);
  entry.set_offset(static_cast<int64_t>(position_));
  uint32_t crc = 0;
  if (tensor.dtype() == DataType::kString) {
    if (static_cast<int64_t>(tensor.strings().size()) != tensor.NumElements()) {
      return absl::InvalidArgumentError(absl::StrCat("string tensor '", key, "' is malformed"));
    }
    std::string bytes = EncodeBundleStrings(tensor.strings(), &crc);
    if (absl::Status s = Write(bytes.data(), bytes.size()); !s.ok()) return s;
    entry.set_size(static_cast<int64_t>(bytes.size()));
  } else {
    if (DataTypeSize(tensor.dtype()) == 0 || !tensor.IsValid()) {
      return absl::InvalidArgumentError(
          absl::StrCat("tensor '", key, "' (", tensor.DebugString(), ") cannot be written"));
    }
    crc = Crc32c(tensor.bytes().data(), tensor.ByteSize());
    if (absl::Status s = Write(tensor.bytes().data(), tensor.ByteSize()); !s.ok()) return s;
    entry.set_size(static_cast<int64_t>(tensor.ByteSize()));
  }
  entry.set_crc32c(Crc32cMask(crc));
  entries_.emplace(key, std::move(entry));
  return Pad();
}

absl::Status CheckpointWriter::BeginTensor(const std::string& key, DataType dtype,
                                           std::vector<int64_t> shape) {
  if (absl::Status s = CheckNewKey(key); !s.ok()) return s;
  if (DataTypeSize(dtype) == 0) {
    return absl::InvalidArgumentError(absl::StrCat("'", key, "': only numeric tensors stream"));
  }
  absl::StatusOr<uint64_t> bytes = ByteCount(dtype, shape);
  if (!bytes.ok()) return bytes.status();
  tensorflow::BundleEntryProto entry;
  entry.set_dtype(static_cast<tensorflow::DataType>(dtype));
  SetShape(shape, &entry);
  entry.set_offset(static_cast<int64_t>(position_));
  entry.set_size(static_cast<int64_t>(*bytes));
  entries_.emplace(key, std::move(entry));
  streaming_ = true;
  stream_key_ = key;
  stream_expected_ = *bytes;
  stream_written_ = 0;
  stream_crc_ = 0;
  return absl::OkStatus();
}

absl::Status CheckpointWriter::Append(const void* data, size_t size) {
  if (!streaming_) return absl::FailedPreconditionError("Append without BeginTensor");
  if (size > stream_expected_ - stream_written_) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", stream_key_, "': more bytes than its shape holds"));
  }
  stream_crc_ = Crc32cExtend(stream_crc_, data, size);
  stream_written_ += size;
  return Write(data, size);
}

absl::Status CheckpointWriter::EndTensor() {
  if (!streaming_) return absl::FailedPreconditionError("EndTensor without BeginTensor");
  if (stream_written_ != stream_expected_) {
    return absl::InvalidArgumentError(absl::StrCat("'", stream_key_, "': ", stream_written_,
                                                   " bytes written, the shape needs ",
                                                   stream_expected_));
  }
  entries_[stream_key_].set_crc32c(Crc32cMask(stream_crc_));
  streaming_ = false;
  return Pad();
}

absl::Status CheckpointWriter::AddEntry(const std::string& key,
                                        const tensorflow::BundleEntryProto& entry) {
  if (absl::Status s = CheckNewKey(key); !s.ok()) return s;
  entries_.emplace(key, entry);
  return absl::OkStatus();
}

absl::Status CheckpointWriter::Finish() {
  if (finished_) return absl::FailedPreconditionError("Finish called twice");
  if (streaming_) return absl::FailedPreconditionError("a streamed tensor is still open");
  finished_ = true;
  int closed = std::fclose(data_);
  data_ = nullptr;
  if (closed != 0) {
    return absl::UnavailableError(absl::StrCat("closing '", DataPath(prefix_), "' failed"));
  }
  const std::string index_path = prefix_ + ".index";
  leveldb::WritableFile* raw_file = nullptr;
  leveldb::Status status = leveldb::Env::Default()->NewWritableFile(index_path, &raw_file);
  if (!status.ok()) {
    return absl::UnavailableError(
        absl::StrCat("cannot create '", index_path, "': ", status.ToString()));
  }
  std::unique_ptr<leveldb::WritableFile> file(raw_file);
  leveldb::Options options;
  options.block_size = kTableBlockSize;
  options.block_restart_interval = kTableRestartInterval;
  options.compression =
      options_.snappy_index ? leveldb::kSnappyCompression : leveldb::kNoCompression;
  leveldb::TableBuilder builder(options, file.get());
  tensorflow::BundleHeaderProto header;
  header.set_num_shards(1);
  header.set_endianness(tensorflow::BundleHeaderProto::LITTLE);
  header.mutable_version()->set_producer(1);  // TF's kTensorBundleVersion
  builder.Add("", header.SerializeAsString());
  for (const auto& [key, entry] : entries_) builder.Add(key, entry.SerializeAsString());
  status = builder.Finish();
  if (status.ok()) status = file->Close();
  if (!status.ok()) {
    return absl::UnavailableError(
        absl::StrCat("writing '", index_path, "' failed: ", status.ToString()));
  }
  return absl::OkStatus();
}

}  // namespace tfconv
