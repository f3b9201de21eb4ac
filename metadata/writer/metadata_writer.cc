#include "metadata/writer/metadata_writer.h"

#include <cstdlib>
#include <map>
#include <memory>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "flatbuffers/flatbuffers.h"
#include "metadata/writer/file_io.h"
#include "metadata/writer/min_parser_version.h"
#include "metadata/writer/model_metadata_entry.h"

namespace tfconv {
namespace {

using FileList = std::vector<std::unique_ptr<tflite::AssociatedFileT>>;
using UnitList = std::vector<std::unique_ptr<tflite::ProcessUnitT>>;

// Collects file names and types in metadata order.
class FileCollector {
 public:
  void Files(const FileList& files) {
    for (const auto& f : files) {
      if (f == nullptr || f->name.empty() || types_.count(f->name) != 0) continue;
      names_.push_back(f->name);
      types_[f->name] = f->type;
    }
  }
  void Units(const UnitList& units) {
    for (const auto& u : units) {
      if (u == nullptr) continue;
      if (const auto* bert = u->options.AsBertTokenizerOptions()) Files(bert->vocab_file);
      if (const auto* sp = u->options.AsSentencePieceTokenizerOptions()) {
        Files(sp->sentencePiece_model);
        Files(sp->vocab_file);
      }
      if (const auto* regex = u->options.AsRegexTokenizerOptions()) Files(regex->vocab_file);
    }
  }
  void Tensors(const std::vector<std::unique_ptr<tflite::TensorMetadataT>>& tensors) {
    for (const auto& t : tensors) {
      if (t == nullptr) continue;
      Files(t->associated_files);
      Units(t->process_units);
    }
  }
  void Model(const tflite::ModelMetadataT& m) {
    for (const auto& g : m.subgraph_metadata) {
      if (g == nullptr) continue;
      Tensors(g->input_tensor_metadata);
      Tensors(g->output_tensor_metadata);
      Files(g->associated_files);
      Units(g->input_process_units);
      Units(g->output_process_units);
    }
    Files(m.associated_files);
  }
  std::vector<std::string> names_;
  std::map<std::string, tflite::AssociatedFileType> types_;
};

std::string TensorNames(const TflSubgraph& g, const std::vector<int32_t>& list) {
  std::vector<std::string> names;
  for (int32_t i : list) {
    names.push_back(i >= 0 && static_cast<size_t>(i) < g.tensors.size() ? absl::StrCat("'", g.tensors[i].name, "'")
                                                                          : absl::StrCat("#", i));
  }
  return absl::StrJoin(names, ", ");
}

// Each line: empty, or scale,slope,offset[,min_score] (the TENSOR_AXIS_SCORE_CALIBRATION format).
absl::Status CheckScoreCalibrationFile(const std::string& name, const std::string& data, absl::string_view where) {
  std::vector<absl::string_view> lines = absl::StrSplit(data, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::string_view line = absl::StripSuffix(lines[i], "\r");
    if (line.empty()) continue;
    std::vector<absl::string_view> fields = absl::StrSplit(line, ',');
    bool ok = fields.size() == 3 || fields.size() == 4;
    for (absl::string_view f : fields) {
      float v;
      ok = ok && absl::SimpleAtof(f, &v);
    }
    if (!ok) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": score calibration file '", name, "' line ", i + 1, " is \"", line,
          "\": each line must be empty or hold 3 or 4 comma-separated numbers (scale,slope,offset[,min_score])"));
    }
  }
  return absl::OkStatus();
}

// A verified buffer may hold a union type without its table (the Python object API writes that
// for an empty FeatureProperties). Packing such a union would dereference the missing table, so
// give it the table a reader would see: all fields at their defaults.
void FillMissingUnionValue(tflite::ContentPropertiesUnion& u) {
  if (u.value != nullptr) return;
  switch (u.type) {
    case tflite::ContentProperties::FeatureProperties: u.Set(tflite::FeaturePropertiesT()); break;
    case tflite::ContentProperties::ImageProperties: u.Set(tflite::ImagePropertiesT()); break;
    case tflite::ContentProperties::BoundingBoxProperties: u.Set(tflite::BoundingBoxPropertiesT()); break;
    case tflite::ContentProperties::AudioProperties: u.Set(tflite::AudioPropertiesT()); break;
    default: break;  // NONE, or a type newer than our schema: packed as a type with no table
  }
}

void FillMissingUnionValue(tflite::ProcessUnitOptionsUnion& u) {
  if (u.value != nullptr) return;
  switch (u.type) {
    case tflite::ProcessUnitOptions::NormalizationOptions: u.Set(tflite::NormalizationOptionsT()); break;
    case tflite::ProcessUnitOptions::ScoreCalibrationOptions: u.Set(tflite::ScoreCalibrationOptionsT()); break;
    case tflite::ProcessUnitOptions::ScoreThresholdingOptions: u.Set(tflite::ScoreThresholdingOptionsT()); break;
    case tflite::ProcessUnitOptions::BertTokenizerOptions: u.Set(tflite::BertTokenizerOptionsT()); break;
    case tflite::ProcessUnitOptions::SentencePieceTokenizerOptions:
      u.Set(tflite::SentencePieceTokenizerOptionsT());
      break;
    case tflite::ProcessUnitOptions::RegexTokenizerOptions: u.Set(tflite::RegexTokenizerOptionsT()); break;
    default: break;
  }
}

void FillMissingUnionValues(UnitList& units) {
  for (auto& u : units) {
    if (u != nullptr) FillMissingUnionValue(u->options);
  }
}

void FillMissingUnionValues(tflite::ModelMetadataT& m) {
  for (auto& g : m.subgraph_metadata) {
    if (g == nullptr) continue;
    for (auto* list : {&g->input_tensor_metadata, &g->output_tensor_metadata}) {
      for (auto& t : *list) {
        if (t == nullptr) continue;
        if (t->content != nullptr) FillMissingUnionValue(t->content->content_properties);
        FillMissingUnionValues(t->process_units);
      }
    }
    FillMissingUnionValues(g->input_process_units);
    FillMissingUnionValues(g->output_process_units);
  }
}

}  // namespace

std::vector<std::string> AssociatedFileNames(const tflite::ModelMetadataT& metadata) {
  FileCollector c;
  c.Model(metadata);
  return c.names_;
}

std::string SerializeModelMetadata(const tflite::ModelMetadataT& metadata) {
  tflite::ModelMetadataT copy(metadata);
  copy.min_parser_version = MinParserVersion(copy);
  flatbuffers::FlatBufferBuilder builder;
  tflite::FinishModelMetadataBuffer(builder, tflite::ModelMetadata::Pack(builder, &copy));
  return std::string(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
}

absl::StatusOr<tflite::ModelMetadataT> ReadModelMetadata(const TflModel& model, absl::string_view where) {
  const ByteBuffer* bytes = FindMetadataEntry(model, kTfliteMetadataEntry);
  if (bytes == nullptr) return absl::NotFoundError(absl::StrCat(where, " has no ", kTfliteMetadataEntry, " entry"));
  flatbuffers::Verifier verifier(bytes->data(), bytes->size());
  if (bytes->size() < 8 || !tflite::ModelMetadataBufferHasIdentifier(bytes->data()) ||
      !tflite::VerifyModelMetadataBuffer(verifier)) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": the ", kTfliteMetadataEntry, " buffer (", bytes->size(),
                                                   " bytes) is not a valid \"M001\" ModelMetadata flatbuffer; "
                                                   "re-populate the metadata to replace it"));
  }
  tflite::ModelMetadataT metadata;
  tflite::GetModelMetadata(bytes->data())->UnPackTo(&metadata);
  FillMissingUnionValues(metadata);
  return metadata;
}

absl::Status CheckMetadataMatchesModel(const tflite::ModelMetadataT& metadata, const TflModel& model,
                                       absl::string_view where) {
  if (model.subgraphs.empty()) return absl::InvalidArgumentError(absl::StrCat(where, " has no subgraph"));
  if (metadata.subgraph_metadata.size() != 1 || metadata.subgraph_metadata[0] == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": the metadata must describe exactly one subgraph (the "
                                                   "main one), it describes ", metadata.subgraph_metadata.size()));
  }
  const TflSubgraph& g = model.subgraphs[0];
  const tflite::SubGraphMetadataT& sg = *metadata.subgraph_metadata[0];
  auto check = [&](size_t described, const std::vector<int32_t>& actual, const char* kind, const char* key) {
    if (described == actual.size()) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": the metadata describes ", described, " ", kind, " tensor", described == 1 ? "" : "s",
        " but subgraph 0 has ", actual.size(), " ", kind, actual.size() == 1 ? "" : "s", " (", TensorNames(g, actual),
        "); give one entry per ", kind, " in \"", key, "\", in the model's order"));
  };
  if (absl::Status s = check(sg.input_tensor_metadata.size(), g.inputs, "input", "inputs"); !s.ok()) return s;
  return check(sg.output_tensor_metadata.size(), g.outputs, "output", "outputs");
}

absl::Status AttachMetadata(TflModel& model, const tflite::ModelMetadataT& metadata, absl::string_view where) {
  if (absl::Status s = CheckMetadataMatchesModel(metadata, model, where); !s.ok()) return s;
  SetMetadataEntry(model, kTfliteMetadataEntry, ByteBuffer::FromString(SerializeModelMetadata(metadata)));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AssociatedFileData>> GatherAssociatedFiles(
    const tflite::ModelMetadataT& metadata, const std::vector<AssociatedFileSource>& sources,
    const std::vector<std::string>& extra_paths, const std::vector<AssociatedFileData>& packed,
    absl::string_view where) {
  FileCollector names;
  names.Model(metadata);
  std::map<std::string, std::string> extra;  // base name -> path
  for (const std::string& path : extra_paths) {
    const std::string base = BaseName(path);
    if (names.types_.count(base) == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": the associated file '", path, "' is not named by the metadata (it names: ",
          names.names_.empty() ? "no files" : absl::StrJoin(names.names_, ", "),
          "); add it to an \"associated_files\" list or leave it out"));
    }
    if (extra.count(base) != 0 && extra[base] != path) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": two associated files are named '", base, "': '", extra[base], "' and '", path, "'"));
    }
    extra[base] = path;
  }
  std::vector<AssociatedFileData> files;
  std::vector<std::string> missing;
  for (const std::string& name : names.names_) {
    std::string path;
    for (const AssociatedFileSource& s : sources) {
      if (s.name == name && !s.path.empty()) path = s.path;
    }
    if (path.empty() && extra.count(name) != 0) path = extra[name];
    if (!path.empty()) {
      absl::StatusOr<std::string> data = ReadFileBytes(path, absl::StrCat("associated file '", name, "' at"));
      if (!data.ok()) return data.status();
      files.push_back({name, *std::move(data)});
      continue;
    }
    bool found = false;
    for (const AssociatedFileData& p : packed) {
      if (p.name == name) {
        files.push_back(p);
        found = true;
        break;
      }
    }
    if (!found) missing.push_back(name);
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": the metadata names associated file", missing.size() == 1 ? " " : "s ", absl::StrJoin(missing, ", "),
        " but no such file was given and the model does not pack ", missing.size() == 1 ? "it" : "them",
        "; give a \"path\" in the description or pass it with --associated_files"));
  }
  for (const AssociatedFileData& f : files) {
    if (names.types_[f.name] == tflite::AssociatedFileType::TENSOR_AXIS_SCORE_CALIBRATION) {
      if (absl::Status s = CheckScoreCalibrationFile(f.name, f.data, where); !s.ok()) return s;
    }
  }
  return files;
}

absl::StatusOr<std::string> SerializeModelWithFiles(const TflModel& model, const std::vector<AssociatedFileData>& files,
                                                    const SerializeOptions& options, absl::string_view where) {
  absl::StatusOr<std::string> bytes = SerializeModel(model, options);
  if (!bytes.ok()) return bytes.status();
  if (files.empty()) return bytes;
  return AppendAssociatedFiles(AsBytes(*bytes), files, where);
}

absl::StatusOr<std::string> PopulateModelBytes(const ByteBuffer& model_bytes, const tflite::ModelMetadataT& metadata,
                                               const std::vector<AssociatedFileData>& files, absl::string_view where) {
  absl::StatusOr<TflModel> model = ReadModel(model_bytes);
  if (!model.ok()) {
    return absl::Status(model.status().code(), absl::StrCat(where, ": ", model.status().message()));
  }
  if (absl::Status s = AttachMetadata(*model, metadata, where); !s.ok()) return s;
  // Exactly the files the metadata names, in its order.
  const std::vector<std::string> names = AssociatedFileNames(metadata);
  std::vector<AssociatedFileData> ordered;
  for (const std::string& name : names) {
    const AssociatedFileData* found = nullptr;
    for (const AssociatedFileData& f : files) {
      if (f.name == name) found = &f;
    }
    if (found == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": the metadata names associated file '", name, "' but it was not given"));
    }
    ordered.push_back(*found);
  }
  for (const AssociatedFileData& f : files) {
    bool named = false;
    for (const std::string& name : names) named = named || name == f.name;
    if (!named) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": the associated file '", f.name, "' is not named by the metadata"));
    }
  }
  return SerializeModelWithFiles(*model, ordered, SerializeOptions(), where);
}

absl::Status PopulateModelFile(const std::string& model_path, const std::string& description_path,
                               const std::vector<std::string>& extra_paths, const std::string& output_path) {
  absl::StatusOr<std::string> bytes = ReadFileBytes(model_path, "model");
  if (!bytes.ok()) return bytes.status();
  ByteBuffer model_bytes = ByteBuffer::FromString(*std::move(bytes));
  absl::StatusOr<TflModel> model = ReadModel(model_bytes);
  if (!model.ok()) {
    return absl::Status(model.status().code(), absl::StrCat(model_path, ": ", model.status().message()));
  }
  absl::StatusOr<MetadataDescription> description = ReadMetadataDescription(description_path, *model);
  if (!description.ok()) return description.status();
  // Files already packed are reused for names given without a path. A damaged zip matters only
  // when such a file is needed: the output gets a new zip either way.
  absl::StatusOr<std::vector<AssociatedFileData>> packed = ExtractAssociatedFiles(model_bytes.span(), model_path);
  absl::StatusOr<std::vector<AssociatedFileData>> files =
      GatherAssociatedFiles(description->metadata, description->files, extra_paths,
                            packed.ok() ? *packed : std::vector<AssociatedFileData>(), model_path);
  if (!files.ok() && !packed.ok()) {
    return absl::Status(files.status().code(), absl::StrCat(files.status().message(), " (the zip packed in ",
                                                            model_path, " cannot be read: ", packed.status().message(), ")"));
  }
  if (!files.ok()) return files.status();
  absl::StatusOr<std::string> out = PopulateModelBytes(model_bytes, description->metadata, *files, model_path);
  if (!out.ok()) return out.status();
  return WriteFileAtomically(output_path, *out);
}

}  // namespace tfconv
