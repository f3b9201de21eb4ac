// TensorFlow's reference semantics for the nn ops, on host tensors: deliberately plain loops that
// are easy to check by eye. Image tensors are NHWC (callers move NCHW data first); accumulation is
// in T, over the window in row-major order. Shapes are checked by the callers (the ops' infer).
//
//   TFCONV_ASSIGN_OR_RETURN(Window2D g, ComputeWindow2D(node, attrs, 5, 7, 3, 3));
//   Tensor y = Conv2DReference<float>(x_nhwc, filter_hwio, g);
//   Tensor p = AvgPoolReference<float>(x_nhwc, /*k_h=*/2, /*k_w=*/2, g);  // SAME: mean of the
//                                                                          // elements inside the image
//   Tensor z = BatchMatMulReference<float>(a, b, /*adj_x=*/false, /*adj_y=*/true);
//   Tensor n = BatchNormInferenceReference(x, scale, offset, mean, variance, 1e-3, /*channel_axis=*/3);
//   Tensor l = LrnReference<float>(x_nhwc, /*radius=*/2, /*bias=*/1, /*alpha=*/1e-4, /*beta=*/0.75);
#ifndef TFCONV_PLUGINS_NN_REFERENCE_KERNELS_H_
#define TFCONV_PLUGINS_NN_REFERENCE_KERNELS_H_

#include <cstdint>
#include <vector>

#include "converter/graph/tensor.h"
#include "plugins/nn/window.h"

namespace tfconv {

// input [N, H, W, C], filter [KH, KW, C / groups, O] -> [N, g.h.out, g.w.out, O]. Grouped when the
// input has more channels than the filter: group k reads input channels [k*Cf, (k+1)*Cf) and
// writes output channels [k*O/groups, (k+1)*O/groups).
template <typename T>
Tensor Conv2DReference(const Tensor& input, const Tensor& filter, const Window2D& g);

// input [N, H, W, C], filter [KH, KW, C, M] -> [N, g.h.out, g.w.out, C*M]; output channel c*M + m
// is input channel c convolved with filter[:, :, c, m].
template <typename T>
Tensor DepthwiseConv2DReference(const Tensor& input, const Tensor& filter, const Window2D& g);

// The gradient of Conv2D with respect to its input: out_backprop [N, OH, OW, O], filter
// [KH, KW, C, O] -> [N, H, W, C] with H, W, C from `input_sizes` (NHWC) and g computed for the
// forward convolution over an H x W input.
template <typename T>
Tensor Conv2DBackpropInputReference(const Tensor& out_backprop, const Tensor& filter,
                                    const std::vector<int64_t>& input_sizes, const Window2D& g);

// Max over the window, padding ignored; a window with no element inside the image gives lowest().
template <typename T>
Tensor MaxPoolReference(const Tensor& input, int64_t k_h, int64_t k_w, const Window2D& g);

// Mean over the elements of the window that lie inside the image (TF divides by that count, not by
// the window size, under SAME padding).
template <typename T>
Tensor AvgPoolReference(const Tensor& input, int64_t k_h, int64_t k_w, const Window2D& g);

// x [..., M, K] (adj_x: [..., K, M]), y [..., K, N] (adj_y: [..., N, K]) -> [..., M, N]; the batch
// dimensions broadcast as in BatchMatMulV2. Rank-2 operands are MatMul.
template <typename T>
Tensor BatchMatMulReference(const Tensor& x, const Tensor& y, bool adj_x, bool adj_y);

// value + bias, the bias broadcast along `channel_axis` of value.
template <typename T>
Tensor BiasAddReference(const Tensor& value, const Tensor& bias, int channel_axis);

// TF's LRN: for each element, sqr_sum = sum of the squares of the channels [c - radius, c + radius]
// (clipped to the tensor) at the same position, output = x / (bias + alpha * sqr_sum)^beta. x is
// [N, H, W, C] (any rank >= 1 works: the last axis is the channel). Computed in double.
template <typename T>
Tensor LrnReference(const Tensor& x, int64_t radius, double bias, double alpha, double beta);

// TF's batch normalization in inference mode, float32: y = (x - mean) * scale / sqrt(variance +
// epsilon) + offset, the four [C] vectors broadcast along `channel_axis` of x. Each element is
// computed in double and rounded once.
Tensor BatchNormInferenceReference(const Tensor& x, const Tensor& scale, const Tensor& offset,
                                   const Tensor& mean, const Tensor& variance, double epsilon,
                                   int channel_axis);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_NN_REFERENCE_KERNELS_H_
