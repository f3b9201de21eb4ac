#include "quantization/weight_rewrite.h"

#include <algorithm>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "re2/re2.h"

namespace tfconv {

std::vector<std::vector<TensorUse>> ReadersOf(const TflSubgraph& graph) {
  std::vector<std::vector<TensorUse>> readers(graph.tensors.size());
  for (size_t o = 0; o < graph.operators.size(); ++o) {
    const TflOperator& op = graph.operators[o];
    for (size_t i = 0; i < op.inputs.size(); ++i) {
      const int t = op.inputs[i];
      if (t < 0 || static_cast<size_t>(t) >= readers.size()) continue;
      readers[t].push_back({static_cast<int>(o), static_cast<int>(i)});
    }
  }
  return readers;
}

std::vector<int> BufferUseCounts(const TflModel& model) {
  std::vector<int> uses(model.buffers.size(), 0);
  for (const TflSubgraph& g : model.subgraphs) {
    for (const TflTensor& t : g.tensors) {
      if (t.buffer < uses.size()) ++uses[t.buffer];
    }
  }
  return uses;
}

bool IsGraphInputOrOutput(const TflSubgraph& graph, int tensor) {
  return std::find(graph.inputs.begin(), graph.inputs.end(), tensor) != graph.inputs.end() ||
         std::find(graph.outputs.begin(), graph.outputs.end(), tensor) != graph.outputs.end();
}

absl::StatusOr<Denylist> Denylist::Create(const std::string& pattern) {
  Denylist d;
  d.pattern_ = pattern;
  if (pattern.empty()) return d;
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const re2::RE2>(pattern, options);
  if (!re->ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--quantize_denylist '", pattern,
                                                   "' is not a valid RE2 pattern: ", re->error(),
                                                   "; fix the pattern (syntax: github.com/google/re2/wiki/Syntax)"));
  }
  d.re_ = std::move(re);
  return d;
}

bool Denylist::MatchesTensor(const TflTensor& tensor) const {
  return re_ != nullptr && RE2::PartialMatch(tensor.name, *re_);
}

bool Denylist::MatchesOperator(const TflSubgraph& graph, const TflOperator& op) const {
  if (re_ == nullptr) return false;
  for (int t : op.outputs) {
    if (t >= 0 && static_cast<size_t>(t) < graph.tensors.size() && MatchesTensor(graph.tensors[t])) return true;
  }
  return false;
}

int64_t ElementCount(const TflTensor& tensor) {
  int64_t n = 1;
  for (int32_t d : tensor.shape) {
    if (d < 0) return -1;
    n *= d;
  }
  return n;
}

std::optional<std::vector<float>> WeightFloatValues(const TflModel& model, const TflTensor& tensor) {
  if (tensor.type != tflite::TensorType::FLOAT32 || tensor.is_variable || tensor.sparsity.has_value()) {
    return std::nullopt;
  }
  if (tensor.buffer == 0 || tensor.buffer >= model.buffers.size()) return std::nullopt;
  const ByteBuffer& bytes = model.buffers[tensor.buffer].data;
  const int64_t n = ElementCount(tensor);
  if (n < 0 || bytes.empty() || bytes.size() != static_cast<size_t>(n) * sizeof(float)) return std::nullopt;
  std::vector<float> values(n);
  if (n > 0) std::memcpy(values.data(), bytes.data(), bytes.size());
  return values;
}

void SetTensorData(TflModel& model, std::vector<int>& buffer_uses, TflTensor& tensor, ByteBuffer bytes) {
  const uint32_t old = tensor.buffer;
  if (old != 0 && old < model.buffers.size() && old < buffer_uses.size() && buffer_uses[old] == 1) {
    model.buffers[old].data = std::move(bytes);
    return;
  }
  if (old < buffer_uses.size() && buffer_uses[old] > 0) --buffer_uses[old];
  tensor.buffer = model.AddBuffer(std::move(bytes));
  if (buffer_uses.size() < model.buffers.size()) buffer_uses.resize(model.buffers.size(), 0);
  ++buffer_uses[tensor.buffer];
}

void OperatorInserter::Apply(TflSubgraph& graph) {
  if (pending_.empty()) return;
  std::stable_sort(pending_.begin(), pending_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<TflOperator> merged;
  merged.reserve(graph.operators.size() + pending_.size());
  size_t next = 0;
  for (size_t o = 0; o <= graph.operators.size(); ++o) {
    while (next < pending_.size() && static_cast<size_t>(std::max(pending_[next].first, 0)) <= o) {
      merged.push_back(std::move(pending_[next].second));
      ++next;
    }
    if (o < graph.operators.size()) merged.push_back(std::move(graph.operators[o]));
  }
  while (next < pending_.size()) merged.push_back(std::move(pending_[next++].second));
  graph.operators = std::move(merged);
  pending_.clear();
}

int AddDequantize(TflModel& model, TflSubgraph& graph, int source, int before, OperatorInserter& inserter) {
  const TflTensor& src = graph.tensors[source];
  TflTensor out;
  out.name = src.name + "_dequantize";
  out.type = tflite::TensorType::FLOAT32;
  out.shape = src.shape;
  out.shape_signature = src.shape_signature;
  out.has_rank = src.has_rank;
  const int index = graph.AddTensor(std::move(out));
  TflOperator dq;
  dq.opcode_index = model.OpcodeIndex(tflite::BuiltinOperator::DEQUANTIZE);
  dq.inputs = {source};
  dq.outputs = {index};
  inserter.InsertBefore(before, std::move(dq));
  return index;
}

std::string OperatorLabel(const TflModel& model, const TflSubgraph& graph, const TflOperator& op) {
  std::string code = "?";
  if (op.opcode_index < model.operator_codes.size()) {
    const TflOperatorCode& c = model.operator_codes[op.opcode_index];
    code = c.builtin_code == tflite::BuiltinOperator::CUSTOM ? c.custom_code
                                                            : tflite::EnumNameBuiltinOperator(c.builtin_code);
  }
  std::string name;
  if (!op.outputs.empty() && op.outputs[0] >= 0 && static_cast<size_t>(op.outputs[0]) < graph.tensors.size()) {
    name = graph.tensors[op.outputs[0]].name;
  }
  return absl::StrCat(code, " '", name, "'");
}

}  // namespace tfconv
