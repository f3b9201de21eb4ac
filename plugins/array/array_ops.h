// The array op family: shape changes, joins and splits, transposes, pads, reductions, casts,
// slices, gathers and fills, selects, matrix diagonals, segment reductions, SparseToDense,
// Bitcast and non-max suppression. RegisterArrayOps adds every op of the family to a registry; the
// plugin's entry point (plugin_entry.cc) calls it, and so do the unit tests.
//
//   OpRegistry registry;
//   registry.BeginPlugin("tfconv.array", false);
//   RegisterArrayOps(registry);
//   registry.EndPlugin();
//   registry.Find("Reshape")->tflite_ops;   // {"RESHAPE", "CAST"}
#ifndef TFCONV_PLUGINS_ARRAY_ARRAY_OPS_H_
#define TFCONV_PLUGINS_ARRAY_ARRAY_OPS_H_

#include "ops/op_registry.h"

namespace tfconv {

void RegisterArrayOps(OpRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_ARRAY_ARRAY_OPS_H_
