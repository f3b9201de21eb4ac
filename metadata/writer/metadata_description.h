// The JSON description a user writes to populate a model's metadata (tflite_metadata --metadata,
// tflite_convert --metadata), turned into the ModelMetadata object of our schema plus the list of
// files to pack. Strict: an unknown field, a wrong type or a bad enum name is an error that names
// the file and the JSON path.
//
//   absl::StatusOr<MetadataDescription> d = ReadMetadataDescription("desc.json", model);
//   // d->metadata: tflite::ModelMetadataT (min_parser_version is set when it is written)
//   // d->files: {name in the zip, path on disk ("" when it must come from elsewhere)}
//
// The format (every field optional unless said otherwise):
//   {
//     "task": "image_classifier",   // image_classifier | object_detector | image_segmenter |
//                                   // nl_classifier | audio_classifier: the official writers' defaults
//     // task parameters (only with "task"):
//     "normalization": {"mean": [127.5], "std": [127.5]},          // image tasks
//     "labels": ["labels.txt"],                                   // label files (FILE or path)
//     "score_calibration": {"transformation": "LOG", "default_score": 0.2,
//                           "file": "score_calibration.txt"},
//     "sample_rate": 16000, "channels": 1,                        // audio_classifier
//     "tokenizer": TOKENIZER,                                     // nl_classifier
//
//     "name": "...", "description": "...", "version": "...", "author": "...", "license": "...",
//     "subgraph_name": "...", "subgraph_description": "...",
//     "inputs": [TENSOR, ...], "outputs": [TENSOR, ...],   // one per subgraph input/output, in order;
//                       // absent: one entry per tensor named after it; with a task, entry i
//                       // overrides the template's tensor i field by field
//     "input_tensor_groups": [{"name": "...", "tensor_names": ["..."]}], "output_tensor_groups": [...],
//     "input_process_units": [UNIT, ...], "output_process_units": [UNIT, ...],
//     "subgraph_associated_files": [FILE, ...], "associated_files": [FILE, ...],   // model level
//     "custom_metadata": [{"name": "...", "path": "data.bin" | "text": "..."}]
//   }
//   TENSOR = {"name", "description", "dimension_names": [...],
//             "content": {"type": "feature"}
//                      | {"type": "image", "color_space": "RGB" | "GRAYSCALE" | "UNKNOWN",
//                         "default_size": {"width": W, "height": H}}
//                      | {"type": "bounding_box", "box_type": "BOUNDARIES" | "UPPER_LEFT" | "CENTER",
//                         "coordinate_type": "RATIO" | "PIXEL", "index": [1, 0, 3, 2]}
//                      | {"type": "audio", "sample_rate": 16000, "channels": 1},
//             "content_range": {"min": 1, "max": 2},        // the dimensions the content spans
//             "value_range": {"min": [0.0], "max": [255.0]},  // Stats: per-channel value range
//             "process_units": [UNIT, ...],                   // or the shortcuts below, appended in order
//             "normalization": {"mean": [...], "std": [...]},
//             "score_calibration": {...as above...}, "score_threshold": 0.5,
//             "tokenizer": TOKENIZER,
//             "associated_files": [FILE, ...]}
//   UNIT = {"normalization": {...}} | {"score_calibration": {...}} | {"score_threshold": 0.5}
//        | {"tokenizer": TOKENIZER}
//   TOKENIZER = {"type": "bert", "vocab_file": FILE}
//             | {"type": "sentence_piece", "model_file": FILE, "vocab_file": FILE}
//             | {"type": "regex", "delim_regex_pattern": "[^\\w\\']+", "vocab_file": FILE}
//   FILE = "path" | {"path": "labels.txt", "name": "labels.txt", "description": "...",
//                    "type": "TENSOR_AXIS_LABELS", "locale": "en", "version": "..."}
//     path: relative to the description's directory; name: the entry in the zip (default: the
//     path's last component). Without "path" the file must be given to the tool
//     (--associated_files) or already be packed in the model.
//     type: UNKNOWN | DESCRIPTIONS | TENSOR_AXIS_LABELS | TENSOR_VALUE_LABELS |
//           TENSOR_AXIS_SCORE_CALIBRATION | VOCABULARY | SCANN_INDEX_FILE
//   score_calibration.transformation: IDENTITY | LOG | INVERSE_LOGISTIC.
#ifndef TFCONV_METADATA_WRITER_METADATA_DESCRIPTION_H_
#define TFCONV_METADATA_WRITER_METADATA_DESCRIPTION_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "converter/tflite/model_ir.h"
#include "metadata/schema/metadata_schema_generated.h"

namespace tfconv {

struct AssociatedFileSource {
  std::string name;  // the AssociatedFile.name, i.e. the zip entry
  std::string path;  // where to read it; "" when the description gave no path
};

struct MetadataDescription {
  tflite::ModelMetadataT metadata;
  std::vector<AssociatedFileSource> files;  // each name once, in the order first mentioned
};

// `json` is the description's text; `model` supplies subgraph 0's tensor names (for unnamed
// entries) and types (for the task templates); relative paths are resolved against `base_dir`;
// `where` names the description in errors.
absl::StatusOr<MetadataDescription> ParseMetadataDescription(absl::string_view json, const TflModel& model,
                                                             absl::string_view base_dir, absl::string_view where);

// Reads the description file `path` (relative paths inside it are taken from its directory).
absl::StatusOr<MetadataDescription> ReadMetadataDescription(const std::string& path, const TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_METADATA_WRITER_METADATA_DESCRIPTION_H_
