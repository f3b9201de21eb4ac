#include "converter/optimize/pattern_util.h"

#include <cmath>
#include <utility>

namespace tfconv {

PatternMatcher::PatternMatcher(const TflModel& model, int subgraph, const GraphView& view,
                               const std::vector<bool>& touched)
    : model_(model), g_(model.subgraphs[subgraph]), view_(view), touched_(touched) {}

bool PatternMatcher::PlainFloatOp(int i) const {
  const TflOperator& o = g_.operators[i];
  if (o.outputs.size() != 1 || o.outputs[0] < 0 || !o.intermediates.empty()) return false;
  for (size_t i = 0; i < o.inputs.size(); ++i) {
    const int32_t t = o.inputs[i];
    if (t < 0 && i >= 2) continue;
    if (t < 0 || !IsPlainFloat(g_.tensors[t]) || g_.tensors[t].is_variable) return false;
  }
  return IsPlainFloat(g_.tensors[o.outputs[0]]);
}

tflite::ActivationFunctionType PatternMatcher::Activation(int i) const {
  const std::optional<tflite::ActivationFunctionType> act = FusedActivation(model_, g_.operators[i]);
  return act.value_or(tflite::ActivationFunctionType::NONE);
}

int PatternMatcher::Feeding(int32_t t, int reader, tflite::BuiltinOperator c, bool allow_activation) const {
  if (t < 0) return -1;
  const int p = view_.producer(t);
  if (p < 0 || touched_[p] || code(p) != c || !view_.SoleReaderIs(t, reader)) return -1;
  if (!PlainFloatOp(p) || g_.operators[p].outputs[0] != t) return -1;
  if (!allow_activation && !NoActivation(p)) return -1;
  return p;
}

int PatternMatcher::FeedingData(int32_t t, int reader, tflite::BuiltinOperator c) const {
  if (t < 0) return -1;
  const int p = view_.producer(t);
  if (p < 0 || touched_[p] || code(p) != c || !view_.SoleReaderIs(t, reader)) return -1;
  const TflOperator& o = g_.operators[p];
  if (o.outputs.size() != 1 || o.outputs[0] != t || o.inputs.empty() || o.inputs[0] < 0 || !o.intermediates.empty()) {
    return -1;
  }
  return IsPlainFloat(g_.tensors[o.inputs[0]]) && IsPlainFloat(g_.tensors[t]) ? p : -1;
}

std::optional<double> PatternMatcher::Scalar(int32_t t) const {
  if (t < 0) return std::nullopt;
  std::optional<std::vector<float>> v = ConstantFloats(model_, g_.tensors[t]);
  if (!v.has_value() || v->size() != 1 || !std::isfinite((*v)[0])) return std::nullopt;
  return (*v)[0];
}

bool PatternMatcher::IsConstant(int32_t t) const { return t >= 0 && ConstantBytes(model_, g_.tensors[t]) != nullptr; }

bool PatternMatcher::SameShape(int32_t x, int32_t y) const {
  const TflTensor& a = g_.tensors[x];
  const TflTensor& b = g_.tensors[y];
  if (a.shape != b.shape || a.has_rank != b.has_rank) return false;
  const std::vector<int32_t>& sa = a.shape_signature.empty() ? a.shape : a.shape_signature;
  const std::vector<int32_t>& sb = b.shape_signature.empty() ? b.shape : b.shape_signature;
  return sa == sb;
}

bool NearlyEqual(double value, double expected) {
  return std::fabs(value - expected) <= 1e-6 * std::fabs(expected);
}

void ReplaceOperator(TflModel& model, TflSubgraph& g, int root, tflite::BuiltinOperator code,
                     std::vector<int32_t> inputs, tflite::BuiltinOptionsUnion options) {
  TflOperator& op = g.operators[root];
  op.opcode_index = model.OpcodeIndex(code);
  op.inputs = std::move(inputs);
  op.builtin_options = std::move(options);
  op.builtin_options_2.Reset();
  op.custom_options.clear();
  op.intermediates.clear();
  op.mutating_variable_inputs.clear();
}

int RewriteEverywhere(TflModel& model, const PatternRewrite& rewrite) {
  int total = 0;
  for (size_t s = 0; s < model.subgraphs.size(); ++s) {
    const size_t n = model.subgraphs[s].operators.size();
    const GraphView view(model, static_cast<int>(s));
    std::vector<bool> touched(n, false), dead(n, false);
    const PatternMatcher m(model, static_cast<int>(s), view, touched);
    int rewrites = 0;
    for (size_t i = 0; i < n; ++i) {
      if (touched[i]) continue;
      PatternOps ops;
      if (!rewrite(model, static_cast<int>(s), m, static_cast<int>(i), ops)) continue;
      touched[i] = true;
      for (int e : ops.erased) touched[e] = dead[e] = true;
      for (int c : ops.changed) touched[c] = true;
      ++rewrites;
    }
    if (rewrites > 0) EraseOperators(model.subgraphs[s], dead);
    total += rewrites;
  }
  return total;
}

}  // namespace tfconv
