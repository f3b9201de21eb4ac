// ValidationReport as text (for people) and JSON (for tools).
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "runtime_check/validate/validation.h"

namespace tfconv {
namespace {

using json = nlohmann::json;

std::string Num(double v) { return absl::StrFormat("%.6g", v); }

std::string ToleranceText(const Tolerance& t) {
  return absl::StrCat("max_abs ", Num(t.max_abs), ", max_rel ", Num(t.max_rel),
                      t.min_cosine ? absl::StrCat(", min_cosine ", Num(*t.min_cosine)) : "");
}

json ToleranceJson(const Tolerance& t) {
  return json{{"max_abs", t.max_abs},
              {"max_rel", t.max_rel},
              {"min_cosine", t.min_cosine ? json(*t.min_cosine) : json(nullptr)}};
}

std::string OpLabel(const OpVerdict& v) {
  return absl::StrCat(v.subgraph == 0 ? "" : absl::StrCat("subgraph ", v.subgraph, " "), "#", v.index, " ",
                      v.op_name, " v", v.version);
}

// The reasons without the "CONV_2D v1: " each one starts with (the line already names the op).
std::string Reasons(const OpVerdict& v) {
  const std::string prefix = absl::StrCat(v.op_name, " v", v.version, ": ");
  std::vector<std::string> reasons;
  for (const std::string& r : v.reasons) {
    reasons.push_back(absl::StartsWith(r, prefix) ? r.substr(prefix.size()) : r);
  }
  return absl::StrJoin(reasons, "; ");
}

int FailedOutputs(const ValidationReport& r) {
  int failed = 0;
  for (const OutputCheck& o : r.outputs) failed += o.comparison.passed ? 0 : 1;
  return failed;
}

// "2 of 3 outputs out of tolerance; 9 of 9 operators not allowed by edgetpu; ..."
std::string FailureSummary(const ValidationReport& r) {
  std::vector<std::string> why;
  if (const int failed = FailedOutputs(r); failed > 0) {
    why.push_back(absl::StrCat(failed, " of ", r.outputs.size(), " outputs out of tolerance"));
  }
  if (!r.output_failure.empty()) why.push_back(r.output_failure);
  if (r.outputs.empty() && r.output_failure.empty()) why.push_back("no outputs compared");
  if (const int rejected = r.compat.rejected_ops(); rejected > 0) {
    why.push_back(absl::StrCat(rejected, " of ", r.compat.ops.size(), " operators not allowed by ", r.profile));
  }
  if (!r.compat.model_issues.empty()) {
    why.push_back(absl::StrCat(r.compat.model_issues.size(), " model issue(s) under ", r.profile));
  }
  return absl::StrJoin(why, "; ");
}

}  // namespace

bool ValidationReport::numerics_passed() const {
  return !outputs.empty() && output_failure.empty() && FailedOutputs(*this) == 0;
}

std::string ValidationReport::ToText() const {
  std::string text = absl::StrCat("model:     ", model, "\nreference: ", reference_is_source ? "source graph " : "",
                                  reference, reference_is_source ? "" : " (run in float32)", "\nprofile:   ", profile,
                                  " (numeric mode ", numeric_mode, ")\n");
  if (!numeric_note.empty()) absl::StrAppend(&text, "note:      ", numeric_note, "\n");
  absl::StrAppend(&text, "inputs (", inputs_from, "):\n");
  for (const std::string& in : inputs) absl::StrAppend(&text, "  ", in, "\n");
  absl::StrAppend(&text, "outputs:\n");
  for (const OutputCheck& o : outputs) {
    absl::StrAppend(&text, "  ", tfconv::ToText(o.comparison));
    absl::StrAppend(&text, "    tolerance (", o.quantized ? "quantized" : "float", "): ", ToleranceText(o.tolerance),
                    "\n");
  }
  if (!output_failure.empty()) absl::StrAppend(&text, "  FAIL: ", output_failure, "\n");
  absl::StrAppend(&text, "operators (", compat.ops.size() - compat.rejected_ops(), " of ", compat.ops.size(),
                  " allowed by ", profile, "):\n");
  for (const OpVerdict& v : compat.ops) {
    if (v.allowed()) {
      absl::StrAppend(&text, "  ok      ", OpLabel(v), "\n");
      continue;
    }
    absl::StrAppend(&text, "  REFUSED ", OpLabel(v), ": ", Reasons(v), "\n");
    if (!v.note.empty()) absl::StrAppend(&text, "          note: ", v.note, "\n");
  }
  for (const std::string& issue : compat.model_issues) absl::StrAppend(&text, "model issue: ", issue, "\n");
  absl::StrAppend(&text, passed() ? "PASS" : absl::StrCat("FAIL: ", FailureSummary(*this)), "\n");
  return text;
}

json ValidationReport::ToJson() const {
  json outs = json::array();
  for (const OutputCheck& o : outputs) {
    json j = tfconv::ToJson(o.comparison);
    j["tolerance"] = ToleranceJson(o.tolerance);
    j["quantized"] = o.quantized;
    outs.push_back(std::move(j));
  }
  json ops = json::array();
  for (const OpVerdict& v : compat.ops) {
    ops.push_back(json{{"subgraph", v.subgraph},
                       {"index", v.index},
                       {"op", v.op_name},
                       {"version", v.version},
                       {"allowed", v.allowed()},
                       {"reasons", v.reasons},
                       {"note", v.note}});
  }
  return json{{"passed", passed()},
              {"failure", passed() ? "" : FailureSummary(*this)},
              {"model", model},
              {"reference", {{"kind", reference_is_source ? "source" : "tflite"}, {"path", reference}}},
              {"profile", {{"name", profile}, {"file", profile_file}, {"numeric_mode", numeric_mode}}},
              {"numeric_note", numeric_note},
              {"inputs_from", inputs_from},
              {"inputs", inputs},
              {"numerics_passed", numerics_passed()},
              {"output_failure", output_failure},
              {"outputs", std::move(outs)},
              {"profile_compatible", compat.compatible()},
              {"operators", std::move(ops)},
              {"model_issues", compat.model_issues}};
}

}  // namespace tfconv
