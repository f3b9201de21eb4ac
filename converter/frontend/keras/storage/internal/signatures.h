// The magic bytes of the file formats a Keras model comes in, shared by H5File and the file sniffer.
#ifndef TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_INTERNAL_SIGNATURES_H_
#define TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_INTERNAL_SIGNATURES_H_

#include <cstdint>
#include <cstring>
#include <functional>

namespace tfconv {
namespace storage_internal {

// HDF5's format signature ("\211HDF\r\n\032\n"). The superblock starts at 0 or, after a user block,
// at 512, 1024, 2048, ... (a power of two from 512 on).
inline constexpr char kHdf5Signature[8] = {'\211', 'H', 'D', 'F', '\r', '\n', '\032', '\n'};
// A zip archive's local file header, and the end record of an empty zip.
inline constexpr char kZipLocalHeader[4] = {'P', 'K', '\3', '\4'};
inline constexpr char kZipEmptyArchive[4] = {'P', 'K', '\5', '\6'};

// Calls `read(offset, out8)` (true when 8 bytes could be read there) at each offset HDF5 allows for a
// superblock in a file of `size` bytes; returns the first offset holding the signature, or -1.
inline int64_t FindHdf5Signature(uint64_t size, const std::function<bool(uint64_t, char*)>& read) {
  for (uint64_t offset = 0; offset + sizeof(kHdf5Signature) <= size; offset = offset == 0 ? 512 : offset * 2) {
    char bytes[sizeof(kHdf5Signature)];
    if (!read(offset, bytes)) return -1;
    if (std::memcmp(bytes, kHdf5Signature, sizeof(bytes)) == 0) return static_cast<int64_t>(offset);
  }
  return -1;
}

}  // namespace storage_internal
}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_INTERNAL_SIGNATURES_H_
