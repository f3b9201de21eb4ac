// Splices out forwarding nodes (kForwardsInput with a data input: Identity, a PlaceholderWithDefault
// that is not a model input...) so the lowering sees fewer nodes. Readers of the node read its
// input 0 instead; a control edge from it becomes one from that producer, and the node's own
// control inputs move to its readers.
//
//   x -> Identity(i) -> Relu(r)      becomes      x -> Relu(r)
//
// Kept: model inputs and outputs (an output's TFLite tensor carries the name the user gave, so an
// Identity named in --output_arrays stays), and nodes whose other outputs (index > 0) are read.
#ifndef TFCONV_CONVERTER_PASSES_REMOVE_IDENTITIES_H_
#define TFCONV_CONVERTER_PASSES_REMOVE_IDENTITIES_H_

#include "absl/status/status.h"
#include "converter/graph/graph.h"
#include "converter/passes/pass_context.h"

namespace tfconv {

absl::Status RemoveIdentities(Graph& graph, const PassContext& context);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_PASSES_REMOVE_IDENTITIES_H_
