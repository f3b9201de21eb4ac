// Writes a TensorFlow checkpoint (tensor bundle) the way TF's BundleWriter does: one data shard
// `PREFIX.data-00000-of-00001` in the order tensors are added, and `PREFIX.index`, a LevelDB table
// (TF's block size and restart interval, keys sorted, the BundleHeaderProto under the empty key).
// Test-only: for tests and for the synthetic SavedModel tool.
//
//   absl::StatusOr<std::unique_ptr<CheckpointWriter>> w = CheckpointWriter::Create(dir +
//   "/variables/variables");
//   (*w)->Add("a", Tensor::Scalar<float>(0.5f));
//   // Large tensors are streamed, never held in memory whole:
//   (*w)->BeginTensor("big", DataType::kFloat, {1 << 28});
//   for (...) (*w)->Append(chunk.data(), chunk.size() * sizeof(float));
//   (*w)->EndTensor();
//   absl::Status s = (*w)->Finish();   // writes the index; nothing is readable before
#ifndef TFCONV_CONVERTER_FRONTEND_CHECKPOINT_CHECKPOINT_WRITER_H_
#define TFCONV_CONVERTER_FRONTEND_CHECKPOINT_CHECKPOINT_WRITER_H_

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "converter/graph/dtype.h"
#include "converter/graph/tensor.h"
#include "converter/proto/tensor_bundle.pb.h"

namespace tfconv {

struct CheckpointWriterOptions {
  // Each tensor starts at a multiple of this many bytes (zero padding); TF's default is 1.
  int data_alignment = 1;
  // Snappy-compress index blocks where that saves at least 1/8, as older TF releases did (the
  // current BundleWriter writes them uncompressed).
  bool snappy_index = false;
};

class CheckpointWriter {
 public:
  static absl::StatusOr<std::unique_ptr<CheckpointWriter>> Create(
      const std::string& prefix, CheckpointWriterOptions options = {});
  ~CheckpointWriter();
  CheckpointWriter(const CheckpointWriter&) = delete;
  CheckpointWriter& operator=(const CheckpointWriter&) = delete;

  // A numeric tensor (raw little-endian bytes) or a string tensor (TF's string layout).
  absl::Status Add(const std::string& key, const Tensor& tensor);

  // A numeric tensor streamed in pieces; EndTensor checks the byte count against the shape.
  absl::Status BeginTensor(const std::string& key, DataType dtype, std::vector<int64_t> shape);
  absl::Status Append(const void* data, size_t size);
  absl::Status EndTensor();

  // An index entry exactly as given, with no data written (tests: sliced variables, wrong
  // offsets, unsupported dtypes).
  absl::Status AddEntry(const std::string& key, const tensorflow::BundleEntryProto& entry);

  // Closes the data shard and writes the index.
  absl::Status Finish();

 private:
  CheckpointWriter(std::string prefix, CheckpointWriterOptions options, std::FILE* data)
      : prefix_(std::move(prefix)), options_(options), data_(data) {}
  absl::Status CheckNewKey(const std::string& key) const;
  absl::Status Write(const void* data, size_t size);
  absl::Status Pad();

  std::string prefix_;
  CheckpointWriterOptions options_;
  std::FILE* data_;
  uint64_t position_ = 0;
  std::map<std::string, tensorflow::BundleEntryProto> entries_;
  // The tensor being streamed (BeginTensor..EndTensor).
  bool streaming_ = false;
  std::string stream_key_;
  uint64_t stream_expected_ = 0;
  uint64_t stream_written_ = 0;
  uint32_t stream_crc_ = 0;
  bool finished_ = false;
};

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_CHECKPOINT_CHECKPOINT_WRITER_H_
