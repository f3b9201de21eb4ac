#include "common/json_text.h"

#include <cstddef>
#include <string>

#include "absl/strings/str_cat.h"

namespace tfconv {
namespace {

// Accepts every event and remembers where the first syntax error is; the DOM parse that failed
// before says nothing about the position.
class SyntaxErrorFinder : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception&) override {
    position_ = position;
    last_token_ = last_token;
    return false;
  }
  std::size_t position_ = 0;
  std::string last_token_;
};

}  // namespace

absl::StatusOr<nlohmann::json> ParseJsonText(absl::string_view text, absl::string_view where) {
  nlohmann::json doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_discarded()) return doc;
  SyntaxErrorFinder finder;
  nlohmann::json::sax_parse(text.begin(), text.end(), &finder);
  size_t line = 1, column = 1;
  for (size_t i = 0; i + 1 < finder.position_ && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat(where, ": not valid JSON at line ", line, ", column ", column,
                                                 " (near '", finder.last_token_, "')"));
}

}  // namespace tfconv
