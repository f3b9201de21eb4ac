// LSTM and UNIDIRECTIONAL_SEQUENCE_LSTM on small generated models, checked against the plain
// double-precision LSTM of lstm_reference.h (float kernels: to rounding; integer kernels: to a
// few output steps, with the weights the integer model actually holds), plus one integer case
// whose exact result is derived step by step from the fixed-point functions.
#include <cmath>
#include <random>

#include "gtest/gtest.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/kernels/sequence/lstm_math.h"
#include "runtime_check/kernels/sequence/lstm_reference.h"
#include "runtime_check/kernels/sequence/sequence_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"
#include "runtime_check/numeric/sigmoid_lut.h"

namespace tfconv {
namespace {

using namespace kernel_test;  // NOLINT: test helpers
using namespace seqtest;  // NOLINT: test helpers

using T = tflite::TensorType;
using Op = tflite::BuiltinOperator;

LstmWeights RandomWeights(std::mt19937& rng, bool cifg, bool peephole, bool layer_norm, bool projection) {
  LstmWeights w;
  w.cifg = cifg;
  w.peephole = peephole;
  w.layer_norm = layer_norm;
  w.projection = projection;
  if (projection) w.n_output = 2;
  for (int g = 0; g < 4; ++g) {
    if (g == 0 && cifg) continue;
    w.wx[g] = RandomFloats(rng, w.n_cell * w.n_input, -0.8f, 0.8f);
    w.wh[g] = RandomFloats(rng, w.n_cell * w.n_output, -0.8f, 0.8f);
    w.bias[g] = RandomFloats(rng, w.n_cell, -0.5f, 0.5f);
    if (peephole && g != 2) w.wc[g] = RandomFloats(rng, w.n_cell, -0.5f, 0.5f);
    if (layer_norm) w.ln[g] = RandomFloats(rng, w.n_cell, 0.5f, 1.5f);
  }
  if (projection) {
    w.proj_w = RandomFloats(rng, w.n_output * w.n_cell, -0.8f, 0.8f);
    w.proj_b = RandomFloats(rng, w.n_output, -0.2f, 0.2f);
  }
  return w;
}

// Batch-major [b][t][k] to time-major [t][b][k] and back.
template <typename V>
std::vector<V> Transpose01(const std::vector<V>& v, int d0, int d1, int d2) {
  std::vector<V> r(v.size());
  for (int a = 0; a < d0; ++a)
    for (int b = 0; b < d1; ++b)
      for (int k = 0; k < d2; ++k) r[(b * d0 + a) * d2 + k] = v[(a * d1 + b) * d2 + k];
  return r;
}

// ---- Model building.

struct IntegerQuant {
  float input_scale = 1.f / 64;
  int input_zp = 5;
  float output_scale = 1.f / 128;
  int output_zp = -3;
  float hidden_scale = 1.f / 128;  // intermediate 4; the output's when there is no projection
  int hidden_zp = -3;
  int cell_log2 = -11;
};

// A one-operator model: UNIDIRECTIONAL_SEQUENCE_LSTM (sequence) or LSTM over [batch, n_input].
// With `quant`, an int8 model whose weights are quantized from `w`; `w` is then replaced by the
// dequantized weights the model holds, so the reference computes with the same values.
std::shared_ptr<const TflModel> LstmModel(LstmWeights& w, bool sequence, bool time_major, int batch, int time,
                                          const IntegerQuant* quant) {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  const bool integer = quant != nullptr;
  auto add = [&](const std::string& name, T type, std::vector<int32_t> shape, uint32_t buffer,
                 std::optional<TflQuantization> q, bool variable = false) {
    return g.AddTensor({.name = name,
                        .type = type,
                        .shape = std::move(shape),
                        .buffer = buffer,
                        .quantization = q,
                        .is_variable = variable,
                        .has_rank = true});
  };
  auto weights = [&](const std::string& name, std::vector<float>& v, std::vector<int32_t> shape) {
    if (!integer) return add(name, T::FLOAT32, shape, BufferOf(m, v), std::nullopt);
    const float scale = std::max(MaxAbs(v), 1e-6f) / 127;
    auto q = QuantizeValues<int8_t>(v, scale, 0);
    v = DequantizeValues(q, scale, 0);
    return add(name, T::INT8, shape, BufferOf(m, q), Quant(scale, 0));
  };
  std::vector<int32_t> inputs(24, -1);
  const std::vector<int32_t> in_shape = sequence ? (time_major ? std::vector<int32_t>{time, batch, w.n_input}
                                                               : std::vector<int32_t>{batch, time, w.n_input})
                                                 : std::vector<int32_t>{batch, w.n_input};
  inputs[0] = integer ? add("input", T::INT8, in_shape, 0, Quant(quant->input_scale, quant->input_zp))
                      : add("input", T::FLOAT32, in_shape, 0, std::nullopt);
  const char* names[4] = {"input", "forget", "cell", "output"};
  float wx_scale[4] = {};
  for (int k = 0; k < 4; ++k) {
    if (w.wx[k].empty()) continue;
    inputs[1 + k] = weights(std::string("in_to_") + names[k], w.wx[k], {w.n_cell, w.n_input});
    if (integer) wx_scale[k] = m.subgraphs[0].tensors[inputs[1 + k]].quantization->scale[0];
    inputs[5 + k] = weights(std::string("rec_to_") + names[k], w.wh[k], {w.n_cell, w.n_output});
  }
  for (int k : {0, 1, 3}) {
    if (w.wc[k].empty()) continue;
    const int index = k == 3 ? 11 : 9 + k;
    if (!integer) {
      inputs[index] =
          add(std::string("cell_to_") + names[k], T::FLOAT32, {w.n_cell}, BufferOf(m, w.wc[k]), std::nullopt);
      continue;
    }
    const float scale = std::max(MaxAbs(w.wc[k]), 1e-6f) / 32767;
    auto q = QuantizeValues<int16_t>(w.wc[k], scale, 0);
    w.wc[k] = DequantizeValues(q, scale, 0);
    inputs[index] = add(std::string("cell_to_") + names[k], T::INT16, {w.n_cell}, BufferOf(m, q), Quant(scale, 0));
  }
  for (int k = 0; k < 4; ++k) {
    if (w.bias[k].empty()) continue;
    if (!integer) {
      inputs[12 + k] =
          add(std::string(names[k]) + "_bias", T::FLOAT32, {w.n_cell}, BufferOf(m, w.bias[k]), std::nullopt);
      continue;
    }
    const float scale = quant->input_scale * wx_scale[k];  // added to the input product
    auto q = QuantizeValues<int32_t>(w.bias[k], scale, 0);
    w.bias[k] = DequantizeValues(q, scale, 0);
    inputs[12 + k] = add(std::string(names[k]) + "_bias", T::INT32, {w.n_cell}, BufferOf(m, q), Quant(scale, 0));
  }
  if (w.projection) {
    inputs[16] = weights("proj_w", w.proj_w, {w.n_output, w.n_cell});
    if (!integer) {
      inputs[17] = add("proj_b", T::FLOAT32, {w.n_output}, BufferOf(m, w.proj_b), std::nullopt);
    } else {
      const float scale = m.subgraphs[0].tensors[inputs[16]].quantization->scale[0] * quant->hidden_scale;
      auto q = QuantizeValues<int32_t>(w.proj_b, scale, 0);
      w.proj_b = DequantizeValues(q, scale, 0);
      inputs[17] = add("proj_b", T::INT32, {w.n_output}, BufferOf(m, q), Quant(scale, 0));
    }
  }
  if (integer) {
    inputs[18] =
        add("output_state", T::INT8, {batch, w.n_output}, 0, Quant(quant->output_scale, quant->output_zp), true);
    inputs[19] = add("cell_state", T::INT16, {batch, w.n_cell}, 0, Quant(std::ldexp(1.f, quant->cell_log2), 0), true);
  } else {
    inputs[18] = add("output_state", T::FLOAT32, {batch, w.n_output}, 0, std::nullopt, true);
    inputs[19] = add("cell_state", T::FLOAT32, {batch, w.n_cell}, 0, std::nullopt, true);
  }
  for (int k = 0; k < 4; ++k) {
    if (!w.ln[k].empty())
      inputs[20 + k] = add(std::string(names[k]) + "_ln", T::FLOAT32, {w.n_cell}, BufferOf(m, w.ln[k]), std::nullopt);
  }
  std::vector<int32_t> out_shape = in_shape;
  out_shape.back() = w.n_output;
  const int out = integer ? add("output", T::INT8, out_shape, 0, Quant(quant->output_scale, quant->output_zp))
                          : add("output", T::FLOAT32, out_shape, 0, std::nullopt);
  TflOperator& op = g.operators.emplace_back();
  op.opcode_index = m.OpcodeIndex(sequence ? Op::UNIDIRECTIONAL_SEQUENCE_LSTM : Op::LSTM);
  op.inputs = inputs;
  op.outputs = {out};
  if (integer) {
    for (int k = 0; k < 4; ++k)
      op.intermediates.push_back(add("gate_" + std::to_string(k), T::INT16, {0}, 0, Quant(1.f / 4096, 0)));
    op.intermediates.push_back(add("hidden", T::INT8, {0}, 0, Quant(quant->hidden_scale, quant->hidden_zp)));
  }
  if (sequence) {
    tflite::UnidirectionalSequenceLSTMOptionsT o;
    o.fused_activation_function = tflite::ActivationFunctionType::TANH;
    o.cell_clip = w.cell_clip;
    o.proj_clip = w.proj_clip;
    o.time_major = time_major;
    op.builtin_options.Set(std::move(o));
  } else {
    tflite::LSTMOptionsT o;
    o.fused_activation_function = tflite::ActivationFunctionType::TANH;
    o.cell_clip = w.cell_clip;
    o.proj_clip = w.proj_clip;
    op.builtin_options.Set(std::move(o));
  }
  g.inputs = {inputs[0]};
  g.outputs = {out};
  return RoundTrip(m);
}

KernelRegistry Kernels(bool micro = false) {
  KernelRegistry r;
  RegisterSequenceKernels(r);
  if (micro) UseMicroLstmNumerics(r);
  return r;
}

struct Variant {
  const char* name;
  bool cifg, peephole, layer_norm, projection;
  float cell_clip, proj_clip;
};
const Variant kVariants[] = {
    {"plain", false, false, false, false, 0, 0},        {"cifg", true, false, false, false, 0, 0},
    {"peephole", false, true, false, false, 0, 0},      {"projection", false, false, false, true, 0, 0},
    {"clipped", false, false, false, true, 0.6f, 0.3f}, {"layer_norm", false, false, true, false, 0, 0},
    {"everything", true, true, true, true, 0.9f, 0.5f},
};

TEST(LstmFloatTest, SequenceMatchesReference) {
  std::mt19937 rng(1);
  const int batch = 2, time = 3;
  for (const Variant& v : kVariants) {
    for (bool time_major : {false, true}) {
      LstmWeights w = RandomWeights(rng, v.cifg, v.peephole, v.layer_norm, v.projection);
      w.cell_clip = v.cell_clip;
      w.proj_clip = v.proj_clip;
      const std::vector<float> input = RandomFloats(rng, batch * time * w.n_input, -1.f, 1.f);
      auto interp = Interpreter::Create(LstmModel(w, true, time_major, batch, time, nullptr), Kernels());
      ASSERT_TRUE(interp.ok()) << interp.status();
      const std::vector<float> fed = time_major ? Transpose01(input, batch, time, w.n_input) : input;
      const std::vector<int32_t> shape =
          time_major ? std::vector<int32_t>{time, batch, w.n_input} : std::vector<int32_t>{batch, time, w.n_input};
      auto out = (*interp)->Invoke(0, {MakeTensor(T::FLOAT32, shape, fed)});
      ASSERT_TRUE(out.ok()) << out.status();
      std::vector<float> got = ValuesOf<float>((*out)[0]);
      if (time_major) got = Transpose01(got, time, batch, w.n_output);
      const std::vector<double> want = ReferenceSequence(w, input, batch, time);
      ASSERT_EQ(got.size(), want.size());
      for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_NEAR(got[i], want[i], 2e-5) << v.name << (time_major ? " time-major" : " batch-major") << " at " << i;
      }
    }
  }
}

// The LSTM operator steps once per invocation; its state carries over and resets with the
// interpreter's variables.
TEST(LstmFloatTest, StateCarriesAcrossInvocations) {
  std::mt19937 rng(2);
  const int batch = 2, time = 4;
  for (const Variant& v : kVariants) {
    LstmWeights w = RandomWeights(rng, v.cifg, v.peephole, v.layer_norm, v.projection);
    w.cell_clip = v.cell_clip;
    w.proj_clip = v.proj_clip;
    const std::vector<float> input = RandomFloats(rng, batch * time * w.n_input, -1.f, 1.f);
    const std::vector<double> want = ReferenceSequence(w, input, batch, time);
    auto interp = Interpreter::Create(LstmModel(w, false, false, batch, 1, nullptr), Kernels());
    ASSERT_TRUE(interp.ok()) << interp.status();
    for (int round = 0; round < 2; ++round) {
      for (int t = 0; t < time; ++t) {
        std::vector<float> step(batch * w.n_input);
        for (int b = 0; b < batch; ++b)
          for (int k = 0; k < w.n_input; ++k) step[b * w.n_input + k] = input[(b * time + t) * w.n_input + k];
        auto out = (*interp)->Invoke(0, {MakeTensor(T::FLOAT32, {batch, w.n_input}, step)});
        ASSERT_TRUE(out.ok()) << out.status();
        for (int b = 0; b < batch; ++b)
          for (int k = 0; k < w.n_output; ++k)
            EXPECT_NEAR((*out)[0].data<float>()[b * w.n_output + k], want[(b * time + t) * w.n_output + k], 2e-5)
                << v.name << " t=" << t;
      }
      (*interp)->ResetVariables();
    }
  }
}

// Integer kernels against the reference computed with the weights the model holds: differences
// come from the 8/16-bit activations only.
void CheckInteger(const Variant& v, bool time_major, bool micro, int seed, float tolerance_steps) {
  std::mt19937 rng(seed);
  const int batch = 2, time = 5;
  LstmWeights w = RandomWeights(rng, v.cifg, v.peephole, v.layer_norm, v.projection);
  w.cell_clip = v.cell_clip;
  w.proj_clip = v.proj_clip;
  IntegerQuant q;
  if (v.projection) {
    q.hidden_scale = 1.f / 127;
    q.hidden_zp = 0;
    q.output_scale = 1.f / 64;
    // LiteRT clips the quantized projection around 0, not around the zero point, so a clipped
    // LSTM matches the float one only with a zero output zero point.
    q.output_zp = v.proj_clip > 0 ? 0 : 4;
  }
  auto model = LstmModel(w, true, time_major, batch, time, &q);
  auto interp = Interpreter::Create(model, Kernels(micro));
  ASSERT_TRUE(interp.ok()) << interp.status();
  const std::vector<float> real_input = RandomFloats(rng, batch * time * w.n_input, -1.5f, 1.5f);
  const std::vector<int8_t> qin = QuantizeValues<int8_t>(real_input, q.input_scale, q.input_zp);
  const std::vector<float> input = DequantizeValues(qin, q.input_scale, q.input_zp);
  const std::vector<int8_t> fed = time_major ? Transpose01(qin, batch, time, w.n_input) : qin;
  const std::vector<int32_t> shape =
      time_major ? std::vector<int32_t>{time, batch, w.n_input} : std::vector<int32_t>{batch, time, w.n_input};
  auto out = (*interp)->Invoke(0, {MakeTensor(T::INT8, shape, fed)});
  ASSERT_TRUE(out.ok()) << out.status();
  std::vector<int8_t> got = ValuesOf<int8_t>((*out)[0]);
  if (time_major) got = Transpose01(got, time, batch, w.n_output);
  const std::vector<double> want = ReferenceSequence(w, input, batch, time);
  double worst = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    worst = std::max(worst, std::abs((got[i] - q.output_zp) * q.output_scale - want[i]) / q.output_scale);
  }
  EXPECT_LE(worst, tolerance_steps) << v.name << (micro ? " micro" : " litert") << (time_major ? " time-major" : "");
  EXPECT_GT(worst, 0.0) << "suspiciously exact";
}

TEST(LstmIntegerTest, LiteRtNumericsTrackTheFloatLstm) {
  int seed = 10;
  for (const Variant& v : kVariants) {
    if (v.layer_norm) continue;  // the real layer-normalized models cover it (calibrated pairs)
    for (bool time_major : {false, true}) CheckInteger(v, time_major, false, seed++, 3.0f);
  }
}

TEST(LstmIntegerTest, MicroNumericsTrackTheFloatLstm) {
  for (int seed = 30; seed < 34; ++seed) CheckInteger(kVariants[0], seed % 2 == 0, true, seed, 3.0f);
}

TEST(LstmIntegerTest, MicroNumericsRefuseVariants) {
  std::mt19937 rng(3);
  LstmWeights w = RandomWeights(rng, true, false, false, false);
  IntegerQuant q;
  auto interp = Interpreter::Create(LstmModel(w, true, false, 1, 2, &q), Kernels(true));
  ASSERT_TRUE(interp.ok());
  auto out = (*interp)->Invoke(0, {MakeTensor(T::INT8, {1, 2, w.n_input}, std::vector<int8_t>(2 * w.n_input, 1))});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnimplemented) << out.status();
}

// One cell, one step, zero weights: every gate is its bias. Input and weight scales 2^-6 make the
// input-product multiplier exactly 1, so the Q3.12 pre-activations are the biases themselves.
// i = f = 0 -> sigmoid 0.5; cell gate 2048 (0.5); output gate 4096 (1.0). The expected output is
// derived here from the fixed-point functions, one rounding at a time.
int32_t Mbqm(int32_t x, double real) {
  int32_t m;
  int s;
  QuantizeMultiplier(real, &m, &s);
  return MultiplyByQuantizedMultiplier(x, m, s);
}

int8_t RunOneCell(bool micro) {
  LstmWeights w;
  w.n_input = w.n_cell = w.n_output = 1;
  for (int g = 0; g < 4; ++g) {
    w.wx[g] = {0.f};
    w.wh[g] = {0.f};
  }
  w.bias[0] = {0.f};
  w.bias[1] = {0.f};
  w.bias[2] = {2048.f / 4096};
  w.bias[3] = {1.f};
  // Build through the helper, then pin the scales the derivation assumes.
  IntegerQuant q;
  q.input_scale = 1.f / 64;
  q.input_zp = 0;
  q.output_scale = q.hidden_scale = 1.f / 128;
  q.output_zp = q.hidden_zp = 0;
  auto built = LstmModel(w, true, false, 1, 1, &q);
  TflModel model = *built;
  TflSubgraph& g = model.subgraphs[0];
  for (int k = 0; k < 4; ++k) {
    g.tensors[g.operators[0].inputs[1 + k]].quantization = Quant(1.f / 64, 0);
    const int bias = g.operators[0].inputs[12 + k];
    g.tensors[bias].quantization = Quant(1.f / 4096, 0);
    const int32_t value = k == 2 ? 2048 : (k == 3 ? 4096 : 0);
    g.tensors[bias].buffer = model.AddBuffer(ByteBuffer::Copy(&value, sizeof(value)));
  }
  auto interp = Interpreter::Create(std::make_shared<TflModel>(model), Kernels(micro));
  EXPECT_TRUE(interp.ok()) << interp.status();
  auto out = (*interp)->Invoke(0, {MakeTensor(T::INT8, {1, 1, 1}, std::vector<int8_t>{37})});
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? (*out)[0].data<int8_t>()[0] : 0;
}

TEST(LstmIntegerTest, OneCellExactLiteRt) {
  const int32_t i = GemmlowpLogistic(0), f = GemmlowpLogistic(0), o = GemmlowpLogistic(4096);
  const int32_t g = GemmlowpTanh(3, 2048);
  const int32_t cell = RoundingDivideByPOT(f * 0, 15) + RoundingDivideByPOT(i * g, 30 - 11);
  const int32_t t = GemmlowpTanh(15 - 11, static_cast<int16_t>(cell));
  const int32_t expected = Mbqm(o * t, std::ldexp(1.0, -30) / (1.0 / 128));
  EXPECT_EQ(RunOneCell(false), expected);
  // In real numbers: 0.731 * tanh(0.5 * tanh(0.5)) / 2^-7 = 21.2.
  EXPECT_NEAR(expected, 21, 1);
}

TEST(LstmIntegerTest, OneCellExactMicro) {
  const int32_t i = LutLogistic(0, 0, 0), o = LutLogistic(4096, 0, 0);
  const int32_t g = LutTanh(2048, 0, 0);
  const int32_t cell = Mbqm(i * g, std::ldexp(1.0, -30) / std::ldexp(1.0, -11));
  const int32_t t = LutTanh(static_cast<int16_t>(cell), 0, 1);  // 2^-11 cell: shift 15 - 11 - 3 = 1
  const int32_t expected = Mbqm(t * o, std::ldexp(1.0, -30) / (1.0 / 128));
  EXPECT_EQ(RunOneCell(true), expected);
  EXPECT_NEAR(expected, 21, 1);
}

TEST(LstmErrorsTest, HybridAndBadModelsAreRefused) {
  std::mt19937 rng(4);
  LstmWeights w = RandomWeights(rng, false, false, false, false);
  // Hybrid: float input with int8 weights.
  IntegerQuant q;
  TflModel hybrid = *LstmModel(w, true, false, 1, 2, &q);
  {
    TflSubgraph& g = hybrid.subgraphs[0];
    for (int idx : {0, g.operators[0].outputs[0], g.operators[0].inputs[18]}) {
      g.tensors[idx].type = T::FLOAT32;
      g.tensors[idx].quantization.reset();
    }
    auto interp = Interpreter::Create(std::make_shared<TflModel>(hybrid), Kernels());
    ASSERT_TRUE(interp.ok());
    auto out =
        (*interp)->Invoke(0, {MakeTensor(T::FLOAT32, {1, 2, w.n_input}, std::vector<float>(2 * w.n_input, 0.5f))});
    ASSERT_FALSE(out.ok());
    EXPECT_NE(out.status().message().find("hybrid"), std::string::npos) << out.status();
  }
  // A state that is not a variable.
  TflModel not_variable = *LstmModel(w, true, false, 1, 2, nullptr);
  {
    TflSubgraph& g = not_variable.subgraphs[0];
    g.tensors[g.operators[0].inputs[19]].is_variable = false;
    auto interp = Interpreter::Create(std::make_shared<TflModel>(not_variable), Kernels());
    ASSERT_TRUE(interp.ok());
    auto out =
        (*interp)->Invoke(0, {MakeTensor(T::FLOAT32, {1, 2, w.n_input}, std::vector<float>(2 * w.n_input, 0.5f))});
    ASSERT_FALSE(out.ok());
    EXPECT_NE(out.status().message().find("variable"), std::string::npos) << out.status();
  }
  // Weights of the wrong shape (smaller than their buffer: a larger one the interpreter already
  // refuses as an inconsistent file, before the kernel sees it).
  TflModel bad_shape = *LstmModel(w, true, false, 1, 2, nullptr);
  {
    TflSubgraph& g = bad_shape.subgraphs[0];
    g.tensors[g.operators[0].inputs[6]].shape = {w.n_cell, w.n_output - 1};
    auto interp = Interpreter::Create(std::make_shared<TflModel>(bad_shape), Kernels());
    ASSERT_TRUE(interp.ok());
    auto out =
        (*interp)->Invoke(0, {MakeTensor(T::FLOAT32, {1, 2, w.n_input}, std::vector<float>(2 * w.n_input, 0.5f))});
    ASSERT_FALSE(out.ok());
    EXPECT_NE(out.status().message().find("recurrent_to_forget_weights"), std::string::npos) << out.status();
  }
}

}  // namespace
}  // namespace tfconv
