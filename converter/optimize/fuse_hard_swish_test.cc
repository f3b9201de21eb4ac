// HARD_SWISH from x * relu6(x + 3) / 6 in its spellings, and the cases that must stay. Numerics:
// the arithmetic before and the HARD_SWISH kernel after, in the reference interpreter, on inputs
// across all three pieces of the function (x < -3, -3..3, x > 3), plus hand-known values.
#include "converter/optimize/fuse_hard_swish.h"

#include "converter/optimize/optimize.h"
#include "converter/optimize/optimize_test_util.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using namespace optimize_test;  // NOLINT
using B = tflite::BuiltinOperator;
using A = tflite::ActivationFunctionType;

const std::vector<int32_t> kShape = {2, 3, 5};

// How the pieces are spelled.
struct Spelling {
  bool fused_relu6 = true;     // ADD with fused RELU6, else ADD then RELU6
  bool three_first = false;    // ADD(3, x)
  bool sixth_outside = true;   // (x * r) / 6, else x * (r / 6)
  bool divide = false;         // DIV by 6, else MUL by 1/6
  bool swap_mul = false;       // operands of the MULs swapped
};

struct HardSwishGraph {
  Builder b;
  int x = -1, r = -1, y = -1;
};

HardSwishGraph Make(const Spelling& s, float three = 3.0f, float sixth = 1.0f / 6.0f, float six = 6.0f) {
  HardSwishGraph h;
  Builder& b = h.b;
  h.x = b.Input("x", kShape);
  const int k3 = b.Const("three", {}, {three});
  const int a = b.Tensor("x_plus_3", kShape);
  b.Op(B::ADD, s.three_first ? std::vector<int32_t>{k3, h.x} : std::vector<int32_t>{h.x, k3}, {a},
       AddOptions(s.fused_relu6 ? A::RELU6 : A::NONE));
  h.r = a;
  if (!s.fused_relu6) {
    h.r = b.Tensor("relu6", kShape);
    b.Op(B::RELU6, {a}, {h.r});
  }
  auto scale = [&](int v, const std::string& name) {
    const int out = b.Tensor(name, kShape);
    if (s.divide) {
      b.Op(B::DIV, {v, b.Const("six", {1}, {six})}, {out}, DivOptions());
    } else {
      const int k = b.Const("sixth", {1, 1, 1}, {sixth});
      b.Op(B::MUL, s.swap_mul ? std::vector<int32_t>{k, v} : std::vector<int32_t>{v, k}, {out}, MulOptions());
    }
    return out;
  };
  auto mul = [&](int p, int q, const std::string& name) {
    const int out = b.Tensor(name, kShape);
    b.Op(B::MUL, s.swap_mul ? std::vector<int32_t>{q, p} : std::vector<int32_t>{p, q}, {out}, MulOptions());
    return out;
  };
  h.y = s.sixth_outside ? scale(mul(h.x, h.r, "x_r"), "y") : mul(h.x, scale(h.r, "r_6"), "y");
  b.Outputs({h.y});
  return h;
}

std::vector<RtTensor> Inputs() { return {FloatTensor(kShape, Linspace(-5.0f, 5.0f, 30))}; }

TEST(FuseHardSwish, EverySpelling) {
  for (int bits = 0; bits < 32; ++bits) {
    Spelling s;
    s.fused_relu6 = bits & 1;
    s.three_first = bits & 2;
    s.sixth_outside = bits & 4;
    s.divide = bits & 8;
    s.swap_mul = bits & 16;
    SCOPED_TRACE(testing::Message() << "spelling " << bits);
    HardSwishGraph h = Make(s);
    TflModel after = h.b.model();
    EXPECT_EQ(FuseHardSwish(after), 1);
    const std::string add = s.fused_relu6 ? "ADD+RELU6" : "ADD";
    Ops before_ops = {add};
    if (!s.fused_relu6) before_ops.push_back("RELU6");
    before_ops.push_back(s.sixth_outside ? "MUL" : (s.divide ? "DIV" : "MUL"));
    before_ops.push_back(s.sixth_outside ? (s.divide ? "DIV" : "MUL") : "MUL");
    //        before                              after
    EXPECT_EQ(OpList(h.b.model()), before_ops);
    EXPECT_EQ(OpList(after), (Ops{"HARD_SWISH"}));
    const TflOperator& op = after.subgraphs[0].operators[0];
    EXPECT_EQ(op.inputs, std::vector<int32_t>{h.x});
    EXPECT_EQ(op.outputs, std::vector<int32_t>{h.y});
    ExpectSameOutputsOn(h.b.model(), after, Inputs());
  }
}

TEST(FuseHardSwish, HandKnownValuesAndCleanModel) {
  HardSwishGraph h = Make(Spelling{});
  TflModel after = h.b.model();
  absl::StatusOr<OptimizeReport> r = OptimizeModel(after);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->count("fuse_hard_swish"), 1);
  EXPECT_EQ(OpList(after), (Ops{"HARD_SWISH"}));
  // Only x and y are left; the constants are dropped.
  EXPECT_EQ(after.subgraphs[0].tensors.size(), 2u);
  // hard_swish(-4) = 0, (-3) = 0, (-1) = -1 * 2 / 6, (0) = 0, (1) = 4 / 6, (3) = 3, (5) = 5.
  std::vector<float> x = {-4, -3, -1, 0, 1, 3, 5, 2, -2, 0.5f, -0.5f, 6, -6, 2.5f, 10};
  x.resize(30, 0.0f);
  absl::StatusOr<std::vector<RtTensor>> out = optimize_test::Run(after, {FloatTensor(kShape, x)});
  ASSERT_TRUE(out.ok()) << out.status();
  const float* y = (*out)[0].data<float>();
  const float expected[] = {0, 0, -1.0f / 3, 0, 2.0f / 3, 3, 5, 5.0f / 3, -1.0f / 3, 0.5f * 3.5f / 6, -0.5f * 2.5f / 6,
                            6, 0, 2.5f * 5.5f / 6, 10};
  for (int i = 0; i < 15; ++i) EXPECT_NEAR(y[i], expected[i], 1e-6) << "x = " << x[i];
}

// ---- Cases left unchanged.

void ExpectUnchanged(Builder& b) {
  TflModel after = b.model();
  EXPECT_EQ(FuseHardSwish(after), 0);
  EXPECT_EQ(OpList(after), OpList(b.model()));
}

TEST(FuseHardSwish, NotWithOtherConstants) {
  HardSwishGraph three = Make(Spelling{}, /*three=*/3.5f);
  ExpectUnchanged(three.b);
  HardSwishGraph sixth = Make(Spelling{}, 3.0f, /*sixth=*/0.2f);
  ExpectUnchanged(sixth.b);
  Spelling div;
  div.divide = true;
  HardSwishGraph six = Make(div, 3.0f, 1.0f / 6.0f, /*six=*/5.0f);
  ExpectUnchanged(six.b);
}

TEST(FuseHardSwish, NotWhenAnIntermediateHasAnotherReader) {
  HardSwishGraph h = Make(Spelling{});
  h.b.Outputs({h.y, h.r});  // relu6(x + 3) is also a model output
  ExpectUnchanged(h.b);
  Spelling apart;
  apart.fused_relu6 = false;
  HardSwishGraph g = Make(apart);
  const int z = g.b.Tensor("z", kShape);
  g.b.Op(B::RELU, {g.r}, {z}).Outputs({g.y, z});  // relu6 read by a second operator
  ExpectUnchanged(g.b);
}

TEST(FuseHardSwish, NotForTwoDifferentTensors) {
  // w * relu6(x + 3) / 6 with w != x.
  HardSwishGraph h = Make(Spelling{});
  const int w = h.b.Input("w", kShape);
  for (int32_t& t : h.b.graph().operators[1].inputs) {  // the MUL(x, r)
    if (t == h.x) t = w;
  }
  ExpectUnchanged(h.b);
}

TEST(FuseHardSwish, NotWhenTheResultBroadcasts) {
  // x [5] with a [1,1,1] constant gives [1,1,5]: HARD_SWISH(x) would have x's shape.
  Builder b;
  const int x = b.Input("x", {5});
  const int a = b.Tensor("a", {5});
  b.Op(B::ADD, {x, b.Const("three", {}, {3})}, {a}, AddOptions(A::RELU6));
  const int m = b.Tensor("m", {5});
  b.Op(B::MUL, {x, a}, {m}, MulOptions());
  const int y = b.Tensor("y", {1, 1, 5});
  b.Op(B::MUL, {m, b.Const("sixth", {1, 1, 1}, {1.0f / 6})}, {y}, MulOptions()).Outputs({y});
  ExpectUnchanged(b);
}

TEST(FuseHardSwish, NotWithAFusedActivationOnTheResult) {
  HardSwishGraph h = Make(Spelling{});
  h.b.graph().operators.back().builtin_options.AsMulOptions()->fused_activation_function = A::RELU;
  ExpectUnchanged(h.b);
}

TEST(FuseHardSwish, NotOnQuantizedTensors) {
  HardSwishGraph h = Make(Spelling{});
  for (TflTensor& t : h.b.graph().tensors) {
    t.type = tflite::TensorType::INT8;
    t.quantization = TflQuantization{};
    t.quantization->scale = {0.05f};
    t.quantization->zero_point = {0};
  }
  ExpectUnchanged(h.b);
}

}  // namespace
}  // namespace tfconv
