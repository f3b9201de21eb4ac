#include "converter/tflite/flatbuffer_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "converter/tflite/model_check.h"
#include "flatbuffers/flatbuffers.h"

namespace tfconv {
namespace {

using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;
using flatbuffers::Vector;

constexpr uint64_t kDataAlignment = 16;
// Zero bytes after the last external buffer: kernels that read whole SIMD registers (XNNPack) may
// read a little past the end of a weight, as the official converter allows for.
constexpr uint64_t kExternalTailPadding = 16;

uint64_t AlignUp(uint64_t v, uint64_t alignment) {
  return (v + alignment - 1) / alignment * alignment;
}

// ---------------------------------------------------------------------------------------------
// Size planning

// A generous estimate of the flatbuffer without buffer data: the initial builder size, so that
// the builder does not grow (and copy the weights) while it is filled.
uint64_t EstimateStructureBytes(const TflModel& m) {
  constexpr uint64_t kTable = 64;   // table + vtable + alignment, most tables
  constexpr uint64_t kVector = 24;  // length prefix + alignment padding
  constexpr uint64_t kOptions = 512;
  uint64_t n = 4096 + m.description.size() + m.metadata_buffer.size() * 4;
  for (const TflOperatorCode& c : m.operator_codes) n += kTable + kVector + c.custom_code.size();
  n += m.buffers.size() * (kTable + kVector + 8);
  for (const auto& [name, buffer] : m.metadata) n += kTable + kVector + name.size();
  for (const TflSignatureDef& s : m.signature_defs) {
    n += kTable + 3 * kVector + s.signature_key.size();
    for (const auto* list : {&s.inputs, &s.outputs}) {
      for (const auto& [name, tensor] : *list) n += kTable + kVector + name.size();
    }
  }
  for (const TflSubgraph& g : m.subgraphs) {
    n += kTable + 5 * kVector + g.name.size() + 4 * (g.inputs.size() + g.outputs.size());
    n += 4 * (g.tensors.size() + g.operators.size());
    for (const TflTensor& t : g.tensors) {
      n += kTable + 3 * kVector + t.name.size() + 4 * (t.shape.size() + t.shape_signature.size());
      if (t.quantization.has_value()) {
        const TflQuantization& q = *t.quantization;
        n += kTable + 4 * kVector + kOptions + 4 * (q.min.size() + q.max.size() + q.scale.size()) +
             8 * q.zero_point.size();
      }
      if (t.sparsity.has_value()) {
        n += kTable + 3 * kVector +
             4 * (t.sparsity->traversal_order.size() + t.sparsity->block_map.size());
        for (const auto& dim : t.sparsity->dim_metadata) {
          n += 3 * kTable + 2 * kVector;
          if (dim == nullptr) continue;
          for (const auto* u : {&dim->array_segments, &dim->array_indices}) {
            if (auto* v = u->AsInt32Vector()) n += 4 * v->values.size();
            if (auto* v = u->AsUint16Vector()) n += 2 * v->values.size();
            if (auto* v = u->AsUint8Vector()) n += v->values.size();
          }
        }
      }
    }
    for (const TflOperator& op : g.operators) {
      n += kTable + 5 * kVector + 2 * kOptions + op.custom_options.size() +
           op.mutating_variable_inputs.size() +
           4 * (op.inputs.size() + op.outputs.size() + op.intermediates.size());
    }
  }
  return n;
}

// Bytes the buffers take inside the flatbuffer: length prefix, data, worst-case alignment.
uint64_t InlineBufferBytes(const TflModel& m) {
  uint64_t n = 0;
  for (const TflBuffer& b : m.buffers) {
    if (!b.data.empty()) n += AlignUp(b.data.size() + 4, kDataAlignment) + kDataAlignment;
  }
  return n;
}

uint64_t TotalBufferBytes(const TflModel& m) {
  uint64_t n = 0;
  for (const TflBuffer& b : m.buffers) n += b.data.size();
  return n;
}

struct Plan {
  bool external = false;
  uint64_t builder_size = 0;  // initial FlatBufferBuilder size
};

absl::StatusOr<Plan> PlanLayout(const TflModel& m, const SerializeOptions& options) {
  const uint64_t structure = EstimateStructureBytes(m);
  const uint64_t inline_data = InlineBufferBytes(m);
  Plan plan;
  plan.external = TotalBufferBytes(m) > options.external_buffer_threshold ||
                  structure + inline_data >= kMaxFlatbufferSize;
  if (plan.external) {
    if (structure >= kMaxFlatbufferSize) {
      return absl::ResourceExhaustedError(
          absl::StrCat("the model's structure (tensors, operators, options; about ", structure,
                       " bytes without weights) exceeds the 2 GB flatbuffer limit"));
    }
    plan.builder_size = structure;
  } else {
    plan.builder_size = structure + inline_data;
  }
  return plan;
}

absl::Status CheckWritable(const TflModel& m) {
  if (m.buffers.empty() || !m.buffers[0].data.empty()) {
    return absl::InvalidArgumentError(
        "buffer 0 must exist and be empty (the sentinel that activations refer to)");
  }
  return CheckModelStructure(m);
}

// ---------------------------------------------------------------------------------------------
// Building the flatbuffer

// Where the data of buffer i lives when it is outside the flatbuffer.
struct ExternalRange {
  uint64_t offset = 0;
  uint64_t size = 0;
};

class FlatbufferEmitter {
 public:
  // With `release`, each buffer's bytes are dropped from that model as soon as they are copied
  // into the builder, so the weights are not held twice while a large model is written.
  FlatbufferEmitter(const TflModel& model, FlatBufferBuilder& fbb, TflModel* release = nullptr)
      : m_(model), fbb_(fbb), release_(release) {}

  // `external`: nullptr to place buffer data inside the flatbuffer; else one range per buffer.
  // `deferred` (inline form only): the data vectors are reserved but not filled, and their offsets
  // (counted from the end of the finished buffer, as flatbuffers counts) are stored there per
  // buffer, so the caller streams the bytes from the model to the file without a copy in memory.
  void Emit(const std::vector<ExternalRange>* external, std::vector<uint32_t>* deferred = nullptr) {
    std::vector<Offset<Vector<uint8_t>>> data(m_.buffers.size());
    if (deferred != nullptr) deferred->assign(m_.buffers.size(), 0);
    if (external == nullptr) {
      // First in, so last in the file; reverse order keeps buffer 1 before buffer 2 in the file.
      for (size_t i = m_.buffers.size(); i-- > 1;) {
        const ByteBuffer& bytes = m_.buffers[i].data;
        if (bytes.empty()) continue;
        fbb_.ForceVectorAlignment(bytes.size(), sizeof(uint8_t), kDataAlignment);
        if (deferred != nullptr) {
          uint8_t* unused;
          data[i] = fbb_.CreateUninitializedVector(bytes.size(), sizeof(uint8_t), &unused);
          (*deferred)[i] = data[i].o;
          continue;
        }
        data[i] = fbb_.CreateVector(bytes.data(), bytes.size());
        if (release_ != nullptr) release_->buffers[i].data = ByteBuffer();
      }
    }
    std::vector<Offset<tflite::OperatorCode>> codes;
    codes.reserve(m_.operator_codes.size());
    for (const TflOperatorCode& c : m_.operator_codes) codes.push_back(EmitOperatorCode(c));
    auto codes_vec = fbb_.CreateVector(codes);

    std::vector<Offset<tflite::SubGraph>> subgraphs;
    subgraphs.reserve(m_.subgraphs.size());
    for (const TflSubgraph& g : m_.subgraphs) subgraphs.push_back(EmitSubgraph(g));
    auto subgraphs_vec = fbb_.CreateVector(subgraphs);

    auto description = m_.description.empty() ? 0 : fbb_.CreateString(m_.description);

    std::vector<Offset<tflite::Buffer>> buffers;
    buffers.reserve(m_.buffers.size());
    for (size_t i = 0; i < m_.buffers.size(); ++i) {
      if (external != nullptr && (*external)[i].size != 0) {
        buffers.push_back(
            tflite::CreateBuffer(fbb_, 0, (*external)[i].offset, (*external)[i].size));
      } else {
        buffers.push_back(tflite::CreateBuffer(fbb_, data[i]));
      }
    }
    auto buffers_vec = fbb_.CreateVector(buffers);

    auto metadata_buffer = m_.metadata_buffer.empty() ? 0 : fbb_.CreateVector(m_.metadata_buffer);
    Offset<Vector<Offset<tflite::Metadata>>> metadata_vec = 0;
    if (!m_.metadata.empty()) {
      std::vector<Offset<tflite::Metadata>> metadata;
      for (const auto& [name, buffer] : m_.metadata) {
        metadata.push_back(tflite::CreateMetadata(fbb_, fbb_.CreateString(name), buffer));
      }
      metadata_vec = fbb_.CreateVector(metadata);
    }
    Offset<Vector<Offset<tflite::SignatureDef>>> signatures_vec = 0;
    if (!m_.signature_defs.empty()) {
      std::vector<Offset<tflite::SignatureDef>> signatures;
      for (const TflSignatureDef& s : m_.signature_defs) signatures.push_back(EmitSignature(s));
      signatures_vec = fbb_.CreateVector(signatures);
    }
    auto model = tflite::CreateModel(fbb_, m_.version, codes_vec, subgraphs_vec, description,
                                     buffers_vec, metadata_buffer, metadata_vec, signatures_vec);
    fbb_.Finish(model, tflite::ModelIdentifier());
  }

 private:
  Offset<tflite::OperatorCode> EmitOperatorCode(const TflOperatorCode& c) {
    const int32_t code = static_cast<int32_t>(c.builtin_code);
    // Readers that predate 4-byte codes read only the byte field; 127 tells them "look further".
    const int8_t deprecated = static_cast<int8_t>(std::min<int32_t>(code, 127));
    auto custom = c.custom_code.empty() ? 0 : fbb_.CreateString(c.custom_code);
    return tflite::CreateOperatorCode(fbb_, deprecated, custom, c.version, c.builtin_code);
  }

  Offset<tflite::QuantizationParameters> EmitQuantization(const TflQuantization& q) {
    auto min = q.min.empty() ? 0 : fbb_.CreateVector(q.min);
    auto max = q.max.empty() ? 0 : fbb_.CreateVector(q.max);
    auto scale = q.scale.empty() ? 0 : fbb_.CreateVector(q.scale);
    auto zero_point = q.zero_point.empty() ? 0 : fbb_.CreateVector(q.zero_point);
    auto details = q.details.Pack(fbb_);
    return tflite::CreateQuantizationParameters(fbb_, min, max, scale, zero_point, q.details.type,
                                                details, q.quantized_dimension);
  }

  Offset<tflite::Tensor> EmitTensor(const TflTensor& t) {
    auto shape = fbb_.CreateVector(t.shape);
    Offset<Vector<int32_t>> signature = 0;
    if (!t.shape_signature.empty() && t.shape_signature != t.shape) {
      signature = fbb_.CreateVector(t.shape_signature);
    }
    Offset<tflite::QuantizationParameters> quantization = 0;
    if (t.quantization.has_value() && !t.quantization->empty()) {
      quantization = EmitQuantization(*t.quantization);
    }
    Offset<tflite::SparsityParameters> sparsity = 0;
    if (t.sparsity.has_value()) sparsity = tflite::CreateSparsityParameters(fbb_, &*t.sparsity);
    auto name = fbb_.CreateString(t.name);
    return tflite::CreateTensor(fbb_, shape, t.type, t.buffer, name, quantization, t.is_variable,
                                sparsity, signature, t.has_rank);
  }

  Offset<tflite::Operator> EmitOperator(const TflOperator& op) {
    auto inputs = fbb_.CreateVector(op.inputs);
    auto outputs = fbb_.CreateVector(op.outputs);
    auto options = op.builtin_options.Pack(fbb_);
    auto custom = op.custom_options.empty() ? 0 : fbb_.CreateVector(op.custom_options);
    auto mutating =
        op.mutating_variable_inputs.empty() ? 0 : fbb_.CreateVector(op.mutating_variable_inputs);
    auto intermediates = op.intermediates.empty() ? 0 : fbb_.CreateVector(op.intermediates);
    auto options_2 = op.builtin_options_2.Pack(fbb_);
    return tflite::CreateOperator(fbb_, op.opcode_index, inputs, outputs, op.builtin_options.type,
                                  options, custom, tflite::CustomOptionsFormat::FLEXBUFFERS,
                                  mutating, intermediates, 0, 0, op.builtin_options_2.type,
                                  options_2);
  }

  Offset<tflite::SubGraph> EmitSubgraph(const TflSubgraph& g) {
    std::vector<Offset<tflite::Tensor>> tensors;
    tensors.reserve(g.tensors.size());
    for (const TflTensor& t : g.tensors) tensors.push_back(EmitTensor(t));
    auto tensors_vec = fbb_.CreateVector(tensors);
    auto inputs = fbb_.CreateVector(g.inputs);
    auto outputs = fbb_.CreateVector(g.outputs);
    std::vector<Offset<tflite::Operator>> operators;
    operators.reserve(g.operators.size());
    for (const TflOperator& op : g.operators) operators.push_back(EmitOperator(op));
    auto operators_vec = fbb_.CreateVector(operators);
    auto name = g.name.empty() ? 0 : fbb_.CreateString(g.name);
    return tflite::CreateSubGraph(fbb_, tensors_vec, inputs, outputs, operators_vec, name);
  }

  Offset<Vector<Offset<tflite::TensorMap>>> EmitTensorMaps(
      const std::vector<std::pair<std::string, uint32_t>>& list) {
    std::vector<Offset<tflite::TensorMap>> maps;
    maps.reserve(list.size());
    for (const auto& [name, tensor] : list) {
      maps.push_back(tflite::CreateTensorMap(fbb_, fbb_.CreateString(name), tensor));
    }
    return fbb_.CreateVector(maps);
  }

  Offset<tflite::SignatureDef> EmitSignature(const TflSignatureDef& s) {
    auto inputs = EmitTensorMaps(s.inputs);
    auto outputs = EmitTensorMaps(s.outputs);
    auto key = fbb_.CreateString(s.signature_key);
    return tflite::CreateSignatureDef(fbb_, inputs, outputs, key, s.subgraph_index);
  }

  const TflModel& m_;
  FlatBufferBuilder& fbb_;
  TflModel* release_;
};

// Keeps the builder's memory in a std::string, so the finished flatbuffer becomes the result
// without a second copy of the weights.
class StringAllocator : public flatbuffers::Allocator {
 public:
  uint8_t* allocate(size_t size) override {
    storage_.assign(size, '\0');
    return data();
  }
  void deallocate(uint8_t* p, size_t) override {
    if (p == data()) std::string().swap(storage_);
  }
  uint8_t* reallocate_downward(uint8_t* old_p, size_t old_size, size_t new_size, size_t in_use_back,
                               size_t in_use_front) override {
    std::string grown(new_size, '\0');
    std::memcpy(&grown[new_size - in_use_back], old_p + old_size - in_use_back, in_use_back);
    std::memcpy(&grown[0], old_p, in_use_front);
    storage_.swap(grown);
    return data();
  }
  // Moves the finished flatbuffer out of `fbb` (which must use this allocator).
  std::string TakeFinished(FlatBufferBuilder& fbb) {
    const size_t size = fbb.GetSize();
    size_t allocated = 0, start = 0;
    fbb.ReleaseRaw(allocated, start);  // the builder fills its memory from the back
    storage_.erase(0, start);
    storage_.resize(size);
    return std::move(storage_);
  }

 private:
  uint8_t* data() { return reinterpret_cast<uint8_t*>(&storage_[0]); }
  std::string storage_;
};

// Builds the flatbuffer for the external form: every non-empty buffer's data after the
// flatbuffer. The placeholder pass fixes the flatbuffer's size (offset/size values do not change
// the layout as long as they are non-zero), the second pass writes the real offsets.
absl::Status BuildExternal(const TflModel& m, const Plan& plan, FlatBufferBuilder& fbb,
                           std::vector<ExternalRange>& ranges) {
  ranges.assign(m.buffers.size(), ExternalRange{});
  std::vector<ExternalRange> placeholders(m.buffers.size());
  for (size_t i = 1; i < m.buffers.size(); ++i) {
    if (!m.buffers[i].data.empty()) placeholders[i] = {1, 1};
  }
  FlatBufferBuilder sizing(plan.builder_size);
  FlatbufferEmitter(m, sizing).Emit(&placeholders);
  const uint64_t flatbuffer_size = sizing.GetSize();

  uint64_t cursor = AlignUp(flatbuffer_size, kDataAlignment);
  for (size_t i = 1; i < m.buffers.size(); ++i) {
    const uint64_t size = m.buffers[i].data.size();
    if (size == 0) continue;
    ranges[i] = {cursor, size};
    cursor = AlignUp(cursor + size, kDataAlignment);
  }
  FlatbufferEmitter(m, fbb).Emit(&ranges);
  if (fbb.GetSize() != flatbuffer_size) {
    return absl::InternalError(
        "the flatbuffer changed size between the sizing pass and the final pass");
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------------------------
// Output

class FileSink {
 public:
  FileSink(int fd, const std::string& path) : fd_(fd), path_(path) {}
  absl::Status Write(const void* data, size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
      ssize_t n = ::write(fd_, p, std::min<size_t>(size, size_t{1} << 30));
      if (n < 0) {
        if (errno == EINTR) continue;
        return absl::InternalError(absl::StrCat("writing '", path_, "': ", std::strerror(errno)));
      }
      p += n;
      size -= static_cast<size_t>(n);
      written_ += static_cast<uint64_t>(n);
    }
    return absl::OkStatus();
  }
  absl::Status PadTo(uint64_t position) {
    static const char kZeros[64] = {};
    while (written_ < position) {
      absl::Status s = Write(kZeros, std::min<uint64_t>(sizeof(kZeros), position - written_));
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }

 private:
  int fd_;
  const std::string& path_;
  uint64_t written_ = 0;
};

absl::Status WriteAll(const TflModel& m, const SerializeOptions& options, FileSink& sink,
                      TflModel* release) {
  absl::StatusOr<Plan> plan = PlanLayout(m, options);
  if (!plan.ok()) return plan.status();
  if (!plan->external) {
    // The flatbuffer's structure is built in memory with room left for the weights; the file gets
    // the structure from there and each weight straight from the model (released once written),
    // so the weights are neither copied nor held twice.
    FlatBufferBuilder fbb(plan->builder_size);
    std::vector<uint32_t> deferred;
    FlatbufferEmitter(m, fbb).Emit(nullptr, &deferred);
    const uint8_t* base = fbb.GetBufferPointer();
    const uint64_t total = fbb.GetSize();
    std::vector<std::pair<uint64_t, size_t>> order;  // (data position in the file, buffer)
    for (size_t i = 1; i < m.buffers.size(); ++i) {
      if (deferred[i] != 0) order.emplace_back(total - deferred[i] + sizeof(uint32_t), i);
    }
    std::sort(order.begin(), order.end());
    uint64_t cursor = 0;
    for (const auto& [position, i] : order) {
      const size_t size = m.buffers[i].data.size();
      absl::Status s = sink.Write(base + cursor, position - cursor);
      if (s.ok()) s = sink.Write(m.buffers[i].data.data(), size);
      if (!s.ok()) return s;
      if (release != nullptr) release->buffers[i].data = ByteBuffer();
      cursor = position + size;
    }
    return sink.Write(base + cursor, total - cursor);
  }
  FlatBufferBuilder fbb(plan->builder_size);
  std::vector<ExternalRange> ranges;
  absl::Status s = BuildExternal(m, *plan, fbb, ranges);
  if (s.ok()) s = sink.Write(fbb.GetBufferPointer(), fbb.GetSize());
  uint64_t end = fbb.GetSize();
  for (size_t i = 1; s.ok() && i < m.buffers.size(); ++i) {
    if (ranges[i].size == 0) continue;
    s = sink.PadTo(ranges[i].offset);
    if (s.ok()) s = sink.Write(m.buffers[i].data.data(), ranges[i].size);
    end = ranges[i].offset + ranges[i].size;
  }
  if (s.ok()) s = sink.PadTo(AlignUp(end, kDataAlignment) + kExternalTailPadding);
  return s;
}

}  // namespace

absl::StatusOr<std::string> SerializeModel(const TflModel& model, const SerializeOptions& options) {
  absl::Status valid = CheckWritable(model);
  if (!valid.ok()) return valid;
  absl::StatusOr<Plan> plan = PlanLayout(model, options);
  if (!plan.ok()) return plan.status();
  if (!plan->external) {
    StringAllocator allocator;  // outlives the builder, which releases its memory to it
    FlatBufferBuilder fbb(plan->builder_size, &allocator);
    FlatbufferEmitter(model, fbb).Emit(nullptr);
    return allocator.TakeFinished(fbb);
  }
  FlatBufferBuilder fbb(plan->builder_size);
  std::vector<ExternalRange> ranges;
  absl::Status s = BuildExternal(model, *plan, fbb, ranges);
  if (!s.ok()) return s;
  uint64_t end = fbb.GetSize();
  for (const ExternalRange& r : ranges) {
    if (r.size != 0) end = r.offset + r.size;
  }
  std::string out;
  out.reserve(AlignUp(end, kDataAlignment) + kExternalTailPadding);
  out.append(reinterpret_cast<const char*>(fbb.GetBufferPointer()), fbb.GetSize());
  for (size_t i = 1; i < model.buffers.size(); ++i) {
    if (ranges[i].size == 0) continue;
    out.resize(ranges[i].offset, '\0');
    out.append(reinterpret_cast<const char*>(model.buffers[i].data.data()), ranges[i].size);
  }
  out.resize(AlignUp(end, kDataAlignment) + kExternalTailPadding, '\0');
  return out;
}

namespace {

absl::Status WriteModelFileImpl(const TflModel& model, const std::string& path,
                                const SerializeOptions& options, TflModel* release) {
  absl::Status valid = CheckWritable(model);
  if (!valid.ok()) {
    return absl::Status(valid.code(), absl::StrCat("not writing '", path, "': ", valid.message()));
  }
  // A device or pipe (/dev/null, /dev/stdout, a FIFO) is written in place: renaming a temporary
  // file over it would replace the device node with a regular file.
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) return absl::InvalidArgumentError(absl::StrCat("'", path, "' is a directory"));
    int out = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (out < 0) return absl::InternalError(absl::StrCat("cannot open '", path, "': ", std::strerror(errno)));
    FileSink sink(out, path);
    absl::Status s = WriteAll(model, options, sink, release);
    if (::close(out) != 0 && s.ok()) {
      s = absl::InternalError(absl::StrCat("writing '", path, "': ", std::strerror(errno)));
    }
    return s;
  }
  std::string temp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(&temp[0]);
  if (fd < 0) {
    return absl::InternalError(absl::StrCat("cannot create a temporary file next to '", path,
                                            "': ", std::strerror(errno)));
  }
  FileSink sink(fd, path);
  absl::Status s = WriteAll(model, options, sink, release);
  if (s.ok() && ::fchmod(fd, 0644) != 0) {
    s = absl::InternalError(
        absl::StrCat("setting the mode of '", path, "': ", std::strerror(errno)));
  }
  if (::close(fd) != 0 && s.ok()) {
    s = absl::InternalError(absl::StrCat("writing '", path, "': ", std::strerror(errno)));
  }
  if (s.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    s = absl::InternalError(
        absl::StrCat("renaming the temporary file to '", path, "': ", std::strerror(errno)));
  }
  if (!s.ok()) {
    ::unlink(temp.c_str());
    if (s.message().find(path) == absl::string_view::npos) {
      s = absl::Status(s.code(), absl::StrCat("writing '", path, "': ", s.message()));
    }
  }
  return s;
}

}  // namespace

absl::Status WriteModelFile(const TflModel& model, const std::string& path,
                            const SerializeOptions& options) {
  return WriteModelFileImpl(model, path, options, nullptr);
}

absl::Status WriteModelFile(TflModel&& model, const std::string& path,
                            const SerializeOptions& options) {
  return WriteModelFileImpl(model, path, options, &model);
}

}  // namespace tfconv
