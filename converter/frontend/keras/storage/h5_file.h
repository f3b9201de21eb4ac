// H5File: read-only access to an HDF5 file (a Keras .h5 model, or the model.weights.h5 inside a
// .keras archive) over Debian's libhdf5. Every failure is an absl::Status naming the file, the object
// and what was expected; libhdf5's own error printing is switched off.
//
//   absl::StatusOr<H5File> f = H5File::Open("model.h5");
//   if (!f.ok()) return f.status();
//   absl::StatusOr<std::string> version = f->StringAttribute("/", "keras_version");            // "2.4.0"
//   absl::StatusOr<std::vector<std::string>> layers = f->StringListAttribute("/model_weights", "layer_names");
//   absl::StatusOr<Tensor> kernel = f->ReadDataset("/model_weights/conv2d/conv2d/kernel:0");   // float32[3,3,3,16]
//
// Paths are absolute or relative to the root ("a/b" is "/a/b"); '/' separates groups, every other
// character (':' in Keras weight names) belongs to the name. Tensors read from contiguous, native-order
// datasets share the file's bytes (the file is memory-mapped) and stay valid after the H5File is gone.
// One H5File may be used from several threads: libhdf5 (Debian builds it thread-safe) serializes calls.
//
// Damaged files: libhdf5 1.10 crashes or hangs on some (it trusts sizes stored in the file). Before it
// decodes a group's members, a dataset or a variable-length string, H5File checks those structures
// itself (internal/h5_guard.h) and reads through its own bounds-checked memory driver; fuzzing found no
// crash left. Not pre-checked: groups with dense link storage (new-style groups of more than 8 links,
// which h5py only writes with track_order=True); variable-length attributes kept in dense storage are
// refused (Unimplemented). Chunked datasets whose chunk is larger than the dataset are refused.
#ifndef TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_H5_FILE_H_
#define TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_H5_FILE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/graph/tensor.h"

namespace tfconv {

class H5File {
 public:
  static absl::StatusOr<H5File> Open(const std::string& path);
  // An HDF5 file held in memory (the model.weights.h5 of a .keras archive); `name` is used in messages.
  static absl::StatusOr<H5File> OpenImage(std::string bytes, const std::string& name);

  H5File(H5File&& other) noexcept;
  H5File& operator=(H5File&& other) noexcept;
  H5File(const H5File&) = delete;
  H5File& operator=(const H5File&) = delete;
  ~H5File();

  // True when `path` names a group or a dataset ("/" always exists).
  bool Exists(const std::string& path) const;
  bool IsGroup(const std::string& path) const;
  bool IsDataset(const std::string& path) const;
  // The names of a group's members, in creation order when the file tracks it, else in name order.
  absl::StatusOr<std::vector<std::string>> Children(const std::string& group_path) const;

  bool HasAttribute(const std::string& object_path, const std::string& attr) const;
  // A string attribute: scalar (or a 1-element array), fixed- or variable-length, ASCII or UTF-8. Trailing
  // NULs of fixed-length strings are stripped.
  absl::StatusOr<std::string> StringAttribute(const std::string& object_path, const std::string& attr) const;
  // A 1-D array of strings, fixed- or variable-length. An empty array of any type is an empty list (h5py
  // writes Keras' empty `weight_names` as an empty float64 array); a scalar string is a 1-element list.
  absl::StatusOr<std::vector<std::string>> StringListAttribute(const std::string& object_path,
                                                               const std::string& attr) const;
  // A string list Keras 2 may have split into `attr0`, `attr1`, ... because an HDF5 object header holds at
  // most 64 KiB (a model with thousands of layers): `attr` when present, else the chunks concatenated.
  absl::StatusOr<std::vector<std::string>> ChunkedStringListAttribute(const std::string& object_path,
                                                                      const std::string& attr) const;

  // A dataset as a tensor: float16/32/64, bfloat16 (Keras 3 marks it with a `dtype` attribute), int8..64,
  // uint8..64 and bool (h5py's enum of int8 {FALSE, TRUE}). A scalar dataset gives a rank-0 tensor;
  // big-endian data is converted to native order.
  absl::StatusOr<Tensor> ReadDataset(const std::string& path) const;

  // The file's name for messages (the path given to Open, or the name given to OpenImage).
  const std::string& name() const;

  struct State;  // the open file and the bytes it lives in

 private:
  explicit H5File(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_H5_FILE_H_
