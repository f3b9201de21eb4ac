// LEAKY_RELU from MAXIMUM(x, MUL(x, alpha)): operand orders, alpha values, and the cases that must
// stay. Numerics: MAXIMUM/MUL before and the LEAKY_RELU kernel after, and hand values.
#include "converter/optimize/fuse_leaky_relu.h"

#include "converter/optimize/optimize.h"
#include "converter/optimize/optimize_test_util.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using namespace optimize_test;  // NOLINT
using B = tflite::BuiltinOperator;

const std::vector<int32_t> kShape = {2, 7};

struct LeakyGraph {
  Builder b;
  int x = -1, m = -1, y = -1;
};

LeakyGraph Make(std::vector<int32_t> alpha_shape, std::vector<float> alpha, bool alpha_first = false,
                bool mul_first = false) {
  LeakyGraph l;
  Builder& b = l.b;
  l.x = b.Input("x", kShape);
  const int k = b.Const("alpha", std::move(alpha_shape), alpha);
  l.m = b.Tensor("scaled", kShape);
  b.Op(B::MUL, alpha_first ? std::vector<int32_t>{k, l.x} : std::vector<int32_t>{l.x, k}, {l.m}, MulOptions());
  l.y = b.Tensor("y", kShape);
  b.Op(B::MAXIMUM, mul_first ? std::vector<int32_t>{l.m, l.x} : std::vector<int32_t>{l.x, l.m}, {l.y});
  b.Outputs({l.y});
  return l;
}

std::vector<RtTensor> Inputs() { return {FloatTensor(kShape, Linspace(-3.0f, 3.5f, 14))}; }

float AlphaOf(const TflModel& m) {
  const tflite::LeakyReluOptionsT* o = m.subgraphs[0].operators[0].builtin_options.AsLeakyReluOptions();
  return o == nullptr ? -100.0f : o->alpha;
}

TEST(FuseLeakyRelu, EveryOperandOrder) {
  for (int bits = 0; bits < 4; ++bits) {
    SCOPED_TRACE(bits);
    LeakyGraph l = Make({}, {0.2f}, bits & 1, bits & 2);
    TflModel after = l.b.model();
    EXPECT_EQ(FuseLeakyRelu(after), 1);
    //        before                                after
    EXPECT_EQ(OpList(l.b.model()), (Ops{"MUL", "MAXIMUM"}));
    EXPECT_EQ(OpList(after), (Ops{"LEAKY_RELU"}));
    EXPECT_EQ(AlphaOf(after), 0.2f);
    EXPECT_EQ(after.subgraphs[0].operators[0].inputs, std::vector<int32_t>{l.x});
    ExpectSameOutputsOn(l.b.model(), after, Inputs());
  }
}

TEST(FuseLeakyRelu, AlphaValuesBelowOneInMagnitude) {
  // Zero and negative slopes are exact too: max(x, a x) = x for x >= 0 and a x below when |a| < 1.
  for (float a : {0.0f, 0.01f, 0.3f, 0.99f, -0.5f}) {
    SCOPED_TRACE(a);
    LeakyGraph l = Make({1, 1}, {a});
    TflModel after = l.b.model();
    EXPECT_EQ(FuseLeakyRelu(after), 1);
    EXPECT_EQ(AlphaOf(after), a);
    ExpectSameOutputsOn(l.b.model(), after, Inputs());
  }
}

TEST(FuseLeakyRelu, HandKnownValues) {
  LeakyGraph l = Make({}, {0.1f});
  TflModel after = l.b.model();
  absl::StatusOr<OptimizeReport> r = OptimizeModel(after);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->count("fuse_leaky_relu"), 1);
  EXPECT_EQ(after.subgraphs[0].tensors.size(), 2u);  // the alpha constant is gone
  std::vector<float> x(14, 0.0f);
  x[0] = -5;
  x[1] = 4;
  absl::StatusOr<std::vector<RtTensor>> out = optimize_test::Run(after, {FloatTensor(kShape, x)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_FLOAT_EQ((*out)[0].data<float>()[0], -0.5f);
  EXPECT_FLOAT_EQ((*out)[0].data<float>()[1], 4.0f);
}

// ---- Cases left unchanged.

void ExpectUnchanged(Builder& b) {
  TflModel after = b.model();
  EXPECT_EQ(FuseLeakyRelu(after), 0);
  EXPECT_EQ(OpList(after), OpList(b.model()));
}

TEST(FuseLeakyRelu, NotForSlopesOfOneOrMore) {
  // max(x, 1.5 x) is 1.5 x for x > 0: not a leaky ReLU.
  for (float a : {1.0f, 1.5f, -1.0f, -2.0f}) {
    LeakyGraph l = Make({}, {a});
    ExpectUnchanged(l.b);
  }
}

TEST(FuseLeakyRelu, NotForPerChannelSlopes) {
  LeakyGraph l = Make({7}, {0.1f, 0.2f, 0.1f, 0.2f, 0.1f, 0.2f, 0.1f});
  ExpectUnchanged(l.b);
}

TEST(FuseLeakyRelu, NotWhenTheProductHasAnotherReader) {
  LeakyGraph l = Make({}, {0.2f});
  l.b.Outputs({l.y, l.m});
  ExpectUnchanged(l.b);
}

TEST(FuseLeakyRelu, NotForTwoDifferentTensors) {
  LeakyGraph l = Make({}, {0.2f});
  const int w = l.b.Input("w", kShape);
  l.b.graph().operators[1].inputs[0] = w;  // max(w, 0.2 x)
  ExpectUnchanged(l.b);
}

TEST(FuseLeakyRelu, NotOnQuantizedTensors) {
  LeakyGraph l = Make({}, {0.2f});
  for (TflTensor& t : l.b.graph().tensors) {
    t.type = tflite::TensorType::INT8;
    t.quantization = TflQuantization{};
    t.quantization->scale = {0.05f};
    t.quantization->zero_point = {0};
  }
  ExpectUnchanged(l.b);
}

}  // namespace
}  // namespace tfconv
