// A dilated (atrous) convolution from the way TensorFlow writes it without native dilation:
//
//   SPACE_TO_BATCH_ND(x, block, paddings) -> CONV_2D / DEPTHWISE_CONV_2D (VALID, stride 1)
//     [-> ADD(per-channel constant)] -> BATCH_TO_SPACE_ND(block, crops) -> y
//
// becomes one CONV_2D / DEPTHWISE_CONV_2D(x) with dilation = block, stride 1, and SAME or VALID
// padding (the official converter's ConvertTFDilatedConvOp; a bias ADD in between is kept after
// the convolution, where the bias folding then takes it). The 1-D form (tf.nn.conv1d, Keras
// Conv1D with dilation_rate) is matched too: SPACE_TO_BATCH_ND on [N, W, C] with one block value,
// then RESHAPE/EXPAND_DIMS inserting a unit dim at 1 or 2, the convolution, RESHAPE/SQUEEZE back,
// [ADD], BATCH_TO_SPACE_ND; the expand then reads x, the convolution is dilated along the
// non-unit dim, and the squeeze writes y (static shapes only). Unlike the official pass, which
// switches to SAME whenever paddings and crops differ, the rewrite happens only when the result is
// exactly what the three operators compute: per spatial dim of size n, kernel k, block b,
// effective kernel e = (k - 1) b + 1, paddings [p0, p1] and crops [c0, c1], the window of output
// o starts at input o + c0 - p0 and the output has n + p0 + p1 - (e - 1) - c0 - c1 elements;
// VALID needs p0 = c0 and n - e + 1 outputs, SAME p0 - c0 = (e - 1) / 2 (rounded down, as
// TFLite's padding) and n outputs; both dims must agree. Positions outside x read zeros in both.
//
// Also required: float32 throughout; block shape and paddings/crops constant with two spatial
// dims (one for 1-D); x of rank 4 with static height and width (1-D: all shapes static); the
// convolution without dilation, its filter of static shape; every intermediate read only by the
// next operator and not pinned; y's spatial dims as computed. The convolution keeps its filter,
// bias and fused activation (elementwise, so it commutes with BATCH_TO_SPACE_ND).
//
//   int n = FuseDilatedConvolutions(model);
#ifndef TFCONV_CONVERTER_OPTIMIZE_FUSE_DILATED_CONV_H_
#define TFCONV_CONVERTER_OPTIMIZE_FUSE_DILATED_CONV_H_

#include "converter/tflite/model_ir.h"

namespace tfconv {

int FuseDilatedConvolutions(TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_OPTIMIZE_FUSE_DILATED_CONV_H_
