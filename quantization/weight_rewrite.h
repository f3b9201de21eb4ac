// Graph edits shared by the weight-only quantization modes (dynamic range, float16): who reads a
// tensor, the --quantize_denylist match, rewriting a constant's bytes without touching tensors that
// share its buffer, and DEQUANTIZE operators placed before their first reader.
//
//   absl::StatusOr<Denylist> deny = Denylist::Create(options.denylist_regex);
//   std::vector<std::vector<TensorUse>> readers = ReadersOf(graph);
//   std::vector<int> buffer_uses = BufferUseCounts(model);
//   OperatorInserter inserter;
//   int dq = AddDequantize(model, graph, weight, /*before=*/first_reader, inserter);
//   inserter.Apply(graph);     // operator indices shift only here
#ifndef TFCONV_QUANTIZATION_WEIGHT_REWRITE_H_
#define TFCONV_QUANTIZATION_WEIGHT_REWRITE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"

namespace re2 {
class RE2;
}

namespace tfconv {

// One operator input that reads a tensor.
struct TensorUse {
  int op = 0;
  int input = 0;
};
// Per tensor of `graph`, the operator inputs that read it, in operator then input order.
std::vector<std::vector<TensorUse>> ReadersOf(const TflSubgraph& graph);

// Per buffer of `model`, how many tensors (over all subgraphs) point to it.
std::vector<int> BufferUseCounts(const TflModel& model);

// True for a tensor the graph's inputs or outputs name: it must keep its type and index.
bool IsGraphInputOrOutput(const TflSubgraph& graph, int tensor);

// The --quantize_denylist pattern: partial match (RE2::PartialMatch) on tensor names; an operator
// matches when one of its output tensors does.
class Denylist {
 public:
  // An empty pattern matches nothing. A pattern RE2 rejects is an error naming it.
  static absl::StatusOr<Denylist> Create(const std::string& pattern);
  bool MatchesTensor(const TflTensor& tensor) const;
  bool MatchesOperator(const TflSubgraph& graph, const TflOperator& op) const;
  const std::string& pattern() const { return pattern_; }

 private:
  std::string pattern_;
  std::shared_ptr<const re2::RE2> re_;
};

// A float32 constant's values (copied: buffers need not be aligned), or nullopt when the tensor is
// not a dense float32 constant whose buffer holds exactly its elements.
// (Not "ConstantFloats": converter/optimize/graph_view.h has one of that signature, and the
// converter links both.)
std::optional<std::vector<float>> WeightFloatValues(const TflModel& model, const TflTensor& tensor);
int64_t ElementCount(const TflTensor& tensor);

// Gives `tensor` new data: rewrites its buffer when no other tensor uses it, else points it to a new
// buffer (and updates `buffer_uses`).
void SetTensorData(TflModel& model, std::vector<int>& buffer_uses, TflTensor& tensor, ByteBuffer bytes);

// Operators to insert, applied at once so that operator indices stay valid while planning. Each goes
// before the operator that was at `before` (the end for `before` == operator count); several at one
// place keep the order they were added in.
class OperatorInserter {
 public:
  void InsertBefore(int before, TflOperator op) { pending_.push_back({before, std::move(op)}); }
  bool empty() const { return pending_.empty(); }
  void Apply(TflSubgraph& graph);

 private:
  std::vector<std::pair<int, TflOperator>> pending_;
};

// Adds a float32 tensor `<name>_dequantize` (the official name) with `source`'s shape, and a
// DEQUANTIZE source -> it, inserted before operator `before`. Returns the new tensor's index.
int AddDequantize(TflModel& model, TflSubgraph& graph, int source, int before, OperatorInserter& inserter);

// "CONV_2D 'output name'" for reports.
std::string OperatorLabel(const TflModel& model, const TflSubgraph& graph, const TflOperator& op);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_WEIGHT_REWRITE_H_
