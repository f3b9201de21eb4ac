// Shared by the debugger and its denylist search: feeding a quantized model the float samples and
// measuring its outputs against the float model's.
#ifndef TFCONV_QUANTIZATION_DEBUG_INTERNAL_MODEL_RUNS_H_
#define TFCONV_QUANTIZATION_DEBUG_INTERNAL_MODEL_RUNS_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "quantization/debug/error_stats.h"
#include "quantization/debug/tensor_pairing.h"
#include "runtime_check/interpreter/kernel.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {
namespace quant_debug {

// The inputs of the quantized subgraph for one float sample: each quantized input takes the float
// input it is paired with, quantized into its type when it is an integer tensor with a scale.
absl::StatusOr<std::vector<RtTensor>> QuantizedInputs(const TflModel& float_model, int float_subgraph,
                                                      const TflModel& quant_model, int quant_subgraph,
                                                      const TensorPairing& pairing,
                                                      const std::vector<RtTensor>& float_sample);

// For each float output: the quantized tensor compared with it (a quantized model output paired with
// it, else its preferred counterpart). Errors name the float output without one.
absl::StatusOr<std::vector<int>> OutputCounterparts(const TflModel& float_model, int float_subgraph,
                                                    const TflModel& quant_model, int quant_subgraph,
                                                    const TensorPairing& pairing);

// Runs `quant_model` on every sample and returns per float output the error of its counterpart
// against `float_outputs[sample][output]` (real values).
absl::StatusOr<std::vector<ErrorStats>> OutputErrors(
    const TflModel& float_model, int float_subgraph, std::shared_ptr<const TflModel> quant_model,
    int quant_subgraph, const std::vector<std::vector<RtTensor>>& samples,
    const std::vector<std::vector<std::vector<double>>>& float_outputs, const KernelRegistry& kernels);

// The largest RMSE of a list of output errors.
double FinalError(const std::vector<ErrorStats>& outputs);

}  // namespace quant_debug
}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_DEBUG_INTERNAL_MODEL_RUNS_H_
