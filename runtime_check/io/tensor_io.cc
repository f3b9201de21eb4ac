// Dtype names, the default pattern, conversions from input files and input matching.
#include "runtime_check/io/tensor_io.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "runtime_check/numeric/half.h"

namespace tfconv {
namespace {

using T = tflite::TensorType;

// Above this many elements an input is surely a corrupt shape, not a tensor to allocate.
constexpr int64_t kMaxElements = int64_t{1} << 28;

struct DtypeEntry {
  T type;
  const char* name;
};
constexpr DtypeEntry kDtypes[] = {
    {T::FLOAT32, "float32"},   {T::INT32, "int32"},       {T::UINT8, "uint8"},   {T::INT8, "int8"},
    {T::INT16, "int16"},       {T::INT64, "int64"},       {T::BOOL, "bool"},     {T::FLOAT64, "float64"},
    {T::FLOAT16, "float16"},   {T::UINT16, "uint16"},     {T::UINT32, "uint32"}, {T::UINT64, "uint64"},
    {T::COMPLEX64, "complex64"}, {T::COMPLEX128, "complex128"}, {T::STRING, "string"},
    {T::BFLOAT16, "bfloat16"}, {T::INT4, "int4"},         {T::RESOURCE, "resource"}, {T::VARIANT, "variant"},
};

std::vector<int32_t> StaticShape(std::vector<int32_t> shape) {
  for (int32_t& d : shape) d = d < 0 ? 1 : d;
  return shape;
}

absl::Status CheckElementCount(const std::vector<int32_t>& shape, absl::string_view what) {
  int64_t n = 1;
  for (int32_t d : shape) {
    if (d < 0) return absl::InvalidArgumentError(absl::StrCat(what, ": negative dimension in ", ShapeString(shape)));
    n *= d;
    if (n > kMaxElements) {
      return absl::InvalidArgumentError(absl::StrCat(what, ": shape ", ShapeString(shape), " has more than ",
                                                     kMaxElements, " elements"));
    }
  }
  return absl::OkStatus();
}

bool IsIntegerType(T type) {
  switch (type) {
    case T::INT8: case T::UINT8: case T::INT16: case T::UINT16: case T::INT32: case T::UINT32:
    case T::INT64: case T::UINT64:
      return true;
    default:
      return false;
  }
}

// Range of an integer type as doubles/int64 for checks.
void IntegerRange(T type, int64_t* lo, uint64_t* hi) {
  switch (type) {
    case T::INT8: *lo = -128; *hi = 127; return;
    case T::UINT8: *lo = 0; *hi = 255; return;
    case T::INT16: *lo = -32768; *hi = 32767; return;
    case T::UINT16: *lo = 0; *hi = 65535; return;
    case T::INT32: *lo = std::numeric_limits<int32_t>::min(); *hi = std::numeric_limits<int32_t>::max(); return;
    case T::UINT32: *lo = 0; *hi = std::numeric_limits<uint32_t>::max(); return;
    case T::INT64: *lo = std::numeric_limits<int64_t>::min(); *hi = std::numeric_limits<int64_t>::max(); return;
    default: *lo = 0; *hi = std::numeric_limits<uint64_t>::max(); return;
  }
}

template <typename V>
void StoreAs(RtTensor& t, int64_t i, V v) {
  switch (t.type()) {
    case T::INT8: t.mutable_data<int8_t>()[i] = static_cast<int8_t>(v); break;
    case T::UINT8: t.mutable_data<uint8_t>()[i] = static_cast<uint8_t>(v); break;
    case T::INT16: t.mutable_data<int16_t>()[i] = static_cast<int16_t>(v); break;
    case T::UINT16: t.mutable_data<uint16_t>()[i] = static_cast<uint16_t>(v); break;
    case T::INT32: t.mutable_data<int32_t>()[i] = static_cast<int32_t>(v); break;
    case T::UINT32: t.mutable_data<uint32_t>()[i] = static_cast<uint32_t>(v); break;
    case T::INT64: t.mutable_data<int64_t>()[i] = static_cast<int64_t>(v); break;
    case T::UINT64: t.mutable_data<uint64_t>()[i] = static_cast<uint64_t>(v); break;
    case T::BOOL: t.mutable_data<uint8_t>()[i] = v != 0; break;
    case T::FLOAT32: t.mutable_data<float>()[i] = static_cast<float>(v); break;
    case T::FLOAT64: t.mutable_data<double>()[i] = static_cast<double>(v); break;
    case T::FLOAT16: t.mutable_data<uint16_t>()[i] = FloatToHalf(static_cast<float>(v)); break;
    default: break;
  }
}

std::string DescribeNumber(const InputNumber& n) {
  return n.is_integer ? absl::StrCat(n.exact) : absl::StrCat(n.value);
}

// "x" and "x:0" name the same tensor (TF names carry the output index).
bool SameName(absl::string_view a, absl::string_view b) {
  auto strip = [](absl::string_view s) { return absl::EndsWith(s, ":0") ? s.substr(0, s.size() - 2) : s; };
  return !a.empty() && !b.empty() && (a == b || strip(a) == strip(b));
}

absl::StatusOr<RtTensor> FromNumbers(const TensorSource& source, T type, std::vector<int32_t> shape) {
  const std::vector<InputNumber>& numbers = *source.numbers;
  if (static_cast<int64_t>(numbers.size()) != NumElementsOf(shape)) {
    return absl::InvalidArgumentError(absl::StrCat(source.origin, ": ", numbers.size(), " values for shape ",
                                                   ShapeString(shape), " (", NumElementsOf(shape), " elements)"));
  }
  if (TfliteTypeSize(type) == 0 || type == T::COMPLEX64 || type == T::COMPLEX128 || type == T::BFLOAT16) {
    return absl::UnimplementedError(
        absl::StrCat(source.origin, ": ", DtypeName(type), " tensors cannot be given as JSON numbers"));
  }
  RtTensor t = RtTensor::Make(type, shape);
  const bool is_float = type == T::FLOAT32 || type == T::FLOAT64 || type == T::FLOAT16;
  for (size_t i = 0; i < numbers.size(); ++i) {
    const InputNumber& n = numbers[i];
    if (is_float) {
      StoreAs(t, i, n.value);
      continue;
    }
    // Integers and bools take exact integer values only: a silently wrapped or truncated input
    // would test something else than the user asked for.
    int64_t v = n.exact;
    if (!n.is_integer) {
      if (!std::isfinite(n.value) || n.value != std::trunc(n.value) || std::fabs(n.value) >= 9.2e18) {
        return absl::InvalidArgumentError(absl::StrCat(source.origin, ": value ", i, " (", DescribeNumber(n),
                                                       ") is not an integer, the tensor is ", DtypeName(type)));
      }
      v = static_cast<int64_t>(n.value);
    }
    if (type == T::BOOL) {
      if (v != 0 && v != 1) {
        return absl::InvalidArgumentError(
            absl::StrCat(source.origin, ": value ", i, " (", v, ") is not a bool (true/false/0/1)"));
      }
    } else {
      int64_t lo;
      uint64_t hi;
      IntegerRange(type, &lo, &hi);
      if (v < lo || (v > 0 && static_cast<uint64_t>(v) > hi)) {
        return absl::InvalidArgumentError(absl::StrCat(source.origin, ": value ", i, " (", v,
                                                       ") is out of range for ", DtypeName(type)));
      }
    }
    StoreAs(t, i, v);
  }
  return t;
}

}  // namespace

std::string DtypeName(tflite::TensorType type) {
  for (const DtypeEntry& e : kDtypes) {
    if (e.type == type) return e.name;
  }
  return absl::AsciiStrToLower(TfliteTypeName(type));
}

absl::StatusOr<tflite::TensorType> TypeOfDtypeName(absl::string_view name) {
  std::vector<std::string> known;
  for (const DtypeEntry& e : kDtypes) {
    if (name == e.name) return e.type;
    known.push_back(e.name);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown dtype '", name, "'; known: ", absl::StrJoin(known, ", ")));
}

absl::StatusOr<RtTensor> DefaultPatternTensor(tflite::TensorType type, std::vector<int32_t> shape) {
  shape = StaticShape(std::move(shape));
  if (absl::Status s = CheckElementCount(shape, "default input"); !s.ok()) return s;
  const bool is_float = type == T::FLOAT32 || type == T::FLOAT64 || type == T::FLOAT16;
  if (!is_float && !IsIntegerType(type) && type != T::BOOL) {
    return absl::UnimplementedError(absl::StrCat("the default input pattern has no values for ", DtypeName(type),
                                                 " tensors; give this input in a file"));
  }
  RtTensor t = RtTensor::Make(type, shape);
  const int64_t n = t.num_elements();
  for (int64_t i = 0; i < n; ++i) {
    if (is_float) {
      // As in the runners: the double value, rounded to the element type only at the end.
      const double v = 0.1 * static_cast<double>(i % 17) - 0.5;
      StoreAs(t, i, type == T::FLOAT64 ? v : static_cast<double>(static_cast<float>(v)));
    } else if (type == T::BOOL) {
      StoreAs(t, i, static_cast<int64_t>((i % 7) != 3));
    } else {
      StoreAs(t, i, static_cast<int64_t>(i % 7) - 3);  // casts wrap (uint8: 253, 254, 255, 0...)
    }
  }
  return t;
}

double ElementAsDouble(const RtTensor& t, int64_t i) {
  switch (t.type()) {
    case T::FLOAT32: return t.data<float>()[i];
    case T::FLOAT64: return t.data<double>()[i];
    case T::FLOAT16: return HalfToFloat(t.data<uint16_t>()[i]);
    case T::INT8: return t.data<int8_t>()[i];
    case T::UINT8: return t.data<uint8_t>()[i];
    case T::BOOL: return t.data<uint8_t>()[i] != 0;
    case T::INT16: return t.data<int16_t>()[i];
    case T::UINT16: return t.data<uint16_t>()[i];
    case T::INT32: return t.data<int32_t>()[i];
    case T::UINT32: return t.data<uint32_t>()[i];
    case T::INT64: return static_cast<double>(t.data<int64_t>()[i]);
    case T::UINT64: return static_cast<double>(t.data<uint64_t>()[i]);
    default: return 0;
  }
}

absl::StatusOr<std::vector<std::string>> DecodeStringTensor(const RtTensor& t) {
  const size_t size = t.byte_size();
  const uint8_t* p = t.raw();
  auto read32 = [&](size_t at) {
    int32_t v;
    std::memcpy(&v, p + at, 4);
    return v;
  };
  if (size == 0 && t.num_elements() == 0) return std::vector<std::string>{};
  if (size < 4) return absl::InvalidArgumentError(absl::StrCat("string tensor '", t.name(), "' has ", size, " bytes"));
  const int32_t count = read32(0);
  if (count < 0 || (static_cast<size_t>(count) + 2) * 4 > size) {
    return absl::InvalidArgumentError(
        absl::StrCat("string tensor '", t.name(), "' claims ", count, " strings in ", size, " bytes"));
  }
  std::vector<std::string> out;
  out.reserve(count);
  for (int32_t k = 0; k < count; ++k) {
    const int32_t begin = read32(4 + 4 * k), end = read32(8 + 4 * k);
    if (begin < (count + 2) * 4 || end < begin || static_cast<size_t>(end) > size) {
      return absl::InvalidArgumentError(
          absl::StrCat("string tensor '", t.name(), "': string ", k, " has bad offsets ", begin, "..", end));
    }
    out.emplace_back(reinterpret_cast<const char*>(p) + begin, end - begin);
  }
  return out;
}

RtTensor EncodeStringTensor(const std::vector<std::string>& strings, std::vector<int32_t> shape) {
  std::string bytes;
  const int32_t count = static_cast<int32_t>(strings.size());
  auto put32 = [&](int32_t v) { bytes.append(reinterpret_cast<const char*>(&v), 4); };
  put32(count);
  int32_t offset = (count + 2) * 4;
  for (const std::string& s : strings) {
    put32(offset);
    offset += static_cast<int32_t>(s.size());
  }
  put32(offset);
  for (const std::string& s : strings) bytes += s;
  RtTensor t = RtTensor::Make(T::STRING, {});
  t.SetBytes(std::move(shape), reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return t;
}

absl::StatusOr<RtTensor> TensorFromSource(const TensorSource& source, tflite::TensorType type,
                                          std::vector<int32_t> shape) {
  if (source.type.has_value() && *source.type != type) {
    return absl::InvalidArgumentError(absl::StrCat(source.origin, ": dtype ", DtypeName(*source.type),
                                                   ", but the tensor is ", DtypeName(type)));
  }
  if (source.tensor.has_value()) {
    if (source.tensor->type() != type) {
      return absl::InvalidArgumentError(absl::StrCat(source.origin, ": dtype ", DtypeName(source.tensor->type()),
                                                     ", but the tensor is ", DtypeName(type)));
    }
    return *source.tensor;
  }
  if (source.shape.has_value()) shape = *source.shape;
  shape = StaticShape(std::move(shape));
  if (absl::Status s = CheckElementCount(shape, source.origin); !s.ok()) return s;
  if (source.raw.has_value()) {
    const int64_t need = NumElementsOf(shape) * TfliteTypeSize(type);
    if (TfliteTypeSize(type) == 0 || static_cast<int64_t>(source.raw->size()) != need) {
      return absl::InvalidArgumentError(absl::StrCat(source.origin, ": ", source.raw->size(), " bytes, but a ",
                                                     DtypeName(type), " tensor of shape ", ShapeString(shape),
                                                     " needs ", need));
    }
    RtTensor t = RtTensor::Make(type, {});
    t.SetBytes(shape, reinterpret_cast<const uint8_t*>(source.raw->data()), source.raw->size());
    return t;
  }
  if (source.strings.has_value()) {
    if (type != T::STRING) {
      return absl::InvalidArgumentError(
          absl::StrCat(source.origin, ": string values, but the tensor is ", DtypeName(type)));
    }
    if (static_cast<int64_t>(source.strings->size()) != NumElementsOf(shape)) {
      return absl::InvalidArgumentError(absl::StrCat(source.origin, ": ", source.strings->size(),
                                                     " strings for shape ", ShapeString(shape)));
    }
    return EncodeStringTensor(*source.strings, shape);
  }
  if (source.numbers.has_value()) {
    if (type == T::STRING && source.numbers->empty() && NumElementsOf(shape) == 0) {
      return EncodeStringTensor({}, shape);
    }
    return FromNumbers(source, type, shape);
  }
  return DefaultPatternTensor(type, shape);
}

absl::StatusOr<std::vector<TensorSource>> ReadTensorFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("error reading ", path));
  std::string bytes = buffer.str();
  const std::string lower = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower, ".json")) return ParseTensorsJson(bytes, path);
  TensorSource source;
  source.origin = path;
  if (absl::EndsWith(lower, ".npy")) {
    absl::StatusOr<RtTensor> t = ParseNpy(bytes, path);
    if (!t.ok()) return t.status();
    source.shape = t->shape();
    source.type = t->type();
    source.tensor = *std::move(t);
  } else {
    source.raw = std::move(bytes);
  }
  std::vector<TensorSource> out;
  out.push_back(std::move(source));
  return out;
}

absl::StatusOr<std::vector<const TensorSource*>> MatchSources(const std::vector<std::vector<std::string>>& names,
                                                              absl::Span<const TensorSource> given) {
  const size_t n = names.size();
  auto matches = [&](const TensorSource& s, size_t k) {
    return absl::c_any_of(names[k], [&](const std::string& name) { return SameName(s.name, name); });
  };
  auto first_name = [&](size_t k) { return names[k].empty() ? std::string() : names[k][0]; };
  bool by_name = false;
  for (const TensorSource& s : given) {
    for (size_t k = 0; k < n && !by_name; ++k) by_name = matches(s, k);
  }
  std::vector<const TensorSource*> chosen(n, nullptr);
  if (!by_name) {
    if (given.size() > n) {
      return absl::InvalidArgumentError(absl::StrCat(given.size(), " input tensors given, the model takes ", n));
    }
    for (size_t k = 0; k < given.size(); ++k) chosen[k] = &given[k];
    return chosen;
  }
  // Every source must then name an input: a typo should not silently feed the default pattern.
  for (const TensorSource& s : given) {
    bool used = false;
    for (size_t k = 0; k < n; ++k) {
      if (!matches(s, k)) continue;
      if (chosen[k] != nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat(s.origin, " and ", chosen[k]->origin, " both give input '", first_name(k), "'"));
      }
      chosen[k] = &s;
      used = true;
      break;
    }
    if (!used && s.name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          s.origin, " has no name, but other inputs are given by name; give all inputs by name or all by position"));
    }
    if (!used) {
      std::vector<std::string> inputs;
      for (size_t k = 0; k < n; ++k) inputs.push_back(first_name(k));
      return absl::InvalidArgumentError(absl::StrCat(s.origin, " names '", s.name,
                                                     "', which is no input of the model (inputs: '",
                                                     absl::StrJoin(inputs, "', '"), "')"));
    }
  }
  return chosen;
}

absl::StatusOr<std::vector<TensorSource>> ReadTensorFiles(absl::string_view comma_separated_paths) {
  std::vector<TensorSource> all;
  for (absl::string_view path : absl::StrSplit(comma_separated_paths, ',', absl::SkipEmpty())) {
    absl::StatusOr<std::vector<TensorSource>> sources = ReadTensorFile(std::string(path));
    if (!sources.ok()) return sources.status();
    for (TensorSource& s : *sources) all.push_back(std::move(s));
  }
  return all;
}

absl::StatusOr<std::vector<RtTensor>> MakeSubgraphInputs(const TflModel& model, int subgraph,
                                                         const TflSignatureDef* signature,
                                                         absl::Span<const TensorSource> given) {
  if (subgraph < 0 || subgraph >= static_cast<int>(model.subgraphs.size())) {
    return absl::InvalidArgumentError(absl::StrCat("no subgraph ", subgraph));
  }
  const TflSubgraph& g = model.subgraphs[subgraph];
  const size_t n = g.inputs.size();
  std::vector<std::vector<std::string>> names(n);
  for (size_t k = 0; k < n; ++k) {
    names[k].push_back(g.tensors[g.inputs[k]].name);
    if (signature == nullptr) continue;
    for (const auto& [name, index] : signature->inputs) {
      if (static_cast<int32_t>(index) == g.inputs[k]) names[k].push_back(name);
    }
  }
  absl::StatusOr<std::vector<const TensorSource*>> chosen = MatchSources(names, given);
  if (!chosen.ok()) return chosen.status();
  std::vector<RtTensor> inputs;
  inputs.reserve(n);
  for (size_t k = 0; k < n; ++k) {
    const TflTensor& t = g.tensors[g.inputs[k]];
    const TensorSource* source = (*chosen)[k];
    absl::StatusOr<RtTensor> value =
        source != nullptr ? TensorFromSource(*source, t.type, t.shape) : DefaultPatternTensor(t.type, t.shape);
    if (!value.ok()) {
      return absl::Status(value.status().code(),
                          absl::StrCat("input ", k, " ('", t.name, "'): ", value.status().message()));
    }
    const std::vector<int32_t>& expected = t.shape_signature.empty() ? t.shape : t.shape_signature;
    bool fits = expected.size() == value->shape().size();
    for (size_t d = 0; fits && d < expected.size(); ++d) fits = expected[d] < 0 || expected[d] == value->shape()[d];
    if (!fits) {
      return absl::InvalidArgumentError(absl::StrCat(
          "input ", k, " ('", t.name, "')", source != nullptr ? absl::StrCat(" from ", source->origin) : "", ": shape ",
          ShapeString(value->shape()), " does not fit the model's ", ShapeString(expected),
          absl::c_linear_search(expected, -1) ? " (-1: any size)" : ""));
    }
    value->set_name(t.name);
    inputs.push_back(*std::move(value));
  }
  return inputs;
}

absl::StatusOr<std::vector<RtTensor>> TensorsAsGiven(absl::Span<const TensorSource> sources) {
  std::vector<RtTensor> out;
  out.reserve(sources.size());
  for (const TensorSource& s : sources) {
    absl::StatusOr<RtTensor> t = TensorFromSource(s, s.type.value_or(T::FLOAT32), {});
    if (!t.ok()) return t.status();
    t->set_name(s.name);
    out.push_back(*std::move(t));
  }
  return out;
}

absl::Status WriteTensorsFile(const std::string& path, absl::Span<const RtTensor> tensors,
                              absl::Span<const std::string> signature_names) {
  absl::StatusOr<std::string> json = TensorsToJson(tensors, signature_names);
  if (!json.ok()) return json.status();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << *json << "\n";
  out.close();
  if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

}  // namespace tfconv
