// Arranges tensors read from a validators' input file (runtime_check/compare/tensor_io.h) as a
// model's inputs, the way the validators' runners do: by name when every given name is one of the
// model's inputs (a trailing ":0" ignored on either side), otherwise by position; inputs the file
// does not give get the default pattern (unknown dimensions as 1).
//
//   absl::StatusOr<std::vector<NamedTensor>> feeds = ReadTensorsFile("inputs.json");
//   absl::StatusOr<std::vector<Tensor>> in = ArrangeInputs(evaluator.inputs(), *feeds);
#ifndef TFCONV_RUNTIME_CHECK_EVALUATOR_INPUT_FEEDS_H_
#define TFCONV_RUNTIME_CHECK_EVALUATOR_INPUT_FEEDS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "runtime_check/compare/tensor_io.h"
#include "runtime_check/evaluator/graph_evaluator.h"

namespace tfconv {

absl::StatusOr<std::vector<Tensor>> ArrangeInputs(const std::vector<EvalTensorSpec>& inputs,
                                                  const std::vector<NamedTensor>& feeds);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_EVALUATOR_INPUT_FEEDS_H_
