// The done-when check on MLPerf Tiny keyword spotting. The official kws_ref_model_float32.tflite
// is dynamic range from the official converter's older hybrid scheme (per-tensor CONV_2D weights,
// hybrid CONV_2D v2; the depthwise and dense weights have fewer than 1024 elements and stay float).
// The shared SavedModel is NOT the training run of the two official .tflite files (its checkpoint
// holds none of their float weights), so weight values are compared where the source floats are the
// same: the official float weights of kws_ref_model_float32.tflite, quantized by us, against the
// int8 weights of the official kws_ref_model.tflite. Our conversion of the SavedModel is compared
// with the official model in structure (operators, versions, which inputs are int8 and how) and
// runs in the reference interpreter on the reference input. Float16 is checked against the float
// weights (each half the nearest one) and the float model's outputs.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "converter/api/builtin_converter_for_tests.h"
#include "converter/api/converter.h"
#include "converter/frontend/shared_testdata.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "gtest/gtest.h"
#include "quantization/quant_utils.h"
#include "quantization/quantize.h"
#include "quantization/test_models.h"

namespace tfconv {
namespace {

using Op = tflite::BuiltinOperator;
using TT = tflite::TensorType;

std::string KwsDir(const std::string& shared) { return shared + "/testdata/real/mlperf_tiny/keyword_spotting/"; }

// One conversion per test binary: the float model our converter makes of the SavedModel.
const TflModel& OurFloatKws(const std::string& shared) {
  static const TflModel* model = [&] {
    ConversionRequest r;
    r.saved_model_dir = KwsDir(shared) + "kws_ref_model";
    absl::StatusOr<TflModel> m = BuiltinConverterForTests().Convert(r);
    EXPECT_TRUE(m.ok()) << m.status();
    return new TflModel(m.ok() ? *std::move(m) : TflModel{});
  }();
  return *model;
}

TflModel Official(const std::string& shared, const std::string& file) {
  absl::StatusOr<TflModel> m = ReadModelFile(KwsDir(shared) + file);
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *std::move(m) : TflModel{};
}

// The reference input (int8, for the full-integer model) in float, through the int8 model's input
// scale and zero point.
RtTensor ReferenceInput(const std::string& shared) {
  std::ifstream f(KwsDir(shared) + "ref/g_kws_inputs.int8.raw", std::ios::binary);
  std::vector<char> raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_EQ(raw.size(), 490u);
  TflModel int8_model = Official(shared, "kws_ref_model.tflite");
  const TflTensor& in = int8_model.subgraphs[0].tensors[int8_model.subgraphs[0].inputs[0]];
  EXPECT_EQ(in.type, TT::INT8);
  const float scale = in.quantization->scale[0];
  const int64_t zero = in.quantization->zero_point[0];
  std::vector<float> x(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) x[i] = (static_cast<int8_t>(raw[i]) - zero) * scale;
  return FloatTensor({1, 49, 10, 1}, x);
}

std::vector<float> RunKws(const TflModel& m, const RtTensor& input) {
  absl::StatusOr<std::vector<RtTensor>> out = RunModel(m, {input});
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? FloatsOf((*out)[0]) : std::vector<float>{};
}

int ArgMax(const std::vector<float>& v) {
  int best = 0;
  for (size_t i = 1; i < v.size(); ++i) {
    if (v[i] > v[best]) best = static_cast<int>(i);
  }
  return best;
}

bool IsConstant(const TflModel& m, const TflTensor& t) {
  return t.buffer != 0 && t.buffer < m.buffers.size() && !m.buffers[t.buffer].data.empty();
}

QuantizeOptions DynamicRange(bool per_channel) {
  QuantizeOptions o;
  o.mode = QuantizationMode::kDynamicRange;
  o.disable_per_channel = !per_channel;
  return o;
}

// Our conversion of the SavedModel in the older scheme the official file uses: the same operators,
// the same inputs int8 (five CONV_2D weights, one scale each) and float (the depthwise and dense
// weights, under 1024 elements, and every bias), the same operator versions except FULLY_CONNECTED
// (the official quantizer of the time set v3 on every FULLY_CONNECTED code; ours stays float, v1).
// The weight values cannot be compared: the shared SavedModel is another training run than the two
// official .tflite files (its checkpoint holds none of their float weights; see the next test).
TEST(KwsDynamicRange, SavedModelQuantizesLikeTheOfficialModelOpByOp) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  TflModel ours = OurFloatKws(shared);
  ASSERT_FALSE(ours.subgraphs.empty());
  absl::StatusOr<QuantizeReport> report = QuantizeModel(ours, DynamicRange(/*per_channel=*/false));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->quantized_operators, 5);  // the five CONV_2D
  const TflModel official = Official(shared, "kws_ref_model_float32.tflite");
  const TflSubgraph& a = ours.subgraphs[0];
  const TflSubgraph& b = official.subgraphs[0];
  ASSERT_EQ(a.operators.size(), 13u);
  ASSERT_EQ(b.operators.size(), 13u);
  int int8_weights = 0, float_constants = 0;
  for (size_t o = 0; o < 13; ++o) {
    const TflOperator& oa = a.operators[o];
    const TflOperator& ob = b.operators[o];
    ASSERT_EQ(CodeOf(ours, o), CodeOf(official, o)) << "operator " << o;
    if (CodeOf(official, o) != Op::FULLY_CONNECTED) {
      EXPECT_EQ(ours.operator_codes[oa.opcode_index].version, official.operator_codes[ob.opcode_index].version)
          << "operator " << o;
    }
    ASSERT_EQ(oa.inputs.size(), ob.inputs.size()) << "operator " << o;
    for (size_t i = 0; i < oa.inputs.size(); ++i) {
      const TflTensor& ta = a.tensors[oa.inputs[i]];
      const TflTensor& tb = b.tensors[ob.inputs[i]];
      SCOPED_TRACE(testing::Message() << "operator " << o << " input " << i << " (official '" << tb.name << "')");
      ASSERT_EQ(ta.type, tb.type);
      ASSERT_EQ(ta.shape, tb.shape);
      EXPECT_EQ(IsConstant(ours, ta), IsConstant(official, tb));
      if (tb.type == TT::INT8) {
        ++int8_weights;
        ASSERT_TRUE(ta.quantization.has_value());
        EXPECT_EQ(ta.quantization->scale.size(), tb.quantization->scale.size());
        EXPECT_EQ(ta.quantization->zero_point, tb.quantization->zero_point);
        EXPECT_EQ(ta.quantization->quantized_dimension, tb.quantization->quantized_dimension);
        EXPECT_TRUE(ta.quantization->min.empty() && tb.quantization->min.empty());
      } else if (tb.type == TT::FLOAT32 && IsConstant(official, tb)) {
        ++float_constants;
      }
    }
  }
  EXPECT_EQ(int8_weights, 5);
  EXPECT_EQ(float_constants, 4 + 1 + 9 + 1);  // depthwise and dense weights, 9 conv biases, dense bias

  // Ours runs and stays close to our float model; both KWS models hear the same word.
  const RtTensor input = ReferenceInput(shared);
  const std::vector<float> ya = RunKws(ours, input), yf = RunKws(OurFloatKws(shared), input);
  const std::vector<float> yb = RunKws(official, input);
  ASSERT_EQ(ya.size(), 12u);
  ASSERT_EQ(yb.size(), 12u);
  for (size_t i = 0; i < 12; ++i) EXPECT_NEAR(ya[i], yf[i], 0.02f) << i;
  EXPECT_EQ(ArgMax(ya), ArgMax(yf));
  EXPECT_EQ(ArgMax(ya), ArgMax(yb));
}

// The two official .tflite files come from one training run: the float depthwise and dense weights of
// kws_ref_model_float32.tflite are the int8 weights of kws_ref_model.tflite (full integer, written by
// the official quantizer: depthwise per channel along dimension 3, dense per tensor). Our dynamic
// range quantization of those float weights gives the official int8 values and scales.
TEST(KwsDynamicRange, OfficialFloatWeightsQuantizeToTheOfficialInt8Weights) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  TflModel ours = Official(shared, "kws_ref_model_float32.tflite");
  QuantizeOptions o = DynamicRange(/*per_channel=*/true);
  o.weights_min_num_elements = 0;  // quantize the small depthwise and dense weights too
  ASSERT_TRUE(QuantizeModel(ours, o).ok());
  const TflModel official = Official(shared, "kws_ref_model.tflite");
  const TflSubgraph& a = ours.subgraphs[0];
  const TflSubgraph& b = official.subgraphs[0];
  ASSERT_EQ(a.operators.size(), 13u);
  ASSERT_EQ(b.operators.size(), 13u);
  int compared = 0;
  for (size_t op = 0; op < 13; ++op) {
    const Op code = CodeOf(official, op);
    ASSERT_EQ(CodeOf(ours, op), code) << op;
    if (code != Op::DEPTHWISE_CONV_2D && code != Op::FULLY_CONNECTED) continue;
    const TflTensor& ta = a.tensors[a.operators[op].inputs[1]];
    const TflTensor& tb = b.tensors[b.operators[op].inputs[1]];
    SCOPED_TRACE(testing::Message() << "operator " << op << " weights '" << tb.name << "'");
    ASSERT_EQ(ta.type, TT::INT8);
    ASSERT_EQ(tb.type, TT::INT8);
    ASSERT_EQ(ta.quantization->scale.size(), tb.quantization->scale.size());
    EXPECT_EQ(ta.quantization->quantized_dimension, tb.quantization->quantized_dimension);
    for (size_t c = 0; c < tb.quantization->scale.size(); ++c) {
      EXPECT_NEAR(ta.quantization->scale[c], tb.quantization->scale[c], 1e-6 * tb.quantization->scale[c]) << c;
    }
    const std::vector<int8_t> va = Int8Data(ours, ta), vb = Int8Data(official, tb);
    ASSERT_EQ(va.size(), vb.size());
    int differ = 0;
    for (size_t k = 0; k < va.size(); ++k) differ += va[k] != vb[k];
    EXPECT_EQ(differ, 0) << "of " << va.size() << " int8 values";
    ++compared;
  }
  EXPECT_EQ(compared, 5);  // four depthwise, one dense
}

// The current official default: per-channel CONV_2D weights. The same inputs are int8 as in the
// official model, with 64 scales along dimension 0, each max |w| / 127 over its channel of our float
// weights; every weight dequantizes to within half a step of its float value.
TEST(KwsDynamicRange, PerChannelConvWeights) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const TflModel& float_model = OurFloatKws(shared);
  ASSERT_FALSE(float_model.subgraphs.empty());
  TflModel ours = float_model;
  absl::StatusOr<QuantizeReport> report = QuantizeModel(ours, DynamicRange(/*per_channel=*/true));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->quantized_operators, 5);
  const TflModel official = Official(shared, "kws_ref_model_float32.tflite");
  const TflSubgraph& a = ours.subgraphs[0];
  const TflSubgraph& f = float_model.subgraphs[0];
  const TflSubgraph& b = official.subgraphs[0];
  ASSERT_EQ(a.operators.size(), b.operators.size());
  int int8_weights = 0;
  for (size_t o = 0; o < a.operators.size(); ++o) {
    for (size_t i = 0; i < a.operators[o].inputs.size(); ++i) {
      const int t = a.operators[o].inputs[i];
      const TflTensor& ta = a.tensors[t];
      const TflTensor& tb = b.tensors[b.operators[o].inputs[i]];
      ASSERT_EQ(ta.type, tb.type) << "operator " << o << " input " << i;
      if (tb.type != TT::INT8) continue;
      ++int8_weights;
      EXPECT_EQ(ours.operator_codes[a.operators[o].opcode_index].version, 5);  // hybrid per-channel CONV_2D
      ASSERT_EQ(ta.quantization->scale.size(), 64u);
      EXPECT_EQ(ta.quantization->quantized_dimension, 0);
      const std::vector<float> w = FloatData(float_model, f.tensors[t]);  // quantized in place
      const std::vector<int8_t> q = Int8Data(ours, ta);
      ASSERT_EQ(w.size(), q.size());
      const size_t per_channel = w.size() / 64;
      for (size_t c = 0; c < 64; ++c) {
        float max_abs = 0;
        for (size_t k = c * per_channel; k < (c + 1) * per_channel; ++k) max_abs = std::max(max_abs, std::abs(w[k]));
        const float scale = ta.quantization->scale[c];
        EXPECT_FLOAT_EQ(scale, max_abs / 127) << "operator " << o << " channel " << c;
        for (size_t k = c * per_channel; k < (c + 1) * per_channel; ++k) {
          EXPECT_LE(std::abs(q[k] * scale - w[k]), 0.5f * scale * 1.0001f) << "operator " << o << " element " << k;
        }
      }
    }
  }
  EXPECT_EQ(int8_weights, 5);
  const RtTensor input = ReferenceInput(shared);
  const std::vector<float> ya = RunKws(ours, input), yf = RunKws(float_model, input);
  ASSERT_EQ(ya.size(), 12u);
  for (size_t i = 0; i < 12; ++i) EXPECT_NEAR(ya[i], yf[i], 0.02f) << i;
  EXPECT_EQ(ArgMax(ya), ArgMax(yf));
}

// Float16: every float32 constant becomes the nearest half behind a DEQUANTIZE; outputs stay close.
TEST(KwsFloat16, HalfWeightsAndCloseOutputs) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const TflModel& float_model = OurFloatKws(shared);
  ASSERT_FALSE(float_model.subgraphs.empty());
  TflModel half = float_model;
  QuantizeOptions o;
  o.mode = QuantizationMode::kFloat16;
  ASSERT_TRUE(QuantizeModel(half, o).ok());
  const TflSubgraph& f = float_model.subgraphs[0];
  const TflSubgraph& h = half.subgraphs[0];
  int halves = 0, dequantizes = 0;
  for (size_t t = 0; t < f.tensors.size(); ++t) {
    const TflTensor& ft = f.tensors[t];
    if (ft.type != TT::FLOAT32 || !IsConstant(float_model, ft)) {
      EXPECT_EQ(h.tensors[t].type, ft.type) << ft.name;
      continue;
    }
    ASSERT_EQ(h.tensors[t].type, TT::FLOAT16) << ft.name;
    ++halves;
    const std::vector<float> values = FloatData(float_model, ft);
    const std::vector<uint16_t> bits = HalfData(half, h.tensors[t]);
    ASSERT_EQ(values.size(), bits.size());
    for (size_t k = 0; k < values.size(); ++k) {
      // The nearest half: off by at most half a float16 step (2^(exponent - 10)) of the value.
      const float v = values[k], r = HalfToFloat(bits[k]);
      const int e = std::max(std::ilogb(v == 0 ? 1.0f : v), -14);
      EXPECT_LE(std::abs(v - r), std::ldexp(0.5f, e - 10)) << ft.name << "[" << k << "]";
    }
  }
  for (size_t i = 0; i < h.operators.size(); ++i) dequantizes += CodeOf(half, i) == Op::DEQUANTIZE;
  EXPECT_EQ(halves, 9 + 9 + 2);  // conv and depthwise weights and biases, dense weights and bias
  EXPECT_EQ(dequantizes, halves);
  EXPECT_EQ(h.operators.size(), f.operators.size() + halves);

  const RtTensor input = ReferenceInput(shared);
  const std::vector<float> yh = RunKws(half, input), yf = RunKws(float_model, input);
  ASSERT_EQ(yh.size(), 12u);
  for (size_t i = 0; i < 12; ++i) EXPECT_NEAR(yh[i], yf[i], 2e-3f) << i;
  EXPECT_EQ(ArgMax(yh), ArgMax(yf));
}

}  // namespace
}  // namespace tfconv
