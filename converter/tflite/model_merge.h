// Merging models converted one signature at a time into one model with a subgraph per signature,
// the way the official converter lays out a multi-signature SavedModel.
//
//   std::vector<TflModel> parts = ...;   // each: one subgraph, one SignatureDef
//   absl::StatusOr<TflModel> m = MergeSignatureModels(std::move(parts));
//   // m->subgraphs[i] is parts[i]'s subgraph, named after its signature key when there are
//   // several; buffers and operator codes are renumbered, metadata is dropped (the caller sets it
//   // once for the whole model).
#ifndef TFCONV_CONVERTER_TFLITE_MODEL_MERGE_H_
#define TFCONV_CONVERTER_TFLITE_MODEL_MERGE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"

namespace tfconv {

absl::StatusOr<TflModel> MergeSignatureModels(std::vector<TflModel> parts);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_TFLITE_MODEL_MERGE_H_
