#include "converter/optimize/fuse_dilated_conv.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "converter/optimize/pattern_util.h"

namespace tfconv {
namespace {

using B = tflite::BuiltinOperator;

constexpr int kValid = 1, kSame = 2;

// Which paddings make a dilated convolution compute what SPACE_TO_BATCH_ND, a VALID convolution
// and BATCH_TO_SPACE_ND compute along one spatial dim (a set of kValid/kSame bits).
int Fits(int64_t n, int64_t k, int64_t b, int64_t p0, int64_t p1, int64_t c0, int64_t c1) {
  if (n <= 0 || k <= 0 || b <= 0 || p0 < 0 || p1 < 0 || c0 < 0 || c1 < 0) return 0;
  const int64_t padded = n + p0 + p1;
  if (padded % b != 0 || padded / b < k) return 0;  // SPACE_TO_BATCH_ND or the conv would fail
  const int64_t e = (k - 1) * b + 1;
  const int64_t outputs = padded - (e - 1) - c0 - c1;
  int fits = 0;
  if (p0 == c0 && outputs == n - e + 1 && outputs > 0) fits |= kValid;
  if (p0 - c0 == (e - 1) / 2 && outputs == n) fits |= kSame;
  return fits;
}

int64_t OutputSize(int64_t n, int64_t k, int64_t b, tflite::Padding padding) {
  return padding == tflite::Padding::VALID ? n - (k - 1) * b : n;
}

// The op reads float data at operand 0 and writes float data, with `inputs` operands.
bool FloatDataOp(const PatternMatcher& m, int op, size_t inputs) {
  const TflOperator& o = m.op(op);
  return o.inputs.size() == inputs && o.outputs.size() == 1 && o.inputs[0] >= 0 && o.outputs[0] >= 0 &&
         o.intermediates.empty() && IsPlainFloat(m.tensor(o.inputs[0])) && IsPlainFloat(m.tensor(o.outputs[0]));
}

// Static size of dim d of a tensor of rank `rank` (also in its signature), else -1.
int64_t StaticDim(const TflTensor& t, size_t rank, size_t d) {
  if (!t.has_rank || t.shape.size() != rank) return -1;
  if (!t.shape_signature.empty() && (t.shape_signature.size() != rank || t.shape_signature[d] < 0)) return -1;
  return t.shape[d];
}

std::vector<int32_t> WithUnitDim(std::vector<int32_t> shape, int axis) {
  shape.insert(shape.begin() + axis, 1);
  return shape;
}

// The convolution's stride and dilation are 1 and its padding VALID.
bool PlainValidConv(const TflOperator& op) {
  if (const tflite::Conv2DOptionsT* o = op.builtin_options.AsConv2DOptions()) {
    return o->padding == tflite::Padding::VALID && o->stride_h == 1 && o->stride_w == 1 &&
           o->dilation_h_factor == 1 && o->dilation_w_factor == 1;
  }
  if (const tflite::DepthwiseConv2DOptionsT* o = op.builtin_options.AsDepthwiseConv2DOptions()) {
    return o->padding == tflite::Padding::VALID && o->stride_h == 1 && o->stride_w == 1 &&
           o->dilation_h_factor == 1 && o->dilation_w_factor == 1;
  }
  return false;  // absent options mean SAME padding and stride 0
}

// A constant ADD operand that adds one value per channel (shape [C], [1,..,1,C] or one element).
bool PerChannel(const PatternMatcher& m, int32_t k, int64_t channels) {
  std::optional<std::vector<int32_t>> shape = StaticShape(m.tensor(k));
  if (!m.IsConstant(k) || !IsPlainFloat(m.tensor(k)) || !shape.has_value() || shape->size() > 4) return false;
  for (size_t d = 0; d + 1 < shape->size(); ++d) {
    if ((*shape)[d] != 1) return false;
  }
  const int64_t last = shape->empty() ? 1 : shape->back();
  return last == 1 || last == channels;
}

struct Match {
  int stb = -1, expand = -1, conv = -1, squeeze = -1, add = -1, bts = -1;
  int32_t x = -1;
  int axis = 0;  // 1-D: where the unit dim is inserted (1 or 2); 0 for a 2-D convolution
  int64_t dilation_h = 1, dilation_w = 1;
  tflite::Padding padding = tflite::Padding::VALID;
};

// One spatial dim of the match: size, kernel, block, paddings and crops.
struct Dim {
  int64_t n, k, b, p0, p1, c0, c1;
};

// Follows BATCH_TO_SPACE_ND back through [ADD] [SQUEEZE] convolution [EXPAND] to SPACE_TO_BATCH_ND.
std::optional<Match> MatchAt(const TflModel& model, const PatternMatcher& m, int root) {
  Match r;
  r.bts = root;
  if (m.code(root) != B::BATCH_TO_SPACE_ND || !FloatDataOp(m, root, 3)) return std::nullopt;
  const TflOperator& bts = m.op(root);
  int32_t t = bts.inputs[0];
  int reader = root;
  // A per-channel bias ADD before BATCH_TO_SPACE_ND.
  if (const int add = m.Feeding(t, reader, B::ADD, /*allow_activation=*/true); add >= 0) {
    const TflOperator& a = m.op(add);
    for (int pos = 0; pos < 2 && r.add < 0 && a.inputs.size() == 2; ++pos) {
      const TflTensor& in = m.tensor(a.inputs[pos]);
      const int64_t channels = in.shape.empty() ? -1 : in.shape.back();
      if (!m.IsConstant(a.inputs[pos]) && PerChannel(m, a.inputs[1 - pos], channels) &&
          m.SameShape(a.inputs[pos], a.outputs[0])) {
        r.add = add;
        t = a.inputs[pos];
      }
    }
    if (r.add < 0) return std::nullopt;
    reader = add;
  }
  // A squeeze back to rank 3 marks a 1-D convolution.
  for (B code : {B::RESHAPE, B::SQUEEZE}) {
    if (r.squeeze < 0) r.squeeze = m.FeedingData(t, reader, code);
  }
  if (r.squeeze >= 0) {
    t = m.op(r.squeeze).inputs[0];
    reader = r.squeeze;
  }
  for (B code : {B::CONV_2D, B::DEPTHWISE_CONV_2D}) {
    if (r.conv < 0) r.conv = m.Feeding(t, reader, code, /*allow_activation=*/true);
  }
  if (r.conv < 0) return std::nullopt;
  const TflOperator& conv = m.op(r.conv);
  if (conv.inputs.size() < 2 || !PlainValidConv(conv)) return std::nullopt;
  int32_t s = conv.inputs[0];
  reader = r.conv;
  if (r.squeeze >= 0) {
    // conv output [B, 1, W, C] or [B, W, 1, C] squeezed at `axis`, its input expanded there.
    const std::optional<std::vector<int32_t>> wide = StaticShape(m.tensor(t));
    const std::optional<std::vector<int32_t>> narrow = StaticShape(m.tensor(m.op(r.squeeze).outputs[0]));
    for (B code : {B::RESHAPE, B::EXPAND_DIMS}) {
      if (r.expand < 0) r.expand = m.FeedingData(s, reader, code);
    }
    if (!wide || !narrow || r.expand < 0 || narrow->size() != 3) return std::nullopt;
    const int32_t e = s;
    s = m.op(r.expand).inputs[0];
    const std::optional<std::vector<int32_t>> in = StaticShape(m.tensor(s)), expanded = StaticShape(m.tensor(e));
    for (int axis : {1, 2}) {
      if (r.axis == 0 && WithUnitDim(*narrow, axis) == *wide && in && expanded && in->size() == 3 &&
          WithUnitDim(*in, axis) == *expanded) {
        r.axis = axis;
      }
    }
    if (r.axis == 0) return std::nullopt;
    // A SQUEEZE must name the unit dim: squeezing every unit dim would also take a batch of 1.
    if (m.code(r.squeeze) == B::SQUEEZE) {
      const tflite::SqueezeOptionsT* o = m.op(r.squeeze).builtin_options.AsSqueezeOptions();
      if (o == nullptr || o->squeeze_dims.size() != 1 || (o->squeeze_dims[0] + 4) % 4 != r.axis) return std::nullopt;
    }
    reader = r.expand;
  }
  r.stb = m.FeedingData(s, reader, B::SPACE_TO_BATCH_ND);
  if (r.stb < 0 || !FloatDataOp(m, r.stb, 3)) return std::nullopt;
  const TflOperator& stb = m.op(r.stb);
  r.x = stb.inputs[0];
  // Equal constant block shapes, constant paddings and crops, one per spatial dim.
  const size_t spatial = r.axis == 0 ? 2 : 1;
  const std::optional<std::vector<int64_t>> block = ConstantInts(model, m.tensor(stb.inputs[1]));
  const std::optional<std::vector<int64_t>> block2 = ConstantInts(model, m.tensor(bts.inputs[1]));
  const std::optional<std::vector<int64_t>> pads = ConstantInts(model, m.tensor(stb.inputs[2]));
  const std::optional<std::vector<int64_t>> crops = ConstantInts(model, m.tensor(bts.inputs[2]));
  if (!block || !block2 || !pads || !crops || *block != *block2 || block->size() != spatial ||
      pads->size() != 2 * spatial || crops->size() != 2 * spatial) {
    return std::nullopt;
  }
  // The filter's spatial dims (OHWI or 1HWC) and x's.
  const std::optional<std::vector<int32_t>> filter = StaticShape(m.tensor(conv.inputs[1]));
  if (!filter.has_value() || filter->size() != 4) return std::nullopt;
  const int64_t kh = (*filter)[1], kw = (*filter)[2];
  const TflTensor& xt = m.tensor(r.x);
  const TflTensor& yt = m.tensor(bts.outputs[0]);
  Dim h{}, w{};
  if (r.axis == 0) {
    h = {StaticDim(xt, 4, 1), kh, (*block)[0], (*pads)[0], (*pads)[1], (*crops)[0], (*crops)[1]};
    w = {StaticDim(xt, 4, 2), kw, (*block)[1], (*pads)[2], (*pads)[3], (*crops)[2], (*crops)[3]};
  } else {
    // The unit dim: size 1, kernel 1 (else the VALID conv had no output), no block.
    if (!StaticShape(xt).has_value() || !StaticShape(yt).has_value()) return std::nullopt;
    const Dim along{StaticDim(xt, 3, 1), r.axis == 1 ? kw : kh, (*block)[0], (*pads)[0], (*pads)[1], (*crops)[0],
                    (*crops)[1]};
    const Dim unit{1, r.axis == 1 ? kh : kw, 1, 0, 0, 0, 0};
    h = r.axis == 1 ? unit : along;
    w = r.axis == 1 ? along : unit;
  }
  const int fits = Fits(h.n, h.k, h.b, h.p0, h.p1, h.c0, h.c1) & Fits(w.n, w.k, w.b, w.p0, w.p1, w.c0, w.c1);
  if (fits == 0) return std::nullopt;
  r.padding = (fits & kValid) != 0 ? tflite::Padding::VALID : tflite::Padding::SAME;
  r.dilation_h = h.b;
  r.dilation_w = w.b;
  // y as the dilated convolution computes it.
  const int64_t out_h = OutputSize(h.n, h.k, h.b, r.padding), out_w = OutputSize(w.n, w.k, w.b, r.padding);
  if (r.axis == 0) {
    if (StaticDim(yt, 4, 1) != out_h || StaticDim(yt, 4, 2) != out_w || yt.shape[0] != xt.shape[0]) {
      return std::nullopt;
    }
  } else if (yt.shape.size() != 3 || yt.shape[0] != xt.shape[0] || yt.shape[1] != (r.axis == 1 ? out_w : out_h)) {
    return std::nullopt;
  }
  return r;
}

template <typename Options>
void SetDilation(Options* o, const Match& r) {
  o->padding = r.padding;
  o->dilation_h_factor = static_cast<int32_t>(r.dilation_h);
  o->dilation_w_factor = static_cast<int32_t>(r.dilation_w);
}

// Gives tensor `t` the shape (and signature) `like` has.
void SetShapeLike(TflTensor& t, const TflTensor& like) {
  t.shape = like.shape;
  t.shape_signature = like.shape_signature;
}

// Points a RESHAPE at a new static target shape (its shape operand and/or its options).
void SetReshapeTarget(TflModel& model, TflSubgraph& g, int op, const std::vector<int32_t>& shape) {
  if (BuiltinOf(model, g.operators[op]) != B::RESHAPE) return;  // SQUEEZE / EXPAND_DIMS keep their axis
  const std::string name = g.tensors[g.operators[op].outputs[0]].name + "/shape";
  if (g.operators[op].inputs.size() >= 2 && g.operators[op].inputs[1] >= 0) {
    const int32_t k = AddInt32Constant(model, g, name, {static_cast<int32_t>(shape.size())}, shape);
    g.operators[op].inputs[1] = k;
  }
  if (tflite::ReshapeOptionsT* o = g.operators[op].builtin_options.AsReshapeOptions()) {
    if (!o->new_shape.empty()) o->new_shape = shape;
  }
}

bool Rewrite(TflModel& model, int s, const PatternMatcher& m, int root, PatternOps& ops) {
  const std::optional<Match> r = MatchAt(model, m, root);
  if (!r.has_value()) return false;
  TflSubgraph& g = model.subgraphs[s];
  const int32_t y = g.operators[r->bts].outputs[0];
  TflOperator& conv = g.operators[r->conv];
  if (tflite::Conv2DOptionsT* o = conv.builtin_options.AsConv2DOptions()) SetDilation(o, *r);
  if (tflite::DepthwiseConv2DOptionsT* o = conv.builtin_options.AsDepthwiseConv2DOptions()) SetDilation(o, *r);
  ops.changed = {r->conv};
  if (r->axis == 0) {
    conv.inputs[0] = r->x;
  } else {
    // x -> EXPAND -> conv -> SQUEEZE: the expanded and convolved tensors get x's and y's shapes
    // with the unit dim.
    const std::vector<int32_t> x_shape = g.tensors[r->x].shape, y_shape = g.tensors[y].shape;
    g.operators[r->expand].inputs[0] = r->x;
    TflTensor& e = g.tensors[g.operators[r->expand].outputs[0]];
    e.shape = WithUnitDim(x_shape, r->axis);
    e.shape_signature.clear();
    SetReshapeTarget(model, g, r->expand, WithUnitDim(x_shape, r->axis));
    TflTensor& c = g.tensors[g.operators[r->conv].outputs[0]];
    c.shape = WithUnitDim(y_shape, r->axis);
    c.shape_signature.clear();
    SetReshapeTarget(model, g, r->squeeze, y_shape);
    ops.changed.insert(ops.changed.end(), {r->expand, r->squeeze});
  }
  // The operator just before BATCH_TO_SPACE_ND now writes y.
  if (r->add >= 0) {
    // The tensor the ADD reads takes y's shape.
    const int before_add = r->squeeze >= 0 ? r->squeeze : r->conv;
    SetShapeLike(g.tensors[g.operators[before_add].outputs[0]], g.tensors[y]);
    g.operators[r->add].outputs[0] = y;
    ops.changed.push_back(r->add);
  } else {
    g.operators[r->squeeze >= 0 ? r->squeeze : r->conv].outputs[0] = y;
  }
  ops.erased = {r->stb, r->bts};
  return true;
}

}  // namespace

int FuseDilatedConvolutions(TflModel& model) { return RewriteEverywhere(model, Rewrite); }

}  // namespace tfconv
