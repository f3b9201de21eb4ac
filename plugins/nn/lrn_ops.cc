// LRN (local response normalization, AlexNet/GoogLeNet era): shape rule, TF reference semantics and
// the lowering to LOCAL_RESPONSE_NORMALIZATION, whose options are TF's attributes under the same
// meaning (legalize_patterns: radius = depth_radius, bias, alpha, beta):
//   sqr_sum[n, h, w, c] = sum over j in [c - depth_radius, c + depth_radius] of x[n, h, w, j]^2
//   y = x / (bias + alpha * sqr_sum)^beta
#include <string>
#include <vector>

#include "plugins/common/op_helpers.h"
#include "plugins/nn/lowering_helpers.h"
#include "plugins/nn/nn_ops_internal.h"
#include "plugins/nn/reference_kernels.h"

namespace tfconv {
namespace {

struct LrnAttrs {
  int64_t radius = 5;
  float bias = 1.0f, alpha = 1.0f, beta = 0.5f;
};

// TF's defaults: depth_radius 5, bias 1, alpha 1, beta 0.5.
absl::StatusOr<LrnAttrs> ReadLrnAttrs(const Node& node) {
  LrnAttrs a;
  TFCONV_ASSIGN_OR_RETURN(a.radius, GetAttrOr<int64_t>(node, "depth_radius", 5));
  TFCONV_ASSIGN_OR_RETURN(a.bias, GetAttrOr<float>(node, "bias", 1.0f));
  TFCONV_ASSIGN_OR_RETURN(a.alpha, GetAttrOr<float>(node, "alpha", 1.0f));
  TFCONV_ASSIGN_OR_RETURN(a.beta, GetAttrOr<float>(node, "beta", 0.5f));
  if (a.radius < 0 || a.radius > (1 << 30)) {
    return NodeError(node, absl::StrCat("depth_radius ", a.radius, " must be in [0, 2^30]"));
  }
  return a;
}

absl::Status InferLrn(InferenceContext& c) {
  if (c.num_inputs() != 1) return c.Error("expects 1 input");
  TFCONV_RETURN_IF_ERROR(ReadLrnAttrs(c.node()).status());
  TFCONV_RETURN_IF_ERROR(CheckRank(c.node(), c.input_shape(0), 4, "the input"));
  c.set_output(0, c.input_type(0), c.input_shape(0));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalLrn(const EvalContext& c) {
  if (c.num_inputs() != 1 || c.input(0).rank() != 4) return c.Error("expects one 4-D input");
  TFCONV_ASSIGN_OR_RETURN(LrnAttrs a, ReadLrnAttrs(c.node()));
  TFCONV_ASSIGN_OR_RETURN(Tensor y, DispatchFloat(c.node(), c.input(0).dtype(), [&](auto tag) {
                            return LrnReference<decltype(tag)>(c.input(0), a.radius, a.bias, a.alpha, a.beta);
                          }));
  return std::vector<Tensor>{std::move(y)};
}

absl::Status LowerLrn(LoweringContext& c) {
  TFCONV_RETURN_IF_ERROR(RequireFloat32(c, "LOCAL_RESPONSE_NORMALIZATION"));
  TFCONV_ASSIGN_OR_RETURN(LrnAttrs a, ReadLrnAttrs(c.node()));
  TFCONV_ASSIGN_OR_RETURN(int32_t input, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t output, c.OutputTensor(0));
  tflite::LocalResponseNormalizationOptionsT o;
  o.radius = static_cast<int32_t>(a.radius);
  o.bias = a.bias;
  o.alpha = a.alpha;
  o.beta = a.beta;
  tflite::BuiltinOptionsUnion options;
  options.Set(std::move(o));
  c.AddBuiltinOp(tflite::BuiltinOperator::LOCAL_RESPONSE_NORMALIZATION, {input}, {output}, std::move(options));
  return absl::OkStatus();
}

}  // namespace

void RegisterLrnOps(OpRegistry& registry) {
  OpRegistration r;
  r.op = "LRN";
  r.infer = InferLrn;
  r.evaluate = EvalLrn;
  r.lower = LowerLrn;
  r.tflite_ops = {"LOCAL_RESPONSE_NORMALIZATION"};
  registry.Add(std::move(r));
}

}  // namespace tfconv
