#include "metadata/display/metadata_display.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "flatbuffers/flatbuffers.h"
#include "flatbuffers/idl.h"
#include "metadata/archive/associated_files.h"
#include "metadata/display/metadata_reader.h"
#include "metadata/schema/metadata_schema_generated.h"
#include "metadata/schema/metadata_schema_text.h"

namespace tfconv {
namespace {

// Collects file names in first-seen order, each once.
class NameCollector {
 public:
  void Add(const flatbuffers::Vector<flatbuffers::Offset<tflite::AssociatedFile>>* files) {
    if (files == nullptr) return;
    for (const tflite::AssociatedFile* file : *files) {
      if (file->name() != nullptr && seen_.insert(file->name()->str()).second) names_.push_back(file->name()->str());
    }
  }
  void Add(const flatbuffers::Vector<flatbuffers::Offset<tflite::ProcessUnit>>* units) {
    if (units == nullptr) return;
    for (const tflite::ProcessUnit* unit : *units) {
      if (const auto* bert = unit->options_as_BertTokenizerOptions()) Add(bert->vocab_file());
      if (const auto* piece = unit->options_as_SentencePieceTokenizerOptions()) {
        Add(piece->sentencePiece_model());
        Add(piece->vocab_file());
      }
      if (const auto* regex = unit->options_as_RegexTokenizerOptions()) Add(regex->vocab_file());
    }
  }
  void Add(const flatbuffers::Vector<flatbuffers::Offset<tflite::TensorMetadata>>* tensors) {
    if (tensors == nullptr) return;
    for (const tflite::TensorMetadata* tensor : *tensors) {
      Add(tensor->associated_files());
      Add(tensor->process_units());
    }
  }
  std::vector<std::string> Take() { return std::move(names_); }

 private:
  std::set<std::string> seen_;
  std::vector<std::string> names_;
};

}  // namespace

absl::StatusOr<std::string> MetadataJson(absl::Span<const uint8_t> metadata_buffer, absl::string_view where) {
  absl::Status verified = VerifyMetadataBuffer(metadata_buffer, where);
  if (!verified.ok()) return verified;
  flatbuffers::IDLOptions options;
  options.strict_json = true;  // quoted keys, as the official displayer asks flatbuffers for
  flatbuffers::Parser parser(options);
  if (!parser.Parse(MetadataSchemaText())) {
    return absl::InternalError(absl::StrCat("the built-in metadata schema does not parse: ", parser.error_));
  }
  std::string json;
  if (!GenerateText(parser, metadata_buffer.data(), &json)) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": the ", kTfliteMetadataName,
        " buffer holds a value the schema cannot print (an unknown union type or a string that is not UTF-8); "
        "populate the metadata again"));
  }
  return json;
}

std::vector<std::string> ReferencedAssociatedFiles(absl::Span<const uint8_t> metadata_buffer) {
  const tflite::ModelMetadata* root = tflite::GetModelMetadata(metadata_buffer.data());
  NameCollector names;
  names.Add(root->associated_files());
  if (root->subgraph_metadata() != nullptr) {
    for (const tflite::SubGraphMetadata* subgraph : *root->subgraph_metadata()) {
      names.Add(subgraph->associated_files());
      names.Add(subgraph->input_tensor_metadata());
      names.Add(subgraph->output_tensor_metadata());
      names.Add(subgraph->input_process_units());
      names.Add(subgraph->output_process_units());
    }
  }
  return names.Take();
}

absl::StatusOr<MetadataDisplay> DisplayMetadata(absl::Span<const uint8_t> tflite_bytes, absl::string_view where) {
  absl::StatusOr<MetadataBuffer> metadata = ReadMetadataBuffer(tflite_bytes, where);
  if (!metadata.ok()) return metadata.status();
  MetadataDisplay shown;
  absl::StatusOr<std::vector<std::string>> packed = ListAssociatedFiles(tflite_bytes, where);
  if (!packed.ok()) return packed.status();
  shown.packed_files = *std::move(packed);
  if (metadata->bytes.empty()) return shown;
  shown.has_metadata = true;
  shown.min_parser_version = metadata->min_parser_version;
  absl::StatusOr<std::string> json = MetadataJson(metadata->bytes, where);
  if (!json.ok()) return json.status();
  shown.json = *std::move(json);
  shown.referenced_files = ReferencedAssociatedFiles(metadata->bytes);
  for (const std::string& name : shown.referenced_files) {
    if (std::find(shown.packed_files.begin(), shown.packed_files.end(), name) == shown.packed_files.end()) {
      shown.missing_files.push_back(name);
    }
  }
  return shown;
}

absl::StatusOr<MetadataDisplay> DisplayMetadataFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open the file"));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return absl::DataLossError(absl::StrCat(path, ": read error"));
  return DisplayMetadata(AsBytes(bytes), path);
}

}  // namespace tfconv
