#include "quantization/debug/quant_debugger.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "converter/tflite/model_check.h"
#include "quantization/debug/float_fallback.h"
#include "quantization/debug/internal/denylist_search.h"
#include "quantization/debug/internal/model_runs.h"
#include "quantization/debug/quant_values.h"
#include "quantization/debug/tensor_pairing.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {
namespace {

using tflite::TensorType;

bool IsConstant(const TflModel& model, const TflTensor& t) {
  return t.buffer != 0 && t.buffer < model.buffers.size() && !model.buffers[t.buffer].data.empty();
}

bool IsReduced(const TflTensor& t) {
  return t.type == TensorType::FLOAT16 ||
         (t.type != TensorType::FLOAT32 && t.quantization && !t.quantization->scale.empty());
}

bool Contains(const std::vector<int32_t>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// Worst first: rows with a scale by RMSE/scale, then the others by RMSE relative to the float range.
bool WorseThan(const ErrorStats& a, const ErrorStats& b) {
  const std::optional<double> sa = a.rmse_over_scale(), sb = b.rmse_over_scale();
  if (sa.has_value() != sb.has_value()) return sa.has_value();
  if (sa) return *sa > *sb;
  const double ra = a.reference_range() > 0 ? a.rmse() / a.reference_range() : a.rmse();
  const double rb = b.reference_range() > 0 ? b.rmse() / b.reference_range() : b.rmse();
  return ra > rb;
}

absl::Status WithModel(const absl::Status& s, const std::string& model) {
  if (s.ok()) return s;
  return absl::Status(s.code(), absl::StrCat(model, ": ", s.message()));
}

}  // namespace

std::string ExactNamesRegex(const std::vector<std::string>& names) {
  std::string out;
  for (size_t k = 0; k < names.size(); ++k) {
    if (k > 0) out += '|';
    out += '^';
    for (unsigned char c : names[k]) {
      // RE2's metacharacters escaped (the rest, '/' and ';' of fused names included, stays readable).
      if (c == 0) {
        out += "\\x00";
      } else if (std::strchr(".^$|?*+()[]{}\\", c) != nullptr) {
        out += '\\';
        out += static_cast<char>(c);
      } else {
        out += static_cast<char>(c);
      }
    }
    out += '$';
  }
  return out;
}

double QuantDebugReport::final_error() const {
  double worst = 0;
  for (const OutputErrorRow& o : outputs) worst = std::max(worst, o.stats.rmse());
  return worst;
}

absl::StatusOr<std::vector<std::vector<RtTensor>>> FloatSamplesFromQuantized(
    const TflModel& float_model, int float_subgraph, const TflModel& quant_model, int quant_subgraph,
    const std::vector<std::vector<RtTensor>>& quant_samples) {
  const TensorPairing pairing = PairTensors(float_model, float_subgraph, quant_model, quant_subgraph);
  const TflSubgraph& fg = float_model.subgraphs[float_subgraph];
  const TflSubgraph& qg = quant_model.subgraphs[quant_subgraph];
  std::vector<std::vector<RtTensor>> out;
  for (const std::vector<RtTensor>& sample : quant_samples) {
    if (sample.size() != qg.inputs.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("a sample has ", sample.size(), " tensors, the quantized model ", qg.inputs.size(), " inputs"));
    }
    std::vector<RtTensor> floats(fg.inputs.size());
    std::vector<bool> given(fg.inputs.size(), false);
    for (size_t k = 0; k < qg.inputs.size(); ++k) {
      const int f = pairing.float_of_quant[qg.inputs[k]];
      const auto at = std::find(fg.inputs.begin(), fg.inputs.end(), f);
      if (f < 0 || at == fg.inputs.end()) {
        return absl::InvalidArgumentError(absl::StrCat("input '", qg.tensors[qg.inputs[k]].name,
                                                       "' of the quantized model has no float counterpart"));
      }
      const size_t pos = at - fg.inputs.begin();
      const TflTensor& ft = fg.tensors[f];
      RtTensor q = sample[k];
      const TflTensor& qt = qg.tensors[qg.inputs[k]];
      if (qt.quantization && !qt.quantization->scale.empty()) q.set_quantization(&*qt.quantization);
      if (q.type() == ft.type) {
        floats[pos] = std::move(q);
      } else {
        RtTensor t = RtTensor::Make(ft.type, q.shape());
        t.set_name(ft.name);
        if (absl::Status s = StoreRealValues(RealValues(q), t); !s.ok()) return s;
        floats[pos] = std::move(t);
      }
      given[pos] = true;
    }
    for (size_t k = 0; k < given.size(); ++k) {
      if (!given[k]) {
        return absl::InvalidArgumentError(absl::StrCat("the float model's input '", fg.tensors[fg.inputs[k]].name,
                                                       "' has no counterpart in the quantized model"));
      }
    }
    out.push_back(std::move(floats));
  }
  return out;
}

absl::StatusOr<QuantDebugReport> DebugQuantization(const QuantDebugSetup& setup) {
  if (setup.float_model == nullptr || setup.quant_model == nullptr) {
    return absl::InvalidArgumentError("the debugger needs both the float and the quantized model");
  }
  const TflModel& fm = *setup.float_model;
  const TflModel& qm = *setup.quant_model;
  const int fsg = setup.float_subgraph, qsg = setup.quant_subgraph;
  if (fsg < 0 || fsg >= static_cast<int>(fm.subgraphs.size())) {
    return absl::InvalidArgumentError(absl::StrCat(setup.float_name, ": no subgraph ", fsg));
  }
  if (qsg < 0 || qsg >= static_cast<int>(qm.subgraphs.size())) {
    return absl::InvalidArgumentError(absl::StrCat(setup.quant_name, ": no subgraph ", qsg));
  }
  if (setup.samples.empty()) return absl::InvalidArgumentError("the debugger needs at least one input sample");
  const KernelRegistry& kernels = setup.kernels != nullptr ? *setup.kernels : BuiltinKernels();
  const TflSubgraph& fg = fm.subgraphs[fsg];
  const TflSubgraph& qg = qm.subgraphs[qsg];
  const TensorPairing pairing = PairTensors(fm, fsg, qm, qsg);

  absl::StatusOr<std::unique_ptr<Interpreter>> quant_interp = Interpreter::Create(setup.quant_model, kernels);
  if (!quant_interp.ok()) return WithModel(quant_interp.status(), setup.quant_name);
  absl::StatusOr<std::unique_ptr<Interpreter>> float_interp = Interpreter::Create(setup.float_model, kernels);
  if (!float_interp.ok()) return WithModel(float_interp.status(), setup.float_name);
  absl::StatusOr<std::unique_ptr<Interpreter>> layer_interp = Interpreter::Create(setup.float_model, kernels);
  if (!layer_interp.ok()) return WithModel(layer_interp.status(), setup.float_name);
  absl::StatusOr<std::vector<int>> out_counterparts = quant_debug::OutputCounterparts(fm, fsg, qm, qsg, pairing);
  if (!out_counterparts.ok()) return WithModel(out_counterparts.status(), setup.quant_name);

  QuantDebugReport report;
  report.float_model = setup.float_name;
  report.quant_model = setup.quant_name;
  report.samples_from = setup.samples_from;
  report.samples = static_cast<int>(setup.samples.size());

  std::vector<ErrorStats> pair_stats(pairing.pairs.size());
  std::vector<bool> pair_skipped(pairing.pairs.size(), false);
  std::map<int, ErrorStats> layer_stats;  // float op -> its own error
  std::vector<ErrorStats> output_stats(fg.outputs.size());
  std::vector<std::vector<std::vector<double>>> float_outputs;
  std::set<std::string> shape_notes;

  for (size_t s = 0; s < setup.samples.size(); ++s) {
    const std::vector<RtTensor>& sample = setup.samples[s];
    absl::StatusOr<std::vector<RtTensor>> qin = quant_debug::QuantizedInputs(fm, fsg, qm, qsg, pairing, sample);
    if (!qin.ok()) return WithModel(qin.status(), setup.quant_name);
    if (absl::Status st = (*quant_interp)->Invoke(qsg, *qin).status(); !st.ok()) {
      return WithModel(st, absl::StrCat(setup.quant_name, ", sample ", s));
    }
    if (absl::Status st = (*float_interp)->Invoke(fsg, sample).status(); !st.ok()) {
      return WithModel(st, absl::StrCat(setup.float_name, ", sample ", s));
    }
    const std::vector<RtTensor>& qt = (*quant_interp)->tensors(qsg);
    const std::vector<RtTensor>& ft = (*float_interp)->tensors(fsg);

    // Accumulated (and, on the first sample, the constants).
    for (size_t p = 0; p < pairing.pairs.size(); ++p) {
      const TensorPair& pair = pairing.pairs[p];
      const bool constant = IsConstant(fm, fg.tensors[pair.float_tensor]);
      if (constant && (s > 0 || !IsReduced(qg.tensors[pair.quant_tensor]))) continue;
      const RtTensor& q = qt[pair.quant_tensor];
      const RtTensor& f = ft[pair.float_tensor];
      if (q.num_elements() != f.num_elements()) {
        pair_skipped[p] = true;
        shape_notes.insert(absl::StrCat("'", fg.tensors[pair.float_tensor].name, "' ", ShapeString(f.shape()),
                                        " and '", qg.tensors[pair.quant_tensor].name, "' ", ShapeString(q.shape()),
                                        " differ in size; not compared"));
        continue;
      }
      pair_stats[p].Add(RealValues(f), RealValues(q), ElementScales(q));
    }
    std::vector<std::vector<double>> outs;
    for (size_t k = 0; k < fg.outputs.size(); ++k) {
      outs.push_back(RealValues(ft[fg.outputs[k]]));
      const RtTensor& q = qt[(*out_counterparts)[k]];
      output_stats[k].Add(outs.back(), RealValues(q), ElementScales(q));
    }
    float_outputs.push_back(std::move(outs));

    // Layer-wise: every float operator sees what the quantized model computed before it.
    std::vector<RtTensor> layer_inputs = sample;
    for (size_t k = 0; k < fg.inputs.size(); ++k) {
      const int q = pairing.preferred[fg.inputs[k]];
      if (q < 0 || layer_inputs[k].type() != TensorType::FLOAT32) continue;
      const std::vector<double> v = RealValues(qt[q]);
      if (static_cast<int64_t>(v.size()) == layer_inputs[k].num_elements()) {
        (void)StoreRealValues(v, layer_inputs[k]);
      }
    }
    (*layer_interp)->set_observer([&](int subgraph, int op_index, const TflOperator& op, KernelContext& ctx) {
      if (subgraph != fsg) return;
      for (int k = 0; k < ctx.num_outputs(); ++k) {
        const int f = op.outputs[k];
        if (f < 0) continue;
        const int q = pairing.preferred[f];
        if (q < 0) continue;
        RtTensor& out = ctx.output(k);
        const std::vector<double> qv = RealValues(qt[q]);
        if (static_cast<int64_t>(qv.size()) != out.num_elements()) continue;
        layer_stats[op_index].Add(RealValues(out), qv, ElementScales(qt[q]));
        if (out.type() == TensorType::FLOAT32) (void)StoreRealValues(qv, out);
      }
    });
    absl::Status st = (*layer_interp)->Invoke(fsg, layer_inputs).status();
    (*layer_interp)->set_observer(nullptr);
    if (!st.ok()) return WithModel(st, absl::StrCat(setup.float_name, " (layer-wise run), sample ", s));
  }

  for (const std::string& n : shape_notes) report.notes.push_back(n);
  for (size_t k = 0; k < fg.outputs.size(); ++k) {
    report.outputs.push_back(
        {fg.tensors[fg.outputs[k]].name, qg.tensors[(*out_counterparts)[k]].name, output_stats[k]});
  }

  // Tensors.
  std::map<std::pair<int, int>, const ErrorStats*> by_pair;
  for (size_t p = 0; p < pairing.pairs.size(); ++p) {
    const TensorPair& pair = pairing.pairs[p];
    by_pair[{pair.float_tensor, pair.quant_tensor}] = &pair_stats[p];
    if (pair_skipped[p] || pair_stats[p].count() == 0) continue;
    const TflTensor& f = fg.tensors[pair.float_tensor];
    const TflTensor& q = qg.tensors[pair.quant_tensor];
    TensorErrorRow row;
    row.name = f.name;
    row.quant_name = q.name;
    row.match = pair.how;
    row.kind = IsConstant(fm, f)                     ? "weight"
               : Contains(fg.inputs, pair.float_tensor)  ? "input"
               : Contains(fg.outputs, pair.float_tensor) ? "output"
                                                         : "activation";
    row.float_type = TfliteTypeName(f.type);
    row.quant_type = TfliteTypeName(q.type);
    if (q.quantization && !q.quantization->scale.empty()) {
      row.scale = q.quantization->scale[0];
      row.zero_point = q.quantization->zero_point.empty() ? 0 : q.quantization->zero_point[0];
      row.channels = static_cast<int>(q.quantization->scale.size());
    }
    row.stats = pair_stats[p];
    report.tensors.push_back(std::move(row));
  }
  std::stable_sort(report.tensors.begin(), report.tensors.end(),
                   [](const TensorErrorRow& a, const TensorErrorRow& b) { return WorseThan(a.stats, b.stats); });
  std::set<int> paired_quant;
  for (const TensorPair& pair : pairing.pairs) paired_quant.insert(pair.quant_tensor);
  for (size_t q = 0; q < qg.tensors.size(); ++q) {
    if (!paired_quant.count(q) && !IsConstant(qm, qg.tensors[q])) ++report.unpaired_quant_tensors;
  }

  // Layers.
  for (const auto& [f_op, stats] : layer_stats) {
    const TflOperator& op = fg.operators[f_op];
    const int out0 = op.outputs.empty() ? -1 : op.outputs[0];
    if (out0 < 0) continue;
    const int q = pairing.preferred[out0];
    LayerErrorRow row;
    row.float_op = f_op;
    row.op = OperatorCodeName(fm.CodeOf(op));
    row.output = fg.tensors[out0].name;
    if (q >= 0) {
      row.quant_output = qg.tensors[q].name;
      row.quant_type = TfliteTypeName(qg.tensors[q].type);
      row.quant_op = pairing.quant_producer[q];
      if (qg.tensors[q].quantization && !qg.tensors[q].quantization->scale.empty()) {
        row.scale = qg.tensors[q].quantization->scale[0];
      }
      if (auto it = by_pair.find({out0, q}); it != by_pair.end()) row.accumulated = *it->second;
    }
    row.layer = stats;
    // The operator that computes the output in the quantized model (past a trailing QUANTIZE, the
    // official int8 output rewriting, and a DEQUANTIZE to float output).
    int producer = row.quant_op;
    for (int hops = 0; producer >= 0 && hops < 2; ++hops) {
      const tflite::BuiltinOperator code = qm.CodeOf(qg.operators[producer]).builtin_code;
      if (code != tflite::BuiltinOperator::QUANTIZE && code != tflite::BuiltinOperator::DEQUANTIZE) break;
      const int in = qg.operators[producer].inputs.empty() ? -1 : qg.operators[producer].inputs[0];
      producer = in < 0 ? -1 : pairing.quant_producer[in];
    }
    if (producer >= 0) row.quant_op = producer;
    if (row.quant_op < 0) {
      row.fallback_note = "no quantized operator computes it";
    } else {
      absl::StatusOr<int> original = FallbackOriginal(fm, fsg, qm, qsg, pairing, row.quant_op);
      if (original.ok() && *original == f_op) {
        row.can_fall_back = true;
      } else {
        row.fallback_note = original.ok() ? "the float operator differs" : std::string(original.status().message());
      }
    }
    report.layers.push_back(std::move(row));
  }
  std::stable_sort(report.layers.begin(), report.layers.end(),
                   [](const LayerErrorRow& a, const LayerErrorRow& b) { return WorseThan(a.layer, b.layer); });
  for (const LayerErrorRow& l : report.layers) {
    if (l.quant_type == "INT16") {
      report.notes.push_back(
          "int16 activations (16x8): their steps are far finer than the int8 weights' error, so layer "
          "RMSE/scale well above 0.289 is expected; compare the layers with each other");
      break;
    }
  }

  // Denylist.
  double tolerance = 0;
  if (setup.tolerance) {
    tolerance = *setup.tolerance;
  } else {
    double range = 0;
    for (const ErrorStats& o : output_stats) range = std::max(range, o.reference_range());
    tolerance = 0.01 * range;
  }
  report.denylist.tolerance = tolerance;
  report.denylist.baseline_error = report.final_error();
  if (!setup.suggest_denylist) {
    report.denylist.note = "not asked for";
  } else {
    quant_debug::SearchInputs in;
    in.setup = &setup;
    in.pairing = &pairing;
    in.kernels = &kernels;
    in.float_outputs = std::move(float_outputs);
    in.baseline_error = report.denylist.baseline_error;
    in.tolerance = tolerance;
    report.denylist = quant_debug::SuggestDenylist(in, report.layers);
  }
  return report;
}

}  // namespace tfconv
