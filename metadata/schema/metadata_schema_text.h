// The text of metadata_schema.fbs, compiled into the binary, for code that needs the schema at
// run time (flatbuffers::Parser turns a metadata buffer into the displayer's JSON with it).
//
//   flatbuffers::Parser parser;
//   if (!parser.Parse(tfconv::MetadataSchemaText())) { /* parser.error_ */ }
#ifndef TFCONV_METADATA_SCHEMA_METADATA_SCHEMA_TEXT_H_
#define TFCONV_METADATA_SCHEMA_METADATA_SCHEMA_TEXT_H_

namespace tfconv {

// Null-terminated; lives for the whole program.
const char* MetadataSchemaText();

}  // namespace tfconv

#endif  // TFCONV_METADATA_SCHEMA_METADATA_SCHEMA_TEXT_H_
