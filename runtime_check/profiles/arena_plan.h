// An estimate of the activation memory a runtime with one static arena needs for a subgraph
// (TFLite Micro's model), from a simple greedy, lifetime-based plan like TFLM's
// GreedyMemoryPlanner: every non-constant tensor lives from the op that writes it (or the start,
// for inputs and variables) to the last op that reads it (or the end, for outputs and
// variables); buffers are placed largest first at the lowest offset that does not overlap a
// buffer live at the same time. It is an estimate: the runtime's own persistent allocations
// (tensor structs, op data, scratch buffers) are not included.
//
//   ArenaPlan plan = PlanArena(model, /*subgraph=*/0, /*alignment=*/16);
//   std::cout << plan.arena_bytes << " bytes, peak live " << plan.peak_live_bytes << "\n";
#ifndef TFCONV_RUNTIME_CHECK_PROFILES_ARENA_PLAN_H_
#define TFCONV_RUNTIME_CHECK_PROFILES_ARENA_PLAN_H_

#include <cstdint>
#include <vector>

#include "converter/tflite/model_ir.h"

namespace tfconv {

struct ArenaBuffer {
  int tensor = -1;
  int64_t bytes = 0;   // aligned size
  int first_op = 0;    // live during ops [first_op, last_op]
  int last_op = 0;
  int64_t offset = 0;  // placed here by the plan
};

struct ArenaPlan {
  int64_t arena_bytes = 0;      // the greedy plan's size
  int64_t peak_live_bytes = 0;  // a lower bound: most bytes live during one op
  int64_t total_bytes = 0;      // without any reuse
  // Tensors whose size is unknown (dynamic dims, types without a fixed size); counted as the
  // size of their static shape with unknown dims taken as 1, so the estimate is a lower bound.
  int unknown_size_tensors = 0;
  std::vector<ArenaBuffer> buffers;  // in tensor order
};

// `subgraph` must be a valid index. `alignment` must be a power of two >= 1.
ArenaPlan PlanArena(const TflModel& model, int subgraph, int alignment = 16);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_PROFILES_ARENA_PLAN_H_
