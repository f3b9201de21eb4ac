#include "converter/optimize/fuse_leaky_relu.h"

#include <cmath>
#include <optional>
#include <vector>

#include "converter/optimize/pattern_util.h"

namespace tfconv {
namespace {

using B = tflite::BuiltinOperator;

bool Rewrite(TflModel& model, int s, const PatternMatcher& m, int root, PatternOps& result) {
  if (m.code(root) != B::MAXIMUM || !m.PlainFloatOp(root)) return false;
  const TflOperator& r = m.op(root);
  if (r.inputs.size() != 2) return false;
  for (int pos = 0; pos < 2; ++pos) {
    const int32_t x = r.inputs[pos];
    const int mul = m.Feeding(r.inputs[1 - pos], root, B::MUL);
    if (mul < 0 || m.op(mul).inputs.size() != 2 || m.IsConstant(x)) continue;
    for (int kpos = 0; kpos < 2; ++kpos) {
      if (m.op(mul).inputs[1 - kpos] != x) continue;
      const std::optional<double> alpha = m.Scalar(m.op(mul).inputs[kpos]);
      if (!alpha.has_value() || !(std::fabs(*alpha) < 1.0) || !m.SameShape(x, r.outputs[0])) continue;
      tflite::LeakyReluOptionsT options;
      options.alpha = static_cast<float>(*alpha);
      tflite::BuiltinOptionsUnion u;
      u.Set(options);
      ReplaceOperator(model, model.subgraphs[s], root, B::LEAKY_RELU, {x}, std::move(u));
      result.erased = {mul};
      return true;
    }
  }
  return false;
}

}  // namespace

int FuseLeakyRelu(TflModel& model) { return RewriteEverywhere(model, Rewrite); }

}  // namespace tfconv
