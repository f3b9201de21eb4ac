// PRELU from relu(x) - alpha * relu(-x): the Keras ADD form and the tfjs SUB form (as in the
// human_iris graph), operand orders, alpha shapes, and the cases that must stay. Numerics: the
// arithmetic before and the PRELU kernel after in the reference interpreter, and hand values.
#include "converter/optimize/fuse_prelu.h"

#include "converter/optimize/graph_view.h"
#include "converter/optimize/optimize.h"
#include "converter/optimize/optimize_test_util.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using namespace optimize_test;  // NOLINT
using B = tflite::BuiltinOperator;
using A = tflite::ActivationFunctionType;

const std::vector<int32_t> kShape = {1, 3, 4, 3};

struct PReluGraph {
  Builder b;
  int x = -1, pos = -1, neg = -1, scaled = -1, k = -1, y = -1;
};

// root(RELU(x), MUL(RELU(NEG(x)), k)) with root ADD or SUB; the MUL and ADD orders as asked.
PReluGraph Make(B root, std::vector<int32_t> k_shape, const std::vector<float>& k, bool k_first = false,
                bool relu_second = false) {
  PReluGraph p;
  Builder& b = p.b;
  p.x = b.Input("x", kShape);
  p.pos = b.Tensor("pos", kShape);
  b.Op(B::RELU, {p.x}, {p.pos});
  const int negx = b.Tensor("negx", kShape);
  b.Op(B::NEG, {p.x}, {negx});
  p.neg = b.Tensor("negrelu", kShape);
  b.Op(B::RELU, {negx}, {p.neg});
  p.k = b.Const("k", std::move(k_shape), k);
  p.scaled = b.Tensor("scaled", kShape);
  b.Op(B::MUL, k_first ? std::vector<int32_t>{p.k, p.neg} : std::vector<int32_t>{p.neg, p.k}, {p.scaled},
       MulOptions());
  p.y = b.Tensor("y", kShape);
  b.Op(root, relu_second ? std::vector<int32_t>{p.scaled, p.pos} : std::vector<int32_t>{p.pos, p.scaled}, {p.y},
       root == B::ADD ? AddOptions() : SubOptions());
  b.Outputs({p.y});
  return p;
}

std::vector<RtTensor> Inputs() { return {FloatTensor(kShape, Linspace(-3.0f, 2.5f, 36))}; }

TEST(FusePRelu, KerasAddFormEveryOrder) {
  // Keras: relu(x) + (-alpha) * relu(-x); k = -alpha.
  const std::vector<float> alpha = {0.25f, 0.5f, -0.125f};
  const std::vector<float> k = {-0.25f, -0.5f, 0.125f};
  for (bool k_first : {false, true}) {
    for (bool relu_second : {false, true}) {
      SCOPED_TRACE(testing::Message() << "k_first " << k_first << " relu_second " << relu_second);
      PReluGraph p = Make(B::ADD, {1, 1, 3}, k, k_first, relu_second);
      TflModel after = p.b.model();
      EXPECT_EQ(FusePRelu(after), 1);
      //        before                                             after
      EXPECT_EQ(OpList(p.b.model()), (Ops{"RELU", "NEG", "RELU", "MUL", "ADD"}));
      EXPECT_EQ(OpList(after), (Ops{"PRELU"}));
      const TflSubgraph& g = after.subgraphs[0];
      ASSERT_EQ(g.operators[0].inputs.size(), 2u);
      EXPECT_EQ(g.operators[0].inputs[0], p.x);
      EXPECT_EQ(g.operators[0].outputs[0], p.y);
      // alpha is a new constant -k of k's shape; k itself is unchanged.
      const TflTensor& a = g.tensors[g.operators[0].inputs[1]];
      EXPECT_EQ(a.shape, (std::vector<int32_t>{1, 1, 3}));
      EXPECT_EQ(ConstantFloats(after, a), alpha);
      EXPECT_EQ(ConstantFloats(after, g.tensors[p.k]), k);
      ExpectSameOutputsOn(p.b.model(), after, Inputs());
    }
  }
}

TEST(FusePRelu, TfjsSubFormReadsAlphaAsItIs) {
  // tfjs Prelu written back as TF ops: relu(x) - alpha * relu(-x).
  const std::vector<float> alpha = {0.2f, 0.3f, 0.7f};
  for (bool k_first : {false, true}) {
    PReluGraph p = Make(B::SUB, {1, 1, 3}, alpha, k_first);
    TflModel after = p.b.model();
    EXPECT_EQ(FusePRelu(after), 1);
    EXPECT_EQ(OpList(p.b.model()), (Ops{"RELU", "NEG", "RELU", "MUL", "SUB"}));
    EXPECT_EQ(OpList(after), (Ops{"PRELU"}));
    EXPECT_EQ(after.subgraphs[0].operators[0].inputs, (std::vector<int32_t>{p.x, p.k}));
    ExpectSameOutputsOn(p.b.model(), after, Inputs());
  }
}

TEST(FusePRelu, HandKnownValues) {
  // alpha 0.25 everywhere: prelu(-2) = -0.5, prelu(3) = 3, prelu(0) = 0.
  PReluGraph p = Make(B::SUB, {1}, {0.25f});
  TflModel after = p.b.model();
  absl::StatusOr<OptimizeReport> r = OptimizeModel(after);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->count("fuse_prelu"), 1);
  EXPECT_EQ(OpList(after), (Ops{"PRELU"}));
  std::vector<float> x(36, 0.0f);
  x[0] = -2;
  x[1] = 3;
  x[2] = -0.4f;
  absl::StatusOr<std::vector<RtTensor>> out = optimize_test::Run(after, {FloatTensor(kShape, x)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_FLOAT_EQ((*out)[0].data<float>()[0], -0.5f);
  EXPECT_FLOAT_EQ((*out)[0].data<float>()[1], 3.0f);
  EXPECT_FLOAT_EQ((*out)[0].data<float>()[2], -0.1f);
  EXPECT_FLOAT_EQ((*out)[0].data<float>()[3], 0.0f);
}

TEST(FusePRelu, AlphaShapes) {
  // Per element, per channel [3], scalar-like [1] and [1,1,1,1]: all broadcast to x unchanged.
  const std::vector<std::vector<int32_t>> shapes = {{1, 3, 4, 3}, {3}, {1}, {1, 1, 1, 1}, {4, 1}};
  for (const std::vector<int32_t>& shape : shapes) {
    SCOPED_TRACE(testing::Message() << "alpha rank " << shape.size());
    int64_t n = 1;
    for (int32_t d : shape) n *= d;
    std::vector<float> k(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) k[i] = 0.05f * static_cast<float>(i + 1);
    PReluGraph p = Make(B::SUB, shape, k);
    TflModel after = p.b.model();
    EXPECT_EQ(FusePRelu(after), 1);
    ExpectSameOutputsOn(p.b.model(), after, Inputs());
  }
}

TEST(FusePRelu, OffSwitch) {
  PReluGraph p = Make(B::SUB, {3}, {0.1f, 0.2f, 0.3f});
  TflModel after = p.b.model();
  OptimizeOptions options;
  options.fuse_activation_patterns = false;
  ASSERT_TRUE(OptimizeModel(after, options).ok());
  EXPECT_EQ(OpList(after), (Ops{"RELU", "NEG", "RELU", "MUL", "SUB"}));
}

// ---- Cases left unchanged.

void ExpectUnchanged(Builder& b) {
  TflModel after = b.model();
  EXPECT_EQ(FusePRelu(after), 0);
  EXPECT_EQ(OpList(after), OpList(b.model()));
}

TEST(FusePRelu, NotWhenSubtractingTheOtherWay) {
  // alpha * relu(-x) - relu(x) is not a PReLU.
  PReluGraph p = Make(B::SUB, {3}, {0.1f, 0.2f, 0.3f}, false, /*relu_second=*/true);
  ExpectUnchanged(p.b);
}

TEST(FusePRelu, NotWhenAlphaGrowsTheShape) {
  // [2,1,1,1] would broadcast x [1,3,4,3] to [2,3,4,3]; [4] does not broadcast against 3 channels.
  PReluGraph grow = Make(B::SUB, {2, 1, 1, 1}, {0.1f, 0.2f});
  grow.b.graph().tensors[grow.y].shape = {2, 3, 4, 3};
  ExpectUnchanged(grow.b);
  PReluGraph wrong = Make(B::SUB, {4}, {0.1f, 0.2f, 0.3f, 0.4f});
  ExpectUnchanged(wrong.b);
}

TEST(FusePRelu, NotWhenAnIntermediateHasAnotherReader) {
  for (int which = 0; which < 3; ++which) {
    PReluGraph p = Make(B::SUB, {3}, {0.1f, 0.2f, 0.3f});
    const int t = which == 0 ? p.pos : which == 1 ? p.neg : p.scaled;
    const int z = p.b.Tensor("z", kShape);
    p.b.Op(B::RELU6, {t}, {z}).Outputs({p.y, z});
    SCOPED_TRACE(which);
    ExpectUnchanged(p.b);
  }
}

TEST(FusePRelu, NotForTwoDifferentTensors) {
  // relu(w) - k * relu(-x).
  PReluGraph p = Make(B::SUB, {3}, {0.1f, 0.2f, 0.3f});
  const int w = p.b.Input("w", kShape);
  p.b.graph().operators[0].inputs[0] = w;
  ExpectUnchanged(p.b);
}

TEST(FusePRelu, NotWithAComputedAlphaOrAFusedActivation) {
  PReluGraph computed = Make(B::SUB, {3}, {0.1f, 0.2f, 0.3f});
  computed.b.graph().tensors[computed.k].buffer = 0;  // k becomes a runtime tensor
  computed.b.graph().inputs.push_back(computed.k);
  ExpectUnchanged(computed.b);
  PReluGraph act = Make(B::ADD, {3}, {-0.1f, -0.2f, -0.3f});
  act.b.graph().operators.back().builtin_options.AsAddOptions()->fused_activation_function = A::RELU6;
  ExpectUnchanged(act.b);
}

TEST(FusePRelu, NotOnQuantizedTensors) {
  PReluGraph p = Make(B::SUB, {3}, {0.1f, 0.2f, 0.3f});
  for (TflTensor& t : p.b.graph().tensors) {
    t.type = tflite::TensorType::INT8;
    t.quantization = TflQuantization{};
    t.quantization->scale = {0.05f};
    t.quantization->zero_point = {0};
  }
  ExpectUnchanged(p.b);
}

TEST(FusePRelu, ASharedAlphaStaysAsItIs) {
  // k is also read by another MUL: the ADD form must not negate it in place.
  PReluGraph p = Make(B::ADD, {3}, {-0.1f, -0.2f, -0.3f});
  const int z = p.b.Tensor("z", kShape);
  p.b.Op(B::MUL, {p.x, p.k}, {z}, MulOptions()).Outputs({p.y, z});
  TflModel after = p.b.model();
  ASSERT_TRUE(OptimizeModel(after).ok());
  EXPECT_EQ(OpList(after), (Ops{"PRELU", "MUL"}));
  ExpectSameOutputsOn(p.b.model(), after, Inputs());
}

}  // namespace
}  // namespace tfconv
