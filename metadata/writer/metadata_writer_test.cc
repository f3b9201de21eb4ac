#include "metadata/writer/metadata_writer.h"

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "converter/frontend/shared_testdata.h"
#include "flatbuffers/flatbuffers.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "gtest/gtest.h"
#include "metadata/archive/associated_files.h"
#include "metadata/display/metadata_display.h"
#include "metadata/writer/file_io.h"
#include "metadata/writer/model_metadata_entry.h"
#include "nlohmann/json.hpp"

namespace tfconv {
namespace {

constexpr char kMobilenetDir[] = "/testdata/real/tflite_support/metadata_mobilenet_v2_quant/";

// A scratch directory for one test.
std::string TempDir(const std::string& name) {
  const char* base = std::getenv("TEST_TMPDIR");
  std::string dir = std::string(base != nullptr ? base : "/tmp") + "/" + name;
  std::string cmd = "mkdir -p '" + dir + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  return dir;
}

void WriteText(const std::string& path, const std::string& text) {
  ASSERT_TRUE(WriteFileAtomically(path, text).ok()) << path;
}

// The inputs of the official image_classifier_test.py (create_for_inference): mean/std 127.5,
// labels.txt, LOG score calibration with default score 0.2 and a score_calibration.txt file.
std::string WriteMobilenetDescription(const std::string& shared, const std::string& dir) {
  WriteText(dir + "/score_calibration.txt", "0.9876,0.0012,0.1\n\n0.5,0.25,-1.0,0.01\n");
  const std::string desc = dir + "/desc.json";
  WriteText(desc, R"({
    "task": "image_classifier",
    "normalization": {"mean": [127.5], "std": [127.5]},
    "labels": [")" + shared + kMobilenetDir + R"(labels.txt"],
    "score_calibration": {"transformation": "LOG", "default_score": 0.2, "file": "score_calibration.txt"}
  })");
  return desc;
}

TEST(MetadataWriter, MobilenetImageClassifierMatchesTheOfficialWriter) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = TempDir("mobilenet");
  const std::string model = shared + kMobilenetDir + "mobilenet_v2_1.0_224_quant.tflite";
  const std::string out = dir + "/with_metadata.tflite";
  absl::Status s = PopulateModelFile(model, WriteMobilenetDescription(shared, dir), {}, out);
  ASSERT_TRUE(s.ok()) << s;

  absl::StatusOr<MetadataDisplay> shown = DisplayMetadataFile(out);
  ASSERT_TRUE(shown.ok()) << shown.status();
  nlohmann::json ours = nlohmann::json::parse(shown->json, nullptr, false);
  ASSERT_FALSE(ours.is_discarded()) << shown->json;
  absl::StatusOr<std::string> expected_text = ReadFileBytes(shared + kMobilenetDir + "mobilenet_v2_1.0_224_quant.json");
  ASSERT_TRUE(expected_text.ok());
  nlohmann::json expected = nlohmann::json::parse(*expected_text, nullptr, false);
  // The official golden JSON is the writer's buffer before the populator adds min_parser_version;
  // nothing used here is newer than the 1.0.0 schema.
  ASSERT_TRUE(ours.contains("min_parser_version"));
  EXPECT_EQ(ours["min_parser_version"], "1.0.0");
  ours.erase("min_parser_version");
  EXPECT_EQ(ours, expected) << "ours:\n" << ours.dump(2) << "\nexpected:\n" << expected.dump(2);

  EXPECT_EQ(shown->packed_files, (std::vector<std::string>{"labels.txt", "score_calibration.txt"}));
  absl::StatusOr<std::string> out_bytes = ReadFileBytes(out);
  ASSERT_TRUE(out_bytes.ok());
  absl::StatusOr<std::string> labels = ExtractAssociatedFile(AsBytes(*out_bytes), "labels.txt", out);
  ASSERT_TRUE(labels.ok()) << labels.status();
  EXPECT_EQ(*labels, *ReadFileBytes(shared + kMobilenetDir + "labels.txt"));

  // The model itself is unchanged: same operators, tensors and weights, one more buffer.
  absl::StatusOr<TflModel> before = ReadModelFile(model);
  absl::StatusOr<TflModel> after = ReadModelFile(out);
  ASSERT_TRUE(before.ok() && after.ok());
  ASSERT_EQ(after->subgraphs.size(), 1u);
  EXPECT_EQ(after->subgraphs[0].operators.size(), before->subgraphs[0].operators.size());
  ASSERT_EQ(after->subgraphs[0].tensors.size(), before->subgraphs[0].tensors.size());
  for (size_t i = 0; i < before->subgraphs[0].tensors.size(); ++i) {
    const TflTensor& a = before->subgraphs[0].tensors[i];
    const TflTensor& b = after->subgraphs[0].tensors[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.shape, b.shape);
    const ByteBuffer& da = before->buffers[a.buffer].data;
    const ByteBuffer& db = after->buffers[b.buffer].data;
    ASSERT_EQ(da.size(), db.size()) << a.name;
    EXPECT_TRUE(da.size() == 0 || std::equal(da.data(), da.data() + da.size(), db.data())) << a.name;
  }
  EXPECT_EQ(after->buffers.size(), before->buffers.size() + 1);
}

TEST(MetadataWriter, RoundTripAndRepopulationAreByteIdentical) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = TempDir("roundtrip");
  const std::string model = shared + kMobilenetDir + "mobilenet_v2_1.0_224_quant.tflite";
  const std::string desc = WriteMobilenetDescription(shared, dir);
  const std::string first = dir + "/first.tflite";
  ASSERT_TRUE(PopulateModelFile(model, desc, {}, first).ok());
  absl::StatusOr<std::string> a = ReadFileBytes(first);
  ASSERT_TRUE(a.ok());

  // write -> read (metadata object + packed files) -> write.
  ByteBuffer bytes = ByteBuffer::FromString(*a);
  absl::StatusOr<TflModel> read = ReadModel(bytes);
  ASSERT_TRUE(read.ok()) << read.status();
  absl::StatusOr<tflite::ModelMetadataT> metadata = ReadModelMetadata(*read, first);
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  absl::StatusOr<std::vector<AssociatedFileData>> files = ExtractAssociatedFiles(bytes.span(), first);
  ASSERT_TRUE(files.ok()) << files.status();
  absl::StatusOr<std::string> b = PopulateModelBytes(bytes, *metadata, *files, first);
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->size(), a->size());
  EXPECT_TRUE(*a == *b) << "write -> read -> write changed the file";

  // Populating the populated file again replaces metadata and files instead of stacking them.
  const std::string second = dir + "/second.tflite";
  ASSERT_TRUE(PopulateModelFile(first, desc, {}, second).ok());
  absl::StatusOr<std::string> c = ReadFileBytes(second);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(*a == *c) << "re-populating changed the file (" << a->size() << " vs " << c->size() << " bytes)";

  // A description naming the packed files without paths reuses them from the model.
  const std::string reuse = dir + "/reuse.json";
  WriteText(reuse, R"({"task": "image_classifier", "normalization": {"mean": 127.5, "std": 127.5},
    "labels": [{"name": "labels.txt"}],
    "score_calibration": {"transformation": "LOG", "default_score": 0.2, "file": {"name": "score_calibration.txt"}}})");
  const std::string third = dir + "/third.tflite";
  absl::Status s = PopulateModelFile(first, reuse, {}, third);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_TRUE(*a == *ReadFileBytes(third));
}

// Models the official populator wrote: reading their metadata and files and writing them back
// keeps the displayed JSON and the packed files, and a second write gives the same bytes.
TEST(MetadataWriter, OfficialModelsRoundTrip) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = shared + "/testdata/real/tflite_support/";
  for (const char* file : {"text/test_model_nl_classifier_with_associated_label.tflite",
                           "vision/mobilenet_v1_0.25_224_quant.tflite",
                           "vision/mobilenet_v1_0.25_224_1_metadata_1.tflite"}) {
    SCOPED_TRACE(file);
    absl::StatusOr<std::string> original = ReadFileBytes(dir + file);
    ASSERT_TRUE(original.ok()) << original.status();
    ByteBuffer bytes = ByteBuffer::FromString(*original);
    absl::StatusOr<TflModel> model = ReadModel(bytes);
    ASSERT_TRUE(model.ok()) << model.status();
    absl::StatusOr<tflite::ModelMetadataT> metadata = ReadModelMetadata(*model, file);
    ASSERT_TRUE(metadata.ok()) << metadata.status();
    absl::StatusOr<std::vector<AssociatedFileData>> files = ExtractAssociatedFiles(bytes.span(), file);
    ASSERT_TRUE(files.ok()) << files.status();
    absl::StatusOr<std::string> once = PopulateModelBytes(bytes, *metadata, *files, file);
    ASSERT_TRUE(once.ok()) << once.status();
    absl::StatusOr<MetadataDisplay> before = DisplayMetadata(AsBytes(*original), file);
    absl::StatusOr<MetadataDisplay> after = DisplayMetadata(AsBytes(*once), file);
    ASSERT_TRUE(before.ok() && after.ok());
    // Two differences are expected with files written by older official tools: they may lack
    // min_parser_version (we always write it), and they may give an empty FeatureProperties as a
    // union type without its table, which we write as an empty table ({} in the JSON).
    nlohmann::json want = nlohmann::json::parse(before->json, nullptr, false);
    nlohmann::json got = nlohmann::json::parse(after->json, nullptr, false);
    EXPECT_EQ(got["min_parser_version"], "1.0.0");
    if (!want.contains("min_parser_version")) got.erase("min_parser_version");
    for (const char* list : {"input_tensor_metadata", "output_tensor_metadata"}) {
      for (nlohmann::json& t : got["subgraph_metadata"][0][list]) {
        if (t.contains("content") && t["content"].contains("content_properties") &&
            t["content"]["content_properties"].empty()) {
          t["content"].erase("content_properties");
        }
      }
      for (nlohmann::json& t : want["subgraph_metadata"][0][list]) {
        if (t.contains("content") && t["content"].contains("content_properties") &&
            t["content"]["content_properties"].empty()) {
          t["content"].erase("content_properties");
        }
      }
    }
    EXPECT_EQ(got, want);
    EXPECT_EQ(after->packed_files, before->packed_files);
    for (const AssociatedFileData& f : *files) {
      absl::StatusOr<std::string> again = ExtractAssociatedFile(AsBytes(*once), f.name, file);
      ASSERT_TRUE(again.ok()) << again.status();
      EXPECT_TRUE(*again == f.data) << f.name;
    }
    ByteBuffer once_bytes = ByteBuffer::FromString(*once);
    absl::StatusOr<std::string> twice = PopulateModelBytes(once_bytes, *metadata, *files, file);
    ASSERT_TRUE(twice.ok()) << twice.status();
    EXPECT_TRUE(*once == *twice);
  }
}

TEST(MetadataWriter, CountMismatchIsAClearError) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = TempDir("count");
  const std::string desc = dir + "/desc.json";
  WriteText(desc, R"({"name": "x", "inputs": [{"name": "a"}, {"name": "b"}]})");
  const std::string out = dir + "/out.tflite";
  absl::Status s = PopulateModelFile(shared + kMobilenetDir + "mobilenet_v2_1.0_224_quant.tflite", desc, {}, out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("describes 2 input tensors but subgraph 0 has 1 input ('input')"), std::string::npos) << s;
  EXPECT_NE(access(out.c_str(), F_OK), 0) << "no output on error";
}

TEST(MetadataWriter, MissingAndUnnamedFilesAreClearErrors) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = TempDir("missing");
  const std::string model = shared + kMobilenetDir + "mobilenet_v2_1.0_224_quant.tflite";
  const std::string desc = dir + "/desc.json";
  WriteText(desc, R"({"task": "image_classifier", "labels": ["nowhere/labels.txt"]})");
  absl::Status s = PopulateModelFile(model, desc, {}, dir + "/out.tflite");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("nowhere/labels.txt"), std::string::npos) << s;

  WriteText(desc, R"({"task": "image_classifier", "labels": [{"name": "labels.txt"}]})");
  s = PopulateModelFile(model, desc, {}, dir + "/out.tflite");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("names associated file labels.txt but no such file was given"), std::string::npos) << s;
  // Given with --associated_files it is found by its base name.
  s = PopulateModelFile(model, desc, {shared + kMobilenetDir + "labels.txt"}, dir + "/out.tflite");
  EXPECT_TRUE(s.ok()) << s;
  // A file the metadata does not name is refused.
  WriteText(dir + "/extra.txt", "x");
  s = PopulateModelFile(model, desc, {shared + kMobilenetDir + "labels.txt", dir + "/extra.txt"}, dir + "/out.tflite");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("extra.txt' is not named by the metadata"), std::string::npos) << s;
}

TEST(MetadataWriter, BadScoreCalibrationFileIsRefused) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = TempDir("calibration");
  WriteText(dir + "/cal.txt", "1,2,3\n1,2\n");
  const std::string desc = dir + "/desc.json";
  WriteText(desc, R"({"task": "image_classifier", "score_calibration": {"transformation": "LOG", "file": "cal.txt"}})");
  absl::Status s =
      PopulateModelFile(shared + kMobilenetDir + "mobilenet_v2_1.0_224_quant.tflite", desc, {}, dir + "/out.tflite");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'cal.txt' line 2"), std::string::npos) << s;
}

// A union type without its table (legal in a verified buffer) reads back with default fields and
// packs without touching the missing table.
TEST(MetadataWriter, UnionTypeWithoutTableIsReadAsDefaults) {
  flatbuffers::FlatBufferBuilder b;
  tflite::ContentBuilder content(b);
  content.add_content_properties_type(tflite::ContentProperties::ImageProperties);
  const auto content_offset = content.Finish();
  const auto name = b.CreateString("image");
  tflite::TensorMetadataBuilder tensor(b);
  tensor.add_name(name);
  tensor.add_content(content_offset);
  const auto tensor_offset = tensor.Finish();
  const auto inputs = b.CreateVector(std::vector<flatbuffers::Offset<tflite::TensorMetadata>>{tensor_offset});
  tflite::SubGraphMetadataBuilder sg(b);
  sg.add_input_tensor_metadata(inputs);
  const auto sg_offset = sg.Finish();
  const auto subgraphs = b.CreateVector(std::vector<flatbuffers::Offset<tflite::SubGraphMetadata>>{sg_offset});
  tflite::ModelMetadataBuilder root(b);
  root.add_subgraph_metadata(subgraphs);
  tflite::FinishModelMetadataBuffer(b, root.Finish());
  TflModel model;
  model.subgraphs.emplace_back();
  SetMetadataEntry(model, kTfliteMetadataEntry,
                   ByteBuffer::Copy(b.GetBufferPointer(), b.GetSize()));
  absl::StatusOr<tflite::ModelMetadataT> m = ReadModelMetadata(model, "m.tflite");
  ASSERT_TRUE(m.ok()) << m.status();
  const tflite::ImagePropertiesT* image =
      m->subgraph_metadata[0]->input_tensor_metadata[0]->content->content_properties.AsImageProperties();
  ASSERT_NE(image, nullptr);
  EXPECT_EQ(image->color_space, tflite::ColorSpaceType::UNKNOWN);
  EXPECT_FALSE(SerializeModelMetadata(*m).empty());
}

TEST(MetadataWriter, CorruptMetadataBufferIsReported) {
  TflModel model;
  model.subgraphs.emplace_back();
  SetMetadataEntry(model, kTfliteMetadataEntry, ByteBuffer::FromString("this is no flatbuffer"));
  absl::StatusOr<tflite::ModelMetadataT> m = ReadModelMetadata(model, "m.tflite");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("not a valid \"M001\""), std::string::npos) << m.status();
  EXPECT_EQ(ReadModelMetadata(TflModel(), "m").status().code(), absl::StatusCode::kNotFound);
}

TEST(MetadataWriter, FileNamesInMetadataOrderOnce) {
  tflite::ModelMetadataT m;
  auto sg = std::make_unique<tflite::SubGraphMetadataT>();
  auto t = std::make_unique<tflite::TensorMetadataT>();
  for (const char* name : {"b.txt", "a.txt", "b.txt"}) {
    auto f = std::make_unique<tflite::AssociatedFileT>();
    f->name = name;
    t->associated_files.push_back(std::move(f));
  }
  auto unit = std::make_unique<tflite::ProcessUnitT>();
  tflite::BertTokenizerOptionsT bert;
  bert.vocab_file.push_back(std::make_unique<tflite::AssociatedFileT>());
  bert.vocab_file[0]->name = "vocab.txt";
  unit->options.Set(std::move(bert));
  t->process_units.push_back(std::move(unit));
  sg->input_tensor_metadata.push_back(std::move(t));
  m.subgraph_metadata.push_back(std::move(sg));
  EXPECT_EQ(AssociatedFileNames(m), (std::vector<std::string>{"b.txt", "a.txt", "vocab.txt"}));
}

}  // namespace
}  // namespace tfconv
