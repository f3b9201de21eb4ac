// Test helpers of //quantization/full_integer: loading the official quantizer's test models,
// writing and re-reading a quantized model, and running a float model and its quantized form side by
// side in the reference interpreter on inputs drawn from the calibrated ranges.
//
//   TFCONV_SHARED_DIR_OR_SKIP(shared);
//   TflModel f = *LoadQuantTestdata(shared, "single_softmax_min_minus_5_max_plus_5.bin");
//   TflModel q = f;
//   QuantizeFullIntegerModel(q, Int8Options(TT::INT8, TT::INT8));
//   absl::StatusOr<RunComparison> c = CompareRuns(f, q);   // c->max_error_lsb: worst error in
//                                                           // units of the output's scale
#ifndef TFCONV_QUANTIZATION_FULL_INTEGER_TEST_UTIL_H_
#define TFCONV_QUANTIZATION_FULL_INTEGER_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "quantization/options.h"

namespace tfconv {

// $shared/testdata/real/litert/quant_testdata/<name>.
absl::StatusOr<TflModel> LoadQuantTestdata(const std::string& shared, const std::string& name);

QuantizeOptions Int8Options(tflite::TensorType in, tflite::TensorType out, bool integer_only = true);
QuantizeOptions Int16Options(tflite::TensorType in, tflite::TensorType out, bool integer_only = true);

// Serializes and reads back (what a written .tflite holds).
absl::StatusOr<TflModel> RoundTrip(const TflModel& model);

struct RunComparison {
  // Per model output: the largest |quantized - float| over the samples, in units of the output's
  // quantization scale (the scale of the integer tensor behind a final DEQUANTIZE), or in absolute
  // value for outputs that stay float. The float reference is first clamped to the range the
  // integer output can represent.
  std::vector<double> max_error_lsb;
  std::vector<double> max_abs_error;
  double max_error() const;  // worst of max_error_lsb
};

// Runs subgraph 0 of both models (each written and re-read) on `samples` inputs drawn uniformly
// from each float input's calibrated range ([0, 1) without one; integer inputs are zeros), feeding
// the quantized model quantized values where its inputs are integer. `values`, when given, holds
// the float values of each input instead (repeated for every sample).
absl::StatusOr<RunComparison> CompareRuns(const TflModel& float_model, const TflModel& quantized,
                                          int samples = 4,
                                          const std::vector<std::vector<float>>* values = nullptr);

// "name: TYPE scale=... zp=..." of every tensor of subgraph 0, for failure messages.
std::string DescribeTensors(const TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_FULL_INTEGER_TEST_UTIL_H_
