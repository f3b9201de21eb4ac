// The metadata of a .tflite model as JSON, in the layout of tflite-support's MetadataDisplayer
// (flatbuffers' strict-JSON text of the ModelMetadata buffer: schema field names, enum values as
// names, unions as "<field>_type" + "<field>"), plus the files packed in the appended zip.
//
//   absl::StatusOr<MetadataDisplay> shown = DisplayMetadataFile("model.tflite");
//   if (!shown.ok()) return shown.status();
//   std::cout << shown->json;                                   // "" when there is no metadata
//   for (const std::string& name : shown->packed_files) std::cout << name << "\n";
//
// Bad input gives a status naming the file and the fault: not a TFLite model, a metadata
// buffer that is not a valid "M001" flatbuffer, a damaged appended zip.
#ifndef TFCONV_METADATA_DISPLAY_METADATA_DISPLAY_H_
#define TFCONV_METADATA_DISPLAY_METADATA_DISPLAY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace tfconv {

struct MetadataDisplay {
  bool has_metadata = false;
  std::string json;                           // MetadataDisplayer.get_metadata_json()
  std::string min_parser_version;
  std::vector<std::string> packed_files;      // get_packed_associated_file_list(), zip order
  std::vector<std::string> referenced_files;  // AssociatedFile names in the metadata, first-seen order
  std::vector<std::string> missing_files;     // referenced but not packed (the official populator refuses these)
};

// JSON text of a metadata buffer (verified here first). `where` names the file in errors.
absl::StatusOr<std::string> MetadataJson(absl::Span<const uint8_t> metadata_buffer, absl::string_view where);

// Every AssociatedFile name the metadata mentions (model, subgraph, tensors, tokenizer process
// units), each once, in first-seen order. The buffer must be verified.
std::vector<std::string> ReferencedAssociatedFiles(absl::Span<const uint8_t> metadata_buffer);

absl::StatusOr<MetadataDisplay> DisplayMetadata(absl::Span<const uint8_t> tflite_bytes, absl::string_view where);
absl::StatusOr<MetadataDisplay> DisplayMetadataFile(const std::string& path);

}  // namespace tfconv

#endif  // TFCONV_METADATA_DISPLAY_METADATA_DISPLAY_H_
