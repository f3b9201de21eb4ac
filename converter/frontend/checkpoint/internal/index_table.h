// Reads a checkpoint's `.index` file, a table in LevelDB's format (TF writes it with its fork of
// LevelDB's table code), through Debian's libleveldb with every block checksum verified.
//
//   absl::StatusOr<std::vector<IndexRecord>> records = ReadIndexTable(file_bytes);
//   // records are in key order; TF puts the BundleHeaderProto under the empty key, first.
#ifndef TFCONV_CONVERTER_FRONTEND_CHECKPOINT_INTERNAL_INDEX_TABLE_H_
#define TFCONV_CONVERTER_FRONTEND_CHECKPOINT_INTERNAL_INDEX_TABLE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tfconv {

struct IndexRecord {
  std::string key;
  std::string value;
};

// All records of the table held in `bytes`. Errors (DataLoss) say what is wrong with the table;
// the caller names the file. LevelDB trusts the block handles it reads, so the unprotected
// footer is checked here first; the blocks themselves are covered by their checksums.
absl::StatusOr<std::vector<IndexRecord>> ReadIndexTable(const std::string& bytes);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_CHECKPOINT_INTERNAL_INDEX_TABLE_H_
