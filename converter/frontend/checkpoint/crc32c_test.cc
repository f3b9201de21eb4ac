#include "converter/frontend/checkpoint/crc32c.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

// Check values from RFC 3720 (iSCSI), appendix B.4, and the common "123456789" check value.
TEST(Crc32c, Rfc3720Vectors) {
  std::vector<uint8_t> zeros(32, 0), ones(32, 0xff), up(32), down(32);
  for (int i = 0; i < 32; ++i) {
    up[i] = static_cast<uint8_t>(i);
    down[i] = static_cast<uint8_t>(31 - i);
  }
  EXPECT_EQ(Crc32c(zeros.data(), 32), 0x8a9136aau);
  EXPECT_EQ(Crc32c(ones.data(), 32), 0x62a8ab43u);
  EXPECT_EQ(Crc32c(up.data(), 32), 0x46dd794eu);
  EXPECT_EQ(Crc32c(down.data(), 32), 0x113fdb5cu);
  EXPECT_EQ(Crc32c("123456789", 9), 0xe3069283u);
  EXPECT_EQ(Crc32c("", 0), 0u);
}

TEST(Crc32c, TableAndHardwareAgreeOnAllLengthsAndAlignments) {
  std::mt19937 rng(7);
  std::vector<uint8_t> buf(4096 + 16);
  for (auto& b : buf) b = static_cast<uint8_t>(rng());
  for (size_t start = 0; start < 16; ++start) {
    for (size_t len : {0, 1, 7, 8, 9, 31, 32, 33, 63, 100, 1000, 4096}) {
      uint32_t table = Crc32cExtendTable(0, buf.data() + start, len);
      EXPECT_EQ(Crc32c(buf.data() + start, len), table) << start << " " << len;
      if (Crc32cHasHardware()) {
        EXPECT_EQ(Crc32cExtendHardware(0, buf.data() + start, len), table) << start << " " << len;
      }
    }
  }
}

TEST(Crc32c, ExtendEqualsWhole) {
  std::string s = "The quick brown fox jumps over the lazy dog, twice over for a longer buffer.";
  uint32_t whole = Crc32c(s.data(), s.size());
  for (size_t cut = 0; cut <= s.size(); ++cut) {
    EXPECT_EQ(Crc32cExtend(Crc32c(s.data(), cut), s.data() + cut, s.size() - cut), whole);
  }
}

TEST(Crc32c, MaskRoundTripsAndChangesTheValue) {
  for (uint32_t v : {0u, 1u, 0xffffffffu, 0x8a9136aau, 0x12345678u}) {
    EXPECT_EQ(Crc32cUnmask(Crc32cMask(v)), v);
    EXPECT_NE(Crc32cMask(v), v);
    EXPECT_NE(Crc32cMask(Crc32cMask(v)), Crc32cMask(v));
  }
}

// The masked CRC TensorFlow stored for the variable a = 0.5f (bytes 00 00 00 3f) in
// tf_serving/saved_model_half_plus_two_cpu/variables/variables.index: 0x1f273806.
TEST(Crc32c, MatchesWhatTensorFlowStoredForAHalf) {
  const uint8_t half[4] = {0x00, 0x00, 0x00, 0x3f};
  EXPECT_EQ(Crc32cMask(Crc32c(half, 4)), 0x1f273806u);
  const uint8_t two[4] = {0x00, 0x00, 0x00, 0x40};  // b = 2.0f, stored 0x4f78fd10
  EXPECT_EQ(Crc32cMask(Crc32c(two, 4)), 0x4f78fd10u);
}

}  // namespace
}  // namespace tfconv
