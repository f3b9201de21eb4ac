// Seeded, deterministic mutations of the real models (bit flips, truncations, byte overwrites,
// pokes of index-like 32-bit values) fed to ReadModel for about 10 seconds: reading must return a
// model or a status, never crash. Models it accepts also go through the writer, the op-version
// pass and the printer, which must cope with anything the reader accepts.
//
// TFCONV_FUZZ_SECONDS changes the duration; TFCONV_FUZZ_VERBOSE=1 prints every mutant's recipe
// (seed file, iteration), which reproduces a crash: the sequence depends only on the seed below.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "converter/tflite/model_printer.h"
#include "converter/tflite/op_version.h"
#include "converter/tflite/runtime_version.h"
#include "converter/tflite/testing/real_models.h"
#include "flatbuffers/flatbuffers.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

constexpr uint64_t kRandomSeed = 0x7f1e5eedULL;
constexpr double kDefaultSeconds = 10.0;

struct Seed {
  std::string path;
  std::string bytes;
  // Byte ranges outside the buffers' data: where the flatbuffer's structure lives. Most mutations
  // land there, since flipping weight bytes exercises nothing.
  std::vector<std::pair<size_t, size_t>> structure;
  size_t structure_bytes = 0;
};

Seed MakeSeed(const std::string& path) {
  Seed s;
  s.path = path;
  s.bytes = ReadFileBytes(path);
  std::vector<std::pair<size_t, size_t>> data;  // [begin, end) of buffer data
  const tflite::Model* m = tflite::GetModel(s.bytes.data());
  const auto* base = reinterpret_cast<const uint8_t*>(s.bytes.data());
  if (m->buffers() != nullptr) {
    for (const tflite::Buffer* b : *m->buffers()) {
      if (b->data() != nullptr && b->data()->size() > 0) {
        const size_t begin = b->data()->data() - base;
        data.emplace_back(begin, begin + b->data()->size());
      }
    }
  }
  std::sort(data.begin(), data.end());
  size_t cursor = 0;
  for (const auto& [begin, end] : data) {
    if (begin > cursor) s.structure.emplace_back(cursor, begin);
    cursor = std::max(cursor, end);
  }
  if (cursor < s.bytes.size()) s.structure.emplace_back(cursor, s.bytes.size());
  for (const auto& [begin, end] : s.structure) s.structure_bytes += end - begin;
  return s;
}

class Mutator {
 public:
  explicit Mutator(uint64_t seed) : rng_(seed) {}

  std::string Mutate(const Seed& seed) {
    std::string bytes = seed.bytes;
    const int rounds = 1 + Below(4);
    for (int r = 0; r < rounds && !bytes.empty(); ++r) {
      switch (Below(10)) {
        case 0:
        case 1:
        case 2:
          FlipBits(seed, bytes);
          break;
        case 3:
          bytes.resize(Below(bytes.size()));  // truncation
          break;
        case 4:
        case 5:
          OverwriteBytes(seed, bytes);
          break;
        default:
          PokeInt32(seed, bytes);
          break;
      }
    }
    return bytes;
  }

 private:
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }

  // A position, most often inside the structure part of the seed.
  size_t Position(const Seed& seed, size_t size) {
    if (seed.structure_bytes > 0 && Below(10) < 9) {
      size_t k = Below(seed.structure_bytes);
      for (const auto& [begin, end] : seed.structure) {
        if (k < end - begin) return std::min(begin + k, size - 1);
        k -= end - begin;
      }
    }
    return Below(size);
  }

  void FlipBits(const Seed& seed, std::string& bytes) {
    const int flips = 1 + Below(16);
    for (int i = 0; i < flips; ++i) bytes[Position(seed, bytes.size())] ^= 1 << Below(8);
  }

  void OverwriteBytes(const Seed& seed, std::string& bytes) {
    static const uint8_t kSpecial[] = {0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe};
    const size_t at = Position(seed, bytes.size());
    const size_t run = std::min<size_t>(1 + Below(8), bytes.size() - at);
    for (size_t i = 0; i < run; ++i) {
      bytes[at + i] =
          static_cast<char>(Below(2) == 0 ? kSpecial[Below(sizeof(kSpecial))] : Below(256));
    }
  }

  // Offsets, lengths, indices and enum values are 32-bit little-endian fields at 4-byte
  // alignment: replace one with a value likely to be out of range, or nudge it.
  void PokeInt32(const Seed& seed, std::string& bytes) {
    if (bytes.size() < 4) return;
    const size_t at = std::min(Position(seed, bytes.size()) & ~size_t{3}, bytes.size() - 4);
    uint32_t v;  // unsigned, so that nudges wrap around instead of overflowing
    std::memcpy(&v, &bytes[at], 4);
    const uint32_t size = static_cast<uint32_t>(bytes.size());
    const uint32_t kValues[] = {0,        1,        0xffffffffu, 2,           3,
                                4,        7,        8,           127,         128,
                                255,      256,      1000,        65535,       size,
                                size - 4, size + 4, 0x7fffffffu, 0x80000000u, 0xfffffffeu};
    switch (Below(3)) {
      case 0:
        v = kValues[Below(sizeof(kValues) / sizeof(kValues[0]))];
        break;
      case 1:
        v += static_cast<uint32_t>(Below(33)) - 16u;
        break;
      default:
        v = static_cast<uint32_t>(rng_());
        break;
    }
    std::memcpy(&bytes[at], &v, 4);
  }

  std::mt19937_64 rng_;
};

// Everything downstream of the reader must accept what the reader accepts.
void ExerciseModel(TflModel& model) {
  absl::StatusOr<std::string> bytes = SerializeModel(model);
  if (bytes.ok()) {
    absl::StatusOr<TflModel> again = ReadModel(ByteBuffer::FromString(*std::move(bytes)));
    EXPECT_TRUE(again.ok()) << "the writer produced a file the reader rejects: " << again.status();
  }
  (void)DescribeModel(model);
  (void)DescribeModelJson(model);
  AssignOperatorVersions(model);
  (void)MinRuntimeVersion(model);
}

TEST(FlatbufferReaderFuzzTest, MutatedRealModelsNeverCrashTheReader) {
  RealModels models = FindRealModels();
  if (!models.error.empty()) FAIL() << models.error;
  if (models.paths.empty()) GTEST_SKIP() << models.skip_reason;
  std::vector<Seed> seeds;
  for (const std::string& path : models.paths) seeds.push_back(MakeSeed(path));

  double seconds = kDefaultSeconds;
  if (const char* env = std::getenv("TFCONV_FUZZ_SECONDS")) seconds = std::atof(env);
  const bool verbose = std::getenv("TFCONV_FUZZ_VERBOSE") != nullptr;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(seconds));

  Mutator mutator(kRandomSeed);
  std::mt19937_64 pick(kRandomSeed + 1);
  uint64_t iterations = 0, accepted = 0, rejected = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    const Seed& seed = seeds[pick() % seeds.size()];
    std::string mutant = mutator.Mutate(seed);
    if (verbose) std::cerr << "iteration " << iterations << ": " << seed.path << "\n";
    absl::StatusOr<TflModel> model = ReadModel(ByteBuffer::FromString(std::move(mutant)));
    if (model.ok()) {
      ++accepted;
      ExerciseModel(*model);
    } else {
      ++rejected;
      EXPECT_FALSE(model.status().message().empty());
    }
    ++iterations;
    if (HasFailure()) break;
  }
  std::cout << iterations << " mutants of " << seeds.size() << " models in " << seconds
            << " s: " << accepted << " read, " << rejected << " rejected with a status\n";
  // Both outcomes must occur, or the mutations are not reaching the parser.
  EXPECT_GT(accepted, 0u);
  EXPECT_GT(rejected, 0u);
}

}  // namespace
}  // namespace tfconv
