// A whole file mapped into memory, shared by the Tensors that view it.
//
//   absl::StatusOr<std::shared_ptr<const MappedFile>> f =
//   MappedFile::Open("x.data-00000-of-00001"); ByteBuffer view((*f)->data() + offset, size, *f); //
//   the buffer keeps the mapping alive
//
// The mapping is private and writable (copy-on-write), so a Tensor that writes into its own
// bytes in place (Tensor::mutable_data when it holds the last reference) changes only its memory,
// never the file, and never faults. MAP_NORESERVE keeps a multi-GB mapping from being charged
// against the commit limit.
#ifndef TFCONV_CONVERTER_FRONTEND_CHECKPOINT_INTERNAL_MAPPED_FILE_H_
#define TFCONV_CONVERTER_FRONTEND_CHECKPOINT_INTERNAL_MAPPED_FILE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace tfconv {

class MappedFile {
 public:
  // NotFound when the file does not exist; other errors name the file and the system error.
  static absl::StatusOr<std::shared_ptr<const MappedFile>> Open(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  MappedFile(std::string path, uint8_t* data, size_t size)
      : path_(std::move(path)), data_(data), size_(size) {}

  std::string path_;
  uint8_t* data_;  // nullptr for an empty file (mmap refuses length 0)
  size_t size_;
};

// Drops the pages lying wholly inside [data, data + size) of a mapping from the process's resident
// memory (a later read faults them in again from the page cache). Pages a Tensor wrote in place are
// private copies, so only pages of regions nobody writes may be dropped: the checkpoint reader
// calls it on a tensor's bytes after checking them and when the last view of them goes.
void ReleaseResidentPages(const uint8_t* data, size_t size);

// Reads a whole (small) file into a string; NotFound when it does not exist.
absl::StatusOr<std::string> ReadCheckpointFile(const std::string& path);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_CHECKPOINT_INTERNAL_MAPPED_FILE_H_
