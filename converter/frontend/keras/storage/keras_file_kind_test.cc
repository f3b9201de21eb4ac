// SniffKerasFile tells HDF5 from zip by content and explains everything else.
#include "converter/frontend/keras/storage/keras_file_kind.h"

#include <sys/stat.h>

#include "converter/frontend/keras/storage/h5_writer.h"
#include "converter/frontend/keras/storage/internal/test_files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using storage_testing::TempPath;
using storage_testing::WriteBytes;
using ::testing::HasSubstr;

TEST(SniffKerasFile, Hdf5AndZip) {
  std::string h5 = TempPath("model.bin");  // the name does not matter
  ASSERT_TRUE(WriteKerasH5(h5, "{}", {{"input_1", {}}}).ok());
  EXPECT_EQ(*SniffKerasFile(h5), KerasFileKind::kH5);

  std::string user_block = TempPath("user_block.h5");
  H5WriterOptions options;
  options.user_block_size = 2048;
  absl::StatusOr<H5Writer> w = H5Writer::Create(user_block, options);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(w->Close().ok());
  EXPECT_EQ(*SniffKerasFile(user_block), KerasFileKind::kH5);

  std::string keras = TempPath("model.keras");
  ASSERT_TRUE(WriteKerasArchive(keras, "{}", "weights", "{}").ok());
  EXPECT_EQ(*SniffKerasFile(keras), KerasFileKind::kKerasArchive);
  std::string empty_zip = TempPath("empty_zip.keras");
  WriteBytes(empty_zip, std::string("PK\5\6", 4) + std::string(18, '\0'));
  EXPECT_EQ(*SniffKerasFile(empty_zip), KerasFileKind::kKerasArchive);
}

TEST(SniffKerasFile, MissingFile) {
  std::string path = TempPath("nowhere/model.h5");
  absl::StatusOr<KerasFileKind> kind = SniffKerasFile(path);
  EXPECT_EQ(kind.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(kind.status().message(), path + ": no such file");
}

TEST(SniffKerasFile, Directories) {
  std::string saved_model = TempPath("saved_model_dir");
  mkdir(saved_model.c_str(), 0755);
  WriteBytes(saved_model + "/saved_model.pb", "\x08\x01");
  EXPECT_EQ(SniffKerasFile(saved_model).status().message(),
            saved_model + ": is a SavedModel directory, not a Keras model file: use --saved_model_dir");
  std::string unzipped = TempPath("unzipped_keras");
  mkdir(unzipped.c_str(), 0755);
  WriteBytes(unzipped + "/config.json", "{}");
  WriteBytes(unzipped + "/model.weights.h5", "x");
  EXPECT_THAT(SniffKerasFile(unzipped).status().message(), HasSubstr("unzipped Keras 3 model directory"));
  std::string plain = TempPath("plain_dir");
  mkdir(plain.c_str(), 0755);
  EXPECT_THAT(SniffKerasFile(plain).status().message(),
              HasSubstr("is a directory; a Keras model file is either HDF5 (a Keras 2 / tf.keras .h5) or a zip "
                        "(a Keras 3 .keras archive)"));
}

TEST(SniffKerasFile, OtherFilesSayWhatTheyLookLike) {
  std::string tflite = TempPath("model.tflite");
  WriteBytes(tflite, std::string("\x1c\0\0\0TFL3\0\0\0\0", 12));
  EXPECT_THAT(SniffKerasFile(tflite).status().message(), HasSubstr("is a TFLite model already"));

  std::string json = TempPath("model.json");
  WriteBytes(json, "  {\"class_name\": \"Sequential\"}");
  EXPECT_THAT(SniffKerasFile(json).status().message(), HasSubstr("JSON text"));

  std::string pb = TempPath("frozen.pb");
  WriteBytes(pb, std::string("\x0a\x0c\x0a\x01x\x12\x07", 8));
  absl::StatusOr<KerasFileKind> p = SniffKerasFile(pb);
  EXPECT_THAT(p.status().message(), HasSubstr("--graph_def_file"));
  EXPECT_THAT(p.status().message(), HasSubstr("--saved_model_dir"));

  std::string png = TempPath("picture.h5");
  WriteBytes(png, std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  EXPECT_EQ(SniffKerasFile(png).status().message(),
            png + ": starts with 89 50 4e 47 0d 0a 1a 0a (\".PNG....\"), which is neither; a Keras model file is "
                  "either HDF5 (a Keras 2 / tf.keras .h5) or a zip (a Keras 3 .keras archive)");

  std::string empty = TempPath("empty.h5");
  WriteBytes(empty, "");
  EXPECT_THAT(SniffKerasFile(empty).status().message(), HasSubstr(empty + ": is empty"));
}

}  // namespace
}  // namespace tfconv
