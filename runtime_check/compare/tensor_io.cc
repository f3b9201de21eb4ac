#include "runtime_check/compare/tensor_io.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <type_traits>

#include "absl/strings/str_cat.h"

namespace tfconv {
namespace {

using json = nlohmann::json;

constexpr DataType kNamedTypes[] = {
    DataType::kFloat,  DataType::kDouble, DataType::kHalf,   DataType::kInt8,   DataType::kInt16,
    DataType::kInt32,  DataType::kInt64,  DataType::kUInt8,  DataType::kUInt16, DataType::kUInt32,
    DataType::kUInt64, DataType::kBool,   DataType::kString,
};

void Flatten(const json& data, std::vector<const json*>& out) {
  if (data.is_array()) {
    for (const json& d : data) Flatten(d, out);
  } else {
    out.push_back(&data);
  }
}

// A float element: a number, or one of the spellings of a non-finite value.
absl::StatusOr<double> FloatElement(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
  if (v.is_null()) return std::nan("");  // what JSON.stringify makes of NaN
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s == "NaN" || s == "nan") return std::nan("");
    if (s == "Infinity" || s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity" || s == "-inf") return -std::numeric_limits<double>::infinity();
  }
  return absl::InvalidArgumentError(absl::StrCat("not a number: ", v.dump()));
}

template <typename T>
absl::StatusOr<T> IntElement(const json& v) {
  if (v.is_boolean()) return static_cast<T>(v.get<bool>() ? 1 : 0);
  if (v.is_number_unsigned()) {
    uint64_t u = v.get<uint64_t>();
    if (u <= static_cast<uint64_t>(std::numeric_limits<T>::max())) return static_cast<T>(u);
  } else if (v.is_number_integer()) {
    int64_t i = v.get<int64_t>();
    if constexpr (std::is_signed_v<T>) {
      if (i >= std::numeric_limits<T>::min() && i <= std::numeric_limits<T>::max()) return static_cast<T>(i);
    } else {
      if (i >= 0 && static_cast<uint64_t>(i) <= std::numeric_limits<T>::max()) return static_cast<T>(i);
    }
  } else if (v.is_number_float()) {
    double d = v.get<double>();
    // Whole numbers written as floats ("3.0") are accepted; 2^63 and beyond are not.
    if (std::floor(d) == d && d >= static_cast<double>(std::numeric_limits<T>::min()) &&
        d < std::ldexp(1.0, std::numeric_limits<T>::digits)) {
      return static_cast<T>(d);
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("not a value of the integer type: ", v.dump()));
}

template <typename T>
absl::StatusOr<Tensor> FillFromJson(DataType dtype, std::vector<int64_t> shape,
                                    const std::vector<const json*>& values) {
  std::vector<T> out;
  out.reserve(values.size());
  for (const json* v : values) {
    if constexpr (std::is_floating_point_v<T>) {
      absl::StatusOr<double> d = FloatElement(*v);
      if (!d.ok()) return d.status();
      out.push_back(static_cast<T>(*d));
    } else {
      absl::StatusOr<T> i = IntElement<T>(*v);
      if (!i.ok()) return i.status();
      out.push_back(*i);
    }
  }
  return Tensor(dtype, std::move(shape), ByteBuffer::Copy(out.data(), out.size() * sizeof(T)));
}

absl::StatusOr<Tensor> TensorFromData(DataType dtype, std::vector<int64_t> shape, const json& data) {
  std::vector<const json*> values;
  Flatten(data, values);
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  if (static_cast<int64_t>(values.size()) != n) {
    return absl::InvalidArgumentError(absl::StrCat("data holds ", values.size(),
                                                   " values, the shape needs ", n));
  }
  switch (dtype) {
    case DataType::kFloat: return FillFromJson<float>(dtype, std::move(shape), values);
    case DataType::kDouble: return FillFromJson<double>(dtype, std::move(shape), values);
    case DataType::kInt8: return FillFromJson<int8_t>(dtype, std::move(shape), values);
    case DataType::kInt16: return FillFromJson<int16_t>(dtype, std::move(shape), values);
    case DataType::kInt32: return FillFromJson<int32_t>(dtype, std::move(shape), values);
    case DataType::kInt64: return FillFromJson<int64_t>(dtype, std::move(shape), values);
    case DataType::kUInt8: return FillFromJson<uint8_t>(dtype, std::move(shape), values);
    case DataType::kUInt16: return FillFromJson<uint16_t>(dtype, std::move(shape), values);
    case DataType::kUInt32: return FillFromJson<uint32_t>(dtype, std::move(shape), values);
    case DataType::kUInt64: return FillFromJson<uint64_t>(dtype, std::move(shape), values);
    case DataType::kBool: {
      std::vector<uint8_t> out;
      for (const json* v : values) {
        if (v->is_boolean()) {
          out.push_back(v->get<bool>() ? 1 : 0);
        } else if (v->is_number()) {
          out.push_back(v->get<double>() != 0 ? 1 : 0);
        } else {
          return absl::InvalidArgumentError(absl::StrCat("not a bool: ", v->dump()));
        }
      }
      return Tensor(dtype, std::move(shape), ByteBuffer::Copy(out.data(), out.size()));
    }
    case DataType::kString: {
      std::vector<std::string> out;
      for (const json* v : values) {
        if (!v->is_string()) return absl::InvalidArgumentError(absl::StrCat("not a string: ", v->dump()));
        out.push_back(v->get<std::string>());
      }
      return Tensor(std::move(shape), std::move(out));
    }
    default:
      return absl::UnimplementedError(absl::StrCat("reading ", DataTypeName(dtype), " data is not supported"));
  }
}

absl::StatusOr<NamedTensor> EntryFromJson(std::string name, const json& entry) {
  auto bad = [&](const std::string& why) {
    return absl::InvalidArgumentError(absl::StrCat("tensor '", name, "': ", why));
  };
  if (!entry.is_object()) return bad("an entry must be an object {name, shape, dtype, data}");
  if (name.empty() && entry.contains("name")) {
    if (!entry["name"].is_string()) return bad("\"name\" must be a string");
    name = entry["name"].get<std::string>();
  }
  DataType dtype = DataType::kFloat;
  if (entry.contains("dtype")) {
    if (!entry["dtype"].is_string()) return bad("\"dtype\" must be a string");
    absl::StatusOr<DataType> d = DataTypeFromName(entry["dtype"].get<std::string>());
    if (!d.ok()) return bad(std::string(d.status().message()));
    dtype = *d;
  }
  if (!entry.contains("shape") || !entry["shape"].is_array()) return bad("needs \"shape\": [dims]");
  std::vector<int64_t> shape;
  for (const json& d : entry["shape"]) {
    if (!d.is_number_integer() || d.get<int64_t>() < 0) {
      return bad(absl::StrCat("shape ", entry["shape"].dump(), " must hold non-negative integers"));
    }
    shape.push_back(d.get<int64_t>());
  }
  absl::StatusOr<Tensor> t = entry.contains("data") ? TensorFromData(dtype, shape, entry["data"])
                                                    : DefaultPatternTensor(dtype, shape);
  if (!t.ok()) return bad(std::string(t.status().message()));
  return NamedTensor{std::move(name), *std::move(t)};
}

template <typename T>
Tensor Pattern(DataType dtype, std::vector<int64_t> shape, int64_t n) {
  std::vector<T> v(n);
  for (int64_t i = 0; i < n; ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      v[i] = static_cast<T>(0.1 * static_cast<double>(i % 17) - 0.5);
    } else {
      // Wrapping a small negative to an unsigned type is well defined: modulo 2^bits.
      v[i] = static_cast<T>(static_cast<int64_t>(i % 7) - 3);
    }
  }
  return Tensor(dtype, std::move(shape), ByteBuffer::Copy(v.data(), v.size() * sizeof(T)));
}

template <typename T>
json ElementsToJson(const Tensor& t) {
  json data = json::array();
  for (T v : t.data<T>()) {
    if constexpr (std::is_floating_point_v<T>) {
      data.push_back(JsonNumber(v));
    } else {
      data.push_back(v);
    }
  }
  return data;
}

}  // namespace

absl::StatusOr<DataType> DataTypeFromName(absl::string_view name) {
  for (DataType t : kNamedTypes) {
    if (DataTypeName(t) == name) return t;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown dtype '", name, "'"));
}

absl::StatusOr<Tensor> DefaultPatternTensor(DataType dtype, const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0) {
      return absl::InvalidArgumentError("the default pattern needs every dimension known");
    }
    n *= d;
  }
  switch (dtype) {
    case DataType::kFloat: return Pattern<float>(dtype, shape, n);
    case DataType::kDouble: return Pattern<double>(dtype, shape, n);
    case DataType::kInt8: return Pattern<int8_t>(dtype, shape, n);
    case DataType::kInt16: return Pattern<int16_t>(dtype, shape, n);
    case DataType::kInt32: return Pattern<int32_t>(dtype, shape, n);
    case DataType::kInt64: return Pattern<int64_t>(dtype, shape, n);
    case DataType::kUInt8: return Pattern<uint8_t>(dtype, shape, n);
    case DataType::kUInt16: return Pattern<uint16_t>(dtype, shape, n);
    case DataType::kUInt32: return Pattern<uint32_t>(dtype, shape, n);
    case DataType::kUInt64: return Pattern<uint64_t>(dtype, shape, n);
    case DataType::kBool: {
      std::vector<uint8_t> v(n);
      for (int64_t i = 0; i < n; ++i) v[i] = (i % 7) != 3;
      return Tensor(dtype, shape, ByteBuffer::Copy(v.data(), v.size()));
    }
    default:
      return absl::UnimplementedError(
          absl::StrCat("no default input pattern for ", DataTypeName(dtype)));
  }
}

absl::StatusOr<std::vector<NamedTensor>> TensorsFromJson(const json& j) {
  std::vector<NamedTensor> out;
  if (j.is_array()) {
    for (const json& entry : j) {
      absl::StatusOr<NamedTensor> t = EntryFromJson("", entry);
      if (!t.ok()) return t.status();
      out.push_back(*std::move(t));
    }
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      absl::StatusOr<NamedTensor> t = EntryFromJson(it.key(), it.value());
      if (!t.ok()) return t.status();
      out.push_back(*std::move(t));
    }
  } else {
    return absl::InvalidArgumentError("expected a list [{name, shape, dtype, data}] or an object {name: {...}}");
  }
  return out;
}

absl::StatusOr<std::vector<NamedTensor>> ReadTensorsFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::stringstream text;
  text << in.rdbuf();
  json j = json::parse(text.str(), /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return absl::InvalidArgumentError(absl::StrCat(path, ": not valid JSON"));
  absl::StatusOr<std::vector<NamedTensor>> tensors = TensorsFromJson(j);
  if (!tensors.ok()) {
    return absl::Status(tensors.status().code(), absl::StrCat(path, ": ", tensors.status().message()));
  }
  return tensors;
}

absl::StatusOr<json> TensorsToJson(const std::vector<NamedTensor>& tensors) {
  json list = json::array();
  for (const NamedTensor& nt : tensors) {
    const Tensor& t = nt.tensor;
    if (!t.IsValid()) {
      return absl::InvalidArgumentError(absl::StrCat("tensor '", nt.name, "' is malformed: ", t.DebugString()));
    }
    json data;
    switch (t.dtype()) {
      case DataType::kFloat: data = ElementsToJson<float>(t); break;
      case DataType::kDouble: data = ElementsToJson<double>(t); break;
      case DataType::kInt8: data = ElementsToJson<int8_t>(t); break;
      case DataType::kInt16: data = ElementsToJson<int16_t>(t); break;
      case DataType::kInt32: data = ElementsToJson<int32_t>(t); break;
      case DataType::kInt64: data = ElementsToJson<int64_t>(t); break;
      case DataType::kUInt8: data = ElementsToJson<uint8_t>(t); break;
      case DataType::kUInt16: data = ElementsToJson<uint16_t>(t); break;
      case DataType::kUInt32: data = ElementsToJson<uint32_t>(t); break;
      case DataType::kUInt64: data = ElementsToJson<uint64_t>(t); break;
      case DataType::kBool:
        data = json::array();
        for (uint8_t b : t.data<uint8_t>()) data.push_back(b != 0);
        break;
      case DataType::kHalf:
        data = json::array();
        for (uint16_t h : t.data<uint16_t>()) data.push_back(JsonNumber(HalfToFloat(h)));
        break;
      case DataType::kString:
        data = t.strings();
        break;
      default:
        return absl::UnimplementedError(
            absl::StrCat("tensor '", nt.name, "': writing ", DataTypeName(t.dtype()), " is not supported"));
    }
    list.push_back(json{{"name", nt.name}, {"shape", t.shape()}, {"dtype", DataTypeName(t.dtype())},
                        {"data", std::move(data)}});
  }
  return list;
}

absl::Status WriteTensorsFile(const std::vector<NamedTensor>& tensors, const std::string& path) {
  absl::StatusOr<json> j = TensorsToJson(tensors);
  if (!j.ok()) return j.status();
  std::ofstream out(path);
  if (!out) return absl::PermissionDeniedError(absl::StrCat("cannot write ", path));
  out << j->dump() << "\n";
  out.close();
  if (!out) return absl::DataLossError(absl::StrCat("writing ", path, " failed"));
  return absl::OkStatus();
}

json JsonNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return value;
}

float HalfToFloat(uint16_t bits) {
  const int sign = (bits >> 15) & 1;
  const int exponent = (bits >> 10) & 0x1f;
  const int mantissa = bits & 0x3ff;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);  // subnormal
  } else if (exponent == 31) {
    magnitude = mantissa == 0 ? std::numeric_limits<float>::infinity() : std::nanf("");
  } else {
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400), exponent - 25);
  }
  return sign ? -magnitude : magnitude;
}

}  // namespace tfconv
