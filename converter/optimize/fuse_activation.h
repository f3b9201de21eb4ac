// Folds a standalone RELU / RELU6 / RELU_N1_TO_1 into the fused activation of the float32 operator
// that produces its input, as the official converter does (optimize_patterns.td fuses only these
// clamps: the runtime's float kernels apply a fused activation as a clamp, so TANH there would be
// ignored, and its CONCATENATION kernel refuses any fused activation).
//
//   CONV_2D -> t -> RELU -> y      becomes      CONV_2D(RELU) -> y
//
// The producer must have no fused activation yet, and `t` no other reader and no pinned role
// (subgraph input/output, signature tensor).
#ifndef TFCONV_CONVERTER_OPTIMIZE_FUSE_ACTIVATION_H_
#define TFCONV_CONVERTER_OPTIMIZE_FUSE_ACTIVATION_H_

#include "converter/tflite/model_ir.h"

namespace tfconv {

// Rewrites every match in every subgraph once; returns how many activations were folded.
int FuseActivations(TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_OPTIMIZE_FUSE_ACTIVATION_H_
