#include "runtime_check/profiles/compat_check.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "runtime_check/profiles/op_requirements.h"

namespace tfconv {
namespace {

// At most this many tensors are named per model-level issue; the rest are counted.
constexpr size_t kMaxNamedTensors = 5;

std::string Dims(const std::vector<int32_t>& shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ","), "]");
}

// "(INT8/UINT8 only)".
std::string Only(const std::vector<tflite::TensorType>& types) {
  std::vector<std::string> names;
  for (tflite::TensorType t : types) names.push_back(TensorTypeName(t));
  return absl::StrCat("(", absl::StrJoin(names, "/"), " only)");
}

bool Contains(const std::vector<tflite::TensorType>& types, tflite::TensorType t) {
  return std::find(types.begin(), types.end(), t) != types.end();
}

// The shape with -1 for dynamic dimensions.
const std::vector<int32_t>& SignatureOf(const TflTensor& t) {
  return t.shape_signature.empty() ? t.shape : t.shape_signature;
}

bool IsDynamic(const TflTensor& t) {
  const std::vector<int32_t>& s = SignatureOf(t);
  return std::any_of(s.begin(), s.end(), [](int32_t d) { return d < 0; });
}

// Collects tensors for one model-level issue and words it with a few names.
class TensorList {
 public:
  void Add(const std::string& item) {
    if (items_.size() < kMaxNamedTensors) items_.push_back(item);
    ++count_;
  }
  bool empty() const { return count_ == 0; }
  std::string Text() const {
    std::string s = absl::StrJoin(items_, ", ");
    if (count_ > items_.size()) absl::StrAppend(&s, " and ", count_ - items_.size(), " more");
    return s;
  }

 private:
  std::vector<std::string> items_;
  size_t count_ = 0;
};

class OpChecker {
 public:
  OpChecker(const OpView& v, const HardwareProfile& p, const OpRule& rule, OpVerdict& out)
      : v_(v), p_(p), rule_(rule), out_(out),
        prefix_(absl::StrCat(out.op_name, " v", out.version, ": ")) {}

  void Run() {
    Version();
    Types();
    Ranks();
    Constness();
    Activation();
    Window();
    Shapes();
    if (rule_.no_batch_axis) Add(CheckNoBatchAxis(v_));
    for (const std::string& name : rule_.requirements) {
      if (const OpRequirement* r = FindRequirement(name)) Add(r->check(v_));
    }
  }

 private:
  void Add(std::optional<std::string> why) {
    if (why) out_.reasons.push_back(prefix_ + *why);
  }
  void Fail(const std::string& why) { out_.reasons.push_back(prefix_ + why); }

  std::string InputName(int i) const {
    return absl::StrCat("input '", v_.input(i)->name, "' (#", i, ")");
  }
  std::string OutputName(int i) const {
    return absl::StrCat("output '", v_.output(i)->name, "' (#", i, ")");
  }

  void Version() {
    const int version = out_.version;
    if (version >= rule_.min_version && (rule_.max_version == 0 || version <= rule_.max_version)) {
      return;
    }
    std::string range = rule_.max_version == 0
                            ? absl::StrCat("versions ", rule_.min_version, " and up")
                            : rule_.min_version == rule_.max_version
                                  ? absl::StrCat("version ", rule_.min_version, " only")
                                  : absl::StrCat("versions ", rule_.min_version, "-",
                                                 rule_.max_version);
    Fail(absl::StrCat("version ", version, " not supported by ", p_.name, " (", range, ")"));
  }

  void Types() {
    for (int i = 0; i < v_.num_inputs(); ++i) {
      const TflTensor* t = v_.input(i);
      if (t == nullptr) continue;
      const std::vector<tflite::TensorType>* allowed;
      auto at = rule_.input_types_at.find(i);
      if (at != rule_.input_types_at.end()) {
        allowed = &at->second;
      } else if (v_.IsConstant(*t)) {
        allowed = &p_.constant_types;
      } else {
        allowed = rule_.input_types ? &*rule_.input_types : &p_.tensor_types;
      }
      if (!allowed->empty() && !Contains(*allowed, t->type)) {
        Fail(absl::StrCat(InputName(i), " type ", TensorTypeName(t->type), " not allowed by ",
                          p_.name, " ", Only(*allowed)));
      }
    }
    const std::vector<tflite::TensorType>& outs =
        rule_.output_types ? *rule_.output_types : p_.tensor_types;
    for (int i = 0; i < v_.num_outputs(); ++i) {
      const TflTensor* t = v_.output(i);
      if (t != nullptr && !outs.empty() && !Contains(outs, t->type)) {
        Fail(absl::StrCat(OutputName(i), " type ", TensorTypeName(t->type), " not allowed by ",
                          p_.name, " ", Only(outs)));
      }
    }
  }

  void RankOf(const std::string& what, const TflTensor& t) {
    const int rank = static_cast<int>(t.shape.size());
    if (rule_.max_rank > 0 && rank > rule_.max_rank) {
      Fail(absl::StrCat(what, " has rank ", rank, " ", Dims(t.shape), "; ", p_.name,
                        " allows at most ", rule_.max_rank, " here"));
    }
    if (rule_.min_rank > 0 && rank < rule_.min_rank) {
      Fail(absl::StrCat(what, " has rank ", rank, " ", Dims(t.shape), "; ", p_.name,
                        " needs at least ", rule_.min_rank, " here"));
    }
  }

  void Ranks() {
    for (int i = 0; i < v_.num_inputs(); ++i) {
      if (v_.input(i) != nullptr) RankOf(InputName(i), *v_.input(i));
    }
    for (int i = 0; i < v_.num_outputs(); ++i) {
      if (v_.output(i) != nullptr) RankOf(OutputName(i), *v_.output(i));
    }
    const TflTensor* in = v_.input(0);
    if (in != nullptr && !rule_.input0_ranks.empty()) {
      const int rank = static_cast<int>(in->shape.size());
      if (std::find(rule_.input0_ranks.begin(), rule_.input0_ranks.end(), rank) ==
          rule_.input0_ranks.end()) {
        Fail(absl::StrCat(InputName(0), " has rank ", rank, "; ", p_.name, " supports rank ",
                          absl::StrJoin(rule_.input0_ranks, " or "), " only"));
      }
    }
  }

  void Constness() {
    for (int i : rule_.const_inputs) {
      if (v_.input(i) != nullptr && !v_.IsConstantInput(i)) {
        Fail(absl::StrCat(InputName(i), " is not constant; ", p_.name,
                          " needs it constant (known when the model is compiled)"));
      }
    }
    for (int i : rule_.nonconst_inputs) {
      if (v_.input(i) != nullptr && v_.IsConstantInput(i)) {
        Fail(absl::StrCat(InputName(i), " is constant; ", p_.name,
                          " needs a runtime tensor here"));
      }
    }
    int runtime = 0;
    for (int i = 0; i < v_.num_inputs(); ++i) {
      runtime += v_.input(i) != nullptr && !v_.IsConstantInput(i);
    }
    if (rule_.max_runtime_inputs >= 0 && runtime > rule_.max_runtime_inputs) {
      Fail(absl::StrCat(runtime, " runtime (non-constant) inputs; ", p_.name, " allows at most ",
                        rule_.max_runtime_inputs));
    }
    if (rule_.min_runtime_inputs >= 0 && runtime < rule_.min_runtime_inputs) {
      Fail(absl::StrCat(runtime, " runtime (non-constant) inputs; ", p_.name, " needs at least ",
                        rule_.min_runtime_inputs));
    }
  }

  void Activation() {
    if (!rule_.fused_activations) return;
    std::optional<tflite::ActivationFunctionType> act = FusedActivationOf(v_.op);
    if (!act) return;
    const auto& allowed = *rule_.fused_activations;
    if (std::find(allowed.begin(), allowed.end(), *act) != allowed.end()) return;
    std::vector<std::string> names;
    for (auto a : allowed) names.push_back(ActivationName(a));
    Fail(absl::StrCat("fused activation ", ActivationName(*act), " not supported by ", p_.name,
                      " (", absl::StrJoin(names, "/"), " only)"));
  }

  void Window() {
    if (rule_.max_stride == 0 && rule_.max_dilation == 0 && rule_.max_filter == 0 &&
        !rule_.same_dilation_hw) {
      return;
    }
    std::optional<WindowParams> w = WindowParamsOf(v_);
    if (!w) return;
    if (rule_.max_stride > 0 && std::max(w->stride_h, w->stride_w) > rule_.max_stride) {
      Fail(absl::StrCat("stride ", w->stride_h, "x", w->stride_w, " exceeds ", p_.name,
                        "'s limit ", rule_.max_stride));
    }
    if (rule_.max_dilation > 0 && std::max(w->dilation_h, w->dilation_w) > rule_.max_dilation) {
      Fail(absl::StrCat("dilation ", w->dilation_h, "x", w->dilation_w, " exceeds ", p_.name,
                        "'s limit ", rule_.max_dilation));
    }
    if (rule_.max_filter > 0 && std::max(w->filter_h, w->filter_w) > rule_.max_filter) {
      Fail(absl::StrCat("filter ", w->filter_h, "x", w->filter_w, " exceeds ", p_.name,
                        "'s limit ", rule_.max_filter));
    }
    if (rule_.same_dilation_hw && w->dilation_h != w->dilation_w) {
      Fail(absl::StrCat("dilation ", w->dilation_h, "x", w->dilation_w,
                        " differs between height and width; ", p_.name, " needs them equal"));
    }
  }

  void Shapes() {
    const TflTensor* in = v_.input(0);
    if (in == nullptr) return;
    if (rule_.batch_one && !in->shape.empty() && in->shape[0] != 1) {
      Fail(absl::StrCat("batch ", in->shape[0], " in ", InputName(0), "; ", p_.name,
                        " needs batch 1"));
    }
    if (rule_.max_input_elements > 0) {
      int64_t n = 1;
      for (int32_t d : in->shape) n *= std::max<int32_t>(d, 0);
      if (n > rule_.max_input_elements) {
        Fail(absl::StrCat(InputName(0), " has ", n, " elements; ", p_.name, " allows at most ",
                          rule_.max_input_elements));
      }
    }
  }

  const OpView& v_;
  const HardwareProfile& p_;
  const OpRule& rule_;
  OpVerdict& out_;
  std::string prefix_;
};

void CheckTensors(const TflModel& model, const HardwareProfile& p, CompatReport& report) {
  // type name + constness -> tensors
  std::map<std::pair<std::string, bool>, TensorList> bad_types;
  TensorList dynamic_others, too_high_rank, non_unit;
  for (size_t s = 0; s < model.subgraphs.size(); ++s) {
    const TflSubgraph& g = model.subgraphs[s];
    std::vector<bool> is_input(g.tensors.size(), false);
    for (int32_t t : g.inputs) {
      if (t >= 0 && t < static_cast<int32_t>(g.tensors.size())) is_input[t] = true;
    }
    // Tensors that are only operator intermediates (quantized LSTM) carry quantization
    // parameters, not data: their type says nothing about what the target computes.
    std::vector<bool> only_intermediate(g.tensors.size(), false);
    for (const TflOperator& op : g.operators) {
      for (int32_t t : op.intermediates) {
        if (t >= 0 && t < static_cast<int32_t>(g.tensors.size())) only_intermediate[t] = true;
      }
    }
    auto clear = [&](int32_t t) {
      if (t >= 0 && t < static_cast<int32_t>(g.tensors.size())) only_intermediate[t] = false;
    };
    for (const TflOperator& op : g.operators) {
      for (int32_t t : op.inputs) clear(t);
      for (int32_t t : op.outputs) clear(t);
    }
    for (int32_t t : g.inputs) clear(t);
    for (int32_t t : g.outputs) clear(t);
    const std::string where = model.subgraphs.size() > 1 ? absl::StrCat(" (subgraph ", s, ")") : "";
    for (size_t i = 0; i < g.tensors.size(); ++i) {
      const TflTensor& t = g.tensors[i];
      const std::string name = absl::StrCat("'", t.name, "'", where);
      const bool constant = IsConstantTensor(model, t);
      const std::vector<tflite::TensorType>& allowed = constant ? p.constant_types : p.tensor_types;
      if (!allowed.empty() && !Contains(allowed, t.type) && !only_intermediate[i]) {
        bad_types[{TensorTypeName(t.type), constant}].Add(name);
      }
      if (!p.dynamic_shapes && IsDynamic(t)) {
        if (is_input[i]) {
          report.model_issues.push_back(absl::StrCat("dynamic shape ", Dims(SignatureOf(t)),
                                                     " in input ", name, ": ", p.name,
                                                     " needs static shapes"));
        } else {
          dynamic_others.Add(absl::StrCat(name, " ", Dims(SignatureOf(t))));
        }
      }
      if (p.max_rank > 0 && static_cast<int>(t.shape.size()) > p.max_rank) {
        too_high_rank.Add(absl::StrCat(name, " ", Dims(t.shape)));
      }
      if (p.max_non_unit_dims > 0 && !constant) {
        const int outer = static_cast<int>(t.shape.size()) - p.max_non_unit_dims;
        for (int d = 0; d < outer; ++d) {
          if (t.shape[d] != 1) {
            non_unit.Add(absl::StrCat(name, " ", Dims(t.shape)));
            break;
          }
        }
      }
    }
  }
  for (const auto& [key, list] : bad_types) {
    const std::vector<tflite::TensorType>& allowed = key.second ? p.constant_types : p.tensor_types;
    report.model_issues.push_back(absl::StrCat(key.second ? "constant" : "runtime",
                                               " tensors of type ", key.first, " not allowed by ",
                                               p.name, " ", Only(allowed), ": ", list.Text()));
  }
  if (!dynamic_others.empty()) {
    report.model_issues.push_back(absl::StrCat("dynamic shapes in ", dynamic_others.Text(), ": ",
                                               p.name, " needs static shapes"));
  }
  if (!too_high_rank.empty()) {
    report.model_issues.push_back(absl::StrCat("tensors of rank above ", p.max_rank, ": ",
                                               too_high_rank.Text(), " (", p.name,
                                               " supports at most ", p.max_rank, " dimensions)"));
  }
  if (!non_unit.empty()) {
    report.model_issues.push_back(
        absl::StrCat("only the ", p.max_non_unit_dims, " innermost dimensions may exceed 1 on ",
                     p.name, ": ", non_unit.Text()));
  }
}

}  // namespace

int CompatReport::rejected_ops() const {
  int n = 0;
  for (const OpVerdict& v : ops) n += !v.allowed();
  return n;
}

OpVerdict CheckOperator(const TflModel& model, int subgraph, int index,
                        const HardwareProfile& profile) {
  OpVerdict out;
  out.subgraph = subgraph;
  out.index = index;
  const TflSubgraph& g = model.subgraphs[subgraph];
  const TflOperator& op = g.operators[index];
  if (op.opcode_index >= model.operator_codes.size()) {
    out.op_name = absl::StrCat("OPCODE_", op.opcode_index);
    out.reasons.push_back(absl::StrCat("operator code index ", op.opcode_index,
                                       " is out of range (", model.operator_codes.size(),
                                       " codes)"));
    return out;
  }
  const TflOperatorCode& code = model.CodeOf(op);
  out.version = code.version;
  if (code.builtin_code == tflite::BuiltinOperator::CUSTOM) {
    out.op_name = absl::StrCat("CUSTOM(", code.custom_code, ")");
    if (std::find(profile.custom_ops.begin(), profile.custom_ops.end(), code.custom_code) ==
        profile.custom_ops.end()) {
      out.reasons.push_back(absl::StrCat(
          "custom op '", code.custom_code, "' not supported by ", profile.name,
          profile.custom_ops.empty()
              ? std::string(" (it runs no custom ops)")
              : absl::StrCat(" (custom ops: ", absl::StrJoin(profile.custom_ops, ", "), ")")));
    }
    return out;
  }
  out.op_name = BuiltinName(code.builtin_code);
  const OpRule* rule = profile.FindOp(code.builtin_code);
  if (rule == nullptr) {
    out.reasons.push_back(absl::StrCat("op ", out.op_name, " not in the ", profile.name,
                                       " op list"));
    return out;
  }
  out.note = rule->note;
  OpView view{model, g, op, code.builtin_code};
  OpChecker(view, profile, *rule, out).Run();
  return out;
}

CompatReport CheckModel(const TflModel& model, const HardwareProfile& profile) {
  CompatReport report;
  report.profile = profile.name;
  for (size_t s = 0; s < model.subgraphs.size(); ++s) {
    for (size_t i = 0; i < model.subgraphs[s].operators.size(); ++i) {
      report.ops.push_back(
          CheckOperator(model, static_cast<int>(s), static_cast<int>(i), profile));
    }
  }
  if (profile.max_subgraphs > 0 &&
      static_cast<int>(model.subgraphs.size()) > profile.max_subgraphs) {
    report.model_issues.push_back(absl::StrCat("the model has ", model.subgraphs.size(),
                                               " subgraphs; ", profile.name, " supports ",
                                               profile.max_subgraphs));
  }
  CheckTensors(model, profile, report);
  for (size_t s = 0; s < model.subgraphs.size(); ++s) {
    ArenaPlan plan = PlanArena(model, static_cast<int>(s), profile.arena_alignment);
    report.arena_estimate_bytes += plan.arena_bytes;
    report.unknown_size_tensors += plan.unknown_size_tensors;
  }
  if (profile.arena_bytes > 0 && report.arena_estimate_bytes > profile.arena_bytes) {
    report.model_issues.push_back(absl::StrCat(
        "activation arena estimate ", report.arena_estimate_bytes,
        " bytes (greedy lifetime-based plan of every subgraph, ", profile.arena_alignment,
        "-byte aligned; the runtime's persistent allocations come on top) exceeds ", profile.name,
        "'s arena limit of ", profile.arena_bytes, " bytes"));
  }
  return report;
}

}  // namespace tfconv
