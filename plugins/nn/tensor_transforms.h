// Host-side rearrangements of constant tensors: the filter and weight layouts TFLite expects, and
// the NCHW <-> NHWC moves the reference semantics use. They work on any fixed-size element type.
//
//   Tensor ohwi = ConvFilterHwioToOhwi(hwio);            // [H,W,I,O] -> [O,H,W,I]   (CONV_2D)
//   Tensor dw = DepthwiseFilterToTflite(hwcm);           // [H,W,C,M] -> [1,H,W,C*M] (DEPTHWISE_CONV_2D)
//   Tensor w = TransposeConvFilterToTflite(hwoi);        // [H,W,O,I] -> [O,H,W,I]   (TRANSPOSE_CONV)
//   Tensor wt = TransposeMatrix(w);                      // [K,N] -> [N,K]           (FULLY_CONNECTED)
//   Tensor p = Permute(t, {0, 2, 3, 1});                 // out dim i = in dim perm[i]
#ifndef TFCONV_PLUGINS_NN_TENSOR_TRANSFORMS_H_
#define TFCONV_PLUGINS_NN_TENSOR_TRANSFORMS_H_

#include <vector>

#include "converter/graph/tensor.h"

namespace tfconv {

// Output dimension i is input dimension perm[i] (TF's Transpose). `perm` must be a permutation of
// 0..rank-1 and `t` a valid tensor of a fixed-size type.
Tensor Permute(const Tensor& t, const std::vector<int>& perm);

// TF Conv2D filter [H, W, in, out] -> TFLite CONV_2D filter [out, H, W, in].
Tensor ConvFilterHwioToOhwi(const Tensor& hwio);

// TF DepthwiseConv2dNative filter [H, W, C, M] -> TFLite DEPTHWISE_CONV_2D filter [1, H, W, C*M].
// Output channel c*M + m of both ops is the same, so the bytes stay in place.
Tensor DepthwiseFilterToTflite(const Tensor& hwcm);

// TF Conv2DBackpropInput filter [H, W, out, in] (out: channels of the result, in: channels of
// out_backprop) -> TFLite TRANSPOSE_CONV weights [out, H, W, in].
Tensor TransposeConvFilterToTflite(const Tensor& hwoi);

// [rows, cols] -> [cols, rows].
Tensor TransposeMatrix(const Tensor& m);

// 4-D layout moves.
Tensor NchwToNhwc(const Tensor& t);
Tensor NhwcToNchw(const Tensor& t);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_NN_TENSOR_TRANSFORMS_H_
