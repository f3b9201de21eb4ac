#include "converter/tflite/flatbuffer_reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "converter/tflite/model_check.h"
#include "flatbuffers/flatbuffers.h"

static_assert(FLATBUFFERS_LITTLEENDIAN, "the reader copies little-endian vectors as they are");

namespace tfconv {
namespace {

constexpr unsigned kMaxVerifierDepth = 64;
constexpr unsigned kMaxVerifierTables = 1u << 24;
// A flatbuffer may refer to one object from many places; copying it for each would let a small
// file expand without bound. Copies may add up to this many times the file size (plus a floor).
constexpr uint64_t kCopyBudgetFactor = 64;
constexpr uint64_t kCopyBudgetFloor = uint64_t{64} << 20;

std::string Str(const flatbuffers::String* s) {
  return s == nullptr ? std::string() : std::string(s->c_str(), s->size());
}

template <typename Enum>
absl::Status CheckUnionField(Enum type, const void* table, Enum max, const std::string& where,
                             const char* what) {
  if (type == Enum::NONE) return absl::OkStatus();
  if (static_cast<int>(type) > static_cast<int>(max)) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", what, " has type ",
                                                   static_cast<int>(type),
                                                   ", which this schema does not know"));
  }
  if (table == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": ", what, " names a type but holds no table"));
  }
  return absl::OkStatus();
}

class ModelConverter {
 public:
  ModelConverter(absl::Span<const uint8_t> bytes, std::shared_ptr<const void> keep)
      : bytes_(bytes),
        keep_(std::move(keep)),
        budget_(kCopyBudgetFactor * bytes.size() + kCopyBudgetFloor) {}

  absl::StatusOr<TflModel> Convert(const tflite::Model& fb) {
    TflModel m;
    m.version = fb.version();
    m.description = Str(fb.description());
    m.buffers.clear();
    absl::Status s = Charge(m.description.size(), "the description");
    if (s.ok()) s = ConvertOperatorCodes(fb, m);
    if (s.ok()) s = ConvertBuffers(fb, m);
    if (fb.subgraphs() != nullptr) {
      m.subgraphs.resize(fb.subgraphs()->size());
      for (size_t i = 0; s.ok() && i < m.subgraphs.size(); ++i) {
        s = ConvertSubgraph(*fb.subgraphs()->Get(i), i, m.subgraphs[i]);
      }
    }
    if (s.ok()) s = ConvertMetadata(fb, m);
    if (s.ok()) s = ConvertSignatures(fb, m);
    if (!s.ok()) return s;
    return m;
  }

 private:
  absl::Status Charge(uint64_t bytes, const std::string& where) {
    if (bytes > budget_) {
      return absl::InvalidArgumentError(absl::StrCat(
          where,
          ": the model refers to the same data so many times that reading it would take "
          "more than ",
          kCopyBudgetFactor, " times the file size in memory"));
    }
    budget_ -= bytes;
    return absl::OkStatus();
  }

  template <typename T, typename U>
  absl::Status CopyVector(const flatbuffers::Vector<T>* v, std::vector<U>& out,
                          const std::string& where) {
    out.clear();
    if (v == nullptr) return absl::OkStatus();
    absl::Status s = Charge(uint64_t{v->size()} * sizeof(U) + 16, where);
    if (!s.ok()) return s;
    if constexpr (std::is_same_v<T, U> && std::is_arithmetic_v<T>) {
      // The verifier checks the alignment of a vector's length, not of its 8-byte elements: copy
      // bytes rather than load possibly misaligned int64 values.
      out.resize(v->size());
      if (!out.empty()) std::memcpy(out.data(), v->Data(), out.size() * sizeof(T));
    } else {
      out.assign(v->begin(), v->end());
    }
    return absl::OkStatus();
  }

  // A byte range of the file given as offset/size (the >2 GB form).
  absl::StatusOr<absl::Span<const uint8_t>> FileRange(uint64_t offset, uint64_t size,
                                                      const std::string& where) {
    if (offset > bytes_.size() || size > bytes_.size() - offset) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": data at offset ", offset, " with size ", size,
                       " lies beyond the end of the file (", bytes_.size(), " bytes)"));
    }
    return bytes_.subspan(offset, size);
  }

  // Charges for an unpacked options object by its serialized size, measured once per source table.
  template <typename PackFn>
  absl::Status ChargePacked(const void* source, PackFn pack, const std::string& where) {
    auto it = packed_sizes_.find(source);
    uint64_t size;
    if (it != packed_sizes_.end()) {
      size = it->second;
    } else {
      scratch_.Clear();
      pack(scratch_);
      size = scratch_.GetSize() + 64;
      packed_sizes_.emplace(source, size);
    }
    return Charge(size, where);
  }

  absl::Status ConvertOperatorCodes(const tflite::Model& fb, TflModel& m) {
    if (fb.operator_codes() == nullptr) return absl::OkStatus();
    for (const tflite::OperatorCode* c : *fb.operator_codes()) {
      TflOperatorCode code;
      // Older writers fill only the byte field; newer ones put 127 there and the code in the int.
      const int32_t deprecated = c->deprecated_builtin_code();
      code.builtin_code = static_cast<tflite::BuiltinOperator>(
          std::max(static_cast<int32_t>(c->builtin_code()), deprecated));
      code.custom_code = Str(c->custom_code());
      code.version = c->version();
      absl::Status s = Charge(64 + code.custom_code.size(), "operator codes");
      if (!s.ok()) return s;
      m.operator_codes.push_back(std::move(code));
    }
    return absl::OkStatus();
  }

  absl::Status ConvertBuffers(const tflite::Model& fb, TflModel& m) {
    if (fb.buffers() == nullptr || fb.buffers()->size() == 0) {
      m.buffers.emplace_back();  // tolerate a model without any buffer: add the sentinel
      return absl::OkStatus();
    }
    m.buffers.resize(fb.buffers()->size());
    absl::Status s = Charge(uint64_t{fb.buffers()->size()} * sizeof(TflBuffer), "buffers");
    if (!s.ok()) return s;
    for (size_t i = 0; i < m.buffers.size(); ++i) {
      const tflite::Buffer* b = fb.buffers()->Get(i);
      absl::Span<const uint8_t> data;
      if (b->offset() > 1) {  // 0 and 1 are "not set" (1: a writer's placeholder)
        absl::StatusOr<absl::Span<const uint8_t>> range =
            FileRange(b->offset(), b->size(), absl::StrCat("buffer ", i));
        if (!range.ok()) return range.status();
        data = *range;
      } else if (b->data() != nullptr) {
        data = absl::MakeConstSpan(b->data()->data(), b->data()->size());
      }
      if (!data.empty()) m.buffers[i].data = ByteBuffer(data.data(), data.size(), keep_);
    }
    return absl::OkStatus();
  }

  absl::Status ConvertQuantization(const tflite::QuantizationParameters& q, TflTensor& t,
                                   const std::string& where) {
    TflQuantization out;
    absl::Status s = CopyVector(q.min(), out.min, where);
    if (s.ok()) s = CopyVector(q.max(), out.max, where);
    if (s.ok()) s = CopyVector(q.scale(), out.scale, where);
    if (s.ok()) s = CopyVector(q.zero_point(), out.zero_point, where);
    if (s.ok()) {
      s = CheckUnionField(q.details_type(), q.details(), tflite::QuantizationDetails::MAX, where,
                          "quantization details");
    }
    if (!s.ok()) return s;
    out.quantized_dimension = q.quantized_dimension();
    if (q.details_type() != tflite::QuantizationDetails::NONE) {
      out.details.type = q.details_type();
      out.details.value =
          tflite::QuantizationDetailsUnion::UnPack(q.details(), q.details_type(), nullptr);
      s = ChargePacked(
          q.details(), [&](flatbuffers::FlatBufferBuilder& b) { out.details.Pack(b); }, where);
      if (!s.ok()) return s;
    }
    if (!out.empty()) t.quantization = std::move(out);
    return absl::OkStatus();
  }

  absl::Status ConvertSparsity(const tflite::SparsityParameters& sp, TflTensor& t,
                               const std::string& where) {
    if (sp.dim_metadata() != nullptr) {
      for (size_t d = 0; d < sp.dim_metadata()->size(); ++d) {
        const tflite::DimensionMetadata* dim = sp.dim_metadata()->Get(d);
        const std::string dim_where = absl::StrCat(where, ", sparsity dimension ", d);
        absl::Status s =
            CheckUnionField(dim->array_segments_type(), dim->array_segments(),
                            tflite::SparseIndexVector::MAX, dim_where, "array_segments");
        if (s.ok()) {
          s = CheckUnionField(dim->array_indices_type(), dim->array_indices(),
                              tflite::SparseIndexVector::MAX, dim_where, "array_indices");
        }
        if (!s.ok()) return s;
      }
    }
    t.sparsity.emplace();
    sp.UnPackTo(&*t.sparsity);
    return ChargePacked(
        &sp,
        [&](flatbuffers::FlatBufferBuilder& b) {
          tflite::CreateSparsityParameters(b, &*t.sparsity);
        },
        where);
  }

  absl::Status ConvertTensor(const tflite::Tensor& fb, const std::string& where, TflTensor& t) {
    t.name = Str(fb.name());
    absl::Status s = Charge(sizeof(TflTensor) + t.name.size(), where);
    if (s.ok()) s = CopyVector(fb.shape(), t.shape, where);
    if (s.ok()) s = CopyVector(fb.shape_signature(), t.shape_signature, where);
    if (!s.ok()) return s;
    if (static_cast<int>(fb.type()) < static_cast<int>(tflite::TensorType::MIN) ||
        static_cast<int>(fb.type()) > static_cast<int>(tflite::TensorType::MAX)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": unknown tensor type ", static_cast<int>(fb.type())));
    }
    if (fb.external_buffer() != 0) {
      return absl::UnimplementedError(
          absl::StrCat(where,
                       ": the tensor's data lives in an external buffer group (a separate weights "
                       "file), which this reader does not support"));
    }
    t.type = fb.type();
    t.buffer = fb.buffer();
    t.is_variable = fb.is_variable();
    t.has_rank = fb.has_rank();
    if (fb.quantization() != nullptr) s = ConvertQuantization(*fb.quantization(), t, where);
    if (s.ok() && fb.sparsity() != nullptr) s = ConvertSparsity(*fb.sparsity(), t, where);
    return s;
  }

  absl::Status ConvertOperator(const tflite::Operator& fb, const std::string& where,
                               TflOperator& op) {
    op.opcode_index = fb.opcode_index();
    absl::Status s = Charge(sizeof(TflOperator), where);
    if (s.ok()) s = CopyVector(fb.inputs(), op.inputs, where);
    if (s.ok()) s = CopyVector(fb.outputs(), op.outputs, where);
    if (s.ok()) s = CopyVector(fb.intermediates(), op.intermediates, where);
    if (s.ok()) s = CopyVector(fb.mutating_variable_inputs(), op.mutating_variable_inputs, where);
    if (s.ok()) {
      s = CheckUnionField(fb.builtin_options_type(), fb.builtin_options(),
                          tflite::BuiltinOptions::MAX, where, "builtin_options");
    }
    if (s.ok()) {
      s = CheckUnionField(fb.builtin_options_2_type(), fb.builtin_options_2(),
                          tflite::BuiltinOptions2::MAX, where, "builtin_options_2");
    }
    if (!s.ok()) return s;
    if (fb.builtin_options_type() != tflite::BuiltinOptions::NONE) {
      op.builtin_options.type = fb.builtin_options_type();
      op.builtin_options.value = tflite::BuiltinOptionsUnion::UnPack(
          fb.builtin_options(), fb.builtin_options_type(), nullptr);
      s = ChargePacked(
          fb.builtin_options(),
          [&](flatbuffers::FlatBufferBuilder& b) { op.builtin_options.Pack(b); }, where);
    }
    if (s.ok() && fb.builtin_options_2_type() != tflite::BuiltinOptions2::NONE) {
      op.builtin_options_2.type = fb.builtin_options_2_type();
      op.builtin_options_2.value = tflite::BuiltinOptions2Union::UnPack(
          fb.builtin_options_2(), fb.builtin_options_2_type(), nullptr);
      s = ChargePacked(
          fb.builtin_options_2(),
          [&](flatbuffers::FlatBufferBuilder& b) { op.builtin_options_2.Pack(b); }, where);
    }
    if (!s.ok()) return s;
    if (fb.large_custom_options_offset() > 1) {
      absl::StatusOr<absl::Span<const uint8_t>> range =
          FileRange(fb.large_custom_options_offset(), fb.large_custom_options_size(),
                    absl::StrCat(where, ", custom options"));
      if (!range.ok()) return range.status();
      s = Charge(range->size(), where);
      if (s.ok()) op.custom_options.assign(range->begin(), range->end());
      return s;
    }
    return CopyVector(fb.custom_options(), op.custom_options, where);
  }

  absl::Status ConvertSubgraph(const tflite::SubGraph& fb, size_t index, TflSubgraph& g) {
    g.name = Str(fb.name());
    const std::string label = absl::StrCat("subgraph ", index, " ('", g.name, "')");
    absl::Status s = Charge(sizeof(TflSubgraph) + g.name.size(), label);
    if (s.ok()) s = CopyVector(fb.inputs(), g.inputs, label);
    if (s.ok()) s = CopyVector(fb.outputs(), g.outputs, label);
    if (!s.ok()) return s;
    if (fb.tensors() != nullptr) {
      g.tensors.resize(fb.tensors()->size());
      for (size_t i = 0; i < g.tensors.size(); ++i) {
        const tflite::Tensor* t = fb.tensors()->Get(i);
        s = ConvertTensor(*t, absl::StrCat(label, ", tensor ", i, " ('", Str(t->name()), "')"),
                          g.tensors[i]);
        if (!s.ok()) return s;
      }
    }
    if (fb.operators() != nullptr) {
      g.operators.resize(fb.operators()->size());
      for (size_t i = 0; i < g.operators.size(); ++i) {
        s = ConvertOperator(*fb.operators()->Get(i), absl::StrCat(label, ", operator ", i),
                            g.operators[i]);
        if (!s.ok()) return s;
      }
    }
    return absl::OkStatus();
  }

  absl::Status ConvertMetadata(const tflite::Model& fb, TflModel& m) {
    absl::Status s = CopyVector(fb.metadata_buffer(), m.metadata_buffer, "metadata_buffer");
    if (!s.ok() || fb.metadata() == nullptr) return s;
    for (const tflite::Metadata* md : *fb.metadata()) {
      m.metadata.emplace_back(Str(md->name()), md->buffer());
      s = Charge(64 + m.metadata.back().first.size(), "metadata");
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }

  absl::Status ConvertTensorMaps(
      const flatbuffers::Vector<flatbuffers::Offset<tflite::TensorMap>>* maps,
      std::vector<std::pair<std::string, uint32_t>>& out, const std::string& where) {
    if (maps == nullptr) return absl::OkStatus();
    for (const tflite::TensorMap* map : *maps) {
      out.emplace_back(Str(map->name()), map->tensor_index());
      absl::Status s = Charge(64 + out.back().first.size(), where);
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }

  absl::Status ConvertSignatures(const tflite::Model& fb, TflModel& m) {
    if (fb.signature_defs() == nullptr) return absl::OkStatus();
    for (size_t i = 0; i < fb.signature_defs()->size(); ++i) {
      const tflite::SignatureDef* fs = fb.signature_defs()->Get(i);
      TflSignatureDef sig;
      sig.signature_key = Str(fs->signature_key());
      sig.subgraph_index = fs->subgraph_index();
      const std::string where = absl::StrCat("signature ", i, " ('", sig.signature_key, "')");
      absl::Status s = ConvertTensorMaps(fs->inputs(), sig.inputs, where);
      if (s.ok()) s = ConvertTensorMaps(fs->outputs(), sig.outputs, where);
      if (!s.ok()) return s;
      m.signature_defs.push_back(std::move(sig));
    }
    return absl::OkStatus();
  }

  absl::Span<const uint8_t> bytes_;
  std::shared_ptr<const void> keep_;
  uint64_t budget_;
  flatbuffers::FlatBufferBuilder scratch_{1024};
  std::unordered_map<const void*, uint64_t> packed_sizes_;
};

}  // namespace

absl::StatusOr<TflModel> ReadModel(absl::Span<const uint8_t> bytes, ByteBuffer owner) {
  if (bytes.size() < 8) {
    return absl::InvalidArgumentError(absl::StrCat("not a TFLite model: ", bytes.size(),
                                                   " bytes is too short for a flatbuffer header"));
  }
  if (!tflite::ModelBufferHasIdentifier(bytes.data())) {
    std::string id(reinterpret_cast<const char*>(bytes.data()) + 4, 4);
    for (char& c : id) {
      if (c < 32 || c > 126) c = '?';
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "not a TFLite model: the file identifier (bytes 4..7) is '", id, "', expected 'TFL3'"));
  }
  // The flatbuffer itself is at most 2 GB; data stored by offset may follow it.
  const size_t fb_size = std::min<size_t>(bytes.size(), FLATBUFFERS_MAX_BUFFER_SIZE - 1);
  flatbuffers::Verifier verifier(bytes.data(), fb_size, kMaxVerifierDepth, kMaxVerifierTables);
  if (!tflite::VerifyModelBuffer(verifier)) {
    return absl::InvalidArgumentError(
        "the TFLite flatbuffer is corrupt or truncated (flatbuffers verification failed)");
  }
  // One shared owner for every buffer that points into the file.
  auto keep = std::make_shared<const ByteBuffer>(std::move(owner));
  absl::StatusOr<TflModel> model =
      ModelConverter(bytes, keep).Convert(*tflite::GetModel(bytes.data()));
  if (!model.ok()) return model.status();
  absl::Status s = CheckModelStructure(*model);
  if (!s.ok()) return s;
  return model;
}

absl::StatusOr<TflModel> ReadModelFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::NotFoundError(absl::StrCat("cannot open '", path, "': ", std::strerror(errno)));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return absl::InternalError(absl::StrCat("cannot stat '", path, "': ", std::strerror(err)));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError(absl::StrCat("'", path, "' is not a regular file"));
  }
  const size_t size = static_cast<size_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    return absl::InvalidArgumentError(absl::StrCat("'", path, "' is empty, not a TFLite model"));
  }
  void* addr = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  int map_errno = errno;
  ::close(fd);
  if (addr == MAP_FAILED) {
    return absl::InternalError(
        absl::StrCat("cannot map '", path, "' into memory: ", std::strerror(map_errno)));
  }
  std::shared_ptr<const void> mapping(
      addr, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
  const auto* data = static_cast<const uint8_t*>(addr);
  absl::StatusOr<TflModel> model =
      ReadModel(absl::MakeConstSpan(data, size), ByteBuffer(data, size, std::move(mapping)));
  if (!model.ok()) {
    return absl::Status(model.status().code(),
                        absl::StrCat("reading '", path, "': ", model.status().message()));
  }
  return model;
}

}  // namespace tfconv
