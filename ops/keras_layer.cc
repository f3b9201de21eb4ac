#include "ops/keras_layer.h"

#include "absl/strings/str_cat.h"

namespace tfconv {

absl::Status KerasLayerContext::Error(absl::string_view message) const {
  return absl::InvalidArgumentError(absl::StrCat("layer '", layer_name(), "' (", class_name(), "): ", message));
}

namespace {

// The value at `key`, or nullptr when the key is absent or null.
const nlohmann::json* Find(const nlohmann::json& config, absl::string_view key) {
  if (!config.is_object()) return nullptr;
  auto it = config.find(std::string(key));
  if (it == config.end() || it->is_null()) return nullptr;
  return &*it;
}

absl::Status WrongType(absl::string_view key, absl::string_view wanted, const nlohmann::json& value) {
  return absl::InvalidArgumentError(
      absl::StrCat("config key '", key, "' should be ", wanted, ", not ", value.dump()));
}

}  // namespace

absl::StatusOr<int64_t> KerasInt(const nlohmann::json& config, absl::string_view key, int64_t fallback) {
  const nlohmann::json* v = Find(config, key);
  if (v == nullptr) return fallback;
  if (v->is_number_integer()) return v->get<int64_t>();
  // Keras writes some counts as floats (e.g. 2.0) after arithmetic in user code.
  if (v->is_number_float() && v->get<double>() == static_cast<double>(static_cast<int64_t>(v->get<double>()))) {
    return static_cast<int64_t>(v->get<double>());
  }
  return WrongType(key, "an integer", *v);
}

absl::StatusOr<double> KerasFloat(const nlohmann::json& config, absl::string_view key, double fallback) {
  const nlohmann::json* v = Find(config, key);
  if (v == nullptr) return fallback;
  if (v->is_number()) return v->get<double>();
  return WrongType(key, "a number", *v);
}

absl::StatusOr<bool> KerasBool(const nlohmann::json& config, absl::string_view key, bool fallback) {
  const nlohmann::json* v = Find(config, key);
  if (v == nullptr) return fallback;
  if (v->is_boolean()) return v->get<bool>();
  return WrongType(key, "true or false", *v);
}

absl::StatusOr<std::string> KerasString(const nlohmann::json& config, absl::string_view key,
                                        absl::string_view fallback) {
  const nlohmann::json* v = Find(config, key);
  if (v == nullptr) return std::string(fallback);
  if (v->is_string()) return v->get<std::string>();
  return WrongType(key, "a string", *v);
}

absl::StatusOr<std::vector<int64_t>> KerasInts(const nlohmann::json& config, absl::string_view key, int rank,
                                               std::vector<int64_t> fallback) {
  const nlohmann::json* v = Find(config, key);
  if (v == nullptr) return fallback;
  if (v->is_number_integer()) return std::vector<int64_t>(rank < 1 ? 1 : rank, v->get<int64_t>());
  if (!v->is_array()) return WrongType(key, "a list of integers", *v);
  std::vector<int64_t> out;
  for (const nlohmann::json& e : *v) {
    if (!e.is_number_integer()) return WrongType(key, "a list of integers", *v);
    out.push_back(e.get<int64_t>());
  }
  return out;
}

}  // namespace tfconv
