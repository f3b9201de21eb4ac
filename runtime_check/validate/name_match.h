// Pairs the inputs (or outputs) of two models, the way the validators' runners pair a file's
// tensors with a model's: by name when every wanted tensor finds exactly one offered tensor of the
// same name, otherwise by position when the counts agree. A trailing ":0" is ignored on both
// sides, and each tensor may carry several names (its TFLite tensor name and its signature name).
//
//   // offered: ours {"image"}; wanted: the source graph's inputs {"image:0"}
//   absl::StatusOr<std::vector<int>> m = MatchTensors({{"image"}}, {{"image:0"}}, "inputs");
//   // *m == {0}: wanted[0] takes offered[0]
#ifndef TFCONV_RUNTIME_CHECK_VALIDATE_NAME_MATCH_H_
#define TFCONV_RUNTIME_CHECK_VALIDATE_NAME_MATCH_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tfconv {

// One entry per wanted tensor: the index of the offered tensor it takes. `what` ("inputs")
// names the tensors in the error, which lists both sides' names.
absl::StatusOr<std::vector<int>> MatchTensors(const std::vector<std::vector<std::string>>& offered,
                                              const std::vector<std::vector<std::string>>& wanted,
                                              absl::string_view what);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_VALIDATE_NAME_MATCH_H_
