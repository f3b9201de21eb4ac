// The official quantizer's unit-test models (quant_testdata: float models with recorded min/max),
// quantized here and checked against the assertions of the official tests
// (tensorflow/lite/tools/optimize/quantize_model_test.cc and its LiteRT successor
// tflite/converter/quantization/lite/quantize_model_test.cc). Expected numbers are those tests'
// constants or the spec's formulas on the recorded ranges; each quantized model must also run in the
// reference interpreter and stay within a few output steps of the float model.
#include <cmath>
#include <cstring>
#include <string>

#include "absl/strings/match.h"
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
using ::testing::FloatNear;
using ::testing::HasSubstr;

Op CodeOf(const TflModel& m, int op) { return m.CodeOf(m.subgraphs[0].operators[op]).builtin_code; }
int VersionOf(const TflModel& m, Op code) {
  for (const TflOperatorCode& c : m.operator_codes) {
    if (c.builtin_code == code) return c.version;
  }
  return -1;
}
const TflTensor& In(const TflModel& m, int op, int pos) {
  return m.subgraphs[0].tensors[m.subgraphs[0].operators[op].inputs[pos]];
}
const TflTensor& Out(const TflModel& m, int op, int pos) {
  return m.subgraphs[0].tensors[m.subgraphs[0].operators[op].outputs[pos]];
}
float Scale(const TflTensor& t) { return t.quantization->scale.at(0); }
int64_t Zp(const TflTensor& t) { return t.quantization->zero_point.at(0); }
std::vector<float> Floats(const TflModel& m, const TflTensor& t) {
  absl::StatusOr<std::vector<float>> v = ReadFloatConstant(m, t);
  return v.ok() ? *v : std::vector<float>{};
}
template <typename T>
std::vector<T> Values(const TflModel& m, const TflTensor& t) {
  const ByteBuffer& b = m.buffers[t.buffer].data;
  std::vector<T> v(b.size() / sizeof(T));
  std::memcpy(v.data(), b.data(), b.size());
  return v;
}
// The official VerifyAsymmetricQuantizationScale: (max(0,max) - min(0,min)) / 255.
float AsymmetricScale(const TflTensor& float_tensor) {
  const float lo = std::min(0.0f, float_tensor.quantization->min[0]);
  const float hi = std::max(0.0f, float_tensor.quantization->max[0]);
  return (hi - lo) / 255.0f;
}

class OfficialModelsTest : public ::testing::Test {
 protected:
  // Loads `name`, quantizes a copy with `options` and checks that it runs close to the float one
  // (within `lsb` output steps).
  // With `abs_tol` > 0 the bound is on the absolute error instead (16x8, where the int8 weights'
  // rounding, not the int16 output step, dominates the error).
  void Quantize(const std::string& name, const QuantizeOptions& options, double lsb = 1.5,
                double abs_tol = 0) {
    absl::StatusOr<TflModel> m = LoadQuantTestdata(shared_, name);
    ASSERT_TRUE(m.ok()) << m.status();
    float_ = *m;
    quant_ = *m;
    absl::StatusOr<QuantizeReport> r = QuantizeFullIntegerModel(quant_, options);
    ASSERT_TRUE(r.ok()) << r.status();
    report_ = *r;
    if (lsb > 0 || abs_tol > 0) {
      absl::StatusOr<RunComparison> c = CompareRuns(float_, quant_);
      ASSERT_TRUE(c.ok()) << c.status() << "\n" << DescribeTensors(quant_);
      if (abs_tol > 0) {
        for (double e : c->max_abs_error) EXPECT_LE(e, abs_tol) << DescribeTensors(quant_);
      } else {
        EXPECT_LE(c->max_error(), lsb) << DescribeTensors(quant_);
      }
    }
  }
  void SetUp() override {
    shared_ = SharedDir();
    if (shared_.empty()) {
      if (IsCiRun()) FAIL() << "the shared test data is missing: set TFCONV_SHARED_DIR";
      GTEST_SKIP() << "the shared test data is missing (set TFCONV_SHARED_DIR)";
    }
  }
  std::string shared_;
  TflModel float_, quant_;
  QuantizeReport report_;
};

const TflSubgraph& G(const TflModel& m) { return m.subgraphs[0]; }

// --- single_conv_weights_min_0_max_plus_10.bin (kConvModelWith0Plus10Weights)

TEST_F(OfficialModelsTest, ConvInt8KeepsStructureAndQuantizesEverything) {
  Quantize("single_conv_weights_min_0_max_plus_10.bin", Int8Options(TT::INT8, TT::INT8));
  // TensorShapesAndStructureIsUnchanged / OperatorsAreUnchanged / GraphIsFullyQuantized.
  ASSERT_EQ(G(quant_).tensors.size(), G(float_).tensors.size());
  for (size_t i = 0; i < G(quant_).tensors.size(); ++i) {
    const TflTensor& q = G(quant_).tensors[i];
    const TflTensor& f = G(float_).tensors[i];
    EXPECT_EQ(q.buffer, f.buffer) << i;
    EXPECT_EQ(q.shape, f.shape) << i;
    EXPECT_EQ(q.name, f.name) << i;
    EXPECT_TRUE(q.type == TT::INT8 || q.type == TT::INT32) << i;
  }
  ASSERT_EQ(G(quant_).operators.size(), 1u);
  EXPECT_EQ(G(quant_).operators[0].inputs, G(float_).operators[0].inputs);
  EXPECT_EQ(G(quant_).operators[0].outputs, G(float_).operators[0].outputs);
  ASSERT_EQ(quant_.operator_codes.size(), 1u);
  EXPECT_EQ(quant_.operator_codes[0].version, 3);
  EXPECT_EQ(report_.quantized_operators, 1);
  EXPECT_TRUE(report_.float_operators.empty());
}

// VerifyConvQuantization, int8 and 16x8.
void CheckConvQuantization(const TflModel& f, const TflModel& q, bool int16) {
  const TflTensor& input = In(q, 0, 0);
  const TflTensor& weights = In(q, 0, 1);
  const TflTensor& bias = In(q, 0, 2);
  EXPECT_EQ(bias.type, int16 ? TT::INT64 : TT::INT32);
  EXPECT_EQ(input.type, int16 ? TT::INT16 : TT::INT8);
  EXPECT_EQ(weights.type, TT::INT8);
  const int channels = weights.shape[0];
  ASSERT_EQ(weights.quantization->scale.size(), static_cast<size_t>(channels));
  ASSERT_EQ(bias.quantization->scale.size(), static_cast<size_t>(channels));
  EXPECT_EQ(weights.quantization->quantized_dimension, 0);
  const std::vector<float> fb = Floats(f, In(f, 0, 2));
  const std::vector<float> fw = Floats(f, In(f, 0, 1));
  std::vector<double> qb;
  if (int16) {
    for (int64_t v : Values<int64_t>(q, bias)) qb.push_back(static_cast<double>(v));
  } else {
    for (int32_t v : Values<int32_t>(q, bias)) qb.push_back(v);
  }
  const std::vector<int8_t> qw = Values<int8_t>(q, weights);
  ASSERT_EQ(qw.size(), fw.size());
  for (int c = 0; c < channels; ++c) {
    const float ws = weights.quantization->scale[c];
    const float bs = bias.quantization->scale[c];
    EXPECT_EQ(weights.quantization->zero_point[c], 0);
    EXPECT_NEAR(bs, Scale(input) * ws, 1e-7);
    EXPECT_NEAR(qb[c] * bs, fb[c], bs / 2);
    const size_t per_channel = fw.size() / channels;
    for (size_t j = 0; j < per_channel; ++j) {
      const size_t k = c * per_channel + j;
      EXPECT_NEAR(qw[k] * ws, fw[k], ws / 2) << "weight " << k;
    }
  }
}

TEST_F(OfficialModelsTest, ConvInt8WeightsAndBias) {
  Quantize("single_conv_weights_min_0_max_plus_10.bin", Int8Options(TT::INT8, TT::INT8));
  CheckConvQuantization(float_, quant_, false);
}

TEST_F(OfficialModelsTest, Conv16x8WeightsAndBias) {
  Quantize("single_conv_weights_min_0_max_plus_10.bin", Int16Options(TT::INT16, TT::INT16));
  CheckConvQuantization(float_, quant_, true);
  for (const TflTensor& t : G(quant_).tensors) {
    EXPECT_TRUE(t.type == TT::INT64 || t.type == TT::INT8 || t.type == TT::INT16) << t.name;
  }
  // The official tools give 3 here (the old table) / 8 (op_version.cc, int64 bias declared).
  EXPECT_EQ(quant_.operator_codes[0].version, 8);
}

TEST_F(OfficialModelsTest, ConvFloatInputAndOutput) {
  for (bool int16 : {false, true}) {
    SCOPED_TRACE(int16 ? "16x8" : "int8");
    Quantize("single_conv_weights_min_0_max_plus_10.bin",
             int16 ? Int16Options(TT::FLOAT32, TT::FLOAT32) : Int8Options(TT::FLOAT32, TT::FLOAT32));
    const TflSubgraph& q = G(quant_);
    ASSERT_EQ(q.operators.size(), G(float_).operators.size() + 2);
    EXPECT_EQ(CodeOf(quant_, 0), Op::QUANTIZE);
    EXPECT_EQ(CodeOf(quant_, q.operators.size() - 1), Op::DEQUANTIZE);
    ASSERT_EQ(q.inputs.size(), 1u);
    ASSERT_EQ(q.outputs.size(), 1u);
    EXPECT_EQ(q.operators.front().inputs[0], q.inputs[0]);
    EXPECT_EQ(q.operators.front().outputs[0], G(float_).inputs[0]);
    EXPECT_EQ(q.operators.back().inputs[0], G(float_).outputs[0]);
    EXPECT_EQ(q.operators.back().outputs[0], q.outputs[0]);
    EXPECT_EQ(q.tensors[q.inputs[0]].type, TT::FLOAT32);
    EXPECT_EQ(q.tensors[q.inputs[0]].name, "input");
    EXPECT_EQ(q.tensors[q.outputs[0]].type, TT::FLOAT32);
    EXPECT_EQ(q.tensors[q.outputs[0]].name, "output");
    const std::string suffix = int16 ? "int16" : "int8";
    EXPECT_EQ(q.tensors[q.operators.front().outputs[0]].name, "input_" + suffix);
    EXPECT_EQ(q.tensors[q.operators.back().inputs[0]].name, "output_" + suffix);
    for (size_t i = 0; i < q.tensors.size(); ++i) {
      if (static_cast<int>(i) == q.inputs[0] || static_cast<int>(i) == q.outputs[0]) continue;
      const TT t = q.tensors[i].type;
      EXPECT_TRUE(int16 ? (t == TT::INT64 || t == TT::INT8 || t == TT::INT16)
                        : (t == TT::INT32 || t == TT::INT8))
          << q.tensors[i].name;
    }
  }
}

TEST_F(OfficialModelsTest, ConvUint8InputAndOutput) {
  Quantize("single_conv_weights_min_0_max_plus_10.bin", Int8Options(TT::UINT8, TT::UINT8));
  const TflSubgraph& q = G(quant_);
  ASSERT_EQ(q.operators.size(), 3u);
  EXPECT_EQ(CodeOf(quant_, 0), Op::QUANTIZE);
  EXPECT_EQ(CodeOf(quant_, 2), Op::QUANTIZE);
  const TflTensor& in = q.tensors[q.inputs[0]];
  const TflTensor& out = q.tensors[q.outputs[0]];
  EXPECT_EQ(in.type, TT::UINT8);
  EXPECT_EQ(in.name, "input");
  EXPECT_FLOAT_EQ(Scale(in), 0.0392156877f);  // the official constant: 10 / 255
  EXPECT_EQ(Zp(in), 0);
  EXPECT_EQ(out.type, TT::UINT8);
  EXPECT_EQ(out.name, "output");
  EXPECT_FLOAT_EQ(Scale(out), 0.0392156877f);
  EXPECT_EQ(Zp(out), 0);
  EXPECT_EQ(q.tensors[q.operators[0].outputs[0]].name, "input_int8");
  EXPECT_EQ(q.tensors[q.operators[2].inputs[0]].name, "output_int8");
}

// --- single_conv_weights_min_minus_127_max_plus_127.bin: every scale is exactly 1.
TEST_F(OfficialModelsTest, ConvWithUnitScales) {
  Quantize("single_conv_weights_min_minus_127_max_plus_127.bin", Int8Options(TT::INT8, TT::INT8));
  const TflTensor& weights = In(quant_, 0, 1);
  const TflTensor& bias = In(quant_, 0, 2);
  ASSERT_EQ(weights.quantization->scale.size(), 5u);
  for (int c = 0; c < 5; ++c) {
    EXPECT_EQ(weights.quantization->scale[c], 1);
    EXPECT_EQ(bias.quantization->scale[c], 1);
    EXPECT_EQ(weights.quantization->zero_point[c], 0);
  }
  EXPECT_EQ(Scale(In(quant_, 0, 0)), 1);
  EXPECT_EQ(Scale(Out(quant_, 0, 0)), 1);
  const std::vector<float> fb = Floats(float_, In(float_, 0, 2));
  const std::vector<int32_t> qb = Values<int32_t>(quant_, bias);
  for (size_t i = 0; i < fb.size(); ++i) EXPECT_NEAR(qb[i], fb[i], 1e-7);
  const std::vector<float> fw = Floats(float_, In(float_, 0, 1));
  const std::vector<int8_t> qw = Values<int8_t>(quant_, weights);
  for (size_t i = 0; i < fw.size(); ++i) EXPECT_NEAR(qw[i], fw[i], 1e-7);
  EXPECT_EQ(quant_.operator_codes[0].version, 3);
}

TEST_F(OfficialModelsTest, ConvWithoutBias) {
  Quantize("single_conv_no_bias.bin", Int8Options(TT::INT8, TT::INT8));
  EXPECT_EQ(In(quant_, 0, 1).type, TT::INT8);
  EXPECT_EQ(G(quant_).operators[0].inputs[2], -1);
}

// --- concat.bin (kFloatConcatMax5Max10Max10): input0 [0,5] is requantized to the output's [0,10].
TEST_F(OfficialModelsTest, ConcatAddsRequantize) {
  for (bool int16 : {false, true}) {
    SCOPED_TRACE(int16 ? "16x8" : "int8");
    const TT act = int16 ? TT::INT16 : TT::INT8;
    Quantize("concat.bin", int16 ? Int16Options(act, act) : Int8Options(act, act));
    const TflSubgraph& q = G(quant_);
    ASSERT_EQ(q.operators.size(), 2u);
    EXPECT_EQ(CodeOf(quant_, 0), Op::QUANTIZE);
    EXPECT_EQ(CodeOf(quant_, 1), Op::CONCATENATION);
    const int64_t zp = int16 ? 0 : -128;
    const float input0_scale = int16 ? 0.00015259254f : 0.019607844f;
    const float input1_scale = int16 ? 0.00030518509f : 0.039215688f;
    ASSERT_EQ(q.tensors.size(), 4u);
    const char* names[] = {"input0", "input1", "output", "input0_requantized"};
    const float scales[] = {input0_scale, input1_scale, input1_scale, input1_scale};
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(q.tensors[i].type, act);
      EXPECT_EQ(q.tensors[i].name, names[i]);
      EXPECT_FLOAT_EQ(Scale(q.tensors[i]), scales[i]) << names[i];
      EXPECT_EQ(Zp(q.tensors[i]), zp) << names[i];
    }
    EXPECT_THAT(q.operators[0].inputs, ElementsAre(0));
    EXPECT_THAT(q.operators[0].outputs, ElementsAre(3));
    EXPECT_THAT(q.operators[1].inputs, ElementsAre(3, 1));
    EXPECT_THAT(q.operators[1].outputs, ElementsAre(2));
  }
}

// QuantizeConcatConstModelTest: a constant input takes the output's parameters, no extra op.
TEST_F(OfficialModelsTest, ConcatWithConstantInput) {
  for (bool int16 : {false, true}) {
    SCOPED_TRACE(int16 ? "16x8" : "int8");
    absl::StatusOr<TflModel> m = LoadQuantTestdata(shared_, "concat.bin");
    ASSERT_TRUE(m.ok()) << m.status();
    TflSubgraph& g = m->subgraphs[0];
    const int constant = g.inputs[0];
    g.inputs = {g.inputs[1]};
    g.tensors[constant].name = "const_input0";
    const std::vector<float> values = {0.0f, 5.0f};
    g.tensors[constant].buffer = m->AddBuffer(BytesOf(values));
    const TT act = int16 ? TT::INT16 : TT::INT8;
    TflModel q = *m;
    ASSERT_TRUE(QuantizeFullIntegerModel(q, int16 ? Int16Options(act, act) : Int8Options(act, act)).ok());
    const TflSubgraph& qg = G(q);
    ASSERT_EQ(qg.operators.size(), 1u);
    ASSERT_EQ(qg.tensors.size(), 3u);
    const float scale = int16 ? 0.00030518509f : 0.039215688f;
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(qg.tensors[i].type, act);
      EXPECT_FLOAT_EQ(Scale(qg.tensors[i]), scale);
      EXPECT_EQ(Zp(qg.tensors[i]), int16 ? 0 : -128);
    }
    EXPECT_EQ(qg.tensors[0].name, "const_input0");
    EXPECT_THAT(qg.operators[0].inputs, ElementsAre(0, 1));
    // 0 and 5 in the output's scale: 0 -> zero point; 5 / (10/255) = 127.5 rounds away to 128.
    if (!int16) EXPECT_THAT(Values<int8_t>(q, qg.tensors[0]), ElementsAre(-128, 0));
    absl::StatusOr<RunComparison> c = CompareRuns(*m, q);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_LE(c->max_error(), 1.0);
  }
}

// --- split.bin: both outputs take the input's parameters (scale 1, zero point -128).
TEST_F(OfficialModelsTest, SplitOutputsShareInputScale) {
  // The recorded output range [0, 255] is narrower than split + split can reach; the comparison
  // clamps the float reference to it.
  Quantize("split.bin", Int8Options(TT::INT8, TT::INT8));
  const TflSubgraph& q = G(quant_);
  ASSERT_EQ(q.operators.size(), 2u);
  EXPECT_EQ(CodeOf(quant_, 0), Op::SPLIT);
  EXPECT_EQ(CodeOf(quant_, 1), Op::ADD);
  ASSERT_EQ(q.tensors.size(), 5u);
  for (int i : {0, 1, 2, 4}) {
    EXPECT_EQ(q.tensors[i].type, TT::INT8);
    EXPECT_FLOAT_EQ(Scale(q.tensors[i]), 1.0f) << q.tensors[i].name;
    EXPECT_EQ(Zp(q.tensors[i]), -128) << q.tensors[i].name;
  }
  EXPECT_EQ(q.tensors[2].name, "split");
  EXPECT_EQ(q.tensors[4].name, "split:1");
  // The official tests expect 2; the float model already declares SPLIT v3, which is kept (the
  // runtime serves every SPLIT version with the same kernel).
  EXPECT_EQ(VersionOf(quant_, Op::SPLIT), 3);
}

// --- single_softmax / single_avg_pool (min -5, max +5).
TEST_F(OfficialModelsTest, SoftmaxFixedOutput) {
  Quantize("single_softmax_min_minus_5_max_plus_5.bin", Int8Options(TT::INT8, TT::INT8));
  EXPECT_NEAR(Scale(In(quant_, 0, 0)), AsymmetricScale(In(float_, 0, 0)), 1e-7);
  EXPECT_EQ(Scale(Out(quant_, 0, 0)), 1.0f / 256.0f);
  EXPECT_EQ(Zp(Out(quant_, 0, 0)), -128);
  EXPECT_EQ(VersionOf(quant_, Op::SOFTMAX), 2);
}

TEST_F(OfficialModelsTest, Softmax16x8FixedOutput) {
  // The int16 softmax kernel's exp table is good to ~1e-4 (a few 1/32768 steps).
  Quantize("single_softmax_min_minus_5_max_plus_5.bin", Int16Options(TT::INT16, TT::INT16), 0, 1e-4);
  EXPECT_EQ(Scale(Out(quant_, 0, 0)), 1.0f / 32768.0f);
  EXPECT_EQ(Zp(Out(quant_, 0, 0)), 0);
  // Symmetric int16: max(|min|, |max|) / 32767 (here |min|).
  EXPECT_FLOAT_EQ(Scale(In(quant_, 0, 0)), -In(float_, 0, 0).quantization->min[0] / 32767.0f);
}

TEST_F(OfficialModelsTest, AveragePoolKeepsInputScale) {
  Quantize("single_avg_pool_min_minus_5_max_plus_5.bin", Int8Options(TT::INT8, TT::INT8));
  const TflTensor& in = In(quant_, 0, 0);
  const TflTensor& out = Out(quant_, 0, 0);
  EXPECT_NEAR(Scale(in), AsymmetricScale(In(float_, 0, 0)), 1e-7);
  EXPECT_EQ(Scale(in), Scale(out));
  EXPECT_EQ(Zp(in), Zp(out));
  EXPECT_EQ(in.quantization->min, out.quantization->min);
  EXPECT_EQ(in.quantization->max, out.quantization->max);
  EXPECT_EQ(VersionOf(quant_, Op::AVERAGE_POOL_2D), 2);
}

// --- multi_input_add_reshape.bin
TEST_F(OfficialModelsTest, AddAndReshape) {
  Quantize("multi_input_add_reshape.bin", Int8Options(TT::INT8, TT::INT8));
  EXPECT_EQ(CodeOf(quant_, 0), Op::ADD);
  EXPECT_EQ(CodeOf(quant_, 1), Op::RESHAPE);
  for (int pos : {0, 1}) {
    EXPECT_EQ(In(quant_, 0, pos).type, TT::INT8);
    EXPECT_NEAR(Scale(In(quant_, 0, pos)), AsymmetricScale(In(float_, 0, pos)), 1e-7);
  }
  EXPECT_EQ(Out(quant_, 0, 0).type, TT::INT8);
  EXPECT_EQ(In(quant_, 1, 0).type, TT::INT8);
  EXPECT_EQ(Out(quant_, 1, 0).type, TT::INT8);
  EXPECT_EQ(In(quant_, 1, 1).type, TT::INT32);  // the shape
  ASSERT_EQ(quant_.operator_codes.size(), 2u);
  EXPECT_EQ(quant_.operator_codes[0].builtin_code, Op::ADD);
  EXPECT_EQ(quant_.operator_codes[0].version, 2);
  EXPECT_EQ(quant_.operator_codes[1].builtin_code, Op::RESHAPE);
  EXPECT_EQ(quant_.operator_codes[1].version, 1);
}

// --- add_with_const_input.bin (kConstInputAddModel)
TEST_F(OfficialModelsTest, AddWithConstantInput) {
  for (bool int16 : {false, true}) {
    SCOPED_TRACE(int16 ? "16x8" : "int8");
    const TT act = int16 ? TT::INT16 : TT::INT8;
    Quantize("add_with_const_input.bin", int16 ? Int16Options(act, act) : Int8Options(act, act));
    ASSERT_EQ(G(quant_).operators.size(), 1u);
    EXPECT_EQ(In(quant_, 0, 0).type, act);
    EXPECT_EQ(In(quant_, 0, 1).type, act);
    EXPECT_EQ(Out(quant_, 0, 0).type, act);
    ASSERT_EQ(quant_.operator_codes.size(), 1u);
    // int8: ADD v2 as the official test; 16x8: the general kernel (pot_scale_int16 false) is ADD v3
    // by op_version.cc, where the old tool's table said 2.
    EXPECT_EQ(quant_.operator_codes[0].version, int16 ? 3 : 2);
    if (int16) {
      const auto* add = G(quant_).operators[0].builtin_options.AsAddOptions();
      ASSERT_NE(add, nullptr);
      EXPECT_FALSE(add->pot_scale_int16);
    }
  }
}

// --- argmax.bin
TEST_F(OfficialModelsTest, ArgMax) {
  Quantize("argmax.bin", Int8Options(TT::INT8, TT::INT8), /*lsb=*/0);
  EXPECT_EQ(In(quant_, 0, 0).type, TT::INT8);
  EXPECT_EQ(In(quant_, 0, 1).type, In(float_, 0, 1).type);
  EXPECT_EQ(Out(quant_, 0, 0).type, Out(float_, 0, 0).type);
  EXPECT_EQ(VersionOf(quant_, Op::ARG_MAX), 2);
  absl::StatusOr<RunComparison> c = CompareRuns(float_, quant_);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->max_abs_error[0], 0);  // one element: the argmax is 0 either way
}

// --- fc.bin (kModelWithFCOp)
TEST_F(OfficialModelsTest, FullyConnectedInt8) {
  Quantize("fc.bin", Int8Options(TT::INT8, TT::INT8), /*lsb=*/2);
  const int fc = 0;
  ASSERT_EQ(CodeOf(quant_, fc), Op::FULLY_CONNECTED);
  EXPECT_EQ(In(quant_, fc, 0).type, TT::INT8);
  EXPECT_EQ(In(quant_, fc, 1).type, TT::INT8);
  EXPECT_EQ(In(quant_, fc, 2).type, TT::INT32);
  EXPECT_EQ(Out(quant_, fc, 0).type, TT::INT8);
  EXPECT_EQ(In(quant_, fc, 1).quantization->scale.size(), 1u);  // per tensor, as the real files
  EXPECT_NEAR(Scale(In(quant_, fc, 0)), AsymmetricScale(In(float_, fc, 0)), 1e-7);
  EXPECT_EQ(VersionOf(quant_, Op::FULLY_CONNECTED), 4);
  EXPECT_EQ(VersionOf(quant_, Op::RESHAPE), 1);
}

TEST_F(OfficialModelsTest, FullyConnected16x8) {
  // One input feature in [-128, 127] times weights of scale ~0.00097: rounding the weights to int8
  // moves the output by up to 128 * 0.00097 / 2 = 0.062, plus an output step.
  Quantize("fc.bin", Int16Options(TT::INT16, TT::INT16), 0, /*abs_tol=*/0.07);
  EXPECT_EQ(In(quant_, 0, 0).type, TT::INT16);
  EXPECT_EQ(In(quant_, 0, 1).type, TT::INT8);
  EXPECT_EQ(In(quant_, 0, 2).type, TT::INT64);  // the LiteRT test's MLIR quantizer picks INT32
  EXPECT_EQ(Out(quant_, 0, 0).type, TT::INT16);
  EXPECT_EQ(VersionOf(quant_, Op::FULLY_CONNECTED), 11);
  // VerifyQuantizationScale(bit_num=16, symmetric): 2 max|x| / 65535.
  const TflTensor& f = In(float_, 0, 0);
  const float m = std::max(std::abs(f.quantization->min[0]), std::abs(f.quantization->max[0]));
  EXPECT_NEAR(Scale(In(quant_, 0, 0)), 2 * m / 65535.0f, 1e-7);
}

// --- mixed.bin (kModelMixed): reshape -> custom -> custom -> squeeze.
TEST_F(OfficialModelsTest, CustomOpsStayFloat) {
  for (bool int16 : {false, true}) {
    SCOPED_TRACE(int16 ? "16x8" : "int8");
    const TT act = int16 ? TT::INT16 : TT::INT8;
    // The custom test op has no kernel here, so the model is not run.
    Quantize("mixed.bin", int16 ? Int16Options(act, act, false) : Int8Options(act, act, false), 0);
    const std::vector<Op> codes = {Op::RESHAPE,  Op::DEQUANTIZE, Op::CUSTOM,
                                   Op::CUSTOM,   Op::QUANTIZE,   Op::SQUEEZE};
    const std::vector<TT> input_types = {act, act, TT::FLOAT32, TT::FLOAT32, TT::FLOAT32, act};
    ASSERT_EQ(G(quant_).operators.size(), codes.size());
    for (size_t i = 0; i < codes.size(); ++i) {
      EXPECT_EQ(CodeOf(quant_, i), codes[i]) << i;
      EXPECT_EQ(In(quant_, i, 0).type, input_types[i]) << i;
    }
    EXPECT_EQ(report_.quantized_operators, 2);
    EXPECT_EQ(report_.float_operators.size(), 2u);
  }
}

TEST_F(OfficialModelsTest, CustomOpIsAnErrorWhenIntegerOnly) {
  absl::StatusOr<TflModel> m = LoadQuantTestdata(shared_, "mixed.bin");
  ASSERT_TRUE(m.ok()) << m.status();
  TflModel q = *m;
  absl::StatusOr<QuantizeReport> r = QuantizeFullIntegerModel(q, Int8Options(TT::INT8, TT::INT8));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("CUSTOM 'CustomTestOp' producing 'custom_op'"));
  EXPECT_THAT(r.status().message(), HasSubstr("--target_ops=TFLITE_BUILTINS,TFLITE_BUILTINS_INT8"));
  EXPECT_EQ(G(q).operators.size(), 4u);  // unchanged on error
  EXPECT_EQ(G(q).tensors[2].type, TT::FLOAT32);
}

// --- mixed16x8.bin: conv -> log_softmax; LOG_SOFTMAX has no 16x8 kernel.
TEST_F(OfficialModelsTest, Mixed16x8) {
  Quantize("mixed16x8.bin", Int16Options(TT::INT16, TT::FLOAT32, false), /*lsb=*/0);
  const std::vector<Op> codes = {Op::CONV_2D, Op::DEQUANTIZE, Op::LOG_SOFTMAX};
  const std::vector<TT> input_types = {TT::INT16, TT::INT16, TT::FLOAT32};
  ASSERT_EQ(G(quant_).operators.size(), codes.size());
  for (size_t i = 0; i < codes.size(); ++i) {
    EXPECT_EQ(CodeOf(quant_, i), codes[i]) << i;
    EXPECT_EQ(In(quant_, i, 0).type, input_types[i]) << i;
  }
  absl::StatusOr<RunComparison> c = CompareRuns(float_, quant_);
  ASSERT_TRUE(c.ok()) << c.status();
  // The float output is log-softmax over one channel (0 everywhere) in both models.
  EXPECT_LE(c->max_abs_error[0], 1e-6);
}

// --- pack.bin, float input and output.
TEST_F(OfficialModelsTest, PackSharesOneScale) {
  Quantize("pack.bin", Int8Options(TT::FLOAT32, TT::FLOAT32));
  const TflSubgraph& q = G(quant_);
  EXPECT_EQ(q.inputs.size(), 3u);
  EXPECT_EQ(q.outputs.size(), 1u);
  ASSERT_EQ(q.operators.size(), 5u);
  EXPECT_EQ(CodeOf(quant_, 1), Op::QUANTIZE);
  EXPECT_EQ(CodeOf(quant_, 2), Op::QUANTIZE);
  EXPECT_EQ(CodeOf(quant_, 3), Op::PACK);
  EXPECT_EQ(CodeOf(quant_, 4), Op::DEQUANTIZE);
  const TflTensor& out = Out(quant_, 3, 0);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(In(quant_, 3, i).type, TT::INT8);
    EXPECT_FLOAT_EQ(Scale(In(quant_, 3, i)), Scale(out));
    EXPECT_EQ(Zp(In(quant_, 3, i)), Zp(out));
  }
  EXPECT_EQ(out.type, TT::INT8);
}

// --- maximum.bin / minimum.bin (kModelWithMinimumOp / kModelWithMaximumOp), float I/O.
TEST_F(OfficialModelsTest, MaximumMinimumRequantizeInput) {
  for (const char* name : {"maximum.bin", "minimum.bin"}) {
    SCOPED_TRACE(name);
    // The input range [-10, 1010] is far wider than the output's [0, 6]: drawn inputs mostly
    // saturate, which the clamped reference accounts for.
    Quantize(name, Int8Options(TT::FLOAT32, TT::FLOAT32));
    const TflSubgraph& q = G(quant_);
    ASSERT_EQ(q.operators.size(), 4u);
    EXPECT_EQ(CodeOf(quant_, 0), Op::QUANTIZE);
    EXPECT_EQ(CodeOf(quant_, 1), Op::QUANTIZE);
    EXPECT_TRUE(CodeOf(quant_, 2) == Op::MAXIMUM || CodeOf(quant_, 2) == Op::MINIMUM);
    EXPECT_EQ(CodeOf(quant_, 3), Op::DEQUANTIZE);
    const TflTensor& out = Out(quant_, 2, 0);
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(In(quant_, 2, i).type, TT::INT8);
      EXPECT_EQ(In(quant_, 2, i).quantization->scale, out.quantization->scale);
      EXPECT_EQ(In(quant_, 2, i).quantization->zero_point, out.quantization->zero_point);
    }
    ASSERT_EQ(q.tensors.size(), 6u);
    const char* names[] = {"input_int8", "output_int8", "output/y", "input_requantized", "input", "output"};
    for (int i = 0; i < 6; ++i) EXPECT_EQ(q.tensors[i].name, names[i]);
  }
}

// --- unpack.bin / transpose.bin, float I/O.
TEST_F(OfficialModelsTest, UnpackOutputsShareInputScale) {
  Quantize("unpack.bin", Int8Options(TT::FLOAT32, TT::FLOAT32));
  ASSERT_EQ(CodeOf(quant_, 1), Op::UNPACK);
  const TflTensor& in = In(quant_, 1, 0);
  EXPECT_EQ(in.type, TT::INT8);
  EXPECT_EQ(G(quant_).inputs.size(), 1u);
  EXPECT_EQ(G(quant_).outputs.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_FLOAT_EQ(Scale(in), Scale(Out(quant_, 1, i)));
    EXPECT_EQ(Zp(in), Zp(Out(quant_, 1, i)));
  }
}

TEST_F(OfficialModelsTest, TransposeOutputSharesInputScale) {
  // This test model's permutation is a FLOAT32 scalar, which no kernel runs: not executed.
  Quantize("transpose.bin", Int8Options(TT::FLOAT32, TT::FLOAT32), /*lsb=*/0);
  ASSERT_EQ(CodeOf(quant_, 1), Op::TRANSPOSE);
  const TflTensor& in = In(quant_, 1, 0);
  EXPECT_EQ(in.type, TT::INT8);
  EXPECT_FLOAT_EQ(Scale(in), Scale(Out(quant_, 1, 0)));
  EXPECT_EQ(Zp(in), Zp(Out(quant_, 1, 0)));
}

// --- broadcast_to.bin / gather_nd.bin, int8 and 16x8 I/O.
TEST_F(OfficialModelsTest, BroadcastToAndGatherNd) {
  struct Case {
    const char* file;
    Op code;
    const char* input;
    const char* output;
  };
  for (const Case& c : {Case{"broadcast_to.bin", Op::BROADCAST_TO, "input_1", "Identity"},
                        Case{"gather_nd.bin", Op::GATHER_ND, "input", "output"}}) {
    for (bool int16 : {false, true}) {
      SCOPED_TRACE(absl::StrCat(c.file, int16 ? " 16x8" : " int8"));
      const TT act = int16 ? TT::INT16 : TT::INT8;
      Quantize(c.file, int16 ? Int16Options(act, act) : Int8Options(act, act));
      const TflSubgraph& q = G(quant_);
      ASSERT_EQ(q.operators.size(), 1u);
      EXPECT_EQ(CodeOf(quant_, 0), c.code);
      ASSERT_EQ(q.tensors.size(), 3u);
      EXPECT_EQ(q.tensors[0].type, act);
      EXPECT_EQ(q.tensors[0].name, c.input);
      EXPECT_EQ(q.tensors[0].quantization->scale.size(), 1u);
      EXPECT_EQ(q.tensors[2].type, act);
      EXPECT_EQ(q.tensors[2].name, c.output);
      EXPECT_EQ(q.tensors[2].quantization->scale.size(), 1u);
      EXPECT_EQ(q.tensors[1].type, TT::INT32);
      EXPECT_TRUE(!q.tensors[1].quantization.has_value() || q.tensors[1].quantization->scale.empty());
      // BROADCAST_TO: 3 (both tests). GATHER_ND: op_version.cc gives 1 (int8, as the LiteRT test)
      // and 3 (int16); the old tool's table said 3 for both.
      const int expected = c.code == Op::BROADCAST_TO ? 3 : (int16 ? 3 : 1);
      EXPECT_EQ(quant_.operator_codes[0].version, expected);
    }
  }
}

// --- where.bin: BOOL in, INT64 out: nothing is real-valued, nothing changes.
TEST_F(OfficialModelsTest, WhereIsUntouched) {
  Quantize("where.bin", Int8Options(TT::FLOAT32, TT::FLOAT32), /*lsb=*/0);
  const TflSubgraph& q = G(quant_);
  ASSERT_EQ(q.operators.size(), 1u);
  ASSERT_EQ(q.tensors.size(), 2u);
  EXPECT_EQ(q.tensors[0].type, TT::BOOL);
  EXPECT_EQ(q.tensors[0].name, "input");
  EXPECT_EQ(q.tensors[1].type, TT::INT64);
  EXPECT_EQ(q.tensors[1].name, "indices");
  EXPECT_EQ(quant_.operator_codes[0].version, 1);
}

// --- quantized_with_gather.bin: GATHER of a constant table by int32 indices; the output has no
// recorded range and takes the table's parameters.
TEST_F(OfficialModelsTest, GatherFromConstantTable) {
  Quantize("quantized_with_gather.bin", Int8Options(TT::FLOAT32, TT::FLOAT32));
  ASSERT_EQ(G(quant_).operators.size(), 2u);
  EXPECT_EQ(CodeOf(quant_, 0), Op::GATHER);
  EXPECT_EQ(CodeOf(quant_, 1), Op::DEQUANTIZE);
  const TflTensor& table = In(quant_, 0, 0);
  EXPECT_EQ(table.type, TT::INT8);
  EXPECT_EQ(Zp(table), 0);  // constants are quantized like weights in int8
  EXPECT_EQ(Scale(table), Scale(Out(quant_, 0, 0)));
}

// --- weight_shared_between_convs.bin: its outputs have no range (it is a weight-only test model).
TEST_F(OfficialModelsTest, MissingRangeNamesTheTensor) {
  absl::StatusOr<TflModel> m = LoadQuantTestdata(shared_, "weight_shared_between_convs.bin");
  ASSERT_TRUE(m.ok()) << m.status();
  TflModel q = *m;
  absl::StatusOr<QuantizeReport> r = QuantizeFullIntegerModel(q, Int8Options(TT::INT8, TT::INT8));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("'out_1'"));
  EXPECT_THAT(r.status().message(), HasSubstr("no calibrated min/max"));
  EXPECT_EQ(G(q).tensors[3].type, TT::FLOAT32);  // unchanged
}

TEST_F(OfficialModelsTest, SharedWeightIsQuantizedOnce) {
  absl::StatusOr<TflModel> m = LoadQuantTestdata(shared_, "weight_shared_between_convs.bin");
  ASSERT_TRUE(m.ok()) << m.status();
  for (int t : {3, 5}) {
    TflQuantization range;
    range.min = {-300};
    range.max = {300};
    m->subgraphs[0].tensors[t].quantization = range;
  }
  TflModel q = *m;
  ASSERT_TRUE(QuantizeFullIntegerModel(q, Int8Options(TT::INT8, TT::INT8)).ok());
  EXPECT_EQ(G(q).operators[0].inputs[1], G(q).operators[1].inputs[1]);
  EXPECT_EQ(G(q).tensors.size(), G(*m).tensors.size());
  absl::StatusOr<RunComparison> c = CompareRuns(*m, q);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_LE(c->max_error(), 1.0);
}

// --- custom_op.bin: a single custom op; with fallback nothing changes, integer-only names it.
TEST_F(OfficialModelsTest, SingleCustomOp) {
  Quantize("custom_op.bin", Int8Options(TT::FLOAT32, TT::FLOAT32, false), /*lsb=*/0);
  EXPECT_EQ(G(quant_).operators.size(), 1u);
  EXPECT_EQ(G(quant_).tensors.size(), G(float_).tensors.size());
  for (const TflTensor& t : G(quant_).tensors) EXPECT_EQ(t.type, TT::FLOAT32) << t.name;
  TflModel q = float_;
  absl::StatusOr<QuantizeReport> r = QuantizeFullIntegerModel(q, Int8Options(TT::INT8, TT::INT8));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("CUSTOM 'CustomTestOp'"));
}

// --- fc_qat.bin: already quantized (quantization-aware training); nothing is real-valued.
TEST_F(OfficialModelsTest, QuantizedModelIsUnchanged) {
  Quantize("fc_qat.bin", Int8Options(TT::FLOAT32, TT::FLOAT32), /*lsb=*/0);
  ASSERT_EQ(G(quant_).operators.size(), G(float_).operators.size());
  ASSERT_EQ(G(quant_).tensors.size(), G(float_).tensors.size());
  for (size_t i = 0; i < G(quant_).tensors.size(); ++i) {
    EXPECT_EQ(G(quant_).tensors[i].type, G(float_).tensors[i].type);
    EXPECT_EQ(G(quant_).tensors[i].name, G(float_).tensors[i].name);
  }
  EXPECT_EQ(report_.quantized_operators, 0);
  EXPECT_TRUE(report_.float_operators.empty());
}

}  // namespace
}  // namespace tfconv
