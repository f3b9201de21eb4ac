// Parses JSON text that a user wrote (profiles, metadata descriptions), without exceptions, and says
// where a syntax error is in terms an editor understands.
//
//   absl::StatusOr<nlohmann::json> doc = ParseJsonText(text, "desc.json");
//   // error: "desc.json: not valid JSON at line 3, column 7 (near '}')"
#ifndef TFCONV_COMMON_JSON_TEXT_H_
#define TFCONV_COMMON_JSON_TEXT_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace tfconv {

// `where` begins the error message (a file name, "profile mini.json").
absl::StatusOr<nlohmann::json> ParseJsonText(absl::string_view text, absl::string_view where);

}  // namespace tfconv

#endif  // TFCONV_COMMON_JSON_TEXT_H_
