// Mutates a metadata buffer byte by byte and at random: every result must come back as JSON or
// as a status, never as a crash or a hang (the verifier guards flatbuffers' text generation).
#include <cstdint>
#include <random>
#include <string>

#include "flatbuffers/flatbuffers.h"
#include "gtest/gtest.h"
#include "metadata/display/metadata_display.h"
#include "metadata/display/metadata_reader.h"
#include "metadata/schema/metadata_schema_generated.h"

namespace tfconv {
namespace {

std::string SampleMetadata() {
  tflite::ModelMetadataT model;
  model.name = "fuzz";
  model.description = "metadata with every kind of field";
  auto subgraph = std::make_unique<tflite::SubGraphMetadataT>();
  for (int i = 0; i < 2; ++i) {
    auto tensor = std::make_unique<tflite::TensorMetadataT>();
    tensor->name = "t" + std::to_string(i);
    tensor->dimension_names = {"batch", "x"};
    tensor->content = std::make_unique<tflite::ContentT>();
    tflite::ImagePropertiesT image;
    image.color_space = tflite::ColorSpaceType::RGB;
    image.default_size = std::make_unique<tflite::ImageSizeT>();
    image.default_size->width = 224;
    tensor->content->content_properties.Set(std::move(image));
    auto norm = std::make_unique<tflite::ProcessUnitT>();
    tflite::NormalizationOptionsT options;
    options.mean = {127.5f};
    options.std = {127.5f};
    norm->options.Set(std::move(options));
    tensor->process_units.push_back(std::move(norm));
    auto bert = std::make_unique<tflite::ProcessUnitT>();
    tflite::BertTokenizerOptionsT tokenizer;
    auto vocab = std::make_unique<tflite::AssociatedFileT>();
    vocab->name = "vocab.txt";
    tokenizer.vocab_file.push_back(std::move(vocab));
    bert->options.Set(std::move(tokenizer));
    tensor->process_units.push_back(std::move(bert));
    tensor->stats = std::make_unique<tflite::StatsT>();
    tensor->stats->max = {255.0f};
    auto labels = std::make_unique<tflite::AssociatedFileT>();
    labels->name = "labels.txt";
    labels->type = tflite::AssociatedFileType::TENSOR_AXIS_LABELS;
    tensor->associated_files.push_back(std::move(labels));
    subgraph->input_tensor_metadata.push_back(std::move(tensor));
  }
  auto custom = std::make_unique<tflite::CustomMetadataT>();
  custom->name = "c";
  custom->data = {1, 2, 3, 4};
  subgraph->custom_metadata.push_back(std::move(custom));
  model.subgraph_metadata.push_back(std::move(subgraph));
  model.min_parser_version = "1.5.0";
  flatbuffers::FlatBufferBuilder builder;
  tflite::FinishModelMetadataBuffer(builder, tflite::ModelMetadata::Pack(builder, &model));
  return std::string(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
}

absl::Span<const uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// Runs the whole display path on one (possibly broken) buffer.
bool Display(const std::string& buffer) {
  absl::StatusOr<std::string> json = MetadataJson(Bytes(buffer), "fuzz");
  if (!json.ok()) return false;
  ReferencedAssociatedFiles(Bytes(buffer));
  return true;
}

TEST(MetadataDisplayFuzz, OriginalDisplays) { EXPECT_TRUE(Display(SampleMetadata())); }

TEST(MetadataDisplayFuzz, EverySingleByteChangeIsSafe) {
  const std::string original = SampleMetadata();
  int shown = 0, refused = 0;
  for (size_t i = 0; i < original.size(); ++i) {
    for (uint8_t value : {uint8_t{0x00}, uint8_t{0x7f}, uint8_t{0xff}}) {
      std::string mutated = original;
      mutated[i] = static_cast<char>(value);
      (Display(mutated) ? shown : refused)++;
    }
  }
  EXPECT_GT(shown, 0);
  EXPECT_GT(refused, 0);
}

TEST(MetadataDisplayFuzz, RandomMutationsAndTruncationsAreSafe) {
  const std::string original = SampleMetadata();
  std::mt19937 rng(8);
  for (int round = 0; round < 3000; ++round) {
    std::string mutated = original;
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) mutated[rng() % mutated.size()] = static_cast<char>(rng());
    if (rng() % 4 == 0) mutated.resize(rng() % mutated.size());
    Display(mutated);
  }
  // Cutting off trailing alignment padding may leave a valid buffer; cutting into the tables may not.
  for (size_t cut = 0; cut < original.size(); ++cut) {
    const bool shown = Display(original.substr(0, cut));
    if (cut < original.size() / 2) {
      EXPECT_FALSE(shown) << cut;
    }
  }
}

}  // namespace
}  // namespace tfconv
