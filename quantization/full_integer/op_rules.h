// How each builtin operator is quantized in the full-integer modes: which of its inputs are
// activations, which is the weight (and its per-channel dimension), which is the bias, and what its
// outputs' scales must be. One row per operator, following the official quantizer's operator
// properties (tensorflow/lite/tools/optimize/operator_property.cc), which the LiteRT int8 / int16
// kernels require.
//
//   const OpQuantRule* rule = FindOpRule(tflite::BuiltinOperator::CONV_2D);
//   if (rule == nullptr || !rule->int8) { /* no int8 kernel: the op stays float */ }
//   rule->weight == 1, rule->weight_channel_dim == 0, rule->bias == 2
#ifndef TFCONV_QUANTIZATION_FULL_INTEGER_OP_RULES_H_
#define TFCONV_QUANTIZATION_FULL_INTEGER_OP_RULES_H_

#include <vector>

#include "converter/schema/tflite_schema_generated.h"

namespace tfconv {
namespace full_integer {

enum class OutputScale {
  kOwnRange,     // from the output's calibrated min/max
  kSameAsInput,  // the kernel needs the output's scale and zero point equal to its (first) input's
  kFixed,        // the kernel has fixed output parameters (LOGISTIC, SOFTMAX, TANH...)
};

// Operators that need more than the table can say.
enum class SpecialRule { kNone, kSvdf, kLstm };

struct FixedParams {
  float scale = 0;  // 0: none for this activation type
  int zero_point = 0;
};

// Not "OpRule": runtime_check/profiles/profile.h has a tfconv::OpRule, and two classes of one name
// in one executable (tflite_validate links both) break the One Definition Rule at run time.
struct OpQuantRule {
  tflite::BuiltinOperator op = tflite::BuiltinOperator::ADD;
  bool int8 = true;   // an int8 kernel exists
  bool int16 = true;  // a 16x8 kernel exists (int16 activations, int8 weights)
  // Inputs that carry activations (or constants quantized like them); empty with all_inputs.
  std::vector<int> inputs;
  bool all_inputs = false;
  int weight = -1;              // the weight input, symmetric int8
  int weight_channel_dim = -1;  // per-channel dimension of the weight, -1 per tensor
  int bias = -1;                // int32 (int64 in 16x8) at input scale x weight scale
  std::vector<int> outputs;
  bool all_outputs = false;
  OutputScale output_scale = OutputScale::kOwnRange;
  FixedParams fixed_int8, fixed_int16;
  // Several inputs that must share the output's scale and zero point (CONCATENATION, PACK...): the
  // output keeps its own range and each input that differs is requantized to it.
  bool inputs_share_output_scale = false;
  // Constant inputs that take the (first) input's parameters (PADV2's padding value).
  std::vector<int> same_scale_constants;
  // In 16x8, constant inputs are quantized as int16 activations rather than int8 weights (ADD, MUL,
  // GATHER...).
  bool constants_as_activations_16 = false;
  SpecialRule special = SpecialRule::kNone;
};

// The rule of `op`, or null when the op has no integer kernel.
const OpQuantRule* FindOpRule(tflite::BuiltinOperator op);

}  // namespace full_integer
}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_FULL_INTEGER_OP_RULES_H_
