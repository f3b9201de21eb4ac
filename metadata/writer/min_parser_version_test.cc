#include "metadata/writer/min_parser_version.h"

#include <memory>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

// Expected versions: the "Added in" history of metadata_schema.fbs / metadata_version.cc.
tflite::ModelMetadataT WithTensor(std::unique_ptr<tflite::TensorMetadataT> t) {
  tflite::ModelMetadataT m;
  auto sg = std::make_unique<tflite::SubGraphMetadataT>();
  sg->input_tensor_metadata.push_back(std::move(t));
  m.subgraph_metadata.push_back(std::move(sg));
  return m;
}

TEST(MinParserVersion, PlainClassifierIsBaseVersion) {
  auto t = std::make_unique<tflite::TensorMetadataT>();
  auto f = std::make_unique<tflite::AssociatedFileT>();
  f->name = "labels.txt";
  f->type = tflite::AssociatedFileType::TENSOR_AXIS_LABELS;
  t->associated_files.push_back(std::move(f));
  auto unit = std::make_unique<tflite::ProcessUnitT>();
  unit->options.Set(tflite::NormalizationOptionsT());
  t->process_units.push_back(std::move(unit));
  EXPECT_EQ(MinParserVersion(WithTensor(std::move(t))), "1.0.0");
}

TEST(MinParserVersion, EachLaterMember) {
  {
    auto t = std::make_unique<tflite::TensorMetadataT>();
    auto f = std::make_unique<tflite::AssociatedFileT>();
    f->type = tflite::AssociatedFileType::VOCABULARY;
    t->associated_files.push_back(std::move(f));
    EXPECT_EQ(MinParserVersion(WithTensor(std::move(t))), "1.0.1");
  }
  {
    auto t = std::make_unique<tflite::TensorMetadataT>();
    auto unit = std::make_unique<tflite::ProcessUnitT>();
    unit->options.Set(tflite::BertTokenizerOptionsT());
    t->process_units.push_back(std::move(unit));
    EXPECT_EQ(MinParserVersion(WithTensor(std::move(t))), "1.1.0");
  }
  {
    tflite::ModelMetadataT m = WithTensor(std::make_unique<tflite::TensorMetadataT>());
    m.subgraph_metadata[0]->output_tensor_groups.push_back(std::make_unique<tflite::TensorGroupT>());
    EXPECT_EQ(MinParserVersion(m), "1.2.0");
  }
  {
    auto t = std::make_unique<tflite::TensorMetadataT>();
    auto unit = std::make_unique<tflite::ProcessUnitT>();
    unit->options.Set(tflite::RegexTokenizerOptionsT());
    t->process_units.push_back(std::move(unit));
    EXPECT_EQ(MinParserVersion(WithTensor(std::move(t))), "1.2.1");
  }
  {
    auto t = std::make_unique<tflite::TensorMetadataT>();
    t->content = std::make_unique<tflite::ContentT>();
    t->content->content_properties.Set(tflite::AudioPropertiesT());
    EXPECT_EQ(MinParserVersion(WithTensor(std::move(t))), "1.3.0");
  }
  {
    tflite::ModelMetadataT m;
    auto f = std::make_unique<tflite::AssociatedFileT>();
    f->type = tflite::AssociatedFileType::SCANN_INDEX_FILE;
    m.associated_files.push_back(std::move(f));
    EXPECT_EQ(MinParserVersion(m), "1.4.0");
    m.associated_files[0]->version = "2";
    EXPECT_EQ(MinParserVersion(m), "1.4.1");
  }
  {
    // Subgraph process units raise to 1.1.0 even when they are plain normalization.
    tflite::ModelMetadataT m = WithTensor(std::make_unique<tflite::TensorMetadataT>());
    auto unit = std::make_unique<tflite::ProcessUnitT>();
    unit->options.Set(tflite::NormalizationOptionsT());
    m.subgraph_metadata[0]->input_process_units.push_back(std::move(unit));
    EXPECT_EQ(MinParserVersion(m), "1.1.0");
  }
}

TEST(MinParserVersion, TakesTheNewestAndComparesNumerically) {
  // 1.2.1 (regex) and 1.3.0 (audio) together: 1.3.0; 1.10 would sort before 1.3 as text.
  auto t = std::make_unique<tflite::TensorMetadataT>();
  auto unit = std::make_unique<tflite::ProcessUnitT>();
  unit->options.Set(tflite::RegexTokenizerOptionsT());
  t->process_units.push_back(std::move(unit));
  t->content = std::make_unique<tflite::ContentT>();
  t->content->content_properties.Set(tflite::AudioPropertiesT());
  EXPECT_EQ(MinParserVersion(WithTensor(std::move(t))), "1.3.0");
}

}  // namespace
}  // namespace tfconv
