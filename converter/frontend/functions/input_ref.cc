#include "converter/frontend/functions/input_ref.h"

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tfconv {

absl::StatusOr<InputRef> ParseInputRef(absl::string_view input) {
  InputRef ref;
  absl::string_view rest = input;
  if (!rest.empty() && rest[0] == '^') {
    ref.control = true;
    rest.remove_prefix(1);
  }
  size_t colon = rest.rfind(':');
  if (colon != absl::string_view::npos) {
    absl::string_view digits = rest.substr(colon + 1);
    uint32_t index = 0;
    bool all_digits = !digits.empty() && digits.find_first_not_of("0123456789") == absl::string_view::npos;
    if (!all_digits || !absl::SimpleAtoi(digits, &index) || index > (1u << 30)) {
      return absl::InvalidArgumentError(
          absl::StrCat("input '", input, "' is malformed (expected \"node\", \"node:N\" or \"^node\")"));
    }
    if (ref.control) {
      return absl::InvalidArgumentError(
          absl::StrCat("control input '", input, "' carries an output index"));
    }
    ref.index = static_cast<int>(index);
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("input '", input, "' has no node name"));
  }
  ref.node = std::string(rest);
  return ref;
}

std::string TensorName(absl::string_view node, int index) {
  return index == 0 ? std::string(node) : absl::StrCat(node, ":", index);
}

absl::string_view NodeOfInput(absl::string_view input) {
  if (!input.empty() && input[0] == '^') input.remove_prefix(1);
  size_t colon = input.rfind(':');
  return colon == absl::string_view::npos ? input : input.substr(0, colon);
}

}  // namespace tfconv
