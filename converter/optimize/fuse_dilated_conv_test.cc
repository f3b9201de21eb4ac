// Dilated convolutions from SPACE_TO_BATCH_ND -> CONV_2D / DEPTHWISE_CONV_2D -> BATCH_TO_SPACE_ND
// with the paddings and crops TensorFlow's with_space_to_batch computes (SAME and VALID, odd sizes
// that need extra padding, one-dim dilation, a bias ADD in between), and the cases that must stay.
// Numerics: the three operators before and the dilated kernel after in the reference interpreter,
// and a direct dilated convolution written out here.
#include "converter/optimize/fuse_dilated_conv.h"

#include <algorithm>

#include "converter/optimize/graph_view.h"
#include "converter/optimize/optimize.h"
#include "converter/optimize/optimize_test_util.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using namespace optimize_test;  // NOLINT
using B = tflite::BuiltinOperator;
using A = tflite::ActivationFunctionType;

struct Case {
  B conv = B::CONV_2D;
  int h = 10, w = 9, cin = 3;
  int cout = 4;       // CONV_2D output channels; DEPTHWISE: cin * multiplier
  int multiplier = 2;
  int kh = 3, kw = 3;
  int bh = 2, bw = 2;
  bool same = true;
  // Explicit paddings {top, bottom, left, right} and crops; empty: as TensorFlow computes them.
  std::vector<int32_t> pads, crops;
  bool bias_between = false;       // conv -> ADD(bias) -> BATCH_TO_SPACE_ND
  A act = A::NONE;                 // on the conv (or on the ADD when bias_between)
  tflite::Padding inner_padding = tflite::Padding::VALID;
  int inner_stride = 1;
};

// TensorFlow's with_space_to_batch paddings and crops for one dim: the base padding of a SAME
// dilated window (or none), then extra end padding up to a multiple of the block.
void TfPaddings(int n, int k, int b, bool same, std::vector<int32_t>& pads, std::vector<int32_t>& crops) {
  const int e = (k - 1) * b + 1;
  const int base = same ? e - 1 : 0;
  const int start = base / 2, end = base - start;
  const int extra = (b - (n + base) % b) % b;
  pads.insert(pads.end(), {start, end + extra});
  crops.insert(crops.end(), {0, extra});
}

struct Graph {
  Builder b;
  Case c;
  int x = -1, s = -1, conv_out = -1, y = -1, filter = -1, bias = -1;
};

Graph Make(Case c) {
  Graph g;
  Builder& b = g.b;
  if (c.pads.empty()) {
    TfPaddings(c.h, c.kh, c.bh, c.same, c.pads, c.crops);
    TfPaddings(c.w, c.kw, c.bw, c.same, c.pads, c.crops);
  }
  const bool dw = c.conv == B::DEPTHWISE_CONV_2D;
  const int cout = dw ? c.cin * c.multiplier : c.cout;
  g.x = b.Input("x", {1, c.h, c.w, c.cin});
  const int sh = (c.h + c.pads[0] + c.pads[1]) / c.bh, sw = (c.w + c.pads[2] + c.pads[3]) / c.bw;
  g.s = b.Tensor("stb", {c.bh * c.bw, sh, sw, c.cin});
  b.Op(B::SPACE_TO_BATCH_ND, {g.x, b.ConstInt("block", {2}, {c.bh, c.bw}), b.ConstInt("pads", {2, 2}, c.pads)},
       {g.s});
  const std::vector<int32_t> fshape = dw ? std::vector<int32_t>{1, c.kh, c.kw, cout}
                                         : std::vector<int32_t>{cout, c.kh, c.kw, c.cin};
  g.filter = b.Const("filter", fshape, b.Random(static_cast<size_t>(NumElements(fshape))));
  g.bias = b.Const("bias", {cout}, b.Random(static_cast<size_t>(cout)));
  const int oh = (sh - c.kh) / c.inner_stride + 1, ow = (sw - c.kw) / c.inner_stride + 1;
  g.conv_out = b.Tensor("conv", {c.bh * c.bw, oh, ow, cout});
  tflite::BuiltinOptionsUnion options;
  const A conv_act = c.bias_between ? A::NONE : c.act;
  if (dw) {
    tflite::DepthwiseConv2DOptionsT o;
    o.padding = c.inner_padding;
    o.stride_h = o.stride_w = c.inner_stride;
    o.depth_multiplier = c.multiplier;
    o.fused_activation_function = conv_act;
    options.Set(o);
  } else {
    tflite::Conv2DOptionsT o;
    o.padding = c.inner_padding;
    o.stride_h = o.stride_w = c.inner_stride;
    o.fused_activation_function = conv_act;
    options.Set(o);
  }
  b.Op(c.conv, {g.s, g.filter, c.bias_between ? -1 : g.bias}, {g.conv_out}, std::move(options));
  int u = g.conv_out;
  if (c.bias_between) {
    u = b.Tensor("biased", {c.bh * c.bw, oh, ow, cout});
    b.Op(B::ADD, {g.conv_out, g.bias}, {u}, AddOptions(c.act));
  }
  g.y = b.Tensor("y", {1, oh * c.bh - c.crops[0] - c.crops[1], ow * c.bw - c.crops[2] - c.crops[3], cout});
  b.Op(B::BATCH_TO_SPACE_ND, {u, b.ConstInt("block_out", {2}, {c.bh, c.bw}), b.ConstInt("crops", {2, 2}, c.crops)},
       {g.y});
  b.Outputs({g.y});
  g.c = c;
  return g;
}

// The dilated convolution written out: zero outside x, SAME padding starting (e - 1) / 2 early.
std::vector<float> DirectDilatedConv(Graph& g, const std::vector<float>& x) {
  const Case& c = g.c;
  const bool dw = c.conv == B::DEPTHWISE_CONV_2D;
  const int cout = dw ? c.cin * c.multiplier : c.cout;
  const int eh = (c.kh - 1) * c.bh + 1, ew = (c.kw - 1) * c.bw + 1;
  const int oh = c.same ? c.h : c.h - eh + 1, ow = c.same ? c.w : c.w - ew + 1;
  const int top = c.same ? (eh - 1) / 2 : 0, left = c.same ? (ew - 1) / 2 : 0;
  const std::vector<float> w = *ConstantFloats(g.b.model(), g.b.graph().tensors[g.filter]);
  const std::vector<float> bias = *ConstantFloats(g.b.model(), g.b.graph().tensors[g.bias]);
  std::vector<float> out;
  for (int oy = 0; oy < oh; ++oy) {
    for (int ox = 0; ox < ow; ++ox) {
      for (int co = 0; co < cout; ++co) {
        double acc = bias[co];
        for (int ky = 0; ky < c.kh; ++ky) {
          for (int kx = 0; kx < c.kw; ++kx) {
            const int iy = oy - top + ky * c.bh, ix = ox - left + kx * c.bw;
            if (iy < 0 || iy >= c.h || ix < 0 || ix >= c.w) continue;
            for (int ci = 0; ci < c.cin; ++ci) {
              if (dw && ci != co / c.multiplier) continue;
              const float wv = dw ? w[(ky * c.kw + kx) * cout + co] : w[((co * c.kh + ky) * c.kw + kx) * c.cin + ci];
              acc += static_cast<double>(x[(iy * c.w + ix) * c.cin + ci]) * wv;
            }
          }
        }
        if (c.act == A::RELU) acc = std::max(acc, 0.0);
        out.push_back(static_cast<float>(acc));
      }
    }
  }
  return out;
}

template <typename Options>
const Options* ConvOptionsOf(const TflModel& m) {
  const tflite::BuiltinOptionsUnion& u = m.subgraphs[0].operators[0].builtin_options;
  return static_cast<const Options*>(u.value);
}

void ExpectFused(const Case& c, tflite::Padding padding, const Ops& after_ops) {
  Graph g = Make(c);
  TflModel after = g.b.model();
  EXPECT_EQ(FuseDilatedConvolutions(after), 1);
  const std::string conv = tflite::EnumNameBuiltinOperator(c.conv);
  Ops before_ops = {"SPACE_TO_BATCH_ND", c.act != A::NONE && !c.bias_between ? conv + "+RELU" : conv};
  if (c.bias_between) before_ops.push_back(c.act != A::NONE ? "ADD+RELU" : "ADD");
  before_ops.push_back("BATCH_TO_SPACE_ND");
  //        before                    after
  EXPECT_EQ(OpList(g.b.model()), before_ops);
  EXPECT_EQ(OpList(after), after_ops);
  const TflSubgraph& sg = after.subgraphs[0];
  EXPECT_EQ(sg.operators[0].inputs[0], g.x);
  EXPECT_EQ(sg.operators.back().outputs[0], g.y);
  if (c.conv == B::CONV_2D) {
    const auto* o = ConvOptionsOf<tflite::Conv2DOptionsT>(after);
    EXPECT_EQ(o->padding, padding);
    EXPECT_EQ(o->dilation_h_factor, c.bh);
    EXPECT_EQ(o->dilation_w_factor, c.bw);
    EXPECT_EQ(o->stride_h, 1);
  } else {
    const auto* o = ConvOptionsOf<tflite::DepthwiseConv2DOptionsT>(after);
    EXPECT_EQ(o->padding, padding);
    EXPECT_EQ(o->dilation_h_factor, c.bh);
    EXPECT_EQ(o->dilation_w_factor, c.bw);
    EXPECT_EQ(o->depth_multiplier, c.multiplier);
  }
  for (uint32_t seed : {1u, 2u}) ExpectSameOutputs(g.b.model(), after, seed);
  // And against the convolution written out.
  const std::vector<RtTensor> inputs = RandomInputs(g.b.model(), 3);
  absl::StatusOr<std::vector<RtTensor>> out = optimize_test::Run(after, inputs);
  ASSERT_TRUE(out.ok()) << out.status();
  const std::vector<float> x(inputs[0].data<float>(), inputs[0].data<float>() + inputs[0].num_elements());
  const std::vector<float> expected = DirectDilatedConv(g, x);
  ASSERT_EQ((*out)[0].num_elements(), static_cast<int64_t>(expected.size()));
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR((*out)[0].data<float>()[i], expected[i], 1e-4) << i;
}

TEST(FuseDilatedConv, SameConvWithExtraPaddingForAnOddWidth) {
  // 3x3 rate 2 SAME on 10x9: paddings [[2,2],[2,3]], crops [[0,0],[0,1]].
  ExpectFused(Case{}, tflite::Padding::SAME, {"CONV_2D"});
}

TEST(FuseDilatedConv, ValidDepthwiseRate3) {
  Case c;
  c.conv = B::DEPTHWISE_CONV_2D;
  c.bh = c.bw = 3;
  c.same = false;  // paddings [[0,2],[0,0]], crops [[0,2],[0,0]]
  ExpectFused(c, tflite::Padding::VALID, {"DEPTHWISE_CONV_2D"});
}

TEST(FuseDilatedConv, SameDepthwiseWithActivation) {
  Case c;
  c.conv = B::DEPTHWISE_CONV_2D;
  c.h = 7;
  c.w = 12;
  c.bh = 2;
  c.bw = 4;
  c.act = A::RELU;
  ExpectFused(c, tflite::Padding::SAME, {"DEPTHWISE_CONV_2D+RELU"});
}

TEST(FuseDilatedConv, DilationInOneDimOnlyAndUnevenKernel) {
  Case c;
  c.bh = 3;
  c.bw = 1;
  c.kh = 2;
  c.kw = 4;
  ExpectFused(c, tflite::Padding::SAME, {"CONV_2D"});
  c.same = false;
  ExpectFused(c, tflite::Padding::VALID, {"CONV_2D"});
}

TEST(FuseDilatedConv, OneByOneKernelIsValid) {
  Case c;
  c.kh = c.kw = 1;
  ExpectFused(c, tflite::Padding::VALID, {"CONV_2D"});
}

TEST(FuseDilatedConv, BiasAddBetweenConvAndBatchToSpace) {
  Case c;
  c.bias_between = true;
  c.act = A::RELU;
  ExpectFused(c, tflite::Padding::SAME, {"CONV_2D", "ADD+RELU"});
  // The whole optimizer then folds the bias and the activation into the conv.
  Graph g = Make(c);
  TflModel after = g.b.model();
  absl::StatusOr<OptimizeReport> r = OptimizeModel(after);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(OpList(after), (Ops{"CONV_2D+RELU"}));
  EXPECT_EQ(r->count("fuse_dilated_conv"), 1);
  EXPECT_EQ(r->count("fold_add_sub_into_bias"), 1);
  // x, filter, bias, y.
  EXPECT_EQ(after.subgraphs[0].tensors.size(), 4u);
  ExpectSameOutputs(g.b.model(), after);
}

TEST(FuseDilatedConv, BiasAddAfterBatchToSpaceFoldsInTheSameRun) {
  Graph g = Make(Case{});
  const int z = g.b.Tensor("z", g.b.graph().tensors[g.y].shape);
  g.b.Op(B::ADD, {g.y, g.b.Const("bias2", {4}, {0.5f, -1, 2, 0})}, {z}, AddOptions(A::RELU6)).Outputs({z});
  TflModel after = g.b.model();
  ASSERT_TRUE(OptimizeModel(after).ok());
  EXPECT_EQ(OpList(g.b.model()), (Ops{"SPACE_TO_BATCH_ND", "CONV_2D", "BATCH_TO_SPACE_ND", "ADD+RELU6"}));
  EXPECT_EQ(OpList(after), (Ops{"CONV_2D+RELU6"}));
  ExpectSameOutputs(g.b.model(), after);
}

TEST(FuseDilatedConv, OffSwitch) {
  Graph g = Make(Case{});
  TflModel after = g.b.model();
  OptimizeOptions options;
  options.fuse_dilated_conv = false;
  ASSERT_TRUE(OptimizeModel(after, options).ok());
  EXPECT_EQ(OpList(after), (Ops{"SPACE_TO_BATCH_ND", "CONV_2D", "BATCH_TO_SPACE_ND"}));
}

// ---- Cases left unchanged.

void ExpectUnchanged(Builder& b) {
  TflModel after = b.model();
  EXPECT_EQ(FuseDilatedConvolutions(after), 0);
  EXPECT_EQ(OpList(after), OpList(b.model()));
}

TEST(FuseDilatedConv, NotWhenThePaddingsAreNeitherSameNorValid) {
  // 3x3 rate 2 on 10x10 with paddings [1,1]: the window starts one row early and the output has 8
  // rows; a SAME dilated conv starts two rows early with 10. (The official pass would say SAME.)
  Case c;
  c.w = 10;
  c.pads = {1, 1, 1, 1};
  c.crops = {0, 0, 0, 0};
  Graph g = Make(c);
  ExpectUnchanged(g.b);
  // Height SAME and width VALID cannot be one convolution either.
  Case mixed;
  std::vector<int32_t> pads, crops;
  TfPaddings(mixed.h, 3, 2, true, pads, crops);
  TfPaddings(mixed.w, 3, 2, false, pads, crops);
  mixed.pads = pads;
  mixed.crops = crops;
  Graph m = Make(mixed);
  ExpectUnchanged(m.b);
}

TEST(FuseDilatedConv, NotWhenTheInnerConvIsNotPlainValid) {
  Case same;
  same.inner_padding = tflite::Padding::SAME;
  Graph a = Make(same);
  ExpectUnchanged(a.b);
  Case strided;
  strided.inner_stride = 2;
  Graph b = Make(strided);
  ExpectUnchanged(b.b);
}

TEST(FuseDilatedConv, NotWhenSpaceToBatchHasAnotherReader) {
  Graph g = Make(Case{});
  const int z = g.b.Tensor("z", g.b.graph().tensors[g.s].shape);
  g.b.Op(B::RELU, {g.s}, {z}).Outputs({g.y, z});
  ExpectUnchanged(g.b);
  Graph h = Make(Case{});
  h.b.Outputs({h.y, h.conv_out});  // the conv output is pinned
  ExpectUnchanged(h.b);
}

TEST(FuseDilatedConv, NotWhenBlocksDifferOrPaddingsAreComputed) {
  Graph g = Make(Case{});
  TflModel& m = g.b.model();
  // BATCH_TO_SPACE_ND's block [2, 1].
  const int other = g.b.ConstInt("block_other", {2}, {2, 1});
  m.subgraphs[0].operators.back().inputs[1] = other;
  ExpectUnchanged(g.b);
  Graph h = Make(Case{});
  const int pads = h.b.graph().operators[0].inputs[2];
  h.b.graph().tensors[pads].buffer = 0;  // paddings fed at run time
  h.b.graph().inputs.push_back(pads);
  ExpectUnchanged(h.b);
}

TEST(FuseDilatedConv, NotOnQuantizedTensors) {
  Graph g = Make(Case{});
  for (TflTensor& t : g.b.graph().tensors) {
    if (t.type != tflite::TensorType::FLOAT32) continue;
    t.type = tflite::TensorType::INT8;
    t.quantization = TflQuantization{};
    t.quantization->scale = {0.05f};
    t.quantization->zero_point = {0};
  }
  ExpectUnchanged(g.b);
}

// ---- 1-D: SPACE_TO_BATCH_ND -> expand -> conv -> squeeze -> [ADD] -> BATCH_TO_SPACE_ND.

struct Case1D {
  int w = 11, cin = 3, cout = 4, k = 3, b = 2;
  bool same = true;
  int axis = 1;                 // where the unit dim goes
  bool reshape = true;          // RESHAPE, else EXPAND_DIMS / SQUEEZE
  bool bias_between = false;    // squeeze -> ADD -> BATCH_TO_SPACE_ND
};

struct Graph1D {
  Builder b;
  int x = -1, y = -1;
};

Graph1D Make1D(const Case1D& c) {
  Graph1D g;
  Builder& b = g.b;
  std::vector<int32_t> pads, crops;
  TfPaddings(c.w, c.k, c.b, c.same, pads, crops);
  g.x = b.Input("x", {1, c.w, c.cin});
  const int sw = (c.w + pads[0] + pads[1]) / c.b;
  const int s = b.Tensor("stb", {c.b, sw, c.cin});
  b.Op(B::SPACE_TO_BATCH_ND, {g.x, b.ConstInt("block", {1}, {c.b}), b.ConstInt("pads", {1, 2}, pads)}, {s});
  auto unit = [&](std::vector<int32_t> shape) {
    shape.insert(shape.begin() + c.axis, 1);
    return shape;
  };
  const std::vector<int32_t> es = unit({c.b, sw, c.cin});
  const int e = b.Tensor("expanded", es);
  if (c.reshape) {
    b.Op(B::RESHAPE, {s, b.ConstInt("expand_shape", {4}, es)}, {e});
  } else {
    tflite::BuiltinOptionsUnion o;
    o.Set(tflite::ExpandDimsOptionsT{});
    b.Op(B::EXPAND_DIMS, {s, b.ConstInt("axis", {}, {c.axis})}, {e}, std::move(o));
  }
  const std::vector<int32_t> fshape = c.axis == 1 ? std::vector<int32_t>{c.cout, 1, c.k, c.cin}
                                                  : std::vector<int32_t>{c.cout, c.k, 1, c.cin};
  const int filter = b.Const("filter", fshape, b.Random(static_cast<size_t>(NumElements(fshape))));
  const int bias = b.Const("bias", {c.cout}, b.Random(static_cast<size_t>(c.cout)));
  const int ow = sw - c.k + 1;
  const int conv = b.Tensor("conv", unit({c.b, ow, c.cout}));
  tflite::Conv2DOptionsT co;
  co.padding = tflite::Padding::VALID;
  co.stride_h = co.stride_w = 1;
  tflite::BuiltinOptionsUnion cu;
  cu.Set(co);
  b.Op(B::CONV_2D, {e, filter, c.bias_between ? -1 : bias}, {conv}, std::move(cu));
  int t = b.Tensor("squeezed", {c.b, ow, c.cout});
  if (c.reshape) {
    b.Op(B::RESHAPE, {conv, b.ConstInt("squeeze_shape", {3}, {c.b, ow, c.cout})}, {t});
  } else {
    tflite::SqueezeOptionsT so;
    so.squeeze_dims = {c.axis};
    tflite::BuiltinOptionsUnion su;
    su.Set(so);
    b.Op(B::SQUEEZE, {conv}, {t}, std::move(su));
  }
  if (c.bias_between) {
    const int u = b.Tensor("biased", {c.b, ow, c.cout});
    b.Op(B::ADD, {t, bias}, {u}, AddOptions());
    t = u;
  }
  g.y = b.Tensor("y", {1, ow * c.b - crops[0] - crops[1], c.cout});
  b.Op(B::BATCH_TO_SPACE_ND, {t, b.ConstInt("block_out", {1}, {c.b}), b.ConstInt("crops", {1, 2}, crops)}, {g.y});
  b.Outputs({g.y});
  return g;
}

TEST(FuseDilatedConv, OneDimensionalConvThroughExpandAndSqueeze) {
  for (int axis : {1, 2}) {
    for (bool reshape : {true, false}) {
      for (bool same : {true, false}) {
        for (bool bias_between : {false, true}) {
          Case1D c;
          c.axis = axis;
          c.reshape = reshape;
          c.same = same;
          c.bias_between = bias_between;
          SCOPED_TRACE(testing::Message() << "axis " << axis << (reshape ? " RESHAPE" : " EXPAND_DIMS/SQUEEZE")
                                          << (same ? " SAME" : " VALID") << (bias_between ? " bias between" : ""));
          Graph1D g = Make1D(c);
          TflModel after = g.b.model();
          EXPECT_EQ(FuseDilatedConvolutions(after), 1);
          const std::string expand = reshape ? "RESHAPE" : "EXPAND_DIMS", squeeze = reshape ? "RESHAPE" : "SQUEEZE";
          Ops before = {"SPACE_TO_BATCH_ND", expand, "CONV_2D", squeeze};
          Ops expected = {expand, "CONV_2D", squeeze};
          if (bias_between) {
            before.push_back("ADD");
            expected.push_back("ADD");
          }
          before.push_back("BATCH_TO_SPACE_ND");
          //        before                         after
          EXPECT_EQ(OpList(g.b.model()), before);
          EXPECT_EQ(OpList(after), expected);
          const TflSubgraph& sg = after.subgraphs[0];
          EXPECT_EQ(sg.operators[0].inputs[0], g.x);
          EXPECT_EQ(sg.operators.back().outputs[0], g.y);
          const auto* o = sg.operators[1].builtin_options.AsConv2DOptions();
          ASSERT_NE(o, nullptr);
          EXPECT_EQ(o->padding, same ? tflite::Padding::SAME : tflite::Padding::VALID);
          EXPECT_EQ(o->dilation_h_factor, axis == 1 ? 1 : 2);
          EXPECT_EQ(o->dilation_w_factor, axis == 1 ? 2 : 1);
          for (uint32_t seed : {1u, 2u}) ExpectSameOutputs(g.b.model(), after, seed);
          // The whole optimizer leaves expand, conv and squeeze; an ADD after the squeeze stays
          // (moving it before a RESHAPE is not done).
          ASSERT_TRUE(OptimizeModel(after).ok());
          EXPECT_EQ(OpList(after), expected);
          ExpectSameOutputs(g.b.model(), after);
        }
      }
    }
  }
}

TEST(FuseDilatedConv, OneDimensionalNotWhenTheSqueezeTakesEveryUnitDim) {
  // SQUEEZE without dims would drop a batch of 1 after the rewrite.
  Case1D c;
  c.reshape = false;
  Graph1D g = Make1D(c);
  g.b.graph().operators[3].builtin_options.AsSqueezeOptions()->squeeze_dims.clear();
  ExpectUnchanged(g.b);
}

TEST(FuseDilatedConv, OneDimensionalNotWhenTheExpandAxisDiffersFromTheSqueeze) {
  Graph1D g = Make1D(Case1D{});
  // The squeeze target [2, 6, 4] also drops the unit dim; claim the conv output is [2, 6, 1, 4].
  const int conv_out = g.b.graph().operators[2].outputs[0];
  g.b.graph().tensors[conv_out].shape = {2, 6, 1, 4};
  ExpectUnchanged(g.b);
}

}  // namespace
}  // namespace tfconv
