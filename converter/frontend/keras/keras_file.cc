#include "converter/frontend/keras/keras_file.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "converter/frontend/keras/storage/h5_file.h"
#include "converter/frontend/keras/storage/keras_archive.h"
#include "converter/frontend/keras/storage/keras_file_kind.h"

namespace tfconv {

namespace {

using json = nlohmann::json;

absl::StatusOr<json> ParseConfig(const std::string& text, const std::string& where) {
  json config = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (config.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat(where, " is not valid JSON; the file is damaged"));
  }
  return config;
}

// Keras 2 H5: /model_weights/<layer>/ holds the layer's weights, listed in order by `weight_names`
// ("conv2d/kernel:0"); a nested model's group holds the weights of all its layers.
class Keras2H5Weights : public KerasWeightSource {
 public:
  explicit Keras2H5Weights(H5File file) : file_(std::move(file)) {
    root_ = file_.IsGroup("/model_weights") ? "/model_weights" : "/";
  }

  absl::StatusOr<std::vector<KerasWeight>> LayerWeights(const KerasLayerPath& layer) const override {
    std::vector<KerasWeight> out;
    if (layer.names.empty()) return out;
    std::string group = absl::StrCat(root_ == "/" ? "" : root_, "/", layer.names[0]);
    if (!file_.IsGroup(group)) return out;
    absl::StatusOr<std::vector<std::string>> names = file_.ChunkedStringListAttribute(group, "weight_names");
    if (!names.ok()) return names.status();
    for (const std::string& name : *names) {
      if (layer.names.size() > 1) {
        // A nested layer's weights are the ones scoped by its name: ".../<inner>/<var>:0".
        std::vector<std::string> parts = absl::StrSplit(name, '/');
        if (parts.size() < 2 || parts[parts.size() - 2] != layer.names.back()) continue;
      }
      absl::StatusOr<Tensor> value = file_.ReadDataset(absl::StrCat(group, "/", name));
      if (!value.ok()) return value.status();
      out.push_back({name, *std::move(value)});
    }
    return out;
  }
  std::string source_name() const override { return file_.name(); }

 private:
  H5File file_;
  std::string root_;
};

// Keras 3 model.weights.h5: layers/<key>/vars/<i>, nested models as layers/<key>/layers/<key>/...
class Keras3H5Weights : public KerasWeightSource {
 public:
  Keras3H5Weights(H5File file, std::string source) : file_(std::move(file)), source_(std::move(source)) {}

  absl::StatusOr<std::vector<KerasWeight>> LayerWeights(const KerasLayerPath& layer) const override {
    std::vector<KerasWeight> out;
    for (const char* container : {"layers", "_layer_checkpoint_dependencies"}) {  // the second: Keras 2.13
      std::string group;
      for (const std::string& key : layer.keras3_keys) absl::StrAppend(&group, "/", container, "/", key);
      absl::StrAppend(&group, "/vars");
      if (!file_.IsGroup(group)) continue;
      absl::StatusOr<std::vector<std::string>> children = file_.Children(group);
      if (!children.ok()) return children.status();
      std::vector<std::pair<long, std::string>> numbered;
      for (const std::string& c : *children) {
        char* end = nullptr;
        long index = std::strtol(c.c_str(), &end, 10);
        if (c.empty() || end == nullptr || *end != '\0') {
          return absl::InvalidArgumentError(absl::StrCat(file_.name(), ": ", group, "/", c,
                                                         ": Keras 3 weights are numbered, this name is not"));
        }
        numbered.emplace_back(index, c);
      }
      std::sort(numbered.begin(), numbered.end());
      for (const auto& [index, name] : numbered) {
        absl::StatusOr<Tensor> value = file_.ReadDataset(absl::StrCat(group, "/", name));
        if (!value.ok()) return value.status();
        out.push_back({"", *std::move(value)});
      }
      return out;
    }
    return out;
  }
  std::string source_name() const override { return source_; }

 private:
  H5File file_;
  std::string source_;
};

absl::StatusOr<KerasModelFile> ReadH5Model(const std::string& path) {
  absl::StatusOr<H5File> file = H5File::Open(path);
  if (!file.ok()) return file.status();
  if (!file->HasAttribute("/", "model_config")) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, " has no model_config attribute: it holds weights only (model.save_weights); "
              "convert the file model.save() writes, which has the architecture too"));
  }
  absl::StatusOr<std::string> text = file->StringAttribute("/", "model_config");
  if (!text.ok()) return text.status();
  KerasModelFile out;
  absl::StatusOr<json> config = ParseConfig(*text, absl::StrCat(path, ": the model_config attribute"));
  if (!config.ok()) return config.status();
  out.config = *std::move(config);
  if (file->HasAttribute("/", "keras_version")) {
    absl::StatusOr<std::string> version = file->StringAttribute("/", "keras_version");
    if (version.ok()) out.keras_version = *version;
  }
  out.weights = std::make_unique<Keras2H5Weights>(*std::move(file));
  return out;
}

absl::StatusOr<KerasModelFile> ReadArchiveModel(const std::string& path) {
  absl::StatusOr<KerasArchive> archive = ReadKerasArchive(path);
  if (!archive.ok()) return archive.status();
  KerasModelFile out;
  absl::StatusOr<json> config = ParseConfig(archive->config_json, absl::StrCat(path, ": config.json"));
  if (!config.ok()) return config.status();
  out.config = *std::move(config);
  if (!archive->metadata_json.empty()) {
    json metadata = json::parse(archive->metadata_json, nullptr, /*allow_exceptions=*/false);
    if (metadata.is_object()) {
      auto it = metadata.find("keras_version");
      if (it != metadata.end() && it->is_string()) out.keras_version = it->get<std::string>();
    }
  }
  std::string weights_name = absl::StrCat(path, ": model.weights.h5");
  absl::StatusOr<H5File> weights = H5File::OpenImage(std::move(archive->weights_h5), weights_name);
  if (!weights.ok()) return weights.status();
  // Messages about layers name the archive; those about the weights file name it inside the archive.
  out.weights = std::make_unique<Keras3H5Weights>(*std::move(weights), path);
  return out;
}

}  // namespace

absl::StatusOr<KerasModelFile> ReadKerasModelFile(const std::string& path) {
  absl::StatusOr<KerasFileKind> kind = SniffKerasFile(path);
  if (!kind.ok()) return kind.status();
  if (*kind == KerasFileKind::kKerasArchive) return ReadArchiveModel(path);
  return ReadH5Model(path);
}

}  // namespace tfconv
