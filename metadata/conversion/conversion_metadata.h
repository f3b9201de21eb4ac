// The "CONVERSION_METADATA" entry of Model.metadata: which kind of model was converted and with
// which options, in the flatbuffer layout of TensorFlow's conversion_metadata.fbs (our schema:
// conversion_metadata.fbs beside this file). The official converter writes it unless
// exclude_conversion_metadata is set; so does ours.
//
//   ConversionMetadataInfo info;
//   info.model_type = conversion::ModelType::TF_SAVED_MODEL;
//   info.optimization_modes = {conversion::ModelOptimizationMode::PTQ_FULL_INTEGER};
//   SetConversionMetadata(model, info);                         // adds or replaces the entry
//   absl::StatusOr<ConversionMetadataInfo> back = ReadConversionMetadata(model);
#ifndef TFCONV_METADATA_CONVERSION_CONVERSION_METADATA_H_
#define TFCONV_METADATA_CONVERSION_CONVERSION_METADATA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "converter/tflite/model_ir.h"
#include "metadata/conversion/conversion_metadata_generated.h"
#include "quantization/options.h"

namespace tfconv {

inline constexpr char kConversionMetadataName[] = "CONVERSION_METADATA";

struct ConversionMetadataInfo {
  std::string tensorflow_version;  // the official converter's TF version; we leave it empty
  // 2: the TF2 converter API (TFLiteConverterV2), whose flag semantics tflite_convert follows.
  uint32_t api_version = 2;
  conversion::ModelType model_type = conversion::ModelType::NONE;
  uint64_t model_hash = 0;
  std::vector<conversion::ModelOptimizationMode> optimization_modes;
  bool allow_custom_ops = false;
  bool enable_select_tf_ops = false;
  bool force_select_tf_ops = false;
  std::vector<std::vector<uint32_t>> sparsity_block_sizes;
};

// The flatbuffer bytes (no file identifier, as the official buffer has none). Deterministic.
std::string SerializeConversionMetadata(const ConversionMetadataInfo& info);

// Verifies and decodes a CONVERSION_METADATA buffer; an error says what is wrong.
absl::StatusOr<ConversionMetadataInfo> ParseConversionMetadata(absl::Span<const uint8_t> bytes);

// Adds the CONVERSION_METADATA entry, or replaces the bytes of the one the model has.
void SetConversionMetadata(TflModel& model, const ConversionMetadataInfo& info);

// The official mode of a post-training quantization mode; nullopt for kNone.
std::optional<conversion::ModelOptimizationMode> OptimizationModeOf(QuantizationMode mode);

// Adds `mode` to the model's CONVERSION_METADATA optimization modes (once); does nothing when the
// model has no such entry (e.g. converted with exclude_conversion_metadata, or by another tool).
// Meant for whatever quantizes the model, so a model quantized inside the converter and one
// quantized afterwards by tflite_quantize record the same.
void AddOptimizationMode(TflModel& model, conversion::ModelOptimizationMode mode);

// The model's entry decoded; NotFound when it has none.
absl::StatusOr<ConversionMetadataInfo> ReadConversionMetadata(const TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_METADATA_CONVERSION_CONVERSION_METADATA_H_
