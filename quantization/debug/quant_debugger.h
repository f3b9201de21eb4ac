// The quantization debugger: runs a float model and its quantized model side by side in the
// reference interpreter and says where the accuracy goes, per tensor and per layer, then suggests the
// --quantize_denylist that brings the outputs back within a tolerance.
//
//   QuantDebugSetup s;
//   s.float_model = ...;  s.quant_model = ...;           // e.g. m.tflite and m_int8.tflite
//   s.samples = {{image}};                              // float inputs of the float model
//   absl::StatusOr<QuantDebugReport> r = DebugQuantization(s);
//   std::cout << r->ToText();                           // worst layers first, the suggested denylist
//   r->ToJson();                                        // everything, for tools
//
// Per tensor present in both models (tensor_pairing.h), on the dequantized values: RMSE, RMSE/scale
// (1/sqrt(12) ~ 0.289 for pure rounding), max abs error, mean error, over all samples.
// - accumulated: both models run whole; the error a tensor carries from everything before it;
// - layer-wise: the float model runs with every operator fed the dequantized values the quantized
//   model produced, so an operator's error is its own (the official debugger's layer statistics);
// - weights and biases are compared directly (float vs dequantized constant).
// Inputs: a quantized model with integer inputs gets the float samples quantized with its inputs'
// scale and zero point; its integer outputs are dequantized before they are compared.
//
// Denylist: the final error is the largest RMSE over the model outputs. Operators are ranked by how
// much their float fallback alone lowers it, measured exactly on a rewritten model (float_fallback.h:
// the same scales, float weights, DEQUANTIZE/QUANTIZE around the operator); then added greedily in
// that order until the error is within tolerance, then pruned. With `requantize` set, the suggestion is
// also checked by quantizing the float model again with it.
#ifndef TFCONV_QUANTIZATION_DEBUG_QUANT_DEBUGGER_H_
#define TFCONV_QUANTIZATION_DEBUG_QUANT_DEBUGGER_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "quantization/debug/error_stats.h"
#include "runtime_check/interpreter/kernel.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

// Quantizes the float model again with `denylist_regex` (its operators stay float); see requantize.h.
using Requantizer = std::function<absl::StatusOr<std::shared_ptr<const TflModel>>(const std::string& denylist_regex)>;

struct QuantDebugSetup {
  std::shared_ptr<const TflModel> float_model, quant_model;
  std::string float_name, quant_name;  // for the report
  int float_subgraph = 0, quant_subgraph = 0;
  // Each sample: one tensor per input of the float subgraph, in its input order.
  std::vector<std::vector<RtTensor>> samples;
  std::string samples_from;  // "default pattern", a file..., for the report
  // Largest acceptable RMSE of every model output (in its real units); unset: 1% of the float output's
  // range over the samples.
  std::optional<double> tolerance;
  bool suggest_denylist = true;
  // At most this many operators (the worst layer-wise ones) are tried as float fallbacks.
  int max_candidates = 64;
  Requantizer requantize;                // optional
  const KernelRegistry* kernels = nullptr;  // default: BuiltinKernels()
};

struct TensorErrorRow {
  std::string name, quant_name, match;  // float tensor name, quantized tensor name, how they paired
  std::string kind;                     // "input", "activation", "output", "weight"
  std::string float_type, quant_type;   // "FLOAT32", "INT8"...
  double scale = 0;                     // first scale of the quantized tensor (0: none)
  int64_t zero_point = 0;
  int channels = 0;                     // scales it has (0: none)
  ErrorStats stats;                     // accumulated (weights: direct)
};

struct LayerErrorRow {
  int float_op = -1, quant_op = -1;
  std::string op;                      // "CONV_2D"
  std::string output, quant_output;    // first output names
  std::string quant_type;
  double scale = 0;
  ErrorStats layer;                    // the operator's own error
  ErrorStats accumulated;              // the error its output carries
  bool can_fall_back = false;
  std::string fallback_note;           // why it cannot, when it cannot
};

struct OutputErrorRow {
  std::string name, quant_name;
  ErrorStats stats;
};

struct DenylistStep {
  std::string op;      // "CONV_2D 'name'"
  std::string output;  // the float operator's first output name
  double error_alone = 0;  // the final error with only this operator float
  double error_after = 0;  // with it and every earlier step
};

struct DenylistSuggestion {
  bool computed = false;
  std::string note;        // what was done or why nothing was
  double tolerance = 0;
  double baseline_error = 0;  // final error of the quantized model as given
  double error = 0;           // with the suggested operators float
  bool within_tolerance = false;
  std::vector<DenylistStep> steps;  // the operators of the suggestion, in the order they were added
  std::vector<std::string> outputs;  // their float output names
  std::string regex;                 // for --quantize_denylist
  std::vector<DenylistStep> ranking; // every candidate with its error alone, best first
  // Checked by re-quantizing the float model (when a Requantizer is given).
  bool verified = false;
  std::optional<double> requantized_baseline_error, requantized_error;
  std::string verify_note;
};

struct QuantDebugReport {
  std::string float_model, quant_model, samples_from;
  int samples = 0;
  std::vector<OutputErrorRow> outputs;
  std::vector<LayerErrorRow> layers;    // worst first (layer-wise RMSE/scale, else relative RMSE)
  std::vector<TensorErrorRow> tensors;  // worst first
  int unpaired_quant_tensors = 0;
  std::vector<std::string> notes;
  DenylistSuggestion denylist;

  // The largest output RMSE.
  double final_error() const;
  // Tables of at most `max_rows` rows each (0: all).
  std::string ToText(int max_rows = 20) const;
  nlohmann::json ToJson() const;
};

// Errors name the model and what is wrong (a model the interpreter cannot run, samples that do not
// fit the float model's inputs, a quantized model whose inputs cannot be paired with the float ones).
absl::StatusOr<QuantDebugReport> DebugQuantization(const QuantDebugSetup& setup);

// The float model's inputs for each sample given in the quantized model's input types (e.g. the int8
// reference input of an int8 model): integer inputs with a scale are dequantized, others copied.
absl::StatusOr<std::vector<std::vector<RtTensor>>> FloatSamplesFromQuantized(
    const TflModel& float_model, int float_subgraph, const TflModel& quant_model, int quant_subgraph,
    const std::vector<std::vector<RtTensor>>& quant_samples);

// The regex matching exactly these tensor names (anchored, metacharacters escaped), '|'-joined.
std::string ExactNamesRegex(const std::vector<std::string>& names);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_DEBUG_QUANT_DEBUGGER_H_
