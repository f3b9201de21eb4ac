// Reads a .tflite flatbuffer into the TFLite model IR, for the reference interpreter, the
// inspector and round-trip tests. Untrusted input is fine: the file is verified first (flatbuffers
// Verifier, "TFL3" identifier), every index is range-checked, and any defect comes back as a
// status naming what is wrong and where, never as a crash.
//
//   absl::StatusOr<TflModel> model = ReadModelFile("model.tflite");
//   if (!model.ok()) return model.status();
//   const TflSubgraph& main = model->subgraphs[0];
//
// Buffers are not copied: each TflBuffer points into the file's bytes (memory-mapped by
// ReadModelFile) and keeps them alive. Buffers stored after the flatbuffer (Buffer.offset/size,
// the form of models over 2 GB) are resolved against the same bytes.
#ifndef TFCONV_CONVERTER_TFLITE_FLATBUFFER_READER_H_
#define TFCONV_CONVERTER_TFLITE_FLATBUFFER_READER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "converter/graph/tensor.h"
#include "converter/tflite/model_ir.h"

namespace tfconv {

// `bytes` is the whole file; `owner` keeps those bytes alive (it may be empty when the caller
// guarantees that they outlive the model).
absl::StatusOr<TflModel> ReadModel(absl::Span<const uint8_t> bytes, ByteBuffer owner);
inline absl::StatusOr<TflModel> ReadModel(ByteBuffer bytes) {
  return ReadModel(bytes.span(), bytes);
}
absl::StatusOr<TflModel> ReadModelFile(const std::string& path);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_TFLITE_FLATBUFFER_READER_H_
