// The shared JSON form of tensors: parsing (with nlohmann/json's SAX parser, which reports errors
// without exceptions) and writing.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "runtime_check/io/json_number.h"
#include "runtime_check/io/tensor_io.h"

namespace tfconv {
namespace {

using Json = nlohmann::json;
using T = tflite::TensorType;

// Deeper nesting than any tensor needs: a guard against stack exhaustion on hostile input.
constexpr int kMaxDepth = 64;

// Builds the document with nlohmann's DOM builder but keeps the parse error as text instead of
// throwing it, and refuses absurd nesting.
class Sax {
 public:
  explicit Sax(Json& result) : dom_(result, /*allow_exceptions=*/false) {}
  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(Json::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(Json::number_float_t v, const std::string& s) { return dom_.number_float(v, s); }
  bool string(std::string& v) { return dom_.string(v); }
  bool binary(Json::binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) { return Deeper() && dom_.start_object(n); }
  bool key(std::string& v) { return dom_.key(v); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return Deeper() && dom_.start_array(n); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    error_ = e.what();
    return false;
  }
  const std::string& error() const { return error_; }

 private:
  bool Deeper() {
    if (++depth_ <= kMaxDepth) return true;
    error_ = absl::StrCat("nesting deeper than ", kMaxDepth, " levels");
    return false;
  }
  nlohmann::detail::json_sax_dom_parser<Json> dom_;
  std::string error_;
  int depth_ = 0;
};

absl::Status Bad(absl::string_view origin, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(origin, ": ", message));
}

std::string Describe(const Json& j) {
  std::string s = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  return s.size() > 40 ? s.substr(0, 40) + "..." : s;
}

// Flattens "data" (nested lists allowed) into numbers or strings.
absl::Status Flatten(const Json& j, absl::string_view origin, std::vector<InputNumber>& numbers,
                     std::vector<std::string>& strings) {
  if (j.is_array()) {
    for (const Json& e : j) {
      if (absl::Status s = Flatten(e, origin, numbers, strings); !s.ok()) return s;
    }
    return absl::OkStatus();
  }
  InputNumber n;
  if (j.is_number_integer() && !j.is_number_unsigned()) {
    n.exact = j.get<int64_t>();
    n.value = static_cast<double>(n.exact);
    n.is_integer = true;
  } else if (j.is_number_unsigned()) {
    const uint64_t u = j.get<uint64_t>();
    n.value = static_cast<double>(u);
    n.is_integer = u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    n.exact = n.is_integer ? static_cast<int64_t>(u) : 0;
  } else if (j.is_number_float()) {
    n.value = j.get<double>();
  } else if (j.is_boolean()) {
    n.exact = j.get<bool>() ? 1 : 0;
    n.value = static_cast<double>(n.exact);
    n.is_integer = true;
  } else if (j.is_null()) {
    n.value = std::numeric_limits<double>::quiet_NaN();
  } else if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    if (s == "NaN" || s == "nan") {
      n.value = std::numeric_limits<double>::quiet_NaN();
    } else if (s == "Infinity" || s == "inf") {
      n.value = std::numeric_limits<double>::infinity();
    } else if (s == "-Infinity" || s == "-inf") {
      n.value = -std::numeric_limits<double>::infinity();
    } else {
      if (!numbers.empty()) return Bad(origin, absl::StrCat("\"data\" mixes numbers and the string ", Describe(j)));
      strings.push_back(s);
      return absl::OkStatus();
    }
  } else {
    return Bad(origin, absl::StrCat("\"data\" holds ", Describe(j), ", not a number"));
  }
  if (!strings.empty()) return Bad(origin, absl::StrCat("\"data\" mixes strings and the number ", Describe(j)));
  numbers.push_back(n);
  return absl::OkStatus();
}

absl::StatusOr<TensorSource> ParseEntry(const Json& j, std::string name, std::string origin) {
  if (!j.is_object()) {
    return Bad(origin, absl::StrCat("expected an object {name, shape, dtype, data}, got ", Describe(j)));
  }
  TensorSource source;
  source.origin = std::move(origin);
  source.name = std::move(name);
  if (auto it = j.find("name"); it != j.end()) {
    if (!it->is_string()) return Bad(source.origin, "\"name\" is not a string");
    source.name = it->get<std::string>();
    if (!source.name.empty()) absl::StrAppend(&source.origin, " ('", source.name, "')");
  }
  if (auto it = j.find("dtype"); it != j.end()) {
    if (!it->is_string()) return Bad(source.origin, "\"dtype\" is not a string");
    absl::StatusOr<T> type = TypeOfDtypeName(it->get<std::string>());
    if (!type.ok()) return Bad(source.origin, type.status().message());
    source.type = *type;
  }
  if (auto it = j.find("shape"); it != j.end()) {
    if (!it->is_array()) return Bad(source.origin, "\"shape\" is not a list");
    std::vector<int32_t> shape;
    for (const Json& d : *it) {
      // -1 stands for a dynamic dimension, as in model shapes: the runners feed 1.
      if (!d.is_number_integer() || d.get<int64_t>() < -1 || d.get<int64_t>() > std::numeric_limits<int32_t>::max()) {
        return Bad(source.origin, absl::StrCat("\"shape\" holds ", Describe(d), ", not a dimension"));
      }
      shape.push_back(static_cast<int32_t>(d.get<int64_t>()));
    }
    source.shape = std::move(shape);
  }
  if (auto it = j.find("data"); it != j.end() && !it->is_null()) {
    std::vector<InputNumber> numbers;
    std::vector<std::string> strings;
    if (absl::Status s = Flatten(*it, source.origin, numbers, strings); !s.ok()) return s;
    if (!strings.empty()) {
      source.strings = std::move(strings);
    } else {
      source.numbers = std::move(numbers);
    }
  }
  return source;
}

}  // namespace

absl::StatusOr<std::vector<TensorSource>> ParseTensorsJson(absl::string_view text, absl::string_view origin) {
  Json doc;
  Sax sax(doc);
  const bool ok = Json::sax_parse(text.begin(), text.end(), &sax);
  if (!ok || !sax.error().empty()) {
    return Bad(origin, absl::StrCat("not valid JSON: ", sax.error().empty() ? "parse failed" : sax.error()));
  }
  std::vector<TensorSource> out;
  if (doc.is_array()) {
    for (size_t i = 0; i < doc.size(); ++i) {
      absl::StatusOr<TensorSource> s = ParseEntry(doc[i], "", absl::StrCat(origin, " entry ", i));
      if (!s.ok()) return s.status();
      out.push_back(*std::move(s));
    }
  } else if (doc.is_object()) {
    for (const auto& [name, value] : doc.items()) {
      absl::StatusOr<TensorSource> s = ParseEntry(value, name, absl::StrCat(origin, " entry '", name, "'"));
      if (!s.ok()) return s.status();
      out.push_back(*std::move(s));
    }
  } else {
    return Bad(origin, "expected a list [{name, shape, dtype, data}] or a map {name: {shape, dtype, data}}");
  }
  return out;
}

absl::StatusOr<std::string> TensorsToJson(absl::Span<const RtTensor> tensors,
                                          absl::Span<const std::string> signature_names) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (size_t k = 0; k < tensors.size(); ++k) {
    const RtTensor& t = tensors[k];
    nlohmann::ordered_json e;
    e["name"] = t.name();
    if (!signature_names.empty() && k < signature_names.size()) e["signature_name"] = signature_names[k];
    e["shape"] = t.shape();
    e["dtype"] = DtypeName(t.type());
    nlohmann::ordered_json data = nlohmann::ordered_json::array();
    const int64_t n = t.num_elements();
    if (TfliteTypeSize(t.type()) != 0 &&
        t.byte_size() < static_cast<size_t>(n) * static_cast<size_t>(TfliteTypeSize(t.type()))) {
      return absl::InternalError(absl::StrCat("tensor '", t.name(), "' holds fewer bytes than its shape needs"));
    }
    switch (t.type()) {
      case T::FLOAT32: case T::FLOAT64: case T::FLOAT16:
        for (int64_t i = 0; i < n; ++i) data.push_back(JsonNumber<nlohmann::ordered_json>(ElementAsDouble(t, i)));
        break;
      case T::INT64:
        for (int64_t i = 0; i < n; ++i) data.push_back(t.data<int64_t>()[i]);
        break;
      case T::UINT64:
        for (int64_t i = 0; i < n; ++i) data.push_back(t.data<uint64_t>()[i]);
        break;
      case T::INT8: case T::UINT8: case T::INT16: case T::UINT16: case T::INT32: case T::UINT32: case T::BOOL:
        // Bools as 0/1, as LiteRT.js writes them.
        for (int64_t i = 0; i < n; ++i) data.push_back(static_cast<int64_t>(ElementAsDouble(t, i)));
        break;
      case T::STRING: {
        absl::StatusOr<std::vector<std::string>> strings = DecodeStringTensor(t);
        if (!strings.ok()) return strings.status();
        for (std::string& s : *strings) data.push_back(std::move(s));
        break;
      }
      default:
        return absl::UnimplementedError(absl::StrCat("tensor '", t.name(), "': ", DtypeName(t.type()),
                                                     " values cannot be written as JSON"));
    }
    e["data"] = std::move(data);
    out.push_back(std::move(e));
  }
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace tfconv
