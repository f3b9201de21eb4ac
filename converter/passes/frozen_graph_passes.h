// The passes a frozen GraphDef goes through before lowering, in order:
//   prune_to_outputs    keep what the outputs need; record the outputs
//   apply_input_arrays  named inputs become placeholders with their shapes; record the inputs
//   apply_batch_size    --batch_size fills the inputs' dynamic first dimension
//   infer_and_fold      dtypes and shapes everywhere, constants folded
//   remove_identities   splice out Identity-like nodes
//
//   PassManager passes;
//   AddFrozenGraphPasses(passes);
//   absl::Status s = passes.Run(graph, context);
#ifndef TFCONV_CONVERTER_PASSES_FROZEN_GRAPH_PASSES_H_
#define TFCONV_CONVERTER_PASSES_FROZEN_GRAPH_PASSES_H_

#include "converter/passes/pass_manager.h"

namespace tfconv {

void AddFrozenGraphPasses(PassManager& passes);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_PASSES_FROZEN_GRAPH_PASSES_H_
