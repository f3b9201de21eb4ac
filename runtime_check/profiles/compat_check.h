// Checks a TFLite model against a hardware profile (profile.h): for every operator of every
// subgraph, whether the target runs it and, if not, every reason; plus model-level checks
// (tensor types, dynamic shapes, ranks, subgraph count, the activation arena against the memory
// limit).
//
//   CompatReport r = CheckModel(model, profile);
//   for (const OpVerdict& v : r.ops)
//     for (const std::string& why : v.reasons) std::cout << why << "\n";
//   //   "CONV_2D v3: input 'x' (#0) type INT16 not allowed by edgetpu (INT8/UINT8 only)"
//   //   "op SIN not in the gpu_fp16 op list"
//   bool ok = r.compatible();
#ifndef TFCONV_RUNTIME_CHECK_PROFILES_COMPAT_CHECK_H_
#define TFCONV_RUNTIME_CHECK_PROFILES_COMPAT_CHECK_H_

#include <string>
#include <vector>

#include "converter/tflite/model_ir.h"
#include "runtime_check/profiles/arena_plan.h"
#include "runtime_check/profiles/profile.h"

namespace tfconv {

struct OpVerdict {
  int subgraph = 0;
  int index = 0;         // the operator's position in its subgraph
  std::string op_name;   // "CONV_2D", or "CUSTOM(name)"
  int version = 1;
  std::vector<std::string> reasons;  // empty: the target runs it
  std::string note;                  // the profile's note on this op (its source's wording)
  bool allowed() const { return reasons.empty(); }
};

struct CompatReport {
  std::string profile;
  std::vector<OpVerdict> ops;
  std::vector<std::string> model_issues;
  // Sum over subgraphs of each subgraph's greedy plan (PlanArena), in the profile's alignment.
  int64_t arena_estimate_bytes = 0;
  int unknown_size_tensors = 0;

  int rejected_ops() const;
  bool compatible() const { return model_issues.empty() && rejected_ops() == 0; }
};

CompatReport CheckModel(const TflModel& model, const HardwareProfile& profile);

// Checks one operator (what CheckModel does per operator).
OpVerdict CheckOperator(const TflModel& model, int subgraph, int index,
                        const HardwareProfile& profile);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_PROFILES_COMPAT_CHECK_H_
