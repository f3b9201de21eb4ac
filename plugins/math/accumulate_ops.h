// AddN and Cumsum (part of plugin "tfconv.math"): the ops that add up more than two operands or
// along an axis. AddN -> ADD_N (one operand: forwarded as is); Cumsum -> CUMSUM with its exclusive
// and reverse flags (legalize_patterns.td: LegalizeAddN, LegalizeCumsum).
//
//   OpRegistry registry;
//   RegisterAccumulateOps(registry);
//   registry.Find("Cumsum")->tflite_ops;   // {"CUMSUM"}
#ifndef TFCONV_PLUGINS_MATH_ACCUMULATE_OPS_H_
#define TFCONV_PLUGINS_MATH_ACCUMULATE_OPS_H_

#include "ops/op_registry.h"

namespace tfconv {

void RegisterAccumulateOps(OpRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_MATH_ACCUMULATE_OPS_H_
