// The layout of a DT_STRING tensor inside a checkpoint data shard (TF's tensor_bundle):
//   [varint64 length of each element] [4-byte masked CRC-32C of the lengths] [element bytes...]
// The lengths CRC is taken over each length as a little-endian uint32 (uint64 when it does not
// fit in 32 bits), not over the varint bytes. The entry's CRC (BundleEntryProto.crc32c, masked)
// covers those same length words, then the 4 stored CRC bytes, then all element bytes.
//
//   uint32_t crc;
//   std::string bytes = EncodeBundleStrings({"a", "bc"}, &crc);   // entry.crc32c = Crc32cMask(crc)
//   std::vector<std::string> back;
//   absl::Status s = DecodeBundleStrings(bytes.data(), bytes.size(), 2, &back, &crc);
#ifndef TFCONV_CONVERTER_FRONTEND_CHECKPOINT_INTERNAL_STRING_LAYOUT_H_
#define TFCONV_CONVERTER_FRONTEND_CHECKPOINT_INTERNAL_STRING_LAYOUT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace tfconv {

// The encoded bytes; `*crc` receives the unmasked CRC that TF stores (masked) in the entry.
std::string EncodeBundleStrings(const std::vector<std::string>& strings, uint32_t* crc);

// Decodes `count` elements from [data, data + size). `*crc` receives the unmasked CRC of what was
// read, for the caller to compare with the entry. Errors (DataLoss) say what is malformed; the
// caller adds the file and the variable.
absl::Status DecodeBundleStrings(const uint8_t* data, size_t size, int64_t count,
                                 std::vector<std::string>* out, uint32_t* crc);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_CHECKPOINT_INTERNAL_STRING_LAYOUT_H_
