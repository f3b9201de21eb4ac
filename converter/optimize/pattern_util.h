// What the multi-operator rewrites (dilated convolution, HARD_SWISH, PRELU, LEAKY_RELU, GELU) share:
// walking from an operator to the operator that feeds one of its operands, under the conditions
// that let the fed tensor disappear, and reading single-value constants. Internal to
// converter/optimize.
//
//   PatternMatcher m(model, s, view, touched);
//   int relu = m.Feeding(t, root, tflite::BuiltinOperator::RELU);   // -1 when not usable
//   std::optional<double> k = m.Scalar(op.inputs[1]);                // a one-element constant
//   if (k && NearlyEqual(*k, 3.0)) ...
//   ReplaceOperator(model, model.subgraphs[s], root, tflite::BuiltinOperator::HARD_SWISH, {x});
#ifndef TFCONV_CONVERTER_OPTIMIZE_PATTERN_UTIL_H_
#define TFCONV_CONVERTER_OPTIMIZE_PATTERN_UTIL_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "converter/optimize/graph_view.h"
#include "converter/tflite/model_ir.h"

namespace tfconv {

class PatternMatcher {
 public:
  // `touched` marks operators already taken by a rewrite in this sweep; they never match again.
  PatternMatcher(const TflModel& model, int subgraph, const GraphView& view, const std::vector<bool>& touched);

  tflite::BuiltinOperator code(int op) const { return BuiltinOf(model_, g_.operators[op]); }
  const TflOperator& op(int i) const { return g_.operators[i]; }
  const TflTensor& tensor(int32_t t) const { return g_.tensors[t]; }
  const GraphView& view() const { return view_; }

  // The operator writing `t` when it is a `code` builtin with one output, every tensor it touches
  // plain float32, no fused activation (unless `allow_activation`), not yet touched, and `t` read
  // once, by `reader` only, and not pinned; else -1.
  int Feeding(int32_t t, int reader, tflite::BuiltinOperator code, bool allow_activation = false) const;

  // The same for a data-movement operator (RESHAPE, SPACE_TO_BATCH_ND...): only its first operand
  // and its output must be plain float32; the others (shapes, paddings) may be of any type.
  int FeedingData(int32_t t, int reader, tflite::BuiltinOperator code) const;

  // The value of a plain float32 constant holding exactly one element (any shape of size 1).
  std::optional<double> Scalar(int32_t t) const;
  // True when `t` holds data (a constant), whatever its type.
  bool IsConstant(int32_t t) const;

  // Every tensor the operator reads or writes is plain float32 and it has one output; only
  // operands after the first two (a bias) may be omitted (-1).
  bool PlainFloatOp(int op) const;
  // The operator's fused activation: NONE when absent or when it has no such field.
  tflite::ActivationFunctionType Activation(int op) const;
  bool NoActivation(int op) const { return Activation(op) == tflite::ActivationFunctionType::NONE; }
  // `y` has the same static or dynamic shape as `x` (no broadcasting to a larger shape).
  bool SameShape(int32_t x, int32_t y) const;

 private:
  const TflModel& model_;
  const TflSubgraph& g_;
  const GraphView& view_;
  const std::vector<bool>& touched_;
};

// |value - expected| within a relative 1e-6 (float32 spellings of the same decimal constant).
bool NearlyEqual(double value, double expected);

// Turns operator `root` into `code`(inputs) with `options`, keeping its outputs: the fused
// operator takes the place of the last operator of the pattern, after everything it reads.
void ReplaceOperator(TflModel& model, TflSubgraph& g, int root, tflite::BuiltinOperator code,
                     std::vector<int32_t> inputs, tflite::BuiltinOptionsUnion options = {});

// The operators a rewrite took besides its root: `erased` go away at the end of the sweep (the
// root too, when listed), `changed` stay but were rewritten. Both are out of later matches.
struct PatternOps {
  std::vector<int> erased;
  std::vector<int> changed;
};

// Runs `rewrite` at every operator of every subgraph (in order, skipping operators an earlier
// rewrite of the sweep took). `rewrite` matches with `m`; on a match it changes the model (usually
// operator `root` in place, with ReplaceOperator), fills `ops` and returns true. Returns the
// number of rewrites.
using PatternRewrite =
    std::function<bool(TflModel& model, int subgraph, const PatternMatcher& m, int root, PatternOps& ops)>;
int RewriteEverywhere(TflModel& model, const PatternRewrite& rewrite);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_OPTIMIZE_PATTERN_UTIL_H_
