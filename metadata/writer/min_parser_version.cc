#include "metadata/writer/min_parser_version.h"

#include <array>
#include <memory>
#include <vector>

#include "absl/strings/str_join.h"

namespace tfconv {
namespace {

using Version = std::array<int, 3>;

void Raise(Version& current, const Version& needed) {
  if (current < needed) current = needed;  // std::array compares lexicographically
}

void VisitFiles(const std::vector<std::unique_ptr<tflite::AssociatedFileT>>& files, Version& v) {
  for (const auto& f : files) {
    if (f == nullptr) continue;
    if (f->type == tflite::AssociatedFileType::VOCABULARY) Raise(v, {1, 0, 1});
    if (f->type == tflite::AssociatedFileType::SCANN_INDEX_FILE) Raise(v, {1, 4, 0});
    if (!f->version.empty()) Raise(v, {1, 4, 1});
  }
}

void VisitUnits(const std::vector<std::unique_ptr<tflite::ProcessUnitT>>& units, Version& v) {
  for (const auto& u : units) {
    if (u == nullptr) continue;
    switch (u->options.type) {
      case tflite::ProcessUnitOptions::BertTokenizerOptions:
      case tflite::ProcessUnitOptions::SentencePieceTokenizerOptions:
        Raise(v, {1, 1, 0});
        break;
      case tflite::ProcessUnitOptions::RegexTokenizerOptions:
        Raise(v, {1, 2, 1});
        break;
      default:
        break;
    }
  }
}

void VisitTensors(const std::vector<std::unique_ptr<tflite::TensorMetadataT>>& tensors, Version& v) {
  for (const auto& t : tensors) {
    if (t == nullptr) continue;
    VisitFiles(t->associated_files, v);
    VisitUnits(t->process_units, v);
    if (t->content != nullptr && t->content->content_properties.type == tflite::ContentProperties::AudioProperties) {
      Raise(v, {1, 3, 0});
    }
  }
}

}  // namespace

std::string MinParserVersion(const tflite::ModelMetadataT& metadata) {
  Version v = {1, 0, 0};
  for (const auto& g : metadata.subgraph_metadata) {
    if (g == nullptr) continue;
    VisitTensors(g->input_tensor_metadata, v);
    VisitTensors(g->output_tensor_metadata, v);
    VisitFiles(g->associated_files, v);
    if (!g->input_process_units.empty() || !g->output_process_units.empty()) Raise(v, {1, 1, 0});
    VisitUnits(g->input_process_units, v);
    VisitUnits(g->output_process_units, v);
    if (!g->input_tensor_groups.empty() || !g->output_tensor_groups.empty()) Raise(v, {1, 2, 0});
  }
  VisitFiles(metadata.associated_files, v);
  return absl::StrJoin(v, ".");
}

}  // namespace tfconv
