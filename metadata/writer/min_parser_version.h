// ModelMetadata.min_parser_version: the oldest metadata parser that understands every field a
// metadata object uses. The rules are tflite-support's (metadata/cc/metadata_version.cc): start at
// "1.0.0" and raise it for each member added later that is present:
//   1.0.1  an AssociatedFile of type VOCABULARY
//   1.1.0  SubGraphMetadata input/output_process_units; Bert or SentencePiece tokenizer options
//   1.2.0  SubGraphMetadata input/output_tensor_groups
//   1.2.1  RegexTokenizerOptions
//   1.3.0  AudioProperties content
//   1.4.0  an AssociatedFile of type SCANN_INDEX_FILE
//   1.4.1  AssociatedFile.version set
// Like the official rules, custom_metadata (schema 1.5.0) does not raise it: an older parser
// skips that field without misreading anything else.
//
//   tflite::ModelMetadataT m = ...;
//   m.min_parser_version = MinParserVersion(m);   // "1.0.0" for a plain image classifier
#ifndef TFCONV_METADATA_WRITER_MIN_PARSER_VERSION_H_
#define TFCONV_METADATA_WRITER_MIN_PARSER_VERSION_H_

#include <string>

#include "metadata/schema/metadata_schema_generated.h"

namespace tfconv {

// Which fields count as present follows what the object API writes: an empty vector or string
// is not written, so it does not count (the official rule checks the written flatbuffer).
std::string MinParserVersion(const tflite::ModelMetadataT& metadata);

}  // namespace tfconv

#endif  // TFCONV_METADATA_WRITER_MIN_PARSER_VERSION_H_
