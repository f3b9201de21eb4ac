// Private to the nn plugin: the per-file register functions and the small helpers they share.
#ifndef TFCONV_PLUGINS_NN_NN_OPS_INTERNAL_H_
#define TFCONV_PLUGINS_NN_NN_OPS_INTERNAL_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ops/op_registry.h"
#include "plugins/nn/window.h"

namespace tfconv {

void RegisterConvOps(OpRegistry& registry);     // Conv2D, DepthwiseConv2dNative, Conv2DBackpropInput
void RegisterPoolOps(OpRegistry& registry);     // MaxPool, MaxPoolV2, AvgPool
void RegisterMatMulOps(OpRegistry& registry);   // MatMul, BatchMatMul, BatchMatMulV2, BatchMatMulV3
void RegisterBiasAddOps(OpRegistry& registry);  // BiasAdd, BiasAddV1
void RegisterBatchNormOps(OpRegistry& registry);  // FusedBatchNorm, FusedBatchNormV2, FusedBatchNormV3
// _FusedConv2D, _FusedDepthwiseConv2dNative, FusedDepthwiseConv2dNative, _FusedMatMul
void RegisterFusedOps(OpRegistry& registry);
void RegisterEinsumOps(OpRegistry& registry);   // Einsum
void RegisterLrnOps(OpRegistry& registry);      // LRN

// ---- Shared by the plain ops and their fused forms ------------------------------------------------

enum class ConvKind { kConv2D, kDepthwise };

// What a fused form adds to the main TFLite operator of a convolution or matrix product.
struct MainOpExtras {
  int32_t bias = -1;                               // bias tensor; -1: none (zeros for convolutions)
  const std::vector<float>* weight_scale = nullptr;  // per output channel, folded into constant weights
  tflite::ActivationFunctionType activation = tflite::ActivationFunctionType::NONE;
  int32_t output = -1;                             // -1: TF output 0
};

// Conv2D / DepthwiseConv2dNative on inputs 0 (input) and 1 (filter); `num_inputs` is what the node
// must have (2, or 2 + num_args for the fused forms). Sets output 0; `out_channels` (optional)
// receives the output channel count, -1 when unknown.
absl::Status InferConvolution(InferenceContext& c, ConvKind kind, int num_inputs, int64_t* out_channels = nullptr);
// The convolution of inputs 0 and 1 in NHWC whatever the data_format (callers move it back).
absl::StatusOr<Tensor> EvalConvolutionNhwc(const EvalContext& c, ConvKind kind);
// CONV_2D / DEPTHWISE_CONV_2D (with PAD first for EXPLICIT padding).
absl::Status LowerConvolution(LoweringContext& c, ConvKind kind, const MainOpExtras& extras);

// MatMul on inputs 0 (a) and 1 (b) with transpose_a / transpose_b; `num_inputs` as above.
absl::Status InferMatMulOp(InferenceContext& c, int num_inputs);
absl::StatusOr<Tensor> EvalMatMulOp(const EvalContext& c);
// FULLY_CONNECTED (weights [N, K]; TRANSPOSEs for the operands that need them).
absl::Status LowerMatMulOp(LoweringContext& c, const MainOpExtras& extras);

// Dimension i of a shape, or -1 when the rank is unknown.
inline int64_t DimOr(const PartialShape& s, int i) { return s.known_rank() ? s.dim(i) : -1; }

// An error unless the shape has unknown rank or rank `rank`.
absl::Status CheckRank(const Node& node, const PartialShape& s, int rank, absl::string_view what);

// A 4-D image shape in the layout's dimension order.
PartialShape ImageShape(const ImageLayout& layout, int64_t n, int64_t h, int64_t w, int64_t c);

// Calls fn(T{}) with T = float or double for those dtypes; other dtypes are not evaluated
// (Unimplemented, naming the node).
template <typename Fn>
absl::StatusOr<Tensor> DispatchFloat(const Node& node, DataType type, Fn&& fn) {
  switch (type) {
    case DataType::kFloat: return fn(float{});
    case DataType::kDouble: return fn(double{});
    default:
      return NodeUnsupported(node, absl::StrCat("evaluation handles float32 and float64, not ",
                                                DataTypeName(type)));
  }
}

// The same for float, double, int32 and int64.
template <typename Fn>
absl::StatusOr<Tensor> DispatchArithmetic(const Node& node, DataType type, Fn&& fn) {
  switch (type) {
    case DataType::kInt32: return fn(int32_t{});
    case DataType::kInt64: return fn(int64_t{});
    default: return DispatchFloat(node, type, std::forward<Fn>(fn));
  }
}

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_NN_NN_OPS_INTERNAL_H_
