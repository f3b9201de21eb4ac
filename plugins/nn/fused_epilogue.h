// The work grappler's fused ops (_FusedConv2D, _FusedDepthwiseConv2dNative and tfjs's
// FusedDepthwiseConv2dNative, _FusedMatMul) do after the convolution or product, as named by their
// `fused_ops` attribute, with the `num_args` extra inputs that follow the two operands:
//
//   ["BiasAdd"(, act)]         args [bias]                            y = act(z + bias)
//   ["FusedBatchNorm"(, act)]  args [scale, offset, mean, variance]   y = act((z - mean) * scale /
//                                                                         sqrt(variance + epsilon) + offset)
//   ["BiasAdd", "Add"(, act)]  args [bias, addend]                    y = act(z + bias + addend)
//
// act is one of Relu, Relu6, Elu, LeakyRelu (attribute leakyrelu_alpha), Sigmoid, Tanh, GeluExact,
// GeluApproximate. z is channels-last; bias and the batch-norm vectors run along its last axis.
//
//   TFCONV_ASSIGN_OR_RETURN(FusedEpilogue e, ReadFusedEpilogue(node, /*allow_batch_norm=*/true));
//   TFCONV_RETURN_IF_ERROR(CheckEpilogueArgShapes(c, e, out_channels, out_shape));   // infer
//   TFCONV_ASSIGN_OR_RETURN(Tensor y, ApplyEpilogue(node, e, z, args));              // evaluate
//
// Lowering: PlanEpilogue says what goes into the main TFLite op (its bias input, factors to fold
// into its constant weights, a fused RELU/RELU6); the main op writes EpilogueMainOutput; then
// EmitEpilogueTail adds what could not be fused (ADD of the addend, the batch-norm MUL/ADD for
// computed weights, ELU/LEAKY_RELU/LOGISTIC/TANH/GELU) and ends in TF output 0.
#ifndef TFCONV_PLUGINS_NN_FUSED_EPILOGUE_H_
#define TFCONV_PLUGINS_NN_FUSED_EPILOGUE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ops/op_context.h"

namespace tfconv {

enum class FusedBias { kBiasAdd, kBatchNorm, kBiasAddAdd };

enum class FusedActivation { kNone, kRelu, kRelu6, kElu, kLeakyRelu, kSigmoid, kTanh, kGeluExact, kGeluApproximate };

struct FusedEpilogue {
  FusedBias bias = FusedBias::kBiasAdd;
  FusedActivation activation = FusedActivation::kNone;
  double leakyrelu_alpha = 0.2;
  double epsilon = 1e-4;
  int num_args = 1;  // extra inputs after the two operands
};

// Reads fused_ops, num_args, num_host_args, epsilon and leakyrelu_alpha; refuses patterns outside
// the table above (FusedBatchNorm only when allowed) and a num_args that does not match the pattern.
absl::StatusOr<FusedEpilogue> ReadFusedEpilogue(const Node& node, bool allow_batch_norm);

// Infer-time checks of the extra inputs (they start at input 2): the bias and batch-norm vectors are
// [channels], the addend has the output's shape; unknown dims pass.
absl::Status CheckEpilogueArgShapes(const InferenceContext& c, const FusedEpilogue& e, int64_t channels,
                                    const PartialShape& output);

// TF's semantics: the epilogue applied to z (float32 or float64, channels last) with args = the
// extra inputs (the addend already channels-last). Each element is computed in double and rounded once.
absl::StatusOr<Tensor> ApplyEpilogue(const Node& node, const FusedEpilogue& e, const Tensor& z,
                                     absl::Span<const Tensor> args);

struct EpiloguePlan {
  int32_t bias = -1;                 // the main op's bias tensor; -1: none (the op makes zeros)
  std::vector<float> weight_scale;   // non-empty: multiply the constant weights per output channel
  tflite::ActivationFunctionType fused_activation = tflite::ActivationFunctionType::NONE;  // main op's
  // Filled in for the tail: the batch-norm multiplier and shift when they cannot go into the weights.
  std::vector<float> tail_multiplier, tail_shift;
  bool has_tail = false;
};

// `channels`: the main op's output channels; `weights_constant`: whether its weights are a constant
// (then a batch norm folds into them). FusedBatchNorm needs constant scale/offset/mean/variance.
absl::StatusOr<EpiloguePlan> PlanEpilogue(LoweringContext& c, const FusedEpilogue& e, int64_t channels,
                                          bool weights_constant);

// The tensor the main op writes: TF output 0, or a new float32 tensor of the output's shape when a
// tail follows.
absl::StatusOr<int32_t> EpilogueMainOutput(LoweringContext& c, const EpiloguePlan& plan);

// The operators after the main op, from its output `main_output` to TF output 0 (none without a tail).
absl::Status EmitEpilogueTail(LoweringContext& c, const FusedEpilogue& e, const EpiloguePlan& plan,
                              int32_t main_output);

// The TFLite operators an epilogue may emit, for OpRegistration::tflite_ops.
std::vector<std::string> EpilogueTfliteOps();

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_NN_FUSED_EPILOGUE_H_
