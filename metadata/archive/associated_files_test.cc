#include "metadata/archive/associated_files.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "converter/frontend/shared_testdata.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using ::testing::ElementsAre;

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Model stand-in: any bytes; the archive code does not look inside the flatbuffer.
const std::string kModel = std::string("\x18\x00\x00\x00TFL3", 8) + std::string(100, '\x07');

std::vector<AssociatedFileData> TwoFiles() {
  return {{"labels.txt", "cat\ndog\n"}, {"vocab.txt", std::string("a\0b\nc", 5)}};
}

TEST(AssociatedFiles, WriteThenListAndExtractGiveTheSameBytes) {
  absl::StatusOr<std::string> out = AppendAssociatedFiles(AsBytes(kModel), TwoFiles(), "m.tflite");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->substr(0, kModel.size()), kModel);  // the model bytes come first, unchanged
  absl::StatusOr<AppendedZip> zip = FindAppendedZip(AsBytes(*out), "m.tflite");
  ASSERT_TRUE(zip.ok()) << zip.status();
  EXPECT_TRUE(zip->has_zip);
  EXPECT_EQ(zip->model_size, kModel.size());
  EXPECT_THAT(zip->names, ElementsAre("labels.txt", "vocab.txt"));
  absl::StatusOr<std::vector<AssociatedFileData>> files = ExtractAssociatedFiles(AsBytes(*out), "m.tflite");
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].data, "cat\ndog\n");
  EXPECT_EQ((*files)[1].data, std::string("a\0b\nc", 5));
  absl::StatusOr<std::string> one = ExtractAssociatedFile(AsBytes(*out), "vocab.txt", "m.tflite");
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(*one, std::string("a\0b\nc", 5));
  // Stored, not compressed: the label text is readable in place in the file.
  EXPECT_NE(out->find("cat\ndog\n", kModel.size()), std::string::npos);
}

TEST(AssociatedFiles, OutputIsDeterministic) {
  absl::StatusOr<std::string> a = AppendAssociatedFiles(AsBytes(kModel), TwoFiles(), "m.tflite");
  // A clock second later: no write time may leak into the entries (DOS time or extra fields).
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  absl::StatusOr<std::string> b = AppendAssociatedFiles(AsBytes(kModel), TwoFiles(), "m.tflite");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

TEST(AssociatedFiles, RewriteReplacesInsteadOfStacking) {
  absl::StatusOr<std::string> first = AppendAssociatedFiles(AsBytes(kModel), TwoFiles(), "m.tflite");
  ASSERT_TRUE(first.ok());
  std::vector<AssociatedFileData> other = {{"other.txt", "x"}};
  absl::StatusOr<std::string> second = AppendAssociatedFiles(AsBytes(*first), other, "m.tflite");
  absl::StatusOr<std::string> direct = AppendAssociatedFiles(AsBytes(kModel), other, "m.tflite");
  ASSERT_TRUE(second.ok() && direct.ok());
  EXPECT_EQ(*second, *direct);
  absl::StatusOr<std::vector<std::string>> names = ListAssociatedFiles(AsBytes(*second), "m.tflite");
  ASSERT_TRUE(names.ok());
  EXPECT_THAT(*names, ElementsAre("other.txt"));
  // Writing no files strips the archive.
  absl::StatusOr<std::string> none = AppendAssociatedFiles(AsBytes(*first), {}, "m.tflite");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, kModel);
}

TEST(AssociatedFiles, UnzipListsAndTestsTheFile) {
  if (std::system("command -v unzip >/dev/null 2>&1") != 0) GTEST_SKIP() << "no unzip";
  absl::StatusOr<std::string> out = AppendAssociatedFiles(AsBytes(kModel), TwoFiles(), "m.tflite");
  ASSERT_TRUE(out.ok());
  const std::string path = std::string(std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR") : "/tmp") +
                           "/assoc_unzip_test.tflite";
  std::ofstream(path, std::ios::binary) << *out;
  FILE* pipe = popen(("unzip -l " + path + " 2>&1; unzip -tq " + path + " 2>&1").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string text;
  char chunk[512];
  while (size_t n = fread(chunk, 1, sizeof(chunk), pipe)) text.append(chunk, n);
  EXPECT_EQ(pclose(pipe), 0) << text;
  EXPECT_TRUE(absl::StrContains(text, "labels.txt")) << text;
  EXPECT_TRUE(absl::StrContains(text, "vocab.txt")) << text;
  EXPECT_TRUE(absl::StrContains(text, "1980-01-01 00:00")) << text;
  EXPECT_TRUE(absl::StrContains(text, "No errors detected")) << text;
  EXPECT_FALSE(absl::StrContains(text, "extra bytes")) << text;  // offsets count from the file start
}

TEST(AssociatedFiles, ConcatenatedZipWithRelativeOffsetsIsFound) {
  absl::StatusOr<std::string> bare = AppendAssociatedFiles(AsBytes(std::string()), TwoFiles(), "z.zip");
  ASSERT_TRUE(bare.ok());
  const std::string joined = kModel + *bare;  // like `cat model.tflite files.zip`
  absl::StatusOr<AppendedZip> zip = FindAppendedZip(AsBytes(joined), "j.tflite");
  ASSERT_TRUE(zip.ok()) << zip.status();
  EXPECT_EQ(zip->model_size, kModel.size());
  absl::StatusOr<std::string> labels = ExtractAssociatedFile(AsBytes(joined), "labels.txt", "j.tflite");
  ASSERT_TRUE(labels.ok()) << labels.status();
  EXPECT_EQ(*labels, "cat\ndog\n");
}

TEST(AssociatedFiles, NoZipMeansNoFiles) {
  absl::StatusOr<AppendedZip> zip = FindAppendedZip(AsBytes(kModel), "m.tflite");
  ASSERT_TRUE(zip.ok());
  EXPECT_FALSE(zip->has_zip);
  EXPECT_EQ(zip->model_size, kModel.size());
  absl::StatusOr<std::string> missing = ExtractAssociatedFile(AsBytes(kModel), "labels.txt", "m.tflite");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(missing.status().message(), "m.tflite")) << missing.status();
}

TEST(AssociatedFiles, MissingEntryNamesWhatIsThere) {
  absl::StatusOr<std::string> out = AppendAssociatedFiles(AsBytes(kModel), TwoFiles(), "m.tflite");
  ASSERT_TRUE(out.ok());
  absl::StatusOr<std::string> missing = ExtractAssociatedFile(AsBytes(*out), "nope.txt", "m.tflite");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(missing.status().message(), "labels.txt, vocab.txt")) << missing.status();
}

TEST(AssociatedFiles, BadNamesAreRefused) {
  std::vector<AssociatedFileData> twice = {{"a.txt", "1"}, {"a.txt", "2"}};
  absl::StatusOr<std::string> out = AppendAssociatedFiles(AsBytes(kModel), twice, "m.tflite");
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(out.status().message(), "a.txt")) << out.status();
  std::vector<AssociatedFileData> unnamed = {{"", "1"}};
  EXPECT_EQ(AppendAssociatedFiles(AsBytes(kModel), unnamed, "m.tflite").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(AssociatedFiles, CorruptZipGivesClearErrors) {
  absl::StatusOr<std::string> out = AppendAssociatedFiles(AsBytes(kModel), TwoFiles(), "m.tflite");
  ASSERT_TRUE(out.ok());
  // A changed byte of the stored labels: the CRC no longer matches.
  std::string crc = *out;
  crc[crc.find("cat\ndog\n", kModel.size())] = 'b';
  absl::StatusOr<std::string> labels = ExtractAssociatedFile(AsBytes(crc), "labels.txt", "m.tflite");
  EXPECT_EQ(labels.status().code(), absl::StatusCode::kDataLoss) << labels.status();
  EXPECT_TRUE(absl::StrContains(labels.status().message(), "m.tflite: packed file labels.txt")) << labels.status();
  // A broken central directory signature.
  std::string directory = *out;
  const size_t cd = directory.find("PK\x01\x02");
  ASSERT_NE(cd, std::string::npos);
  directory[cd + 1] = 'X';
  absl::StatusOr<std::vector<std::string>> names = ListAssociatedFiles(AsBytes(directory), "m.tflite");
  EXPECT_EQ(names.status().code(), absl::StatusCode::kDataLoss) << names.status();
  EXPECT_TRUE(absl::StrContains(names.status().message(), "m.tflite: the zip archive appended")) << names.status();
  // The end record pointing into the model bytes.
  std::string end = *out;
  const size_t eocd = end.rfind("PK\x05\x06");
  end[eocd + 16] = '\x01';
  end[eocd + 17] = end[eocd + 18] = end[eocd + 19] = '\0';
  EXPECT_EQ(ListAssociatedFiles(AsBytes(end), "m.tflite").status().code(), absl::StatusCode::kDataLoss);
  // Entry data cut short: libzip's consistency check refuses the archive.
  std::string local = *out;
  local[local.find("PK\x03\x04") + 26] = '\x7f';  // the first local header's name length
  EXPECT_FALSE(ExtractAssociatedFiles(AsBytes(local), "m.tflite").ok());
}

TEST(AssociatedFiles, EveryTruncationFailsCleanly) {
  absl::StatusOr<std::string> out = AppendAssociatedFiles(AsBytes(kModel), TwoFiles(), "m.tflite");
  ASSERT_TRUE(out.ok());
  for (size_t cut = 0; cut <= out->size(); ++cut) {
    absl::StatusOr<std::vector<AssociatedFileData>> files =
        ExtractAssociatedFiles(AsBytes(absl::string_view(*out).substr(0, cut)), "m.tflite");
    if (cut == out->size()) {
      EXPECT_TRUE(files.ok());
    }
  }
}

TEST(AssociatedFiles, RealModelsListTheirPackedLabels) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = shared + "/testdata/real/tflite_support/";
  // Sizes and offsets as `unzip -l` and the zip records show them.
  std::string nl = ReadBytes(dir + "text/test_model_nl_classifier_with_associated_label.tflite");
  ASSERT_EQ(nl.size(), 1773u);
  absl::StatusOr<AppendedZip> zip = FindAppendedZip(AsBytes(nl), "nl");
  ASSERT_TRUE(zip.ok()) << zip.status();
  EXPECT_EQ(zip->model_size, 1624u);
  EXPECT_THAT(zip->names, ElementsAre("test_labels.txt"));
  absl::StatusOr<std::string> labels = ExtractAssociatedFile(AsBytes(nl), "test_labels.txt", "nl");
  ASSERT_TRUE(labels.ok()) << labels.status();
  EXPECT_EQ(*labels, "label0\nlabel1\nlabel2\n");

  std::string mobilenet = ReadBytes(dir + "vision/mobilenet_v1_0.25_224_quant.tflite");
  absl::StatusOr<std::string> imagenet = ExtractAssociatedFile(AsBytes(mobilenet), "labels.txt", "mobilenet");
  ASSERT_TRUE(imagenet.ok()) << imagenet.status();
  EXPECT_EQ(imagenet->size(), 10484u);
  EXPECT_EQ(imagenet->substr(0, 17), "background\ntench\n");

  // dilated_conv.tflite carries an empty archive (an end record only).
  std::string dilated = ReadBytes(dir + "vision/dilated_conv.tflite");
  absl::StatusOr<AppendedZip> empty = FindAppendedZip(AsBytes(dilated), "dilated");
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_TRUE(empty->has_zip);
  EXPECT_TRUE(empty->names.empty());
  EXPECT_EQ(empty->model_size, 9260u);
}

TEST(AssociatedFiles, RepackedRealModelStaysAValidFlatbuffer) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  std::string nl = ReadBytes(shared + "/testdata/real/tflite_support/text/"
                                      "test_model_nl_classifier_with_associated_label.tflite");
  std::vector<AssociatedFileData> files = {{"test_labels.txt", "a\nb\nc\n"}, {"extra.txt", "e"}};
  absl::StatusOr<std::string> out = AppendAssociatedFiles(AsBytes(nl), files, "nl");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->substr(0, 1624), nl.substr(0, 1624));
  absl::StatusOr<TflModel> model = ReadModel(AsBytes(*out), ByteBuffer());
  ASSERT_TRUE(model.ok()) << model.status();
  absl::StatusOr<std::vector<std::string>> names = ListAssociatedFiles(AsBytes(*out), "nl");
  ASSERT_TRUE(names.ok());
  EXPECT_THAT(*names, ElementsAre("test_labels.txt", "extra.txt"));
}

}  // namespace
}  // namespace tfconv
