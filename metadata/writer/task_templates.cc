#include "metadata/writer/task_templates.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {
namespace {

using tflite::AssociatedFileT;
using tflite::TensorMetadataT;

absl::Status TemplateError(absl::string_view where, absl::string_view task, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": task \"", task, "\": ", message));
}

// Every tensor the official writers describe carries a content (feature by default) and a stats
// table, even an empty one; the displayer shows them as "content" and "stats": {}.
std::unique_ptr<TensorMetadataT> BaseTensor(const char* name, const char* description) {
  auto t = std::make_unique<TensorMetadataT>();
  t->name = name;
  t->description = description;
  t->content = std::make_unique<tflite::ContentT>();
  t->content->content_properties.Set(tflite::FeaturePropertiesT());
  t->stats = std::make_unique<tflite::StatsT>();
  return t;
}

std::unique_ptr<tflite::ValueRangeT> Range(int32_t min, int32_t max) {
  auto r = std::make_unique<tflite::ValueRangeT>();
  r->min = min;
  r->max = max;
  return r;
}

std::optional<tflite::TensorType> TypeOf(const TflSubgraph& g, const std::vector<int32_t>& list, size_t i) {
  if (i >= list.size() || list[i] < 0 || static_cast<size_t>(list[i]) >= g.tensors.size()) return std::nullopt;
  return g.tensors[list[i]].type;
}

// The official InputImageTensorMd.
absl::StatusOr<std::unique_ptr<TensorMetadataT>> ImageInput(const char* description, const TaskInputs& in,
                                                            std::optional<tflite::TensorType> type,
                                                            absl::string_view where, absl::string_view task) {
  auto t = BaseTensor("image", description);
  tflite::ImagePropertiesT image;
  image.color_space = tflite::ColorSpaceType::RGB;
  t->content->content_properties.Set(std::move(image));
  const bool has_norm = in.norm_mean.has_value() && in.norm_std.has_value() && !in.norm_mean->empty() &&
                        !in.norm_std->empty();
  if (in.norm_mean.has_value() != in.norm_std.has_value()) {
    return TemplateError(where, task, "give both \"mean\" and \"std\" in \"normalization\"");
  }
  if (has_norm && in.norm_mean->size() != in.norm_std->size()) {
    return TemplateError(where, task,
                         absl::StrCat("normalization mean has ", in.norm_mean->size(), " values and std has ",
                                      in.norm_std->size(), "; give as many of each (one per channel, or one for all)"));
  }
  if (has_norm) {
    for (float s : *in.norm_std) {
      if (s == 0.0f) return TemplateError(where, task, "a normalization std of 0 would divide by zero");
    }
  }
  if (type == tflite::TensorType::UINT8) {
    t->stats->min = {0.0f};
    t->stats->max = {255.0f};
  } else if (type == tflite::TensorType::FLOAT32 && has_norm) {
    for (size_t c = 0; c < in.norm_mean->size(); ++c) {
      t->stats->min.push_back((0.0f - (*in.norm_mean)[c]) / (*in.norm_std)[c]);
      t->stats->max.push_back((255.0f - (*in.norm_mean)[c]) / (*in.norm_std)[c]);
    }
  }
  if (has_norm) {
    tflite::NormalizationOptionsT norm;
    norm.mean = *in.norm_mean;
    norm.std = *in.norm_std;
    auto unit = std::make_unique<tflite::ProcessUnitT>();
    unit->options.Set(std::move(norm));
    t->process_units.push_back(std::move(unit));
  }
  return t;
}

void AddLabels(TensorMetadataT& t, const TaskInputs& in, tflite::AssociatedFileType type) {
  for (const AssociatedFileT& label : in.labels) {
    auto f = std::make_unique<AssociatedFileT>(label);
    if (f->description.empty()) f->description = kLabelFileDescription;
    f->type = type;
    t.associated_files.push_back(std::move(f));
  }
}

// The official ClassificationTensorMd: stats from the type, labels, then score calibration (its
// process unit and its parameter file after the labels).
std::unique_ptr<TensorMetadataT> Classification(const char* name, const char* description, const TaskInputs& in,
                                                std::optional<tflite::TensorType> type) {
  auto t = BaseTensor(name, description);
  if (type == tflite::TensorType::UINT8) {
    t->stats->min = {0.0f};
    t->stats->max = {255.0f};
  } else if (type == tflite::TensorType::FLOAT32) {
    t->stats->min = {0.0f};
    t->stats->max = {1.0f};
  }
  AddLabels(*t, in, tflite::AssociatedFileType::TENSOR_AXIS_LABELS);
  if (in.score_calibration.has_value()) {
    auto unit = std::make_unique<tflite::ProcessUnitT>();
    unit->options.Set(tflite::ScoreCalibrationOptionsT(*in.score_calibration));
    t->process_units.push_back(std::move(unit));
  }
  if (in.score_calibration_file.has_value()) {
    auto f = std::make_unique<AssociatedFileT>(*in.score_calibration_file);
    if (f->description.empty()) f->description = kScoreCalibrationFileDescription;
    f->type = tflite::AssociatedFileType::TENSOR_AXIS_SCORE_CALIBRATION;
    t->associated_files.push_back(std::move(f));
  }
  return t;
}

std::unique_ptr<tflite::SubGraphMetadataT> OneToOne(std::unique_ptr<TensorMetadataT> input,
                                                   std::unique_ptr<TensorMetadataT> output) {
  auto sg = std::make_unique<tflite::SubGraphMetadataT>();
  sg->input_tensor_metadata.push_back(std::move(input));
  sg->output_tensor_metadata.push_back(std::move(output));
  return sg;
}

absl::Status NoCalibration(const TaskInputs& in, absl::string_view where, absl::string_view task) {
  if (in.score_calibration.has_value() || in.score_calibration_file.has_value()) {
    return TemplateError(where, task, "takes no \"score_calibration\" (the official writer has none for it)");
  }
  return absl::OkStatus();
}

absl::Status NoImageInputs(const TaskInputs& in, absl::string_view where, absl::string_view task) {
  if (in.norm_mean.has_value() || in.norm_std.has_value()) {
    return TemplateError(where, task, "takes no \"normalization\" (its input is not an image)");
  }
  return absl::OkStatus();
}

absl::Status NoAudioOrText(const TaskInputs& in, absl::string_view where, absl::string_view task) {
  if (in.sample_rate.has_value() || in.channels.has_value()) {
    return TemplateError(where, task, "takes no \"sample_rate\" or \"channels\" (only audio_classifier does)");
  }
  if (in.tokenizer.has_value()) return TemplateError(where, task, "takes no \"tokenizer\" (only nl_classifier does)");
  return absl::OkStatus();
}

}  // namespace

const std::vector<std::string>& TaskNames() {
  static const std::vector<std::string>* names = new std::vector<std::string>{
      "image_classifier", "object_detector", "image_segmenter", "nl_classifier", "audio_classifier"};
  return *names;
}

absl::StatusOr<tflite::ModelMetadataT> TaskTemplate(absl::string_view task, const TaskInputs& in,
                                                    const TflSubgraph& g, absl::string_view where) {
  tflite::ModelMetadataT m;
  const std::optional<tflite::TensorType> in_type = TypeOf(g, g.inputs, 0);
  const std::optional<tflite::TensorType> out_type = TypeOf(g, g.outputs, 0);
  if (task == "image_classifier") {
    if (absl::Status s = NoAudioOrText(in, where, task); !s.ok()) return s;
    m.name = "ImageClassifier";
    m.description = "Identify the most prominent object in the image from a known set of categories.";
    absl::StatusOr<std::unique_ptr<TensorMetadataT>> image =
        ImageInput("Input image to be classified.", in, in_type, where, task);
    if (!image.ok()) return image.status();
    m.subgraph_metadata.push_back(OneToOne(
        *std::move(image), Classification("probability", "Probabilities of the labels respectively.", in, out_type)));
  } else if (task == "image_segmenter") {
    if (absl::Status s = NoAudioOrText(in, where, task); !s.ok()) return s;
    if (absl::Status s = NoCalibration(in, where, task); !s.ok()) return s;
    m.name = "ImageSegmenter";
    m.description = "Semantic image segmentation predicts whether each pixel of an image is associated with a "
                    "certain class.";
    absl::StatusOr<std::unique_ptr<TensorMetadataT>> image =
        ImageInput("Input image to be segmented.", in, in_type, where, task);
    if (!image.ok()) return image.status();
    auto masks = BaseTensor("segmentation_masks", "Masks over the target objects with high accuracy.");
    tflite::ImagePropertiesT gray;
    gray.color_space = tflite::ColorSpaceType::GRAYSCALE;
    masks->content->content_properties.Set(std::move(gray));
    masks->content->range = Range(1, 2);  // [1, H, W, classes]: each class is an H x W grayscale mask
    AddLabels(*masks, in, tflite::AssociatedFileType::TENSOR_AXIS_LABELS);
    m.subgraph_metadata.push_back(OneToOne(*std::move(image), std::move(masks)));
  } else if (task == "object_detector") {
    if (absl::Status s = NoAudioOrText(in, where, task); !s.ok()) return s;
    m.name = "ObjectDetector";
    m.description = "Identify which of a known set of objects might be present and provide information about "
                    "their positions within the given image or a video stream.";
    absl::StatusOr<std::unique_ptr<TensorMetadataT>> image =
        ImageInput("Input image to be detected.", in, in_type, where, task);
    if (!image.ok()) return image.status();
    if (g.outputs.size() != 4) {
      return TemplateError(where, task,
                           absl::StrCat("expects 4 outputs (locations, classes, scores, number of detections, as "
                                        "TFLITE_DETECTION_POSTPROCESS gives them), but the model has ",
                                        g.outputs.size()));
    }
    auto location = BaseTensor("location", "The locations of the detected boxes.");
    tflite::BoundingBoxPropertiesT box;
    box.index = {1, 0, 3, 2};  // the model gives [top, left, bottom, right]
    box.type = tflite::BoundingBoxType::BOUNDARIES;
    box.coordinate_type = tflite::CoordinateType::RATIO;
    location->content->content_properties.Set(std::move(box));
    location->content->range = Range(2, 2);
    auto category = BaseTensor("category", "The categories of the detected boxes.");
    category->content->range = Range(2, 2);
    AddLabels(*category, in, tflite::AssociatedFileType::TENSOR_VALUE_LABELS);
    // The score tensor: a classification without a tensor type (so no stats), as the official writer.
    TaskInputs no_labels = in;
    no_labels.labels.clear();
    auto score = Classification("score", "The scores of the detected boxes.", no_labels, std::nullopt);
    score->content->range = Range(2, 2);
    auto number = BaseTensor("number of detections", "The number of the detected boxes.");
    std::vector<std::unique_ptr<TensorMetadataT>> by_rank;
    by_rank.push_back(std::move(location));
    by_rank.push_back(std::move(category));
    by_rank.push_back(std::move(score));
    by_rank.push_back(std::move(number));
    // The post-processing op creates its outputs in this order, so their tensor indices rank them.
    std::vector<int32_t> sorted = g.outputs;
    std::sort(sorted.begin(), sorted.end());
    auto sg = std::make_unique<tflite::SubGraphMetadataT>();
    sg->input_tensor_metadata.push_back(*std::move(image));
    for (int32_t index : g.outputs) {
      const size_t rank = static_cast<size_t>(std::find(sorted.begin(), sorted.end(), index) - sorted.begin());
      sg->output_tensor_metadata.push_back(std::move(by_rank[rank]));
    }
    auto group = std::make_unique<tflite::TensorGroupT>();
    group->name = "detection_result";
    group->tensor_names = {"location", "category", "score"};
    sg->output_tensor_groups.push_back(std::move(group));
    m.subgraph_metadata.push_back(std::move(sg));
  } else if (task == "nl_classifier") {
    if (absl::Status s = NoImageInputs(in, where, task); !s.ok()) return s;
    if (in.sample_rate.has_value() || in.channels.has_value()) {
      return TemplateError(where, task, "takes no \"sample_rate\" or \"channels\" (only audio_classifier does)");
    }
    m.name = "NLClassifier";
    m.description = "Classify the input text into a set of known categories.";
    auto text = BaseTensor("input_text", "Embedding vectors representing the input text to be classified.");
    if (in.tokenizer.has_value()) text->process_units.push_back(std::make_unique<tflite::ProcessUnitT>(*in.tokenizer));
    m.subgraph_metadata.push_back(
        OneToOne(std::move(text), Classification("probability", "Probabilities of the labels respectively.", in, out_type)));
  } else if (task == "audio_classifier") {
    if (absl::Status s = NoImageInputs(in, where, task); !s.ok()) return s;
    if (in.tokenizer.has_value()) return TemplateError(where, task, "takes no \"tokenizer\" (only nl_classifier does)");
    if (!in.sample_rate.has_value() || *in.sample_rate == 0 || !in.channels.has_value() || *in.channels == 0) {
      return TemplateError(where, task,
                           "needs \"sample_rate\" (Hz) and \"channels\", both > 0: the Task Library reads the audio "
                           "format from them");
    }
    m.name = "AudioClassifier";
    m.description = "Identify the most prominent type in the audio clip from a known set of categories.";
    auto audio = BaseTensor("audio_clip", "Input audio clip to be classified.");
    tflite::AudioPropertiesT props;
    props.sample_rate = *in.sample_rate;
    props.channels = *in.channels;
    audio->content->content_properties.Set(std::move(props));
    m.subgraph_metadata.push_back(
        OneToOne(std::move(audio), Classification("probability", "Scores of the labels respectively.", in, out_type)));
  } else {
    return absl::InvalidArgumentError(absl::StrCat(where, ": unknown task \"", task,
                                                   "\"; known tasks: ", absl::StrJoin(TaskNames(), ", ")));
  }
  return m;
}

}  // namespace tfconv
