#include "runtime_check/validate/validation.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "runtime_check/compare/tensor_convert.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"
#include "runtime_check/validate/fp16_emulation.h"
#include "runtime_check/validate/name_match.h"

namespace tfconv {
namespace {

using Names = std::vector<std::vector<std::string>>;

// A model ready to run: its interpreter, the subgraph it runs and that subgraph's signature.
struct Runner {
  std::unique_ptr<Interpreter> interpreter;
  int subgraph = 0;
  const TflSignatureDef* signature = nullptr;
};

absl::StatusOr<Runner> MakeRunner(std::shared_ptr<const TflModel> model, const KernelRegistry& kernels,
                                  const std::string& name, const std::string& signature_key = "") {
  absl::StatusOr<std::unique_ptr<Interpreter>> interp = Interpreter::Create(model, kernels);
  if (!interp.ok()) return absl::Status(interp.status().code(), absl::StrCat(name, ": ", interp.status().message()));
  Runner r;
  r.interpreter = *std::move(interp);
  absl::StatusOr<int> subgraph = r.interpreter->SubgraphOfSignature(signature_key);
  if (!subgraph.ok()) return absl::Status(subgraph.status().code(), absl::StrCat(name, ": ", subgraph.status().message()));
  r.subgraph = *subgraph;
  // The signature SubgraphOfSignature chose: the one asked for, else the model's only one.
  for (const TflSignatureDef& s : model->signature_defs) {
    if (!signature_key.empty() && s.signature_key == signature_key) r.signature = &s;
  }
  if (signature_key.empty() && model->signature_defs.size() == 1) r.signature = &model->signature_defs[0];
  return r;
}

// Each input's (or output's) names: the TFLite tensor name and its signature name, if any.
Names TensorNames(const Runner& r, bool outputs) {
  const TflSubgraph& g = r.interpreter->model().subgraphs[r.subgraph];
  Names names;
  for (int32_t index : outputs ? g.outputs : g.inputs) {
    std::vector<std::string> n = {g.tensors[index].name};
    if (r.signature != nullptr) {
      for (const auto& [sig_name, tensor] : outputs ? r.signature->outputs : r.signature->inputs) {
        if (static_cast<int32_t>(tensor) == index) n.push_back(sig_name);
      }
    }
    names.push_back(std::move(n));
  }
  return names;
}

absl::Status WithContext(const absl::Status& s, const std::string& context) {
  return absl::Status(s.code(), absl::StrCat(context, ": ", s.message()));
}

absl::StatusOr<std::vector<CompareOperand>> Operands(const std::vector<RtTensor>& tensors,
                                                     const std::string& model) {
  std::vector<CompareOperand> out;
  for (const RtTensor& t : tensors) {
    absl::StatusOr<CompareOperand> o = OperandFromRtTensor(t);
    if (!o.ok()) return WithContext(o.status(), absl::StrCat(model, ": output '", t.name(), "'"));
    out.push_back(*std::move(o));
  }
  return out;
}

// The reference's outputs and their names.
struct ReferenceRun {
  std::vector<CompareOperand> outputs;
  Names names;
};

absl::StatusOr<ReferenceRun> RunSource(const GraphEvaluator& ev, const std::vector<RtTensor>& inputs,
                                       const Names& input_names, const std::string& source) {
  Names wanted;
  for (const EvalTensorSpec& s : ev.inputs()) wanted.push_back({s.name, s.tensor_name});
  absl::StatusOr<std::vector<int>> match = MatchTensors(input_names, wanted, "inputs");
  if (!match.ok()) return match.status();
  std::vector<Tensor> feeds;
  for (size_t j = 0; j < wanted.size(); ++j) {
    const RtTensor& rt = inputs[(*match)[j]];
    if (rt.is_quantized() && IsFloatType(ev.inputs()[j].dtype)) {
      return absl::UnimplementedError(absl::StrCat(
          "input '", rt.name(), "' of the .tflite is quantized ", TfliteTypeName(rt.type()), " while the source graph takes ",
          DataTypeName(ev.inputs()[j].dtype), "; a model with quantized inputs can only be validated against another "
          ".tflite (--reference_tflite)"));
    }
    absl::StatusOr<Tensor> t = ToTensor(rt);
    if (!t.ok()) return WithContext(t.status(), absl::StrCat("input '", rt.name(), "'"));
    feeds.push_back(*std::move(t));
  }
  absl::StatusOr<std::vector<Tensor>> out = ev.Evaluate(feeds);
  if (!out.ok()) return WithContext(out.status(), absl::StrCat("evaluating the source graph ", source));
  ReferenceRun run;
  for (size_t k = 0; k < out->size(); ++k) {
    const EvalTensorSpec& s = ev.outputs()[k];
    run.outputs.push_back(CompareOperand::Of((*out)[k], s.name));
    run.names.push_back({s.name, s.tensor_name});
  }
  return run;
}

// Whether `t` and a model input with quantization `q` read the same raw values as the same reals.
bool SameQuantization(const RtTensor& t, const std::optional<TflQuantization>& q) {
  const bool q_quantized = q.has_value() && !q->scale.empty();
  if (t.is_quantized() != q_quantized) return false;
  if (!q_quantized) return true;
  auto zero_points = [](const std::vector<int64_t>& z) { return z.empty() ? std::vector<int64_t>{0} : z; };
  return t.quantization()->scale == q->scale && zero_points(t.quantization()->zero_point) == zero_points(q->zero_point);
}

absl::StatusOr<ReferenceRun> RunReferenceTflite(std::shared_ptr<const TflModel> model, const KernelRegistry& kernels,
                                                const std::vector<RtTensor>& inputs, const Names& input_names,
                                                const std::string& name) {
  absl::StatusOr<Runner> r = MakeRunner(model, kernels, name);
  if (!r.ok()) return r.status();
  absl::StatusOr<std::vector<int>> match = MatchTensors(input_names, TensorNames(*r, false), "inputs");
  if (!match.ok()) return match.status();
  const TflSubgraph& g = model->subgraphs[r->subgraph];
  std::vector<RtTensor> feeds;
  for (size_t j = 0; j < g.inputs.size(); ++j) {
    RtTensor t = inputs[(*match)[j]];
    const TflTensor& want = g.tensors[g.inputs[j]];
    // The same raw values mean the same real values only with the same type and quantization.
    if (t.type() != want.type || !SameQuantization(t, want.quantization)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "input '", t.name(), "' of the model under test is ", TfliteTypeName(t.type()),
          t.is_quantized() ? " (quantized)" : "", ", input '", want.name, "' of ", name, " is ",
          TfliteTypeName(want.type), SameQuantization(t, want.quantization) ? "" : " with other quantization",
          "; both models must take the same values"));
    }
    feeds.push_back(std::move(t));
  }
  absl::StatusOr<std::vector<RtTensor>> out = r->interpreter->Invoke(r->subgraph, feeds);
  if (!out.ok()) return WithContext(out.status(), name);
  ReferenceRun run;
  absl::StatusOr<std::vector<CompareOperand>> operands = Operands(*out, name);
  if (!operands.ok()) return operands.status();
  run.outputs = *std::move(operands);
  run.names = TensorNames(*r, true);
  return run;
}

// Operators with a float output: what an int8-only target cannot run.
int FloatOperators(const TflModel& model) {
  int count = 0;
  for (const TflSubgraph& g : model.subgraphs) {
    for (const TflOperator& op : g.operators) {
      for (int32_t out : op.outputs) {
        if (out < 0 || out >= static_cast<int32_t>(g.tensors.size())) continue;
        const tflite::TensorType type = g.tensors[out].type;
        if (type == tflite::TensorType::FLOAT32 || type == tflite::TensorType::FLOAT16) {
          ++count;
          break;
        }
      }
    }
  }
  return count;
}

// The kernels: every built-in one, and the custom-op kernels of the loaded plugins.
KernelRegistry Kernels(const OpRegistry* plugins, const HardwareProfile& profile) {
  KernelRegistry kernels = BuiltinKernelsWithNumerics(profile.kernel_numerics);
  if (plugins != nullptr) {
    for (const auto& [code, k] : plugins->tflite_kernels()) kernels.AddCustom(code, k.kernel);
  }
  return kernels;
}

}  // namespace

Tolerance ToleranceFor(const CompareOperand& actual, const CompareOperand& expected, const HardwareProfile& profile) {
  const CompareOperand* quantized = actual.quant ? &actual : expected.quant ? &expected : nullptr;
  Tolerance t;
  if (quantized == nullptr) {
    t.max_abs = profile.float_tolerance.max_abs;
    t.max_rel = profile.float_tolerance.max_rel;
    t.min_cosine = profile.float_tolerance.min_cosine;
    return t;
  }
  double scale = 0;
  for (double s : quantized->quant->scale) scale = std::max(scale, s);
  t.max_abs = profile.quantized_tolerance.max_lsb * scale;
  t.max_rel = 0;
  t.min_cosine = profile.quantized_tolerance.min_cosine;
  return t;
}

absl::StatusOr<ValidationReport> Validate(const ValidationSetup& setup) {
  if (setup.model == nullptr) return absl::InvalidArgumentError("no model to validate");
  if ((setup.evaluator != nullptr) == (setup.reference_model != nullptr)) {
    return absl::InvalidArgumentError("give exactly one reference: the source graph or another .tflite");
  }
  const std::string& mode = setup.profile.numeric_mode;
  if (mode != "fp32" && mode != "fp16_emulated" && mode != "int8_only") {
    return absl::UnimplementedError(absl::StrCat("profile ", setup.profile.name, ": numeric_mode '", mode,
                                                 "' is not one tflite_validate emulates (fp32, fp16_emulated, int8_only)"));
  }
  const bool fp16 = mode == "fp16_emulated";
  ValidationReport report;
  report.model = setup.model_name;
  report.reference_is_source = setup.evaluator != nullptr;
  report.reference = setup.reference_name;
  report.profile = setup.profile.name;
  report.profile_file = setup.profile.file;
  report.numeric_mode = mode;
  report.inputs_from = setup.inputs.empty() ? "default pattern" : setup.inputs_name;
  report.compat = CheckModel(*setup.model, setup.profile);
  if (mode == "int8_only") {
    if (const int n = FloatOperators(*setup.model); n > 0) {
      report.numeric_note = absl::StrCat(setup.profile.name, " runs 8-bit quantized arithmetic only, and ", n,
                                         " operators of this model compute in float: quantize the model to int8 "
                                         "first (the numbers below are float32 on the reference interpreter)");
    }
  }

  const KernelRegistry kernels = Kernels(setup.plugins, setup.profile);
  absl::StatusOr<Runner> ours =
      MakeRunner(fp16 ? WithConstantsRoundedToHalf(*setup.model) : setup.model, kernels, setup.model_name,
                 setup.signature_key);
  if (!ours.ok()) return ours.status();
  const TflModel& model = ours->interpreter->model();
  absl::StatusOr<std::vector<RtTensor>> inputs =
      MakeSubgraphInputs(model, ours->subgraph, ours->signature, setup.inputs);
  if (!inputs.ok()) return WithContext(inputs.status(), setup.model_name);
  for (const RtTensor& t : *inputs) {
    report.inputs.push_back(absl::StrCat(t.name(), " ", TfliteTypeName(t.type()), ShapeString(t.shape())));
  }

  std::vector<RtTensor> fed = *inputs;
  if (fp16) {
    for (RtTensor& t : fed) RoundTensorToHalf(t);
    EmulateHalfOutputs(*ours->interpreter);
  }
  absl::StatusOr<std::vector<RtTensor>> ours_out = ours->interpreter->Invoke(ours->subgraph, fed);
  if (!ours_out.ok()) return WithContext(ours_out.status(), setup.model_name);
  absl::StatusOr<std::vector<CompareOperand>> actual = Operands(*ours_out, setup.model_name);
  if (!actual.ok()) return actual.status();

  const Names input_names = TensorNames(*ours, false);
  absl::StatusOr<ReferenceRun> reference =
      setup.evaluator != nullptr
          ? RunSource(*setup.evaluator, *inputs, input_names, setup.reference_name)
          : RunReferenceTflite(setup.reference_model, kernels, *inputs, input_names, setup.reference_name);
  if (!reference.ok()) return reference.status();

  // Outputs: each of the reference's, paired with one of ours.
  absl::StatusOr<std::vector<int>> pairing = MatchTensors(TensorNames(*ours, true), reference->names, "outputs");
  if (!pairing.ok()) return pairing.status();
  if (actual->size() != reference->outputs.size()) {
    report.output_failure = absl::StrCat("the model under test has ", actual->size(), " outputs, the reference ",
                                         reference->outputs.size());
  }
  for (size_t k = 0; k < reference->outputs.size(); ++k) {
    const CompareOperand& a = (*actual)[(*pairing)[k]];
    const CompareOperand& e = reference->outputs[k];
    OutputCheck check;
    check.tolerance = ToleranceFor(a, e, setup.profile);
    check.quantized = a.quant.has_value() || e.quant.has_value();
    CompareOptions options;
    options.tolerance = check.tolerance;
    check.comparison = CompareTensors(a, e, options);
    report.outputs.push_back(std::move(check));
  }
  return report;
}

}  // namespace tfconv
