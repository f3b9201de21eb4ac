// Bucketize (part of plugin "tfconv.math"): the index of the bucket each element falls in, given
// sorted float boundaries. Bucketize -> BUCKETIZE with the boundaries as its options
// (legalize_patterns.td LegalizeBucketize).
//
//   OpRegistry registry;
//   RegisterBucketizeOps(registry);
//   registry.Find("Bucketize")->tflite_ops;   // {"BUCKETIZE"}
#ifndef TFCONV_PLUGINS_MATH_BUCKETIZE_OPS_H_
#define TFCONV_PLUGINS_MATH_BUCKETIZE_OPS_H_

#include "ops/op_registry.h"

namespace tfconv {

void RegisterBucketizeOps(OpRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_MATH_BUCKETIZE_OPS_H_
