#include "runtime_check/profiles/profile.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/json_text.h"
#include "nlohmann/json.hpp"
#include "runtime_check/profiles/op_requirements.h"

namespace tfconv {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// Where the profiles sit inside a runfiles tree.
constexpr char kRunfilesProfileDir[] = "tfconv/runtime_check/profiles";
constexpr char kProfileDirEnv[] = "TFCONV_PROFILE_DIR";

const char* KindOf(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    case json::value_t::number_float: return "a number";
    default: return "an unknown value";
  }
}

// Reads typed fields of one JSON object and names the file and the path of every problem.
class Fields {
 public:
  Fields(std::string file, std::string path, const json& obj)
      : file_(std::move(file)), path_(std::move(path)), obj_(obj) {}

  // The fields of the object `v` found at `key` (or at "key[i]" when `index` >= 0).
  Fields Child(const std::string& key, const json& v) const { return Fields(file_, Path(key), v); }

  absl::Status Error(const std::string& field, const std::string& what) const {
    return absl::InvalidArgumentError(absl::StrCat("profile ", file_, ": ", Where(field), what));
  }

  // Every key must be one of `known`.
  absl::Status OnlyKnown(const std::vector<std::string>& known) const {
    for (auto it = obj_.begin(); it != obj_.end(); ++it) {
      if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("profile ", file_, ": unknown field '", it.key(), "' in ",
                         path_.empty() ? "the top-level object" : path_,
                         " (known fields: ", absl::StrJoin(known, ", "), ")"));
      }
    }
    return absl::OkStatus();
  }

  bool Has(const std::string& key) const { return obj_.contains(key); }
  const json& At(const std::string& key) const { return obj_.at(key); }
  std::string Path(const std::string& key) const {
    if (path_.empty()) return key;
    return key.rfind("[", 0) == 0 ? path_ + key : path_ + "." + key;  // ops[3], not ops.[3]
  }

  absl::Status String(const std::string& key, bool required, std::string& out) const {
    if (!Has(key)) return required ? Error(key, "missing (a string is required)") : absl::OkStatus();
    const json& v = At(key);
    if (!v.is_string()) return Error(key, absl::StrCat("expected a string, got ", KindOf(v)));
    out = v.get<std::string>();
    return absl::OkStatus();
  }

  absl::Status Bool(const std::string& key, bool& out) const {
    if (!Has(key)) return absl::OkStatus();
    const json& v = At(key);
    if (!v.is_boolean()) return Error(key, absl::StrCat("expected true or false, got ", KindOf(v)));
    out = v.get<bool>();
    return absl::OkStatus();
  }

  template <typename Int>
  absl::Status Integer(const std::string& key, Int min_value, Int& out) const {
    if (!Has(key)) return absl::OkStatus();
    const json& v = At(key);
    if (!v.is_number_integer()) {
      return Error(key, absl::StrCat("expected an integer, got ", KindOf(v)));
    }
    const int64_t x = v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX
                          ? INT64_MAX
                          : v.get<int64_t>();
    if (x < static_cast<int64_t>(min_value) ||
        x > static_cast<int64_t>(std::numeric_limits<Int>::max())) {
      return Error(key, absl::StrCat("value ", x, " is out of range (at least ", min_value, ")"));
    }
    out = static_cast<Int>(x);
    return absl::OkStatus();
  }

  absl::Status Number(const std::string& key, double min_value, double max_value,
                      double& out) const {
    if (!Has(key)) return absl::OkStatus();
    const json& v = At(key);
    if (!v.is_number()) return Error(key, absl::StrCat("expected a number, got ", KindOf(v)));
    const double x = v.get<double>();
    if (!(x >= min_value && x <= max_value)) {
      return Error(key, absl::StrCat("value ", x, " is outside [", min_value, ", ", max_value, "]"));
    }
    out = x;
    return absl::OkStatus();
  }

  absl::Status StringList(const std::string& key, std::vector<std::string>& out) const {
    if (!Has(key)) return absl::OkStatus();
    const json& v = At(key);
    if (!v.is_array()) return Error(key, absl::StrCat("expected an array of strings, got ", KindOf(v)));
    out.clear();
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) {
        return Error(absl::StrCat(key, "[", i, "]"),
                     absl::StrCat("expected a string, got ", KindOf(v[i])));
      }
      out.push_back(v[i].get<std::string>());
    }
    return absl::OkStatus();
  }

  absl::Status IntList(const std::string& key, int min_value, std::vector<int>& out) const {
    if (!Has(key)) return absl::OkStatus();
    const json& v = At(key);
    if (!v.is_array()) return Error(key, absl::StrCat("expected an array of integers, got ", KindOf(v)));
    out.clear();
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_number_integer() || v[i].get<int64_t>() < min_value ||
          v[i].get<int64_t>() > 1000000) {
        return Error(absl::StrCat(key, "[", i, "]"),
                     absl::StrCat("expected an integer >= ", min_value, ", got ", v[i].dump()));
      }
      out.push_back(v[i].get<int>());
    }
    return absl::OkStatus();
  }

  absl::Status TypeList(const std::string& key, std::vector<tflite::TensorType>& out) const {
    std::vector<std::string> names;
    if (absl::Status s = StringList(key, names); !s.ok()) return s;
    out.clear();
    for (size_t i = 0; i < names.size(); ++i) {
      std::optional<tflite::TensorType> t = TensorTypeFromName(names[i]);
      if (!t) {
        return Error(absl::StrCat(key, "[", i, "]"),
                     absl::StrCat("unknown tensor type '", names[i], "' (use the schema's names: "
                                  "FLOAT32, FLOAT16, INT8, UINT8, INT16, INT32, INT64, BOOL...)"));
      }
      out.push_back(*t);
    }
    return absl::OkStatus();
  }

  absl::Status OptionalTypeList(const std::string& key,
                                std::optional<std::vector<tflite::TensorType>>& out) const {
    if (!Has(key)) return absl::OkStatus();
    std::vector<tflite::TensorType> types;
    if (absl::Status s = TypeList(key, types); !s.ok()) return s;
    out = std::move(types);
    return absl::OkStatus();
  }

  absl::Status Object(const std::string& key, const json*& out) const {
    out = nullptr;
    if (!Has(key)) return absl::OkStatus();
    const json& v = At(key);
    if (!v.is_object()) return Error(key, absl::StrCat("expected an object, got ", KindOf(v)));
    out = &v;
    return absl::OkStatus();
  }

 private:
  std::string Where(const std::string& field) const { return Path(field) + ": "; }

  std::string file_;
  std::string path_;
  const json& obj_;
};


#define TFCONV_RETURN_IF_ERROR(expr)   \
  do {                                 \
    absl::Status _status = (expr);     \
    if (!_status.ok()) return _status; \
  } while (0)

absl::Status ParseTolerance(const Fields& parent, const std::string& key, OutputTolerance& out) {
  const json* obj = nullptr;
  TFCONV_RETURN_IF_ERROR(parent.Object(key, obj));
  if (obj == nullptr) return parent.Error(key, "missing (an object is required)");
  Fields f = parent.Child(key, *obj);
  TFCONV_RETURN_IF_ERROR(f.OnlyKnown({"max_abs", "max_rel", "min_cosine", "max_lsb", "note"}));
  TFCONV_RETURN_IF_ERROR(f.Number("max_abs", 0, 1e30, out.max_abs));
  TFCONV_RETURN_IF_ERROR(f.Number("max_rel", 0, 1e30, out.max_rel));
  TFCONV_RETURN_IF_ERROR(f.Number("min_cosine", -1, 1, out.min_cosine));
  TFCONV_RETURN_IF_ERROR(f.Integer<int>("max_lsb", 0, out.max_lsb));
  std::string note;
  return f.String("note", false, note);
}

const std::vector<std::string>& OpRuleFields() {
  static const std::vector<std::string>* fields = new std::vector<std::string>{
      "op", "min_version", "max_version", "input_types", "input_types_at", "output_types",
      "min_rank", "max_rank", "input0_ranks", "const_inputs", "nonconst_inputs",
      "min_runtime_inputs", "max_runtime_inputs", "fused_activations", "max_stride",
      "max_dilation", "max_filter", "same_dilation_hw", "batch_one", "no_batch_axis",
      "max_input_elements", "requires", "note"};
  return *fields;
}

absl::Status ParseOpRule(const Fields& ops, size_t index, const json& v, OpRule& rule) {
  const std::string key = absl::StrCat("[", index, "]");
  if (!v.is_object()) return ops.Error(key, absl::StrCat("expected an object, got ", KindOf(v)));
  // Name the op in the path once known, so errors read "ops[3] (CONV_2D).max_stride".
  std::string op_name;
  if (v.contains("op") && v.at("op").is_string()) op_name = v.at("op").get<std::string>();
  Fields f = ops.Child(op_name.empty() ? key : absl::StrCat(key, " (", op_name, ")"), v);
  TFCONV_RETURN_IF_ERROR(f.OnlyKnown(OpRuleFields()));
  TFCONV_RETURN_IF_ERROR(f.String("op", true, op_name));
  std::optional<tflite::BuiltinOperator> op = BuiltinFromName(op_name);
  if (!op || *op == tflite::BuiltinOperator::CUSTOM) {
    return f.Error("op", absl::StrCat("unknown builtin op '", op_name,
                                      "' (use the schema's BuiltinOperator names, e.g. CONV_2D; "
                                      "custom ops go in custom_ops)"));
  }
  rule.op = *op;
  rule.name = op_name;
  TFCONV_RETURN_IF_ERROR(f.Integer<int>("min_version", 1, rule.min_version));
  TFCONV_RETURN_IF_ERROR(f.Integer<int>("max_version", 1, rule.max_version));
  if (rule.max_version != 0 && rule.max_version < rule.min_version) {
    return f.Error("max_version", absl::StrCat(rule.max_version, " is below min_version ",
                                               rule.min_version));
  }
  TFCONV_RETURN_IF_ERROR(f.OptionalTypeList("input_types", rule.input_types));
  TFCONV_RETURN_IF_ERROR(f.OptionalTypeList("output_types", rule.output_types));
  const json* at = nullptr;
  TFCONV_RETURN_IF_ERROR(f.Object("input_types_at", at));
  if (at != nullptr) {
    Fields a = f.Child("input_types_at", *at);
    for (auto it = at->begin(); it != at->end(); ++it) {
      int input = -1;
      if (!absl::SimpleAtoi(it.key(), &input) || input < 0 || input > 1000) {
        return a.Error(it.key(), "keys must be input indices (\"0\", \"1\", ...)");
      }
      TFCONV_RETURN_IF_ERROR(a.TypeList(it.key(), rule.input_types_at[input]));
    }
  }
  TFCONV_RETURN_IF_ERROR(f.Integer<int>("min_rank", 0, rule.min_rank));
  TFCONV_RETURN_IF_ERROR(f.Integer<int>("max_rank", 0, rule.max_rank));
  TFCONV_RETURN_IF_ERROR(f.IntList("input0_ranks", 0, rule.input0_ranks));
  TFCONV_RETURN_IF_ERROR(f.IntList("const_inputs", 0, rule.const_inputs));
  TFCONV_RETURN_IF_ERROR(f.IntList("nonconst_inputs", 0, rule.nonconst_inputs));
  TFCONV_RETURN_IF_ERROR(f.Integer<int>("min_runtime_inputs", 0, rule.min_runtime_inputs));
  TFCONV_RETURN_IF_ERROR(f.Integer<int>("max_runtime_inputs", 0, rule.max_runtime_inputs));
  if (f.Has("fused_activations")) {
    std::vector<std::string> names;
    TFCONV_RETURN_IF_ERROR(f.StringList("fused_activations", names));
    std::vector<tflite::ActivationFunctionType> acts;
    for (size_t i = 0; i < names.size(); ++i) {
      bool found = false;
      for (tflite::ActivationFunctionType a : tflite::EnumValuesActivationFunctionType()) {
        if (names[i] == ActivationName(a)) {
          acts.push_back(a);
          found = true;
        }
      }
      if (!found) {
        return f.Error(absl::StrCat("fused_activations[", i, "]"),
                       absl::StrCat("unknown activation '", names[i],
                                    "' (NONE, RELU, RELU_N1_TO_1, RELU6, TANH, SIGN_BIT)"));
      }
    }
    rule.fused_activations = std::move(acts);
  }
  TFCONV_RETURN_IF_ERROR(f.Integer<int>("max_stride", 1, rule.max_stride));
  TFCONV_RETURN_IF_ERROR(f.Integer<int>("max_dilation", 1, rule.max_dilation));
  TFCONV_RETURN_IF_ERROR(f.Integer<int>("max_filter", 1, rule.max_filter));
  TFCONV_RETURN_IF_ERROR(f.Bool("same_dilation_hw", rule.same_dilation_hw));
  TFCONV_RETURN_IF_ERROR(f.Bool("batch_one", rule.batch_one));
  TFCONV_RETURN_IF_ERROR(f.Bool("no_batch_axis", rule.no_batch_axis));
  if (rule.no_batch_axis && !HasBatchAxisCheck(rule.op)) {
    return f.Error("no_batch_axis", absl::StrCat("is not defined for ", op_name,
                                                 " (only reductions, PACK/UNPACK, CONCATENATION, "
                                                 "SPLIT/SPLIT_V and the PAD ops have axes)"));
  }
  TFCONV_RETURN_IF_ERROR(f.Integer<int64_t>("max_input_elements", 1, rule.max_input_elements));
  TFCONV_RETURN_IF_ERROR(f.StringList("requires", rule.requirements));
  for (size_t i = 0; i < rule.requirements.size(); ++i) {
    if (FindRequirement(rule.requirements[i]) == nullptr) {
      std::vector<std::string> known;
      for (const OpRequirement& r : AllRequirements()) known.push_back(r.name);
      return f.Error(absl::StrCat("requires[", i, "]"),
                     absl::StrCat("unknown requirement '", rule.requirements[i],
                                  "' (known: ", absl::StrJoin(known, ", "), ")"));
    }
  }
  return f.String("note", false, rule.note);
}

std::string ExecutablePath() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

bool IsDirectory(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

bool IsProfileName(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

absl::StatusOr<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot open profile file '", path, "'"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("error reading profile file '", path, "'"));
  return text.str();
}

}  // namespace

const OpRule* HardwareProfile::FindOp(tflite::BuiltinOperator op) const {
  for (const OpRule& r : ops) {
    if (r.op == op) return &r;
  }
  return nullptr;
}

absl::StatusOr<HardwareProfile> ParseProfile(const std::string& json_text,
                                             const std::string& file) {
  absl::StatusOr<json> parsed = ParseJsonText(json_text, absl::StrCat("profile ", file));
  if (!parsed.ok()) return parsed.status();
  const json& doc = *parsed;
  if (!doc.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("profile ", file, ": expected a JSON object, got ", KindOf(doc)));
  }
  Fields f(file, "", doc);
  TFCONV_RETURN_IF_ERROR(f.OnlyKnown({"schema", "name", "description", "sources", "notes",
                                      "numeric_mode", "kernel_numerics", "tolerances", "tensor_types",
                                      "constant_types", "dynamic_shapes", "max_rank",
                                      "max_non_unit_dims", "max_subgraphs", "memory",
                                      "custom_ops", "ops"}));
  std::string schema;
  TFCONV_RETURN_IF_ERROR(f.String("schema", true, schema));
  if (schema != kProfileSchema) {
    return f.Error("schema", absl::StrCat("'", schema, "' is not supported (this build reads '",
                                          kProfileSchema, "')"));
  }
  HardwareProfile p;
  TFCONV_RETURN_IF_ERROR(f.String("name", true, p.name));
  if (!IsProfileName(p.name)) return f.Error("name", "must match [a-z0-9_]+");
  TFCONV_RETURN_IF_ERROR(f.String("description", true, p.description));
  TFCONV_RETURN_IF_ERROR(f.StringList("sources", p.sources));
  TFCONV_RETURN_IF_ERROR(f.StringList("notes", p.notes));
  TFCONV_RETURN_IF_ERROR(f.String("numeric_mode", true, p.numeric_mode));
  if (p.numeric_mode != "fp32" && p.numeric_mode != "fp16_emulated" &&
      p.numeric_mode != "int8_only") {
    return f.Error("numeric_mode", absl::StrCat("'", p.numeric_mode,
                                                "' is not one of fp32, fp16_emulated, int8_only"));
  }
  TFCONV_RETURN_IF_ERROR(f.String("kernel_numerics", false, p.kernel_numerics));
  if (p.kernel_numerics != "litert" && p.kernel_numerics != "tflite_micro") {
    return f.Error("kernel_numerics",
                   absl::StrCat("'", p.kernel_numerics, "' is not one of litert, tflite_micro"));
  }
  const json* tol = nullptr;
  TFCONV_RETURN_IF_ERROR(f.Object("tolerances", tol));
  if (tol == nullptr) return f.Error("tolerances", "missing (an object is required)");
  Fields t = f.Child("tolerances", *tol);
  TFCONV_RETURN_IF_ERROR(t.OnlyKnown({"float", "quantized"}));
  TFCONV_RETURN_IF_ERROR(ParseTolerance(t, "float", p.float_tolerance));
  TFCONV_RETURN_IF_ERROR(ParseTolerance(t, "quantized", p.quantized_tolerance));
  TFCONV_RETURN_IF_ERROR(f.TypeList("tensor_types", p.tensor_types));
  TFCONV_RETURN_IF_ERROR(f.TypeList("constant_types", p.constant_types));
  TFCONV_RETURN_IF_ERROR(f.Bool("dynamic_shapes", p.dynamic_shapes));
  TFCONV_RETURN_IF_ERROR(f.Integer<int>("max_rank", 0, p.max_rank));
  TFCONV_RETURN_IF_ERROR(f.Integer<int>("max_non_unit_dims", 0, p.max_non_unit_dims));
  TFCONV_RETURN_IF_ERROR(f.Integer<int>("max_subgraphs", 0, p.max_subgraphs));
  const json* mem = nullptr;
  TFCONV_RETURN_IF_ERROR(f.Object("memory", mem));
  if (mem != nullptr) {
    Fields m = f.Child("memory", *mem);
    TFCONV_RETURN_IF_ERROR(m.OnlyKnown({"arena_bytes", "alignment", "note"}));
    TFCONV_RETURN_IF_ERROR(m.Integer<int64_t>("arena_bytes", 0, p.arena_bytes));
    TFCONV_RETURN_IF_ERROR(m.Integer<int>("alignment", 1, p.arena_alignment));
    if ((p.arena_alignment & (p.arena_alignment - 1)) != 0) {
      return m.Error("alignment", absl::StrCat(p.arena_alignment, " is not a power of two"));
    }
    std::string note;
    TFCONV_RETURN_IF_ERROR(m.String("note", false, note));
  }
  TFCONV_RETURN_IF_ERROR(f.StringList("custom_ops", p.custom_ops));
  if (!f.Has("ops")) return f.Error("ops", "missing (an array of op rules is required)");
  const json& ops = f.At("ops");
  if (!ops.is_array()) return f.Error("ops", absl::StrCat("expected an array, got ", KindOf(ops)));
  Fields o(file, "ops", ops);
  std::set<tflite::BuiltinOperator> seen;
  for (size_t i = 0; i < ops.size(); ++i) {
    OpRule rule;
    TFCONV_RETURN_IF_ERROR(ParseOpRule(o, i, ops[i], rule));
    if (!seen.insert(rule.op).second) {
      return o.Error(absl::StrCat("[", i, "] (", rule.name, ")"),
                     "the op is listed twice (one rule per op)");
    }
    p.ops.push_back(std::move(rule));
  }
  return p;
}

std::vector<std::string> ProfileDirs(const ProfileSearch& search) {
  std::vector<std::string> candidates = search.dirs;
  if (search.search_environment) {
    const char* env = getenv(kProfileDirEnv);
    if (env != nullptr) {
      for (absl::string_view d : absl::StrSplit(env, ':', absl::SkipEmpty())) {
        candidates.emplace_back(d);
      }
    }
  }
  const std::string exe = ExecutablePath();
  if (search.search_runfiles) {
    for (const char* var : {"RUNFILES_DIR", "TEST_SRCDIR"}) {
      const char* env = getenv(var);
      if (env != nullptr && env[0] != '\0') {
        candidates.push_back((fs::path(env) / kRunfilesProfileDir).string());
      }
    }
    if (!exe.empty()) candidates.push_back((fs::path(exe + ".runfiles") / kRunfilesProfileDir).string());
  }
  if (search.search_executable_dir && !exe.empty()) {
    candidates.push_back((fs::path(exe).parent_path() / "profiles").string());
  }
  std::vector<std::string> dirs;
  for (const std::string& d : candidates) {
    if (IsDirectory(d) && std::find(dirs.begin(), dirs.end(), d) == dirs.end()) dirs.push_back(d);
  }
  return dirs;
}

std::vector<std::string> KnownProfiles(const ProfileSearch& search) {
  std::set<std::string> names;
  for (const std::string& dir : ProfileDirs(search)) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      if (p.extension() == ".json" && IsProfileName(p.stem().string())) {
        names.insert(p.stem().string());
      }
    }
  }
  return {names.begin(), names.end()};
}

absl::StatusOr<HardwareProfile> LoadProfile(const std::string& name_or_path,
                                            const ProfileSearch& search) {
  const bool is_path =
      name_or_path.find('/') != std::string::npos || absl::EndsWith(name_or_path, ".json");
  std::string path;
  if (is_path) {
    path = name_or_path;
  } else {
    if (!IsProfileName(name_or_path)) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", name_or_path, "' is neither a profile name ([a-z0-9_]+) nor a path to "
                       "a .json file"));
    }
    std::vector<std::string> dirs = ProfileDirs(search);
    for (const std::string& dir : dirs) {
      fs::path candidate = fs::path(dir) / (name_or_path + ".json");
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec)) {
        path = candidate.string();
        break;
      }
    }
    if (path.empty()) {
      std::vector<std::string> known = KnownProfiles(search);
      return absl::NotFoundError(absl::StrCat(
          "unknown profile '", name_or_path, "': no ", name_or_path, ".json in ",
          dirs.empty() ? std::string("any profile directory (none found; set ") + kProfileDirEnv +
                             ")"
                       : absl::StrJoin(dirs, ", "),
          known.empty() ? "" : absl::StrCat("; known profiles: ", absl::StrJoin(known, ", "))));
    }
  }
  absl::StatusOr<std::string> text = ReadText(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<HardwareProfile> p = ParseProfile(*text, path);
  if (!p.ok()) return p.status();
  if (!is_path && p->name != name_or_path) {
    return absl::InvalidArgumentError(absl::StrCat("profile ", path, ": name: '", p->name,
                                                   "' differs from the file name '",
                                                   name_or_path, "'"));
  }
  p->file = path;
  return p;
}

std::string TensorTypeName(tflite::TensorType type) {
  const char* name = tflite::EnumNameTensorType(type);
  if (name == nullptr || *name == '\0') return absl::StrCat("TYPE_", static_cast<int>(type));
  return name;
}

std::optional<tflite::TensorType> TensorTypeFromName(const std::string& name) {
  for (tflite::TensorType t : tflite::EnumValuesTensorType()) {
    if (name == tflite::EnumNameTensorType(t)) return t;
  }
  return std::nullopt;
}

std::string BuiltinName(tflite::BuiltinOperator op) {
  const char* name = tflite::EnumNameBuiltinOperator(op);
  if (name == nullptr || *name == '\0') return absl::StrCat("BUILTIN_", static_cast<int>(op));
  return name;
}

std::optional<tflite::BuiltinOperator> BuiltinFromName(const std::string& name) {
  for (int i = static_cast<int>(tflite::BuiltinOperator::MIN);
       i <= static_cast<int>(tflite::BuiltinOperator::MAX); ++i) {
    const char* n = tflite::EnumNameBuiltinOperator(static_cast<tflite::BuiltinOperator>(i));
    if (n != nullptr && *n != '\0' && name == n) return static_cast<tflite::BuiltinOperator>(i);
  }
  return std::nullopt;
}

std::string ActivationName(tflite::ActivationFunctionType act) {
  const char* name = tflite::EnumNameActivationFunctionType(act);
  if (name == nullptr || *name == '\0') return absl::StrCat("ACTIVATION_", static_cast<int>(act));
  return name;
}

int TensorTypeBytes(tflite::TensorType type) {
  using T = tflite::TensorType;
  switch (type) {
    case T::BOOL: case T::UINT8: case T::INT8: case T::FLOAT8_E4M3FN: case T::FLOAT8_E5M2:
      return 1;
    case T::FLOAT16: case T::INT16: case T::UINT16: case T::BFLOAT16:
      return 2;
    case T::FLOAT32: case T::INT32: case T::UINT32:
      return 4;
    case T::INT64: case T::UINT64: case T::FLOAT64: case T::COMPLEX64:
      return 8;
    case T::COMPLEX128:
      return 16;
    default:
      return 0;
  }
}

}  // namespace tfconv
