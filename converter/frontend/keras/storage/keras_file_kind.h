// SniffKerasFile: which kind of Keras model file a path holds, from its first bytes (not its name).
//
//   absl::StatusOr<KerasFileKind> kind = SniffKerasFile(path);
//   if (!kind.ok()) return kind.status();   // says what the file is and which formats are accepted
//   if (*kind == KerasFileKind::kH5) ... H5File::Open(path) ... else ... ReadKerasArchive(path) ...
#ifndef TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_KERAS_FILE_KIND_H_
#define TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_KERAS_FILE_KIND_H_

#include <string>

#include "absl/status/statusor.h"

namespace tfconv {

enum class KerasFileKind {
  kH5,            // HDF5: a Keras 2 (tf.keras) .h5 model (the signature at 0 or after a user block)
  kKerasArchive,  // zip: a Keras 3 .keras archive
};

// NotFound for a missing path; InvalidArgument for anything else, naming what the file looks like
// (a SavedModel directory, a .tflite, JSON text, a protobuf...) and what to use instead.
absl::StatusOr<KerasFileKind> SniffKerasFile(const std::string& path);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_KERAS_FILE_KIND_H_
