#include "runtime_check/analyze/analysis.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "converter/tflite/runtime_version.h"
#include "nlohmann/json.hpp"
#include "runtime_check/profiles/arena_plan.h"
#include "runtime_check/profiles/op_requirements.h"

namespace tfconv {
namespace {

using ojson = nlohmann::ordered_json;

// The text form lists at most this many tensor names per flagged buffer.
constexpr size_t kNamesPerBuffer = 3;
// ... and the largest this many buffers (the JSON form lists every buffer).
constexpr size_t kLargestBuffers = 5;

struct BufferInfo {
  uint32_t index = 0;
  size_t bytes = 0;
  bool all_zero = false;
  int64_t duplicate_of = -1;           // the first buffer with the same bytes
  std::vector<std::string> used_by;    // tensor names ("name" or "name (subgraph s)")
  std::string metadata;                // metadata entry name, if any
};

// Everything both renderers show, computed once.
struct Analysis {
  std::vector<BufferInfo> buffers;  // index 1.. with data or users
  uint64_t total_buffer_bytes = 0;
  uint64_t weight_bytes = 0;
  std::vector<std::pair<std::string, int>> op_histogram;    // most frequent first
  std::vector<std::pair<std::string, int>> type_histogram;
  std::optional<std::string> runtime_version_metadata;
  std::string runtime_version_computed;
  std::vector<ArenaPlan> arenas;  // per subgraph
  int arena_alignment = 16;
  std::optional<CompatReport> report;
};

std::string Dims(const std::vector<int32_t>& shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ","), "]");
}

std::string OpName(const TflModel& m, const TflOperator& op) {
  if (op.opcode_index >= m.operator_codes.size()) return absl::StrCat("OPCODE_", op.opcode_index);
  const TflOperatorCode& code = m.operator_codes[op.opcode_index];
  if (code.builtin_code == tflite::BuiltinOperator::CUSTOM) {
    return absl::StrCat("CUSTOM(", code.custom_code, ")");
  }
  return BuiltinName(code.builtin_code);
}

int OpVersion(const TflModel& m, const TflOperator& op) {
  return op.opcode_index < m.operator_codes.size() ? m.operator_codes[op.opcode_index].version : 0;
}

std::string OptionsName(const TflOperator& op) {
  if (op.builtin_options.type == tflite::BuiltinOptions::NONE) return "";
  const char* n = tflite::EnumNameBuiltinOptions(op.builtin_options.type);
  return n != nullptr && *n != '\0' ? n : absl::StrCat("options#", static_cast<int>(op.builtin_options.type));
}

std::string MetadataString(const TflModel& m, uint32_t buffer) {
  if (buffer >= m.buffers.size()) return "";
  const ByteBuffer& b = m.buffers[buffer].data;
  std::string s;
  for (size_t i = 0; i < b.size() && b.data()[i] != 0; ++i) {
    const char c = static_cast<char>(b.data()[i]);
    s.push_back(c >= 32 && c < 127 ? c : '?');
  }
  return s;
}

template <typename Map>
std::vector<std::pair<std::string, int>> ByCount(const Map& counts) {
  std::vector<std::pair<std::string, int>> v(counts.begin(), counts.end());
  std::stable_sort(v.begin(), v.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return v;
}

std::string TensorLabel(const TflModel& m, size_t subgraph, const TflTensor& t) {
  return m.subgraphs.size() > 1 ? absl::StrCat("'", t.name, "' (subgraph ", subgraph, ")")
                                : absl::StrCat("'", t.name, "'");
}

Analysis Analyze(const TflModel& m, const AnalyzeOptions& options) {
  Analysis a;
  // Buffers: users, zero contents, duplicates.
  std::vector<BufferInfo> info(m.buffers.size());
  for (uint32_t i = 0; i < m.buffers.size(); ++i) {
    info[i].index = i;
    info[i].bytes = m.buffers[i].data.size();
    a.total_buffer_bytes += info[i].bytes;
  }
  for (const auto& [name, buffer] : m.metadata) {
    if (buffer < info.size()) info[buffer].metadata = name;
  }
  std::vector<bool> is_weight(m.buffers.size(), false);
  for (size_t s = 0; s < m.subgraphs.size(); ++s) {
    for (const TflTensor& t : m.subgraphs[s].tensors) {
      if (t.buffer == 0 || t.buffer >= info.size()) continue;
      info[t.buffer].used_by.push_back(TensorLabel(m, s, t));
      if (IsConstantTensor(m, t)) is_weight[t.buffer] = true;
    }
  }
  std::unordered_map<std::string_view, uint32_t> first_with_bytes;
  for (uint32_t i = 1; i < m.buffers.size(); ++i) {
    const ByteBuffer& b = m.buffers[i].data;
    if (is_weight[i]) a.weight_bytes += b.size();
    if (b.empty()) continue;
    info[i].all_zero =
        std::all_of(b.data(), b.data() + b.size(), [](uint8_t x) { return x == 0; });
    std::string_view bytes(reinterpret_cast<const char*>(b.data()), b.size());
    auto [it, inserted] = first_with_bytes.emplace(bytes, i);
    if (!inserted) info[i].duplicate_of = it->second;
  }
  for (uint32_t i = 1; i < info.size(); ++i) {
    if (info[i].bytes > 0 || !info[i].used_by.empty()) a.buffers.push_back(info[i]);
  }

  std::map<std::string, int> ops, types;
  for (const TflSubgraph& g : m.subgraphs) {
    for (const TflOperator& op : g.operators) ++ops[OpName(m, op)];
    for (const TflTensor& t : g.tensors) ++types[TensorTypeName(t.type)];
  }
  a.op_histogram = ByCount(ops);
  a.type_histogram = ByCount(types);

  for (const auto& [name, buffer] : m.metadata) {
    if (name == kMinRuntimeVersionMetadata) a.runtime_version_metadata = MetadataString(m, buffer);
  }
  a.runtime_version_computed = MinRuntimeVersion(m);

  if (options.profile != nullptr) {
    a.arena_alignment = options.profile->arena_alignment;
    a.report = CheckModel(m, *options.profile);
  }
  for (size_t s = 0; s < m.subgraphs.size(); ++s) {
    a.arenas.push_back(PlanArena(m, static_cast<int>(s), a.arena_alignment));
  }
  return a;
}

const OpVerdict* VerdictOf(const Analysis& a, int subgraph, int index) {
  if (!a.report) return nullptr;
  for (const OpVerdict& v : a.report->ops) {
    if (v.subgraph == subgraph && v.index == index) return &v;
  }
  return nullptr;
}

// --- Text ---------------------------------------------------------------------------------------

std::string Num(uint64_t n) {  // 1234567 -> "1,234,567"
  std::string digits = absl::StrCat(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string QuantText(const TflTensor& t) {
  if (!t.quantization || t.quantization->empty()) return "";
  const TflQuantization& q = *t.quantization;
  if (q.details.type != tflite::QuantizationDetails::NONE) {
    const char* n = tflite::EnumNameQuantizationDetails(q.details.type);
    return absl::StrCat(" q(", n != nullptr && *n ? n : "custom", ")");
  }
  if (q.scale.size() == 1) {
    return absl::StrFormat(" q(scale %.6g, zp %d)", q.scale[0],
                           q.zero_point.empty() ? 0 : static_cast<int>(q.zero_point[0]));
  }
  if (q.scale.size() > 1) {
    auto [lo, hi] = std::minmax_element(q.scale.begin(), q.scale.end());
    return absl::StrFormat(" q(per-axis: %d scales %.3g..%.3g, axis %d)", q.scale.size(), *lo, *hi,
                           q.quantized_dimension);
  }
  if (!q.min.empty() && !q.max.empty()) {
    return absl::StrFormat(" q(min %.6g, max %.6g)", q.min[0], q.max[0]);
  }
  return "";
}

std::string TensorText(const TflModel& m, const TflSubgraph& g, int32_t index) {
  if (index < 0) return "(omitted)";
  if (index >= static_cast<int32_t>(g.tensors.size())) return absl::StrCat("T#", index, " (out of range)");
  const TflTensor& t = g.tensors[index];
  std::string s = absl::StrCat("T#", index, " '", t.name, "' ", TensorTypeName(t.type), " ",
                               Dims(t.shape));
  if (!t.shape_signature.empty() && t.shape_signature != t.shape) {
    absl::StrAppend(&s, " sig ", Dims(t.shape_signature));
  }
  if (IsConstantTensor(m, t)) {
    absl::StrAppend(&s, " const ", Num(m.buffers[t.buffer].data.size()), " B");
  }
  if (t.is_variable) absl::StrAppend(&s, " variable");
  if (t.sparsity) absl::StrAppend(&s, " sparse");
  return s + QuantText(t);
}

std::string NamesText(const std::vector<std::string>& names) {
  if (names.empty()) return "no tensor";
  std::vector<std::string> shown(names.begin(),
                                 names.begin() + std::min(names.size(), kNamesPerBuffer));
  std::string s = absl::StrJoin(shown, ", ");
  if (names.size() > shown.size()) absl::StrAppend(&s, " and ", names.size() - shown.size(), " more");
  return s;
}

std::string HistogramText(const std::vector<std::pair<std::string, int>>& h) {
  std::vector<std::string> parts;
  for (const auto& [name, count] : h) parts.push_back(absl::StrCat(name, " x", count));
  return parts.empty() ? "none" : absl::StrJoin(parts, ", ");
}

std::string ArenaText(const ArenaPlan& p, int alignment) {
  std::string s = absl::StrCat(Num(p.arena_bytes), " bytes (greedy lifetime-based plan, ",
                               alignment, "-byte aligned; peak live ", Num(p.peak_live_bytes),
                               ", without reuse ", Num(p.total_bytes), ")");
  if (p.unknown_size_tensors > 0) {
    absl::StrAppend(&s, "; a lower bound: ", p.unknown_size_tensors, " tensors of unknown size");
  }
  return s;
}

}  // namespace

std::string AnalyzeModelText(const TflModel& m, const AnalyzeOptions& options) {
  const Analysis a = Analyze(m, options);
  std::string out;
  absl::StrAppend(&out, "Model ", options.model_path.empty() ? "(in memory)" : options.model_path,
                  "\n");
  absl::StrAppend(&out, "  schema version ", m.version, ", ", m.subgraphs.size(), " subgraph(s), ",
                  m.operator_codes.size(), " operator codes, ", m.buffers.size(), " buffers");
  if (!m.description.empty()) absl::StrAppend(&out, ", description \"", m.description, "\"");
  absl::StrAppend(&out, "\n  min_runtime_version: metadata ",
                  a.runtime_version_metadata ? absl::StrCat("\"", *a.runtime_version_metadata, "\"")
                                             : std::string("absent"),
                  ", from the ops \"", a.runtime_version_computed, "\"");
  if (a.runtime_version_metadata && !a.runtime_version_metadata->empty() &&
      RuntimeVersionOlder(*a.runtime_version_metadata, a.runtime_version_computed)) {
    absl::StrAppend(&out, " (the metadata is older than the ops need)");
  }
  absl::StrAppend(&out, "\n");

  for (size_t s = 0; s < m.subgraphs.size(); ++s) {
    const TflSubgraph& g = m.subgraphs[s];
    std::vector<std::string> ins, outs;
    for (int32_t t : g.inputs) ins.push_back(TensorText(m, g, t));
    for (int32_t t : g.outputs) outs.push_back(TensorText(m, g, t));
    absl::StrAppend(&out, "\nSubgraph #", s, g.name.empty() ? "" : absl::StrCat(" \"", g.name, "\""),
                    ": ", g.tensors.size(), " tensors, ", g.operators.size(), " operators\n");
    for (const std::string& t : ins) absl::StrAppend(&out, "  input  ", t, "\n");
    for (const std::string& t : outs) absl::StrAppend(&out, "  output ", t, "\n");
    for (size_t i = 0; i < g.operators.size(); ++i) {
      const TflOperator& op = g.operators[i];
      absl::StrAppend(&out, "  Op#", i, " ", OpName(m, op), " v", OpVersion(m, op));
      const std::string options_name = OptionsName(op);
      if (!options_name.empty()) absl::StrAppend(&out, " (", options_name, ")");
      const OpVerdict* v = VerdictOf(a, static_cast<int>(s), static_cast<int>(i));
      if (v != nullptr) {
        absl::StrAppend(&out, v->allowed() ? "  [ok on " : "  [NOT on ", options.profile->name, "]");
      }
      absl::StrAppend(&out, "\n");
      for (int32_t t : op.inputs) absl::StrAppend(&out, "      in  ", TensorText(m, g, t), "\n");
      for (int32_t t : op.outputs) absl::StrAppend(&out, "      out ", TensorText(m, g, t), "\n");
      if (v != nullptr) {
        for (const std::string& why : v->reasons) absl::StrAppend(&out, "      ! ", why, "\n");
        if (!v->allowed() && !v->note.empty()) {
          absl::StrAppend(&out, "      (", options.profile->name, ": ", v->note, ")\n");
        }
      }
    }
    absl::StrAppend(&out, "  activation arena: ", ArenaText(a.arenas[s], a.arena_alignment), "\n");
  }

  int with_data = 0;
  for (const BufferInfo& b : a.buffers) with_data += b.bytes > 0;
  absl::StrAppend(&out, "\nBuffers: ", m.buffers.size(), " (", with_data, " with data), ",
                  Num(a.total_buffer_bytes), " bytes; weights (constant tensors) ",
                  Num(a.weight_bytes), " bytes\n");
  std::vector<const BufferInfo*> largest;
  for (const BufferInfo& b : a.buffers) {
    if (b.bytes > 0 && b.metadata.empty()) largest.push_back(&b);
  }
  std::stable_sort(largest.begin(), largest.end(),
                   [](const BufferInfo* x, const BufferInfo* y) { return x->bytes > y->bytes; });
  if (largest.size() > kLargestBuffers) largest.resize(kLargestBuffers);
  for (const BufferInfo* b : largest) {
    absl::StrAppend(&out, "  B#", b->index, " ", Num(b->bytes), " bytes, used by ",
                    NamesText(b->used_by), "\n");
  }
  for (const BufferInfo& b : a.buffers) {
    if (!b.metadata.empty()) {
      absl::StrAppend(&out, "  B#", b.index, " metadata '", b.metadata, "', ", Num(b.bytes),
                      " bytes\n");
    }
  }
  for (const BufferInfo& b : a.buffers) {
    if (b.all_zero && b.metadata.empty()) {
      absl::StrAppend(&out, "  B#", b.index, " all zeros, ", Num(b.bytes), " bytes, used by ",
                      NamesText(b.used_by), "\n");
    }
  }
  for (const BufferInfo& b : a.buffers) {
    if (b.duplicate_of >= 0) {
      absl::StrAppend(&out, "  B#", b.index, " duplicates B#", b.duplicate_of, ", ", Num(b.bytes),
                      " bytes, used by ", NamesText(b.used_by), "\n");
    }
  }

  absl::StrAppend(&out, "\nSummary\n  ops: ", HistogramText(a.op_histogram),
                  "\n  tensor types: ", HistogramText(a.type_histogram), "\n");

  if (a.report) {
    const CompatReport& r = *a.report;
    const HardwareProfile& p = *options.profile;
    absl::StrAppend(&out, "\nProfile ", p.name, " (", p.file.empty() ? "built in" : p.file, "): ",
                    r.compatible() ? "COMPATIBLE" : "NOT COMPATIBLE", ": ",
                    r.ops.size() - r.rejected_ops(), " of ", r.ops.size(), " operators supported, ",
                    r.model_issues.size(), " model-level issue(s)\n");
    absl::StrAppend(&out, "  numeric mode ", p.numeric_mode, "; activation arena estimate ",
                    Num(r.arena_estimate_bytes), " bytes",
                    p.arena_bytes > 0 ? absl::StrCat(" (limit ", Num(p.arena_bytes), ")") : "",
                    "\n");
    for (const std::string& issue : r.model_issues) absl::StrAppend(&out, "  ! ", issue, "\n");
    std::map<std::string, int> rejected;
    for (const OpVerdict& v : r.ops) rejected[v.op_name] += !v.allowed();
    std::vector<std::string> names;
    for (const auto& [name, n] : rejected) {
      if (n > 0) names.push_back(absl::StrCat(name, " x", n));
    }
    if (!names.empty()) absl::StrAppend(&out, "  rejected ops: ", absl::StrJoin(names, ", "), "\n");
  }
  return out;
}

namespace {

ojson QuantJson(const TflTensor& t) {
  if (!t.quantization || t.quantization->empty()) return nullptr;
  const TflQuantization& q = *t.quantization;
  ojson j = ojson::object();
  if (q.details.type != tflite::QuantizationDetails::NONE) {
    const char* n = tflite::EnumNameQuantizationDetails(q.details.type);
    j["details"] = n != nullptr && *n ? n : "custom";
  }
  if (q.scale.size() == 1) {
    j["scale"] = q.scale[0];
    j["zero_point"] = q.zero_point.empty() ? 0 : q.zero_point[0];
  } else if (q.scale.size() > 1) {
    auto [lo, hi] = std::minmax_element(q.scale.begin(), q.scale.end());
    j["per_axis"] = true;
    j["quantized_dimension"] = q.quantized_dimension;
    j["scales"] = q.scale.size();
    j["scale_min"] = *lo;
    j["scale_max"] = *hi;
    j["zero_points_all_zero"] =
        std::all_of(q.zero_point.begin(), q.zero_point.end(), [](int64_t z) { return z == 0; });
  }
  if (!q.min.empty()) j["min"] = q.min[0];
  if (!q.max.empty()) j["max"] = q.max[0];
  return j;
}

ojson TensorJson(const TflModel& m, const TflSubgraph& g, int32_t index) {
  ojson j = ojson::object();
  j["index"] = index;
  if (index < 0 || index >= static_cast<int32_t>(g.tensors.size())) {
    j["omitted"] = index < 0;
    return j;
  }
  const TflTensor& t = g.tensors[index];
  j["name"] = t.name;
  j["type"] = TensorTypeName(t.type);
  j["shape"] = t.shape;
  j["shape_signature"] = t.shape_signature.empty() ? t.shape : t.shape_signature;
  j["constant"] = IsConstantTensor(m, t);
  j["buffer"] = t.buffer;
  j["bytes"] = t.buffer < m.buffers.size() ? m.buffers[t.buffer].data.size() : 0;
  j["variable"] = t.is_variable;
  j["sparse"] = t.sparsity.has_value();
  j["quantization"] = QuantJson(t);
  return j;
}

ojson HistogramJson(const std::vector<std::pair<std::string, int>>& h) {
  ojson j = ojson::object();
  for (const auto& [name, count] : h) j[name] = count;
  return j;
}

ojson ArenaJson(const ArenaPlan& p, int alignment) {
  ojson j = ojson::object();
  j["arena_bytes"] = p.arena_bytes;
  j["peak_live_bytes"] = p.peak_live_bytes;
  j["total_bytes"] = p.total_bytes;
  j["unknown_size_tensors"] = p.unknown_size_tensors;
  j["alignment"] = alignment;
  j["method"] = "greedy lifetime-based plan, largest buffer first";
  return j;
}

}  // namespace

std::string AnalyzeModelJson(const TflModel& m, const AnalyzeOptions& options) {
  const Analysis a = Analyze(m, options);
  ojson j = ojson::object();
  j["model"] = options.model_path;
  j["schema_version"] = m.version;
  j["description"] = m.description;
  j["min_runtime_version"] = {
      {"metadata", a.runtime_version_metadata ? ojson(*a.runtime_version_metadata) : ojson(nullptr)},
      {"computed", a.runtime_version_computed}};

  ojson subgraphs = ojson::array();
  for (size_t s = 0; s < m.subgraphs.size(); ++s) {
    const TflSubgraph& g = m.subgraphs[s];
    ojson sg = ojson::object();
    sg["index"] = s;
    sg["name"] = g.name;
    sg["tensors"] = g.tensors.size();
    ojson ins = ojson::array(), outs = ojson::array();
    for (int32_t t : g.inputs) ins.push_back(TensorJson(m, g, t));
    for (int32_t t : g.outputs) outs.push_back(TensorJson(m, g, t));
    sg["inputs"] = ins;
    sg["outputs"] = outs;
    ojson ops = ojson::array();
    for (size_t i = 0; i < g.operators.size(); ++i) {
      const TflOperator& op = g.operators[i];
      ojson o = ojson::object();
      o["index"] = i;
      o["op"] = OpName(m, op);
      o["version"] = OpVersion(m, op);
      o["options"] = OptionsName(op);
      ojson in = ojson::array(), out = ojson::array();
      for (int32_t t : op.inputs) in.push_back(TensorJson(m, g, t));
      for (int32_t t : op.outputs) out.push_back(TensorJson(m, g, t));
      o["inputs"] = in;
      o["outputs"] = out;
      if (const OpVerdict* v = VerdictOf(a, static_cast<int>(s), static_cast<int>(i))) {
        o["profile"] = {{"allowed", v->allowed()}, {"reasons", v->reasons}, {"note", v->note}};
      }
      ops.push_back(o);
    }
    sg["operators"] = ops;
    sg["arena"] = ArenaJson(a.arenas[s], a.arena_alignment);
    subgraphs.push_back(sg);
  }
  j["subgraphs"] = subgraphs;

  ojson buffers = ojson::array();
  ojson zero = ojson::array(), dup = ojson::array();
  for (const BufferInfo& b : a.buffers) {
    ojson o = ojson::object();
    o["index"] = b.index;
    o["bytes"] = b.bytes;
    o["all_zero"] = b.all_zero;
    o["duplicate_of"] = b.duplicate_of >= 0 ? ojson(b.duplicate_of) : ojson(nullptr);
    o["metadata"] = b.metadata.empty() ? ojson(nullptr) : ojson(b.metadata);
    o["used_by"] = b.used_by;
    buffers.push_back(o);
    if (b.all_zero && b.metadata.empty()) zero.push_back(b.index);
    if (b.duplicate_of >= 0) dup.push_back({b.index, b.duplicate_of});
  }
  j["buffers"] = {{"count", m.buffers.size()},
                  {"total_bytes", a.total_buffer_bytes},
                  {"weight_bytes", a.weight_bytes},
                  {"all_zero", zero},
                  {"duplicates", dup},
                  {"list", buffers}};
  j["summary"] = {{"subgraphs", m.subgraphs.size()},
                  {"operators", HistogramJson(a.op_histogram)},
                  {"tensor_types", HistogramJson(a.type_histogram)}};
  if (a.report) {
    const CompatReport& r = *a.report;
    const HardwareProfile& p = *options.profile;
    j["profile"] = {{"name", p.name},
                    {"file", p.file},
                    {"numeric_mode", p.numeric_mode},
                    {"compatible", r.compatible()},
                    {"operators", r.ops.size()},
                    {"rejected_operators", r.rejected_ops()},
                    {"model_issues", r.model_issues},
                    {"arena_estimate_bytes", r.arena_estimate_bytes},
                    {"arena_limit_bytes", p.arena_bytes > 0 ? ojson(p.arena_bytes) : ojson(nullptr)}};
  }
  return j.dump(2) + "\n";
}

}  // namespace tfconv
