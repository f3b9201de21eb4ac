// What the optimizer's rewrites ask of one subgraph of the TFLite model IR: who produces and who
// reads each tensor, which tensors must keep their identity (subgraph inputs/outputs, signature
// tensors), typed access to constant float data and to an operator's fused activation. Internal to
// converter/optimize.
//
//   GraphView view(model, /*subgraph=*/0);
//   int producer = view.producer(t);                 // operator index or -1
//   if (view.SoleReaderIs(t, op_index)) ...          // read once, by that op, and not pinned
//   std::optional<std::vector<float>> k = ConstantFloats(model, g.tensors[t]);
//   tflite::ActivationFunctionType* act = FusedActivationOf(model, op, /*create=*/true);
#ifndef TFCONV_CONVERTER_OPTIMIZE_GRAPH_VIEW_H_
#define TFCONV_CONVERTER_OPTIMIZE_GRAPH_VIEW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "converter/tflite/model_ir.h"

namespace tfconv {

class GraphView {
 public:
  // `model` must have passed CheckModelStructure (indices in range).
  GraphView(const TflModel& model, int subgraph);

  int producer(int tensor) const { return producer_[tensor]; }
  int readers(int tensor) const { return readers_[tensor]; }
  // A subgraph input or output, or a tensor a SignatureDef names: its index and name stay.
  bool pinned(int tensor) const { return pinned_[tensor]; }
  // True when `op` is the only reader of `tensor` (reading it once) and the tensor is not pinned,
  // so the tensor may disappear when `op` is folded away.
  bool SoleReaderIs(int tensor, int op) const;

 private:
  std::vector<int> producer_;
  std::vector<int> readers_;
  std::vector<bool> pinned_;
  std::vector<int> last_reader_;
};

tflite::BuiltinOperator BuiltinOf(const TflModel& model, const TflOperator& op);

// A float32 tensor without quantization or sparsity (what the float rewrites may touch).
bool IsPlainFloat(const TflTensor& t);
// The tensor's shape when fully known and static (rank known, no -1 in shape or signature).
std::optional<std::vector<int32_t>> StaticShape(const TflTensor& t);
int64_t NumElements(const std::vector<int32_t>& shape);

// The constant's bytes, or null for a non-constant (no buffer, empty buffer, or a variable).
const ByteBuffer* ConstantBytes(const TflModel& model, const TflTensor& t);
// The values of a plain float32 constant whose buffer holds exactly its static shape's elements.
std::optional<std::vector<float>> ConstantFloats(const TflModel& model, const TflTensor& t);
// The values of an int32 or int64 constant as int64.
std::optional<std::vector<int64_t>> ConstantInts(const TflModel& model, const TflTensor& t);

// A new constant float32 tensor of `shape` in subgraph `g` holding `values` in a new buffer (never
// one another tensor shares: copy on write).
int32_t AddFloatConstant(TflModel& model, TflSubgraph& g, std::string name, std::vector<int32_t> shape,
                         const std::vector<float>& values);

// The same for an int32 constant (a RESHAPE shape).
int32_t AddInt32Constant(TflModel& model, TflSubgraph& g, std::string name, std::vector<int32_t> shape,
                         const std::vector<int32_t>& values);

// The fused-activation field of an operator that has one (CONV_2D, DEPTHWISE_CONV_2D,
// FULLY_CONNECTED, ADD, SUB, MUL, DIV, AVERAGE_POOL_2D, MAX_POOL_2D, CONCATENATION); null for other
// operators or options of another type. With `create`, missing options (which mean the defaults)
// are created first.
tflite::ActivationFunctionType* FusedActivationOf(const TflModel& model, TflOperator& op, bool create);
// The same, read only; NONE when the options are absent, nullopt when the op has no such field.
std::optional<tflite::ActivationFunctionType> FusedActivation(const TflModel& model, const TflOperator& op);

// Replaces every read of tensor `from` by operators of `g` with `to`.
void ReplaceReads(TflSubgraph& g, int32_t from, int32_t to);
// Erases the operators whose `dead` flag is set, keeping the order of the others.
void EraseOperators(TflSubgraph& g, const std::vector<bool>& dead);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_OPTIMIZE_GRAPH_VIEW_H_
