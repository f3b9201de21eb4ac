#include "converter/optimize/cleanup.h"

#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <vector>

namespace tfconv {
namespace {

std::set<uint32_t> MetadataBuffers(const TflModel& model) {
  std::set<uint32_t> kept;
  for (const auto& [name, buffer] : model.metadata) kept.insert(buffer);
  for (int32_t b : model.metadata_buffer) {
    if (b >= 0) kept.insert(static_cast<uint32_t>(b));
  }
  return kept;
}

// Old index -> new index (-1: dropped) for the entries `used` marks, in order.
std::vector<int64_t> Compact(const std::vector<bool>& used, int* dropped) {
  std::vector<int64_t> remap(used.size(), -1);
  int64_t next = 0;
  for (size_t i = 0; i < used.size(); ++i) {
    if (used[i]) remap[i] = next++;
  }
  *dropped = static_cast<int>(used.size() - next);
  return remap;
}

template <typename T>
void KeepUsed(std::vector<T>& items, const std::vector<bool>& used) {
  size_t kept = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!used[i]) continue;
    if (kept != i) items[kept] = std::move(items[i]);
    ++kept;
  }
  items.resize(kept);
}

int DropTensors(TflModel& model, int s) {
  TflSubgraph& g = model.subgraphs[s];
  std::vector<bool> used(g.tensors.size(), false);
  auto mark = [&](int64_t t) {
    if (t >= 0 && static_cast<size_t>(t) < used.size()) used[t] = true;
  };
  for (const TflOperator& op : g.operators) {
    for (int32_t t : op.inputs) mark(t);
    for (int32_t t : op.outputs) mark(t);
    for (int32_t t : op.intermediates) mark(t);
  }
  for (int32_t t : g.inputs) mark(t);
  for (int32_t t : g.outputs) mark(t);
  for (const TflSignatureDef& sig : model.signature_defs) {
    if (static_cast<int>(sig.subgraph_index) != s) continue;
    for (const auto& [name, t] : sig.inputs) mark(t);
    for (const auto& [name, t] : sig.outputs) mark(t);
  }
  int dropped = 0;
  const std::vector<int64_t> remap = Compact(used, &dropped);
  if (dropped == 0) return 0;
  auto renumber = [&](int32_t& t) {
    if (t >= 0) t = static_cast<int32_t>(remap[t]);
  };
  for (TflOperator& op : g.operators) {
    for (int32_t& t : op.inputs) renumber(t);
    for (int32_t& t : op.outputs) renumber(t);
    for (int32_t& t : op.intermediates) renumber(t);
  }
  for (int32_t& t : g.inputs) renumber(t);
  for (int32_t& t : g.outputs) renumber(t);
  for (TflSignatureDef& sig : model.signature_defs) {
    if (static_cast<int>(sig.subgraph_index) != s) continue;
    for (auto& [name, t] : sig.inputs) t = static_cast<uint32_t>(remap[t]);
    for (auto& [name, t] : sig.outputs) t = static_cast<uint32_t>(remap[t]);
  }
  KeepUsed(g.tensors, used);
  return dropped;
}

int DropBuffers(TflModel& model) {
  std::vector<bool> used(model.buffers.size(), false);
  if (!used.empty()) used[0] = true;
  for (uint32_t b : MetadataBuffers(model)) {
    if (b < used.size()) used[b] = true;
  }
  for (const TflSubgraph& g : model.subgraphs) {
    for (const TflTensor& t : g.tensors) {
      if (t.buffer < used.size()) used[t.buffer] = true;
    }
  }
  int dropped = 0;
  const std::vector<int64_t> remap = Compact(used, &dropped);
  if (dropped == 0) return 0;
  for (TflSubgraph& g : model.subgraphs) {
    for (TflTensor& t : g.tensors) {
      if (t.buffer < remap.size()) t.buffer = static_cast<uint32_t>(remap[t.buffer]);
    }
  }
  for (auto& [name, b] : model.metadata) b = static_cast<uint32_t>(remap[b]);
  for (int32_t& b : model.metadata_buffer) {
    if (b >= 0) b = static_cast<int32_t>(remap[b]);
  }
  KeepUsed(model.buffers, used);
  return dropped;
}

int DropOperatorCodes(TflModel& model) {
  std::vector<bool> used(model.operator_codes.size(), false);
  for (const TflSubgraph& g : model.subgraphs) {
    for (const TflOperator& op : g.operators) used[op.opcode_index] = true;
  }
  int dropped = 0;
  const std::vector<int64_t> remap = Compact(used, &dropped);
  if (dropped == 0) return 0;
  for (TflSubgraph& g : model.subgraphs) {
    for (TflOperator& op : g.operators) op.opcode_index = static_cast<uint32_t>(remap[op.opcode_index]);
  }
  KeepUsed(model.operator_codes, used);
  return dropped;
}

}  // namespace

int DeduplicateBuffers(TflModel& model) {
  // Buffers of metadata and of variables (which the runtime writes) are left alone.
  std::set<uint32_t> excluded = MetadataBuffers(model);
  for (const TflSubgraph& g : model.subgraphs) {
    for (const TflTensor& t : g.tensors) {
      if (t.is_variable) excluded.insert(t.buffer);
    }
  }
  // Keyed by the bytes themselves (views of the buffers, alive for the whole pass); an ordered map
  // keeps the choice of the surviving buffer independent of hashing.
  using Key = std::tuple<tflite::TensorType, std::vector<int32_t>, std::string_view>;
  std::map<Key, uint32_t> first;
  int moved = 0;
  for (TflSubgraph& g : model.subgraphs) {
    for (TflTensor& t : g.tensors) {
      if (t.buffer == 0 || t.buffer >= model.buffers.size() || excluded.count(t.buffer)) continue;
      const ByteBuffer& bytes = model.buffers[t.buffer].data;
      if (bytes.empty()) continue;
      Key key{t.type, t.shape, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size())};
      auto [it, inserted] = first.emplace(std::move(key), t.buffer);
      if (!inserted && it->second != t.buffer) {
        t.buffer = it->second;
        ++moved;
      }
    }
  }
  return moved;
}

DropCounts DropUnused(TflModel& model) {
  DropCounts counts;
  for (size_t s = 0; s < model.subgraphs.size(); ++s) counts.tensors += DropTensors(model, static_cast<int>(s));
  counts.buffers = DropBuffers(model);
  counts.operator_codes = DropOperatorCodes(model);
  return counts;
}

}  // namespace tfconv
