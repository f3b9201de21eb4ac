// CRC-32C (Castagnoli), the checksum of TensorFlow checkpoints and LevelDB tables. Uses the SSE4.2
// crc32 instruction when the CPU has it (checked once at run time), else a slicing-by-8 table.
//
//   uint32_t crc = Crc32c(data, size);
//   crc = Crc32cExtend(crc, more, more_size);        // same as Crc32c over both pieces
//   uint32_t stored = Crc32cMask(crc);               // what TF writes into BundleEntryProto.crc32c
//   bool ok = Crc32cUnmask(entry.crc32c()) == crc;
#ifndef TFCONV_CONVERTER_FRONTEND_CHECKPOINT_CRC32C_H_
#define TFCONV_CONVERTER_FRONTEND_CHECKPOINT_CRC32C_H_

#include <cstddef>
#include <cstdint>

namespace tfconv {

// The CRC-32C of [data, data + size) continued from `crc` (0 to start).
uint32_t Crc32cExtend(uint32_t crc, const void* data, size_t size);
inline uint32_t Crc32c(const void* data, size_t size) { return Crc32cExtend(0, data, size); }

// The two implementations, exposed so tests and benchmarks can compare them. The hardware one
// must only be called when Crc32cHasHardware() is true.
uint32_t Crc32cExtendTable(uint32_t crc, const void* data, size_t size);
uint32_t Crc32cExtendHardware(uint32_t crc, const void* data, size_t size);
bool Crc32cHasHardware();

// Stored checksums are "masked" (rotated right by 15 bits plus a constant) so that the CRC of a
// buffer that itself holds CRCs stays well distributed. TF and LevelDB use the same mask.
inline uint32_t Crc32cMask(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + 0xa282ead8u; }
inline uint32_t Crc32cUnmask(uint32_t masked) {
  uint32_t rot = masked - 0xa282ead8u;
  return (rot >> 17) | (rot << 15);
}

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_CHECKPOINT_CRC32C_H_
