// Private to the nn plugin: the per-file register functions and the small helpers they share.
#ifndef TFCONV_PLUGINS_NN_NN_OPS_INTERNAL_H_
#define TFCONV_PLUGINS_NN_NN_OPS_INTERNAL_H_

#include <cstdint>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ops/op_registry.h"
#include "plugins/nn/window.h"

namespace tfconv {

void RegisterConvOps(OpRegistry& registry);     // Conv2D, DepthwiseConv2dNative, Conv2DBackpropInput
void RegisterPoolOps(OpRegistry& registry);     // MaxPool, AvgPool
void RegisterMatMulOps(OpRegistry& registry);   // MatMul, BatchMatMul, BatchMatMulV2, BatchMatMulV3
void RegisterBiasAddOps(OpRegistry& registry);  // BiasAdd, BiasAddV1
void RegisterBatchNormOps(OpRegistry& registry);  // FusedBatchNorm, FusedBatchNormV2, FusedBatchNormV3

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
