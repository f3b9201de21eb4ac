// Parses the --input_shapes flag: shapes separated by ':', dimensions by ','; an empty entry is a
// scalar and -1 (or '?') an unknown dimension.
//
//   ParseInputShapes("1,224,224,3:1,10");   // {[1,224,224,3], [1,10]}
//   ParseInputShapes("1,2::-1");            // {[1,2], [] (scalar), [?]}
//   ParseInputShapes("");                   // {} (no shapes given)
#ifndef TFCONV_CONVERTER_PASSES_INPUT_SHAPES_H_
#define TFCONV_CONVERTER_PASSES_INPUT_SHAPES_H_

#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "converter/graph/shape.h"

namespace tfconv {

absl::StatusOr<std::vector<std::optional<PartialShape>>> ParseInputShapes(absl::string_view text);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_PASSES_INPUT_SHAPES_H_
