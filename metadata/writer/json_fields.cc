#include "metadata/writer/json_fields.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {

const char* JsonTypeName(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return "a number";
    default: return "an unsupported value";
  }
}

absl::Status JsonObject::Error(absl::string_view message) const { return ErrorAt(path_, message); }

absl::Status JsonObject::ErrorAt(absl::string_view path, absl::string_view message) const {
  return absl::InvalidArgumentError(absl::StrCat(where_, ": ", path, ": ", message));
}

absl::Status JsonObject::CheckKeys(const std::vector<std::string>& known) const {
  if (!value_.is_object()) return Error(absl::StrCat("expected an object, found ", JsonTypeName(value_)));
  for (auto it = value_.begin(); it != value_.end(); ++it) {
    bool ok = false;
    for (const std::string& k : known) ok = ok || k == it.key();
    if (!ok) {
      return Error(absl::StrCat("unknown field \"", it.key(), "\" (known fields here: ", absl::StrJoin(known, ", "),
                                ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status JsonObject::GetString(absl::string_view key, std::optional<std::string>& out) const {
  if (!Has(key)) return absl::OkStatus();
  const nlohmann::json& v = value_[std::string(key)];
  if (!v.is_string()) return ErrorAt(Child(key), absl::StrCat("expected a string, found ", JsonTypeName(v)));
  out = v.get_ref<const std::string&>();
  return absl::OkStatus();
}

absl::Status JsonObject::GetString(absl::string_view key, std::string& out) const {
  std::optional<std::string> s;
  absl::Status status = GetString(key, s);
  if (s.has_value()) out = *s;
  return status;
}

absl::Status JsonObject::GetFloat(absl::string_view key, std::optional<float>& out) const {
  if (!Has(key)) return absl::OkStatus();
  const nlohmann::json& v = value_[std::string(key)];
  if (!v.is_number()) return ErrorAt(Child(key), absl::StrCat("expected a number, found ", JsonTypeName(v)));
  out = static_cast<float>(v.get<double>());
  return absl::OkStatus();
}

absl::Status JsonObject::GetInt(absl::string_view key, int64_t min, int64_t max, std::optional<int64_t>& out) const {
  if (!Has(key)) return absl::OkStatus();
  const nlohmann::json& v = value_[std::string(key)];
  if (!v.is_number()) return ErrorAt(Child(key), absl::StrCat("expected an integer, found ", JsonTypeName(v)));
  const double d = v.get<double>();
  if (std::floor(d) != d || d < static_cast<double>(min) || d > static_cast<double>(max)) {
    return ErrorAt(Child(key), absl::StrCat("expected an integer in [", min, ", ", max, "], found ", v.dump()));
  }
  out = static_cast<int64_t>(d);
  return absl::OkStatus();
}

absl::Status JsonObject::GetFloats(absl::string_view key, std::optional<std::vector<float>>& out) const {
  if (!Has(key)) return absl::OkStatus();
  const nlohmann::json& v = value_[std::string(key)];
  // One number is accepted for a one-element list ("mean": 127.5).
  if (v.is_number()) {
    out = std::vector<float>{static_cast<float>(v.get<double>())};
    return absl::OkStatus();
  }
  if (!v.is_array()) return ErrorAt(Child(key), absl::StrCat("expected a list of numbers, found ", JsonTypeName(v)));
  std::vector<float> values;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_number()) {
      return ErrorAt(absl::StrCat(Child(key), "[", i, "]"), absl::StrCat("expected a number, found ", JsonTypeName(v[i])));
    }
    values.push_back(static_cast<float>(v[i].get<double>()));
  }
  out = std::move(values);
  return absl::OkStatus();
}

absl::Status JsonObject::GetStrings(absl::string_view key, std::optional<std::vector<std::string>>& out) const {
  if (!Has(key)) return absl::OkStatus();
  const nlohmann::json& v = value_[std::string(key)];
  if (v.is_string()) {  // one string for a one-element list
    out = std::vector<std::string>{v.get_ref<const std::string&>()};
    return absl::OkStatus();
  }
  if (!v.is_array()) return ErrorAt(Child(key), absl::StrCat("expected a list of strings, found ", JsonTypeName(v)));
  std::vector<std::string> values;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) {
      return ErrorAt(absl::StrCat(Child(key), "[", i, "]"), absl::StrCat("expected a string, found ", JsonTypeName(v[i])));
    }
    values.push_back(v[i].get_ref<const std::string&>());
  }
  out = std::move(values);
  return absl::OkStatus();
}

absl::Status JsonObject::GetUints(absl::string_view key, std::optional<std::vector<uint32_t>>& out) const {
  if (!Has(key)) return absl::OkStatus();
  const nlohmann::json& v = value_[std::string(key)];
  if (!v.is_array()) return ErrorAt(Child(key), absl::StrCat("expected a list of integers, found ", JsonTypeName(v)));
  std::vector<uint32_t> values;
  for (size_t i = 0; i < v.size(); ++i) {
    const double d = v[i].is_number() ? v[i].get<double>() : -1.0;
    if (!v[i].is_number() || std::floor(d) != d || d < 0 || d > std::numeric_limits<uint32_t>::max()) {
      return ErrorAt(absl::StrCat(Child(key), "[", i, "]"), absl::StrCat("expected an integer >= 0, found ", v[i].dump()));
    }
    values.push_back(static_cast<uint32_t>(d));
  }
  out = std::move(values);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<JsonObject>> JsonObject::GetObject(absl::string_view key) const {
  if (!Has(key)) return std::optional<JsonObject>();
  const nlohmann::json& v = value_[std::string(key)];
  if (!v.is_object()) return ErrorAt(Child(key), absl::StrCat("expected an object, found ", JsonTypeName(v)));
  return std::optional<JsonObject>(JsonObject(v, Child(key), where_));
}

absl::StatusOr<std::vector<JsonObject>> JsonObject::GetArray(absl::string_view key) const {
  std::vector<JsonObject> items;
  if (!Has(key)) return items;
  const nlohmann::json& v = value_[std::string(key)];
  if (!v.is_array()) return ErrorAt(Child(key), absl::StrCat("expected a list, found ", JsonTypeName(v)));
  for (size_t i = 0; i < v.size(); ++i) items.emplace_back(v[i], absl::StrCat(Child(key), "[", i, "]"), where_);
  return items;
}

}  // namespace tfconv
