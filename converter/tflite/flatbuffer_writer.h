// Writes the TFLite model IR as a .tflite flatbuffer (file identifier "TFL3").
//
//   TflModel model = ...;                       // lowered and optimized
//   AssignOperatorVersions(model);              // op_version.h
//   SetMinRuntimeVersionMetadata(model);        // runtime_version.h
//   absl::Status s = WriteModelFile(model, "/tmp/out.tflite");
//   absl::StatusOr<std::string> bytes = SerializeModel(model);
//
// The output is byte-for-byte deterministic. Buffer data vectors are written first, so they lie at
// the end of the flatbuffer in buffer order, each 16-byte aligned from the start of the file.
// When the buffers add up to more than `external_buffer_threshold` (or would push the flatbuffer
// past its 2 GB limit), their bytes follow the flatbuffer instead, each 16-byte aligned, and each
// Buffer carries `offset` (from the start of the file) and `size` with no `data`: the form the
// official converter writes for large models and the runtime reads from the same file.
#ifndef TFCONV_CONVERTER_TFLITE_FLATBUFFER_WRITER_H_
#define TFCONV_CONVERTER_TFLITE_FLATBUFFER_WRITER_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"

namespace tfconv {

// The largest flatbuffer the format can address (2 GiB - 1).
inline constexpr uint64_t kMaxFlatbufferSize = (uint64_t{1} << 31) - 1;

struct SerializeOptions {
  // Buffer bytes above which data goes after the flatbuffer (Buffer.offset/size).
  uint64_t external_buffer_threshold = kMaxFlatbufferSize;
};

absl::StatusOr<std::string> SerializeModel(const TflModel& model,
                                           const SerializeOptions& options = {});

// Writes to a temporary file next to `path` and renames it into place once complete, so `path` is
// never left holding a partial model (a file already at `path` stays as it was on error).
absl::Status WriteModelFile(const TflModel& model, const std::string& path,
                            const SerializeOptions& options = {});
// The same, consuming the model: each buffer's bytes are released once copied, so peak memory holds
// the weights about once rather than twice.
absl::Status WriteModelFile(TflModel&& model, const std::string& path,
                            const SerializeOptions& options = {});

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_TFLITE_FLATBUFFER_WRITER_H_
