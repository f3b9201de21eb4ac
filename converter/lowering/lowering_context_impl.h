// ModelBuilder: the converter's side of LoweringContext. It owns the TFLite model being built and
// the map from TF tensors (node, output index) to TFLite tensor indices. Internal to lowering.
#ifndef TFCONV_CONVERTER_LOWERING_LOWERING_CONTEXT_IMPL_H_
#define TFCONV_CONVERTER_LOWERING_LOWERING_CONTEXT_IMPL_H_

#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "converter/graph/graph.h"
#include "converter/tflite/model_ir.h"
#include "ops/op_context.h"

namespace tfconv {

class ModelBuilder {
 public:
  explicit ModelBuilder(LoweringOptions options);

  TflModel& model() { return model_; }
  TflSubgraph& subgraph() { return model_.subgraphs[0]; }
  const LoweringOptions& options() const { return options_; }

  // The TFLite tensor bound to a TF tensor, or -1.
  int32_t Find(Output o) const;
  void Bind(Output o, int32_t tensor) { tensors_[Key(o)] = tensor; }
  // A new activation tensor; -1 dims become 1 in `shape` and stay -1 in `shape_signature`; an
  // unknown rank becomes an empty shape.
  absl::StatusOr<int32_t> NewTensor(const std::string& name, DataType type, const PartialShape& shape);
  // A new constant tensor backed by a buffer (shared with equal-storage constants).
  absl::StatusOr<int32_t> NewConstTensor(const std::string& name, const Tensor& value);
  // The tensor for a TF tensor: bound already, or a constant materialized from its known value.
  absl::StatusOr<int32_t> TensorFor(Output o);
  // The name a TF tensor's TFLite tensor gets (the user's name for model inputs/outputs).
  void SetPreferredName(Output o, std::string name) { names_[Key(o)] = std::move(name); }
  std::string NameFor(Output o) const;

 private:
  static std::pair<const Node*, int> Key(Output o) { return {o.node, o.index}; }

  LoweringOptions options_;
  TflModel model_;
  absl::flat_hash_map<std::pair<const Node*, int>, int32_t> tensors_;
  absl::flat_hash_map<std::pair<const Node*, int>, std::string> names_;
  // Constants that share storage share one buffer.
  absl::flat_hash_map<const uint8_t*, std::pair<size_t, uint32_t>> buffer_of_storage_;
};

// The LoweringContext a plugin receives for one node.
class NodeLoweringContext : public LoweringContext {
 public:
  NodeLoweringContext(ModelBuilder& builder, const Node& node) : builder_(builder), node_(node) {}

  const Node& node() const override { return node_; }
  const LoweringOptions& options() const override { return builder_.options(); }
  absl::StatusOr<int32_t> InputTensor(int i) override;
  absl::StatusOr<int32_t> OutputTensor(int i) override;
  absl::Status ForwardOutput(int i, int32_t tensor) override;
  int32_t AddConstTensor(const Tensor& value, absl::string_view suffix) override;
  int32_t AddTensor(DataType type, const PartialShape& shape, absl::string_view suffix) override;
  void AddBuiltinOp(tflite::BuiltinOperator op, std::vector<int32_t> inputs,
                    std::vector<int32_t> outputs, tflite::BuiltinOptionsUnion options) override;
  void AddCustomOp(const std::string& custom_code, std::vector<int32_t> inputs,
                   std::vector<int32_t> outputs, std::vector<uint8_t> custom_options) override;
  TflTensor& tensor(int32_t index) override;

  // First error from a call that cannot return a status (AddConstTensor, AddTensor).
  const absl::Status& deferred_error() const { return deferred_error_; }

 private:
  ModelBuilder& builder_;
  const Node& node_;
  absl::Status deferred_error_;
};

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_LOWERING_LOWERING_CONTEXT_IMPL_H_
