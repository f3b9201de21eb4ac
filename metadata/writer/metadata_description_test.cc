#include "metadata/writer/metadata_description.h"

#include <string>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

// A model whose subgraph 0 has the given input and output tensor types, named in0.., out0...
TflModel Model(std::vector<tflite::TensorType> in, std::vector<tflite::TensorType> out,
               std::vector<int32_t> output_order = {}) {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  for (size_t i = 0; i < in.size(); ++i) g.inputs.push_back(g.AddTensor({.name = "in" + std::to_string(i), .type = in[i]}));
  std::vector<int32_t> outs;
  for (size_t i = 0; i < out.size(); ++i) outs.push_back(g.AddTensor({.name = "out" + std::to_string(i), .type = out[i]}));
  if (output_order.empty()) {
    g.outputs = outs;
  } else {
    for (int32_t k : output_order) g.outputs.push_back(outs[k]);
  }
  return m;
}

const auto kF32 = tflite::TensorType::FLOAT32;
const auto kU8 = tflite::TensorType::UINT8;

absl::StatusOr<MetadataDescription> Parse(const std::string& json, const TflModel& model) {
  return ParseMetadataDescription(json, model, "/base", "desc.json");
}

std::string ErrorOf(const std::string& json, const TflModel& model) {
  absl::StatusOr<MetadataDescription> d = Parse(json, model);
  EXPECT_FALSE(d.ok()) << json;
  return d.ok() ? "" : std::string(d.status().message());
}

TEST(MetadataDescription, UnknownFieldNamesTheFieldAndThePath) {
  TflModel m = Model({kF32}, {kF32});
  const std::string e = ErrorOf(R"({"inputs": [{"normalization": {"meen": [1], "std": [1]}}]})", m);
  EXPECT_NE(e.find("desc.json: $.inputs[0].normalization: unknown field \"meen\" (known fields here: mean, std)"),
            std::string::npos) << e;
  const std::string top = ErrorOf(R"({"nmae": "x"})", m);
  EXPECT_NE(top.find("$: unknown field \"nmae\""), std::string::npos) << top;
}

TEST(MetadataDescription, WrongTypesAndEnumNamesAreNamed) {
  TflModel m = Model({kF32}, {kF32});
  std::string e = ErrorOf(R"({"name": 3})", m);
  EXPECT_NE(e.find("$.name: expected a string, found a number"), std::string::npos) << e;
  e = ErrorOf(R"({"outputs": [{"associated_files": [{"path": "l.txt", "type": "LABELS"}]}]})", m);
  EXPECT_NE(e.find("$.outputs[0].associated_files[0].type: unknown value \"LABELS\""), std::string::npos) << e;
  EXPECT_NE(e.find("TENSOR_AXIS_LABELS"), std::string::npos) << e;
  e = ErrorOf(R"({"inputs": [{"content": {"type": "image", "color_space": "BGR"}}]})", m);
  EXPECT_NE(e.find("$.inputs[0].content.color_space: unknown value \"BGR\" (known values: UNKNOWN, RGB, GRAYSCALE)"),
            std::string::npos) << e;
  e = ErrorOf(R"({"inputs": [{"value_range": {"min": [0, "a"]}}]})", m);
  EXPECT_NE(e.find("$.inputs[0].value_range.min[1]: expected a number, found a string"), std::string::npos) << e;
}

TEST(MetadataDescription, SyntaxErrorGivesLineAndColumn) {
  TflModel m = Model({kF32}, {kF32});
  const std::string e = ErrorOf("{\n  \"name\": \"x\",\n  \"description\" \"y\"\n}", m);
  EXPECT_NE(e.find("desc.json: not valid JSON at line 3"), std::string::npos) << e;
}

TEST(MetadataDescription, TaskParametersNeedATask) {
  TflModel m = Model({kF32}, {kF32});
  std::string e = ErrorOf(R"({"labels": ["labels.txt"]})", m);
  EXPECT_NE(e.find("$.labels: \"labels\" is a task parameter"), std::string::npos) << e;
  e = ErrorOf(R"({"task": "pose_estimator"})", m);
  EXPECT_NE(e.find("unknown task \"pose_estimator\"; known tasks: image_classifier"), std::string::npos) << e;
  e = ErrorOf(R"({"task": "audio_classifier"})", m);
  EXPECT_NE(e.find("needs \"sample_rate\""), std::string::npos) << e;
}

TEST(MetadataDescription, UnnamedTensorsTakeTheModelNames) {
  TflModel m = Model({kF32, kF32}, {kF32});
  absl::StatusOr<MetadataDescription> d = Parse(R"({"name": "adder", "inputs": [{}, {"name": "b"}]})", m);
  ASSERT_TRUE(d.ok()) << d.status();
  const tflite::SubGraphMetadataT& sg = *d->metadata.subgraph_metadata.at(0);
  ASSERT_EQ(sg.input_tensor_metadata.size(), 2u);
  EXPECT_EQ(sg.input_tensor_metadata[0]->name, "in0");
  EXPECT_EQ(sg.input_tensor_metadata[1]->name, "b");
  ASSERT_EQ(sg.output_tensor_metadata.size(), 1u);  // absent: one entry per output
  EXPECT_EQ(sg.output_tensor_metadata[0]->name, "out0");
  EXPECT_EQ(d->metadata.name, "adder");
}

// Stats of a float image input: (0 - mean) / std and (255 - mean) / std per channel.
TEST(MetadataDescription, FloatImageClassifierStatsFromNormalization) {
  TflModel m = Model({kF32}, {kF32});
  absl::StatusOr<MetadataDescription> d = Parse(
      R"({"task": "image_classifier", "normalization": {"mean": [127.5, 0, 255], "std": [127.5, 255, 255]},
          "outputs": [{"name": "probs"}], "author": "me"})",
      m);
  ASSERT_TRUE(d.ok()) << d.status();
  const tflite::TensorMetadataT& image = *d->metadata.subgraph_metadata[0]->input_tensor_metadata[0];
  EXPECT_EQ(image.stats->min, (std::vector<float>{-1.0f, 0.0f, -1.0f}));
  EXPECT_EQ(image.stats->max, (std::vector<float>{1.0f, 1.0f, 0.0f}));
  ASSERT_EQ(image.process_units.size(), 1u);
  EXPECT_EQ(image.process_units[0]->options.AsNormalizationOptions()->mean, (std::vector<float>{127.5f, 0.0f, 255.0f}));
  const tflite::TensorMetadataT& out = *d->metadata.subgraph_metadata[0]->output_tensor_metadata[0];
  EXPECT_EQ(out.name, "probs");                                              // overridden
  EXPECT_EQ(out.description, "Probabilities of the labels respectively.");  // from the template
  EXPECT_EQ(out.stats->min, (std::vector<float>{0.0f}));
  EXPECT_EQ(out.stats->max, (std::vector<float>{1.0f}));
  EXPECT_EQ(d->metadata.author, "me");
  EXPECT_EQ(d->metadata.name, "ImageClassifier");
}

// The official example: outputs [601, 599, 598, 600] are number, category, location, score.
TEST(MetadataDescription, ObjectDetectorMatchesOutputsByTensorIndex) {
  TflModel m = Model({kU8}, {kF32, kF32, kF32, kF32}, /*output_order=*/{3, 1, 0, 2});
  absl::StatusOr<MetadataDescription> d =
      Parse(R"({"task": "object_detector", "normalization": {"mean": 127.5, "std": 127.5}, "labels": "coco.txt"})", m);
  ASSERT_TRUE(d.ok()) << d.status();
  const tflite::SubGraphMetadataT& sg = *d->metadata.subgraph_metadata[0];
  ASSERT_EQ(sg.output_tensor_metadata.size(), 4u);
  EXPECT_EQ(sg.output_tensor_metadata[0]->name, "number of detections");
  EXPECT_EQ(sg.output_tensor_metadata[1]->name, "category");
  EXPECT_EQ(sg.output_tensor_metadata[2]->name, "location");
  EXPECT_EQ(sg.output_tensor_metadata[3]->name, "score");
  const tflite::TensorMetadataT& location = *sg.output_tensor_metadata[2];
  const tflite::BoundingBoxPropertiesT* box = location.content->content_properties.AsBoundingBoxProperties();
  ASSERT_NE(box, nullptr);
  EXPECT_EQ(box->index, (std::vector<uint32_t>{1, 0, 3, 2}));
  EXPECT_EQ(box->type, tflite::BoundingBoxType::BOUNDARIES);
  EXPECT_EQ(location.content->range->min, 2);
  const tflite::TensorMetadataT& category = *sg.output_tensor_metadata[1];
  ASSERT_EQ(category.associated_files.size(), 1u);
  EXPECT_EQ(category.associated_files[0]->type, tflite::AssociatedFileType::TENSOR_VALUE_LABELS);
  EXPECT_EQ(category.associated_files[0]->name, "coco.txt");
  ASSERT_EQ(sg.output_tensor_groups.size(), 1u);
  EXPECT_EQ(sg.output_tensor_groups[0]->tensor_names, (std::vector<std::string>{"location", "category", "score"}));
  // uint8 image: stats [0, 255].
  EXPECT_EQ(sg.input_tensor_metadata[0]->stats->max, (std::vector<float>{255.0f}));
  ASSERT_EQ(d->files.size(), 1u);
  EXPECT_EQ(d->files[0].path, "/base/coco.txt");
}

TEST(MetadataDescription, SegmenterAudioAndTextTemplates) {
  absl::StatusOr<MetadataDescription> seg =
      Parse(R"({"task": "image_segmenter", "labels": ["labels.txt"]})", Model({kF32}, {kF32}));
  ASSERT_TRUE(seg.ok()) << seg.status();
  const tflite::TensorMetadataT& masks = *seg->metadata.subgraph_metadata[0]->output_tensor_metadata[0];
  EXPECT_EQ(masks.name, "segmentation_masks");
  EXPECT_EQ(masks.content->content_properties.AsImageProperties()->color_space, tflite::ColorSpaceType::GRAYSCALE);
  EXPECT_EQ(masks.content->range->min, 1);
  EXPECT_EQ(masks.content->range->max, 2);

  absl::StatusOr<MetadataDescription> audio =
      Parse(R"({"task": "audio_classifier", "sample_rate": 16000, "channels": 1})", Model({kF32}, {kF32}));
  ASSERT_TRUE(audio.ok()) << audio.status();
  const tflite::AudioPropertiesT* props =
      audio->metadata.subgraph_metadata[0]->input_tensor_metadata[0]->content->content_properties.AsAudioProperties();
  ASSERT_NE(props, nullptr);
  EXPECT_EQ(props->sample_rate, 16000u);
  EXPECT_EQ(props->channels, 1u);

  absl::StatusOr<MetadataDescription> text = Parse(
      R"({"task": "nl_classifier", "tokenizer": {"type": "regex", "delim_regex_pattern": "[^\\w\\']+",
          "vocab_file": "vocab.txt"}, "labels": "labels.txt"})",
      Model({tflite::TensorType::STRING}, {kU8}));
  ASSERT_TRUE(text.ok()) << text.status();
  const tflite::TensorMetadataT& input = *text->metadata.subgraph_metadata[0]->input_tensor_metadata[0];
  EXPECT_EQ(input.name, "input_text");
  const tflite::RegexTokenizerOptionsT* regex = input.process_units.at(0)->options.AsRegexTokenizerOptions();
  ASSERT_NE(regex, nullptr);
  EXPECT_EQ(regex->delim_regex_pattern, "[^\\w\\']+");
  EXPECT_EQ(regex->vocab_file.at(0)->type, tflite::AssociatedFileType::VOCABULARY);
  EXPECT_EQ(text->metadata.subgraph_metadata[0]->output_tensor_metadata[0]->stats->max, (std::vector<float>{255.0f}));
}

TEST(MetadataDescription, GeneralTensorFields) {
  TflModel m = Model({kF32}, {kF32});
  absl::StatusOr<MetadataDescription> d = Parse(R"({
    "inputs": [{"name": "boxes", "dimension_names": ["batch", "box"],
                "content": {"type": "bounding_box", "box_type": "CENTER", "coordinate_type": "PIXEL", "index": [0, 1, 2, 3]},
                "content_range": {"min": 2, "max": 2},
                "value_range": {"min": [0.0], "max": [640.0]}}],
    "outputs": [{"score_threshold": 0.5,
                 "score_calibration": {"transformation": "INVERSE_LOGISTIC", "default_score": 0.1},
                 "associated_files": [{"path": "sub/labels_en.txt", "type": "TENSOR_AXIS_LABELS", "locale": "en"}]}],
    "output_tensor_groups": [{"name": "g", "tensor_names": ["out0"]}],
    "custom_metadata": [{"name": "note", "text": "hello"}]
  })", m);
  ASSERT_TRUE(d.ok()) << d.status();
  const tflite::SubGraphMetadataT& sg = *d->metadata.subgraph_metadata[0];
  const tflite::TensorMetadataT& in = *sg.input_tensor_metadata[0];
  EXPECT_EQ(in.dimension_names, (std::vector<std::string>{"batch", "box"}));
  const tflite::BoundingBoxPropertiesT* box = in.content->content_properties.AsBoundingBoxProperties();
  ASSERT_NE(box, nullptr);
  EXPECT_EQ(box->type, tflite::BoundingBoxType::CENTER);
  EXPECT_EQ(box->coordinate_type, tflite::CoordinateType::PIXEL);
  EXPECT_EQ(in.stats->max, (std::vector<float>{640.0f}));
  const tflite::TensorMetadataT& out = *sg.output_tensor_metadata[0];
  EXPECT_EQ(out.name, "out0");
  ASSERT_EQ(out.process_units.size(), 2u);
  EXPECT_EQ(out.process_units[0]->options.AsScoreCalibrationOptions()->score_transformation,
            tflite::ScoreTransformationType::INVERSE_LOGISTIC);
  EXPECT_FLOAT_EQ(out.process_units[1]->options.AsScoreThresholdingOptions()->global_score_threshold, 0.5f);
  ASSERT_EQ(out.associated_files.size(), 1u);
  EXPECT_EQ(out.associated_files[0]->name, "labels_en.txt");
  EXPECT_EQ(out.associated_files[0]->locale, "en");
  ASSERT_EQ(d->files.size(), 1u);
  EXPECT_EQ(d->files[0].path, "/base/sub/labels_en.txt");
  ASSERT_EQ(sg.custom_metadata.size(), 1u);
  EXPECT_EQ(std::string(sg.custom_metadata[0]->data.begin(), sg.custom_metadata[0]->data.end()), "hello");
}

TEST(MetadataDescription, OneNameForTwoFilesIsRefused) {
  TflModel m = Model({kF32}, {kF32});
  const std::string e = ErrorOf(
      R"({"outputs": [{"associated_files": ["a/labels.txt", "b/labels.txt"]}]})", m);
  EXPECT_NE(e.find("the file name \"labels.txt\" is already used"), std::string::npos) << e;
}

}  // namespace
}  // namespace tfconv
