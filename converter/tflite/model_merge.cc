#include "converter/tflite/model_merge.h"

#include <set>

#include "absl/strings/str_cat.h"

namespace tfconv {

absl::StatusOr<TflModel> MergeSignatureModels(std::vector<TflModel> parts) {
  if (parts.empty()) return absl::InvalidArgumentError("no models to merge");
  std::set<std::string> keys;
  for (const TflModel& p : parts) {
    if (p.subgraphs.size() != 1 || p.signature_defs.size() != 1) {
      return absl::InvalidArgumentError("each part must hold exactly one subgraph and one signature");
    }
    if (!keys.insert(p.signature_defs[0].signature_key).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("signature '", p.signature_defs[0].signature_key, "' appears twice"));
    }
  }
  if (parts.size() == 1) {
    TflModel only = std::move(parts[0]);
    only.metadata.clear();
    return only;
  }
  TflModel merged;
  merged.version = parts[0].version;
  merged.description = parts[0].description;
  for (TflModel& p : parts) {
    // Operator codes: one entry per distinct code across the parts.
    std::vector<uint32_t> code_map(p.operator_codes.size());
    for (size_t i = 0; i < p.operator_codes.size(); ++i) {
      uint32_t found = static_cast<uint32_t>(merged.operator_codes.size());
      for (size_t j = 0; j < merged.operator_codes.size(); ++j) {
        if (merged.operator_codes[j] == p.operator_codes[i]) found = static_cast<uint32_t>(j);
      }
      if (found == merged.operator_codes.size()) merged.operator_codes.push_back(p.operator_codes[i]);
      code_map[i] = found;
    }
    // Buffers: 0 stays the shared empty sentinel; metadata buffers are not carried over.
    std::set<uint32_t> metadata_buffers;
    for (const auto& [name, b] : p.metadata) metadata_buffers.insert(b);
    std::vector<uint32_t> buffer_map(p.buffers.size(), 0);
    for (size_t b = 1; b < p.buffers.size(); ++b) {
      if (metadata_buffers.count(static_cast<uint32_t>(b))) continue;
      buffer_map[b] = static_cast<uint32_t>(merged.buffers.size());
      merged.buffers.push_back(std::move(p.buffers[b]));
    }
    TflSubgraph g = std::move(p.subgraphs[0]);
    for (TflTensor& t : g.tensors) t.buffer = buffer_map[t.buffer];
    for (TflOperator& op : g.operators) op.opcode_index = code_map[op.opcode_index];
    TflSignatureDef sig = std::move(p.signature_defs[0]);
    g.name = sig.signature_key;
    sig.subgraph_index = static_cast<uint32_t>(merged.subgraphs.size());
    merged.subgraphs.push_back(std::move(g));
    merged.signature_defs.push_back(std::move(sig));
  }
  return merged;
}

}  // namespace tfconv
