#include "metadata/writer/model_metadata_entry.h"

#include <utility>

namespace tfconv {
namespace {

// True when a tensor, another metadata entry or Model.metadata_buffer refers to `buffer`
// (besides the entry at `self`).
bool BufferSharedElsewhere(const TflModel& model, uint32_t buffer, size_t self) {
  for (const TflSubgraph& g : model.subgraphs) {
    for (const TflTensor& t : g.tensors) {
      if (t.buffer == buffer) return true;
    }
  }
  for (size_t i = 0; i < model.metadata.size(); ++i) {
    if (i != self && model.metadata[i].second == buffer) return true;
  }
  for (int32_t b : model.metadata_buffer) {
    if (b >= 0 && static_cast<uint32_t>(b) == buffer) return true;
  }
  return false;
}

}  // namespace

const ByteBuffer* FindMetadataEntry(const TflModel& model, const std::string& name) {
  for (const auto& [entry, buffer] : model.metadata) {
    if (entry == name && buffer != 0 && buffer < model.buffers.size()) return &model.buffers[buffer].data;
  }
  return nullptr;
}

void SetMetadataEntry(TflModel& model, const std::string& name, ByteBuffer bytes) {
  for (size_t i = 0; i < model.metadata.size(); ++i) {
    auto& [entry, buffer] = model.metadata[i];
    if (entry != name) continue;
    if (buffer != 0 && buffer < model.buffers.size() && !BufferSharedElsewhere(model, buffer, i)) {
      model.buffers[buffer].data = std::move(bytes);
    } else {
      buffer = model.AddBuffer(std::move(bytes));
    }
    return;
  }
  const uint32_t buffer = model.AddBuffer(std::move(bytes));
  model.metadata.emplace_back(name, buffer);
}

bool RemoveMetadataEntry(TflModel& model, const std::string& name) {
  for (size_t i = 0; i < model.metadata.size(); ++i) {
    if (model.metadata[i].first != name) continue;
    const uint32_t buffer = model.metadata[i].second;
    if (buffer != 0 && buffer < model.buffers.size() && !BufferSharedElsewhere(model, buffer, i)) {
      model.buffers[buffer].data = ByteBuffer();
    }
    model.metadata.erase(model.metadata.begin() + static_cast<std::ptrdiff_t>(i));
    return true;
  }
  return false;
}

}  // namespace tfconv
