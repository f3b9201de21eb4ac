#include "converter/optimize/fuse_prelu.h"

#include <optional>
#include <string>
#include <vector>

#include "converter/optimize/pattern_util.h"

namespace tfconv {
namespace {

using B = tflite::BuiltinOperator;

// k broadcasts to x's shape without changing it, in a form TFLite's PRELU kernels accept.
bool AlphaFits(const TflTensor& k, const TflTensor& x) {
  const std::optional<std::vector<int32_t>> ks = StaticShape(k);
  if (!ks.has_value() || !x.has_rank || ks->size() > x.shape.size()) return false;
  const std::vector<int32_t>& xs = x.shape_signature.empty() ? x.shape : x.shape_signature;
  if (xs.size() != x.shape.size()) return false;
  const size_t offset = x.shape.size() - ks->size();
  for (size_t d = 0; d < ks->size(); ++d) {
    const int32_t kd = (*ks)[d], xd = xs[offset + d];
    if (kd != 1 && kd != xd) return false;  // a dynamic x dim (-1) only takes 1
  }
  return *ks == x.shape || x.shape.size() <= 4;
}

// x when `t`, read by `reader`, is relu(-x); the operators go to `ops`.
std::optional<int32_t> ReluOfNeg(const PatternMatcher& m, int32_t t, int reader, std::vector<int>& ops) {
  const int relu = m.Feeding(t, reader, B::RELU);
  if (relu < 0 || m.op(relu).inputs.size() != 1) return std::nullopt;
  const int neg = m.Feeding(m.op(relu).inputs[0], relu, B::NEG);
  if (neg < 0 || m.op(neg).inputs.size() != 1) return std::nullopt;
  const int32_t x = m.op(neg).inputs[0];
  if (m.IsConstant(x)) return std::nullopt;
  ops.push_back(relu);
  ops.push_back(neg);
  return x;
}

bool Rewrite(TflModel& model, int s, const PatternMatcher& m, int root, PatternOps& result) {
  const B code = m.code(root);
  if ((code != B::ADD && code != B::SUB) || !m.PlainFloatOp(root) || !m.NoActivation(root)) return false;
  const TflOperator& r = m.op(root);
  if (r.inputs.size() != 2) return false;
  // SUB keeps its order (relu(x) - ...); ADD takes relu(x) on either side.
  for (int pos = 0; pos < (code == B::ADD ? 2 : 1); ++pos) {
    const int relu = m.Feeding(r.inputs[pos], root, B::RELU);
    const int mul = m.Feeding(r.inputs[1 - pos], root, B::MUL);
    if (relu < 0 || mul < 0 || m.op(relu).inputs.size() != 1 || m.op(mul).inputs.size() != 2) continue;
    const int32_t x = m.op(relu).inputs[0];
    for (int kpos = 0; kpos < 2; ++kpos) {
      const int32_t k = m.op(mul).inputs[kpos];
      std::vector<int> ops = {relu, mul};
      const std::optional<int32_t> nx = ReluOfNeg(m, m.op(mul).inputs[1 - kpos], mul, ops);
      if (!nx.has_value() || *nx != x || !m.IsConstant(k) || !m.SameShape(x, r.outputs[0])) continue;
      if (!AlphaFits(m.tensor(k), m.tensor(x))) continue;
      std::optional<std::vector<float>> values = ConstantFloats(model, m.tensor(k));
      if (!values.has_value()) continue;
      TflSubgraph& g = model.subgraphs[s];
      int32_t alpha = k;
      if (code == B::ADD) {
        // relu(x) + k * relu(-x) is x for x >= 0 and -k * x below: alpha = -k, in a new constant.
        for (float& v : *values) v = -v;
        std::vector<int32_t> shape = g.tensors[k].shape;
        alpha = AddFloatConstant(model, g, g.tensors[r.outputs[0]].name + "/alpha", std::move(shape), *values);
      }
      ReplaceOperator(model, g, root, B::PRELU, {x, alpha});
      result.erased = std::move(ops);
      return true;
    }
  }
  return false;
}

}  // namespace

int FusePRelu(TflModel& model) { return RewriteEverywhere(model, Rewrite); }

}  // namespace tfconv
