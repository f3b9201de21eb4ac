#include "metadata/display/metadata_reader.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "flatbuffers/flatbuffers.h"
#include "metadata/schema/metadata_schema_generated.h"

namespace tfconv {
namespace {

// The flatbuffers Verifier accepts a union value whose type tag is NONE (it skips it), but
// flatbuffers' JSON printer asserts on one; such a buffer is refused here. Returns the first
// offending field, or "" when all are fine.
std::string UnionWithoutType(const tflite::Content* content, const std::string& at) {
  if (content != nullptr && content->content_properties() != nullptr &&
      content->content_properties_type() == tflite::ContentProperties::NONE) {
    return at + ".content.content_properties";
  }
  return "";
}

std::string UnionWithoutType(const flatbuffers::Vector<flatbuffers::Offset<tflite::ProcessUnit>>* units,
                             const std::string& at) {
  if (units == nullptr) return "";
  for (flatbuffers::uoffset_t i = 0; i < units->size(); ++i) {
    const tflite::ProcessUnit* unit = units->Get(i);
    if (unit->options() != nullptr && unit->options_type() == tflite::ProcessUnitOptions::NONE) {
      return absl::StrCat(at, "[", i, "].options");
    }
  }
  return "";
}

std::string UnionWithoutType(const flatbuffers::Vector<flatbuffers::Offset<tflite::TensorMetadata>>* tensors,
                             const std::string& at) {
  if (tensors == nullptr) return "";
  for (flatbuffers::uoffset_t i = 0; i < tensors->size(); ++i) {
    const std::string here = absl::StrCat(at, "[", i, "]");
    std::string bad = UnionWithoutType(tensors->Get(i)->content(), here);
    if (bad.empty()) bad = UnionWithoutType(tensors->Get(i)->process_units(), here + ".process_units");
    if (!bad.empty()) return bad;
  }
  return "";
}

std::string UnionWithoutType(const tflite::ModelMetadata& root) {
  if (root.subgraph_metadata() == nullptr) return "";
  for (flatbuffers::uoffset_t i = 0; i < root.subgraph_metadata()->size(); ++i) {
    const tflite::SubGraphMetadata* subgraph = root.subgraph_metadata()->Get(i);
    const std::string at = absl::StrCat("subgraph_metadata[", i, "]");
    for (std::string bad : {UnionWithoutType(subgraph->input_tensor_metadata(), at + ".input_tensor_metadata"),
                            UnionWithoutType(subgraph->output_tensor_metadata(), at + ".output_tensor_metadata"),
                            UnionWithoutType(subgraph->input_process_units(), at + ".input_process_units"),
                            UnionWithoutType(subgraph->output_process_units(), at + ".output_process_units")}) {
      if (!bad.empty()) return bad;
    }
  }
  return "";
}

}  // namespace

absl::Status VerifyMetadataBuffer(absl::Span<const uint8_t> bytes, absl::string_view where) {
  auto bad = [&](absl::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": the ", kTfliteMetadataName, " buffer ", what,
                                                   "; populate the metadata again (tflite_metadata)"));
  };
  // Root offset (4 bytes) + identifier (4 bytes) at least.
  if (bytes.size() < 8) return bad(absl::StrCat("is ", bytes.size(), " bytes long, too short for a flatbuffer"));
  const absl::string_view identifier(reinterpret_cast<const char*>(bytes.data()) + 4, 4);
  if (identifier != kMetadataIdentifier) {
    return bad(absl::StrCat("has file identifier \"", absl::CHexEscape(identifier), "\" instead of \"",
                            kMetadataIdentifier, "\": it is not TFLite metadata (or a newer, incompatible version)"));
  }
  if (bytes.size() >= (size_t{1} << 31)) return bad("is 2 GiB or larger");
  flatbuffers::Verifier verifier(bytes.data(), bytes.size());
  if (!tflite::VerifyModelMetadataBuffer(verifier)) {
    return bad("is not a valid ModelMetadata flatbuffer (an offset, length or nesting is out of bounds)");
  }
  const std::string untyped = UnionWithoutType(*tflite::GetModelMetadata(bytes.data()));
  if (!untyped.empty()) return bad(absl::StrCat("is not a valid ModelMetadata flatbuffer: ", untyped, " has a value but no type"));
  return absl::OkStatus();
}

absl::StatusOr<MetadataBuffer> FindMetadataBuffer(const TflModel& model, absl::string_view where) {
  MetadataBuffer result;
  for (const auto& [name, index] : model.metadata) {
    if (name != kTfliteMetadataName) continue;
    if (index >= model.buffers.size()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": Model.metadata \"", name, "\" names buffer ", index,
                                                     " but the model has ", model.buffers.size(), " buffers"));
    }
    result.bytes = model.buffers[index].data.span();
    absl::Status ok = VerifyMetadataBuffer(result.bytes, where);
    if (!ok.ok()) return ok;
    const tflite::ModelMetadata* root = tflite::GetModelMetadata(result.bytes.data());
    if (root->min_parser_version() != nullptr) result.min_parser_version = root->min_parser_version()->str();
    return result;
  }
  return result;
}

absl::StatusOr<MetadataBuffer> ReadMetadataBuffer(absl::Span<const uint8_t> tflite_bytes, absl::string_view where) {
  absl::StatusOr<TflModel> model = ReadModel(tflite_bytes, ByteBuffer());
  if (!model.ok()) {
    return absl::Status(model.status().code(), absl::StrCat(where, ": ", model.status().message()));
  }
  return FindMetadataBuffer(*model, where);
}

}  // namespace tfconv
