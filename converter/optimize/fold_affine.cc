#include "converter/optimize/fold_affine.h"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "converter/optimize/graph_view.h"

namespace tfconv {
namespace {

using B = tflite::BuiltinOperator;
using A = tflite::ActivationFunctionType;

// A binary op (index `binary`) whose operand `t` comes from the affine op `affine`, the other
// operand being per-channel constants `k` (expanded to one value per output channel).
struct Match {
  int binary = -1;
  int affine = -1;
  int channels = 0;
  std::vector<float> k;
  bool has_bias = false;
  std::vector<float> bias;  // zeros when there is none
};

// The number of output channels of an affine op, from its weights' static shape.
std::optional<int> OutputChannels(B op, const TflTensor& weights) {
  std::optional<std::vector<int32_t>> shape = StaticShape(weights);
  if (!shape.has_value()) return std::nullopt;
  switch (op) {
    case B::CONV_2D:
      if (shape->size() == 4) return (*shape)[0];
      break;
    case B::DEPTHWISE_CONV_2D:
      if (shape->size() == 4) return (*shape)[3];
      break;
    case B::FULLY_CONNECTED:
      if (shape->size() == 2) return (*shape)[0];
      break;
    default: break;
  }
  return std::nullopt;
}

// The shape with -1 for dynamic dims; nullopt when the rank is unknown.
std::optional<std::vector<int32_t>> RankedSignature(const TflTensor& t) {
  if (t.shape.empty() && !t.has_rank) return std::nullopt;
  if (!t.shape_signature.empty() && t.shape_signature.size() != t.shape.size()) return std::nullopt;
  return t.shape_signature.empty() ? t.shape : t.shape_signature;
}

bool IsAffine(B op) { return op == B::CONV_2D || op == B::DEPTHWISE_CONV_2D || op == B::FULLY_CONNECTED; }

bool AffineOpIsPlain(const TflModel& model, const TflSubgraph& g, const TflOperator& op) {
  if (op.inputs.size() < 2 || op.outputs.size() != 1 || op.outputs[0] < 0) return false;
  for (int32_t t : op.inputs) {
    if (t >= 0 && !IsPlainFloat(g.tensors[t])) return false;  // quantized or hybrid kernels
  }
  if (op.inputs[0] < 0 || op.inputs[1] < 0 || !IsPlainFloat(g.tensors[op.outputs[0]])) return false;
  if (FusedActivation(model, op) != A::NONE) return false;
  if (const tflite::FullyConnectedOptionsT* fc = op.builtin_options.AsFullyConnectedOptions()) {
    if (fc->weights_format != tflite::FullyConnectedOptionsWeightsFormat::DEFAULT) return false;
  }
  return true;
}

// Per-channel constants: one element, or all dims 1 but the last, which is `channels` (or 1), of
// rank at most `rank`.
std::optional<std::vector<float>> PerChannel(const TflModel& model, const TflTensor& t, int channels, size_t rank) {
  std::optional<std::vector<float>> values = ConstantFloats(model, t);
  if (!values.has_value() || t.shape.size() > rank) return std::nullopt;
  for (size_t d = 0; d + 1 < t.shape.size(); ++d) {
    if (t.shape[d] != 1) return std::nullopt;
  }
  if (values->size() == 1) return std::vector<float>(static_cast<size_t>(channels), (*values)[0]);
  if (static_cast<int>(values->size()) == channels && !t.shape.empty() && t.shape.back() == channels) return values;
  return std::nullopt;
}

std::optional<Match> MatchAt(const TflModel& model, const TflSubgraph& g, const GraphView& view, int i,
                             const std::vector<bool>& touched, bool commutative) {
  const TflOperator& bin = g.operators[i];
  if (bin.inputs.size() != 2 || bin.outputs.size() != 1 || bin.outputs[0] < 0) return std::nullopt;
  const TflTensor& y = g.tensors[bin.outputs[0]];
  if (!IsPlainFloat(y)) return std::nullopt;
  for (int pos = 0; pos < (commutative ? 2 : 1); ++pos) {
    const int32_t t = bin.inputs[pos], kt = bin.inputs[1 - pos];
    if (t < 0 || kt < 0 || t == kt) continue;
    const int p = view.producer(t);
    if (p < 0 || touched[p] || !view.SoleReaderIs(t, i)) continue;
    const TflOperator& aff = g.operators[p];
    const B aff_op = BuiltinOf(model, aff);
    if (!IsAffine(aff_op) || !AffineOpIsPlain(model, g, aff)) continue;
    std::optional<int> channels = OutputChannels(aff_op, g.tensors[aff.inputs[1]]);
    // The binary op must not broadcast the affine output to a larger shape; dynamic dims (a -1
    // batch) are fine since the constant is 1 there.
    const std::optional<std::vector<int32_t>> t_shape = RankedSignature(g.tensors[t]);
    if (!channels.has_value() || *channels <= 0 || !t_shape.has_value() || t_shape->empty() ||
        t_shape->back() != *channels || RankedSignature(y) != t_shape || y.shape != g.tensors[t].shape) {
      continue;
    }
    std::optional<std::vector<float>> k = PerChannel(model, g.tensors[kt], *channels, t_shape->size());
    if (!k.has_value()) continue;
    Match m;
    m.binary = i;
    m.affine = p;
    m.channels = *channels;
    m.k = *std::move(k);
    m.bias.assign(static_cast<size_t>(*channels), 0.0f);
    if (aff.inputs.size() > 2 && aff.inputs[2] >= 0) {
      std::optional<std::vector<float>> bias = ConstantFloats(model, g.tensors[aff.inputs[2]]);
      if (!bias.has_value() || static_cast<int>(bias->size()) != *channels) continue;  // a computed bias
      m.has_bias = true;
      m.bias = *std::move(bias);
    }
    return m;
  }
  return std::nullopt;
}

// The name of a tensor that replaces `old` for operator `op`: the same name when `old` goes away
// with the rewrite, else a suffixed one so names stay unique.
std::string ReplacementName(const TflSubgraph& g, const GraphView& view, int32_t old, int op) {
  const std::string& name = g.tensors[old].name;
  return view.SoleReaderIs(old, op) ? name : name + "/fused";
}

// Rewires the affine op to write the binary op's output with its activation; marks the binary dead.
void Finish(TflModel& model, TflSubgraph& g, const Match& m, std::vector<bool>& dead, std::vector<bool>& touched) {
  TflOperator& bin = g.operators[m.binary];
  TflOperator& aff = g.operators[m.affine];
  const std::optional<A> act = FusedActivation(model, bin);
  if (act.has_value() && *act != A::NONE) *FusedActivationOf(model, aff, /*create=*/true) = *act;
  aff.outputs[0] = bin.outputs[0];
  dead[m.binary] = touched[m.binary] = touched[m.affine] = true;
}

void SetBias(TflModel& model, TflSubgraph& g, const GraphView& view, Match& m, const std::vector<float>& bias) {
  TflOperator& aff = g.operators[m.affine];
  std::string name = m.has_bias ? ReplacementName(g, view, aff.inputs[2], m.affine)
                                : g.tensors[aff.outputs[0]].name + "/bias";
  const int32_t t = AddFloatConstant(model, g, std::move(name), {m.channels}, bias);
  if (aff.inputs.size() < 3) aff.inputs.resize(3, -1);
  aff.inputs[2] = t;
}

int FoldBiasInSubgraph(TflModel& model, int s) {
  TflSubgraph& g = model.subgraphs[s];
  const GraphView view(model, s);
  const size_t n = g.operators.size();
  std::vector<bool> dead(n, false), touched(n, false);
  int folded = 0;
  for (size_t i = 0; i < n; ++i) {
    const B op = BuiltinOf(model, g.operators[i]);
    if ((op != B::ADD && op != B::SUB) || touched[i]) continue;
    std::optional<Match> m = MatchAt(model, g, view, static_cast<int>(i), touched, /*commutative=*/op == B::ADD);
    if (!m.has_value()) continue;
    std::vector<float> bias = m->bias;
    for (int c = 0; c < m->channels; ++c) bias[c] = op == B::ADD ? bias[c] + m->k[c] : bias[c] - m->k[c];
    SetBias(model, g, view, *m, bias);
    Finish(model, g, *m, dead, touched);
    ++folded;
  }
  if (folded > 0) EraseOperators(g, dead);
  return folded;
}

int FoldScaleInSubgraph(TflModel& model, int s) {
  TflSubgraph& g = model.subgraphs[s];
  const GraphView view(model, s);
  const size_t n = g.operators.size();
  std::vector<bool> dead(n, false), touched(n, false);
  int folded = 0;
  for (size_t i = 0; i < n; ++i) {
    const B op = BuiltinOf(model, g.operators[i]);
    if ((op != B::MUL && op != B::DIV) || touched[i]) continue;
    std::optional<Match> m = MatchAt(model, g, view, static_cast<int>(i), touched, /*commutative=*/op == B::MUL);
    if (!m.has_value()) continue;
    bool usable = true;
    for (float k : m->k) usable = usable && std::isfinite(k) && (op == B::MUL || k != 0.0f);
    const int32_t w = g.operators[m->affine].inputs[1];
    std::optional<std::vector<float>> weights = ConstantFloats(model, g.tensors[w]);
    if (!usable || !weights.has_value() || weights->empty()) continue;
    const B aff_op = BuiltinOf(model, g.operators[m->affine]);
    const size_t per_channel = weights->size() / static_cast<size_t>(m->channels);
    auto apply = [&](float v, int c) { return op == B::MUL ? v * m->k[c] : v / m->k[c]; };
    for (size_t e = 0; e < weights->size(); ++e) {
      // OHWI and [out, in]: the channel is the outermost dim; 1HWC: the innermost.
      const int c = aff_op == B::DEPTHWISE_CONV_2D ? static_cast<int>(e % m->channels) : static_cast<int>(e / per_channel);
      (*weights)[e] = apply((*weights)[e], c);
    }
    const TflTensor& old = g.tensors[w];
    std::vector<int32_t> shape = old.shape;
    const int32_t new_w = AddFloatConstant(model, g, ReplacementName(g, view, w, m->affine), shape, *weights);
    g.operators[m->affine].inputs[1] = new_w;
    if (m->has_bias) {
      std::vector<float> bias = m->bias;
      for (int c = 0; c < m->channels; ++c) bias[c] = apply(bias[c], c);
      SetBias(model, g, view, *m, bias);
    }
    Finish(model, g, *m, dead, touched);
    ++folded;
  }
  if (folded > 0) EraseOperators(g, dead);
  return folded;
}

}  // namespace

int FoldAddSubIntoBias(TflModel& model) {
  int folded = 0;
  for (size_t s = 0; s < model.subgraphs.size(); ++s) folded += FoldBiasInSubgraph(model, static_cast<int>(s));
  return folded;
}

int FoldMulDivIntoWeights(TflModel& model) {
  int folded = 0;
  for (size_t s = 0; s < model.subgraphs.size(); ++s) folded += FoldScaleInSubgraph(model, static_cast<int>(s));
  return folded;
}

}  // namespace tfconv
