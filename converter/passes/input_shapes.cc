#include "converter/passes/input_shapes.h"

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace tfconv {

absl::StatusOr<std::vector<std::optional<PartialShape>>> ParseInputShapes(absl::string_view text) {
  std::vector<std::optional<PartialShape>> shapes;
  if (absl::StripAsciiWhitespace(text).empty()) return shapes;
  int index = 0;
  for (absl::string_view entry : absl::StrSplit(text, ':')) {
    entry = absl::StripAsciiWhitespace(entry);
    std::vector<int64_t> dims;
    if (!entry.empty()) {
      for (absl::string_view dim : absl::StrSplit(entry, ',')) {
        dim = absl::StripAsciiWhitespace(dim);
        int64_t value = 0;
        if (dim == "?") {
          value = -1;
        } else if (!absl::SimpleAtoi(dim, &value) || value < -1) {
          return absl::InvalidArgumentError(absl::StrCat(
              "--input_shapes: shape #", index, " '", entry, "' has the dimension '", dim,
              "'; use non-negative integers, -1 or ? for unknown, e.g. \"1,224,224,3:1,10\""));
        }
        dims.push_back(value);
      }
    }
    shapes.emplace_back(PartialShape(std::move(dims)));
    ++index;
  }
  return shapes;
}

}  // namespace tfconv
