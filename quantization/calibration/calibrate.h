// Calibration for full-integer quantization: runs the float model in the reference interpreter on
// each sample of a representative dataset and records every float tensor's min and max (over all
// samples) in TflTensor::quantization, the form quantize.h reads and the official calibrator writes.
//
//   absl::StatusOr<std::vector<std::vector<RtTensor>>> samples =
//       ReadRepresentativeDataset("calib/", model, /*subgraph=*/0);   // representative_dataset.h
//   CalibrationOptions options;
//   options.progress = [](size_t done, size_t total) { ... };        // e.g. a progress line
//   absl::Status s = CalibrateModel(model, *samples, options);
//
// As the official calibrator (LiteRT tflite/tools/optimize/calibration: calibration_logger.cc,
// calibrator.cc, calibration_wrapper.cc): the range is the plain min and max over every sample (no
// moving average); the logged tensors are the non-constant FLOAT32 inputs and outputs of every
// operator, in every subgraph an operator runs (control-flow bodies too), plus variable tensors
// before and after each run; variables are reset once, before the first sample, not between
// samples; a tensor's new range replaces the min/max the model had; NaN values are skipped.
// Differences: infinities are skipped too (the official range would become infinite, which no
// scale can represent); a tensor whose every value was skipped gets no range, and the official
// init value of max (the smallest positive float, so a tensor that is always negative gets max
// 1.2e-38 there) is not reproduced: we record the true max. The quantizer widens every range to
// contain 0, so both give the same scale and zero point. Operator intermediates (the gate tensors
// the official tool adds to LSTMs) are not recorded: the reference kernels do not compute them.
#ifndef TFCONV_QUANTIZATION_CALIBRATION_CALIBRATE_H_
#define TFCONV_QUANTIZATION_CALIBRATION_CALIBRATE_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "converter/tflite/model_ir.h"
#include "runtime_check/interpreter/kernel.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

struct CalibrationOptions {
  int subgraph = 0;  // the subgraph the samples feed
  // Called after each sample (from the calling thread).
  std::function<void(size_t done, size_t total)> progress;
  // The kernels to run the model with; null: BuiltinKernels() (runtime_check/kernels).
  const KernelRegistry* kernels = nullptr;
  // When set, receives what the user should know but that does not stop calibration: NaN or
  // infinite values skipped, float tensors no sample computed (a branch never taken).
  std::vector<std::string>* warnings = nullptr;
};

// `samples[k]` holds one tensor per subgraph input, in input order. Deterministic: the same model and
// samples give the same ranges. Fails on an empty dataset or a sample that does not fit the inputs.
absl::Status CalibrateModel(TflModel& model, absl::Span<const std::vector<RtTensor>> samples,
                            const CalibrationOptions& options = {});

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_CALIBRATION_CALIBRATE_H_
