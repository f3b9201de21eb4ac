#include "quantization/full_integer/subgraph_pass.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "quantization/full_integer/quant_arith.h"
#include "re2/re2.h"

namespace tfconv {
namespace full_integer {
namespace {

using Op = tflite::BuiltinOperator;
using TT = tflite::TensorType;

bool Contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

OpPlan FloatPlan(const OpQuantRule* rule, std::string reason) {
  OpPlan p;
  p.mode = OpMode::kFloat;
  p.rule = rule;
  p.reason = std::move(reason);
  return p;
}

bool SameParams(const TflTensor& t, const QuantizedConst& q) {
  return t.type == q.type && t.quantization.has_value() && t.quantization->scale == q.scales &&
         t.quantization->zero_point == q.zero_points &&
         t.quantization->quantized_dimension == q.quantized_dimension;
}

template <typename T>
ByteBuffer NarrowBytes(const std::vector<int64_t>& codes) {
  std::vector<T> narrow(codes.begin(), codes.end());
  return BytesOf(narrow);
}

}  // namespace

SubgraphPass::SubgraphPass(const TflModel& original, TflModel& working, int subgraph,
                           const QuantizeOptions& options, const re2::RE2* denylist,
                           const ResourcePlan& resources, std::vector<int>& buffer_refs,
                           QuantizeReport& report)
    : orig_(original),
      model_(working),
      sub_(subgraph),
      options_(options),
      denylist_(denylist),
      resources_(resources),
      buffer_refs_(buffer_refs),
      report_(report),
      int16_(options.mode == QuantizationMode::kInt16x8),
      act_(int16_ ? TT::INT16 : TT::INT8),
      act_suffix_(int16_ ? "int16" : "int8") {}

bool SubgraphPass::IsConst(int t) const {
  const TflTensor& tensor = Orig(t);
  return tensor.buffer > 0 && tensor.buffer < orig_.buffers.size() &&
         !orig_.buffers[tensor.buffer].data.empty() && !tensor.is_variable;
}

bool SubgraphPass::Present(const std::vector<int32_t>& list, int pos) const {
  return pos >= 0 && pos < static_cast<int>(list.size()) && list[pos] >= 0 &&
         list[pos] < static_cast<int>(num_orig_);
}

tflite::BuiltinOperator SubgraphPass::CodeOf(int op) const {
  return orig_.CodeOf(orig_.subgraphs[sub_].operators[op]).builtin_code;
}

std::string SubgraphPass::Describe(int op) const {
  const TflOperator& o = orig_.subgraphs[sub_].operators[op];
  const TflOperatorCode& code = orig_.CodeOf(o);
  std::string name = code.builtin_code == Op::CUSTOM
                         ? absl::StrCat("CUSTOM '", code.custom_code, "'")
                         : tflite::EnumNameBuiltinOperator(code.builtin_code);
  if (!o.outputs.empty() && o.outputs[0] >= 0 && o.outputs[0] < static_cast<int>(num_orig_)) {
    return absl::StrCat(name, " producing '", Orig(o.outputs[0]).name, "'");
  }
  return absl::StrCat(name, " (operator ", op, " of subgraph ", sub_, ")");
}

bool SubgraphPass::Denied(int op) const {
  if (denylist_ == nullptr) return false;
  const TflOperator& o = orig_.subgraphs[sub_].operators[op];
  for (int t : o.outputs) {
    if (t >= 0 && t < static_cast<int>(num_orig_) && RE2::PartialMatch(Orig(t).name, *denylist_)) {
      return true;
    }
  }
  for (int t : o.inputs) {  // weights and other constants name their operator too
    if (t >= 0 && t < static_cast<int>(num_orig_) && IsConst(t) &&
        RE2::PartialMatch(Orig(t).name, *denylist_)) {
      return true;
    }
  }
  return false;
}

OpPlan SubgraphPass::PlanOp(int op) {
  const TflOperator& o = orig_.subgraphs[sub_].operators[op];
  bool any_float = false;
  for (int t : o.inputs) any_float |= t >= 0 && t < static_cast<int>(num_orig_) && IsFloat(t);
  for (int t : o.outputs) any_float |= t >= 0 && t < static_cast<int>(num_orig_) && IsFloat(t);
  if (!any_float) return {};
  const Op code = CodeOf(op);
  if (code == Op::READ_VARIABLE || code == Op::ASSIGN_VARIABLE) return PlanResourceOp(op, code);
  const OpQuantRule* rule = code == Op::CUSTOM ? nullptr : FindOpRule(code);
  if (rule == nullptr) {
    return FloatPlan(nullptr, code == Op::CUSTOM ? "a custom operator has no builtin integer kernel"
                                                 : "no integer kernel in LiteRT");
  }
  if (int16_ && !rule->int16) return FloatPlan(rule, "no 16x8 (int16 activation) kernel");
  OpPlan plan = rule->special == SpecialRule::kSvdf   ? PlanSvdf(op, *rule)
                : rule->special == SpecialRule::kLstm ? PlanLstm(op, *rule)
                                                      : PlanGeneric(op, *rule);
  if (plan.mode == OpMode::kQuantized && Denied(op)) {
    return FloatPlan(rule, "matches --quantize_denylist");
  }
  return plan;
}

OpPlan SubgraphPass::PlanGeneric(int op, const OpQuantRule& rule) {
  const TflOperator& o = orig_.subgraphs[sub_].operators[op];
  OpPlan p;
  p.rule = &rule;
  auto float_input = [&](int pos) { return Present(o.inputs, pos) && IsFloat(o.inputs[pos]); };
  if (rule.all_inputs) {
    for (int pos = 0; pos < static_cast<int>(o.inputs.size()); ++pos) {
      if (float_input(pos)) p.int_inputs.push_back(pos);
    }
  } else {
    for (int pos : rule.inputs) {
      if (float_input(pos)) p.int_inputs.push_back(pos);
    }
  }
  if (rule.all_outputs) {
    for (int pos = 0; pos < static_cast<int>(o.outputs.size()); ++pos) {
      if (Present(o.outputs, pos) && IsFloat(o.outputs[pos])) p.int_outputs.push_back(pos);
    }
  } else {
    for (int pos : rule.outputs) {
      if (Present(o.outputs, pos) && IsFloat(o.outputs[pos])) p.int_outputs.push_back(pos);
    }
  }
  if (p.int_inputs.empty() && p.int_outputs.empty()) return {};  // not real-valued
  // Weights and biases must be float constants the pass can quantize. FULLY_CONNECTED also takes
  // weights the graph computes, as int8 activations (its int8 kernel has a weight zero point).
  for (int pos : {rule.weight, rule.bias}) {
    if (pos < 0 || !Present(o.inputs, pos)) continue;
    const int t = o.inputs[pos];
    if (pos == rule.weight && rule.op == Op::FULLY_CONNECTED && !int16_ && IsFloatActivation(t)) {
      p.dynamic_weights = true;
      p.int_inputs.push_back(pos);
      continue;
    }
    if (!IsFloat(t) || !IsConst(t) || Orig(t).sparsity.has_value()) {
      return FloatPlan(&rule, absl::StrCat(pos == rule.weight ? "its weights" : "its bias", " ('",
                                           Orig(t).name, "') are not a dense float constant"));
    }
    p.int_inputs.push_back(pos);
  }
  for (int pos : rule.same_scale_constants) {
    if (!Present(o.inputs, pos)) continue;
    if (!IsFloat(o.inputs[pos]) || !IsConst(o.inputs[pos])) {
      return FloatPlan(&rule, absl::StrCat("input ", pos, " ('", Orig(o.inputs[pos]).name,
                                           "') is not a float constant"));
    }
    p.int_inputs.push_back(pos);
  }
  const bool first_input_int = !rule.inputs.empty() && Contains(p.int_inputs, rule.inputs[0]);
  if ((rule.output_scale == OutputScale::kSameAsInput || rule.weight >= 0) && !first_input_int) {
    return FloatPlan(&rule, "its data input is not float");
  }
  p.mode = OpMode::kQuantized;
  return p;
}

absl::Status SubgraphPass::Plan() {
  const TflSubgraph& og = orig_.subgraphs[sub_];
  num_orig_ = og.tensors.size();
  const int n = static_cast<int>(num_orig_);
  producer_.assign(n, -1);
  uses_.assign(n, {});
  graph_input_.assign(n, false);
  graph_output_.assign(n, false);
  for (int t : og.inputs) {
    if (t >= 0 && t < n) graph_input_[t] = true;
  }
  for (int t : og.outputs) {
    if (t >= 0 && t < n) graph_output_[t] = true;
  }
  for (int op = 0; op < static_cast<int>(og.operators.size()); ++op) {
    const TflOperator& o = og.operators[op];
    if (o.opcode_index >= orig_.operator_codes.size()) {
      return absl::InvalidArgumentError(absl::StrCat("operator ", op, " of subgraph ", sub_,
                                                     " has an out-of-range opcode index"));
    }
    for (int pos = 0; pos < static_cast<int>(o.inputs.size()); ++pos) {
      const int t = o.inputs[pos];
      if (t >= n) {
        return absl::InvalidArgumentError(absl::StrCat(
            "operator ", op, " of subgraph ", sub_, " reads tensor ", t, " of ", n));
      }
      if (t >= 0) uses_[t].push_back({op, pos});
    }
    for (int t : o.outputs) {
      if (t < 0 || t >= n) {
        return absl::InvalidArgumentError(absl::StrCat(
            "operator ", op, " of subgraph ", sub_, " writes tensor ", t, " of ", n));
      }
      producer_[t] = op;
    }
  }

  plans_.clear();
  for (int op = 0; op < static_cast<int>(og.operators.size()); ++op) plans_.push_back(PlanOp(op));

  std::vector<std::string> refused;
  for (int op = 0; op < static_cast<int>(plans_.size()); ++op) {
    if (plans_[op].mode == OpMode::kFloat) {
      refused.push_back(absl::StrCat(Describe(op), ": ", plans_[op].reason));
    }
  }
  if (options_.integer_only && !refused.empty()) {
    const size_t shown = std::min<size_t>(refused.size(), 10);
    return absl::InvalidArgumentError(absl::StrCat(
        "integer-only quantization (", int16_ ? "16x8" : "int8", "): ", refused.size(),
        " operator(s) of subgraph ", sub_, " cannot run an integer kernel: ",
        absl::StrJoin(refused.begin(), refused.begin() + shown, "; "),
        refused.size() > shown ? "; ..." : "",
        ". Let them stay float with --target_ops=TFLITE_BUILTINS,",
        int16_ ? "EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8"
               : "TFLITE_BUILTINS_INT8",
        ", or change the model (a name on --quantize_denylist also needs float fallback)"));
  }

  // Where each activation's integer form lives: at its own index when its producer is quantized
  // (or, for model inputs and states, when some quantized operator reads it).
  home_int_.assign(n, false);
  quantized_.assign(n, false);
  int_version_.assign(n, -1);
  float_version_.assign(n, -1);
  float_uses_.assign(n, 0);
  bias_shared_.assign(n, false);
  const bool integer_inputs = options_.inference_input_type != TT::FLOAT32;
  for (int t = 0; t < n; ++t) {
    if (!IsFloat(t)) continue;
    bool quantized_use = false, float_use = graph_output_[t];
    bool bias_use = false, other_quantized_use = false;
    for (auto [op, pos] : uses_[t]) {
      const OpPlan& p = plans_[op];
      const bool int_slot = p.mode == OpMode::kQuantized && Contains(p.int_inputs, pos);
      quantized_use |= int_slot;
      float_use |= !int_slot;
      const bool is_bias = int_slot && p.rule != nullptr && p.rule->bias == pos;
      bias_use |= is_bias;
      other_quantized_use |= int_slot && !is_bias;
    }
    if (IsConst(t)) {
      float_uses_[t] = float_use ? 1 : 0;
      bias_shared_[t] = bias_use && other_quantized_use;
      continue;
    }
    if (producer_[t] >= 0) {
      const int op = producer_[t];
      const TflOperator& o = og.operators[op];
      const OpPlan& p = plans_[op];
      if (p.mode == OpMode::kQuantized) {
        for (int pos : p.int_outputs) home_int_[t] = home_int_[t] || o.outputs[pos] == t;
      }
    } else {
      home_int_[t] = quantized_use || (graph_input_[t] && integer_inputs);
    }
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------------------------
// Ranges and parameters

bool SubgraphPass::HasRange(int t) const {
  if (range_override_.count(t) > 0) return true;
  const TflTensor& tensor = Orig(t);
  return tensor.quantization.has_value() && !tensor.quantization->min.empty() &&
         !tensor.quantization->max.empty();
}

absl::StatusOr<std::pair<float, float>> SubgraphPass::RangeOf(int t, const std::string& role) const {
  if (auto it = range_override_.find(t); it != range_override_.end()) return it->second;
  if (!HasRange(t)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "tensor '", Orig(t).name, "' (", role, ") has no calibrated min/max: calibrate the model "
        "on a representative dataset that reaches it, or keep the operators around it float with "
        "--quantize_denylist"));
  }
  const float lo = Orig(t).quantization->min[0], hi = Orig(t).quantization->max[0];
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) {
    return absl::FailedPreconditionError(absl::StrCat("tensor '", Orig(t).name, "' (", role,
                                                      ") has an invalid calibrated range [", lo,
                                                      ", ", hi, "]"));
  }
  return std::make_pair(lo, hi);
}

AffineParams SubgraphPass::ActivationParams(float min, float max) const {
  return int16_ ? SymmetricParams(min, max, 32767) : AsymmetricParams(min, max, TT::INT8);
}

void SubgraphPass::SetParams(int t, TT type, AffineParams p, const float* min, const float* max) {
  TflTensor& tensor = W(t);
  tensor.type = type;
  TflQuantization q;
  q.scale = {p.scale};
  q.zero_point = {p.zero_point};
  if (min != nullptr && max != nullptr) {
    q.min = {*min};
    q.max = {*max};
  }
  tensor.quantization = std::move(q);
  if (t < static_cast<int>(num_orig_)) quantized_[t] = true;
}

absl::Status SubgraphPass::QuantizeInPlace(int t, const std::string& role) {
  absl::StatusOr<std::pair<float, float>> range = RangeOf(t, role);
  if (!range.ok()) return range.status();
  const AffineParams p = ActivationParams(range->first, range->second);
  return QuantizeVariable(t, act_, p, role);
}

absl::Status SubgraphPass::QuantizeVariable(int t, TT type, AffineParams p, const std::string& role) {
  float lo = 0, hi = 0;
  if (HasRange(t)) {
    absl::StatusOr<std::pair<float, float>> range = RangeOf(t, role);
    if (!range.ok()) return range.status();
    lo = std::min(range->first, 0.0f);
    hi = std::max(range->second, 0.0f);
  }
  const bool has_data = Orig(t).buffer > 0 && Orig(t).buffer < orig_.buffers.size() &&
                        !orig_.buffers[Orig(t).buffer].data.empty();
  if (has_data) {  // a state's initial value
    absl::StatusOr<std::vector<float>> values = ReadFloatConstant(orig_, Orig(t));
    if (!values.ok()) return values.status();
    const int64_t qmax = type == TT::INT16 ? 32767 : 127;
    const int64_t qmin = type == TT::INT16 ? -32768 : -128;
    std::vector<int64_t> codes = QuantizeAffine(*values, p.scale, p.zero_point, qmin, qmax);
    ByteBuffer bytes = type == TT::INT16 ? NarrowBytes<int16_t>(codes) : NarrowBytes<int8_t>(codes);
    const uint32_t b = W(t).buffer;
    if (buffer_refs_[b] == 1) {
      model_.buffers[b].data = std::move(bytes);
    } else {
      --buffer_refs_[b];
      W(t).buffer = model_.AddBuffer(std::move(bytes));
      buffer_refs_.push_back(1);
    }
  }
  if (HasRange(t)) {
    SetParams(t, type, p, &lo, &hi);
  } else {
    SetParams(t, type, p);
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------------------------
// Rewriting

int SubgraphPass::AddTensor(const TflTensor& like, const std::string& name, TT type) {
  TflTensor t;  // copied before the push below may move `like`
  t.name = name;
  t.type = type;
  t.shape = like.shape;
  t.shape_signature = like.shape_signature;
  t.has_rank = like.has_rank;
  return g().AddTensor(std::move(t));
}

void SubgraphPass::Emit(Op code, int input, int output) {
  TflOperator o;
  o.opcode_index = model_.OpcodeIndex(code);
  o.inputs = {input};
  o.outputs = {output};
  new_ops_.push_back(std::move(o));
}

absl::StatusOr<int> SubgraphPass::EnsureInt(int t, int op) {
  if (home_int_[t]) {
    if (!quantized_[t]) {
      if (producer_[t] >= 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "tensor '", Orig(t).name, "' is read by ", Describe(op), " before ",
            Describe(producer_[t]), " writes it: the operators are not in topological order"));
      }
      absl::Status s = QuantizeInPlace(t, absl::StrCat("input of ", Describe(op)));
      if (!s.ok()) return s;
    }
    return t;
  }
  if (int_version_[t] >= 0) return int_version_[t];
  absl::StatusOr<std::pair<float, float>> range =
      RangeOf(t, absl::StrCat("float value read by the integer ", Describe(op)));
  if (!range.ok()) return range.status();
  const int q = AddTensor(W(t), absl::StrCat(Orig(t).name, "_", act_suffix_), act_);
  const float lo = std::min(range->first, 0.0f), hi = std::max(range->second, 0.0f);
  SetParams(q, act_, ActivationParams(range->first, range->second), &lo, &hi);
  Emit(Op::QUANTIZE, t, q);
  int_version_[t] = q;
  return q;
}

absl::StatusOr<int> SubgraphPass::EnsureFloat(int t) {
  if (!home_int_[t]) return t;
  if (float_version_[t] >= 0) return float_version_[t];
  if (graph_input_[t] && options_.inference_input_type == TT::FLOAT32) {
    float_version_[t] = FloatInputTensor(t);  // read the model's float input directly
    return float_version_[t];
  }
  if (!quantized_[t]) {
    absl::Status s = QuantizeInPlace(t, "model input");
    if (!s.ok()) return s;
  }
  const int f = AddTensor(W(t), absl::StrCat(Orig(t).name, "_float"), TT::FLOAT32);
  Emit(Op::DEQUANTIZE, t, f);
  float_version_[t] = f;
  return f;
}

int SubgraphPass::PlaceConst(int t, QuantizedConst q, bool bias_use) {
  std::vector<int>& versions = const_versions_[t];
  for (int v : versions) {
    if (SameParams(W(v), q)) return v;
  }
  // The first integer form not needed by a float reader (nor a bias shared with another quantized
  // input) takes the constant's own tensor; other forms are copies.
  const bool in_place = float_uses_[t] == 0 && !(bias_use && bias_shared_[t]) && !Contains(versions, t);
  int target = t;
  if (in_place) {
    const uint32_t b = W(t).buffer;
    if (buffer_refs_[b] == 1) {
      model_.buffers[b].data = q.data;
    } else {  // another tensor shares the float bytes: give this one its own buffer
      --buffer_refs_[b];
      W(t).buffer = model_.AddBuffer(q.data);
      buffer_refs_.push_back(1);
    }
  } else {
    int copies = 0;
    for (int v : versions) copies += v != t;
    target = AddTensor(Orig(t), absl::StrCat(Orig(t).name, "_duplicate_", copies + 1), q.type);
    W(target).buffer = model_.AddBuffer(q.data);
    buffer_refs_.push_back(1);
  }
  TflTensor& tensor = W(target);
  tensor.type = q.type;
  TflQuantization quant;
  quant.scale = q.scales;
  quant.zero_point = q.zero_points;
  quant.quantized_dimension = q.quantized_dimension;
  quant.min = q.mins;
  quant.max = q.maxs;
  tensor.quantization = std::move(quant);
  versions.push_back(target);
  return target;
}

absl::StatusOr<QuantizedConst> SubgraphPass::WeightConst(int t, int channel_dim,
                                                         const std::vector<float>* scales) {
  absl::StatusOr<std::vector<float>> values = ReadFloatConstant(orig_, Orig(t));
  if (!values.ok()) return values.status();
  const std::vector<int32_t>& shape = Orig(t).shape;
  const int dim = channel_dim < static_cast<int>(shape.size()) ? channel_dim : -1;
  absl::StatusOr<QuantizedWeights> w = QuantizeSymmetric(*values, shape, dim, 127);
  if (!w.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("weight '", Orig(t).name, "': ", w.status().message()));
  }
  QuantizedConst q;
  q.type = TT::INT8;
  q.scales = scales != nullptr ? *scales : w->scales;
  q.zero_points.assign(q.scales.size(), 0);
  q.quantized_dimension = std::max(dim, 0);
  q.mins = w->mins;
  q.maxs = w->maxs;
  if (scales != nullptr) {
    q.data = BytesOf(QuantizeWithScales8(*values, shape, dim, *scales));
  } else if (dim >= 0) {
    q.data = BytesOf(QuantizePerChannel8(*values, shape, dim, w->mins, w->maxs));
  } else {
    q.data = BytesOf(w->values);
  }
  return q;
}

absl::StatusOr<QuantizedConst> SubgraphPass::Int16Const(int t) {
  absl::StatusOr<std::vector<float>> values = ReadFloatConstant(orig_, Orig(t));
  if (!values.ok()) return values.status();
  QuantizedConst q;
  q.type = TT::INT16;
  float scale = 0;
  q.data = BytesOf(QuantizeSymmetric16(*values, &scale));
  q.scales = {scale};
  q.zero_points = {0};
  return q;
}

absl::StatusOr<QuantizedConst> SubgraphPass::Int16ConstWithScale(int t, float scale) {
  absl::StatusOr<std::vector<float>> values = ReadFloatConstant(orig_, Orig(t));
  if (!values.ok()) return values.status();
  QuantizedConst q;
  q.type = TT::INT16;
  q.data = BytesOf(QuantizeInt16WithScale(*values, scale));
  q.scales = {scale};
  q.zero_points = {0};
  return q;
}

absl::StatusOr<QuantizedConst> SubgraphPass::AffineConst(int t, TT type, AffineParams p) {
  absl::StatusOr<std::vector<float>> values = ReadFloatConstant(orig_, Orig(t));
  if (!values.ok()) return values.status();
  QuantizedConst q;
  q.type = type;
  q.scales = {p.scale};
  q.zero_points = {p.zero_point};
  if (type == TT::INT16) {
    q.data = NarrowBytes<int16_t>(QuantizeAffine(*values, p.scale, p.zero_point, -32768, 32767));
  } else {
    q.data = NarrowBytes<int8_t>(QuantizeAffine(*values, p.scale, p.zero_point, -128, 127));
  }
  return q;
}

absl::StatusOr<QuantizedConst> SubgraphPass::BiasConst(int t, float input_scale,
                                                       const std::vector<float>& weight_scales) {
  absl::StatusOr<std::vector<float>> values = ReadFloatConstant(orig_, Orig(t));
  if (!values.ok()) return values.status();
  if (Orig(t).shape.size() != 1) {
    return absl::InvalidArgumentError(absl::StrCat("bias '", Orig(t).name, "' has rank ",
                                                   Orig(t).shape.size(), ", a bias must be a vector"));
  }
  if (weight_scales.size() > 1 && weight_scales.size() != values->size()) {
    return absl::InvalidArgumentError(absl::StrCat("bias '", Orig(t).name, "' has ", values->size(),
                                                   " elements but its weights have ",
                                                   weight_scales.size(), " channels"));
  }
  QuantizedConst q;
  for (float w : weight_scales) q.scales.push_back(input_scale * w);
  q.zero_points.assign(q.scales.size(), 0);
  if (int16_) {
    q.type = TT::INT64;
    q.data = BytesOf(QuantizeBias64(*values, input_scale, weight_scales));
  } else {
    q.type = TT::INT32;
    q.data = BytesOf(QuantizeBias32(*values, input_scale, weight_scales));
  }
  return q;
}

absl::StatusOr<int> SubgraphPass::ConstActivation(int t, const OpQuantRule& rule) {
  // In 16x8 the official tool quantizes these constants like int16 activations; in int8 like
  // (symmetric, per-tensor) weights.
  const bool as_activation = int16_ && (rule.constants_as_activations_16 ||
                                        rule.output_scale == OutputScale::kSameAsInput ||
                                        rule.inputs_share_output_scale);
  absl::StatusOr<QuantizedConst> q = as_activation ? Int16Const(t) : WeightConst(t, -1, nullptr);
  if (!q.ok()) return q.status();
  return PlaceConst(t, *std::move(q), /*bias_use=*/false);
}

absl::Status SubgraphPass::RunOp(int op) {
  TflOperator o = orig_.subgraphs[sub_].operators[op];
  const OpPlan& p = plans_[op];
  absl::Status s;
  if (p.mode == OpMode::kFloat) {
    s = RunFloatOp(op, o);
    report_.float_operators.push_back(absl::StrCat(Describe(op), " (", p.reason, ")"));
  } else if (p.mode == OpMode::kQuantized) {
    switch (p.rule == nullptr ? SpecialRule::kNone : p.rule->special) {
      case SpecialRule::kSvdf:
        s = RunSvdf(op, o);
        break;
      case SpecialRule::kLstm:
        s = RunLstm(op, o);
        break;
      case SpecialRule::kNone:
        s = p.rule == nullptr ? RunResourceOp(op, o) : RunGeneric(op, o, *p.rule);
        break;
    }
    ++report_.quantized_operators;
  }
  if (!s.ok()) return s;
  new_ops_.push_back(std::move(o));
  return absl::OkStatus();
}

absl::Status SubgraphPass::RunFloatOp(int op, TflOperator& o) {
  (void)op;
  for (int32_t& t : o.inputs) {
    if (t < 0 || !IsFloatActivation(t)) continue;
    absl::StatusOr<int> f = EnsureFloat(t);
    if (!f.ok()) return f.status();
    t = *f;
  }
  return absl::OkStatus();
}

absl::Status SubgraphPass::RunGeneric(int op, TflOperator& o, const OpQuantRule& rule) {
  const OpPlan& p = plans_[op];
  auto is_int = [&](int pos) { return Contains(p.int_inputs, pos); };
  std::vector<int> data_inputs;  // activation-like input positions, in order
  if (rule.all_inputs) {
    for (int pos = 0; pos < static_cast<int>(o.inputs.size()); ++pos) data_inputs.push_back(pos);
  } else {
    data_inputs = rule.inputs;
  }

  if (rule.inputs_share_output_scale) {
    // The output keeps its own range; every input is brought to the output's parameters.
    for (int pos : p.int_outputs) {
      absl::Status s = QuantizeInPlace(o.outputs[pos], absl::StrCat("output of ", Describe(op)));
      if (!s.ok()) return s;
    }
    if (p.int_outputs.empty()) return absl::OkStatus();
    const int out = o.outputs[p.int_outputs[0]];
    const AffineParams target = ParamsOf(out);
    for (int pos : data_inputs) {
      if (!is_int(pos)) continue;
      const int t = o.inputs[pos];
      if (IsConst(t)) {
        absl::StatusOr<QuantizedConst> q = AffineConst(t, act_, target);
        if (!q.ok()) return q.status();
        o.inputs[pos] = PlaceConst(t, *std::move(q), false);
        continue;
      }
      absl::StatusOr<int> it = EnsureInt(t, op);
      if (!it.ok()) return it.status();
      o.inputs[pos] = Requantize(*it, target, out);
    }
    return absl::OkStatus();
  }

  for (int pos : data_inputs) {
    if (!is_int(pos)) continue;
    const int t = o.inputs[pos];
    absl::StatusOr<int> it = IsConst(t) ? ConstActivation(t, rule) : EnsureInt(t, op);
    if (!it.ok()) return it.status();
    o.inputs[pos] = *it;
  }

  std::vector<float> weight_scales;
  if (p.dynamic_weights) {
    absl::StatusOr<int> w = EnsureInt(o.inputs[rule.weight], op);
    if (!w.ok()) return w.status();
    o.inputs[rule.weight] = *w;
    weight_scales = {ScaleOf(*w)};
  } else if (rule.weight >= 0 && is_int(rule.weight)) {
    const int w = o.inputs[rule.weight];
    absl::StatusOr<QuantizedConst> q = WeightConst(w, rule.weight_channel_dim, nullptr);
    if (!q.ok()) return q.status();
    if (!int16_ && rule.bias >= 0 && is_int(rule.bias)) {
      absl::StatusOr<std::vector<float>> bias = ReadFloatConstant(orig_, Orig(o.inputs[rule.bias]));
      if (!bias.ok()) return bias.status();
      std::vector<float> scales = q->scales;
      if (AdjustWeightScalesForBias(*bias, ScaleOf(o.inputs[rule.inputs[0]]), scales)) {
        report_.warnings.push_back(absl::StrCat(
            "the weight scale of ", Describe(op), " was enlarged so that its bias fits in int32"));
        q = WeightConst(w, rule.weight_channel_dim, &scales);
        if (!q.ok()) return q.status();
      }
    }
    weight_scales = q->scales;
    o.inputs[rule.weight] = PlaceConst(w, *std::move(q), false);
  }
  if (rule.bias >= 0 && is_int(rule.bias)) {
    if (weight_scales.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(Describe(op), " has a bias but no weights"));
    }
    const int b = o.inputs[rule.bias];
    absl::StatusOr<QuantizedConst> q = BiasConst(b, ScaleOf(o.inputs[rule.inputs[0]]), weight_scales);
    if (!q.ok()) return q.status();
    o.inputs[rule.bias] = PlaceConst(b, *std::move(q), /*bias_use=*/true);
  }
  for (int pos : rule.same_scale_constants) {
    if (!is_int(pos)) continue;
    absl::StatusOr<QuantizedConst> q =
        AffineConst(o.inputs[pos], act_, ParamsOf(o.inputs[rule.inputs[0]]));
    if (!q.ok()) return q.status();
    o.inputs[pos] = PlaceConst(o.inputs[pos], *std::move(q), false);
  }

  for (int pos : p.int_outputs) {
    const int t = o.outputs[pos];
    switch (rule.output_scale) {
      case OutputScale::kOwnRange: {
        absl::Status s = QuantizeInPlace(t, absl::StrCat("output of ", Describe(op)));
        if (!s.ok()) return s;
        break;
      }
      case OutputScale::kSameAsInput: {
        const int src = o.inputs[rule.inputs[0]];
        const TflQuantization& sq = *W(src).quantization;
        if (!sq.min.empty() && !sq.max.empty()) {
          const float lo = sq.min[0], hi = sq.max[0];
          SetParams(t, act_, ParamsOf(src), &lo, &hi);
        } else {
          SetParams(t, act_, ParamsOf(src));
        }
        break;
      }
      case OutputScale::kFixed: {
        const FixedParams f = int16_ ? rule.fixed_int16 : rule.fixed_int8;
        SetParams(t, act_, AffineParams{f.scale, f.zero_point});
        break;
      }
    }
  }

  if (int16_) {
    // 16x8 ADD / SUB use the general kernel (not the power-of-two one); conv and fully connected
    // kernels are told their bias is int64.
    if (auto* add = o.builtin_options.AsAddOptions()) add->pot_scale_int16 = false;
    if (auto* sub = o.builtin_options.AsSubOptions()) sub->pot_scale_int16 = false;
    if (auto* c = o.builtin_options.AsConv2DOptions()) c->quantized_bias_type = TT::INT64;
    if (auto* f = o.builtin_options.AsFullyConnectedOptions()) f->quantized_bias_type = TT::INT64;
    if (auto* tc = o.builtin_options.AsTransposeConvOptions()) tc->quantized_bias_type = TT::INT64;
  }
  return absl::OkStatus();
}

int SubgraphPass::Requantize(int it, AffineParams target, int like_range) {
  const AffineParams have = ParamsOf(it);
  if (have.scale == target.scale && have.zero_point == target.zero_point) return it;
  const int rq = AddTensor(W(it), absl::StrCat(W(it).name, "_requantized"), act_);
  const TflQuantization& lq = *W(like_range).quantization;
  if (!lq.min.empty() && !lq.max.empty()) {
    const float lo = lq.min[0], hi = lq.max[0];
    SetParams(rq, act_, target, &lo, &hi);
  } else {
    SetParams(rq, act_, target);
  }
  Emit(Op::QUANTIZE, it, rq);
  return rq;
}

OpPlan SubgraphPass::PlanResourceOp(int op, Op code) {
  const TflOperator& o = orig_.subgraphs[sub_].operators[op];
  const int pos = code == Op::READ_VARIABLE ? 0 : 1;
  const std::vector<int32_t>& list = code == Op::READ_VARIABLE ? o.outputs : o.inputs;
  if (!Present(list, pos) || !IsFloat(list[pos]) || !Present(o.inputs, 0)) return {};
  auto key = resources_.handle_key.find({sub_, o.inputs[0]});
  if (key == resources_.handle_key.end()) {
    return FloatPlan(nullptr, "its variable handle does not come from a VAR_HANDLE of this subgraph");
  }
  if (auto why = resources_.float_reason.find(key->second); why != resources_.float_reason.end()) {
    return FloatPlan(nullptr, why->second);
  }
  auto range = resources_.range.find(key->second);
  if (range == resources_.range.end()) {
    return FloatPlan(nullptr, absl::StrCat("resource variable '", key->second, "' has no calibrated range"));
  }
  OpPlan p;
  p.mode = OpMode::kQuantized;
  p.resource = key->second;
  (code == Op::READ_VARIABLE ? p.int_outputs : p.int_inputs).push_back(pos);
  range_override_[list[pos]] = range->second;
  return p;
}

absl::Status SubgraphPass::RunResourceOp(int op, TflOperator& o) {
  const std::pair<float, float> range = resources_.range.at(plans_[op].resource);
  const AffineParams target = ActivationParams(range.first, range.second);
  if (CodeOf(op) == Op::READ_VARIABLE) {
    return QuantizeInPlace(o.outputs[0], absl::StrCat("value of ", Describe(op)));
  }
  const int t = o.inputs[1];
  if (IsConst(t)) {  // an initial value (in a CALL_ONCE subgraph)
    absl::StatusOr<QuantizedConst> q = AffineConst(t, act_, target);
    if (!q.ok()) return q.status();
    q->mins = {std::min(range.first, 0.0f)};
    q->maxs = {std::max(range.second, 0.0f)};
    o.inputs[1] = PlaceConst(t, *std::move(q), false);
    return absl::OkStatus();
  }
  absl::StatusOr<int> it = EnsureInt(t, op);
  if (!it.ok()) return it.status();
  o.inputs[1] = Requantize(*it, target, *it);
  return absl::OkStatus();
}

absl::Status SubgraphPass::Run() {
  const int num_ops = static_cast<int>(orig_.subgraphs[sub_].operators.size());
  for (int op = 0; op < num_ops; ++op) {
    absl::Status s = RunOp(op);
    if (!s.ok()) return s;
  }
  absl::Status s = SetBoundaryTypes();
  if (!s.ok()) return s;
  std::vector<TflOperator> ops = std::move(head_ops_);
  for (TflOperator& o : new_ops_) ops.push_back(std::move(o));
  for (TflOperator& o : tail_ops_) ops.push_back(std::move(o));
  g().operators = std::move(ops);
  return absl::OkStatus();
}

}  // namespace full_integer
}  // namespace tfconv
