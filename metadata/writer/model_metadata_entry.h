// Named entries of Model.metadata (TFLITE_METADATA, CONVERSION_METADATA, ...) in the TFLite model IR.
// Setting an entry that exists replaces its bytes in place, so writing metadata twice never leaves a
// second buffer behind (the file after a re-population is the same as after the first).
//
//   SetMetadataEntry(model, "TFLITE_METADATA", ByteBuffer::FromString(bytes));
//   const ByteBuffer* b = FindMetadataEntry(model, "TFLITE_METADATA");   // nullptr when absent
//   RemoveMetadataEntry(model, "CONVERSION_METADATA");
#ifndef TFCONV_METADATA_WRITER_MODEL_METADATA_ENTRY_H_
#define TFCONV_METADATA_WRITER_MODEL_METADATA_ENTRY_H_

#include <string>

#include "converter/graph/tensor.h"
#include "converter/tflite/model_ir.h"

namespace tfconv {

// The bytes of entry `name`; nullptr when the model has no such entry (or it points at no buffer).
const ByteBuffer* FindMetadataEntry(const TflModel& model, const std::string& name);

// Adds entry `name` or gives the existing one new bytes. The existing buffer is overwritten when
// nothing else uses it; otherwise (a tensor or another entry shares it) a new buffer is added.
void SetMetadataEntry(TflModel& model, const std::string& name, ByteBuffer bytes);

// Drops entry `name` and empties its buffer when nothing else uses it. False when there was none.
bool RemoveMetadataEntry(TflModel& model, const std::string& name);

}  // namespace tfconv

#endif  // TFCONV_METADATA_WRITER_MODEL_METADATA_ENTRY_H_
