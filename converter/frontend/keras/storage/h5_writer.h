// TEST ONLY. H5Writer writes small HDF5 files the way h5py does, so tests across the project can make
// Keras .h5 files, Keras 3 model.weights.h5 files and .keras archives without Python.
//
//   absl::StatusOr<H5Writer> w = H5Writer::Create(path);
//   w->CreateGroup("/model_weights/dense");
//   w->SetStringAttribute("/", "keras_version", "2.4.0");
//   w->WriteDataset("/model_weights/dense/dense/kernel:0", Tensor::FromVector<float>({2, 1}, {1, 2}));
//   w->Close();
//
//   // A Keras 2 model file like tf.keras 2.x writes it:
//   WriteKerasH5(path, config_json, {{"input_1", {}}, {"dense", {{"kernel", k}, {"bias", b}}}});
//   // A Keras 3 .keras archive:
//   absl::StatusOr<std::string> weights = KerasV3WeightsImage({{"layers/dense", {k, b}}});
//   WriteKerasArchive(path, config_json, *weights, R"({"keras_version": "3.3.3"})");
#ifndef TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_H5_WRITER_H_
#define TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_H5_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "converter/graph/tensor.h"

namespace tfconv {

struct H5WriterOptions {
  uint64_t user_block_size = 0;       // 0, or a power of two >= 512: the superblock then starts there
  bool track_creation_order = false;  // h5py's track_order=True (off by default, as in h5py)
};

struct H5DatasetOptions {
  bool big_endian = false;  // store numbers big-endian (readers must convert)
  bool chunked = false;     // chunked layout (one chunk) instead of contiguous
  bool deflate = false;     // gzip-compress (implies chunked)
};

class H5Writer {
 public:
  static absl::StatusOr<H5Writer> Create(const std::string& path, const H5WriterOptions& options = {});  // truncates
  // A file kept in memory; Image() gives its bytes.
  static absl::StatusOr<H5Writer> CreateInMemory(const H5WriterOptions& options = {});

  H5Writer(H5Writer&& other) noexcept;
  H5Writer& operator=(H5Writer&& other) noexcept;
  ~H5Writer();  // closes the file if Close() was not called

  // Creates a group and its missing parents; an existing group is fine.
  absl::Status CreateGroup(const std::string& path);
  // A scalar string attribute: variable-length UTF-8 (h5py's str), or fixed-length ASCII, null-padded.
  absl::Status SetStringAttribute(const std::string& object_path, const std::string& attr, const std::string& value,
                                  bool variable_length = true);
  // A 1-D fixed-length, null-padded ASCII string array, as h5py writes numpy bytes arrays (Keras 2's
  // `layer_names`, `weight_names`). An empty list is written as h5py writes `np.asarray([])`: an empty
  // float64 array.
  absl::Status SetStringListAttribute(const std::string& object_path, const std::string& attr,
                                      const std::vector<std::string>& values);
  // Writes a tensor, creating missing parent groups; names may contain ':'. Numbers are stored
  // little-endian (unless asked otherwise), bool as h5py's enum {FALSE = 0, TRUE = 1} of int8, float16
  // as IEEE half; bfloat16 as Keras 3 does: 2-byte opaque data with the attribute dtype="bfloat16".
  absl::Status WriteDataset(const std::string& path, const Tensor& value, const H5DatasetOptions& options = {});
  // Flushes and returns the bytes of an in-memory file (the file stays open).
  absl::StatusOr<std::string> Image();
  absl::Status Close();

  struct State;

 private:
  explicit H5Writer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// One layer of a Keras 2 .h5 file. Weight names are the variable names ("kernel"), stored as
// "<layer>/<name>:0"; a name that already holds a '/' ("inner/kernel", as in nested models) is kept as
// given, so the dataset lands at /model_weights/<layer>/<name>:0.
struct KerasH5Layer {
  std::string name;
  std::vector<std::pair<std::string, Tensor>> weights;
};

// A Keras 2 model file as tf.keras 2.x writes it: root attributes model_config (the JSON text),
// keras_version and backend; /model_weights with layer_names (every layer, in config order, also those
// without weights; split into layer_names0, layer_names1, ... past 64 KiB as Keras does), backend and
// keras_version; per layer a group with weight_names and the datasets.
absl::Status WriteKerasH5(const std::string& path, const std::string& model_config_json,
                          const std::vector<KerasH5Layer>& layers, const std::string& keras_version = "2.4.0");

// One saveable's variables in a Keras 3 weights file: `path` is the object path of Keras 3's
// saving_lib ("layers/conv2d", "layers/functional/layers/dense", "optimizer", or "" for the model
// itself); the values go to <path>/vars/0, /vars/1, ... When `name` is set, the vars group gets the
// attribute name=<name>, which newer Keras 3 versions write (the layer's own name).
struct KerasV3Vars {
  std::string path;
  std::vector<Tensor> values;
  std::string name;
};

// A Keras 3 model.weights.h5 (H5IOStore layout) at `path`, or in memory.
absl::Status WriteKerasV3Weights(const std::string& path, const std::vector<KerasV3Vars>& entries);
absl::StatusOr<std::string> KerasV3WeightsImage(const std::vector<KerasV3Vars>& entries);

// A zip archive of (name, bytes) entries in the given order; stored uncompressed, as Python's zipfile
// (and so Keras) does, unless `deflate`.
absl::Status WriteZip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries,
                      bool deflate = false);

// A Keras 3 .keras archive: metadata.json, config.json and model.weights.h5, in the order Keras writes them.
absl::Status WriteKerasArchive(const std::string& path, const std::string& config_json,
                               const std::string& weights_h5_bytes, const std::string& metadata_json);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_H5_WRITER_H_
