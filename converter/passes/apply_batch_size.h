// --batch_size: gives every model input whose first dimension is dynamic (-1) that size, as the
// official TOCO-era flag did. Runs after ApplyInputArrays (which settles the inputs and applies
// --input_shapes) and before inference, so the whole graph sees the static batch.
//
//   context.options.batch_size = 8;
//   absl::Status s = ApplyBatchSize(graph, context);   // [?,28,28,1] -> [8,28,28,1]
//
// Other dynamic dimensions, scalars and inputs of unknown rank are left as they are (only
// --input_shapes can fix those). Without a batch size (0) the pass does nothing: dynamic
// dimensions stay -1 in the TFLite tensor's shape_signature, with 1 in its static shape.
#ifndef TFCONV_CONVERTER_PASSES_APPLY_BATCH_SIZE_H_
#define TFCONV_CONVERTER_PASSES_APPLY_BATCH_SIZE_H_

#include "absl/status/status.h"
#include "converter/graph/graph.h"
#include "converter/passes/pass_context.h"

namespace tfconv {

absl::Status ApplyBatchSize(Graph& graph, const PassContext& context);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_PASSES_APPLY_BATCH_SIZE_H_
