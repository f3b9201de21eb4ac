// QuantDebugReport as text (tables, worst first) and JSON.
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "quantization/debug/quant_debugger.h"

namespace tfconv {
namespace {

// Names of fused operators ("a/Relu;b/FusedBatchNormV3;...") shortened to their first part.
std::string Short(const std::string& name, size_t width = 44) {
  std::string s = name;
  if (const size_t semi = s.find(';'); semi != std::string::npos) s = s.substr(0, semi) + ";...";
  if (s.size() > width) s = s.substr(0, width - 3) + "...";
  return s;
}

std::string Num(double v) { return absl::StrFormat("%.4g", v); }

std::string OptNum(const std::optional<double>& v) { return v ? Num(*v) : "-"; }

nlohmann::json OptJson(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

nlohmann::json StepJson(const DenylistStep& s) {
  return {{"op", s.op}, {"output", s.output}, {"error_alone", s.error_alone}, {"error_after", s.error_after}};
}

}  // namespace

std::string QuantDebugReport::ToText(int max_rows) const {
  std::string out;
  auto rows = [&](size_t n) { return max_rows <= 0 ? n : std::min(n, static_cast<size_t>(max_rows)); };
  absl::StrAppend(&out, "Quantization debug: ", quant_model, " against ", float_model, " on ", samples,
                  " sample(s) (", samples_from.empty() ? "given" : samples_from, ")\n");
  absl::StrAppend(&out, "\nOutputs (dequantized quantized output vs float output):\n");
  absl::StrAppend(&out, absl::StrFormat("  %-44s %-10s %-10s %-10s %-8s\n", "output", "RMSE", "max_abs", "mean_err",
                                        "cosine"));
  for (const OutputErrorRow& o : outputs) {
    absl::StrAppend(&out, absl::StrFormat("  %-44s %-10s %-10s %-10s %-8s\n", Short(o.name), Num(o.stats.rmse()),
                                          Num(o.stats.max_abs_error()), Num(o.stats.mean_error()),
                                          absl::StrFormat("%.5f", o.stats.cosine())));
  }
  absl::StrAppend(&out,
                  "\nLayers, worst first (layer: the operator's own error, fed what the quantized model computed; "
                  "accum: the error its output carries; RMSE/scale ideal ~0.289):\n");
  absl::StrAppend(&out, absl::StrFormat("  %4s %-18s %-44s %-6s %-10s %-10s %-10s %-10s %-10s | %-10s %-10s %s\n",
                                        "op", "type", "output", "qtype", "scale", "RMSE/scale", "RMSE", "max_abs",
                                        "mean_err", "accum R/s", "accum RMSE", "fallback"));
  for (size_t i = 0; i < rows(layers.size()); ++i) {
    const LayerErrorRow& l = layers[i];
    absl::StrAppend(&out, absl::StrFormat("  %4d %-18s %-44s %-6s %-10s %-10s %-10s %-10s %-10s | %-10s %-10s %s\n",
                                          l.quant_op, l.op, Short(l.output), l.quant_type,
                                          l.scale > 0 ? Num(l.scale) : "-", OptNum(l.layer.rmse_over_scale()),
                                          Num(l.layer.rmse()), Num(l.layer.max_abs_error()),
                                          Num(l.layer.mean_error()), OptNum(l.accumulated.rmse_over_scale()),
                                          Num(l.accumulated.rmse()), l.can_fall_back ? "yes" : "no"));
  }
  if (rows(layers.size()) < layers.size()) {
    absl::StrAppend(&out, "  ... ", layers.size() - rows(layers.size()), " more (all in --quant_debug_json)\n");
  }
  absl::StrAppend(&out, "\nTensors, worst first (activations: accumulated error; weights: float vs dequantized):\n");
  absl::StrAppend(&out, absl::StrFormat("  %-44s %-10s %-14s %-10s %-10s %-10s %-10s %-10s\n", "tensor", "kind",
                                        "types", "scale", "RMSE/scale", "RMSE", "max_abs", "mean_err"));
  for (size_t i = 0; i < rows(tensors.size()); ++i) {
    const TensorErrorRow& t = tensors[i];
    absl::StrAppend(&out, absl::StrFormat("  %-44s %-10s %-14s %-10s %-10s %-10s %-10s %-10s\n", Short(t.name),
                                          t.kind, absl::StrCat(t.float_type, ">", t.quant_type),
                                          t.scale > 0 ? absl::StrCat(Num(t.scale), t.channels > 1 ? "(pc)" : "") : "-",
                                          OptNum(t.stats.rmse_over_scale()), Num(t.stats.rmse()),
                                          Num(t.stats.max_abs_error()), Num(t.stats.mean_error())));
  }
  if (rows(tensors.size()) < tensors.size()) {
    absl::StrAppend(&out, "  ... ", tensors.size() - rows(tensors.size()), " more (all in --quant_debug_json)\n");
  }
  if (unpaired_quant_tensors > 0) {
    absl::StrAppend(&out, "  (", unpaired_quant_tensors, " tensor(s) of the quantized model have no float counterpart)\n");
  }
  for (const std::string& n : notes) absl::StrAppend(&out, "  note: ", n, "\n");

  const DenylistSuggestion& d = denylist;
  absl::StrAppend(&out, "\nDenylist (tolerance: RMSE <= ", Num(d.tolerance), " on every output; now ",
                  Num(d.baseline_error), "):\n  ", d.note, "\n");
  if (!d.steps.empty()) {
    for (const DenylistStep& s : d.steps) {
      absl::StrAppend(&out, "    + ", Short(s.op, 70), ": alone ", Num(s.error_alone), ", cumulative ",
                      Num(s.error_after), "\n");
    }
    absl::StrAppend(&out, "  --quantize_denylist='", d.regex, "'\n");
  }
  if (!d.ranking.empty() && d.steps.size() < d.ranking.size()) {
    absl::StrAppend(&out, "  ranking (final error with only that operator float):");
    for (size_t i = 0; i < d.ranking.size() && i < 5; ++i) {
      absl::StrAppend(&out, i ? "," : "", " ", Short(d.ranking[i].op, 50), " ", Num(d.ranking[i].error_alone));
    }
    absl::StrAppend(&out, d.ranking.size() > 5 ? ", ...\n" : "\n");
  }
  if (!d.verify_note.empty()) absl::StrAppend(&out, "  ", d.verify_note, "\n");
  return out;
}

nlohmann::json QuantDebugReport::ToJson() const {
  nlohmann::json j;
  j["float_model"] = float_model;
  j["quantized_model"] = quant_model;
  j["samples"] = samples;
  j["samples_from"] = samples_from;
  j["final_error"] = final_error();
  j["ideal_rmse_over_scale"] = kIdealRmseOverScale;
  nlohmann::json outs = nlohmann::json::array();
  for (const OutputErrorRow& o : outputs) {
    nlohmann::json e = o.stats.ToJson();
    e["name"] = o.name;
    e["quantized_name"] = o.quant_name;
    outs.push_back(std::move(e));
  }
  j["outputs"] = std::move(outs);
  nlohmann::json layers_json = nlohmann::json::array();
  for (const LayerErrorRow& l : layers) {
    layers_json.push_back({{"float_op", l.float_op},
                           {"quantized_op", l.quant_op},
                           {"op", l.op},
                           {"output", l.output},
                           {"quantized_output", l.quant_output},
                           {"quantized_type", l.quant_type},
                           {"scale", l.scale > 0 ? nlohmann::json(l.scale) : nlohmann::json(nullptr)},
                           {"layer", l.layer.ToJson()},
                           {"accumulated", l.accumulated.ToJson()},
                           {"can_fall_back", l.can_fall_back},
                           {"fallback_note", l.fallback_note}});
  }
  j["layers"] = std::move(layers_json);
  nlohmann::json tensors_json = nlohmann::json::array();
  for (const TensorErrorRow& t : tensors) {
    nlohmann::json e = t.stats.ToJson();
    e["name"] = t.name;
    e["quantized_name"] = t.quant_name;
    e["match"] = t.match;
    e["kind"] = t.kind;
    e["float_type"] = t.float_type;
    e["quantized_type"] = t.quant_type;
    e["scale"] = t.scale > 0 ? nlohmann::json(t.scale) : nlohmann::json(nullptr);
    e["zero_point"] = t.zero_point;
    e["channels"] = t.channels;
    tensors_json.push_back(std::move(e));
  }
  j["tensors"] = std::move(tensors_json);
  j["unpaired_quantized_tensors"] = unpaired_quant_tensors;
  j["notes"] = notes;
  const DenylistSuggestion& d = denylist;
  nlohmann::json dj;
  dj["computed"] = d.computed;
  dj["note"] = d.note;
  dj["tolerance"] = d.tolerance;
  dj["baseline_error"] = d.baseline_error;
  dj["error"] = d.error;
  dj["within_tolerance"] = d.within_tolerance;
  dj["regex"] = d.regex;
  dj["outputs"] = d.outputs;
  nlohmann::json steps = nlohmann::json::array(), ranking = nlohmann::json::array();
  for (const DenylistStep& s : d.steps) steps.push_back(StepJson(s));
  for (const DenylistStep& s : d.ranking) ranking.push_back(StepJson(s));
  dj["steps"] = std::move(steps);
  dj["ranking"] = std::move(ranking);
  dj["method"] = d.verified ? "measured with float fallback, verified by re-quantizing" : "measured with float fallback";
  dj["verified"] = d.verified;
  dj["requantized_baseline_error"] = OptJson(d.requantized_baseline_error);
  dj["requantized_error"] = OptJson(d.requantized_error);
  dj["verify_note"] = d.verify_note;
  j["denylist"] = std::move(dj);
  return j;
}

}  // namespace tfconv
