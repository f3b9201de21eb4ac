// SVDF and LSTM: operators whose integer kernels take several tensor kinds at once (int16 time
// weights and states, biases at derived scales, recorded intermediates), following the official
// operator properties for them.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "quantization/full_integer/quant_arith.h"
#include "quantization/full_integer/subgraph_pass.h"

namespace tfconv {
namespace full_integer {
namespace {

using TT = tflite::TensorType;

// LSTM operand positions (the 24-input full kernel).
constexpr int kInput = 0;
constexpr int kInputToInput = 1;    // 1..4: input-to-gate weights (input, forget, cell, output)
constexpr int kRecurrentFirst = 5;  // 5..8: recurrent-to-gate weights
constexpr int kPeepholeFirst = 9;   // 9..11: cell-to-gate (peephole) weights
constexpr int kGateBiasFirst = 12;  // 12..15
constexpr int kProjWeights = 16;
constexpr int kProjBias = 17;
constexpr int kOutputState = 18;
constexpr int kCellState = 19;
constexpr int kLayerNormFirst = 20;  // 20..23
constexpr int kHiddenIntermediate = 4;

// The layer-norm gate biases live at scale ln_weight_scale * 2^-10 (the kernel's fixed point).
const float kLayerNormBiasFactor = std::pow(2.0f, -10.0f);

}  // namespace

OpPlan SubgraphPass::PlanSvdf(int op, const OpQuantRule& rule) {
  const TflOperator& o = orig_.subgraphs[sub_].operators[op];
  OpPlan p;
  p.rule = &rule;
  p.mode = OpMode::kFloat;
  if (o.inputs.size() != 5 || o.outputs.empty()) {
    p.reason = "an SVDF needs 5 inputs (input, feature weights, time weights, bias, state)";
    return p;
  }
  if (!Present(o.inputs, 0) || !IsFloatActivation(o.inputs[0])) {
    p.reason = "its input is not a float activation";
    return p;
  }
  for (int pos : {1, 2}) {
    if (!Present(o.inputs, pos) || !IsFloat(o.inputs[pos]) || !IsConst(o.inputs[pos])) {
      p.reason = absl::StrCat("its input ", pos, " is not a float constant");
      return p;
    }
  }
  if (Present(o.inputs, 3) && (!IsFloat(o.inputs[3]) || !IsConst(o.inputs[3]))) {
    p.reason = "its bias is not a float constant";
    return p;
  }
  if (!Present(o.inputs, 4) || !IsFloat(o.inputs[4]) || !Orig(o.inputs[4]).is_variable) {
    p.reason = "its state (input 4) is not a float variable tensor";
    return p;
  }
  p.mode = OpMode::kQuantized;
  p.reason.clear();
  p.int_inputs = {0, 1, 2, 4};
  if (Present(o.inputs, 3)) p.int_inputs.push_back(3);
  if (IsFloat(o.outputs[0])) p.int_outputs = {0};
  return p;
}

absl::Status SubgraphPass::RunSvdf(int op, TflOperator& o) {
  const std::string who = Describe(op);
  absl::StatusOr<int> in = EnsureInt(o.inputs[0], op);
  if (!in.ok()) return in.status();
  o.inputs[0] = *in;

  absl::StatusOr<QuantizedConst> feature = WeightConst(o.inputs[1], -1, nullptr);
  if (!feature.ok()) return feature.status();
  o.inputs[1] = PlaceConst(o.inputs[1], *std::move(feature), false);

  // Time weights: int16 holding 10 bits (range / 512), leaving headroom for the reduction over
  // the memory that follows the element-wise product with the state.
  absl::StatusOr<std::vector<float>> time = ReadFloatConstant(orig_, Orig(o.inputs[2]));
  if (!time.ok()) return time.status();
  float time_range = 0;
  for (float v : *time) time_range = std::max(time_range, std::abs(v));
  const float time_scale = time_range / 512.0f;
  absl::StatusOr<QuantizedConst> time_q = Int16ConstWithScale(o.inputs[2], time_scale);
  if (!time_q.ok()) return time_q.status();
  o.inputs[2] = PlaceConst(o.inputs[2], *std::move(time_q), false);

  // State: int16 symmetric from its recorded range.
  const int state = o.inputs[4];
  absl::StatusOr<std::pair<float, float>> range = RangeOf(state, absl::StrCat("state of ", who));
  if (!range.ok()) return range.status();
  const float state_scale =
      std::max(std::abs(range->first), std::abs(range->second)) / 32767.0f;
  absl::Status s = QuantizeVariable(state, TT::INT16, {state_scale, 0}, "SVDF state");
  if (!s.ok()) return s;

  if (Present(o.inputs, 3)) {  // bias at time_scale * state_scale
    absl::StatusOr<QuantizedConst> bias = BiasConst(o.inputs[3], time_scale, {state_scale});
    if (!bias.ok()) return bias.status();
    if (bias->type != TT::INT32) {
      return absl::InternalError("SVDF is int8-only, its bias must be int32");
    }
    o.inputs[3] = PlaceConst(o.inputs[3], *std::move(bias), true);
  }
  if (!plans_[op].int_outputs.empty()) {
    return QuantizeInPlace(o.outputs[0], absl::StrCat("output of ", who));
  }
  return absl::OkStatus();
}

OpPlan SubgraphPass::PlanLstm(int op, const OpQuantRule& rule) {
  const TflOperator& o = orig_.subgraphs[sub_].operators[op];
  OpPlan p;
  p.rule = &rule;
  p.mode = OpMode::kFloat;
  const size_t n = o.inputs.size();
  if (n != 20 && n != 24) {
    p.reason = "only the full LSTM kernel (20 or 24 inputs) has an integer form";
    return p;
  }
  if (auto* lstm = o.builtin_options.AsLSTMOptions();
      lstm != nullptr && lstm->kernel_type != tflite::LSTMKernelType::FULL) {
    p.reason = "the basic LSTM kernel has no integer form";
    return p;
  }
  if (o.intermediates.size() != 5) {
    p.reason =
        "its integer kernel needs the 5 intermediate tensors with calibrated ranges, which the "
        "model does not have";
    return p;
  }
  const bool layer_norm = n == 24 && Present(o.inputs, kLayerNormFirst + 1);
  const bool projection = Present(o.inputs, kProjWeights);
  const bool peephole = Present(o.inputs, kPeepholeFirst + 2);
  for (int k = 0; k < 5; ++k) {
    const int t = o.intermediates[k];
    const bool needed = (layer_norm && k < 4) || (projection && Present(o.inputs, kProjBias) &&
                                                  k == kHiddenIntermediate);
    if (t < 0 || t >= static_cast<int>(num_orig_)) {
      if (needed) {
        p.reason = absl::StrCat("its intermediate ", k, " is missing");
        return p;
      }
      continue;
    }
    if (needed && !HasRange(t)) {
      p.reason = absl::StrCat("its intermediate tensor '", Orig(t).name,
                              "' has no calibrated range (the calibrator does not record LSTM "
                              "internals)");
      return p;
    }
  }
  if (!Present(o.inputs, kInput) || !IsFloatActivation(o.inputs[kInput])) {
    p.reason = "its input is not a float activation";
    return p;
  }
  for (int pos : {kOutputState, kCellState}) {
    if (!Present(o.inputs, pos) || !IsFloat(o.inputs[pos]) || IsConst(o.inputs[pos])) {
      p.reason = absl::StrCat("its state input ", pos, " is not a float variable tensor");
      return p;
    }
  }
  std::vector<int> constants;
  for (int pos = kInputToInput; pos < kRecurrentFirst + 4; ++pos) constants.push_back(pos);
  if (peephole) {
    for (int pos = kPeepholeFirst; pos < kPeepholeFirst + 3; ++pos) constants.push_back(pos);
  }
  for (int pos = kGateBiasFirst; pos < kGateBiasFirst + 4; ++pos) constants.push_back(pos);
  if (projection) {
    constants.push_back(kProjWeights);
    constants.push_back(kProjBias);
  }
  if (layer_norm) {
    for (int pos = kLayerNormFirst; pos < kLayerNormFirst + 4; ++pos) constants.push_back(pos);
  }
  p.int_inputs = {kInput, kOutputState, kCellState};
  for (int pos : constants) {
    if (!Present(o.inputs, pos)) continue;  // CIFG, no peephole...
    if (!IsFloat(o.inputs[pos]) || !IsConst(o.inputs[pos])) {
      p.reason = absl::StrCat("its input ", pos, " ('", Orig(o.inputs[pos]).name,
                              "') is not a float constant");
      p.int_inputs.clear();
      return p;
    }
    p.int_inputs.push_back(pos);
  }
  p.mode = OpMode::kQuantized;
  if (!o.outputs.empty() && IsFloat(o.outputs[0])) p.int_outputs = {0};
  return p;
}

absl::Status SubgraphPass::RunLstm(int op, TflOperator& o) {
  const std::string who = Describe(op);
  const OpPlan& plan = plans_[op];
  auto has = [&](int pos) { return std::find(plan.int_inputs.begin(), plan.int_inputs.end(), pos) !=
                                   plan.int_inputs.end(); };
  const bool layer_norm = o.inputs.size() == 24 && Present(o.inputs, kLayerNormFirst + 1);

  absl::StatusOr<int> in = EnsureInt(o.inputs[kInput], op);
  if (!in.ok()) return in.status();
  o.inputs[kInput] = *in;

  // Weights: int8 symmetric per tensor; peephole and layer-norm weights int16 symmetric.
  for (int pos = kInputToInput; pos < kRecurrentFirst + 4; ++pos) {
    if (!has(pos)) continue;
    absl::StatusOr<QuantizedConst> q = WeightConst(o.inputs[pos], -1, nullptr);
    if (!q.ok()) return q.status();
    o.inputs[pos] = PlaceConst(o.inputs[pos], *std::move(q), false);
  }
  if (has(kProjWeights)) {
    absl::StatusOr<QuantizedConst> q = WeightConst(o.inputs[kProjWeights], -1, nullptr);
    if (!q.ok()) return q.status();
    o.inputs[kProjWeights] = PlaceConst(o.inputs[kProjWeights], *std::move(q), false);
  }
  for (int pos : {9, 10, 11, 20, 21, 22, 23}) {
    if (!has(pos)) continue;
    absl::StatusOr<QuantizedConst> q = Int16Const(o.inputs[pos]);
    if (!q.ok()) return q.status();
    o.inputs[pos] = PlaceConst(o.inputs[pos], *std::move(q), false);
  }

  // Cell state: int16 at a power-of-two scale.
  const int cell = o.inputs[kCellState];
  absl::StatusOr<std::pair<float, float>> cell_range = RangeOf(cell, absl::StrCat("cell state of ", who));
  if (!cell_range.ok()) return cell_range.status();
  absl::Status s = QuantizeVariable(
      cell, TT::INT16, {PowerOfTwoScale(cell_range->first, cell_range->second), 0}, "LSTM cell state");
  if (!s.ok()) return s;

  // Intermediates: int16 symmetric (layer-norm inputs) or int8 like activations; the hidden state
  // (4) always int8.
  for (int k = 0; k < 5; ++k) {
    const int t = o.intermediates[k];
    if (t < 0 || t >= static_cast<int>(num_orig_) || !HasRange(t)) continue;
    const std::string role = absl::StrCat("intermediate ", k, " of ", who);
    if (layer_norm && k < 4) {
      absl::StatusOr<std::pair<float, float>> r = RangeOf(t, role);
      if (!r.ok()) return r.status();
      const float range = std::max(std::abs(r->first), std::abs(r->second));
      if (range < 1e-8f) {
        return absl::FailedPreconditionError(absl::StrCat(
            "tensor '", Orig(t).name, "' (", role, ") has a calibrated range of zero"));
      }
      SetParams(t, TT::INT16, {range / 32767.0f, 0});
    } else {
      absl::Status qs = QuantizeInPlace(t, role);
      if (!qs.ok()) return qs;
    }
  }

  // The output state and the output share one range (the output is the next step's state).
  const int state = o.inputs[kOutputState];
  absl::StatusOr<std::pair<float, float>> state_range =
      RangeOf(state, absl::StrCat("output state of ", who));
  if (!state_range.ok()) return state_range.status();
  float lo = state_range->first, hi = state_range->second;
  const bool output_int = !plan.int_outputs.empty();
  if (output_int) {
    absl::StatusOr<std::pair<float, float>> out_range =
        RangeOf(o.outputs[0], absl::StrCat("output of ", who));
    if (!out_range.ok()) return out_range.status();
    lo = std::min(lo, out_range->first);
    hi = std::max(hi, out_range->second);
  }
  const AffineParams shared = AsymmetricParams(lo, hi, TT::INT8);
  s = QuantizeVariable(state, TT::INT8, shared, "LSTM output state");
  if (!s.ok()) return s;
  W(state).quantization->min.clear();
  W(state).quantization->max.clear();
  if (output_int) SetParams(o.outputs[0], TT::INT8, shared);

  // Biases at derived scales.
  for (int k = 0; k < 4; ++k) {
    const int pos = kGateBiasFirst + k;
    if (!has(pos)) continue;
    float scale_a = 0, scale_b = 0;
    if (layer_norm) {
      if (!Present(o.inputs, kLayerNormFirst + k)) {
        return absl::InvalidArgumentError(absl::StrCat(who, " has gate bias ", pos,
                                                       " but no layer-norm weights for it"));
      }
      scale_a = ScaleOf(o.inputs[kLayerNormFirst + k]);
      scale_b = kLayerNormBiasFactor;
    } else {
      if (!Present(o.inputs, kInputToInput + k)) {
        return absl::InvalidArgumentError(absl::StrCat(who, " has gate bias ", pos,
                                                       " but no input weights for that gate"));
      }
      scale_a = ScaleOf(o.inputs[kInput]);
      scale_b = ScaleOf(o.inputs[kInputToInput + k]);
    }
    absl::StatusOr<QuantizedConst> q = BiasConst(o.inputs[pos], scale_a, {scale_b});
    if (!q.ok()) return q.status();
    o.inputs[pos] = PlaceConst(o.inputs[pos], *std::move(q), true);
  }
  if (has(kProjBias)) {
    const int hidden = o.intermediates[kHiddenIntermediate];
    absl::StatusOr<QuantizedConst> q =
        BiasConst(o.inputs[kProjBias], ScaleOf(o.inputs[kProjWeights]), {ScaleOf(hidden)});
    if (!q.ok()) return q.status();
    o.inputs[kProjBias] = PlaceConst(o.inputs[kProjBias], *std::move(q), true);
  }
  return absl::OkStatus();
}

}  // namespace full_integer
}  // namespace tfconv
