#include "metadata/writer/metadata_description.h"

#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "metadata/writer/file_io.h"
#include "metadata/writer/json_fields.h"
#include "metadata/writer/task_templates.h"

namespace tfconv {
namespace {

using tflite::AssociatedFileT;
using tflite::ProcessUnitT;
using tflite::TensorMetadataT;

#define TFCONV_RETURN_IF_ERROR(expr)          \
  do {                                        \
    absl::Status _status = (expr);            \
    if (!_status.ok()) return _status;        \
  } while (0)

template <typename E, size_t N>
absl::Status GetEnum(const JsonObject& o, absl::string_view key, const E (&values)[N], const char* (*name_of)(E),
                     std::optional<E>& out) {
  std::optional<std::string> name;
  TFCONV_RETURN_IF_ERROR(o.GetString(key, name));
  if (!name.has_value()) return absl::OkStatus();
  std::vector<std::string> known;
  for (E v : values) {
    if (*name == name_of(v)) {
      out = v;
      return absl::OkStatus();
    }
    known.push_back(name_of(v));
  }
  return o.ErrorAt(o.Child(key),
                   absl::StrCat("unknown value \"", *name, "\" (known values: ", absl::StrJoin(known, ", "), ")"));
}

const std::vector<std::string> kTaskKeys = {"normalization", "labels", "score_calibration", "sample_rate",
                                            "channels", "tokenizer"};

class DescriptionParser {
 public:
  DescriptionParser(const TflModel& model, std::string base_dir, std::string where)
      : model_(model), base_dir_(std::move(base_dir)), where_(std::move(where)) {}

  absl::StatusOr<MetadataDescription> Parse(const nlohmann::json& doc);

 private:
  absl::StatusOr<AssociatedFileT> File(const JsonObject& o, tflite::AssociatedFileType default_type,
                                       const char* default_description);
  absl::Status Files(const JsonObject& parent, absl::string_view key,
                     std::vector<std::unique_ptr<AssociatedFileT>>& out);
  absl::StatusOr<ProcessUnitT> Normalization(const JsonObject& o);
  // The unit, and the parameter file when "file" is given.
  absl::StatusOr<ProcessUnitT> ScoreCalibration(const JsonObject& o, std::optional<AssociatedFileT>& file);
  absl::StatusOr<ProcessUnitT> Tokenizer(const JsonObject& o);
  absl::Status Units(const JsonObject& parent, absl::string_view key, std::vector<std::unique_ptr<ProcessUnitT>>& out);
  absl::Status Tensor(const JsonObject& o, TensorMetadataT& t);
  absl::Status Content(const JsonObject& o, TensorMetadataT& t);
  absl::Status Groups(const JsonObject& parent, absl::string_view key,
                      std::vector<std::unique_ptr<tflite::TensorGroupT>>& out);
  absl::Status Custom(const JsonObject& parent, std::vector<std::unique_ptr<tflite::CustomMetadataT>>& out);
  absl::StatusOr<TaskInputs> Task(const JsonObject& root);
  absl::Status Tensors(const JsonObject& root, absl::string_view key, const std::vector<int32_t>& model_tensors,
                       std::vector<std::unique_ptr<TensorMetadataT>>& list, bool from_task);

  absl::Status AddSource(const std::string& name, const std::string& path, const std::string& json_path);

  const TflModel& model_;
  std::string base_dir_;
  std::string where_;
  MetadataDescription out_;
};

absl::Status DescriptionParser::AddSource(const std::string& name, const std::string& path,
                                          const std::string& json_path) {
  for (AssociatedFileSource& s : out_.files) {
    if (s.name != name) continue;
    if (!path.empty() && !s.path.empty() && path != s.path) {
      return absl::InvalidArgumentError(absl::StrCat(where_, ": ", json_path, ": the file name \"", name,
                                                     "\" is already used for '", s.path, "', here for '", path,
                                                     "'; packed files need distinct names (set \"name\")"));
    }
    if (s.path.empty()) s.path = path;
    return absl::OkStatus();
  }
  out_.files.push_back({name, path});
  return absl::OkStatus();
}

absl::StatusOr<AssociatedFileT> DescriptionParser::File(const JsonObject& o, tflite::AssociatedFileType default_type,
                                                        const char* default_description) {
  AssociatedFileT f;
  f.type = default_type;
  if (default_description != nullptr) f.description = default_description;
  std::string path;
  if (o.value().is_string()) {
    path = o.value().get_ref<const std::string&>();
  } else {
    TFCONV_RETURN_IF_ERROR(o.CheckKeys({"path", "name", "description", "type", "locale", "version"}));
    TFCONV_RETURN_IF_ERROR(o.GetString("path", path));
    TFCONV_RETURN_IF_ERROR(o.GetString("name", f.name));
    TFCONV_RETURN_IF_ERROR(o.GetString("description", f.description));
    TFCONV_RETURN_IF_ERROR(o.GetString("locale", f.locale));
    TFCONV_RETURN_IF_ERROR(o.GetString("version", f.version));
    std::optional<tflite::AssociatedFileType> type;
    TFCONV_RETURN_IF_ERROR(
        GetEnum(o, "type", tflite::EnumValuesAssociatedFileType(), tflite::EnumNameAssociatedFileType, type));
    if (type.has_value()) f.type = *type;
  }
  if (f.name.empty()) f.name = BaseName(path);
  if (f.name.empty()) return o.Error("a file needs a \"path\" (or at least a \"name\")");
  if (f.name.find('/') != std::string::npos) {
    return o.Error(absl::StrCat("the file name \"", f.name, "\" has a '/': give a plain name, the entry in the zip"));
  }
  TFCONV_RETURN_IF_ERROR(AddSource(f.name, path.empty() ? "" : JoinPath(base_dir_, path), o.path()));
  return f;
}

absl::Status DescriptionParser::Files(const JsonObject& parent, absl::string_view key,
                                      std::vector<std::unique_ptr<AssociatedFileT>>& out) {
  absl::StatusOr<std::vector<JsonObject>> items = parent.GetArray(key);
  if (!items.ok()) return items.status();
  out.clear();
  for (const JsonObject& item : *items) {
    absl::StatusOr<AssociatedFileT> f = File(item, tflite::AssociatedFileType::UNKNOWN, nullptr);
    if (!f.ok()) return f.status();
    out.push_back(std::make_unique<AssociatedFileT>(*std::move(f)));
  }
  return absl::OkStatus();
}

absl::StatusOr<ProcessUnitT> DescriptionParser::Normalization(const JsonObject& o) {
  TFCONV_RETURN_IF_ERROR(o.CheckKeys({"mean", "std"}));
  std::optional<std::vector<float>> mean, std;
  TFCONV_RETURN_IF_ERROR(o.GetFloats("mean", mean));
  TFCONV_RETURN_IF_ERROR(o.GetFloats("std", std));
  if (!mean.has_value() || !std.has_value() || mean->empty() || mean->size() != std->size()) {
    return o.Error("give \"mean\" and \"std\" with as many values each (one per channel, or one for all)");
  }
  for (float s : *std) {
    if (s == 0.0f) return o.ErrorAt(o.Child("std"), "a std of 0 would divide by zero");
  }
  tflite::NormalizationOptionsT norm;
  norm.mean = *mean;
  norm.std = *std;
  ProcessUnitT unit;
  unit.options.Set(std::move(norm));
  return unit;
}

absl::StatusOr<ProcessUnitT> DescriptionParser::ScoreCalibration(const JsonObject& o,
                                                                 std::optional<AssociatedFileT>& file) {
  TFCONV_RETURN_IF_ERROR(o.CheckKeys({"transformation", "default_score", "file"}));
  tflite::ScoreCalibrationOptionsT options;
  std::optional<tflite::ScoreTransformationType> transformation;
  TFCONV_RETURN_IF_ERROR(GetEnum(o, "transformation", tflite::EnumValuesScoreTransformationType(),
                                 tflite::EnumNameScoreTransformationType, transformation));
  if (transformation.has_value()) options.score_transformation = *transformation;
  std::optional<float> default_score;
  TFCONV_RETURN_IF_ERROR(o.GetFloat("default_score", default_score));
  if (default_score.has_value()) options.default_score = *default_score;
  if (o.Has("file")) {
    absl::StatusOr<AssociatedFileT> f = File(JsonObject(o.value()["file"], o.Child("file"), o.where()),
                                             tflite::AssociatedFileType::TENSOR_AXIS_SCORE_CALIBRATION,
                                             kScoreCalibrationFileDescription);
    if (!f.ok()) return f.status();
    file = *std::move(f);
  }
  ProcessUnitT unit;
  unit.options.Set(std::move(options));
  return unit;
}

absl::StatusOr<ProcessUnitT> DescriptionParser::Tokenizer(const JsonObject& o) {
  std::string type;
  if (o.value().is_object()) TFCONV_RETURN_IF_ERROR(o.GetString("type", type));
  auto vocab = [&](absl::string_view key, std::vector<std::unique_ptr<AssociatedFileT>>& out) -> absl::Status {
    if (!o.Has(key)) return absl::OkStatus();
    absl::StatusOr<AssociatedFileT> f = File(JsonObject(o.value()[std::string(key)], o.Child(key), o.where()),
                                             tflite::AssociatedFileType::VOCABULARY, kVocabularyFileDescription);
    if (!f.ok()) return f.status();
    out.push_back(std::make_unique<AssociatedFileT>(*std::move(f)));
    return absl::OkStatus();
  };
  ProcessUnitT unit;
  if (type == "bert") {
    TFCONV_RETURN_IF_ERROR(o.CheckKeys({"type", "vocab_file"}));
    tflite::BertTokenizerOptionsT bert;
    TFCONV_RETURN_IF_ERROR(vocab("vocab_file", bert.vocab_file));
    unit.options.Set(std::move(bert));
  } else if (type == "sentence_piece") {
    TFCONV_RETURN_IF_ERROR(o.CheckKeys({"type", "model_file", "vocab_file"}));
    tflite::SentencePieceTokenizerOptionsT sp;
    if (o.Has("model_file")) {
      absl::StatusOr<AssociatedFileT> f = File(JsonObject(o.value()["model_file"], o.Child("model_file"), o.where()),
                                               tflite::AssociatedFileType::UNKNOWN, "The sentence piece model file.");
      if (!f.ok()) return f.status();
      sp.sentencePiece_model.push_back(std::make_unique<AssociatedFileT>(*std::move(f)));
    }
    TFCONV_RETURN_IF_ERROR(vocab("vocab_file", sp.vocab_file));
    unit.options.Set(std::move(sp));
  } else if (type == "regex") {
    TFCONV_RETURN_IF_ERROR(o.CheckKeys({"type", "delim_regex_pattern", "vocab_file"}));
    tflite::RegexTokenizerOptionsT regex;
    TFCONV_RETURN_IF_ERROR(o.GetString("delim_regex_pattern", regex.delim_regex_pattern));
    TFCONV_RETURN_IF_ERROR(vocab("vocab_file", regex.vocab_file));
    unit.options.Set(std::move(regex));
  } else {
    return o.Error("a tokenizer needs \"type\": \"bert\", \"sentence_piece\" or \"regex\"");
  }
  return unit;
}

// Puts `unit` in place of a unit of the same kind, or appends it.
void SetUnit(std::vector<std::unique_ptr<ProcessUnitT>>& units, ProcessUnitT unit) {
  for (auto& u : units) {
    if (u != nullptr && u->options.type == unit.options.type) {
      *u = std::move(unit);
      return;
    }
  }
  units.push_back(std::make_unique<ProcessUnitT>(std::move(unit)));
}

absl::Status DescriptionParser::Units(const JsonObject& parent, absl::string_view key,
                                      std::vector<std::unique_ptr<ProcessUnitT>>& out) {
  absl::StatusOr<std::vector<JsonObject>> items = parent.GetArray(key);
  if (!items.ok()) return items.status();
  out.clear();
  for (const JsonObject& item : *items) {
    TFCONV_RETURN_IF_ERROR(item.CheckKeys({"normalization", "score_calibration", "score_threshold", "tokenizer"}));
    if (item.value().size() != 1) {
      return item.Error("a process unit is an object with exactly one of \"normalization\", \"score_calibration\", "
                        "\"score_threshold\", \"tokenizer\"");
    }
    absl::StatusOr<ProcessUnitT> unit;
    if (item.Has("normalization")) {
      unit = Normalization(JsonObject(item.value()["normalization"], item.Child("normalization"), where_));
    } else if (item.Has("score_calibration")) {
      std::optional<AssociatedFileT> file;
      unit = ScoreCalibration(JsonObject(item.value()["score_calibration"], item.Child("score_calibration"), where_),
                              file);
      if (unit.ok() && file.has_value()) {
        return item.Error("a score calibration \"file\" belongs to a tensor: give \"score_calibration\" in the tensor");
      }
    } else if (item.Has("score_threshold")) {
      std::optional<float> threshold;
      TFCONV_RETURN_IF_ERROR(item.GetFloat("score_threshold", threshold));
      tflite::ScoreThresholdingOptionsT options;
      options.global_score_threshold = *threshold;
      ProcessUnitT u;
      u.options.Set(std::move(options));
      unit = std::move(u);
    } else {
      unit = Tokenizer(JsonObject(item.value()["tokenizer"], item.Child("tokenizer"), where_));
    }
    if (!unit.ok()) return unit.status();
    out.push_back(std::make_unique<ProcessUnitT>(*std::move(unit)));
  }
  return absl::OkStatus();
}

absl::Status DescriptionParser::Content(const JsonObject& o, TensorMetadataT& t) {
  std::string type;
  TFCONV_RETURN_IF_ERROR(o.GetString("type", type));
  if (t.content == nullptr) t.content = std::make_unique<tflite::ContentT>();
  tflite::ContentPropertiesUnion& props = t.content->content_properties;
  if (type == "feature") {
    TFCONV_RETURN_IF_ERROR(o.CheckKeys({"type"}));
    props.Set(tflite::FeaturePropertiesT());
  } else if (type == "image") {
    TFCONV_RETURN_IF_ERROR(o.CheckKeys({"type", "color_space", "default_size"}));
    tflite::ImagePropertiesT image;
    std::optional<tflite::ColorSpaceType> space;
    TFCONV_RETURN_IF_ERROR(
        GetEnum(o, "color_space", tflite::EnumValuesColorSpaceType(), tflite::EnumNameColorSpaceType, space));
    if (space.has_value()) image.color_space = *space;
    absl::StatusOr<std::optional<JsonObject>> size = o.GetObject("default_size");
    if (!size.ok()) return size.status();
    if (size->has_value()) {
      TFCONV_RETURN_IF_ERROR((*size)->CheckKeys({"width", "height"}));
      std::optional<int64_t> w, h;
      TFCONV_RETURN_IF_ERROR((*size)->GetInt("width", 0, UINT32_MAX, w));
      TFCONV_RETURN_IF_ERROR((*size)->GetInt("height", 0, UINT32_MAX, h));
      image.default_size = std::make_unique<tflite::ImageSizeT>();
      image.default_size->width = static_cast<uint32_t>(w.value_or(0));
      image.default_size->height = static_cast<uint32_t>(h.value_or(0));
    }
    props.Set(std::move(image));
  } else if (type == "bounding_box") {
    TFCONV_RETURN_IF_ERROR(o.CheckKeys({"type", "box_type", "coordinate_type", "index"}));
    tflite::BoundingBoxPropertiesT box;
    std::optional<tflite::BoundingBoxType> box_type;
    TFCONV_RETURN_IF_ERROR(
        GetEnum(o, "box_type", tflite::EnumValuesBoundingBoxType(), tflite::EnumNameBoundingBoxType, box_type));
    if (box_type.has_value()) box.type = *box_type;
    std::optional<tflite::CoordinateType> coordinates;
    TFCONV_RETURN_IF_ERROR(GetEnum(o, "coordinate_type", tflite::EnumValuesCoordinateType(),
                                   tflite::EnumNameCoordinateType, coordinates));
    if (coordinates.has_value()) box.coordinate_type = *coordinates;
    std::optional<std::vector<uint32_t>> index;
    TFCONV_RETURN_IF_ERROR(o.GetUints("index", index));
    if (index.has_value()) box.index = *index;
    props.Set(std::move(box));
  } else if (type == "audio") {
    TFCONV_RETURN_IF_ERROR(o.CheckKeys({"type", "sample_rate", "channels"}));
    tflite::AudioPropertiesT audio;
    std::optional<int64_t> rate, channels;
    TFCONV_RETURN_IF_ERROR(o.GetInt("sample_rate", 0, UINT32_MAX, rate));
    TFCONV_RETURN_IF_ERROR(o.GetInt("channels", 0, UINT32_MAX, channels));
    audio.sample_rate = static_cast<uint32_t>(rate.value_or(0));
    audio.channels = static_cast<uint32_t>(channels.value_or(0));
    props.Set(std::move(audio));
  } else {
    return o.Error("\"type\" must be \"feature\", \"image\", \"bounding_box\" or \"audio\"");
  }
  return absl::OkStatus();
}

absl::Status DescriptionParser::Tensor(const JsonObject& o, TensorMetadataT& t) {
  TFCONV_RETURN_IF_ERROR(o.CheckKeys({"name", "description", "dimension_names", "content", "content_range",
                                      "value_range", "process_units", "normalization", "score_calibration",
                                      "score_threshold", "tokenizer", "associated_files"}));
  TFCONV_RETURN_IF_ERROR(o.GetString("name", t.name));
  TFCONV_RETURN_IF_ERROR(o.GetString("description", t.description));
  std::optional<std::vector<std::string>> dims;
  TFCONV_RETURN_IF_ERROR(o.GetStrings("dimension_names", dims));
  if (dims.has_value()) t.dimension_names = *dims;
  absl::StatusOr<std::optional<JsonObject>> content = o.GetObject("content");
  if (!content.ok()) return content.status();
  if (content->has_value()) TFCONV_RETURN_IF_ERROR(Content(**content, t));
  absl::StatusOr<std::optional<JsonObject>> range = o.GetObject("content_range");
  if (!range.ok()) return range.status();
  if (range->has_value()) {
    TFCONV_RETURN_IF_ERROR((*range)->CheckKeys({"min", "max"}));
    std::optional<int64_t> min, max;
    TFCONV_RETURN_IF_ERROR((*range)->GetInt("min", 0, INT32_MAX, min));
    TFCONV_RETURN_IF_ERROR((*range)->GetInt("max", 0, INT32_MAX, max));
    if (t.content == nullptr) t.content = std::make_unique<tflite::ContentT>();
    t.content->range = std::make_unique<tflite::ValueRangeT>();
    t.content->range->min = static_cast<int32_t>(min.value_or(0));
    t.content->range->max = static_cast<int32_t>(max.value_or(0));
  }
  absl::StatusOr<std::optional<JsonObject>> values = o.GetObject("value_range");
  if (!values.ok()) return values.status();
  if (values->has_value()) {
    TFCONV_RETURN_IF_ERROR((*values)->CheckKeys({"min", "max"}));
    std::optional<std::vector<float>> min, max;
    TFCONV_RETURN_IF_ERROR((*values)->GetFloats("min", min));
    TFCONV_RETURN_IF_ERROR((*values)->GetFloats("max", max));
    t.stats = std::make_unique<tflite::StatsT>();
    if (min.has_value()) t.stats->min = *min;
    if (max.has_value()) t.stats->max = *max;
  }
  if (o.Has("process_units")) TFCONV_RETURN_IF_ERROR(Units(o, "process_units", t.process_units));
  if (o.Has("associated_files")) TFCONV_RETURN_IF_ERROR(Files(o, "associated_files", t.associated_files));
  if (o.Has("tokenizer")) {
    absl::StatusOr<ProcessUnitT> unit = Tokenizer(JsonObject(o.value()["tokenizer"], o.Child("tokenizer"), where_));
    if (!unit.ok()) return unit.status();
    SetUnit(t.process_units, *std::move(unit));
  }
  if (o.Has("normalization")) {
    absl::StatusOr<ProcessUnitT> unit =
        Normalization(JsonObject(o.value()["normalization"], o.Child("normalization"), where_));
    if (!unit.ok()) return unit.status();
    SetUnit(t.process_units, *std::move(unit));
  }
  if (o.Has("score_calibration")) {
    std::optional<AssociatedFileT> file;
    absl::StatusOr<ProcessUnitT> unit =
        ScoreCalibration(JsonObject(o.value()["score_calibration"], o.Child("score_calibration"), where_), file);
    if (!unit.ok()) return unit.status();
    SetUnit(t.process_units, *std::move(unit));
    if (file.has_value()) {
      std::vector<std::unique_ptr<AssociatedFileT>>& files = t.associated_files;
      for (auto it = files.begin(); it != files.end();) {  // a new calibration file replaces the old
        it = (*it)->type == tflite::AssociatedFileType::TENSOR_AXIS_SCORE_CALIBRATION ? files.erase(it) : it + 1;
      }
      files.push_back(std::make_unique<AssociatedFileT>(*std::move(file)));
    }
  }
  if (o.Has("score_threshold")) {
    std::optional<float> threshold;
    TFCONV_RETURN_IF_ERROR(o.GetFloat("score_threshold", threshold));
    tflite::ScoreThresholdingOptionsT options;
    options.global_score_threshold = *threshold;
    ProcessUnitT unit;
    unit.options.Set(std::move(options));
    SetUnit(t.process_units, std::move(unit));
  }
  return absl::OkStatus();
}

absl::Status DescriptionParser::Groups(const JsonObject& parent, absl::string_view key,
                                       std::vector<std::unique_ptr<tflite::TensorGroupT>>& out) {
  absl::StatusOr<std::vector<JsonObject>> items = parent.GetArray(key);
  if (!items.ok()) return items.status();
  if (parent.Has(key)) out.clear();
  for (const JsonObject& item : *items) {
    TFCONV_RETURN_IF_ERROR(item.CheckKeys({"name", "tensor_names"}));
    auto group = std::make_unique<tflite::TensorGroupT>();
    TFCONV_RETURN_IF_ERROR(item.GetString("name", group->name));
    std::optional<std::vector<std::string>> names;
    TFCONV_RETURN_IF_ERROR(item.GetStrings("tensor_names", names));
    if (names.has_value()) group->tensor_names = *names;
    out.push_back(std::move(group));
  }
  return absl::OkStatus();
}

absl::Status DescriptionParser::Custom(const JsonObject& parent,
                                       std::vector<std::unique_ptr<tflite::CustomMetadataT>>& out) {
  absl::StatusOr<std::vector<JsonObject>> items = parent.GetArray("custom_metadata");
  if (!items.ok()) return items.status();
  for (const JsonObject& item : *items) {
    TFCONV_RETURN_IF_ERROR(item.CheckKeys({"name", "path", "text"}));
    auto custom = std::make_unique<tflite::CustomMetadataT>();
    TFCONV_RETURN_IF_ERROR(item.GetString("name", custom->name));
    if (custom->name.empty()) return item.Error("custom metadata needs a \"name\"");
    std::optional<std::string> path, text;
    TFCONV_RETURN_IF_ERROR(item.GetString("path", path));
    TFCONV_RETURN_IF_ERROR(item.GetString("text", text));
    if (path.has_value() == text.has_value()) return item.Error("give exactly one of \"path\" and \"text\"");
    std::string data;
    if (path.has_value()) {
      absl::StatusOr<std::string> bytes =
          ReadFileBytes(JoinPath(base_dir_, *path), absl::StrCat(where_, ": ", item.path(), ": custom metadata file"));
      if (!bytes.ok()) return bytes.status();
      data = *std::move(bytes);
    } else {
      data = *text;
    }
    custom->data.assign(data.begin(), data.end());
    out.push_back(std::move(custom));
  }
  return absl::OkStatus();
}

absl::StatusOr<TaskInputs> DescriptionParser::Task(const JsonObject& root) {
  TaskInputs in;
  absl::StatusOr<std::optional<JsonObject>> norm = root.GetObject("normalization");
  if (!norm.ok()) return norm.status();
  if (norm->has_value()) {
    absl::StatusOr<ProcessUnitT> unit = Normalization(**norm);
    if (!unit.ok()) return unit.status();
    in.norm_mean = unit->options.AsNormalizationOptions()->mean;
    in.norm_std = unit->options.AsNormalizationOptions()->std;
  }
  if (root.Has("labels")) {
    const nlohmann::json& labels = root.value()["labels"];
    if (labels.is_array()) {
      for (size_t i = 0; i < labels.size(); ++i) {
        absl::StatusOr<AssociatedFileT> f =
            File(JsonObject(labels[i], absl::StrCat(root.Child("labels"), "[", i, "]"), where_),
                 tflite::AssociatedFileType::TENSOR_AXIS_LABELS, kLabelFileDescription);
        if (!f.ok()) return f.status();
        in.labels.push_back(*std::move(f));
      }
    } else {
      absl::StatusOr<AssociatedFileT> f = File(JsonObject(labels, root.Child("labels"), where_),
                                               tflite::AssociatedFileType::TENSOR_AXIS_LABELS, kLabelFileDescription);
      if (!f.ok()) return f.status();
      in.labels.push_back(*std::move(f));
    }
  }
  absl::StatusOr<std::optional<JsonObject>> calibration = root.GetObject("score_calibration");
  if (!calibration.ok()) return calibration.status();
  if (calibration->has_value()) {
    std::optional<AssociatedFileT> file;
    absl::StatusOr<ProcessUnitT> unit = ScoreCalibration(**calibration, file);
    if (!unit.ok()) return unit.status();
    in.score_calibration = *unit->options.AsScoreCalibrationOptions();
    in.score_calibration_file = std::move(file);
  }
  std::optional<int64_t> rate, channels;
  TFCONV_RETURN_IF_ERROR(root.GetInt("sample_rate", 1, UINT32_MAX, rate));
  TFCONV_RETURN_IF_ERROR(root.GetInt("channels", 1, UINT32_MAX, channels));
  if (rate.has_value()) in.sample_rate = static_cast<uint32_t>(*rate);
  if (channels.has_value()) in.channels = static_cast<uint32_t>(*channels);
  if (root.Has("tokenizer")) {
    absl::StatusOr<ProcessUnitT> unit = Tokenizer(JsonObject(root.value()["tokenizer"], root.Child("tokenizer"), where_));
    if (!unit.ok()) return unit.status();
    in.tokenizer = *std::move(unit);
  }
  return in;
}

absl::Status DescriptionParser::Tensors(const JsonObject& root, absl::string_view key,
                                        const std::vector<int32_t>& model_tensors,
                                        std::vector<std::unique_ptr<TensorMetadataT>>& list, bool from_task) {
  absl::StatusOr<std::vector<JsonObject>> items = root.GetArray(key);
  if (!items.ok()) return items.status();
  if (from_task && items->size() > list.size()) {
    return root.ErrorAt(root.Child(key), absl::StrCat("the task describes ", list.size(), " ", key, " but ",
                                                      items->size(), " are given; give at most one entry per ",
                                                      key == "inputs" ? "input" : "output"));
  }
  if (!from_task && root.Has(key)) list.clear();
  if (!from_task && !root.Has(key)) {
    // As the official writer: one entry per model tensor, named after it.
    for (size_t i = 0; i < model_tensors.size(); ++i) list.push_back(std::make_unique<TensorMetadataT>());
  }
  for (size_t i = 0; i < items->size(); ++i) {
    if (list.size() <= i) list.push_back(std::make_unique<TensorMetadataT>());
    TFCONV_RETURN_IF_ERROR(Tensor((*items)[i], *list[i]));
  }
  // Unnamed entries take the model tensor's name.
  const TflSubgraph* g = model_.subgraphs.empty() ? nullptr : &model_.subgraphs[0];
  for (size_t i = 0; i < list.size() && i < model_tensors.size(); ++i) {
    const int32_t index = model_tensors[i];
    if (list[i]->name.empty() && g != nullptr && index >= 0 && static_cast<size_t>(index) < g->tensors.size()) {
      list[i]->name = g->tensors[index].name;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<MetadataDescription> DescriptionParser::Parse(const nlohmann::json& doc) {
  JsonObject root(doc, "$", where_);
  std::vector<std::string> keys = {"task", "name", "description", "version", "author", "license",
                                   "subgraph_name", "subgraph_description", "inputs", "outputs",
                                   "input_tensor_groups", "output_tensor_groups", "input_process_units",
                                   "output_process_units", "subgraph_associated_files", "associated_files",
                                   "custom_metadata"};
  keys.insert(keys.end(), kTaskKeys.begin(), kTaskKeys.end());
  TFCONV_RETURN_IF_ERROR(root.CheckKeys(keys));
  std::optional<std::string> task;
  TFCONV_RETURN_IF_ERROR(root.GetString("task", task));
  tflite::ModelMetadataT& m = out_.metadata;
  static const TflSubgraph kEmpty;
  const TflSubgraph& g = model_.subgraphs.empty() ? kEmpty : model_.subgraphs[0];
  if (task.has_value()) {
    absl::StatusOr<TaskInputs> in = Task(root);
    if (!in.ok()) return in.status();
    absl::StatusOr<tflite::ModelMetadataT> templ = TaskTemplate(*task, *in, g, where_);
    if (!templ.ok()) return templ.status();
    m = *std::move(templ);
  } else {
    for (const std::string& k : kTaskKeys) {
      if (root.Has(k)) {
        return root.ErrorAt(root.Child(k), absl::StrCat("\"", k, "\" is a task parameter: give \"task\" (",
                                                        absl::StrJoin(TaskNames(), ", "),
                                                        ") or put it in the tensor's entry under \"inputs\"/\"outputs\""));
      }
    }
    m.subgraph_metadata.push_back(std::make_unique<tflite::SubGraphMetadataT>());
  }
  TFCONV_RETURN_IF_ERROR(root.GetString("name", m.name));
  TFCONV_RETURN_IF_ERROR(root.GetString("description", m.description));
  TFCONV_RETURN_IF_ERROR(root.GetString("version", m.version));
  TFCONV_RETURN_IF_ERROR(root.GetString("author", m.author));
  TFCONV_RETURN_IF_ERROR(root.GetString("license", m.license));
  tflite::SubGraphMetadataT& sg = *m.subgraph_metadata[0];
  TFCONV_RETURN_IF_ERROR(root.GetString("subgraph_name", sg.name));
  TFCONV_RETURN_IF_ERROR(root.GetString("subgraph_description", sg.description));
  TFCONV_RETURN_IF_ERROR(Tensors(root, "inputs", g.inputs, sg.input_tensor_metadata, task.has_value()));
  TFCONV_RETURN_IF_ERROR(Tensors(root, "outputs", g.outputs, sg.output_tensor_metadata, task.has_value()));
  TFCONV_RETURN_IF_ERROR(Groups(root, "input_tensor_groups", sg.input_tensor_groups));
  TFCONV_RETURN_IF_ERROR(Groups(root, "output_tensor_groups", sg.output_tensor_groups));
  if (root.Has("input_process_units")) TFCONV_RETURN_IF_ERROR(Units(root, "input_process_units", sg.input_process_units));
  if (root.Has("output_process_units")) {
    TFCONV_RETURN_IF_ERROR(Units(root, "output_process_units", sg.output_process_units));
  }
  if (root.Has("subgraph_associated_files")) {
    TFCONV_RETURN_IF_ERROR(Files(root, "subgraph_associated_files", sg.associated_files));
  }
  if (root.Has("associated_files")) TFCONV_RETURN_IF_ERROR(Files(root, "associated_files", m.associated_files));
  TFCONV_RETURN_IF_ERROR(Custom(root, sg.custom_metadata));
  return std::move(out_);
}

}  // namespace

absl::StatusOr<MetadataDescription> ParseMetadataDescription(absl::string_view json, const TflModel& model,
                                                             absl::string_view base_dir, absl::string_view where) {
  absl::StatusOr<nlohmann::json> doc = ParseJsonText(json, where);
  if (!doc.ok()) return doc.status();
  DescriptionParser parser(model, std::string(base_dir), std::string(where));
  return parser.Parse(*doc);
}

absl::StatusOr<MetadataDescription> ReadMetadataDescription(const std::string& path, const TflModel& model) {
  absl::StatusOr<std::string> text = ReadFileBytes(path, "metadata description");
  if (!text.ok()) return text.status();
  return ParseMetadataDescription(*text, model, DirectoryOf(path), path);
}

}  // namespace tfconv
