#include "quantization/tools/apply_quantization.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "metadata/conversion/conversion_metadata.h"
#include "quantization/calibration/calibrate.h"
#include "quantization/calibration/representative_dataset.h"
#include "quantization/quantize.h"

namespace tfconv {

absl::StatusOr<int> DatasetSubgraph(const TflModel& model, const std::string& signature_key) {
  if (signature_key.empty() && model.signature_defs.size() != 1) return 0;
  std::vector<std::string> keys;
  for (const TflSignatureDef& sig : model.signature_defs) {
    if (signature_key.empty() || sig.signature_key == signature_key) return static_cast<int>(sig.subgraph_index);
    keys.push_back(absl::StrCat("'", sig.signature_key, "'"));
  }
  return absl::NotFoundError(absl::StrCat("the representative dataset feeds signature '", signature_key,
                                          "', which the model does not have; its signatures: ",
                                          keys.empty() ? "none" : absl::StrJoin(keys, ", ")));
}

absl::Status CalibrateWithDataset(TflModel& model, const QuantizationRequest& request,
                                  std::vector<std::string>* warnings) {
  absl::StatusOr<int> subgraph = DatasetSubgraph(model, request.signature_key);
  if (!subgraph.ok()) return subgraph.status();
  absl::StatusOr<std::vector<std::vector<RtTensor>>> samples =
      ReadRepresentativeDataset(request.representative_dataset, model, *subgraph);
  if (!samples.ok()) return samples.status();
  CalibrationOptions calibration;
  calibration.subgraph = *subgraph;
  calibration.progress = request.calibration_progress;
  calibration.warnings = warnings;
  if (absl::Status s = CalibrateModel(model, *samples, calibration); !s.ok()) return s;
  if (model.signature_defs.size() > 1 && warnings != nullptr) {
    warnings->push_back(absl::StrCat(
        "calibration fed subgraph ", *subgraph,
        request.signature_key.empty() ? "" : absl::StrCat(" (signature '", request.signature_key, "')"),
        " only; the subgraphs of the model's other signatures have no ranges"));
  }
  return absl::OkStatus();
}

absl::StatusOr<QuantizeReport> ApplyQuantization(TflModel& model, const QuantizationRequest& request) {
  const QuantizeOptions& o = request.options;
  std::vector<std::string> warnings;
  if (o.mode == QuantizationMode::kNone) {
    if (!request.representative_dataset.empty()) {
      return absl::InvalidArgumentError(
          "a representative dataset was given but no quantization: set the mode (--optimizations=DEFAULT)");
    }
    return QuantizeReport{};
  }
  const bool full_integer = o.mode == QuantizationMode::kInt8 || o.mode == QuantizationMode::kInt16x8;
  if (full_integer && !request.representative_dataset.empty()) {
    if (absl::Status s = CalibrateWithDataset(model, request, &warnings); !s.ok()) return s;
  } else if (full_integer && !HasCalibratedRanges(model)) {
    return absl::InvalidArgumentError(absl::StrCat(
        QuantizationModeName(o.mode),
        " quantization needs calibrated ranges: give a representative dataset (--representative_dataset=PATH), "
        "or a model that already records min/max"));
  } else if (!full_integer && !request.representative_dataset.empty()) {
    warnings.push_back(absl::StrCat("the representative dataset is not used: ", QuantizationModeName(o.mode),
                                    " quantization needs no calibration"));
  }
  absl::StatusOr<QuantizeReport> report = QuantizeModel(model, o);
  if (!report.ok()) return report.status();
  // Recorded here, where tflite_convert and tflite_quantize meet, so both write the same bytes.
  if (auto mode = OptimizationModeOf(o.mode)) AddOptimizationMode(model, *mode);
  report->warnings.insert(report->warnings.begin(), warnings.begin(), warnings.end());
  return report;
}

}  // namespace tfconv
