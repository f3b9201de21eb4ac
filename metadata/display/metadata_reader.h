// Finds and checks the TFLite metadata of a model: the flatbuffer stored in the Buffer that
// Model.metadata names "TFLITE_METADATA", with file identifier "M001".
//
//   absl::StatusOr<MetadataBuffer> metadata = ReadMetadataBuffer(file_bytes, "model.tflite");
//   if (!metadata.ok()) return metadata.status();        // bad model or bad metadata
//   if (metadata->bytes.empty()) { /* the model carries no metadata */ }
//   const tflite::ModelMetadata* root = tflite::GetModelMetadata(metadata->bytes.data());
//   std::cout << metadata->min_parser_version;
//
// Every buffer returned is verified (flatbuffers Verifier against our schema + identifier), so
// the generated accessors and flatbuffers' text generation are safe to use on it.
#ifndef TFCONV_METADATA_DISPLAY_METADATA_READER_H_
#define TFCONV_METADATA_DISPLAY_METADATA_READER_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "converter/tflite/model_ir.h"

namespace tfconv {

// The Model.metadata entry name of the metadata buffer, and the buffer's file identifier.
inline constexpr char kTfliteMetadataName[] = "TFLITE_METADATA";
inline constexpr char kMetadataIdentifier[] = "M001";

struct MetadataBuffer {
  // The metadata flatbuffer; points into the model's bytes (empty: the model has no metadata).
  absl::Span<const uint8_t> bytes;
  // ModelMetadata.min_parser_version ("" when unset).
  std::string min_parser_version;
};

// Checks that `bytes` is a ModelMetadata flatbuffer with identifier "M001". `where` names the
// model file in the error, which says what is wrong (too short, other identifier, bad offsets).
absl::Status VerifyMetadataBuffer(absl::Span<const uint8_t> bytes, absl::string_view where);

// From a model already read (converter/tflite/flatbuffer_reader.h).
absl::StatusOr<MetadataBuffer> FindMetadataBuffer(const TflModel& model, absl::string_view where);

// From the bytes of a .tflite file (an appended zip is fine); the model is verified first.
absl::StatusOr<MetadataBuffer> ReadMetadataBuffer(absl::Span<const uint8_t> tflite_bytes, absl::string_view where);

}  // namespace tfconv

#endif  // TFCONV_METADATA_DISPLAY_METADATA_READER_H_
