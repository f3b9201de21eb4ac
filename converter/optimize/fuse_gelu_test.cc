// GELU from its tanh approximation (POW or products of x for the cube, every association and
// operand order the official patterns list) and from 0.5 x (1 + erf(x / sqrt(2))) with Erf as a
// custom op, and the cases that must stay. Numerics: the arithmetic before and the GELU kernel
// after in the reference interpreter (tanh form), and the formula evaluated here in double
// precision with std::tanh / std::erf (both forms).
#include "converter/optimize/fuse_gelu.h"

#include <cmath>

#include "converter/optimize/optimize.h"
#include "converter/optimize/optimize_test_util.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using namespace optimize_test;  // NOLINT
using B = tflite::BuiltinOperator;

const std::vector<int32_t> kShape = {3, 8};

enum class Cube { kPow, kXTimesXX, kXXTimesX, kCoeffFirst };
enum class Outer { kHalfXTimesS, kXTimesHalfS, kHalfTimesXS };

struct Spelling {
  Cube cube = Cube::kPow;
  Outer outer = Outer::kHalfXTimesS;
  bool swap = false;  // operands of every binary op swapped
};

struct Constants {
  float half = 0.5f, one = 1.0f, sqrt_2_pi = 0.7978845608f, coeff = 0.044715f;
};

struct GeluGraph {
  Builder b;
  int x = -1, y = -1;
  std::vector<int> intermediates;
};

// Appends op(p, q) (or op(q, p) when swapping) writing a new [3,8] tensor.
int Bin(GeluGraph& g, const Spelling& s, B op, int p, int q, const std::string& name) {
  const int out = g.b.Tensor(name, kShape);
  tflite::BuiltinOptionsUnion o = op == B::ADD ? AddOptions() : op == B::MUL ? MulOptions() : DivOptions();
  const bool swap = s.swap && op != B::DIV && op != B::POW;
  g.b.Op(op, swap ? std::vector<int32_t>{q, p} : std::vector<int32_t>{p, q}, {out},
         op == B::POW ? tflite::BuiltinOptionsUnion{} : std::move(o));
  g.intermediates.push_back(out);
  return out;
}

int K(GeluGraph& g, const std::string& name, float v) { return g.b.Const(name, {}, {v}); }

// 0.5 * x * s in the asked association, s computed by `inner`.
template <typename Inner>
GeluGraph Make(const Spelling& s, const Constants& c, Inner inner) {
  GeluGraph g;
  g.x = g.b.Input("x", kShape);
  const int x = g.x;
  const int sum = inner(g);
  switch (s.outer) {
    case Outer::kHalfXTimesS:
      g.y = Bin(g, s, B::MUL, Bin(g, s, B::MUL, K(g, "half", c.half), x, "hx"), sum, "y");
      break;
    case Outer::kXTimesHalfS:
      g.y = Bin(g, s, B::MUL, x, Bin(g, s, B::MUL, sum, K(g, "half", c.half), "hs"), "y");
      break;
    case Outer::kHalfTimesXS:
      g.y = Bin(g, s, B::MUL, K(g, "half", c.half), Bin(g, s, B::MUL, x, sum, "xs"), "y");
      break;
  }
  g.intermediates.pop_back();  // y is the output
  g.b.Outputs({g.y});
  return g;
}

GeluGraph MakeTanh(const Spelling& s, const Constants& c = {}) {
  return Make(s, c, [&](GeluGraph& g) {
    const int x = g.x;
    int cube_term = -1;
    switch (s.cube) {
      case Cube::kPow:
        cube_term = Bin(g, s, B::MUL, K(g, "coeff", c.coeff), Bin(g, s, B::POW, x, K(g, "three", 3), "pow"), "c3");
        break;
      case Cube::kXTimesXX:
        cube_term = Bin(g, s, B::MUL, Bin(g, s, B::MUL, x, Bin(g, s, B::MUL, x, x, "xx"), "xxx"),
                        K(g, "coeff", c.coeff), "c3");
        break;
      case Cube::kXXTimesX:
        cube_term = Bin(g, s, B::MUL, K(g, "coeff", c.coeff),
                        Bin(g, s, B::MUL, Bin(g, s, B::MUL, x, x, "xx"), x, "xxx"), "c3");
        break;
      case Cube::kCoeffFirst:
        cube_term = Bin(g, s, B::MUL,
                        Bin(g, s, B::MUL, Bin(g, s, B::MUL, x, K(g, "coeff", c.coeff), "cx"), x, "cxx"), x, "c3");
        break;
    }
    const int v = Bin(g, s, B::ADD, x, cube_term, "v");
    const int u = Bin(g, s, B::MUL, K(g, "sqrt_2_pi", c.sqrt_2_pi), v, "u");
    const int t = g.b.Tensor("tanh", kShape);
    g.b.Op(B::TANH, {u}, {t});
    g.intermediates.push_back(t);
    return Bin(g, s, B::ADD, t, K(g, "one", c.one), "s");
  });
}

// Erf as the custom op the converter keeps it as; z = x / sqrt(2) or x * (1 / sqrt(2)).
GeluGraph MakeErf(const Spelling& s, bool divide, const std::string& custom = "Erf", float root2 = 1.41421356f) {
  return Make(s, Constants{}, [&](GeluGraph& g) {
    const int z = divide ? Bin(g, s, B::DIV, g.x, K(g, "sqrt2", root2), "z")
                         : Bin(g, s, B::MUL, g.x, K(g, "rsqrt2", 1.0f / root2), "z");
    const int e = g.b.Tensor("erf", kShape);
    TflOperator& op = g.b.graph().operators.emplace_back();
    op.opcode_index = g.b.model().CustomOpcodeIndex(custom);
    op.inputs = {z};
    op.outputs = {e};
    g.intermediates.push_back(e);
    return Bin(g, s, B::ADD, K(g, "one", 1), e, "s");
  });
}

std::vector<float> XValues() { return Linspace(-4.0f, 3.0f, 24); }

double GeluTanh(double x) {
  return 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
}
double GeluErf(double x) { return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0))); }

void ExpectGelu(const TflModel& after, bool approximate) {
  const std::vector<float> x = XValues();
  absl::StatusOr<std::vector<RtTensor>> out = optimize_test::Run(after, {FloatTensor(kShape, x)});
  ASSERT_TRUE(out.ok()) << out.status();
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR((*out)[0].data<float>()[i], approximate ? GeluTanh(x[i]) : GeluErf(x[i]), 2e-6) << "x = " << x[i];
  }
  const tflite::GeluOptionsT* o = after.subgraphs[0].operators[0].builtin_options.AsGeluOptions();
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->approximate, approximate);
}

TEST(FuseGelu, TanhFormEverySpelling) {
  for (Cube cube : {Cube::kPow, Cube::kXTimesXX, Cube::kXXTimesX, Cube::kCoeffFirst}) {
    for (Outer outer : {Outer::kHalfXTimesS, Outer::kXTimesHalfS, Outer::kHalfTimesXS}) {
      for (bool swap : {false, true}) {
        Spelling s{cube, outer, swap};
        SCOPED_TRACE(testing::Message() << "cube " << static_cast<int>(cube) << " outer " << static_cast<int>(outer)
                                        << " swap " << swap);
        GeluGraph g = MakeTanh(s);
        TflModel after = g.b.model();
        EXPECT_EQ(FuseGelu(after), 1);
        EXPECT_GE(OpList(g.b.model()).size(), 8u);
        EXPECT_EQ(OpList(after), (Ops{"GELU"}));
        EXPECT_EQ(after.subgraphs[0].operators[0].inputs, std::vector<int32_t>{g.x});
        EXPECT_EQ(after.subgraphs[0].operators[0].outputs, std::vector<int32_t>{g.y});
        ExpectSameOutputsOn(g.b.model(), after, {FloatTensor(kShape, XValues())});
        ExpectGelu(after, /*approximate=*/true);
      }
    }
  }
}

TEST(FuseGelu, TanhFormOperatorList) {
  // tf.nn.gelu(approximate=True) as lowered: 0.5 * x * (1 + tanh(c * (x + 0.044715 * pow(x, 3)))).
  GeluGraph g = MakeTanh(Spelling{});
  TflModel after = g.b.model();
  absl::StatusOr<OptimizeReport> r = OptimizeModel(after);
  ASSERT_TRUE(r.ok()) << r.status();
  //        before
  EXPECT_EQ(OpList(g.b.model()), (Ops{"POW", "MUL", "ADD", "MUL", "TANH", "ADD", "MUL", "MUL"}));
  //        after
  EXPECT_EQ(OpList(after), (Ops{"GELU"}));
  EXPECT_EQ(r->count("fuse_gelu"), 1);
  EXPECT_EQ(after.subgraphs[0].tensors.size(), 2u);
}

TEST(FuseGelu, ErfFormWithTheCustomErf) {
  for (bool divide : {false, true}) {
    for (const char* name : {"Erf", "FlexErf"}) {
      SCOPED_TRACE(testing::Message() << name << (divide ? " x / sqrt(2)" : " x * (1 / sqrt(2))"));
      GeluGraph g = MakeErf(Spelling{}, divide, name);
      TflModel after = g.b.model();
      EXPECT_EQ(FuseGelu(after), 1);
      const std::string erf = std::string("CUSTOM(") + name + ")";
      EXPECT_EQ(OpList(g.b.model()), (Ops{divide ? "DIV" : "MUL", erf, "ADD", "MUL", "MUL"}));
      EXPECT_EQ(OpList(after), (Ops{"GELU"}));
      // No custom op is left for the runtime.
      ASSERT_TRUE(OptimizeModel(after).ok());
      for (const TflOperatorCode& c : after.operator_codes) EXPECT_TRUE(c.custom_code.empty());
      ExpectGelu(after, /*approximate=*/false);
    }
  }
}

// ---- Cases left unchanged.

void ExpectUnchanged(Builder& b) {
  TflModel after = b.model();
  EXPECT_EQ(FuseGelu(after), 0);
  EXPECT_EQ(OpList(after), OpList(b.model()));
}

TEST(FuseGelu, NotWithOtherConstants) {
  Constants coeff;
  coeff.coeff = 0.04f;
  GeluGraph a = MakeTanh(Spelling{}, coeff);
  ExpectUnchanged(a.b);
  Constants root;
  root.sqrt_2_pi = 0.8f;
  GeluGraph b = MakeTanh(Spelling{}, root);
  ExpectUnchanged(b.b);
  Constants half;
  half.half = 0.6f;
  GeluGraph c = MakeTanh(Spelling{}, half);
  ExpectUnchanged(c.b);
  Constants one;
  one.one = 2.0f;
  GeluGraph d = MakeTanh(Spelling{}, one);
  ExpectUnchanged(d.b);
  GeluGraph e = MakeErf(Spelling{}, true, "Erf", /*root2=*/1.5f);
  ExpectUnchanged(e.b);
}

TEST(FuseGelu, NotForOtherCustomOps) {
  GeluGraph g = MakeErf(Spelling{}, true, "Erfc");
  ExpectUnchanged(g.b);
}

TEST(FuseGelu, NotWhenAnyIntermediateHasAnotherReader) {
  const size_t n = MakeTanh(Spelling{}).intermediates.size();
  for (size_t i = 0; i < n; ++i) {
    GeluGraph g = MakeTanh(Spelling{});
    SCOPED_TRACE(g.b.graph().tensors[g.intermediates[i]].name);
    g.b.Outputs({g.y, g.intermediates[i]});
    ExpectUnchanged(g.b);
  }
}

TEST(FuseGelu, NotWhenTheCubeIsOfAnotherTensor) {
  GeluGraph g = MakeTanh(Spelling{});
  const int w = g.b.Input("w", kShape);
  g.b.graph().operators[0].inputs[0] = w;  // pow(w, 3)
  ExpectUnchanged(g.b);
}

TEST(FuseGelu, NotOnQuantizedTensors) {
  GeluGraph g = MakeTanh(Spelling{});
  for (TflTensor& t : g.b.graph().tensors) {
    t.type = tflite::TensorType::INT8;
    t.quantization = TflQuantization{};
    t.quantization->scale = {0.05f};
    t.quantization->zero_point = {0};
  }
  ExpectUnchanged(g.b);
}

}  // namespace
}  // namespace tfconv
