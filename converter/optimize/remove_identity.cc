#include "converter/optimize/remove_identity.h"

#include <optional>
#include <vector>

#include "converter/optimize/graph_view.h"

namespace tfconv {
namespace {

using B = tflite::BuiltinOperator;

bool Unquantized(const TflTensor& t) {
  return (!t.quantization.has_value() || t.quantization->empty()) && !t.sparsity.has_value() && !t.is_variable;
}

// The operator's data input and output agree in type and static shape.
bool SameTypeAndShape(const TflSubgraph& g, const TflOperator& op) {
  if (op.inputs.empty() || op.outputs.size() != 1 || op.inputs[0] < 0 || op.outputs[0] < 0) return false;
  const TflTensor& x = g.tensors[op.inputs[0]];
  const TflTensor& y = g.tensors[op.outputs[0]];
  if (x.type != y.type || !Unquantized(x) || !Unquantized(y)) return false;
  std::optional<std::vector<int32_t>> xs = StaticShape(x), ys = StaticShape(y);
  return xs.has_value() && xs == ys;
}

bool IsIdentityPermutation(const TflModel& model, const TflSubgraph& g, const TflOperator& op) {
  if (op.inputs.size() != 2 || op.inputs[1] < 0) return false;
  std::optional<std::vector<int64_t>> perm = ConstantInts(model, g.tensors[op.inputs[1]]);
  if (!perm.has_value() || perm->size() != g.tensors[op.inputs[0]].shape.size()) return false;
  for (size_t i = 0; i < perm->size(); ++i) {
    if ((*perm)[i] != static_cast<int64_t>(i)) return false;
  }
  return true;
}

int RemoveInSubgraph(TflModel& model, int s, B kind) {
  TflSubgraph& g = model.subgraphs[s];
  const GraphView view(model, s);
  const size_t n = g.operators.size();
  std::vector<bool> dead(n, false), touched(n, false);
  int removed = 0;
  for (size_t i = 0; i < n; ++i) {
    const TflOperator& op = g.operators[i];
    if (BuiltinOf(model, op) != kind || !SameTypeAndShape(g, op)) continue;
    if (kind == B::TRANSPOSE && !IsIdentityPermutation(model, g, op)) continue;
    const int32_t x = op.inputs[0], y = op.outputs[0];
    if (!view.pinned(y)) {
      ReplaceReads(g, y, x);
    } else {
      // y keeps its index and name: x's producer writes y directly.
      const int p = view.producer(x);
      if (p < 0 || touched[p] || !view.SoleReaderIs(x, static_cast<int>(i))) continue;
      for (int32_t& out : g.operators[p].outputs) {
        if (out == x) out = y;
      }
      touched[p] = true;
    }
    dead[i] = touched[i] = true;
    ++removed;
  }
  if (removed > 0) EraseOperators(g, dead);
  return removed;
}

int RemoveAll(TflModel& model, B kind) {
  int removed = 0;
  for (size_t s = 0; s < model.subgraphs.size(); ++s) removed += RemoveInSubgraph(model, static_cast<int>(s), kind);
  return removed;
}

}  // namespace

int RemoveIdentityReshapes(TflModel& model) { return RemoveAll(model, B::RESHAPE); }
int RemoveIdentityTransposes(TflModel& model) { return RemoveAll(model, B::TRANSPOSE); }

}  // namespace tfconv
