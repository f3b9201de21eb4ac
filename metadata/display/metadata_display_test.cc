#include "metadata/display/metadata_display.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "converter/frontend/shared_testdata.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "metadata/archive/associated_files.h"
#include "metadata/display/metadata_reader.h"
#include "metadata/schema/metadata_schema_generated.h"
#include "nlohmann/json.hpp"

namespace tfconv {
namespace {

using ::testing::ElementsAre;
using Json = nlohmann::json;

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Json Parse(const std::string& text) { return Json::parse(text, nullptr, /*allow_exceptions=*/false); }

constexpr char kNlModel[] = "/testdata/real/tflite_support/text/test_model_nl_classifier_with_associated_label";

TEST(MetadataDisplay, NlClassifierMatchesTheOfficialDisplayerJson) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  absl::StatusOr<MetadataDisplay> shown = DisplayMetadataFile(shared + kNlModel + std::string(".tflite"));
  ASSERT_TRUE(shown.ok()) << shown.status();
  ASSERT_TRUE(shown->has_metadata);
  const Json expected = Parse(ReadBytes(shared + kNlModel + std::string(".json")));
  const Json ours = Parse(shown->json);
  ASSERT_FALSE(expected.is_discarded());
  ASSERT_FALSE(ours.is_discarded()) << shown->json;
  EXPECT_EQ(ours, expected) << "ours:\n" << ours.dump(2) << "\nexpected:\n" << expected.dump(2);
  EXPECT_EQ(shown->min_parser_version, "1.0.0");
  EXPECT_THAT(shown->packed_files, ElementsAre("test_labels.txt"));
  EXPECT_THAT(shown->referenced_files, ElementsAre("test_labels.txt"));
  EXPECT_TRUE(shown->missing_files.empty());
}

// The vision models of tflite-support that carry metadata. Expected facts from `unzip -l` (an
// ImageNet label file of 10484 bytes) and from the model names printed by flatc.
struct VisionCase {
  const char* file;
  const char* model_name;
  std::vector<std::string> packed;
  std::vector<std::string> referenced;
};

TEST(MetadataDisplay, VisionModelsShowMetadataAndTheirLabels) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = shared + "/testdata/real/tflite_support/vision/";
  const std::vector<VisionCase> cases = {
      {"mobilenet_v1_0.25_224_1_metadata_1.tflite", "MobileNetV1 image classifier", {"labels.txt"}, {"labels.txt"}},
      {"mobilenet_v1_0.25_224_quant.tflite", "MobileNetV1 image classifier (quantized)", {"labels.txt"},
       {"labels.txt"}},
      // Labels packed, but no subgraph metadata points at them.
      {"mobilenet_v1_0.25_224_quant_without_subgraph_metadata.tflite", "MobileNetV1 image classifier (quantized)",
       {"labels.txt"}, {}},
      // An empty zip (end record only) follows the model.
      {"dilated_conv.tflite", "Dilated Convolution Model", {}, {}},
  };
  for (const VisionCase& c : cases) {
    SCOPED_TRACE(c.file);
    absl::StatusOr<MetadataDisplay> shown = DisplayMetadataFile(dir + c.file);
    ASSERT_TRUE(shown.ok()) << shown.status();
    ASSERT_TRUE(shown->has_metadata);
    const Json json = Parse(shown->json);
    ASSERT_TRUE(json.is_object()) << shown->json;
    EXPECT_EQ(json.value("name", ""), c.model_name);
    EXPECT_EQ(shown->packed_files, c.packed);
    EXPECT_EQ(shown->referenced_files, c.referenced);
    EXPECT_TRUE(shown->missing_files.empty());
    if (!c.referenced.empty()) {
      const Json& file = json["subgraph_metadata"][0]["output_tensor_metadata"][0]["associated_files"][0];
      EXPECT_EQ(file.value("name", ""), "labels.txt");
      EXPECT_EQ(file.value("type", ""), "TENSOR_AXIS_LABELS");
      const Json& input = json["subgraph_metadata"][0]["input_tensor_metadata"][0];
      EXPECT_EQ(input["content"].value("content_properties_type", ""), "ImageProperties");
      EXPECT_EQ(input["process_units"][0]["options"]["mean"], Json::array({127.5}));
    }
  }
}

// flatc (Debian's binary, run on the buffer our reader finds, with our schema) prints the same JSON.
TEST(MetadataDisplay, SameJsonAsTheFlatcCommand) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  if (std::system("test -x /usr/bin/flatc") != 0) GTEST_SKIP() << "no /usr/bin/flatc";
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string out_dir = tmp != nullptr ? tmp : "/tmp";
  const std::string dir = shared + "/testdata/real/tflite_support/";
  for (const char* name : {"vision/mobilenet_v1_0.25_224_quant.tflite", "vision/dilated_conv.tflite",
                           "text/test_model_nl_classifier_with_associated_label.tflite"}) {
    SCOPED_TRACE(name);
    const std::string bytes = ReadBytes(dir + name);
    absl::StatusOr<MetadataBuffer> metadata = ReadMetadataBuffer(AsBytes(bytes), name);
    ASSERT_TRUE(metadata.ok()) << metadata.status();
    std::ofstream(out_dir + "/metadata.bin", std::ios::binary)
        .write(reinterpret_cast<const char*>(metadata->bytes.data()), metadata->bytes.size());
    const std::string command = "/usr/bin/flatc --json --strict-json --raw-binary -o " + out_dir +
                                " metadata/schema/metadata_schema.fbs -- " + out_dir + "/metadata.bin 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    absl::StatusOr<std::string> ours = MetadataJson(metadata->bytes, name);
    ASSERT_TRUE(ours.ok()) << ours.status();
    EXPECT_EQ(*ours, ReadBytes(out_dir + "/metadata.json"));
  }
}

TEST(MetadataDisplay, ModelsWithoutMetadataShowNone) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = shared + "/testdata/real/tflite_support/";
  for (const char* name : {"vision/mobilenet_v1_0.25_224_1_default_1.tflite", "text/test_model_nl_classifier.tflite",
                           "metadata_mobilenet_v2_quant/mobilenet_v2_1.0_224_quant.tflite"}) {
    SCOPED_TRACE(name);
    absl::StatusOr<MetadataDisplay> shown = DisplayMetadataFile(dir + name);
    ASSERT_TRUE(shown.ok()) << shown.status();
    EXPECT_FALSE(shown->has_metadata);
    EXPECT_TRUE(shown->json.empty());
    EXPECT_TRUE(shown->packed_files.empty());
  }
}

TEST(MetadataDisplay, MissingFileIsNotFound) {
  absl::StatusOr<MetadataDisplay> shown = DisplayMetadataFile("/nonexistent/model.tflite");
  EXPECT_EQ(shown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(shown.status().message(), "/nonexistent/model.tflite")) << shown.status();
}

// The real NL classifier model with its TFLITE_METADATA buffer replaced by `metadata`.
std::string WithMetadata(const std::string& shared, const std::string& metadata) {
  std::string bytes = ReadBytes(shared + kNlModel + std::string(".tflite"));
  absl::StatusOr<TflModel> model = ReadModel(AsBytes(bytes), ByteBuffer());
  EXPECT_TRUE(model.ok()) << model.status();
  if (!model.ok()) return "";
  for (const auto& [name, index] : model->metadata) {
    if (name == kTfliteMetadataName) model->buffers[index].data = ByteBuffer::FromString(metadata);
  }
  absl::StatusOr<std::string> out = SerializeModel(*model);
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? *out : "";
}

TEST(MetadataDisplay, MetadataThatIsNotM001IsRefusedClearly) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  // A well-formed flatbuffer with another identifier.
  flatbuffers::FlatBufferBuilder builder;
  tflite::ModelMetadataBuilder root(builder);
  builder.Finish(root.Finish(), "ABCD");
  const std::string other(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
  absl::StatusOr<MetadataDisplay> shown = DisplayMetadata(AsBytes(WithMetadata(shared, other)), "bad.tflite");
  ASSERT_FALSE(shown.ok());
  EXPECT_EQ(shown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(shown.status().message(), "bad.tflite")) << shown.status();
  EXPECT_TRUE(absl::StrContains(shown.status().message(), "\"ABCD\" instead of \"M001\"")) << shown.status();

  // Right identifier, broken offsets.
  std::string broken = std::string("\xff\xff\x00\x00M001", 8) + std::string(16, '\0');
  shown = DisplayMetadata(AsBytes(WithMetadata(shared, broken)), "bad.tflite");
  ASSERT_FALSE(shown.ok());
  EXPECT_TRUE(absl::StrContains(shown.status().message(), "not a valid ModelMetadata flatbuffer")) << shown.status();

  // Too short.
  shown = DisplayMetadata(AsBytes(WithMetadata(shared, "M0")), "bad.tflite");
  ASSERT_FALSE(shown.ok());
  EXPECT_TRUE(absl::StrContains(shown.status().message(), "too short")) << shown.status();
}

TEST(MetadataDisplay, CorruptAppendedZipIsAClearError) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  std::string bytes = ReadBytes(shared + kNlModel + std::string(".tflite"));
  const size_t cd = bytes.rfind("PK\x01\x02");
  ASSERT_NE(cd, std::string::npos);
  bytes[cd] = 'X';
  absl::StatusOr<MetadataDisplay> shown = DisplayMetadata(AsBytes(bytes), "zip.tflite");
  ASSERT_FALSE(shown.ok());
  EXPECT_EQ(shown.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(absl::StrContains(shown.status().message(), "zip.tflite: the zip archive appended")) << shown.status();
}

TEST(MetadataDisplay, FilesNamedButNotPackedAreReported) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  std::string bytes = ReadBytes(shared + kNlModel + std::string(".tflite"));
  absl::StatusOr<std::string> stripped = AppendAssociatedFiles(AsBytes(bytes), {}, "nl");
  ASSERT_TRUE(stripped.ok());
  absl::StatusOr<MetadataDisplay> shown = DisplayMetadata(AsBytes(*stripped), "nl");
  ASSERT_TRUE(shown.ok()) << shown.status();
  EXPECT_TRUE(shown->packed_files.empty());
  EXPECT_THAT(shown->missing_files, ElementsAre("test_labels.txt"));
}

TEST(MetadataDisplay, ObjectApiBufferPrintsEveryKindOfField) {
  // Hand-built metadata touching unions, enums, vectors and nested tables; the expected JSON is
  // written from the schema's field names (what flatc --strict-json prints), not from our output.
  tflite::ModelMetadataT model;
  model.name = "m";
  auto subgraph = std::make_unique<tflite::SubGraphMetadataT>();
  auto tensor = std::make_unique<tflite::TensorMetadataT>();
  tensor->name = "boxes";
  tensor->content = std::make_unique<tflite::ContentT>();
  tflite::BoundingBoxPropertiesT box;
  box.index = {1, 0, 3, 2};
  box.type = tflite::BoundingBoxType::CENTER;
  box.coordinate_type = tflite::CoordinateType::PIXEL;
  tensor->content->content_properties.Set(box);
  tensor->content->range = std::make_unique<tflite::ValueRangeT>();
  tensor->content->range->min = 2;
  tensor->content->range->max = 2;
  auto unit = std::make_unique<tflite::ProcessUnitT>();
  tflite::RegexTokenizerOptionsT regex;
  regex.delim_regex_pattern = "[ ]+";
  auto vocab = std::make_unique<tflite::AssociatedFileT>();
  vocab->name = "vocab.txt";
  vocab->type = tflite::AssociatedFileType::VOCABULARY;
  vocab->version = "2";
  regex.vocab_file.push_back(std::move(vocab));
  unit->options.Set(std::move(regex));
  tensor->process_units.push_back(std::move(unit));
  subgraph->output_tensor_metadata.push_back(std::move(tensor));
  auto group = std::make_unique<tflite::TensorGroupT>();
  group->name = "detection";
  group->tensor_names = {"boxes"};
  subgraph->output_tensor_groups.push_back(std::move(group));
  model.subgraph_metadata.push_back(std::move(subgraph));
  model.min_parser_version = "1.4.1";
  flatbuffers::FlatBufferBuilder builder;
  tflite::FinishModelMetadataBuffer(builder, tflite::ModelMetadata::Pack(builder, &model));

  absl::StatusOr<std::string> json = MetadataJson(
      absl::Span<const uint8_t>(builder.GetBufferPointer(), builder.GetSize()), "hand-built");
  ASSERT_TRUE(json.ok()) << json.status();
  const Json expected = Parse(R"({
    "name": "m",
    "subgraph_metadata": [{
      "output_tensor_metadata": [{
        "name": "boxes",
        "content": {
          "content_properties_type": "BoundingBoxProperties",
          "content_properties": {"index": [1, 0, 3, 2], "type": "CENTER", "coordinate_type": "PIXEL"},
          "range": {"min": 2, "max": 2}
        },
        "process_units": [{
          "options_type": "RegexTokenizerOptions",
          "options": {
            "delim_regex_pattern": "[ ]+",
            "vocab_file": [{"name": "vocab.txt", "type": "VOCABULARY", "version": "2"}]
          }
        }]
      }],
      "output_tensor_groups": [{"name": "detection", "tensor_names": ["boxes"]}]
    }],
    "min_parser_version": "1.4.1"
  })");
  EXPECT_EQ(Parse(*json), expected) << *json;
  EXPECT_THAT(ReferencedAssociatedFiles(absl::Span<const uint8_t>(builder.GetBufferPointer(), builder.GetSize())),
              ElementsAre("vocab.txt"));
}

}  // namespace
}  // namespace tfconv
