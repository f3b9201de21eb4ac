// Damaged HDF5 files never crash H5File: deterministic mutations of three small files (a Keras 2 .h5,
// a Keras 3 model.weights.h5, and a file with new-style groups, creation order and compressed chunks)
// are opened and read in full. Errors are expected; every call must return.
//
// Before internal/h5_guard.cc, the memory driver and the size checks of ReadDataset, about one variant
// in 150 crashed or hung inside libhdf5 1.10.8 (global heap reads, the metadata accumulator, fill
// value, link, local heap and chunk decoding); campaigns of 20000 variants per seed, each in a forked
// process, now pass. This test runs a few hundred per seed to stay fast.
#include <random>

#include "converter/frontend/keras/storage/h5_file.h"
#include "converter/frontend/keras/storage/h5_writer.h"
#include "converter/frontend/keras/storage/internal/test_files.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using storage_testing::ReadBytes;
using storage_testing::TempPath;

std::string KerasH5Seed() {
  std::string path = TempPath("fuzz_keras2.h5");
  std::vector<float> kernel(2 * 3 * 4);
  for (size_t i = 0; i < kernel.size(); ++i) kernel[i] = static_cast<float>(i);
  absl::Status s = WriteKerasH5(
      path, R"({"class_name": "Functional", "config": {"layers": []}})",
      {{"input_1", {}},
       {"conv2d", {{"kernel", Tensor::FromVector<float>({2, 3, 4}, kernel)}, {"bias", Tensor::Zeros(DataType::kFloat, {4})}}},
       {"batch_normalization",
        {{"gamma", Tensor::FromVector<double>({2}, {1, 2})},
         {"moving_mean", Tensor::FromVector<int64_t>({2}, {3, 4})},
         {"flag", Tensor::FromVector<bool>({2}, {true, false})}}}});
  EXPECT_TRUE(s.ok()) << s;
  return ReadBytes(path);
}

std::string KerasV3Seed() {
  absl::StatusOr<std::string> image = KerasV3WeightsImage(
      {{"", {}, "model"},
       {"layers/dense", {Tensor::FromVector<float>({2, 2}, {1, 2, 3, 4}), Tensor::Zeros(DataType::kFloat, {2})}, "dense"},
       {"layers/functional/layers/conv2d", {Tensor::Scalar<int64_t>(3)}, ""},
       {"layers/dense_1", {Tensor(DataType::kBFloat16, {2}, ByteBuffer::Copy("\x80\x3f\x00\xc0", 4))}, ""}});
  EXPECT_TRUE(image.ok()) << image.status();
  return image.ok() ? *image : "";
}

std::string NewStyleSeed() {
  std::string path = TempPath("fuzz_new_style.h5");
  H5WriterOptions options;
  options.track_creation_order = true;
  absl::StatusOr<H5Writer> w = H5Writer::Create(path, options);
  EXPECT_TRUE(w.ok());
  if (!w.ok()) return "";
  H5DatasetOptions deflate, big_endian;
  deflate.deflate = true;
  big_endian.big_endian = true;
  std::vector<float> values(64, 0.5f);
  EXPECT_TRUE(w->WriteDataset("/b/packed", Tensor::FromVector<float>({8, 8}, values), deflate).ok());
  EXPECT_TRUE(w->WriteDataset("/a/be", Tensor::FromVector<int32_t>({3}, {1, 2, 3}), big_endian).ok());
  EXPECT_TRUE(w->SetStringAttribute("/a", "model_config", "{}").ok());
  EXPECT_TRUE(w->SetStringListAttribute("/a", "layer_names", {"x", "yy"}).ok());
  EXPECT_TRUE(w->SetStringAttribute("/", "keras_version", "3.3.3", /*variable_length=*/false).ok());
  EXPECT_TRUE(w->Close().ok());
  return ReadBytes(path);
}

// Reads everything reachable, as the Keras front end would; returns how many reads succeeded.
int ReadEverything(const H5File& f, const std::string& path, int depth) {
  int reads = 0;
  for (const char* attr : {"model_config", "keras_version", "layer_names", "weight_names", "name"}) {
    reads += f.StringAttribute(path, attr).ok();
    reads += f.StringListAttribute(path, attr).ok();
    reads += f.ChunkedStringListAttribute(path, attr).ok();
  }
  if (depth > 6) return reads;
  absl::StatusOr<std::vector<std::string>> children = f.Children(path);
  if (!children.ok()) return reads;
  for (const std::string& child : *children) {
    std::string child_path = (path == "/" ? "" : path) + "/" + child;
    if (f.IsGroup(child_path)) {
      reads += ReadEverything(f, child_path, depth + 1);
    } else if (absl::StatusOr<Tensor> t = f.ReadDataset(child_path); t.ok()) {
      EXPECT_TRUE(t->IsValid()) << child_path;
      ++reads;
    }
  }
  return reads;
}

std::string Mutate(const std::string& seed, uint32_t variant) {
  std::mt19937 rng(variant);
  std::string bytes = seed;
  switch (variant % 4) {
    case 0:  // a few random bytes anywhere
      for (int k = 1 + rng() % 8; k > 0; --k) bytes[rng() % bytes.size()] = static_cast<char>(rng());
      break;
    case 1:  // bits flipped in the superblock and the first object headers
      for (int k = 1 + rng() % 4; k > 0; --k) {
        bytes[8 + rng() % std::min<size_t>(1000, bytes.size() - 8)] ^= static_cast<char>(1 << (rng() % 8));
      }
      break;
    case 2: {  // a span overwritten with 0xff (undefined addresses) or zeros
      size_t at = rng() % bytes.size(), n = 1 + rng() % 16;
      for (size_t i = at; i < std::min(bytes.size(), at + n); ++i) bytes[i] = (variant & 4) ? '\xff' : '\0';
      break;
    }
    case 3:  // truncated, and a byte changed
      bytes.resize(8 + rng() % (bytes.size() - 8));
      bytes[rng() % bytes.size()] = static_cast<char>(rng());
      break;
  }
  return bytes;
}

void Fuzz(const std::string& seed, uint32_t variants) {
  ASSERT_GT(seed.size(), 1000u);
  {
    absl::StatusOr<H5File> f = H5File::OpenImage(seed, "seed.h5");
    ASSERT_TRUE(f.ok()) << f.status();
    EXPECT_GE(ReadEverything(*f, "/", 0), 3);
  }
  int opened = 0, failed = 0;
  for (uint32_t variant = 0; variant < variants; ++variant) {
    absl::StatusOr<H5File> f = H5File::OpenImage(Mutate(seed, variant), "variant.h5");
    if (!f.ok()) {
      ++failed;
      EXPECT_FALSE(f.status().message().empty());
      continue;
    }
    ++opened;
    ReadEverything(*f, "/", 0);
  }
  // Both outcomes happen: the mutations are neither all harmless nor all fatal.
  EXPECT_GT(opened, static_cast<int>(variants / 8));
  EXPECT_GT(failed, static_cast<int>(variants / 8));
}

TEST(H5FileFuzz, MutatedKeras2FilesNeverCrash) { Fuzz(KerasH5Seed(), 400); }
TEST(H5FileFuzz, MutatedKeras3WeightsNeverCrash) { Fuzz(KerasV3Seed(), 300); }
TEST(H5FileFuzz, MutatedNewStyleFilesNeverCrash) { Fuzz(NewStyleSeed(), 300); }

}  // namespace
}  // namespace tfconv
