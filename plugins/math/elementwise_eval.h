// Reference loops for elementwise ops on host Tensors: a unary map and a NumPy/TF-broadcasting
// binary map. Deliberately plain (one multi-index walk, no fast paths) so they are obviously right;
// the scalar function decides the semantics.
//
//   std::optional<std::vector<int64_t>> dims = BroadcastDims(a.shape(), b.shape());  // [3,5]+[5]
//   Tensor sum = BinaryMap<float, float>(a, b, *dims, [](float x, float y) { return x + y; });
//   Tensor less = BinaryMap<int32_t, bool>(a, b, *dims, [](int32_t x, int32_t y) { return x < y;
//   }); Tensor e = UnaryMap<float, float>(x, [](float v) { return std::exp(v); });
//
// Element types: any arithmetic C++ type with a DataType, and bool (read as a byte != 0).
#ifndef TFCONV_PLUGINS_MATH_ELEMENTWISE_EVAL_H_
#define TFCONV_PLUGINS_MATH_ELEMENTWISE_EVAL_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <vector>

#include "converter/graph/tensor.h"

namespace tfconv {

// The broadcast result of two concrete shapes (trailing dimensions aligned, 1 stretches), or
// nullopt when they are incompatible.
inline std::optional<std::vector<int64_t>> BroadcastDims(const std::vector<int64_t>& a,
                                                         const std::vector<int64_t>& b) {
  size_t rank = std::max(a.size(), b.size());
  std::vector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Dimension i of the output, counted from the left; shorter shapes are padded with 1 on the
    // left.
    int64_t da = i + a.size() >= rank ? a[i + a.size() - rank] : 1;
    int64_t db = i + b.size() >= rank ? b[i + b.size() - rank] : 1;
    if (da == db || db == 1) {
      out[i] = da;
    } else if (da == 1) {
      out[i] = db;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

namespace elementwise_internal {

// Element i of `t` as T; bool tensors hold one byte per element.
template <typename T>
T Load(const Tensor& t, int64_t i) {
  if constexpr (std::is_same_v<T, bool>) {
    return t.bytes().data()[i] != 0;
  } else {
    return t.data<T>()[i];
  }
}

// Strides of `shape` laid against an output of rank `out_rank`: 0 where the input is broadcast
// (a dimension of 1, or a missing leading dimension).
inline std::vector<int64_t> BroadcastStrides(const std::vector<int64_t>& shape,
                                             const std::vector<int64_t>& out_shape) {
  size_t out_rank = out_shape.size();
  std::vector<int64_t> strides(out_rank, 0);
  int64_t stride = 1;
  for (size_t k = 0; k < shape.size(); ++k) {
    size_t in_axis = shape.size() - 1 - k;
    size_t out_axis = out_rank - 1 - k;
    strides[out_axis] = shape[in_axis] == 1 && out_shape[out_axis] != 1 ? 0 : stride;
    stride *= shape[in_axis];
  }
  return strides;
}

}  // namespace elementwise_internal

// out[i] = f(x[i]); the output has x's shape.
template <typename In, typename Out, typename F>
Tensor UnaryMap(const Tensor& x, F f) {
  int64_t n = x.NumElements();
  std::vector<Out> out(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) out[i] = f(elementwise_internal::Load<In>(x, i));
  return Tensor::FromVector<Out>(x.shape(), out);
}

// out[idx] = f(a[idx broadcast into a], b[idx broadcast into b]) over every index of `out_shape`,
// which must be BroadcastDims(a.shape(), b.shape()).
template <typename In, typename Out, typename F>
Tensor BinaryMap(const Tensor& a, const Tensor& b, const std::vector<int64_t>& out_shape, F f) {
  using elementwise_internal::BroadcastStrides;
  using elementwise_internal::Load;
  const std::vector<int64_t> sa = BroadcastStrides(a.shape(), out_shape);
  const std::vector<int64_t> sb = BroadcastStrides(b.shape(), out_shape);
  int64_t n = 1;
  for (int64_t d : out_shape) n *= d;
  std::vector<Out> out(static_cast<size_t>(n));
  const size_t rank = out_shape.size();
  std::vector<int64_t> index(rank, 0);
  int64_t ia = 0, ib = 0;
  for (int64_t i = 0; i < n; ++i) {
    out[i] = f(Load<In>(a, ia), Load<In>(b, ib));
    // Advance the multi-index like an odometer, keeping both input offsets in step.
    for (size_t axis = rank; axis-- > 0;) {
      ia += sa[axis];
      ib += sb[axis];
      if (++index[axis] < out_shape[axis]) break;
      ia -= sa[axis] * out_shape[axis];
      ib -= sb[axis] * out_shape[axis];
      index[axis] = 0;
    }
  }
  return Tensor::FromVector<Out>(out_shape, out);
}

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_MATH_ELEMENTWISE_EVAL_H_
