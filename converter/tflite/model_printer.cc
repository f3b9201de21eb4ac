#include "converter/tflite/model_printer.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "converter/tflite/model_check.h"
#include "converter/tflite/runtime_version.h"

namespace tfconv {
namespace {

constexpr size_t kTextListLimit = 8;  // values of per-axis parameters shown in the text form

std::string TypeName(tflite::TensorType type) {
  const char* name = tflite::EnumNameTensorType(type);
  if (name == nullptr || *name == '\0') return absl::StrCat("TYPE_", static_cast<int>(type));
  return name;
}

std::string OptionsName(const TflOperator& op) {
  std::vector<std::string> names;
  if (op.builtin_options.type != tflite::BuiltinOptions::NONE) {
    const char* n = tflite::EnumNameBuiltinOptions(op.builtin_options.type);
    names.push_back(n != nullptr && *n != '\0'
                        ? n
                        : absl::StrCat("options#", static_cast<int>(op.builtin_options.type)));
  }
  if (op.builtin_options_2.type != tflite::BuiltinOptions2::NONE) {
    const char* n = tflite::EnumNameBuiltinOptions2(op.builtin_options_2.type);
    names.push_back(n != nullptr && *n != '\0'
                        ? n
                        : absl::StrCat("options2#", static_cast<int>(op.builtin_options_2.type)));
  }
  return absl::StrJoin(names, ", ");
}

const TflTensor* TensorAt(const TflSubgraph& g, int64_t index) {
  if (index < 0 || index >= static_cast<int64_t>(g.tensors.size())) return nullptr;
  return &g.tensors[index];
}

size_t BufferSize(const TflModel& m, uint32_t buffer) {
  return buffer < m.buffers.size() ? m.buffers[buffer].data.size() : 0;
}

// The text of a metadata buffer holding a short NUL-padded string ("min_runtime_version").
std::string MetadataString(const TflModel& m, uint32_t buffer) {
  if (buffer >= m.buffers.size()) return "";
  const ByteBuffer& b = m.buffers[buffer].data;
  std::string s;
  for (size_t i = 0; i < b.size() && b.data()[i] != 0; ++i) {
    char c = static_cast<char>(b.data()[i]);
    s.push_back(c >= 32 && c < 127 ? c : '?');
  }
  return s;
}

uint64_t TotalBufferBytes(const TflModel& m) {
  uint64_t n = 0;
  for (const TflBuffer& b : m.buffers) n += b.data.size();
  return n;
}

std::string Dims(const std::vector<int32_t>& dims) {
  return absl::StrCat("[", absl::StrJoin(dims, ","), "]");
}

template <typename T, typename Format>
std::string Limited(const std::vector<T>& values, Format format) {
  std::string out = "[";
  for (size_t i = 0; i < values.size() && i < kTextListLimit; ++i) {
    if (i > 0) out += ", ";
    out += format(values[i]);
  }
  if (values.size() > kTextListLimit) absl::StrAppend(&out, ", ... (", values.size(), " values)");
  return out + "]";
}

std::string FloatText(float v) { return absl::StrFormat("%.6g", v); }

// ---------------------------------------------------------------------------------------------
// Text

std::string TensorRef(const TflSubgraph& g, int32_t index) {
  if (index < 0) return "-";
  const TflTensor* t = TensorAt(g, index);
  return t == nullptr ? absl::StrCat("[", index, "] <missing>")
                      : absl::StrCat("[", index, "] ", t->name);
}

std::string TensorRefs(const TflSubgraph& g, const std::vector<int32_t>& list) {
  std::vector<std::string> refs;
  for (int32_t t : list) refs.push_back(TensorRef(g, t));
  return refs.empty() ? "(none)" : absl::StrJoin(refs, ", ");
}

std::string QuantizationText(const TflQuantization& q) {
  std::vector<std::string> parts;
  const bool per_axis = q.scale.size() > 1 || q.zero_point.size() > 1;
  if (per_axis) parts.push_back(absl::StrCat("per-axis dim ", q.quantized_dimension));
  if (!q.scale.empty()) {
    parts.push_back(absl::StrCat(
        "scale ", q.scale.size() == 1 ? FloatText(q.scale[0]) : Limited(q.scale, FloatText)));
  }
  if (!q.zero_point.empty()) {
    auto int_text = [](int64_t v) { return absl::StrCat(v); };
    parts.push_back(absl::StrCat("zero_point ", q.zero_point.size() == 1
                                                    ? int_text(q.zero_point[0])
                                                    : Limited(q.zero_point, int_text)));
  }
  if (!q.min.empty()) parts.push_back(absl::StrCat("min ", Limited(q.min, FloatText)));
  if (!q.max.empty()) parts.push_back(absl::StrCat("max ", Limited(q.max, FloatText)));
  if (q.details.type != tflite::QuantizationDetails::NONE) {
    const char* n = tflite::EnumNameQuantizationDetails(q.details.type);
    parts.push_back(absl::StrCat("details ", n != nullptr ? n : "?"));
  }
  return absl::StrJoin(parts, " ");
}

void AppendTensorText(const TflModel& m, const TflTensor& t, size_t index, std::string& out) {
  absl::StrAppend(&out, "    ", index, ": '", t.name, "' ", TypeName(t.type), " ", Dims(t.shape));
  if (!t.shape_signature.empty() && t.shape_signature != t.shape) {
    absl::StrAppend(&out, " signature ", Dims(t.shape_signature));
  }
  if (t.buffer != 0 || BufferSize(m, t.buffer) != 0) {
    absl::StrAppend(&out, " buffer ", t.buffer, " (", BufferSize(m, t.buffer), " bytes)");
  }
  if (t.is_variable) out += " variable";
  if (t.sparsity.has_value()) out += " sparse";
  if (t.quantization.has_value() && !t.quantization->empty()) {
    absl::StrAppend(&out, " quant: ", QuantizationText(*t.quantization));
  }
  out += "\n";
}

void AppendSubgraphText(const TflModel& m, const TflSubgraph& g, size_t index, std::string& out) {
  absl::StrAppend(&out, "\nSubgraph ", index, " '", g.name, "': ", g.tensors.size(), " tensors, ",
                  g.operators.size(), " operators\n");
  absl::StrAppend(&out, "  inputs:  ", TensorRefs(g, g.inputs), "\n");
  absl::StrAppend(&out, "  outputs: ", TensorRefs(g, g.outputs), "\n");
  out += "  Operators:\n";
  for (size_t i = 0; i < g.operators.size(); ++i) {
    const TflOperator& op = g.operators[i];
    if (op.opcode_index < m.operator_codes.size()) {
      const TflOperatorCode& code = m.operator_codes[op.opcode_index];
      absl::StrAppend(&out, "    ", i, ": ", OperatorCodeName(code), " v", code.version);
    } else {
      absl::StrAppend(&out, "    ", i, ": <opcode ", op.opcode_index, " out of range>");
    }
    std::string options = OptionsName(op);
    if (!options.empty()) absl::StrAppend(&out, " (", options, ")");
    if (!op.custom_options.empty()) {
      absl::StrAppend(&out, " custom options ", op.custom_options.size(), " bytes");
    }
    absl::StrAppend(&out, "\n       in:  ", TensorRefs(g, op.inputs), "\n");
    absl::StrAppend(&out, "       out: ", TensorRefs(g, op.outputs), "\n");
    if (!op.intermediates.empty()) {
      absl::StrAppend(&out, "       intermediates: ", TensorRefs(g, op.intermediates), "\n");
    }
  }
  out += "  Tensors:\n";
  for (size_t i = 0; i < g.tensors.size(); ++i) AppendTensorText(m, g.tensors[i], i, out);
}

// ---------------------------------------------------------------------------------------------
// JSON

// Strings are bytes from the file: valid UTF-8 passes through, anything else becomes U+FFFD.
std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20 || c == 0x7f) {
      absl::StrAppendFormat(&out, "\\u%04x", c);
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else {
      size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
      bool valid = len > 0 && c < 0xf5 && i + len <= s.size();
      for (size_t k = 1; valid && k < len; ++k) {
        valid = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
      }
      if (valid && len == 3) {  // no overlong forms or surrogates
        const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
        valid = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0);
      }
      if (valid && len == 4) {
        const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
        valid = !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);
      }
      if (valid) {
        out.append(s, i, len);
        i += len;
      } else {
        out += "\\ufffd";
        ++i;
      }
    }
  }
  return out + "\"";
}

std::string JsonFloat(float v) {
  if (std::isnan(v)) return "\"NaN\"";
  if (std::isinf(v)) return v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  return absl::StrFormat("%.9g", v);
}

template <typename T>
std::string JsonInts(const std::vector<T>& values) {
  return absl::StrCat("[", absl::StrJoin(values, ","), "]");
}

std::string JsonFloats(const std::vector<float>& values) {
  std::vector<std::string> parts;
  parts.reserve(values.size());
  for (float v : values) parts.push_back(JsonFloat(v));
  return absl::StrCat("[", absl::StrJoin(parts, ","), "]");
}

std::string JsonBool(bool b) { return b ? "true" : "false"; }

std::string TensorJson(const TflModel& m, const TflTensor& t, size_t index) {
  std::string out = absl::StrCat(
      "{\"index\":", index, ",\"name\":", JsonString(t.name),
      ",\"type\":", JsonString(TypeName(t.type)), ",\"shape\":", JsonInts(t.shape),
      ",\"shape_signature\":", JsonInts(t.shape_signature.empty() ? t.shape : t.shape_signature),
      ",\"buffer\":", t.buffer, ",\"buffer_size\":", BufferSize(m, t.buffer),
      ",\"is_variable\":", JsonBool(t.is_variable), ",\"has_rank\":", JsonBool(t.has_rank),
      ",\"sparse\":", JsonBool(t.sparsity.has_value()));
  if (t.quantization.has_value() && !t.quantization->empty()) {
    const TflQuantization& q = *t.quantization;
    const char* details = tflite::EnumNameQuantizationDetails(q.details.type);
    absl::StrAppend(&out, ",\"quantization\":{\"scale\":", JsonFloats(q.scale),
                    ",\"zero_point\":", JsonInts(q.zero_point),
                    ",\"quantized_dimension\":", q.quantized_dimension,
                    ",\"min\":", JsonFloats(q.min), ",\"max\":", JsonFloats(q.max),
                    ",\"details\":", JsonString(details != nullptr ? details : ""), "}");
  } else {
    out += ",\"quantization\":null";
  }
  return out + "}";
}

std::string OperatorJson(const TflModel& m, const TflOperator& op, size_t index) {
  std::string name = "", version = "0";
  if (op.opcode_index < m.operator_codes.size()) {
    name = OperatorCodeName(m.operator_codes[op.opcode_index]);
    version = absl::StrCat(m.operator_codes[op.opcode_index].version);
  }
  return absl::StrCat("{\"index\":", index, ",\"opcode_index\":", op.opcode_index,
                      ",\"op\":", JsonString(name), ",\"version\":", version,
                      ",\"options\":", JsonString(OptionsName(op)),
                      ",\"inputs\":", JsonInts(op.inputs), ",\"outputs\":", JsonInts(op.outputs),
                      ",\"intermediates\":", JsonInts(op.intermediates),
                      ",\"custom_options_size\":", op.custom_options.size(), "}");
}

std::string SubgraphJson(const TflModel& m, const TflSubgraph& g, size_t index) {
  std::vector<std::string> ops, tensors;
  for (size_t i = 0; i < g.operators.size(); ++i) ops.push_back(OperatorJson(m, g.operators[i], i));
  for (size_t i = 0; i < g.tensors.size(); ++i) tensors.push_back(TensorJson(m, g.tensors[i], i));
  return absl::StrCat("{\"index\":", index, ",\"name\":", JsonString(g.name),
                      ",\"inputs\":", JsonInts(g.inputs), ",\"outputs\":", JsonInts(g.outputs),
                      ",\n\"operators\":[\n", absl::StrJoin(ops, ",\n"), "],\n\"tensors\":[\n",
                      absl::StrJoin(tensors, ",\n"), "]}");
}

std::string SignatureTensorsJson(const TflModel& m, const TflSignatureDef& s,
                                 const std::vector<std::pair<std::string, uint32_t>>& list) {
  std::vector<std::string> parts;
  const TflSubgraph* g =
      s.subgraph_index < m.subgraphs.size() ? &m.subgraphs[s.subgraph_index] : nullptr;
  for (const auto& [name, tensor] : list) {
    const TflTensor* t = g == nullptr ? nullptr : TensorAt(*g, tensor);
    parts.push_back(absl::StrCat("{\"name\":", JsonString(name), ",\"tensor\":", tensor,
                                 ",\"tensor_name\":", JsonString(t == nullptr ? "" : t->name),
                                 "}"));
  }
  return absl::StrCat("[", absl::StrJoin(parts, ","), "]");
}

}  // namespace

std::string DescribeModel(const TflModel& m) {
  size_t num_ops = 0;
  for (const TflSubgraph& g : m.subgraphs) num_ops += g.operators.size();
  std::string out =
      absl::StrCat("TFLite model: schema version ", m.version, ", ", m.subgraphs.size(),
                   " subgraph(s), ", num_ops, " operator(s), ", m.buffers.size(),
                   " buffers holding ", TotalBufferBytes(m), " bytes\n");
  if (!m.description.empty()) absl::StrAppend(&out, "description: ", m.description, "\n");
  out += "\nOperator codes:\n";
  for (size_t i = 0; i < m.operator_codes.size(); ++i) {
    absl::StrAppend(&out, "  ", i, ": ", OperatorCodeName(m.operator_codes[i]), " v",
                    m.operator_codes[i].version, "\n");
  }
  for (size_t i = 0; i < m.subgraphs.size(); ++i) AppendSubgraphText(m, m.subgraphs[i], i, out);
  if (!m.signature_defs.empty()) out += "\nSignatures:\n";
  for (const TflSignatureDef& s : m.signature_defs) {
    absl::StrAppend(&out, "  '", s.signature_key, "' (subgraph ", s.subgraph_index, ")\n");
    const TflSubgraph* g =
        s.subgraph_index < m.subgraphs.size() ? &m.subgraphs[s.subgraph_index] : nullptr;
    for (const auto* list : {&s.inputs, &s.outputs}) {
      for (const auto& [name, tensor] : *list) {
        absl::StrAppend(&out, "    ", list == &s.inputs ? "input  " : "output ", "'", name, "' -> ",
                        g == nullptr ? absl::StrCat("[", tensor, "]") : TensorRef(*g, tensor),
                        "\n");
      }
    }
  }
  if (!m.metadata.empty()) out += "\nMetadata:\n";
  for (const auto& [name, buffer] : m.metadata) {
    absl::StrAppend(&out, "  '", name, "': buffer ", buffer, ", ", BufferSize(m, buffer), " bytes");
    if (name == kMinRuntimeVersionMetadata) {
      absl::StrAppend(&out, " \"", MetadataString(m, buffer), "\"");
    }
    out += "\n";
  }
  return out;
}

std::string DescribeModelJson(const TflModel& m) {
  std::vector<std::string> codes, subgraphs, signatures, metadata;
  for (size_t i = 0; i < m.operator_codes.size(); ++i) {
    const TflOperatorCode& c = m.operator_codes[i];
    codes.push_back(absl::StrCat("{\"index\":", i, ",\"op\":", JsonString(OperatorCodeName(c)),
                                 ",\"builtin_code\":", static_cast<int32_t>(c.builtin_code),
                                 ",\"custom_code\":", JsonString(c.custom_code),
                                 ",\"version\":", c.version, "}"));
  }
  for (size_t i = 0; i < m.subgraphs.size(); ++i) {
    subgraphs.push_back(SubgraphJson(m, m.subgraphs[i], i));
  }
  for (const TflSignatureDef& s : m.signature_defs) {
    signatures.push_back(absl::StrCat("{\"key\":", JsonString(s.signature_key),
                                      ",\"subgraph\":", s.subgraph_index,
                                      ",\"inputs\":", SignatureTensorsJson(m, s, s.inputs),
                                      ",\"outputs\":", SignatureTensorsJson(m, s, s.outputs), "}"));
  }
  for (const auto& [name, buffer] : m.metadata) {
    std::string entry = absl::StrCat("{\"name\":", JsonString(name), ",\"buffer\":", buffer,
                                     ",\"size\":", BufferSize(m, buffer));
    if (name == kMinRuntimeVersionMetadata) {
      absl::StrAppend(&entry, ",\"value\":", JsonString(MetadataString(m, buffer)));
    }
    metadata.push_back(entry + "}");
  }
  return absl::StrCat("{\"version\":", m.version, ",\"description\":", JsonString(m.description),
                      ",\n\"operator_codes\":[\n", absl::StrJoin(codes, ",\n"),
                      "],\n\"subgraphs\":[\n", absl::StrJoin(subgraphs, ",\n"),
                      "],\n\"signatures\":[", absl::StrJoin(signatures, ","), "],\n\"metadata\":[",
                      absl::StrJoin(metadata, ","), "],\n\"buffers\":{\"count\":", m.buffers.size(),
                      ",\"total_bytes\":", TotalBufferBytes(m), "}}\n");
}

}  // namespace tfconv
