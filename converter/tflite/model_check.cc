#include "converter/tflite/model_check.h"

#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"

namespace tfconv {
namespace {

std::string SubgraphLabel(const TflSubgraph& g, size_t index) {
  return absl::StrCat("subgraph ", index, " ('", g.name, "')");
}

std::string OperatorLabel(const TflModel& m, const TflSubgraph& g, size_t gi, size_t oi) {
  const TflOperator& op = g.operators[oi];
  std::string code = op.opcode_index < m.operator_codes.size()
                         ? OperatorCodeName(m.operator_codes[op.opcode_index])
                         : "unknown code";
  return absl::StrCat(SubgraphLabel(g, gi), ", operator ", oi, " (", code, ")");
}

// Tensor lists of operators and subgraphs may hold -1 for an omitted optional tensor.
// `may_omit`: -1 marks an omitted entry (only operator inputs and intermediates may be omitted).
absl::Status CheckTensorList(const std::vector<int32_t>& list, size_t num_tensors,
                             const std::string& where, const char* what, bool may_omit) {
  for (size_t i = 0; i < list.size(); ++i) {
    int32_t t = list[i];
    if (t < (may_omit ? -1 : 0) || (t >= 0 && static_cast<size_t>(t) >= num_tensors)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": ", what, " ", i, " refers to tensor ", t,
                       ", but the subgraph has ", num_tensors, " tensors"));
    }
  }
  return absl::OkStatus();
}

template <typename Union, typename Enum>
absl::Status CheckUnion(const Union& u, Enum max, const std::string& where, const char* what) {
  if (u.type == Enum::NONE) return absl::OkStatus();
  if (static_cast<int>(u.type) > static_cast<int>(max)) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", what, " has type ",
                                                   static_cast<int>(u.type),
                                                   ", which this schema does not know"));
  }
  if (u.value == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": ", what, " names a type but holds no table"));
  }
  return absl::OkStatus();
}

absl::Status CheckTensor(const TflModel& m, const TflTensor& t, const std::string& where) {
  if (t.buffer >= m.buffers.size()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": buffer index ", t.buffer,
                                                   " is out of range (the model has ",
                                                   m.buffers.size(), " buffers)"));
  }
  if (t.quantization.has_value()) {
    absl::Status s = CheckUnion(t.quantization->details, tflite::QuantizationDetails::MAX, where,
                                "quantization details");
    if (!s.ok()) return s;
  }
  if (t.sparsity.has_value()) {
    for (size_t d = 0; d < t.sparsity->dim_metadata.size(); ++d) {
      const auto& dim = t.sparsity->dim_metadata[d];
      std::string dim_where = absl::StrCat(where, ", sparsity dimension ", d);
      if (dim == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat(dim_where, " is missing"));
      }
      absl::Status s = CheckUnion(dim->array_segments, tflite::SparseIndexVector::MAX, dim_where,
                                  "array_segments");
      if (s.ok()) {
        s = CheckUnion(dim->array_indices, tflite::SparseIndexVector::MAX, dim_where,
                       "array_indices");
      }
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckSubgraph(const TflModel& m, size_t gi) {
  const TflSubgraph& g = m.subgraphs[gi];
  const std::string label = SubgraphLabel(g, gi);
  for (size_t ti = 0; ti < g.tensors.size(); ++ti) {
    absl::Status s = CheckTensor(
        m, g.tensors[ti], absl::StrCat(label, ", tensor ", ti, " ('", g.tensors[ti].name, "')"));
    if (!s.ok()) return s;
  }
  absl::Status s = CheckTensorList(g.inputs, g.tensors.size(), label, "input", false);
  if (s.ok()) s = CheckTensorList(g.outputs, g.tensors.size(), label, "output", false);
  if (!s.ok()) return s;
  for (size_t oi = 0; oi < g.operators.size(); ++oi) {
    const TflOperator& op = g.operators[oi];
    const std::string where = OperatorLabel(m, g, gi, oi);
    if (op.opcode_index >= m.operator_codes.size()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": opcode index ", op.opcode_index,
                                                     " is out of range (the model has ",
                                                     m.operator_codes.size(), " operator codes)"));
    }
    s = CheckTensorList(op.inputs, g.tensors.size(), where, "input", true);
    if (s.ok()) s = CheckTensorList(op.outputs, g.tensors.size(), where, "output", false);
    if (s.ok()) s = CheckTensorList(op.intermediates, g.tensors.size(), where, "intermediate", true);
    if (s.ok()) {
      s = CheckUnion(op.builtin_options, tflite::BuiltinOptions::MAX, where, "builtin_options");
    }
    if (s.ok()) {
      s = CheckUnion(op.builtin_options_2, tflite::BuiltinOptions2::MAX, where,
                     "builtin_options_2");
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CheckSignature(const TflModel& m, const TflSignatureDef& sig, size_t si) {
  const std::string where = absl::StrCat("signature ", si, " ('", sig.signature_key, "')");
  if (sig.subgraph_index >= m.subgraphs.size()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": subgraph index ", sig.subgraph_index,
                                                   " is out of range (the model has ",
                                                   m.subgraphs.size(), " subgraphs)"));
  }
  const size_t num_tensors = m.subgraphs[sig.subgraph_index].tensors.size();
  for (const auto* list : {&sig.inputs, &sig.outputs}) {
    const char* what = list == &sig.inputs ? "input" : "output";
    for (const auto& [name, tensor] : *list) {
      if (tensor >= num_tensors) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": ", what, " '", name, "' refers to tensor ", tensor,
                         ", but subgraph ", sig.subgraph_index, " has ", num_tensors, " tensors"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string BuiltinOperatorName(tflite::BuiltinOperator op) {
  const char* name = tflite::EnumNameBuiltinOperator(op);
  if (name == nullptr || *name == '\0') return absl::StrCat("BUILTIN_", static_cast<int32_t>(op));
  return name;
}

std::string OperatorCodeName(const TflOperatorCode& code) {
  if (code.builtin_code == tflite::BuiltinOperator::CUSTOM) {
    return absl::StrCat("CUSTOM(", code.custom_code, ")");
  }
  return BuiltinOperatorName(code.builtin_code);
}

absl::Status CheckModelStructure(const TflModel& m) {
  if (m.buffers.empty()) {
    return absl::InvalidArgumentError("the model has no buffers (buffer 0 must be the empty one)");
  }
  for (size_t ci = 0; ci < m.operator_codes.size(); ++ci) {
    if (static_cast<int32_t>(m.operator_codes[ci].builtin_code) < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("operator code ", ci, " has the negative builtin code ",
                       static_cast<int32_t>(m.operator_codes[ci].builtin_code)));
    }
  }
  for (size_t gi = 0; gi < m.subgraphs.size(); ++gi) {
    absl::Status s = CheckSubgraph(m, gi);
    if (!s.ok()) return s;
  }
  for (size_t si = 0; si < m.signature_defs.size(); ++si) {
    absl::Status s = CheckSignature(m, m.signature_defs[si], si);
    if (!s.ok()) return s;
  }
  for (const auto& [name, buffer] : m.metadata) {
    if (buffer >= m.buffers.size()) {
      return absl::InvalidArgumentError(absl::StrCat("metadata '", name, "' refers to buffer ",
                                                     buffer, ", but the model has ",
                                                     m.buffers.size(), " buffers"));
    }
  }
  for (int32_t buffer : m.metadata_buffer) {
    if (buffer < 0 || static_cast<size_t>(buffer) >= m.buffers.size()) {
      return absl::InvalidArgumentError(absl::StrCat("metadata_buffer entry ", buffer,
                                                     " is out of range (the model has ",
                                                     m.buffers.size(), " buffers)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace tfconv
