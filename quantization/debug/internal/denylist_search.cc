#include "quantization/debug/internal/denylist_search.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "quantization/debug/float_fallback.h"
#include "quantization/debug/internal/model_runs.h"

namespace tfconv {
namespace quant_debug {
namespace {

// Errors below this fraction of the baseline are treated as no change (float rounding noise).
constexpr double kNoGain = 1e-9;

struct Candidate {
  int quant_op;
  std::string op, output;
  double error_alone = 0;
};

class Evaluator {
 public:
  explicit Evaluator(const SearchInputs& in) : in_(in) {}

  // The final error of the quantized model with `ops` float.
  absl::StatusOr<double> WithFallback(const std::vector<int>& ops) {
    const QuantDebugSetup& s = *in_.setup;
    absl::StatusOr<TflModel> m =
        WithFloatFallback(*s.float_model, s.float_subgraph, *s.quant_model, s.quant_subgraph, *in_.pairing, ops);
    if (!m.ok()) return m.status();
    return Of(std::make_shared<const TflModel>(*std::move(m)), s.quant_subgraph);
  }

  absl::StatusOr<double> Of(std::shared_ptr<const TflModel> model, int subgraph) {
    const QuantDebugSetup& s = *in_.setup;
    absl::StatusOr<std::vector<ErrorStats>> e = OutputErrors(*s.float_model, s.float_subgraph, std::move(model),
                                                             subgraph, s.samples, in_.float_outputs, *in_.kernels);
    if (!e.ok()) return e.status();
    return FinalError(*e);
  }

 private:
  const SearchInputs& in_;
};

void Verify(const SearchInputs& in, DenylistSuggestion& d) {
  const QuantDebugSetup& s = *in.setup;
  if (!s.requantize) {
    d.verify_note =
        "not verified by re-quantizing (no quantizer given); the errors above are measured on the quantized model "
        "with those operators float, which is what the denylist makes";
    return;
  }
  Evaluator eval(in);
  absl::StatusOr<std::shared_ptr<const TflModel>> base = s.requantize("");
  absl::StatusOr<std::shared_ptr<const TflModel>> with = s.requantize(d.regex);
  if (!base.ok() || !with.ok()) {
    d.verify_note = absl::StrCat("re-quantizing failed: ", (!base.ok() ? base : with).status().message());
    return;
  }
  absl::StatusOr<double> e0 = eval.Of(*base, 0);
  absl::StatusOr<double> e1 = eval.Of(*with, 0);
  if (!e0.ok() || !e1.ok()) {
    d.verify_note = absl::StrCat("running the re-quantized model failed: ", (!e0.ok() ? e0 : e1).status().message());
    return;
  }
  d.verified = true;
  d.requantized_baseline_error = *e0;
  d.requantized_error = *e1;
  d.verify_note = absl::StrCat("re-quantized the float model: final error ", *e0, " without the denylist, ", *e1,
                               " with it (", *e1 <= d.tolerance ? "within" : "NOT within", " tolerance)");
}

}  // namespace

DenylistSuggestion SuggestDenylist(const SearchInputs& in, const std::vector<LayerErrorRow>& layers) {
  DenylistSuggestion d;
  d.tolerance = in.tolerance;
  d.baseline_error = in.baseline_error;
  d.error = in.baseline_error;
  d.computed = true;
  if (in.baseline_error <= in.tolerance) {
    d.within_tolerance = true;
    d.note = "the outputs are already within tolerance: no denylist needed";
    return d;
  }
  // Candidates: the worst layers (layer-wise order) that can fall back.
  std::vector<Candidate> candidates;
  for (const LayerErrorRow& row : layers) {
    if (!row.can_fall_back) continue;
    if (static_cast<int>(candidates.size()) >= std::max(0, in.setup->max_candidates)) break;
    candidates.push_back({row.quant_op, absl::StrCat(row.op, " '", row.output, "'"), row.output});
  }
  if (candidates.empty()) {
    d.note = "no operator of the quantized model can fall back to float (see the layers' notes)";
    return d;
  }
  Evaluator eval(in);
  for (Candidate& c : candidates) {
    absl::StatusOr<double> e = eval.WithFallback({c.quant_op});
    if (!e.ok()) {
      d.note = absl::StrCat("measuring ", c.op, " float failed: ", e.status().message());
      d.computed = false;
      return d;
    }
    c.error_alone = *e;
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.error_alone < b.error_alone; });
  for (const Candidate& c : candidates) d.ranking.push_back({c.op, c.output, c.error_alone, c.error_alone});

  // Greedy: in ranking order, keep an operator when it lowers the error of those kept so far; stop
  // once within tolerance. Errors spread over many layers may need several operators float before
  // any helps: if the greedy pass ends short, the rest are added in ranking order until the
  // tolerance is met, and pruning below removes what turns out unnecessary.
  std::vector<const Candidate*> chosen;
  std::vector<double> after;
  double error = in.baseline_error;
  auto with = [&](const Candidate* extra) {
    std::vector<int> ops;
    for (const Candidate* x : chosen) ops.push_back(x->quant_op);
    if (extra != nullptr) ops.push_back(extra->quant_op);
    return eval.WithFallback(ops);
  };
  for (const Candidate& c : candidates) {
    if (error <= in.tolerance) break;
    if (c.error_alone >= in.baseline_error * (1 - kNoGain)) break;
    absl::StatusOr<double> e = with(&c);
    if (!e.ok() || *e >= error * (1 - kNoGain)) continue;
    chosen.push_back(&c);
    after.push_back(*e);
    error = *e;
  }
  for (const Candidate& c : candidates) {
    if (error <= in.tolerance) break;
    if (std::find(chosen.begin(), chosen.end(), &c) != chosen.end()) continue;
    absl::StatusOr<double> e = with(&c);
    if (!e.ok()) continue;
    chosen.push_back(&c);
    after.push_back(*e);
    error = *e;
  }
  if (error > in.tolerance) {
    // Out of reach: keep the best prefix found rather than every candidate.
    size_t best = 0;
    double best_error = in.baseline_error;
    for (size_t k = 0; k < after.size(); ++k) {
      if (after[k] < best_error) {
        best_error = after[k];
        best = k + 1;
      }
    }
    chosen.resize(best);
    after.resize(best);
    error = best_error;
  }
  // Prune: drop operators the others do not need (the last added first: they helped least alone),
  // then measure the kept ones in order.
  if (error <= in.tolerance && chosen.size() > 1) {
    for (size_t k = chosen.size(); k-- > 0 && chosen.size() > 1;) {
      std::vector<int> ops;
      for (size_t j = 0; j < chosen.size(); ++j) {
        if (j != k) ops.push_back(chosen[j]->quant_op);
      }
      absl::StatusOr<double> e = eval.WithFallback(ops);
      if (e.ok() && *e <= in.tolerance) chosen.erase(chosen.begin() + k);
    }
    after.assign(chosen.size(), 0);
    std::vector<int> ops;
    for (size_t k = 0; k < chosen.size(); ++k) {
      ops.push_back(chosen[k]->quant_op);
      absl::StatusOr<double> e = eval.WithFallback(ops);
      after[k] = e.ok() ? *e : -1;
    }
    error = after.back();
  }
  d.error = error;
  d.within_tolerance = error <= in.tolerance;
  for (size_t k = 0; k < chosen.size(); ++k) {
    d.steps.push_back({chosen[k]->op, chosen[k]->output, chosen[k]->error_alone, after[k]});
    d.outputs.push_back(chosen[k]->output);
  }
  d.regex = ExactNamesRegex(d.outputs);
  d.note = d.within_tolerance
               ? absl::StrCat(chosen.size(), " operator(s) float bring the final error from ", in.baseline_error,
                              " to ", error, " (tolerance ", in.tolerance, ")")
               : absl::StrCat("no set of the ", candidates.size(), " candidates tried reaches the tolerance ",
                              in.tolerance, "; the best found leaves ", error, " (", chosen.size(), " operator(s))");
  Verify(in, d);
  return d;
}

}  // namespace quant_debug
}  // namespace tfconv
