// Arranges tensors read from input files (runtime_check/io/tensor_io.h: the validators' JSON,
// .npy, raw) as a graph's inputs, matched as the reference interpreter and the validators'
// runners match them (io's MatchSources: by name, a trailing ":0" ignored on either side, else by
// position). A source takes the input's dtype and, unless it gives one, its shape; inputs no
// source gives get the default pattern (unknown dimensions as 1).
//
//   absl::StatusOr<std::vector<TensorSource>> feeds = ReadTensorFile("inputs.json");
//   absl::StatusOr<std::vector<Tensor>> in = ArrangeInputs(evaluator.inputs(), *feeds);
#ifndef TFCONV_RUNTIME_CHECK_EVALUATOR_INPUT_FEEDS_H_
#define TFCONV_RUNTIME_CHECK_EVALUATOR_INPUT_FEEDS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "runtime_check/evaluator/graph_evaluator.h"
#include "runtime_check/io/tensor_io.h"

namespace tfconv {

absl::StatusOr<std::vector<Tensor>> ArrangeInputs(const std::vector<EvalTensorSpec>& inputs,
                                                  absl::Span<const TensorSource> feeds);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_EVALUATOR_INPUT_FEEDS_H_
