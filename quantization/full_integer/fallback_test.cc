// Float fallback, the denylist, integer-only errors, model input/output types and option errors, on
// small models built here (SIN and COS have no integer kernel, so they stay float and the reference
// interpreter can still run the result).
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "converter/frontend/shared_testdata.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "quantization/full_integer/full_integer.h"
#include "quantization/full_integer/quant_arith.h"
#include "quantization/full_integer/test_util.h"

namespace tfconv {
namespace {

using Op = tflite::BuiltinOperator;
using TT = tflite::TensorType;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class Builder {
 public:
  int Activation(const std::string& name, float min, float max, std::vector<int32_t> shape = {1, 8}) {
    TflTensor t{.name = name, .type = TT::FLOAT32, .shape = std::move(shape)};
    TflQuantization q;
    q.min = {min};
    q.max = {max};
    t.quantization = q;
    return g().AddTensor(std::move(t));
  }
  int Constant(const std::string& name, std::vector<float> values) {
    TflTensor t{.name = name, .type = TT::FLOAT32, .shape = {1, static_cast<int32_t>(values.size())}};
    t.buffer = m.AddBuffer(BytesOf(values));
    return g().AddTensor(std::move(t));
  }
  void Add(Op code, std::vector<int32_t> in, std::vector<int32_t> out) {
    TflOperator o;
    o.opcode_index = m.OpcodeIndex(code);
    o.inputs = std::move(in);
    o.outputs = std::move(out);
    if (code == Op::ADD) o.builtin_options.Set(tflite::AddOptionsT());
    if (code == Op::MUL) o.builtin_options.Set(tflite::MulOptionsT());
    g().operators.push_back(std::move(o));
  }
  TflSubgraph& g() {
    if (m.subgraphs.empty()) m.subgraphs.emplace_back();
    return m.subgraphs[0];
  }
  TflModel m;
};

// x -> ADD(x, c) = a -> SIN(a) = s, COS(a) = k -> ADD(s, k) = b -> MUL(k, b) = m; outputs m, s.
TflModel MixedModel() {
  Builder b;
  const int x = b.Activation("x", -1, 1);
  const int c = b.Constant("c", {0.5f, -0.25f, 0.75f, -1.0f, 0.1f, 0.2f, -0.3f, 0.4f});
  const int a = b.Activation("a", -2, 2);
  const int s = b.Activation("s", -1, 1);
  const int k = b.Activation("k", -1, 1);
  const int sum = b.Activation("b", -2, 2);
  const int prod = b.Activation("m", -2, 2);
  b.Add(Op::ADD, {x, c}, {a});
  b.Add(Op::SIN, {a}, {s});
  b.Add(Op::COS, {a}, {k});
  b.Add(Op::ADD, {s, k}, {sum});
  b.Add(Op::MUL, {k, sum}, {prod});
  b.g().inputs = {x};
  b.g().outputs = {prod, s};
  return b.m;
}

std::vector<Op> Codes(const TflModel& m) {
  std::vector<Op> codes;
  for (const TflOperator& o : m.subgraphs[0].operators) codes.push_back(m.CodeOf(o).builtin_code);
  return codes;
}
const TflTensor& Tensor(const TflModel& m, int t) { return m.subgraphs[0].tensors[t]; }

TEST(FallbackTest, FloatOpsGetSharedDequantizeAndQuantize) {
  const TflModel f = MixedModel();
  TflModel q = f;
  absl::StatusOr<QuantizeReport> r =
      QuantizeFullIntegerModel(q, Int8Options(TT::FLOAT32, TT::FLOAT32, /*integer_only=*/false));
  ASSERT_TRUE(r.ok()) << r.status();
  // One DEQUANTIZE of 'a' for both float readers, one QUANTIZE of 'k' for both integer readers.
  EXPECT_THAT(Codes(q), ElementsAre(Op::QUANTIZE, Op::ADD, Op::DEQUANTIZE, Op::SIN, Op::COS,
                                    Op::QUANTIZE, Op::QUANTIZE, Op::ADD, Op::MUL, Op::DEQUANTIZE));
  const TflSubgraph& g = q.subgraphs[0];
  EXPECT_EQ(g.operators[3].inputs, g.operators[4].inputs);
  EXPECT_EQ(Tensor(q, g.operators[3].inputs[0]).name, "a_float");
  EXPECT_EQ(Tensor(q, g.operators[5].outputs[0]).name, "s_int8");
  EXPECT_EQ(Tensor(q, g.operators[6].outputs[0]).name, "k_int8");
  EXPECT_EQ(g.operators[7].inputs[1], g.operators[8].inputs[0]);  // the shared int8 'k'
  // 's' is a model output computed by a float op: it stays float, unrenamed.
  EXPECT_EQ(Tensor(q, g.outputs[1]).name, "s");
  EXPECT_EQ(Tensor(q, g.outputs[1]).type, TT::FLOAT32);
  EXPECT_EQ(r->quantized_operators, 3);
  ASSERT_EQ(r->float_operators.size(), 2u);
  EXPECT_THAT(r->float_operators[0], HasSubstr("SIN producing 's'"));
  absl::StatusOr<RunComparison> c = CompareRuns(f, q);
  ASSERT_TRUE(c.ok()) << c.status();
  // m = k * (s + k): the int8 steps of a, s, k and b (1/64 each) add up to a few steps of m.
  EXPECT_LE(c->max_error_lsb[0], 4.0);
  EXPECT_LE(c->max_abs_error[1], 0.02);  // sin of the dequantized 'a'
}

TEST(FallbackTest, IntegerBoundaryQuantizesAFloatOutput) {
  const TflModel f = MixedModel();
  TflModel q = f;
  ASSERT_TRUE(QuantizeFullIntegerModel(q, Int8Options(TT::INT8, TT::INT8, false)).ok());
  const TflSubgraph& g = q.subgraphs[0];
  EXPECT_EQ(Tensor(q, g.inputs[0]).type, TT::INT8);
  EXPECT_EQ(Tensor(q, g.inputs[0]).name, "x");
  EXPECT_EQ(Tensor(q, g.outputs[0]).type, TT::INT8);
  EXPECT_EQ(Tensor(q, g.outputs[1]).type, TT::INT8);
  EXPECT_EQ(Tensor(q, g.outputs[1]).name, "s");
  EXPECT_EQ(Codes(q).back(), Op::QUANTIZE);
  EXPECT_EQ(Tensor(q, g.operators.back().inputs[0]).name, "s_float");
  absl::StatusOr<RunComparison> c = CompareRuns(f, q);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_LE(c->max_error(), 4.0);
}

TEST(FallbackTest, IntegerOnlyNamesEveryFloatOp) {
  TflModel q = MixedModel();
  absl::StatusOr<QuantizeReport> r = QuantizeFullIntegerModel(q, Int8Options(TT::INT8, TT::INT8, true));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("2 operator(s)"));
  EXPECT_THAT(r.status().message(), HasSubstr("SIN producing 's': no integer kernel"));
  EXPECT_THAT(r.status().message(), HasSubstr("COS producing 'k'"));
  EXPECT_THAT(r.status().message(), HasSubstr("--target_ops=TFLITE_BUILTINS,TFLITE_BUILTINS_INT8"));
  EXPECT_EQ(q.subgraphs[0].operators.size(), 5u);  // unchanged
  r = QuantizeFullIntegerModel(q, Int16Options(TT::INT16, TT::INT16, true));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8"));
}

TEST(FallbackTest, DenylistKeepsMatchingOpsFloat) {
  const TflModel f = MixedModel();
  TflModel q = f;
  QuantizeOptions o = Int8Options(TT::FLOAT32, TT::FLOAT32, false);
  o.denylist_regex = "^b$";  // the ADD producing 'b'
  absl::StatusOr<QuantizeReport> r = QuantizeFullIntegerModel(q, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(Codes(q), ElementsAre(Op::QUANTIZE, Op::ADD, Op::DEQUANTIZE, Op::SIN, Op::COS, Op::ADD,
                                    Op::QUANTIZE, Op::QUANTIZE, Op::MUL, Op::DEQUANTIZE));
  EXPECT_THAT(r->float_operators.back(), HasSubstr("ADD producing 'b' (matches --quantize_denylist)"));
  absl::StatusOr<RunComparison> c = CompareRuns(f, q);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_LE(c->max_error_lsb[0], 4.0);

  // A constant's name denies its operator too; with integer-only targets that is an error.
  o.denylist_regex = "^c$";
  o.integer_only = true;
  TflModel q2 = MixedModel();
  r = QuantizeFullIntegerModel(q2, o);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("ADD producing 'a': matches --quantize_denylist"));
}

TEST(FallbackTest, ConstantReadByFloatAndIntegerOpsIsCopied) {
  Builder b;
  const int x = b.Activation("x", -1, 1);
  const int c = b.Constant("c", {0.5f, -0.25f, 0.75f, -1.0f, 0.1f, 0.2f, -0.3f, 0.4f});
  const int a = b.Activation("a", -2, 2);
  const int s = b.Activation("s", -1, 1);
  b.Add(Op::ADD, {x, c}, {a});
  b.Add(Op::SIN, {c}, {s});
  b.g().inputs = {x};
  b.g().outputs = {a, s};
  TflModel q = b.m;
  ASSERT_TRUE(QuantizeFullIntegerModel(q, Int8Options(TT::FLOAT32, TT::FLOAT32, false)).ok());
  const TflSubgraph& g = q.subgraphs[0];
  const TflTensor& int_c = Tensor(q, g.operators[1].inputs[1]);
  EXPECT_EQ(int_c.name, "c_duplicate_1");
  EXPECT_EQ(int_c.type, TT::INT8);
  EXPECT_FLOAT_EQ(int_c.quantization->scale[0], 1.0f / 127.0f);  // symmetric: max|c| / 127
  EXPECT_EQ(g.operators[2].inputs[0], c);                       // SIN keeps the float constant
  EXPECT_EQ(Tensor(q, c).type, TT::FLOAT32);
  absl::StatusOr<RunComparison> cmp = CompareRuns(b.m, q);
  ASSERT_TRUE(cmp.ok()) << cmp.status();
  EXPECT_LE(cmp->max_error_lsb[0], 1.5);
  EXPECT_EQ(cmp->max_abs_error[1], 0);
}

TEST(FallbackTest, OptionErrors) {
  TflModel q = MixedModel();
  QuantizeOptions o = Int8Options(TT::INT16, TT::INT8, false);
  absl::StatusOr<QuantizeReport> r = QuantizeFullIntegerModel(q, o);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("inference_input_type INT16 does not fit int8"));
  o = Int16Options(TT::INT16, TT::UINT8, false);
  r = QuantizeFullIntegerModel(q, o);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("inference_output_type UINT8 does not fit 16x8"));
  o = Int8Options(TT::FLOAT32, TT::FLOAT32, false);
  o.denylist_regex = "(";
  r = QuantizeFullIntegerModel(q, o);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("not a valid RE2 pattern"));
  o = Int8Options(TT::FLOAT32, TT::FLOAT32, false);
  o.mode = QuantizationMode::kDynamicRange;
  EXPECT_FALSE(QuantizeFullIntegerModel(q, o).ok());
  EXPECT_EQ(Tensor(q, 0).type, TT::FLOAT32);  // unchanged
}

TEST(FallbackTest, MissingRangeOfAnIntermediateTensor) {
  TflModel q = MixedModel();
  q.subgraphs[0].tensors[2].quantization.reset();  // 'a'
  absl::StatusOr<QuantizeReport> r = QuantizeFullIntegerModel(q, Int8Options(TT::INT8, TT::INT8, false));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("tensor 'a' (output of ADD producing 'a') has no calibrated min/max"));
}

class SharedDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    shared_ = SharedDir();
    if (shared_.empty()) {
      if (IsCiRun()) FAIL() << "the shared test data is missing: set TFCONV_SHARED_DIR";
      GTEST_SKIP() << "the shared test data is missing (set TFCONV_SHARED_DIR)";
    }
  }
  std::string shared_;
};

// Our calibrator does not record an LSTM's internal ranges: without them the LSTM stays float.
TEST_F(SharedDataTest, LstmWithoutIntermediateRangesStaysFloat) {
  absl::StatusOr<TflModel> m = LoadQuantTestdata(shared_, "lstm_calibrated.bin");
  ASSERT_TRUE(m.ok()) << m.status();
  for (int t : m->subgraphs[0].operators[0].intermediates) m->subgraphs[0].tensors[t].quantization.reset();
  TflModel q = *m;
  absl::StatusOr<QuantizeReport> r = QuantizeFullIntegerModel(q, Int8Options(TT::FLOAT32, TT::FLOAT32, false));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(Codes(q), ElementsAre(Op::LSTM));
  ASSERT_EQ(r->float_operators.size(), 1u);
  EXPECT_THAT(r->float_operators[0], HasSubstr("'intermediate_0_0_layer_norm_input' has no calibrated range"));
  TflModel q2 = *m;
  r = QuantizeFullIntegerModel(q2, Int8Options(TT::FLOAT32, TT::FLOAT32, true));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("LSTM producing 'output24'"));
}

// resource_vars_calibrated.bin (the official QuantizeResourcesModelTest): every read and assignment
// of the variable, in the main subgraph and in the CALL_ONCE initializer, shares one scale from the
// min of the mins and max of the maxes (the initial value's data counts); FULLY_CONNECTED reads its
// weights from the variable, as int8 activations. Variants lower the recorded max of the reads
// and/or assignments to 12.5, below the initial value's 25.
TEST_F(SharedDataTest, ResourceVariablesShareOneScale) {
  enum Modify { kNone, kAll, kReadOnly, kAssignOnly };
  for (bool int16 : {false, true}) {
    for (Modify modify : {kNone, kAll, kReadOnly, kAssignOnly}) {
      SCOPED_TRACE(absl::StrCat(int16 ? "16x8" : "int8", " variant ", modify));
      absl::StatusOr<TflModel> m = LoadQuantTestdata(shared_, "resource_vars_calibrated.bin");
      ASSERT_TRUE(m.ok()) << m.status();
      TflSubgraph& main = m->subgraphs[0];
      for (const TflOperator& o : main.operators) {
        const Op code = m->CodeOf(o).builtin_code;
        if (code == Op::ASSIGN_VARIABLE && (modify == kAll || modify == kAssignOnly)) {
          main.tensors[o.inputs[1]].quantization->max[0] = 12.5f;
        }
        if (code == Op::READ_VARIABLE && (modify == kAll || modify == kReadOnly)) {
          main.tensors[o.outputs[0]].quantization->max[0] = 12.5f;
        }
      }
      const TT act = int16 ? TT::INT16 : TT::INT8;
      TflModel q = *m;
      // In 16x8 the FULLY_CONNECTED with computed weights stays float (it would need an int16 x int16
      // kernel, which the reference interpreter lacks), so float fallback is allowed there.
      absl::StatusOr<QuantizeReport> r =
          QuantizeFullIntegerModel(q, int16 ? Int16Options(act, act, false) : Int8Options(act, act, true));
      ASSERT_TRUE(r.ok()) << r.status();
      std::vector<const TflTensor*> values;
      for (const TflSubgraph& g : q.subgraphs) {
        for (const TflOperator& o : g.operators) {
          const Op code = q.CodeOf(o).builtin_code;
          if (code == Op::ASSIGN_VARIABLE) values.push_back(&g.tensors[o.inputs[1]]);
          if (code == Op::READ_VARIABLE) values.push_back(&g.tensors[o.outputs[0]]);
          if (!int16 && code == Op::FULLY_CONNECTED) {
            EXPECT_EQ(g.tensors[o.inputs[2]].name, "Const_duplicate_1");  // the bias, duplicated
            EXPECT_EQ(g.tensors[o.inputs[2]].type, TT::INT32);
          }
        }
        if (!int16) {
          for (const TflTensor& t : g.tensors) {
            EXPECT_TRUE(t.type == TT::RESOURCE || t.type == TT::INT32 || t.type == TT::INT8) << t.name;
          }
        }
      }
      ASSERT_EQ(values.size(), 4u);
      // 49.9954 (or 25, the initial value's max, when every recorded max is 12.5) over 255 / 32767.
      float expected = int16 ? 0.0015258f : 0.1960605f;
      if (modify == kAll) expected = int16 ? 0.0007629f : 0.0980392f;
      EXPECT_NEAR(values[0]->quantization->scale[0], expected, 1e-7);
      for (const TflTensor* v : values) {
        EXPECT_EQ(v->type, act) << v->name;
        EXPECT_EQ(v->quantization->scale, values[0]->quantization->scale) << v->name;
        EXPECT_EQ(v->quantization->zero_point, values[0]->quantization->zero_point) << v->name;
        EXPECT_EQ(v->quantization->min, values[0]->quantization->min) << v->name;
        EXPECT_EQ(v->quantization->max, values[0]->quantization->max) << v->name;
      }
      // The initial value 25, 24, ..., 1 in the variable's scale.
      const TflTensor& init = *values[3];
      ASSERT_EQ(init.name, "std.constant");
      const ByteBuffer& bytes = q.buffers[init.buffer].data;
      ASSERT_EQ(bytes.size(), 25u * (int16 ? 2 : 1));
      for (int i = 0; i < 25; ++i) {
        const double code = int16 ? reinterpret_cast<const int16_t*>(bytes.data())[i]
                                  : static_cast<int8_t>(bytes.data()[i]);
        EXPECT_NEAR((code - init.quantization->zero_point[0]) * init.quantization->scale[0], 25.0 - i,
                    int16 ? 1e-2 : 1e-1);
      }
      if (modify == kNone) {
        absl::StatusOr<RunComparison> c = CompareRuns(*m, q, 1);
        ASSERT_TRUE(c.ok()) << c.status();
        // Outputs: ADD, then FULLY_CONNECTED. In int8 its 5 inputs up to 50 meet weights with steps
        // of ~0.196: a few output steps. In 16x8 it runs in float on int16-rounded values (steps of
        // ~0.0015): at most 5 * 50 * 0.00076 = 0.19 off.
        EXPECT_LE(c->max_error_lsb[0], 1.5);
        if (int16) {
          EXPECT_LE(c->max_abs_error[1], 0.19);
        } else {
          EXPECT_LE(c->max_error_lsb[1], 3.0);
        }
      }
    }
  }
}

// A variable whose value matches --quantize_denylist stays float everywhere (reads, assignments and
// its initializer), while the operators around it are quantized.
TEST_F(SharedDataTest, DenylistedVariableStaysFloat) {
  absl::StatusOr<TflModel> m = LoadQuantTestdata(shared_, "resource_vars_calibrated.bin");
  ASSERT_TRUE(m.ok()) << m.status();
  TflModel q = *m;
  QuantizeOptions o = Int8Options(TT::FLOAT32, TT::FLOAT32, false);
  o.denylist_regex = "^concat$";
  absl::StatusOr<QuantizeReport> r = QuantizeFullIntegerModel(q, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(q.subgraphs[1].tensors[0].type, TT::FLOAT32);
  for (const TflOperator& op : q.subgraphs[0].operators) {
    const Op code = q.CodeOf(op).builtin_code;
    if (code == Op::READ_VARIABLE) EXPECT_EQ(Tensor(q, op.outputs[0]).type, TT::FLOAT32);
    if (code == Op::ASSIGN_VARIABLE) EXPECT_EQ(Tensor(q, op.inputs[1]).type, TT::FLOAT32);
    if (code == Op::GATHER) EXPECT_EQ(Tensor(q, op.outputs[0]).type, TT::INT8);
  }
  EXPECT_THAT(r->float_operators, ::testing::Contains(HasSubstr("matches --quantize_denylist (at 'concat')")));
  absl::StatusOr<RunComparison> c = CompareRuns(*m, q, 1);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_LE(c->max_error_lsb[0], 1.5);
  TflModel q2 = *m;
  o.integer_only = true;
  r = QuantizeFullIntegerModel(q2, o);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("READ_VARIABLE producing 'Gather'"));
}

}  // namespace
}  // namespace tfconv
