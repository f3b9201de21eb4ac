#include "converter/frontend/functions/body_refs.h"

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "converter/frontend/functions/input_ref.h"

namespace tfconv {
namespace {

bool ParseIndex(absl::string_view text, int* index) {
  uint32_t v = 0;
  if (text.empty() || text.find_first_not_of("0123456789") != absl::string_view::npos ||
      !absl::SimpleAtoi(text, &v) || v > (1u << 30)) {
    return false;
  }
  *index = static_cast<int>(v);
  return true;
}

}  // namespace

absl::Status BodyRefs::ResolveData(const std::string& ref, std::vector<std::string>& tensors,
                                   bool* reads_body) const {
  std::vector<absl::string_view> parts = absl::StrSplit(ref, ':');
  if (parts.size() == 1) {
    if (auto it = args.find(ref); it != args.end()) {
      tensors.push_back(it->second);
      return absl::OkStatus();
    }
    if (body.contains(ref)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "input '", ref, "' names body node '", ref,
          "' without an output (function bodies write \"node:out_arg:index\")"));
    }
    return absl::NotFoundError(absl::StrCat("input '", ref, "' is neither an argument of '",
                                            fn_.signature().name(), "' nor a node of its body"));
  }
  if (parts.size() > 3 || parts[0].empty() || parts[1].empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("input '", ref, "' is malformed (expected \"arg\" or \"node:out_arg:index\")"));
  }
  int index = -1;
  if (parts.size() == 3 && !ParseIndex(parts[2], &index)) {
    return absl::InvalidArgumentError(
        absl::StrCat("input '", ref, "' has the index '", parts[2], "', not a number"));
  }
  if (parts.size() == 2) {
    // "arg:0" is element 0 of a (single-tensor) argument.
    if (auto it = args.find(parts[0]); it != args.end()) {
      if (!ParseIndex(parts[1], &index) || index != 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "input '", ref, "': argument '", parts[0], "' is one tensor, only index 0 exists"));
      }
      tensors.push_back(it->second);
      return absl::OkStatus();
    }
  }
  auto node = body.find(parts[0]);
  if (node == body.end()) {
    return absl::NotFoundError(absl::StrCat("input '", ref, "' names '", parts[0],
                                            "', which is not a node of the body of '",
                                            fn_.signature().name(), "'"));
  }
  absl::StatusOr<OutputRange> range = resolver_.Range(*node->second, parts[1]);
  if (!range.ok()) {
    return absl::Status(range.status().code(),
                        absl::StrCat("input '", ref, "' (node '", parts[0], "', op '",
                                     node->second->op(), "'): ", range.status().message()));
  }
  const std::string& producer = renamed.at(parts[0]);
  *reads_body = true;
  if (index < 0) {  // the whole argument
    if (range->length < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "input '", ref, "' reads the whole list '", parts[1],
          "' but its length attr is not set on node '", parts[0], "'"));
    }
    for (int i = 0; i < range->length; ++i) tensors.push_back(TensorName(producer, range->first + i));
    return absl::OkStatus();
  }
  if (range->length >= 0 && index >= range->length) {
    return absl::OutOfRangeError(absl::StrCat("input '", ref, "': output '", parts[1], "' of node '",
                                              parts[0], "' (op '", node->second->op(), "') has ",
                                              range->length, " tensor(s), index ", index,
                                              " does not exist"));
  }
  tensors.push_back(TensorName(producer, range->first + index));
  return absl::OkStatus();
}

}  // namespace tfconv
