// Mutation fuzzing of real checkpoints: damaged index bytes, and well-formed tables whose entries
// carry mutated BundleEntryProto bytes. The reader must return a Status every time: no crash, no
// hang, no huge allocation. Deterministic seeds, about a second per part.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "converter/frontend/checkpoint/checkpoint_reader.h"
#include "converter/frontend/checkpoint/internal/test_files.h"
#include "converter/frontend/shared_testdata.h"
#include "gtest/gtest.h"
#include "leveldb/env.h"
#include "leveldb/iterator.h"
#include "leveldb/options.h"
#include "leveldb/table.h"
#include "leveldb/table_builder.h"

namespace tfconv {
namespace {

using Clock = std::chrono::steady_clock;

const char* const kSources[] = {
    "/testdata/real/mlperf_tiny/keyword_spotting/kws_ref_model/variables/variables",
    "/testdata/real/tf_serving/saved_model_half_plus_two_tf2_cpu/variables/variables",
    "/testdata/real/tf_serving/saved_model_half_plus_two_cpu/variables/variables",  // snappy blocks
};

// Opens `prefix` and touches everything: all outcomes are fine except a crash.
int Exercise(const std::string& prefix) {
  auto r = CheckpointReader::Open(prefix);
  if (!r.ok()) {
    EXPECT_FALSE(r.status().message().empty());
    return 0;
  }
  int ok = 0;
  for (const std::string& key : (*r)->Keys()) {
    (void)(*r)->Describe(key);
    absl::StatusOr<Tensor> t = (*r)->Read(key);
    if (t.ok()) {
      ++ok;
      if (t->dtype() != DataType::kString) {
        EXPECT_TRUE(t->IsValid()) << key;
      }
    }
  }
  return ok;
}

void Mutate(std::string* s, std::mt19937_64& rng) {
  if (s->empty()) {
    s->push_back(static_cast<char>(rng()));
    return;
  }
  switch (rng() % 6) {
    case 0:  // flip a few bits anywhere
      for (int i = 0, n = 1 + rng() % 4; i < n; ++i) (*s)[rng() % s->size()] ^= 1 << (rng() % 8);
      break;
    case 1:  // a random byte in the unprotected footer
      if (s->size() >= 48) (*s)[s->size() - 48 + rng() % 48] = static_cast<char>(rng());
      break;
    case 2:  // truncate
      s->resize(rng() % s->size());
      break;
    case 3:  // insert bytes
      s->insert(rng() % s->size(), std::string(1 + rng() % 8, static_cast<char>(rng())));
      break;
    case 4:  // varint-shaped garbage (0xff continuation bytes) somewhere
      for (size_t i = rng() % s->size(), n = 0; i < s->size() && n < 10; ++i, ++n) (*s)[i] = '\xff';
      break;
    default:  // overwrite a byte
      (*s)[rng() % s->size()] = static_cast<char>(rng());
  }
}

std::vector<std::pair<std::string, std::string>> Records(const std::string& index_path) {
  std::vector<std::pair<std::string, std::string>> out;
  leveldb::RandomAccessFile* file = nullptr;
  uint64_t size = 0;
  EXPECT_TRUE(leveldb::Env::Default()->GetFileSize(index_path, &size).ok());
  EXPECT_TRUE(leveldb::Env::Default()->NewRandomAccessFile(index_path, &file).ok());
  std::unique_ptr<leveldb::RandomAccessFile> owned(file);
  leveldb::Table* table = nullptr;
  EXPECT_TRUE(leveldb::Table::Open(leveldb::Options(), file, size, &table).ok());
  std::unique_ptr<leveldb::Table> owned_table(table);
  std::unique_ptr<leveldb::Iterator> it(table->NewIterator(leveldb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next())
    out.emplace_back(it->key().ToString(), it->value().ToString());
  return out;
}

void WriteTable(const std::string& path,
                const std::vector<std::pair<std::string, std::string>>& records) {
  leveldb::WritableFile* file = nullptr;
  ASSERT_TRUE(leveldb::Env::Default()->NewWritableFile(path, &file).ok());
  std::unique_ptr<leveldb::WritableFile> owned(file);
  leveldb::Options options;
  options.compression = leveldb::kNoCompression;
  leveldb::TableBuilder builder(options, file);
  for (const auto& [k, v] : records) builder.Add(k, v);
  ASSERT_TRUE(builder.Finish().ok());
  ASSERT_TRUE(file->Close().ok());
}

TEST(CheckpointFuzz, MutatedIndexBytesNeverCrash) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  std::mt19937_64 rng(20240611);
  int runs = 0, opened = 0;
  const auto deadline = Clock::now() + std::chrono::milliseconds(1000);
  for (int round = 0; Clock::now() < deadline; ++round) {
    const std::string source = shared + kSources[round % 3];
    const std::string prefix = CopyCheckpoint(source, FreshTestDir("fuzz_bytes"));
    const std::string original = ReadFileOrDie(prefix + ".index");
    for (int i = 0; i < 50; ++i, ++runs) {
      std::string index = original;
      for (int m = 0, n = 1 + rng() % 3; m < n; ++m) Mutate(&index, rng);
      WriteFileOrDie(prefix + ".index", index);
      opened += CheckpointReader::Open(prefix).ok();
      if (i % 10 == 0) Exercise(prefix);
    }
  }
  std::printf("%d mutated indexes, %d opened\n", runs, opened);
  EXPECT_GT(runs, 100);
  // Block checksums catch nearly everything; a few footer/padding changes are harmless.
  EXPECT_LT(opened, runs);
}

TEST(CheckpointFuzz, MutatedEntriesInAValidTableNeverCrash) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  std::mt19937_64 rng(7);
  int runs = 0, tensors_read = 0;
  const auto deadline = Clock::now() + std::chrono::milliseconds(1000);
  for (int round = 0; Clock::now() < deadline; ++round) {
    const std::string source = shared + kSources[round % 3];
    const std::string prefix = CopyCheckpoint(source, FreshTestDir("fuzz_entries"));
    const auto original = Records(prefix + ".index");
    ASSERT_FALSE(original.empty());
    for (int i = 0; i < 20; ++i, ++runs) {
      auto records = original;
      for (int m = 0, n = 1 + rng() % 4; m < n; ++m) {
        Mutate(&records[rng() % records.size()].second, rng);  // the header too
      }
      WriteTable(prefix + ".index", records);
      tensors_read += Exercise(prefix);
    }
    // The data shard, damaged as well.
    std::string data = ReadFileOrDie(prefix + ".data-00000-of-00001");
    Mutate(&data, rng);
    WriteFileOrDie(prefix + ".data-00000-of-00001", data);
    Exercise(prefix);
  }
  std::printf("%d tables with mutated entries, %d tensors read\n", runs, tensors_read);
  EXPECT_GT(runs, 50);
  EXPECT_GT(tensors_read, 0);  // most entries survive a mutation elsewhere
}

}  // namespace
}  // namespace tfconv
