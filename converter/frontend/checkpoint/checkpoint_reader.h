// Reads a TensorFlow checkpoint (a "tensor bundle"): the `PREFIX.index` table that describes each
// tensor and the `PREFIX.data-0000K-of-0000N` shards that hold the bytes. A SavedModel keeps its
// variables under the prefix DIR/variables/variables.
//
//   absl::StatusOr<std::unique_ptr<CheckpointReader>> r =
//       CheckpointReader::Open(dir + "/variables/variables");
//   if (!r.ok()) return r.status();
//   for (const std::string& key : (*r)->Keys()) { ... }               // "a", "b", ... sorted
//   absl::StatusOr<std::pair<DataType, std::vector<int64_t>>> d = (*r)->Describe("a");
//   absl::StatusOr<Tensor> t = (*r)->Read("a");                         // CRC-32C verified
//
// Numeric tensors are zero-copy views into the memory-mapped shard: each Tensor keeps the mapping
// alive, so it may outlive the reader. The mapping is copy-on-write, so writing through
// Tensor::mutable_data never touches the file. A tensor whose offset is misaligned for its element
// type is copied instead. DT_STRING tensors are decoded into a string Tensor (TF2 checkpoints keep
// their object graph, a TrackableObjectGraph proto, in the string scalar
// "_CHECKPOINTABLE_OBJECT_GRAPH").
//
// Every error names the checkpoint prefix, the file and, for tensor errors, the key. Partitioned
// (sliced) variables, variant/resource tensors and checkpoints written on big-endian machines are
// Unimplemented. All methods are const and safe to call from several threads.
#ifndef TFCONV_CONVERTER_FRONTEND_CHECKPOINT_CHECKPOINT_READER_H_
#define TFCONV_CONVERTER_FRONTEND_CHECKPOINT_CHECKPOINT_READER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/graph/dtype.h"
#include "converter/graph/tensor.h"

namespace tfconv {

class MappedFile;

class CheckpointReader {
 public:
  // `prefix` as TF names it: "DIR/variables/variables" → index "prefix.index", shards
  // "prefix.data-0000K-of-0000N". Reads and checks the whole index (not the shards).
  static absl::StatusOr<std::unique_ptr<CheckpointReader>> Open(const std::string& prefix);

  // Sorted; not the header entry "". The pieces of a partitioned variable appear under TF's
  // encoded slice keys as well.
  std::vector<std::string> Keys() const;
  bool Has(const std::string& key) const;

  // dtype/shape without reading data (for planning / errors). OK exactly when Read can decode the
  // entry: the same dtype, shape, slice and location checks, without touching the shard.
  absl::StatusOr<std::pair<DataType, std::vector<int64_t>>> Describe(const std::string& key) const;

  // The tensor, its crc32c verified (see the header comment for zero-copy and strings).
  absl::StatusOr<Tensor> Read(const std::string& key) const;

  const std::string& prefix() const { return prefix_; }
  int num_shards() const { return num_shards_; }
  // "PREFIX.data-0000K-of-0000N", as TF names shard K.
  std::string ShardPath(int shard) const;

 private:
  struct Entry;
  CheckpointReader(std::string prefix, int num_shards, std::map<std::string, std::string> entries)
      : prefix_(std::move(prefix)), num_shards_(num_shards), entries_(std::move(entries)) {}

  absl::StatusOr<Entry> Lookup(const std::string& key) const;
  absl::StatusOr<std::shared_ptr<const MappedFile>> Shard(int shard, const std::string& key) const;
  std::string Where(const std::string& key) const;

  std::string prefix_;
  int num_shards_;
  std::map<std::string, std::string> entries_;  // key → serialized BundleEntryProto

  mutable std::mutex mu_;
  mutable std::map<int, std::shared_ptr<const MappedFile>> shards_;  // guarded by mu_
};

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_CHECKPOINT_CHECKPOINT_READER_H_
