#include "converter/frontend/checkpoint/internal/index_table.h"

#include <cstdint>
#include <cstring>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "leveldb/env.h"
#include "leveldb/iterator.h"
#include "leveldb/options.h"
#include "leveldb/table.h"

namespace tfconv {
namespace {

// LevelDB's table footer: two block handles (varints) padded to 40 bytes, then the magic number.
constexpr size_t kFooterSize = 48;
constexpr uint64_t kTableMagic = 0xdb4775248b80fb57ull;
// Every block is followed by a 1-byte compression type and a 4-byte checksum.
constexpr uint64_t kBlockTrailerSize = 5;

bool GetVarint64(const uint8_t** p, const uint8_t* end, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && *p < end; shift += 7) {
    uint64_t byte = *(*p)++;
    result |= (byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

absl::Status CheckFooter(const std::string& bytes) {
  if (bytes.size() < kFooterSize) {
    return absl::DataLossError(
        absl::StrCat("not a LevelDB table: ", bytes.size(), " bytes, shorter than its footer"));
  }
  const uint8_t* footer =
      reinterpret_cast<const uint8_t*>(bytes.data()) + bytes.size() - kFooterSize;
  uint64_t magic;
  std::memcpy(&magic, footer + 40, 8);
  if (magic != kTableMagic) return absl::DataLossError("not a LevelDB table: bad magic number");
  const uint64_t blocks_end = bytes.size() - kFooterSize;
  const uint8_t* p = footer;
  const char* names[2] = {"metaindex", "index"};
  for (const char* name : names) {
    uint64_t offset = 0, size = 0;
    if (!GetVarint64(&p, footer + 40, &offset) || !GetVarint64(&p, footer + 40, &size)) {
      return absl::DataLossError(absl::StrCat("table footer: malformed ", name, " block handle"));
    }
    if (offset > blocks_end || size > blocks_end - offset ||
        kBlockTrailerSize > blocks_end - offset - size) {
      return absl::DataLossError(
          absl::StrCat("table footer: the ", name, " block lies outside the file"));
    }
  }
  return absl::OkStatus();
}

// The table's bytes, served to LevelDB without copies. Reads that leave the file or that are too
// short to hold a block trailer are refused (a refused read becomes a LevelDB error status).
class StringSource : public leveldb::RandomAccessFile {
 public:
  explicit StringSource(const std::string& bytes) : bytes_(bytes) {}
  leveldb::Status Read(uint64_t offset, size_t n, leveldb::Slice* result,
                       char* scratch) const override {
    (void)scratch;
    if (n < kBlockTrailerSize || offset > bytes_.size() || n > bytes_.size() - offset) {
      *result = leveldb::Slice();
      return leveldb::Status::Corruption("block handle outside the table");
    }
    *result = leveldb::Slice(bytes_.data() + offset, n);
    return leveldb::Status::OK();
  }

 private:
  const std::string& bytes_;
};

}  // namespace

absl::StatusOr<std::vector<IndexRecord>> ReadIndexTable(const std::string& bytes) {
  if (absl::Status s = CheckFooter(bytes); !s.ok()) return s;
  StringSource source(bytes);
  leveldb::Options options;
  options.paranoid_checks = true;  // verify the index block's checksum when opening
  leveldb::Table* raw_table = nullptr;
  leveldb::Status status = leveldb::Table::Open(options, &source, bytes.size(), &raw_table);
  if (!status.ok())
    return absl::DataLossError(absl::StrCat("not a readable table: ", status.ToString()));
  std::unique_ptr<leveldb::Table> table(raw_table);
  leveldb::ReadOptions read_options;
  read_options.verify_checksums = true;
  read_options.fill_cache = false;
  std::unique_ptr<leveldb::Iterator> it(table->NewIterator(read_options));
  std::vector<IndexRecord> records;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!records.empty() && it->key().ToString() <= records.back().key) {
      return absl::DataLossError("table keys are not in increasing order");
    }
    records.push_back({it->key().ToString(), it->value().ToString()});
  }
  if (!it->status().ok()) {
    return absl::DataLossError(absl::StrCat("table corrupt: ", it->status().ToString()));
  }
  return records;
}

}  // namespace tfconv
