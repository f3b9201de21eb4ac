// Internal to //quantization/full_integer (namespace tfconv::full_integer): the rewrite of one subgraph into its full-integer form.
// full_integer.cc drives it; the generic operators live in subgraph_pass.cc, SVDF / LSTM in
// recurrent_ops.cc and the model's input/output types in io_boundary.cc.
//
//   SubgraphPass pass(original, working, /*subgraph=*/0, options, buffer_refs, report);
//   absl::Status s = pass.Plan();   // which ops become integer; integer-only errors
//   if (s.ok()) s = pass.Run();     // rewrites `working.subgraphs[0]`
//
// Ranges and float data are read from `original`, which is never modified, so a constant that
// several operators quantize differently is always quantized from its float values.
#ifndef TFCONV_QUANTIZATION_FULL_INTEGER_SUBGRAPH_PASS_H_
#define TFCONV_QUANTIZATION_FULL_INTEGER_SUBGRAPH_PASS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "quantization/full_integer/op_rules.h"
#include "quantization/options.h"
#include "quantization/quant_utils.h"

namespace re2 {
class RE2;
}

namespace tfconv {
namespace full_integer {

enum class OpMode {
  kUntouched,  // no real-valued tensor: nothing to do
  kQuantized,  // runs its integer kernel
  kFloat,      // stays float between DEQUANTIZE and QUANTIZE
};

struct OpPlan {
  OpMode mode = OpMode::kUntouched;
  const OpQuantRule* rule = nullptr;
  std::string reason;            // why the op stays float
  std::vector<int> int_inputs;   // input positions that become integer
  std::vector<int> int_outputs;  // output positions that become integer
  bool dynamic_weights = false;  // FULLY_CONNECTED weights computed by the graph (int8 activations)
  std::string resource;          // READ_VARIABLE / ASSIGN_VARIABLE: the variable's key
};

// Resource variables across subgraphs: every READ_VARIABLE output and ASSIGN_VARIABLE value of one
// variable must share one type and one scale, so they are decided for the whole model first
// (full_integer.cc), as the official quantizer does (min of the mins, max of the maxes).
struct ResourcePlan {
  std::map<std::pair<int, int>, std::string> handle_key;  // (subgraph, handle tensor) -> key
  std::map<std::string, std::pair<float, float>> range;    // variables that become integer
  std::map<std::string, std::string> float_reason;         // variables that stay float, and why
};

// A constant's quantized form before it is placed in the model.
struct QuantizedConst {
  tflite::TensorType type = tflite::TensorType::INT8;
  std::vector<float> scales;
  std::vector<int64_t> zero_points;
  int32_t quantized_dimension = 0;
  ByteBuffer data;
  std::vector<float> mins, maxs;  // recorded like the official tool (weights only)
};

class SubgraphPass {
 public:
  // `buffer_refs[b]` counts the tensors (all subgraphs) that use buffer b; the pass keeps it exact.
  SubgraphPass(const TflModel& original, TflModel& working, int subgraph,
               const QuantizeOptions& options, const re2::RE2* denylist,
               const ResourcePlan& resources, std::vector<int>& buffer_refs,
               QuantizeReport& report);

  absl::Status Plan();
  absl::Status Run();

 private:
  // --- analysis (subgraph_pass.cc)
  const TflTensor& Orig(int t) const { return orig_.subgraphs[sub_].tensors[t]; }
  TflTensor& W(int t) { return g().tensors[t]; }
  TflSubgraph& g() { return model_.subgraphs[sub_]; }
  bool IsConst(int t) const;
  bool IsFloat(int t) const { return Orig(t).type == tflite::TensorType::FLOAT32; }
  bool IsFloatActivation(int t) const { return IsFloat(t) && !IsConst(t); }
  bool Present(const std::vector<int32_t>& list, int pos) const;
  tflite::BuiltinOperator CodeOf(int op) const;
  std::string Describe(int op) const;  // "CONV_2D producing 'name'"
  OpPlan PlanOp(int op);
  OpPlan PlanGeneric(int op, const OpQuantRule& rule);
  OpPlan PlanSvdf(int op, const OpQuantRule& rule);
  OpPlan PlanLstm(int op, const OpQuantRule& rule);
  OpPlan PlanResourceOp(int op, tflite::BuiltinOperator code);
  bool Denied(int op) const;

  // --- ranges and parameters
  absl::StatusOr<std::pair<float, float>> RangeOf(int t, const std::string& role) const;
  bool HasRange(int t) const;
  AffineParams ActivationParams(float min, float max) const;
  // Quantizes activation t (in the working model) with its own calibrated range.
  absl::Status QuantizeInPlace(int t, const std::string& role);
  void SetParams(int t, tflite::TensorType type, AffineParams p, const float* min = nullptr,
                 const float* max = nullptr);
  AffineParams ParamsOf(int t) { return {W(t).quantization->scale[0], W(t).quantization->zero_point[0]}; }
  float ScaleOf(int t) { return W(t).quantization->scale[0]; }

  // --- rewriting
  int AddTensor(const TflTensor& like, const std::string& name, tflite::TensorType type);
  void Emit(tflite::BuiltinOperator code, int input, int output);
  // The tensor holding the integer (or float) version of activation t, adding a shared QUANTIZE
  // (DEQUANTIZE) the first time another representation is needed.
  absl::StatusOr<int> EnsureInt(int t, int op);
  absl::StatusOr<int> EnsureFloat(int t);
  // Places a quantized constant: in place when t has no float use left, else as a copy; the same
  // parameters for the same constant reuse one tensor.
  int PlaceConst(int t, QuantizedConst q, bool bias_use);
  absl::StatusOr<QuantizedConst> WeightConst(int t, int channel_dim, const std::vector<float>* scales);
  absl::StatusOr<QuantizedConst> Int16Const(int t);                  // symmetric from its data
  absl::StatusOr<QuantizedConst> Int16ConstWithScale(int t, float scale);
  absl::StatusOr<QuantizedConst> AffineConst(int t, tflite::TensorType type, AffineParams p);
  absl::StatusOr<QuantizedConst> BiasConst(int t, float input_scale, const std::vector<float>& weight_scales);
  // Activation-like constant input of a quantized op.
  absl::StatusOr<int> ConstActivation(int t, const OpQuantRule& rule);

  absl::Status RunOp(int op);
  absl::Status RunFloatOp(int op, TflOperator& o);
  absl::Status RunGeneric(int op, TflOperator& o, const OpQuantRule& rule);
  absl::Status RunSvdf(int op, TflOperator& o);  // recurrent_ops.cc
  absl::Status RunLstm(int op, TflOperator& o);  // recurrent_ops.cc
  absl::Status RunResourceOp(int op, TflOperator& o);
  // Brings integer tensor `it` to `target` parameters with a QUANTIZE when they differ.
  int Requantize(int it, AffineParams target, int like_range);
  absl::Status QuantizeVariable(int t, tflite::TensorType type, AffineParams p, const std::string& role);

  // --- model inputs and outputs (io_boundary.cc)
  absl::Status SetBoundaryTypes();
  int FloatInputTensor(int t);  // the float model input that feeds integer input t

  const TflModel& orig_;
  TflModel& model_;
  int sub_;
  const QuantizeOptions& options_;
  const re2::RE2* denylist_;
  const ResourcePlan& resources_;
  std::vector<int>& buffer_refs_;
  QuantizeReport& report_;
  bool int16_;
  tflite::TensorType act_;
  std::string act_suffix_;  // "int8" / "int16"
  size_t num_orig_ = 0;

  std::vector<int> producer_;                               // op index, -1: none
  std::vector<std::vector<std::pair<int, int>>> uses_;      // (op, input position)
  std::vector<bool> graph_input_, graph_output_;
  std::vector<OpPlan> plans_;
  std::vector<bool> home_int_;   // activation's own index holds its integer form
  std::vector<bool> quantized_;  // its parameters are set
  std::vector<int> int_version_, float_version_;
  std::vector<int> float_uses_;   // constants: uses that stay float
  std::vector<bool> bias_shared_;  // constants used as a bias and as another quantized input
  std::map<int, std::vector<int>> const_versions_;
  std::map<int, int> float_input_of_;  // integer model input -> its new float input tensor
  std::map<int, std::pair<float, float>> range_override_;  // variable values: the variable's range
  std::vector<TflOperator> head_ops_, new_ops_, tail_ops_;
};

}  // namespace full_integer
}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_FULL_INTEGER_SUBGRAPH_PASS_H_
