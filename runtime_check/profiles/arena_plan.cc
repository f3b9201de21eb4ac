#include "runtime_check/profiles/arena_plan.h"

#include <algorithm>

#include "runtime_check/profiles/op_requirements.h"
#include "runtime_check/profiles/profile.h"

namespace tfconv {
namespace {

int64_t AlignUp(int64_t n, int alignment) {
  return (n + alignment - 1) / alignment * alignment;
}

bool Overlap(const ArenaBuffer& a, const ArenaBuffer& b) {
  return a.first_op <= b.last_op && b.first_op <= a.last_op;
}

}  // namespace

ArenaPlan PlanArena(const TflModel& model, int subgraph, int alignment) {
  ArenaPlan plan;
  const TflSubgraph& g = model.subgraphs[subgraph];
  const int n = static_cast<int>(g.tensors.size());
  const int last = std::max<int>(0, static_cast<int>(g.operators.size()) - 1);
  std::vector<int> first(n, -1), final_use(n, -1);
  auto in_range = [n](int32_t t) { return t >= 0 && t < n; };
  auto touch = [&](int32_t t, int op) {
    if (!in_range(t)) return;
    if (first[t] < 0 || op < first[t]) first[t] = op;
    final_use[t] = std::max(final_use[t], op);
  };
  for (int32_t t : g.inputs) touch(t, 0);
  for (int i = 0; i < static_cast<int>(g.operators.size()); ++i) {
    const TflOperator& op = g.operators[i];
    for (int32_t t : op.inputs) touch(t, i);
    for (int32_t t : op.outputs) touch(t, i);
    for (int32_t t : op.intermediates) touch(t, i);
  }
  for (int32_t t : g.outputs) {
    if (in_range(t)) {
      if (first[t] < 0) first[t] = 0;
      final_use[t] = last;
    }
  }
  for (int t = 0; t < n; ++t) {
    const TflTensor& tensor = g.tensors[t];
    if (first[t] < 0 || IsConstantTensor(model, tensor)) continue;
    if (tensor.is_variable) {  // state kept across invocations
      first[t] = 0;
      final_use[t] = last;
    }
    int64_t elements = 1;
    bool unknown = TensorTypeBytes(tensor.type) == 0;
    for (size_t d = 0; d < tensor.shape.size(); ++d) {
      int32_t dim = tensor.shape[d];
      if (dim < 0 || (d < tensor.shape_signature.size() && tensor.shape_signature[d] < 0)) {
        unknown = true;
      }
      elements *= std::max<int32_t>(dim, 1);
    }
    if (unknown) ++plan.unknown_size_tensors;
    ArenaBuffer b;
    b.tensor = t;
    b.bytes = AlignUp(elements * TensorTypeBytes(tensor.type), alignment);
    b.first_op = first[t];
    b.last_op = final_use[t];
    plan.buffers.push_back(b);
    plan.total_bytes += b.bytes;
  }

  // Largest first; ties by first use, then tensor index, so the plan is deterministic.
  std::vector<int> order(plan.buffers.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const ArenaBuffer& x = plan.buffers[a];
    const ArenaBuffer& y = plan.buffers[b];
    if (x.bytes != y.bytes) return x.bytes > y.bytes;
    if (x.first_op != y.first_op) return x.first_op < y.first_op;
    return x.tensor < y.tensor;
  });
  std::vector<int> placed;
  for (int i : order) {
    ArenaBuffer& b = plan.buffers[i];
    // The placed buffers live at the same time, by offset; take the first gap that fits.
    std::vector<const ArenaBuffer*> live;
    for (int j : placed) {
      if (Overlap(b, plan.buffers[j])) live.push_back(&plan.buffers[j]);
    }
    std::sort(live.begin(), live.end(),
              [](const ArenaBuffer* x, const ArenaBuffer* y) { return x->offset < y->offset; });
    int64_t offset = 0;
    for (const ArenaBuffer* o : live) {
      if (offset + b.bytes <= o->offset) break;
      offset = std::max(offset, o->offset + o->bytes);
    }
    b.offset = offset;
    plan.arena_bytes = std::max(plan.arena_bytes, offset + b.bytes);
    placed.push_back(i);
  }

  for (int op = 0; op <= last; ++op) {
    int64_t live = 0;
    for (const ArenaBuffer& b : plan.buffers) {
      if (b.first_op <= op && op <= b.last_op) live += b.bytes;
    }
    plan.peak_live_bytes = std::max(plan.peak_live_bytes, live);
  }
  return plan;
}

}  // namespace tfconv
