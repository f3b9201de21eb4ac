#include "metadata/conversion/conversion_metadata.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "flatbuffers/flatbuffers.h"
#include "metadata/writer/model_metadata_entry.h"

namespace tfconv {

std::string SerializeConversionMetadata(const ConversionMetadataInfo& info) {
  conversion::ConversionMetadataT root;
  root.environment = std::make_unique<conversion::EnvironmentT>();
  root.environment->tensorflow_version = info.tensorflow_version;
  root.environment->api_version = info.api_version;
  root.environment->model_type = info.model_type;
  root.environment->model_hash = info.model_hash;
  root.options = std::make_unique<conversion::ConversionOptionsT>();
  root.options->model_optimization_modes = info.optimization_modes;
  root.options->allow_custom_ops = info.allow_custom_ops;
  root.options->enable_select_tf_ops = info.enable_select_tf_ops;
  root.options->force_select_tf_ops = info.force_select_tf_ops;
  for (const std::vector<uint32_t>& block : info.sparsity_block_sizes) {
    auto size = std::make_unique<conversion::SparsityBlockSizeT>();
    size->values = block;
    root.options->sparsity_block_sizes.push_back(std::move(size));
  }
  flatbuffers::FlatBufferBuilder builder;
  builder.Finish(conversion::ConversionMetadata::Pack(builder, &root));
  return std::string(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
}

absl::StatusOr<ConversionMetadataInfo> ParseConversionMetadata(absl::Span<const uint8_t> bytes) {
  flatbuffers::Verifier verifier(bytes.data(), bytes.size());
  if (bytes.size() < sizeof(flatbuffers::uoffset_t) || !conversion::VerifyConversionMetadataBuffer(verifier)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the ", kConversionMetadataName, " buffer (", bytes.size(),
        " bytes) is not a valid ConversionMetadata flatbuffer; re-convert the model to rewrite it"));
  }
  const conversion::ConversionMetadata* root = conversion::GetConversionMetadata(bytes.data());
  ConversionMetadataInfo info;
  if (const conversion::Environment* env = root->environment(); env != nullptr) {
    if (env->tensorflow_version() != nullptr) info.tensorflow_version = env->tensorflow_version()->str();
    info.api_version = env->api_version();
    info.model_type = env->model_type();
    info.model_hash = env->model_hash();
  } else {
    info.api_version = 0;
  }
  if (const conversion::ConversionOptions* options = root->options(); options != nullptr) {
    if (options->model_optimization_modes() != nullptr) {
      for (conversion::ModelOptimizationMode mode : *options->model_optimization_modes()) {
        info.optimization_modes.push_back(mode);
      }
    }
    info.allow_custom_ops = options->allow_custom_ops();
    info.enable_select_tf_ops = options->enable_select_tf_ops();
    info.force_select_tf_ops = options->force_select_tf_ops();
    if (options->sparsity_block_sizes() != nullptr) {
      for (const conversion::SparsityBlockSize* size : *options->sparsity_block_sizes()) {
        std::vector<uint32_t>& block = info.sparsity_block_sizes.emplace_back();
        if (size != nullptr && size->values() != nullptr) block.assign(size->values()->begin(), size->values()->end());
      }
    }
  }
  return info;
}

void SetConversionMetadata(TflModel& model, const ConversionMetadataInfo& info) {
  SetMetadataEntry(model, kConversionMetadataName, ByteBuffer::FromString(SerializeConversionMetadata(info)));
}

std::optional<conversion::ModelOptimizationMode> OptimizationModeOf(QuantizationMode mode) {
  switch (mode) {
    case QuantizationMode::kDynamicRange:
      return conversion::ModelOptimizationMode::PTQ_DYNAMIC_RANGE;
    case QuantizationMode::kFloat16:
      return conversion::ModelOptimizationMode::PTQ_FLOAT16;
    case QuantizationMode::kInt8:
      return conversion::ModelOptimizationMode::PTQ_FULL_INTEGER;
    case QuantizationMode::kInt16x8:
      return conversion::ModelOptimizationMode::PTQ_INT16;
    case QuantizationMode::kNone:
      break;
  }
  return std::nullopt;
}

void AddOptimizationMode(TflModel& model, conversion::ModelOptimizationMode mode) {
  const ByteBuffer* bytes = FindMetadataEntry(model, kConversionMetadataName);
  if (bytes == nullptr) return;
  absl::StatusOr<ConversionMetadataInfo> info = ParseConversionMetadata(bytes->span());
  if (!info.ok()) return;  // a damaged entry is left for the reader to report
  for (conversion::ModelOptimizationMode m : info->optimization_modes) {
    if (m == mode) return;
  }
  info->optimization_modes.push_back(mode);
  SetConversionMetadata(model, *info);
}

absl::StatusOr<ConversionMetadataInfo> ReadConversionMetadata(const TflModel& model) {
  const ByteBuffer* bytes = FindMetadataEntry(model, kConversionMetadataName);
  if (bytes == nullptr) return absl::NotFoundError(absl::StrCat("the model has no ", kConversionMetadataName, " entry"));
  return ParseConversionMetadata(bytes->span());
}

}  // namespace tfconv
