// Populates a TFLite model with metadata: the "TFLITE_METADATA" buffer (our ModelMetadata
// flatbuffer, identifier "M001", min_parser_version computed) in Model.metadata, and the files it
// names packed as a zip after the flatbuffer. Re-populating replaces both, never stacks them.
//
//   // A .tflite file + a JSON description (metadata_description.h) -> a new file:
//   absl::Status s = PopulateModelFile("in.tflite", "desc.json", {"extra/labels.txt"}, "out.tflite");
//
//   // In memory, with a metadata object and the file contents:
//   absl::StatusOr<std::string> bytes = PopulateModelBytes(model_bytes, metadata, files, "in.tflite");
//
//   // On a model being built (the converter): attach, then serialize with the files.
//   absl::Status a = AttachMetadata(model, metadata, "model");
//   absl::StatusOr<std::string> out = SerializeModelWithFiles(model, files);
//
// Every file the metadata names must be supplied (a path in the description, an --associated_files
// path with that base name, or a file already packed in the input model), and every supplied file
// must be named by the metadata; the zip holds them in the order the metadata first names them.
#ifndef TFCONV_METADATA_WRITER_METADATA_WRITER_H_
#define TFCONV_METADATA_WRITER_METADATA_WRITER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "converter/graph/tensor.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "converter/tflite/model_ir.h"
#include "metadata/archive/associated_files.h"
#include "metadata/schema/metadata_schema_generated.h"
#include "metadata/writer/metadata_description.h"

namespace tfconv {

inline constexpr char kTfliteMetadataEntry[] = "TFLITE_METADATA";

// Every AssociatedFile name in `metadata` (model, subgraph, tensors, tokenizer options), each once,
// in the order they first appear.
std::vector<std::string> AssociatedFileNames(const tflite::ModelMetadataT& metadata);

// The "M001" flatbuffer of `metadata` with min_parser_version set (min_parser_version.h).
std::string SerializeModelMetadata(const tflite::ModelMetadataT& metadata);

// The model's TFLITE_METADATA entry, verified and unpacked; NotFound when the model has none,
// InvalidArgument when the buffer is not a valid "M001" flatbuffer. `where` names the model.
absl::StatusOr<tflite::ModelMetadataT> ReadModelMetadata(const TflModel& model, absl::string_view where);

// Exactly one SubGraphMetadata, with as many input/output TensorMetadata as subgraph 0 has
// inputs/outputs.
absl::Status CheckMetadataMatchesModel(const tflite::ModelMetadataT& metadata, const TflModel& model,
                                       absl::string_view where);

// Checks `metadata` against `model`, then sets its TFLITE_METADATA entry (replacing any).
absl::Status AttachMetadata(TflModel& model, const tflite::ModelMetadataT& metadata, absl::string_view where);

// The bytes of each file `metadata` names, from (in this order of preference) `sources` with a path,
// `extra_paths` whose base name matches, and `packed` (the input model's zip). Errors name the
// missing files, and files given but not named by the metadata. Score calibration files are checked
// (each line empty or 3 or 4 comma-separated numbers).
absl::StatusOr<std::vector<AssociatedFileData>> GatherAssociatedFiles(
    const tflite::ModelMetadataT& metadata, const std::vector<AssociatedFileSource>& sources,
    const std::vector<std::string>& extra_paths, const std::vector<AssociatedFileData>& packed,
    absl::string_view where);

// SerializeModel, then the zip of `files` appended (none when empty).
absl::StatusOr<std::string> SerializeModelWithFiles(const TflModel& model, const std::vector<AssociatedFileData>& files,
                                                    const SerializeOptions& options = {}, absl::string_view where = "model");

// A .tflite's bytes (with or without metadata and a zip) -> the same model with `metadata` and
// exactly `files` packed.
absl::StatusOr<std::string> PopulateModelBytes(const ByteBuffer& model_bytes, const tflite::ModelMetadataT& metadata,
                                               const std::vector<AssociatedFileData>& files, absl::string_view where);

// The file-level tool: reads `model_path` and the description, gathers the files (files already
// packed in the input are reused when the description names them without a path), writes
// `output_path` atomically.
absl::Status PopulateModelFile(const std::string& model_path, const std::string& description_path,
                               const std::vector<std::string>& extra_paths, const std::string& output_path);

}  // namespace tfconv

#endif  // TFCONV_METADATA_WRITER_METADATA_WRITER_H_
