// Resolving the tensor names users give (--input_arrays, --output_arrays) against the graph, with
// suggestions for names that are not there.
//
//   absl::StatusOr<std::vector<Output>> t = ResolveTensorNames(graph, {"logits", "probs:1"}, "output array");
//   // error: "output array 'logit' is not in the graph (did you mean 'logits'?)"
//   ClosestNames("logit", {"logits", "loss", "x"});   // {"logits", "loss"}
#ifndef TFCONV_CONVERTER_PASSES_TENSOR_NAMES_H_
#define TFCONV_CONVERTER_PASSES_TENSOR_NAMES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "converter/graph/graph.h"

namespace tfconv {

// Up to `limit` candidates that look like `wanted`, closest first: a small edit distance (a typo),
// or the same last path component ("logits" for "model/head/logits").
std::vector<std::string> ClosestNames(absl::string_view wanted,
                                      const std::vector<std::string>& candidates, size_t limit = 3);

// Resolves "x", "x:0", "a/b:1" to outputs of live nodes. Every name that is missing is listed in
// one error with suggestions; control references ("^x") and two names for one tensor are errors.
// `what` names the list in messages ("input array", "output array").
absl::StatusOr<std::vector<Output>> ResolveTensorNames(const Graph& graph,
                                                       const std::vector<std::string>& names,
                                                       absl::string_view what);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_PASSES_TENSOR_NAMES_H_
