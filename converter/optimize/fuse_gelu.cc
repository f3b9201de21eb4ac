#include "converter/optimize/fuse_gelu.h"

#include <cmath>
#include <optional>
#include <vector>

#include "converter/optimize/pattern_util.h"

namespace tfconv {
namespace {

using B = tflite::BuiltinOperator;

constexpr double kSqrt2OverPi = 0.79788456080286535588;  // sqrt(2 / pi)
constexpr double kSqrtHalf = 0.70710678118654752440;     // 1 / sqrt(2)
constexpr double kCubeCoefficient = 0.044715;
// Products are short; the bound only guards against walking a long chain of MULs.
constexpr int kMaxDepth = 6;

struct Factor {
  int32_t tensor;
  int reader;
};

// A product read through MUL operators (and DIV by a constant, POW(x, 3)) whose results have one
// reader: its non-constant factors, the product of its constants, the operators walked.
struct Product {
  std::vector<Factor> factors;
  double constant = 1;
  std::vector<int> ops;
};

bool AddOperands(const PatternMatcher& m, int mul, Product& p, int depth);

// Adds tensor `t`, read by `reader`, to the product.
bool AddFactor(const PatternMatcher& m, int32_t t, int reader, Product& p, int depth) {
  if (const std::optional<double> k = m.Scalar(t)) {
    p.constant *= *k;
    return true;
  }
  if (m.IsConstant(t)) return false;
  if (depth < kMaxDepth) {
    if (const int mul = m.Feeding(t, reader, B::MUL); mul >= 0) {
      p.ops.push_back(mul);
      return AddOperands(m, mul, p, depth + 1);
    }
    if (const int div = m.Feeding(t, reader, B::DIV); div >= 0 && m.op(div).inputs.size() == 2) {
      const std::optional<double> k = m.Scalar(m.op(div).inputs[1]);
      if (k.has_value() && *k != 0) {
        p.ops.push_back(div);
        p.constant /= *k;
        return AddFactor(m, m.op(div).inputs[0], div, p, depth + 1);
      }
    }
    if (const int pow = m.Feeding(t, reader, B::POW); pow >= 0 && m.op(pow).inputs.size() == 2) {
      const std::optional<double> k = m.Scalar(m.op(pow).inputs[1]);
      const int32_t base = m.op(pow).inputs[0];
      if (k.has_value() && NearlyEqual(*k, 3.0) && !m.IsConstant(base)) {
        p.ops.push_back(pow);
        for (int i = 0; i < 3; ++i) p.factors.push_back({base, pow});
        return true;
      }
    }
  }
  p.factors.push_back({t, reader});
  return true;
}

bool AddOperands(const PatternMatcher& m, int mul, Product& p, int depth) {
  const TflOperator& o = m.op(mul);
  if (o.inputs.size() != 2) return false;
  return AddFactor(m, o.inputs[0], mul, p, depth) && AddFactor(m, o.inputs[1], mul, p, depth);
}

std::optional<Product> ProductAt(const PatternMatcher& m, int32_t t, int reader) {
  Product p;
  if (!AddFactor(m, t, reader, p, 0)) return std::nullopt;
  return p;
}

// The single non-constant factor of a product equal to `constant` times it.
std::optional<Factor> Scaled(const std::optional<Product>& p, double constant) {
  if (!p.has_value() || p->factors.size() != 1 || !NearlyEqual(p->constant, constant)) return std::nullopt;
  return p->factors[0];
}

struct Inner {
  int32_t x = -1;
  bool approximate = true;
  std::vector<int> ops;
};

// When `s`, read by `reader`, is 1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)) or 1 + erf(x / sqrt(2)).
std::optional<Inner> OnePlusTanhOrErf(const TflModel& model, const PatternMatcher& m, Factor s) {
  const int add = m.Feeding(s.tensor, s.reader, B::ADD);
  if (add < 0 || m.op(add).inputs.size() != 2) return std::nullopt;
  for (int pos = 0; pos < 2; ++pos) {
    const std::optional<double> one = m.Scalar(m.op(add).inputs[1 - pos]);
    if (!one.has_value() || !NearlyEqual(*one, 1.0)) continue;
    const int32_t f = m.op(add).inputs[pos];
    Inner in;
    in.ops = {add};
    int fn = m.Feeding(f, add, B::TANH);
    if (fn < 0) {
      fn = m.Feeding(f, add, B::CUSTOM);
      if (fn < 0) continue;
      const std::string& name = model.CodeOf(m.op(fn)).custom_code;
      if (name != "Erf" && name != "FlexErf") continue;
      in.approximate = false;
    }
    if (m.op(fn).inputs.size() != 1) continue;
    in.ops.push_back(fn);
    const int32_t z = m.op(fn).inputs[0];
    std::optional<Product> zp = ProductAt(m, z, fn);
    if (!in.approximate) {
      const std::optional<Factor> x = Scaled(zp, kSqrtHalf);
      if (!x.has_value()) continue;
      in.x = x->tensor;
      in.ops.insert(in.ops.end(), zp->ops.begin(), zp->ops.end());
      return in;
    }
    // tanh: z = sqrt(2/pi) * v with v = x + 0.044715 x^3.
    const std::optional<Factor> v = Scaled(zp, kSqrt2OverPi);
    if (!v.has_value()) continue;
    in.ops.insert(in.ops.end(), zp->ops.begin(), zp->ops.end());
    const int sum = m.Feeding(v->tensor, v->reader, B::ADD);
    if (sum < 0 || m.op(sum).inputs.size() != 2) continue;
    for (int xpos = 0; xpos < 2; ++xpos) {
      const int32_t x = m.op(sum).inputs[xpos];
      std::optional<Product> cube = ProductAt(m, m.op(sum).inputs[1 - xpos], sum);
      if (!cube.has_value() || cube->factors.size() != 3 || !NearlyEqual(cube->constant, kCubeCoefficient)) continue;
      bool all_x = true;
      for (const Factor& c : cube->factors) all_x = all_x && c.tensor == x;
      if (!all_x || m.IsConstant(x)) continue;
      in.x = x;
      in.ops.push_back(sum);
      in.ops.insert(in.ops.end(), cube->ops.begin(), cube->ops.end());
      return in;
    }
  }
  return std::nullopt;
}

bool Rewrite(TflModel& model, int s, const PatternMatcher& m, int root, PatternOps& result) {
  if (m.code(root) != B::MUL || !m.PlainFloatOp(root) || !m.NoActivation(root)) return false;
  Product p;
  if (!AddOperands(m, root, p, 0) || p.factors.size() != 2 || !NearlyEqual(p.constant, 0.5)) return false;
  for (int spos = 0; spos < 2; ++spos) {
    const std::optional<Inner> in = OnePlusTanhOrErf(model, m, p.factors[spos]);
    if (!in.has_value() || p.factors[1 - spos].tensor != in->x) continue;
    if (!m.SameShape(in->x, m.op(root).outputs[0])) continue;
    tflite::GeluOptionsT options;
    options.approximate = in->approximate;
    tflite::BuiltinOptionsUnion u;
    u.Set(options);
    result.erased = p.ops;
    result.erased.insert(result.erased.end(), in->ops.begin(), in->ops.end());
    ReplaceOperator(model, model.subgraphs[s], root, B::GELU, {in->x}, std::move(u));
    return true;
  }
  return false;
}

}  // namespace

int FuseGelu(TflModel& model) { return RewriteEverywhere(model, Rewrite); }

}  // namespace tfconv
