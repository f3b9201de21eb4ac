// Wire-compatibility checks of our metadata schema against tflite-support's metadata_schema.fbs
// 1.5.0. The expected numbers are hand-derived from the upstream field positions (a table field
// at position p, counting from 0, sits at vtable offset 4 + 2p) and its enum/union orders.
#include <string>

#include "flatbuffers/flatbuffers.h"
#include "flatbuffers/idl.h"
#include "gtest/gtest.h"
#include "metadata/schema/metadata_schema_generated.h"
#include "metadata/schema/metadata_schema_text.h"

namespace tfconv {
namespace {

constexpr int Slot(int position) { return 4 + 2 * position; }

TEST(MetadataSchema, FieldSlotsMatchUpstream) {
  // ModelMetadata: name, description, version, subgraph_metadata, author, license,
  // associated_files, min_parser_version.
  EXPECT_EQ(tflite::ModelMetadata::VT_NAME, Slot(0));
  EXPECT_EQ(tflite::ModelMetadata::VT_SUBGRAPH_METADATA, Slot(3));
  EXPECT_EQ(tflite::ModelMetadata::VT_ASSOCIATED_FILES, Slot(6));
  EXPECT_EQ(tflite::ModelMetadata::VT_MIN_PARSER_VERSION, Slot(7));
  // SubGraphMetadata: ..., output_tensor_groups (8), custom_metadata (9).
  EXPECT_EQ(tflite::SubGraphMetadata::VT_INPUT_TENSOR_METADATA, Slot(2));
  EXPECT_EQ(tflite::SubGraphMetadata::VT_INPUT_PROCESS_UNITS, Slot(5));
  EXPECT_EQ(tflite::SubGraphMetadata::VT_OUTPUT_TENSOR_GROUPS, Slot(8));
  EXPECT_EQ(tflite::SubGraphMetadata::VT_CUSTOM_METADATA, Slot(9));
  // TensorMetadata: name, description, dimension_names, content, process_units, stats,
  // associated_files.
  EXPECT_EQ(tflite::TensorMetadata::VT_CONTENT, Slot(3));
  EXPECT_EQ(tflite::TensorMetadata::VT_STATS, Slot(5));
  EXPECT_EQ(tflite::TensorMetadata::VT_ASSOCIATED_FILES, Slot(6));
  // AssociatedFile: name, description, type, locale, version.
  EXPECT_EQ(tflite::AssociatedFile::VT_TYPE, Slot(2));
  EXPECT_EQ(tflite::AssociatedFile::VT_VERSION, Slot(4));
  // A union field takes two slots: the type tag, then the value.
  EXPECT_EQ(tflite::Content::VT_CONTENT_PROPERTIES_TYPE, Slot(0));
  EXPECT_EQ(tflite::Content::VT_CONTENT_PROPERTIES, Slot(1));
  EXPECT_EQ(tflite::Content::VT_RANGE, Slot(2));
  EXPECT_EQ(tflite::ProcessUnit::VT_OPTIONS, Slot(1));
  EXPECT_EQ(tflite::RegexTokenizerOptions::VT_VOCAB_FILE, Slot(1));
  EXPECT_EQ(tflite::SentencePieceTokenizerOptions::VT_VOCAB_FILE, Slot(1));
  EXPECT_EQ(tflite::ImageProperties::VT_DEFAULT_SIZE, Slot(1));
  EXPECT_EQ(tflite::BoundingBoxProperties::VT_COORDINATE_TYPE, Slot(2));
  EXPECT_EQ(tflite::AudioProperties::VT_CHANNELS, Slot(1));
  EXPECT_EQ(tflite::CustomMetadata::VT_DATA, Slot(1));
}

TEST(MetadataSchema, EnumAndUnionValuesMatchUpstream) {
  EXPECT_EQ(static_cast<int>(tflite::AssociatedFileType::TENSOR_AXIS_LABELS), 2);
  EXPECT_EQ(static_cast<int>(tflite::AssociatedFileType::VOCABULARY), 5);
  EXPECT_EQ(static_cast<int>(tflite::AssociatedFileType::SCANN_INDEX_FILE), 6);
  EXPECT_EQ(static_cast<int>(tflite::ColorSpaceType::GRAYSCALE), 2);
  EXPECT_EQ(static_cast<int>(tflite::BoundingBoxType::CENTER), 3);
  EXPECT_EQ(static_cast<int>(tflite::CoordinateType::PIXEL), 1);
  EXPECT_EQ(static_cast<int>(tflite::ScoreTransformationType::INVERSE_LOGISTIC), 2);
  EXPECT_EQ(static_cast<int>(tflite::ContentProperties::FeatureProperties), 1);
  EXPECT_EQ(static_cast<int>(tflite::ContentProperties::BoundingBoxProperties), 3);
  EXPECT_EQ(static_cast<int>(tflite::ContentProperties::AudioProperties), 4);
  EXPECT_EQ(static_cast<int>(tflite::ProcessUnitOptions::NormalizationOptions), 1);
  EXPECT_EQ(static_cast<int>(tflite::ProcessUnitOptions::ScoreThresholdingOptions), 3);
  EXPECT_EQ(static_cast<int>(tflite::ProcessUnitOptions::RegexTokenizerOptions), 6);
  EXPECT_STREQ(tflite::ModelMetadataIdentifier(), "M001");
}

TEST(MetadataSchema, ObjectApiRoundTripCarriesIdentifier) {
  tflite::ModelMetadataT model;
  model.name = "m";
  model.min_parser_version = "1.5.0";
  auto subgraph = std::make_unique<tflite::SubGraphMetadataT>();
  auto custom = std::make_unique<tflite::CustomMetadataT>();
  custom->name = "blob";
  custom->data = {1, 2, 3};
  subgraph->custom_metadata.push_back(std::move(custom));
  model.subgraph_metadata.push_back(std::move(subgraph));

  flatbuffers::FlatBufferBuilder builder;
  tflite::FinishModelMetadataBuffer(builder, tflite::ModelMetadata::Pack(builder, &model));
  const uint8_t* data = builder.GetBufferPointer();
  ASSERT_EQ(std::string(reinterpret_cast<const char*>(data) + 4, 4), "M001");
  flatbuffers::Verifier verifier(data, builder.GetSize());
  ASSERT_TRUE(tflite::VerifyModelMetadataBuffer(verifier));
  std::unique_ptr<tflite::ModelMetadataT> back(tflite::GetModelMetadata(data)->UnPack());
  EXPECT_TRUE(*back == model);
  // force_align: 16 on CustomMetadata.data keeps the blob 16-byte aligned in the buffer.
  const auto* blob = tflite::GetModelMetadata(data)->subgraph_metadata()->Get(0)->custom_metadata()
                         ->Get(0)->data();
  EXPECT_EQ(reinterpret_cast<uintptr_t>(blob->data()) % 16, 0u);
}

TEST(MetadataSchema, EmbeddedTextParsesAndNamesTheRoot) {
  flatbuffers::Parser parser;
  ASSERT_TRUE(parser.Parse(MetadataSchemaText())) << parser.error_;
  EXPECT_EQ(parser.file_identifier_, "M001");
  ASSERT_NE(parser.root_struct_def_, nullptr);
  EXPECT_EQ(parser.root_struct_def_->name, "ModelMetadata");
}

}  // namespace
}  // namespace tfconv
