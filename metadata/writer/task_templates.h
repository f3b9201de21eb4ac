// Task templates: the standard metadata of the official metadata writers (tflite-support
// metadata_writers/*.py), so a description can say "task": "image_classifier" and give only what
// differs per model (normalization, label files, score calibration, audio format).
//
//   TaskInputs in;
//   in.norm_mean = {127.5f};
//   in.norm_std = {127.5f};
//   in.labels.push_back(LabelFile("labels.txt"));
//   absl::StatusOr<tflite::ModelMetadataT> m = TaskTemplate("image_classifier", in, model.subgraphs[0], "desc.json");
//
// What each task fills, as the official writers do:
//   image_classifier  "ImageClassifier"; input "image" (RGB image, normalization, stats from the input
//                     type: uint8 [0, 255], float32 (0 - mean) / std .. (255 - mean) / std); output
//                     "probability" (feature; stats uint8 [0, 255], float32 [0, 1]; labels
//                     TENSOR_AXIS_LABELS; optional score calibration)
//   object_detector   "ObjectDetector"; input as above ("Input image to be detected."); outputs
//                     location (bounding box BOUNDARIES, index [1, 0, 3, 2], RATIO, range 2),
//                     category (TENSOR_VALUE_LABELS, range 2), score (range 2, optional calibration),
//                     number of detections; matched to the outputs in tensor-index order (the order
//                     of TFLITE_DETECTION_POSTPROCESS's outputs); output group "detection_result"
//   image_segmenter   "ImageSegmenter"; input image; output "segmentation_masks" (GRAYSCALE image,
//                     range [1, 2], labels TENSOR_AXIS_LABELS)
//   nl_classifier     "NLClassifier"; input "input_text" (feature, optional regex tokenizer); output
//                     "probability" (classification as above)
//   audio_classifier  "AudioClassifier"; input "audio_clip" (audio with sample_rate and channels,
//                     both required > 0); output "probability" ("Scores of the labels respectively.")
#ifndef TFCONV_METADATA_WRITER_TASK_TEMPLATES_H_
#define TFCONV_METADATA_WRITER_TASK_TEMPLATES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "converter/tflite/model_ir.h"
#include "metadata/schema/metadata_schema_generated.h"

namespace tfconv {

struct TaskInputs {
  std::optional<std::vector<float>> norm_mean, norm_std;  // image tasks
  std::vector<tflite::AssociatedFileT> labels;            // name / locale; the template sets type and description
  std::optional<tflite::ScoreCalibrationOptionsT> score_calibration;
  std::optional<tflite::AssociatedFileT> score_calibration_file;  // name; the template sets type and description
  std::optional<uint32_t> sample_rate, channels;                  // audio_classifier
  std::optional<tflite::ProcessUnitT> tokenizer;                  // nl_classifier (regex tokenizer)
};

// The task names TaskTemplate knows.
const std::vector<std::string>& TaskNames();

// The metadata of task `task` for subgraph `g` (its tensor types pick the stats; its output order
// places the detector's outputs). `where` names the description in errors.
absl::StatusOr<tflite::ModelMetadataT> TaskTemplate(absl::string_view task, const TaskInputs& inputs,
                                                    const TflSubgraph& g, absl::string_view where);

// The descriptions the official writers give these files.
inline constexpr char kLabelFileDescription[] = "Labels for categories that the model can recognize.";
inline constexpr char kScoreCalibrationFileDescription[] =
    "Contains sigmoid-based score calibration parameters. The main purposes of score calibration is to make "
    "scores across classes comparable, so that a common threshold can be used for all output classes.";
inline constexpr char kVocabularyFileDescription[] =
    "Vocabulary file to convert natural language words to embedding vectors.";

}  // namespace tfconv

#endif  // TFCONV_METADATA_WRITER_TASK_TEMPLATES_H_
