#include "converter/passes/frozen_graph_passes.h"

#include "converter/passes/apply_batch_size.h"
#include "converter/passes/apply_input_arrays.h"
#include "converter/passes/infer_and_fold.h"
#include "converter/passes/prune_to_outputs.h"
#include "converter/passes/remove_identities.h"

namespace tfconv {

void AddFrozenGraphPasses(PassManager& passes) {
  passes.Add("prune_to_outputs", PruneToOutputs);
  passes.Add("apply_input_arrays", ApplyInputArrays);
  passes.Add("apply_batch_size", ApplyBatchSize);
  passes.Add("infer_and_fold", InferAndFold);
  passes.Add("remove_identities", RemoveIdentities);
}

}  // namespace tfconv
