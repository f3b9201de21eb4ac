// The op-specific checks a profile can ask for by name ("requires": ["softmax_beta_1"]), plus the
// view of one operator they (and compat_check.cc) read. A check returns why the operator fails it,
// or nothing when it passes or does not apply (e.g. a missing options table).
//
//   OpView v{model, graph, op, tflite::BuiltinOperator::SOFTMAX};
//   const OpRequirement* r = FindRequirement("softmax_beta_1");
//   if (std::optional<std::string> why = r->check(v)) reasons.push_back(*why);
#ifndef TFCONV_RUNTIME_CHECK_PROFILES_OP_REQUIREMENTS_H_
#define TFCONV_RUNTIME_CHECK_PROFILES_OP_REQUIREMENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "converter/tflite/model_ir.h"

namespace tfconv {

struct OpView {
  const TflModel& model;
  const TflSubgraph& graph;
  const TflOperator& op;
  tflite::BuiltinOperator code;

  int num_inputs() const { return static_cast<int>(op.inputs.size()); }
  int num_outputs() const { return static_cast<int>(op.outputs.size()); }
  // nullptr for an omitted optional input (-1) or an index out of range.
  const TflTensor* input(int i) const;
  const TflTensor* output(int i) const;
  // A tensor with bytes in a buffer (a weight); variables are never constant.
  bool IsConstant(const TflTensor& t) const;
  bool IsConstantInput(int i) const;
  // The integer values of a constant INT32/INT64 input; nullopt otherwise.
  std::optional<std::vector<int64_t>> ConstInts(int i) const;
  // The bytes of a constant input; nullptr otherwise.
  const ByteBuffer* ConstBytes(int i) const;
};

// True when `t` has bytes in the model: a buffer index other than 0 holding data.
bool IsConstantTensor(const TflModel& model, const TflTensor& t);

struct OpRequirement {
  const char* name;
  const char* description;  // what it checks, for README.md and --help texts
  std::optional<std::string> (*check)(const OpView& v);
};

// Every named requirement, in a fixed order.
const std::vector<OpRequirement>& AllRequirements();
const OpRequirement* FindRequirement(const std::string& name);

// The fused activation of ops whose options carry one; nullopt for the others.
std::optional<tflite::ActivationFunctionType> FusedActivationOf(const TflOperator& op);

// Strides, dilations and filter size of convolutions and pooling (0 where not applicable).
struct WindowParams {
  int stride_h = 0, stride_w = 0;
  int dilation_h = 0, dilation_w = 0;
  int filter_h = 0, filter_w = 0;
};
std::optional<WindowParams> WindowParamsOf(const OpView& v);

// For "no_batch_axis": whether the op has axes we can check, and the check itself.
bool HasBatchAxisCheck(tflite::BuiltinOperator op);
std::optional<std::string> CheckNoBatchAxis(const OpView& v);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_PROFILES_OP_REQUIREMENTS_H_
