// Every failure the reader reports: each must be a Status (never a crash) that names the
// checkpoint prefix, the file and the variable. Damaged real checkpoints are copies in TEST_TMPDIR.
#include <cstdio>
#include <filesystem>
#include <string>

#include "converter/frontend/checkpoint/checkpoint_reader.h"
#include "converter/frontend/checkpoint/checkpoint_writer.h"
#include "converter/frontend/checkpoint/internal/test_files.h"
#include "converter/frontend/shared_testdata.h"
#include "gtest/gtest.h"
#include "leveldb/env.h"
#include "leveldb/options.h"
#include "leveldb/table_builder.h"

namespace tfconv {
namespace {

// gmock is not linked: a substring check that prints the whole message on failure.
#define EXPECT_HAS(text, part) \
  EXPECT_NE(std::string(text).find(part), std::string::npos) << "message: " << (text)

const char kHalfPlusTwo[] =
    "/testdata/real/tf_serving/saved_model_half_plus_two_cpu/variables/variables";

// A copy of the TF1 half_plus_two checkpoint: a, a2, b, c, c2 at offsets 0, 4, 8, 12, 16.
std::string CopyHalfPlusTwo(const std::string& shared, const std::string& name) {
  return CopyCheckpoint(shared + kHalfPlusTwo, FreshTestDir(name));
}

std::unique_ptr<CheckpointReader> MustOpen(const std::string& prefix) {
  auto r = CheckpointReader::Open(prefix);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? std::move(*r) : nullptr;
}

// A table with the given records, written the way the writer would (for headers it cannot make).
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

TEST(CheckpointErrors, MissingIndex) {
  const std::string prefix = FreshTestDir("missing_index") + "/variables";
  auto r = CheckpointReader::Open(prefix);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_HAS(r.status().message(), "checkpoint '" + prefix + "'");
  EXPECT_HAS(r.status().message(), prefix + ".index' does not exist");
}

TEST(CheckpointErrors, GarbageIndex) {
  const std::string prefix = FreshTestDir("garbage_index") + "/variables";
  for (const std::string& bytes :
       {std::string(), std::string("hello"), std::string(4096, 'x'), std::string(48, '\0')}) {
    WriteFileOrDie(prefix + ".index", bytes);
    auto r = CheckpointReader::Open(prefix);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_HAS(r.status().message(), "is not a valid checkpoint index");
    EXPECT_HAS(r.status().message(), "'variables.index'");
    EXPECT_HAS(r.status().message(), "checkpoint '" + prefix + "'");
  }
}

TEST(CheckpointErrors, IndexBlockCorruptionIsCaughtByTheBlockChecksum) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string prefix = CopyHalfPlusTwo(shared, "index_block");
  std::string index = ReadFileOrDie(prefix + ".index");
  index[10] ^= 0x40;  // inside the first (data) block
  WriteFileOrDie(prefix + ".index", index);
  auto r = CheckpointReader::Open(prefix);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_HAS(r.status().message(), "checksum");
}

TEST(CheckpointErrors, FlippedDataByteNamesTheVariable) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string prefix = CopyHalfPlusTwo(shared, "flipped");
  const std::string shard = prefix + ".data-00000-of-00001";
  std::string data = ReadFileOrDie(shard);
  data[9] ^= 0x01;  // b = 2.0f lives at [8, 12)
  WriteFileOrDie(shard, data);
  auto r = MustOpen(prefix);
  ASSERT_NE(r, nullptr);
  absl::StatusOr<Tensor> b = r->Read("b");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), absl::StatusCode::kDataLoss);
  const std::string msg(b.status().message());
  EXPECT_HAS(msg, "variable 'b': data corrupt: crc32c mismatch");
  EXPECT_HAS(msg, "in 'variables.data-00000-of-00001' bytes [8, 12)");
  EXPECT_HAS(msg, "checkpoint '" + prefix + "'");
  // The neighbours are intact.
  EXPECT_TRUE(r->Read("a2").ok());
  EXPECT_TRUE(r->Read("c").ok());
  // Describe does not read data, so it still works.
  EXPECT_TRUE(r->Describe("b").ok());
}

TEST(CheckpointErrors, TruncatedShard) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string prefix = CopyHalfPlusTwo(shared, "truncated");
  const std::string shard = prefix + ".data-00000-of-00001";
  WriteFileOrDie(shard, ReadFileOrDie(shard).substr(0, 14));
  auto r = MustOpen(prefix);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->Read("b").ok());           // [8, 12) is still there
  absl::StatusOr<Tensor> c = r->Read("c");  // [12, 16) is cut
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_HAS(std::string(c.status().message()), "variable 'c'");
  EXPECT_HAS(std::string(c.status().message()), "is truncated");
  EXPECT_HAS(std::string(c.status().message()), "has 14");
}

TEST(CheckpointErrors, MissingShard) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string prefix = CopyHalfPlusTwo(shared, "missing_shard");
  std::filesystem::remove(prefix + ".data-00000-of-00001");
  auto r = MustOpen(prefix);  // the index alone opens
  ASSERT_NE(r, nullptr);
  absl::StatusOr<Tensor> a = r->Read("a");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), absl::StatusCode::kNotFound);
  EXPECT_HAS(std::string(a.status().message()), "variable 'a'");
  EXPECT_HAS(std::string(a.status().message()), "'variables.data-00000-of-00001' does not exist");
}

// Entries the writer cannot produce from a Tensor, written raw.
class BadEntries : public ::testing::Test {
 protected:
  void SetUp() override {
    prefix_ =
        FreshTestDir(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "/ckpt";
    auto w = CheckpointWriter::Create(prefix_);
    ASSERT_TRUE(w.ok());
    writer_ = std::move(*w);
    ASSERT_TRUE(writer_->Add("ok", Tensor::FromVector<float>({2}, {1, 2})).ok());
  }
  tensorflow::BundleEntryProto FloatEntry(std::vector<int64_t> shape, int64_t offset,
                                          int64_t size) {
    tensorflow::BundleEntryProto e;
    e.set_dtype(tensorflow::DT_FLOAT);
    for (int64_t d : shape) e.mutable_shape()->add_dim()->set_size(d);
    e.set_offset(offset);
    e.set_size(size);
    return e;
  }
  // Describe and Read both fail with `code` and a message holding `text` and the key.
  void ExpectBoth(const std::string& key, absl::StatusCode code, const std::string& text) {
    auto r = MustOpen(prefix_);
    ASSERT_NE(r, nullptr);
    EXPECT_TRUE(r->Read("ok").ok());
    auto d = r->Describe(key);
    auto t = r->Read(key);
    for (const absl::Status& s : {d.status(), t.status()}) {
      EXPECT_EQ(s.code(), code) << s;
      EXPECT_HAS(s.message(), text);
      EXPECT_HAS(s.message(), "variable '" + key + "'");
      EXPECT_HAS(s.message(), prefix_);
    }
  }
  std::string prefix_;
  std::unique_ptr<CheckpointWriter> writer_;
};

TEST_F(BadEntries, PartitionedVariableIsUnimplemented) {
  tensorflow::BundleEntryProto e = FloatEntry({4, 2}, 0, 0);
  e.add_slices()->add_extent()->set_length(2);
  e.add_slices()->add_extent()->set_start(2);
  ASSERT_TRUE(writer_->AddEntry("sliced", e).ok());
  ASSERT_TRUE(writer_->Finish().ok());
  ExpectBoth("sliced", absl::StatusCode::kUnimplemented, "partitioned into 2 slices");
}

TEST_F(BadEntries, VariantDtypeIsUnimplemented) {
  tensorflow::BundleEntryProto e = FloatEntry({}, 0, 4);
  e.set_dtype(tensorflow::DT_VARIANT);
  ASSERT_TRUE(writer_->AddEntry("variant", e).ok());
  ASSERT_TRUE(writer_->Finish().ok());
  ExpectBoth("variant", absl::StatusCode::kUnimplemented, "dtype variant");
}

TEST_F(BadEntries, UnknownDtypeNumberIsUnimplemented) {
  tensorflow::BundleEntryProto e = FloatEntry({}, 0, 4);
  e.set_dtype(static_cast<tensorflow::DataType>(24));  // float8_e5m2, not in the IR
  ASSERT_TRUE(writer_->AddEntry("f8", e).ok());
  ASSERT_TRUE(writer_->Finish().ok());
  ExpectBoth("f8", absl::StatusCode::kUnimplemented, "dtype number 24");
}

TEST_F(BadEntries, NegativeDimension) {
  ASSERT_TRUE(writer_->AddEntry("neg", FloatEntry({-1, 2}, 0, 8)).ok());
  ASSERT_TRUE(writer_->Finish().ok());
  ExpectBoth("neg", absl::StatusCode::kDataLoss, "dimension -1");
}

TEST_F(BadEntries, SizeDoesNotMatchShape) {
  ASSERT_TRUE(writer_->AddEntry("short", FloatEntry({3}, 0, 8)).ok());
  ASSERT_TRUE(writer_->Finish().ok());
  ExpectBoth("short", absl::StatusCode::kDataLoss, "needs 12");
}

TEST_F(BadEntries, HugeShapeIsRefusedBeforeAnyAllocation) {
  ASSERT_TRUE(
      writer_->AddEntry("huge", FloatEntry({int64_t{1} << 40, int64_t{1} << 40}, 0, 8)).ok());
  tensorflow::BundleEntryProto s = FloatEntry({int64_t{1} << 50}, 0, 8);
  s.set_dtype(tensorflow::DT_STRING);
  ASSERT_TRUE(writer_->AddEntry("huge_strings", s).ok());
  ASSERT_TRUE(writer_->Finish().ok());
  ExpectBoth("huge", absl::StatusCode::kDataLoss, "overflows");
  ExpectBoth("huge_strings", absl::StatusCode::kDataLoss, "cannot hold");
}

TEST_F(BadEntries, ShardOutOfRange) {
  tensorflow::BundleEntryProto e = FloatEntry({2}, 0, 8);
  e.set_shard_id(3);
  ASSERT_TRUE(writer_->AddEntry("elsewhere", e).ok());
  ASSERT_TRUE(writer_->Finish().ok());
  ExpectBoth("elsewhere", absl::StatusCode::kDataLoss, "shard 3 does not exist");
}

TEST_F(BadEntries, OffsetPastTheEndOfTheShard) {
  ASSERT_TRUE(writer_->AddEntry("far", FloatEntry({2}, int64_t{1} << 62, 8)).ok());
  ASSERT_TRUE(writer_->Finish().ok());
  auto r = MustOpen(prefix_);
  ASSERT_NE(r, nullptr);
  auto t = r->Read("far");
  EXPECT_EQ(t.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_HAS(std::string(t.status().message()), "truncated");
}

TEST_F(BadEntries, StringLengthsChecksum) {
  ASSERT_TRUE(writer_->Add("s", Tensor({2}, std::vector<std::string>{"hello", "world!"})).ok());
  ASSERT_TRUE(writer_->Finish().ok());
  const std::string shard = prefix_ + ".data-00000-of-00001";
  std::string data = ReadFileOrDie(shard);
  // Layout after the 8 float bytes: lengths 05 06, 4 CRC bytes, "helloworld!".
  ASSERT_EQ(data.size(), 8u + 2 + 4 + 11);
  std::string damaged = data;
  damaged[9] = 7;  // second length
  WriteFileOrDie(shard, damaged);
  {
    auto r = MustOpen(prefix_);
    auto t = r->Read("s");
    EXPECT_EQ(t.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_HAS(std::string(t.status().message()), "crc32c mismatch in the string lengths");
    EXPECT_HAS(std::string(t.status().message()), "variable 's'");
  }
  damaged = data;
  damaged[16] ^= 0x20;  // 'l' of hello
  WriteFileOrDie(shard, damaged);
  {
    auto r = MustOpen(prefix_);
    auto t = r->Read("s");
    EXPECT_EQ(t.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_HAS(std::string(t.status().message()), "variable 's': data corrupt: crc32c mismatch");
  }
  WriteFileOrDie(shard, data);
  auto r = MustOpen(prefix_);
  auto t = r->Read("s");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->strings(), (std::vector<std::string>{"hello", "world!"}));
}

TEST(CheckpointErrors, HeaderProblems) {
  const std::string dir = FreshTestDir("header");
  tensorflow::BundleHeaderProto header;
  header.set_num_shards(1);
  const std::string entry = tensorflow::BundleEntryProto().SerializeAsString();

  WriteTable(dir + "/noheader.index", {{"a", entry}});
  auto r = CheckpointReader::Open(dir + "/noheader");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_HAS(r.status().message(), "no header entry");

  WriteTable(dir + "/badheader.index", {{"", "\xff\xff\xff"}});
  r = CheckpointReader::Open(dir + "/badheader");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_HAS(r.status().message(), "not a BundleHeaderProto");

  tensorflow::BundleHeaderProto big = header;
  big.set_endianness(tensorflow::BundleHeaderProto::BIG);
  WriteTable(dir + "/big.index", {{"", big.SerializeAsString()}});
  r = CheckpointReader::Open(dir + "/big");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_HAS(r.status().message(), "big-endian");

  tensorflow::BundleHeaderProto newer = header;
  newer.mutable_version()->set_producer(3);
  newer.mutable_version()->set_min_consumer(2);
  WriteTable(dir + "/newer.index", {{"", newer.SerializeAsString()}});
  r = CheckpointReader::Open(dir + "/newer");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_HAS(r.status().message(), "newer TensorFlow");

  tensorflow::BundleHeaderProto zero;
  WriteTable(dir + "/zero.index", {{"", zero.SerializeAsString()}});
  r = CheckpointReader::Open(dir + "/zero");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_HAS(r.status().message(), "0 data shards");
}

TEST(CheckpointErrors, SecondShardMissing) {
  const std::string dir = FreshTestDir("two_shards");
  tensorflow::BundleHeaderProto header;
  header.set_num_shards(2);
  tensorflow::BundleEntryProto e;
  e.set_dtype(tensorflow::DT_FLOAT);
  e.mutable_shape();
  e.set_shard_id(1);
  e.set_size(4);
  WriteTable(dir + "/ckpt.index", {{"", header.SerializeAsString()}, {"x", e.SerializeAsString()}});
  auto r = MustOpen(dir + "/ckpt");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->ShardPath(1), dir + "/ckpt.data-00001-of-00002");
  auto t = r->Read("x");
  EXPECT_EQ(t.status().code(), absl::StatusCode::kNotFound);
  EXPECT_HAS(std::string(t.status().message()), "ckpt.data-00001-of-00002");
}

}  // namespace
}  // namespace tfconv
