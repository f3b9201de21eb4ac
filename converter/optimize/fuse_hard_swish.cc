#include "converter/optimize/fuse_hard_swish.h"

#include <optional>
#include <vector>

#include "converter/optimize/pattern_util.h"

namespace tfconv {
namespace {

using B = tflite::BuiltinOperator;
using A = tflite::ActivationFunctionType;

// x when `t`, read by `reader`, is relu6(x + 3); the operators involved go to `ops`.
std::optional<int32_t> Relu6OfXPlus3(const PatternMatcher& m, int32_t t, int reader, std::vector<int>& ops) {
  int add = m.Feeding(t, reader, B::ADD, /*allow_activation=*/true);
  std::vector<int> found;
  if (add >= 0) {
    if (m.Activation(add) != A::RELU6) return std::nullopt;
  } else {
    const int relu6 = m.Feeding(t, reader, B::RELU6);
    if (relu6 < 0 || m.op(relu6).inputs.size() != 1) return std::nullopt;
    add = m.Feeding(m.op(relu6).inputs[0], relu6, B::ADD);
    if (add < 0) return std::nullopt;
    found.push_back(relu6);
  }
  const TflOperator& a = m.op(add);
  if (a.inputs.size() != 2) return std::nullopt;
  for (int pos = 0; pos < 2; ++pos) {
    const int32_t x = a.inputs[pos];
    const std::optional<double> k = m.Scalar(a.inputs[1 - pos]);
    if (!k.has_value() || !NearlyEqual(*k, 3.0) || m.IsConstant(x) || !m.SameShape(x, a.outputs[0])) continue;
    found.push_back(add);
    ops.insert(ops.end(), found.begin(), found.end());
    return x;
  }
  return std::nullopt;
}

// The operand v when operator `op` computes v / 6 (a MUL by 1/6 in either order, or a DIV by 6).
std::optional<int32_t> SixthOf(const PatternMatcher& m, int op) {
  const TflOperator& o = m.op(op);
  if (o.inputs.size() != 2 || !m.PlainFloatOp(op) || !m.NoActivation(op)) return std::nullopt;
  if (m.code(op) == B::DIV) {
    const std::optional<double> k = m.Scalar(o.inputs[1]);
    if (k.has_value() && NearlyEqual(*k, 6.0) && !m.IsConstant(o.inputs[0])) return o.inputs[0];
    return std::nullopt;
  }
  if (m.code(op) != B::MUL) return std::nullopt;
  for (int pos = 0; pos < 2; ++pos) {
    const std::optional<double> k = m.Scalar(o.inputs[1 - pos]);
    if (k.has_value() && NearlyEqual(*k, 1.0 / 6.0) && !m.IsConstant(o.inputs[pos])) return o.inputs[pos];
  }
  return std::nullopt;
}

// x when operator `mul` is MUL(x, relu6(x + 3)) in either order.
std::optional<int32_t> TimesRelu6(const PatternMatcher& m, int mul, std::vector<int>& ops) {
  const TflOperator& o = m.op(mul);
  if (m.code(mul) != B::MUL || o.inputs.size() != 2) return std::nullopt;
  for (int pos = 0; pos < 2; ++pos) {
    std::vector<int> found;
    const std::optional<int32_t> x = Relu6OfXPlus3(m, o.inputs[1 - pos], mul, found);
    if (x.has_value() && *x == o.inputs[pos]) {
      ops.insert(ops.end(), found.begin(), found.end());
      return x;
    }
  }
  return std::nullopt;
}

bool Rewrite(TflModel& model, int s, const PatternMatcher& m, int root, PatternOps& result) {
  const B code = m.code(root);
  if ((code != B::MUL && code != B::DIV) || !m.PlainFloatOp(root) || !m.NoActivation(root)) return false;
  const TflOperator& r = m.op(root);
  if (r.inputs.size() != 2) return false;
  std::optional<int32_t> x;
  std::vector<int> ops;
  // (x * relu6(x + 3)) / 6
  if (const std::optional<int32_t> v = SixthOf(m, root)) {
    const int mul = m.Feeding(*v, root, B::MUL);
    if (mul >= 0 && (x = TimesRelu6(m, mul, ops))) ops.push_back(mul);
  }
  // x * (relu6(x + 3) / 6)
  for (int pos = 0; !x.has_value() && code == B::MUL && pos < 2; ++pos) {
    const int32_t h = r.inputs[1 - pos];
    int sixth = m.Feeding(h, root, B::MUL);
    if (sixth < 0) sixth = m.Feeding(h, root, B::DIV);
    if (sixth < 0) continue;
    const std::optional<int32_t> v = SixthOf(m, sixth);
    if (!v.has_value()) continue;
    std::vector<int> found;
    const std::optional<int32_t> y = Relu6OfXPlus3(m, *v, sixth, found);
    if (!y.has_value() || *y != r.inputs[pos]) continue;
    x = y;
    ops = std::move(found);
    ops.push_back(sixth);
  }
  if (!x.has_value() || !m.SameShape(*x, r.outputs[0])) return false;
  ReplaceOperator(model, model.subgraphs[s], root, B::HARD_SWISH, {*x});
  result.erased = std::move(ops);
  return true;
}

}  // namespace

int FuseHardSwish(TflModel& model) { return RewriteEverywhere(model, Rewrite); }

}  // namespace tfconv
