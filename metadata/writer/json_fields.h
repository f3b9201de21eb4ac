// Strict reading of a JSON description: every error names the file, the JSON path
// ($.inputs[0].normalization.mean) and what was expected; unknown fields are refused with the list
// of known ones, so a typo is never silently ignored. nlohmann-json's non-throwing API only.
//
//   absl::StatusOr<nlohmann::json> doc = ParseJsonText(text, "desc.json");
//   JsonObject o(*doc, "$", "desc.json");
//   if (absl::Status s = o.CheckKeys({"name", "inputs"}); !s.ok()) return s;
//   std::optional<std::string> name;
//   if (absl::Status s = o.GetString("name", name); !s.ok()) return s;
#ifndef TFCONV_METADATA_WRITER_JSON_FIELDS_H_
#define TFCONV_METADATA_WRITER_JSON_FIELDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/json_text.h"  // ParseJsonText
#include "nlohmann/json.hpp"

namespace tfconv {

// A JSON value at a path, for error messages.
class JsonObject {
 public:
  JsonObject(const nlohmann::json& value, std::string path, std::string where)
      : value_(value), path_(std::move(path)), where_(std::move(where)) {}

  const nlohmann::json& value() const { return value_; }
  const std::string& path() const { return path_; }
  const std::string& where() const { return where_; }
  std::string Child(absl::string_view key) const { return path_ + "." + std::string(key); }

  // InvalidArgument "<where>: <path>: <message>".
  absl::Status Error(absl::string_view message) const;
  absl::Status ErrorAt(absl::string_view path, absl::string_view message) const;

  // Fails unless the value is an object whose keys are all in `known`.
  absl::Status CheckKeys(const std::vector<std::string>& known) const;
  bool Has(absl::string_view key) const { return value_.is_object() && value_.contains(std::string(key)); }

  // Each getter leaves `out` as it is when the key is absent, and fails on a wrong type.
  absl::Status GetString(absl::string_view key, std::optional<std::string>& out) const;
  absl::Status GetString(absl::string_view key, std::string& out) const;
  absl::Status GetFloat(absl::string_view key, std::optional<float>& out) const;
  absl::Status GetInt(absl::string_view key, int64_t min, int64_t max, std::optional<int64_t>& out) const;
  absl::Status GetFloats(absl::string_view key, std::optional<std::vector<float>>& out) const;
  absl::Status GetStrings(absl::string_view key, std::optional<std::vector<std::string>>& out) const;
  absl::Status GetUints(absl::string_view key, std::optional<std::vector<uint32_t>>& out) const;
  // An object member; nullopt when absent, an error when not an object.
  absl::StatusOr<std::optional<JsonObject>> GetObject(absl::string_view key) const;
  // An array member's elements with their paths; empty when absent, an error when not an array.
  absl::StatusOr<std::vector<JsonObject>> GetArray(absl::string_view key) const;

 private:
  const nlohmann::json& value_;
  std::string path_;
  std::string where_;
};

// The name of `value`'s JSON type ("string", "number", ...), for messages.
const char* JsonTypeName(const nlohmann::json& value);

}  // namespace tfconv

#endif  // TFCONV_METADATA_WRITER_JSON_FIELDS_H_
