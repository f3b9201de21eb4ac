#include "quantization/float16.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "converter/tflite/op_version.h"
#include "quantization/quant_utils.h"
#include "quantization/weight_rewrite.h"

namespace tfconv {

uint16_t ClampedHalf(float value) {
  constexpr float kMaxHalf = 65504.0f;
  if (std::isnan(value)) return FloatToHalf(value);
  return FloatToHalf(std::clamp(value, -kMaxHalf, kMaxHalf));
}

namespace {

void RunSubgraph(TflModel& model, TflSubgraph& g, const Denylist& deny, std::vector<int>& buffer_uses,
                 QuantizeReport& report) {
  const std::vector<std::vector<TensorUse>> readers = ReadersOf(g);
  std::vector<bool> op_denied(g.operators.size());
  for (size_t o = 0; o < g.operators.size(); ++o) {
    op_denied[o] = deny.MatchesOperator(g, g.operators[o]);
    if (op_denied[o]) report.float_operators.push_back(OperatorLabel(model, g, g.operators[o]) + " (matches the denylist)");
  }
  // Constants in order of first read, so the DEQUANTIZEs come out in the official order.
  std::vector<int> order;
  std::vector<bool> seen(g.tensors.size(), false);
  for (const TflOperator& op : g.operators) {
    for (int t : op.inputs) {
      if (t < 0 || static_cast<size_t>(t) >= g.tensors.size() || seen[t]) continue;
      seen[t] = true;
      order.push_back(t);
    }
  }
  OperatorInserter inserter;
  for (int t : order) {
    std::optional<std::vector<float>> values = WeightFloatValues(model, g.tensors[t]);
    if (!values.has_value() || deny.MatchesTensor(g.tensors[t])) continue;
    std::vector<TensorUse> users;
    for (const TensorUse& u : readers[t]) {
      if (!op_denied[u.op]) users.push_back(u);
    }
    if (users.empty()) continue;
    std::vector<uint16_t> half(values->size());
    for (size_t i = 0; i < half.size(); ++i) half[i] = ClampedHalf((*values)[i]);

    int target = t;
    if (users.size() < readers[t].size() || IsGraphInputOrOutput(g, t)) {
      // Float readers remain: the float16 copy is a new tensor.
      TflTensor copy;
      copy.name = g.tensors[t].name + "_fp16";
      copy.shape = g.tensors[t].shape;
      copy.shape_signature = g.tensors[t].shape_signature;
      copy.has_rank = g.tensors[t].has_rank;
      target = g.AddTensor(std::move(copy));
    }
    TflTensor& w = g.tensors[target];
    w.type = tflite::TensorType::FLOAT16;
    w.quantization.reset();
    SetTensorData(model, buffer_uses, w, ByteBuffer::Copy(half.data(), half.size() * sizeof(uint16_t)));
    const int dq = AddDequantize(model, g, target, users.front().op, inserter);
    for (const TensorUse& u : users) g.operators[u.op].inputs[u.input] = dq;
  }
  inserter.Apply(g);
}

}  // namespace

absl::StatusOr<QuantizeReport> QuantizeFloat16(TflModel& model, const QuantizeOptions& options) {
  absl::StatusOr<Denylist> deny = Denylist::Create(options.denylist_regex);
  if (!deny.ok()) return deny.status();
  QuantizeReport report;
  std::vector<int> buffer_uses = BufferUseCounts(model);
  for (TflSubgraph& g : model.subgraphs) RunSubgraph(model, g, *deny, buffer_uses, report);
  AssignOperatorVersions(model);
  return report;
}

}  // namespace tfconv
