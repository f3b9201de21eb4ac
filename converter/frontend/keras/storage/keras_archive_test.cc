// ReadKerasArchive on archives the writer makes (as Keras 3 lays them out) and on damaged ones.
#include "converter/frontend/keras/storage/keras_archive.h"

#include <cstring>

#include "converter/frontend/keras/storage/h5_file.h"
#include "converter/frontend/keras/storage/h5_writer.h"
#include "converter/frontend/keras/storage/internal/test_files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using storage_testing::ReadBytes;
using storage_testing::TempPath;
using storage_testing::WriteBytes;
using ::testing::HasSubstr;

const char kConfig[] = R"({"module": "keras", "class_name": "Sequential", "config": {"name": "sequential"}})";
const char kMetadata[] = R"({"keras_version": "3.3.3", "date_saved": "2024-05-01@12:00:00"})";

std::string Weights() {
  absl::StatusOr<std::string> image =
      KerasV3WeightsImage({{"layers/dense", {Tensor::FromVector<float>({2, 1}, {1.5f, -1.5f})}, ""}});
  EXPECT_TRUE(image.ok()) << image.status();
  return image.ok() ? *image : "";
}

TEST(ReadKerasArchive, ReadsWhatKeras3Writes) {
  std::string path = TempPath("model.keras");
  std::string weights = Weights();
  ASSERT_TRUE(WriteKerasArchive(path, kConfig, weights, kMetadata).ok());
  // Keras (Python's zipfile) stores entries uncompressed: the JSON is readable in the file.
  EXPECT_NE(ReadBytes(path).find(kConfig), std::string::npos);
  absl::StatusOr<KerasArchive> archive = ReadKerasArchive(path);
  ASSERT_TRUE(archive.ok()) << archive.status();
  EXPECT_EQ(archive->config_json, kConfig);
  EXPECT_EQ(archive->metadata_json, kMetadata);
  EXPECT_EQ(archive->weights_h5, weights);
  EXPECT_EQ(archive->entry_names, (std::vector<std::string>{"metadata.json", "config.json", "model.weights.h5"}));
  absl::StatusOr<H5File> h5 = H5File::OpenImage(std::move(archive->weights_h5), path + ":model.weights.h5");
  ASSERT_TRUE(h5.ok()) << h5.status();
  absl::StatusOr<Tensor> kernel = h5->ReadDataset("/layers/dense/vars/0");
  ASSERT_TRUE(kernel.ok()) << kernel.status();
  EXPECT_EQ(kernel->data<float>()[1], -1.5f);
}

TEST(ReadKerasArchive, DeflatedEntriesAndAssetsAndNoMetadata) {
  std::string path = TempPath("deflated.keras");
  std::string weights = Weights();
  ASSERT_TRUE(WriteZip(path,
                       {{"config.json", kConfig},
                        {"model.weights.h5", weights},
                        {"assets/vocabulary.txt", "a\nb\n"}},
                       /*deflate=*/true)
                  .ok());
  EXPECT_EQ(ReadBytes(path).find(kConfig), std::string::npos);  // compressed
  absl::StatusOr<KerasArchive> archive = ReadKerasArchive(path);
  ASSERT_TRUE(archive.ok()) << archive.status();
  EXPECT_EQ(archive->config_json, kConfig);
  EXPECT_EQ(archive->weights_h5, weights);
  EXPECT_EQ(archive->metadata_json, "");
  EXPECT_EQ(archive->entry_names.back(), "assets/vocabulary.txt");
}

TEST(ReadKerasArchive, MissingParts) {
  std::string no_config = TempPath("no_config.keras");
  ASSERT_TRUE(WriteZip(no_config, {{"metadata.json", kMetadata}, {"model.weights.h5", Weights()}}).ok());
  absl::StatusOr<KerasArchive> a = ReadKerasArchive(no_config);
  EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(a.status().message(),
              HasSubstr(no_config + " has no config.json: not a Keras 3 .keras archive (it holds: metadata.json, "
                                    "model.weights.h5)"));

  std::string no_weights = TempPath("no_weights.keras");
  ASSERT_TRUE(WriteZip(no_weights, {{"config.json", kConfig}}).ok());
  EXPECT_THAT(ReadKerasArchive(no_weights).status().message(),
              HasSubstr(no_weights + " has no model.weights.h5: a Keras 3 .keras archive always has one"));

  std::string npz = TempPath("npz.keras");
  ASSERT_TRUE(WriteZip(npz, {{"config.json", kConfig}, {"model.weights.npz", "PK..."}}).ok());
  absl::StatusOr<KerasArchive> n = ReadKerasArchive(npz);
  EXPECT_EQ(n.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(n.status().message(), HasSubstr("model.weights.npz"));

  // An empty zip is only its end record (libzip does not write archives without entries).
  std::string empty = TempPath("empty.keras");
  WriteBytes(empty, std::string("PK\5\6", 4) + std::string(18, '\0'));
  EXPECT_THAT(ReadKerasArchive(empty).status().message(),
              HasSubstr("has no config.json: not a Keras 3 .keras archive (it holds: nothing)"));
}

TEST(ReadKerasArchive, NotAZip) {
  std::string text = TempPath("text.keras");
  WriteBytes(text, "just some text, not a zip archive at all, long enough for the end record.....");
  absl::StatusOr<KerasArchive> a = ReadKerasArchive(text);
  EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(a.status().message(),
            text + ": is not a zip archive (a Keras 3 .keras file is a zip holding config.json and model.weights.h5)");
  absl::StatusOr<KerasArchive> missing = ReadKerasArchive(TempPath("missing.keras"));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("missing.keras: no such file"));
}

TEST(ReadKerasArchive, CorruptEntriesFailTheCrc) {
  std::string path = TempPath("crc.keras");
  ASSERT_TRUE(WriteKerasArchive(path, kConfig, Weights(), kMetadata).ok());
  std::string bytes = ReadBytes(path);
  size_t at = bytes.find("Sequential");
  ASSERT_NE(at, std::string::npos);
  bytes[at] = 's';  // same size, different CRC
  WriteBytes(path, bytes);
  absl::StatusOr<KerasArchive> a = ReadKerasArchive(path);
  EXPECT_EQ(a.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(a.status().message(), HasSubstr(path + ": config.json: is damaged: CRC error"));
}

TEST(ReadKerasArchive, CorruptDeflatedData) {
  std::string path = TempPath("bad_deflate.keras");
  std::string big_config(20000, ' ');
  for (size_t i = 0; i < big_config.size(); ++i) big_config[i] = "{}abc"[i * 7 % 5];
  ASSERT_TRUE(WriteZip(path, {{"config.json", big_config}, {"model.weights.h5", Weights()}}, /*deflate=*/true).ok());
  std::string bytes = ReadBytes(path);
  // The compressed config starts after its 30-byte local header and 11-byte name.
  for (size_t i = 45; i < 60; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
  WriteBytes(path, bytes);
  absl::StatusOr<KerasArchive> a = ReadKerasArchive(path);
  ASSERT_FALSE(a.ok());
  EXPECT_THAT(a.status().message(), HasSubstr(path + ": config.json: "));
}

TEST(ReadKerasArchive, TruncatedArchive) {
  std::string path = TempPath("truncated.keras");
  ASSERT_TRUE(WriteKerasArchive(path, kConfig, Weights(), kMetadata).ok());
  std::string bytes = ReadBytes(path);
  for (size_t keep : {bytes.size() - 10, bytes.size() / 2, size_t{10}}) {
    WriteBytes(path, bytes.substr(0, keep));
    absl::StatusOr<KerasArchive> a = ReadKerasArchive(path);
    ASSERT_FALSE(a.ok()) << keep;
    EXPECT_THAT(a.status().message(), HasSubstr(path + ": ")) << keep;
  }
}

TEST(ReadKerasArchive, DeclaredSizesAreCheckedBeforeReading) {
  std::string path = TempPath("sizes.keras");
  std::string weights = Weights();
  ASSERT_TRUE(WriteKerasArchive(path, kConfig, weights, kMetadata).ok());
  absl::StatusOr<KerasArchive> capped = ReadKerasArchive(path, /*max_entry_bytes=*/1000);
  EXPECT_EQ(capped.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(capped.status().message(),
              HasSubstr(path + ": model.weights.h5: declares " + std::to_string(weights.size()) +
                        " bytes, more than the 1000 this converter reads"));

  // A central directory claiming more bytes for config.json than the entry holds.
  std::string bytes = ReadBytes(path);
  size_t central = bytes.find(std::string("PK\1\2", 4));
  while (central != std::string::npos && bytes.compare(central + 46, 11, "config.json") != 0) {
    central = bytes.find(std::string("PK\1\2", 4), central + 4);
  }
  ASSERT_NE(central, std::string::npos);
  uint32_t size = 0;
  std::memcpy(&size, &bytes[central + 24], 4);
  ASSERT_EQ(size, sizeof(kConfig) - 1);
  size += 5000;
  std::memcpy(&bytes[central + 24], &size, 4);
  WriteBytes(path, bytes);
  absl::StatusOr<KerasArchive> lying = ReadKerasArchive(path);
  ASSERT_FALSE(lying.ok());
  EXPECT_THAT(lying.status().message(), HasSubstr(path));
}

}  // namespace
}  // namespace tfconv
