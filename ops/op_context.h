// What an op plugin sees of one TF node, at each of the three stages it takes part in:
//   InferenceContext  shape/type inference (and constant inputs, when known)
//   EvalContext       the op's TF reference semantics on host tensors (constant folding, and the
//                     source-graph evaluator that validation compares against)
//   LoweringContext   emitting TFLite operators for the node into the model being built
//
//   absl::Status InferRelu(InferenceContext& c) {
//     c.set_output(0, c.input_type(0), c.input_shape(0));
//     return absl::OkStatus();
//   }
//   absl::Status LowerRelu(LoweringContext& c) {
//     ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));   // (spelled out in real code)
//     ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
//     c.AddBuiltinOp(tflite::BuiltinOperator::RELU, {in}, {out});
//     return absl::OkStatus();
//   }
#ifndef TFCONV_OPS_OP_CONTEXT_H_
#define TFCONV_OPS_OP_CONTEXT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "converter/graph/graph.h"
#include "converter/tflite/model_ir.h"

namespace tfconv {

// An error about `node` that names it and its op: "node 'conv1' (Conv2D): <message>".
absl::Status NodeError(const Node& node, absl::string_view message);
// The same, with code kUnimplemented: the converter collects these into its one report of
// unsupported nodes instead of stopping at the first.
absl::Status NodeUnsupported(const Node& node, absl::string_view reason);

class InferenceContext {
 public:
  explicit InferenceContext(Node& node) : node_(node) {}

  const Node& node() const { return node_; }
  int num_inputs() const { return node_.num_inputs(); }
  DataType input_type(int i) const;
  const PartialShape& input_shape(int i) const;
  const Tensor* input_value(int i) const;  // the constant value, or nullptr if not known
  void set_output(int i, DataType type, PartialShape shape);
  // Declares output i a known constant (its dtype and shape follow the value). For ops whose result
  // follows from static shapes alone (Shape, Size, Rank), so they fold even when their input is not
  // constant.
  void set_output_value(int i, Tensor value);
  absl::Status Error(absl::string_view message) const { return NodeError(node_, message); }

 private:
  Node& node_;
};

class EvalContext {
 public:
  EvalContext(const Node& node, absl::Span<const Tensor> inputs) : node_(node), inputs_(inputs) {}
  const Node& node() const { return node_; }
  int num_inputs() const { return static_cast<int>(inputs_.size()); }
  const Tensor& input(int i) const { return inputs_[i]; }
  absl::Span<const Tensor> inputs() const { return inputs_; }
  absl::Status Error(absl::string_view message) const { return NodeError(node_, message); }

 private:
  const Node& node_;
  absl::Span<const Tensor> inputs_;
};

// Options of the conversion that a lowering may consult.
struct LoweringOptions {
  bool allow_custom_ops = false;
  bool allow_select_tf_ops = false;
};

// Implemented by the converter; a plugin only calls it.
class LoweringContext {
 public:
  virtual ~LoweringContext() = default;

  virtual const Node& node() const = 0;
  virtual const LoweringOptions& options() const = 0;
  int num_inputs() const { return node().num_inputs(); }
  int num_outputs() const { return node().num_outputs(); }
  DataType input_type(int i) const;
  const PartialShape& input_shape(int i) const;
  const Tensor* input_value(int i) const;
  DataType output_type(int i) const;
  const PartialShape& output_shape(int i) const;

  // The TFLite tensor that holds TF input i; a constant input becomes a buffer-backed tensor.
  virtual absl::StatusOr<int32_t> InputTensor(int i) = 0;
  // The TFLite tensor that stands for TF output i, created on first use with the inferred type and
  // shape and named after the TF tensor.
  virtual absl::StatusOr<int32_t> OutputTensor(int i) = 0;
  // Makes TF output i be an existing TFLite tensor (identity-like ops emit nothing).
  virtual absl::Status ForwardOutput(int i, int32_t tensor) = 0;
  // A new constant tensor named "<node>/<suffix>".
  virtual int32_t AddConstTensor(const Tensor& value, absl::string_view suffix) = 0;
  // A new activation tensor named "<node>/<suffix>"; unknown dims (-1) go to shape_signature.
  virtual int32_t AddTensor(DataType type, const PartialShape& shape, absl::string_view suffix) = 0;
  virtual void AddBuiltinOp(tflite::BuiltinOperator op, std::vector<int32_t> inputs,
                            std::vector<int32_t> outputs,
                            tflite::BuiltinOptionsUnion options = {}) = 0;
  virtual void AddCustomOp(const std::string& custom_code, std::vector<int32_t> inputs,
                           std::vector<int32_t> outputs, std::vector<uint8_t> custom_options) = 0;
  // Direct access for adjustments (quantization parameters, shape signature).
  virtual TflTensor& tensor(int32_t index) = 0;

  absl::Status Error(absl::string_view message) const { return NodeError(node(), message); }
  absl::Status Unsupported(absl::string_view reason) const { return NodeUnsupported(node(), reason); }
};

}  // namespace tfconv

#endif  // TFCONV_OPS_OP_CONTEXT_H_
