#include "converter/frontend/checkpoint/internal/string_layout.h"

#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "converter/frontend/checkpoint/crc32c.h"

namespace tfconv {
namespace {

void PutVarint64(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// False when the varint runs past `end` or over 10 bytes.
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

// Lengths enter the CRC as 4 bytes when they fit (what older checkpoints stored), else as 8.
uint32_t ExtendWithLength(uint32_t crc, uint64_t length) {
  if (length <= std::numeric_limits<uint32_t>::max()) {
    uint32_t small = static_cast<uint32_t>(length);
    return Crc32cExtend(crc, &small, sizeof(small));
  }
  return Crc32cExtend(crc, &length, sizeof(length));
}

}  // namespace

std::string EncodeBundleStrings(const std::vector<std::string>& strings, uint32_t* crc) {
  std::string out;
  uint32_t c = 0;
  for (const std::string& s : strings) {
    PutVarint64(&out, s.size());
    c = ExtendWithLength(c, s.size());
  }
  uint32_t stored = Crc32cMask(c);
  char raw[4];
  std::memcpy(raw, &stored, 4);
  out.append(raw, 4);
  c = Crc32cExtend(c, raw, 4);
  for (const std::string& s : strings) {
    out += s;
    c = Crc32cExtend(c, s.data(), s.size());
  }
  *crc = c;
  return out;
}

absl::Status DecodeBundleStrings(const uint8_t* data, size_t size, int64_t count,
                                 std::vector<std::string>* out, uint32_t* crc) {
  out->clear();
  *crc = 0;
  if (count < 0) return absl::DataLossError("negative string count");
  // Each element needs at least one length byte, and the lengths CRC takes 4: a count larger than
  // that cannot be right, and checking first keeps a bogus shape from allocating.
  if (size < 4 || static_cast<uint64_t>(count) > size - 4) {
    return absl::DataLossError(
        absl::StrCat("string data of ", size, " bytes cannot hold ", count, " elements"));
  }
  const uint8_t* p = data;
  const uint8_t* end = data + size;
  std::vector<uint64_t> lengths(static_cast<size_t>(count));
  uint32_t c = 0;
  for (int64_t i = 0; i < count; ++i) {
    if (!GetVarint64(&p, end, &lengths[i])) {
      return absl::DataLossError(absl::StrCat("string length ", i, " is truncated or malformed"));
    }
    c = ExtendWithLength(c, lengths[i]);
  }
  if (end - p < 4) return absl::DataLossError("string lengths run past the tensor's bytes");
  uint32_t stored;
  std::memcpy(&stored, p, 4);
  if (Crc32cUnmask(stored) != c) {
    return absl::DataLossError("data corrupt: crc32c mismatch in the string lengths");
  }
  c = Crc32cExtend(c, p, 4);
  p += 4;
  uint64_t remaining = static_cast<uint64_t>(end - p);
  for (uint64_t len : lengths) {
    if (len > remaining) {
      return absl::DataLossError("string bytes run past the tensor's bytes");
    }
    remaining -= len;
  }
  out->reserve(lengths.size());
  for (uint64_t len : lengths) {
    out->emplace_back(reinterpret_cast<const char*>(p), static_cast<size_t>(len));
    c = Crc32cExtend(c, p, static_cast<size_t>(len));
    p += len;
  }
  *crc = c;
  return absl::OkStatus();
}

}  // namespace tfconv
