// The sequence kernels on real models, end to end with the shared kernel registry. Expected
// results come from the models' published references (DTLN golden output, micro_speech labels),
// from float twins of quantized models (the quantizer's calibrated inputs), or from the plain
// double-precision LSTM/SVDF run on the weights read from the model.
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>

#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/testing/real_models.h"
#include "gtest/gtest.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"
#include "runtime_check/kernels/sequence/lstm_reference.h"
#include "runtime_check/kernels/sequence/sequence_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using namespace kernel_test;  // NOLINT: test helpers
using namespace seqtest;  // NOLINT: test helpers

using T = tflite::TensorType;

std::vector<int8_t> ReadInt8File(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  return std::vector<int8_t>(bytes.begin(), bytes.end());
}

// Loads a real model (skipping without the shared data, failing under CI) into `model`.
#define LOAD_REAL_MODEL(model, suffix)                                          \
  RealModels models_##model = FindRealModels();                                 \
  if (!models_##model.error.empty()) FAIL() << models_##model.error;            \
  if (models_##model.paths.empty()) GTEST_SKIP() << models_##model.skip_reason; \
  const std::string path_##model = RealModelPath(models_##model, suffix);       \
  ASSERT_FALSE(path_##model.empty()) << "missing real model " << suffix;        \
  absl::StatusOr<TflModel> read_##model = ReadModelFile(path_##model);          \
  ASSERT_TRUE(read_##model.ok()) << read_##model.status();                      \
  auto model = std::make_shared<const TflModel>(*std::move(read_##model))

std::string Dir(const std::string& path) { return path.substr(0, path.rfind('/')); }

// ---- DTLN noise suppression (TFLite Micro example): two int8 LSTMs, FULLY_CONNECTED, LOGISTIC.
// The golden output was produced by TFLite Micro and must match bit for bit (dtln_test.cc).

TEST(RealSequenceModels, DtlnGoldenOutputWithMicroNumerics) {
  LOAD_REAL_MODEL(model, "tflite_micro/dtln/dtln_noise_suppression.tflite");
  const std::vector<int8_t> input = ReadInt8File(Dir(path_model) + "/ref/feature_data.int8.raw");
  const std::vector<int8_t> golden = ReadInt8File(Dir(path_model) + "/ref/golden_ref.int8.raw");
  ASSERT_EQ(input.size(), 257u);
  ASSERT_EQ(golden.size(), 257u);
  KernelRegistry kernels = BuiltinKernels();
  UseMicroLstmNumerics(kernels);
  auto interp = Interpreter::Create(model, kernels);
  ASSERT_TRUE(interp.ok()) << interp.status();
  auto out = (*interp)->Invoke(0, {MakeTensor(T::INT8, {1, 1, 257}, input)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<int8_t>((*out)[0]), golden);
}

// LiteRT's integer LSTM rounds differently (gemmlowp sigmoid/tanh, shift-based products), so the
// same model run with LiteRT numerics lands near, not on, the Micro golden output.
TEST(RealSequenceModels, DtlnWithLiteRtNumericsIsCloseToTheGolden) {
  LOAD_REAL_MODEL(model, "tflite_micro/dtln/dtln_noise_suppression.tflite");
  const std::vector<int8_t> input = ReadInt8File(Dir(path_model) + "/ref/feature_data.int8.raw");
  const std::vector<int8_t> golden = ReadInt8File(Dir(path_model) + "/ref/golden_ref.int8.raw");
  auto interp = Interpreter::Create(model, BuiltinKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  auto out = (*interp)->Invoke(0, {MakeTensor(T::INT8, {1, 1, 257}, input)});
  ASSERT_TRUE(out.ok()) << out.status();
  int worst = 0, differing = 0;
  for (size_t i = 0; i < golden.size(); ++i) {
    const int d = std::abs((*out)[0].data<int8_t>()[i] - golden[i]);
    worst = std::max(worst, d);
    differing += d != 0;
  }
  std::cout << "LiteRT numerics vs the Micro golden: " << differing << " of 257 differ, at most by " << worst << "\n";
  EXPECT_LE(worst, 3);
}

// ---- micro_speech LSTM (TFLite Micro, xtensa example): 49 frames of 257 int8 features; the
// reference features of a "yes" and a "no" clip must score highest on their label.

TEST(RealSequenceModels, MicroSpeechLstmRecognizesYesAndNo) {
  LOAD_REAL_MODEL(model, "tflite_micro/micro_speech_lstm/micro_speech_lstm.tflite");
  auto interp = Interpreter::Create(model, BuiltinKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  for (auto [file, label] : std::vector<std::pair<std::string, int>>{
           {"g_yes_micro_f2e59fea_nohash_1_data.int8.raw", 0}, {"g_no_micro_f9643d42_nohash_4_data.int8.raw", 1}}) {
    const std::vector<int8_t> features = ReadInt8File(Dir(path_model) + "/ref/" + file);
    ASSERT_EQ(features.size(), 49u * 257u);
    (*interp)->ResetVariables();
    auto out = (*interp)->Invoke(0, {MakeTensor(T::INT8, {1, 49, 257}, features)});
    ASSERT_TRUE(out.ok()) << out.status();
    const std::vector<int8_t> scores = ValuesOf<int8_t>((*out)[0]);
    ASSERT_EQ(scores.size(), 3u);
    EXPECT_EQ(std::max_element(scores.begin(), scores.end()) - scores.begin(), label) << file;
  }
}

// ---- Reference LSTMs built from a model's own (dequantized) weights.

std::vector<float> Real(const TflModel& m, int tensor) {
  const TflTensor& t = m.subgraphs[0].tensors[tensor];
  const ByteBuffer& b = m.buffers[t.buffer].data;
  const int64_t n = NumElementsOf(t.shape);
  std::vector<float> v(n);
  const float scale = t.quantization && !t.quantization->scale.empty() ? t.quantization->scale[0] : 1.f;
  const int zp = t.quantization && !t.quantization->zero_point.empty() ? t.quantization->zero_point[0] : 0;
  for (int64_t i = 0; i < n; ++i) {
    switch (t.type) {
      case T::FLOAT32:
        v[i] = reinterpret_cast<const float*>(b.data())[i];
        break;
      case T::INT8:
        v[i] = (reinterpret_cast<const int8_t*>(b.data())[i] - zp) * scale;
        break;
      case T::INT16:
        v[i] = (reinterpret_cast<const int16_t*>(b.data())[i] - zp) * scale;
        break;
      case T::INT32:
        v[i] = static_cast<float>((reinterpret_cast<const int32_t*>(b.data())[i] - zp) * static_cast<double>(scale));
        break;
      default:
        ADD_FAILURE() << "unexpected weight type";
    }
  }
  return v;
}

// The weights of operator `op` (LSTM or UNIDIRECTIONAL_SEQUENCE_LSTM) of subgraph 0.
LstmWeights WeightsOf(const TflModel& m, int op) {
  const TflOperator& o = m.subgraphs[0].operators[op];
  auto has = [&](int i) { return i < static_cast<int>(o.inputs.size()) && o.inputs[i] >= 0; };
  LstmWeights w;
  const TflTensor& to_output = m.subgraphs[0].tensors[o.inputs[4]];
  w.n_cell = to_output.shape[0];
  w.n_input = to_output.shape[1];
  w.n_output = m.subgraphs[0].tensors[o.inputs[8]].shape[1];
  w.cifg = !has(1);
  w.peephole = has(11);
  w.layer_norm = has(21);
  w.projection = has(16);
  for (int g = 0; g < 4; ++g) {
    if (has(1 + g)) w.wx[g] = Real(m, o.inputs[1 + g]);
    if (has(5 + g)) w.wh[g] = Real(m, o.inputs[5 + g]);
    if (has(12 + g)) w.bias[g] = Real(m, o.inputs[12 + g]);
    if (has(20 + g)) w.ln[g] = Real(m, o.inputs[20 + g]);
  }
  const int peephole[4] = {9, 10, -1, 11};
  for (int g : {0, 1, 3}) {
    if (has(peephole[g])) w.wc[g] = Real(m, o.inputs[peephole[g]]);
  }
  if (w.projection) {
    w.proj_w = Real(m, o.inputs[16]);
    w.proj_b = has(17) ? Real(m, o.inputs[17]) : std::vector<float>(w.n_output, 0.f);
  }
  if (const auto* opts = o.builtin_options.AsLSTMOptions()) {
    w.cell_clip = opts->cell_clip;
    w.proj_clip = opts->proj_clip;
  }
  if (const auto* opts = o.builtin_options.AsUnidirectionalSequenceLSTMOptions()) {
    w.cell_clip = opts->cell_clip;
    w.proj_clip = opts->proj_clip;
  }
  return w;
}

// The LiteRT test models: float LSTMs with layer norm and projection.
TEST(RealSequenceModels, FloatLstmWithLayerNormAndProjectionMatchesReference) {
  LOAD_REAL_MODEL(model, "litert/testdata/lstm.bin");
  const LstmWeights w = WeightsOf(*model, 0);
  ASSERT_TRUE(w.layer_norm && w.projection);
  auto interp = Interpreter::Create(model, BuiltinKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  std::mt19937 rng(11);
  std::vector<double> h(w.n_output, 0.0), c(w.n_cell, 0.0);
  for (int step = 0; step < 6; ++step) {
    const std::vector<float> x = RandomFloats(rng, w.n_input, -1.f, 1.f);
    auto out = (*interp)->Invoke(0, {MakeTensor(T::FLOAT32, {1, w.n_input}, x)});
    ASSERT_TRUE(out.ok()) << out.status();
    const std::vector<double> want = ReferenceStep(w, x.data(), h, c);
    for (int k = 0; k < w.n_output; ++k) EXPECT_NEAR((*out)[0].data<float>()[k], want[k], 1e-5) << step;
  }
}

TEST(RealSequenceModels, FloatSequenceLstmMatchesReference) {
  LOAD_REAL_MODEL(model, "litert/testdata/unidirectional_sequence_lstm.bin");
  const LstmWeights w = WeightsOf(*model, 0);
  auto interp = Interpreter::Create(model, BuiltinKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  const auto& in_shape = model->subgraphs[0].tensors[model->subgraphs[0].inputs[0]].shape;
  const bool time_major =
      model->subgraphs[0].operators[0].builtin_options.AsUnidirectionalSequenceLSTMOptions()->time_major;
  ASSERT_FALSE(time_major);
  std::mt19937 rng(12);
  const std::vector<float> x = RandomFloats(rng, static_cast<int>(NumElementsOf(in_shape)), -1.f, 1.f);
  auto out = (*interp)->Invoke(0, {MakeTensor(T::FLOAT32, in_shape, x)});
  ASSERT_TRUE(out.ok()) << out.status();
  const std::vector<double> want = ReferenceSequence(w, x, in_shape[0], in_shape[1]);
  ASSERT_EQ((*out)[0].num_elements(), static_cast<int64_t>(want.size()));
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR((*out)[0].data<float>()[i], want[i], 1e-5) << i;
}

// Quantized LiteRT test models (outputs of the post-training quantizer): QUANTIZE -> integer LSTM
// -> DEQUANTIZE, checked against the reference run on the weights they hold, with the integer
// kernel's fixed ranges modeled (see LstmWeights::hidden_map):
//  - the cell state saturates at its int16 range (these models use 2^-15, i.e. +-1);
//  - with a projection, LiteRT keeps o*tanh(c) in int8 with the hidden zero point negated, so the
//    hidden value v (in hidden steps) is clamped to [-128 + zp, 127 + zp] rather than
//    [-128 - zp, 127 - zp];
//  - without one, LiteRT writes o*tanh(c) with the hidden intermediate's scale and zero point
//    straight into the output state, which is read back with the output state's own.
// The output error is bounded in output quantization steps.
void CheckQuantizedLstm(const std::shared_ptr<const TflModel>& model, int invocations, double max_steps) {
  LstmWeights w = WeightsOf(*model, 1);
  const TflSubgraph& g = model->subgraphs[0];
  const TflOperator& op = g.operators[1];
  const TflTensor& qin = g.tensors[op.inputs[0]];
  const TflTensor& qout = g.tensors[op.outputs[0]];
  const TflTensor& hidden = g.tensors[op.intermediates[4]];
  const float in_scale = qin.quantization->scale[0], out_scale = qout.quantization->scale[0];
  const int in_zp = qin.quantization->zero_point[0], out_zp = qout.quantization->zero_point[0];
  const double h_scale = hidden.quantization->scale[0];
  const int h_zp = hidden.quantization->zero_point[0];
  w.cell_limit = 32767 * g.tensors[op.inputs[19]].quantization->scale[0];
  if (w.projection) {
    w.hidden_map = [=](double m) { return std::min(127.0 + h_zp, std::max(-128.0 + h_zp, m / h_scale)) * h_scale; };
  } else {
    w.hidden_map = [=](double m) {
      const double q = std::min(127.0, std::max(-128.0, m / h_scale + h_zp));
      return (q - out_zp) * out_scale;
    };
  }
  auto interp = Interpreter::Create(model, BuiltinKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  const auto& in_shape = g.tensors[g.inputs[0]].shape;
  const bool sequence = in_shape.size() == 3;
  std::mt19937 rng(13);
  std::vector<double> h(w.n_output, 0.0), c(w.n_cell, 0.0);
  double worst = 0;
  for (int step = 0; step < invocations; ++step) {
    // Inputs on the quantization grid, inside the calibrated range.
    const float lo = (-128 - in_zp) * in_scale, hi = (127 - in_zp) * in_scale;
    std::vector<float> x = RandomFloats(rng, static_cast<int>(NumElementsOf(in_shape)), lo, hi);
    x = DequantizeValues(QuantizeValues<int8_t>(x, in_scale, in_zp), in_scale, in_zp);
    auto out = (*interp)->Invoke(0, {MakeTensor(T::FLOAT32, in_shape, x)});
    ASSERT_TRUE(out.ok()) << out.status();
    std::vector<double> want;
    if (sequence) {
      want = ReferenceSequence(w, x, in_shape[0], in_shape[1]);
    } else {
      want = ReferenceStep(w, x.data(), h, c);
    }
    ASSERT_EQ((*out)[0].num_elements(), static_cast<int64_t>(want.size()));
    for (size_t i = 0; i < want.size(); ++i)
      worst = std::max(worst, std::abs((*out)[0].data<float>()[i] - want[i]) / out_scale);
  }
  EXPECT_LE(worst, max_steps);
  EXPECT_GT(worst, 0.0);
}

TEST(RealSequenceModels, QuantizedLstmWithLayerNormAndProjection) {
  LOAD_REAL_MODEL(model, "litert/quant_testdata/lstm_quantized.bin");
  CheckQuantizedLstm(model, 6, 3.0);
}

TEST(RealSequenceModels, QuantizedLstmWithPeephole) {
  LOAD_REAL_MODEL(model, "litert/quant_testdata/lstm_quantized2.bin");
  CheckQuantizedLstm(model, 6, 3.0);
}

TEST(RealSequenceModels, QuantizedSequenceLstm) {
  LOAD_REAL_MODEL(model, "litert/quant_testdata/unidirectional_sequence_lstm_quantized.bin");
  CheckQuantizedLstm(model, 1, 3.0);
}

// ---- mnist_lstm (TFLite Micro example): float and int8 versions of one trained model. The LSTM
// outputs (before the classifier) are compared with the reference on each model's weights, and
// the two models must agree on the class.

TEST(RealSequenceModels, MnistLstmFloatAndInt8) {
  LOAD_REAL_MODEL(float_model, "tflite_micro/mnist_lstm/trained_lstm.tflite");
  LOAD_REAL_MODEL(int8_model, "tflite_micro/mnist_lstm/trained_lstm_int8.tflite");
  // A stroke-like 28x28 image: a vertical bar and a diagonal.
  std::vector<float> image(28 * 28, 0.f);
  for (int r = 4; r < 24; ++r) {
    image[r * 28 + 14] = 1.f;
    image[r * 28 + 15] = 0.8f;
    image[r * 28 + std::min(27, r + 2)] = 0.6f;
  }
  auto fi = Interpreter::Create(float_model, BuiltinKernels());
  ASSERT_TRUE(fi.ok()) << fi.status();
  auto fout = (*fi)->Invoke(0, {MakeTensor(T::FLOAT32, {1, 28, 28}, image)});
  ASSERT_TRUE(fout.ok()) << fout.status();
  const LstmWeights fw = WeightsOf(*float_model, 0);
  const std::vector<double> fwant = ReferenceSequence(fw, image, 1, 28);
  const int float_lstm_out = float_model->subgraphs[0].operators[0].outputs[0];
  const RtTensor& flstm = (*fi)->tensors(0)[float_lstm_out];
  ASSERT_EQ(flstm.num_elements(), static_cast<int64_t>(fwant.size()));
  for (size_t i = 0; i < fwant.size(); ++i) EXPECT_NEAR(flstm.data<float>()[i], fwant[i], 1e-4) << i;

  auto qi = Interpreter::Create(int8_model, BuiltinKernels());
  ASSERT_TRUE(qi.ok()) << qi.status();
  const TflTensor& qin = int8_model->subgraphs[0].tensors[int8_model->subgraphs[0].inputs[0]];
  const float in_scale = qin.quantization->scale[0];
  const int in_zp = qin.quantization->zero_point[0];
  const std::vector<int8_t> qimage = QuantizeValues<int8_t>(image, in_scale, in_zp);
  auto qout = (*qi)->Invoke(0, {MakeTensor(T::INT8, {1, 28, 28}, qimage)});
  ASSERT_TRUE(qout.ok()) << qout.status();
  const LstmWeights qw = WeightsOf(*int8_model, 0);
  const std::vector<double> qwant = ReferenceSequence(qw, DequantizeValues(qimage, in_scale, in_zp), 1, 28);
  const int qlstm_index = int8_model->subgraphs[0].operators[0].outputs[0];
  const RtTensor& qlstm = (*qi)->tensors(0)[qlstm_index];
  const float out_scale = qlstm.scale();
  const int out_zp = qlstm.zero_point();
  double worst = 0;
  for (size_t i = 0; i < qwant.size(); ++i) {
    worst = std::max(worst, std::abs((qlstm.data<int8_t>()[i] - out_zp) * out_scale - qwant[i]) / out_scale);
  }
  EXPECT_LE(worst, 4.0);
  const std::vector<float> fprob = ValuesOf<float>((*fout)[0]);
  const std::vector<int8_t> qprob = ValuesOf<int8_t>((*qout)[0]);
  EXPECT_EQ(std::max_element(fprob.begin(), fprob.end()) - fprob.begin(),
            std::max_element(qprob.begin(), qprob.end()) - qprob.begin());
}

// ---- SVDF: the quantizer's svdf pair, and the SVDF layers of the keyword benchmark models.

// A model of operator `op` of subgraph 0 alone (its input becomes the model input).
std::shared_ptr<const TflModel> SingleOperator(const TflModel& m, int op) {
  TflModel out = m;
  TflSubgraph& g = out.subgraphs[0];
  TflOperator keep = g.operators[op];
  g.operators = {keep};
  g.inputs = {keep.inputs[0]};
  g.outputs = {keep.outputs[0]};
  out.subgraphs.resize(1);
  out.signature_defs.clear();
  return RoundTrip(out);
}

struct SvdfReal {
  int rank, filters, input_size, memory, units;
  std::vector<float> feature, time, bias;
};

SvdfReal SvdfOf(const TflModel& m, int op) {
  const TflOperator& o = m.subgraphs[0].operators[op];
  SvdfReal s;
  s.rank = o.builtin_options.AsSVDFOptions()->rank;
  const TflTensor& f = m.subgraphs[0].tensors[o.inputs[1]];
  s.filters = f.shape[0];
  s.input_size = f.shape[1];
  s.memory = m.subgraphs[0].tensors[o.inputs[2]].shape[1];
  s.units = s.filters / s.rank;
  s.feature = Real(m, o.inputs[1]);
  s.time = Real(m, o.inputs[2]);
  if (o.inputs[3] >= 0) s.bias = Real(m, o.inputs[3]);
  return s;
}

// Batch 1: memory[f] holds the last `memory` feature activations of filter f, limited to
// [state_lo, state_hi] (the range of an integer state).
std::vector<double> SvdfStep(const SvdfReal& s, std::vector<std::vector<double>>& memory, const std::vector<float>& x,
                             double state_lo = -1e300, double state_hi = 1e300) {
  if (memory.empty()) memory.assign(s.filters, std::vector<double>(s.memory, 0.0));
  for (int f = 0; f < s.filters; ++f) {
    double a = 0;
    for (int k = 0; k < s.input_size; ++k) a += s.feature[f * s.input_size + k] * x[k];
    memory[f].erase(memory[f].begin());
    memory[f].push_back(std::min(state_hi, std::max(state_lo, a)));
  }
  std::vector<double> out(s.units);
  for (int u = 0; u < s.units; ++u) {
    double v = s.bias.empty() ? 0 : s.bias[u];
    for (int r = 0; r < s.rank; ++r)
      for (int t = 0; t < s.memory; ++t) v += s.time[(u * s.rank + r) * s.memory + t] * memory[u * s.rank + r][t];
    out[u] = v;
  }
  return out;
}

// Compares operator `op` of `m` alone with the reference; units whose exact int32 accumulator
// would not fit in 32 bits (the keyword models carry scrambled, full-range weights) are skipped, as
// the runtime's accumulator wraps there. Returns the number of outputs compared.
int CheckIntegerSvdf(const TflModel& m, int op, int invocations, double max_steps, double relu_floor) {
  auto single = SingleOperator(m, op);
  const TflSubgraph& g = single->subgraphs[0];
  const TflTensor& in = g.tensors[g.inputs[0]];
  const TflTensor& outt = g.tensors[g.outputs[0]];
  const float in_scale = in.quantization->scale[0], out_scale = outt.quantization->scale[0];
  const int in_zp = in.quantization->zero_point[0], out_zp = outt.quantization->zero_point[0];
  const SvdfReal s = SvdfOf(*single, 0);
  const TflTensor& state = g.tensors[g.operators[0].inputs[4]];
  const double state_scale = state.quantization->scale[0];
  const int state_zp = state.quantization->zero_point.empty() ? 0 : state.quantization->zero_point[0];
  const double qmax = state.type == T::INT16 ? 32767 : 127;
  const double state_lo = (-qmax - 1 - state_zp) * state_scale, state_hi = (qmax - state_zp) * state_scale;
  const double acc_scale = state_scale * g.tensors[g.operators[0].inputs[2]].quantization->scale[0];
  auto interp = Interpreter::Create(single, BuiltinKernels());
  EXPECT_TRUE(interp.ok()) << interp.status();
  if (!interp.ok()) return 0;
  int compared = 0;
  std::mt19937 rng(14);
  std::vector<std::vector<double>> memory;
  double worst = 0;
  for (int step = 0; step < invocations; ++step) {
    std::vector<int8_t> xq(s.input_size);
    std::uniform_int_distribution<int> d(-128, -100);
    for (int8_t& v : xq) v = static_cast<int8_t>(d(rng));
    auto out = (*interp)->Invoke(0, {MakeTensor(T::INT8, in.shape, xq)});
    EXPECT_TRUE(out.ok()) << out.status();
    if (!out.ok()) return 0;
    const std::vector<double> want = SvdfStep(s, memory, DequantizeValues(xq, in_scale, in_zp), state_lo, state_hi);
    for (int u = 0; u < s.units; ++u) {
      if (std::abs(want[u]) / acc_scale > 2.0e9) continue;
      ++compared;
      const double got = ((*out)[0].data<int8_t>()[u] - out_zp) * out_scale;
      // The output range of these models starts at 0 (a fused RELU): compare clamped values.
      const double lo = std::max(relu_floor, (-128 - out_zp) * static_cast<double>(out_scale));
      const double hi = (127 - out_zp) * static_cast<double>(out_scale);
      worst = std::max(worst, std::abs(got - std::min(hi, std::max(lo, want[u]))) / out_scale);
    }
  }
  EXPECT_LE(worst, max_steps) << "operator " << op;
  return compared;
}

// The quantizer's SVDF pair declares a [1, 9] state where the operator needs batch x memory x
// filters = 42 elements; LiteRT refuses such a model at preparation, and so do we.
TEST(RealSequenceModels, SvdfQuantizerModelsHaveAStateTooSmall) {
  for (const char* name : {"litert/quant_testdata/svdf_quantized.bin", "litert/quant_testdata/svdf_calibrated.bin"}) {
    LOAD_REAL_MODEL(model, name);
    auto interp = Interpreter::Create(model, BuiltinKernels());
    ASSERT_TRUE(interp.ok()) << interp.status();
    const TflTensor& in = model->subgraphs[0].tensors[model->subgraphs[0].inputs[0]];
    RtTensor x = RtTensor::Make(in.type, in.shape);
    std::memset(x.mutable_raw(), 0, x.byte_size());
    auto out = (*interp)->Invoke(0, {x});
    ASSERT_FALSE(out.ok()) << name;
    EXPECT_NE(out.status().message().find("the state has 9 elements, 1 x 7 x 6 expected"), std::string::npos)
        << out.status();
  }
}

// keyword_scrambled: int8 SVDF layers with int16 state (LiteRT and Micro agree); the 8-bit
// variant keeps an int8 state with a zero point (Micro only). Each SVDF layer is run alone.
TEST(RealSequenceModels, KeywordBenchmarkSvdfLayers) {
  LOAD_REAL_MODEL(model16, "tflite_micro/keyword_scrambled/keyword_scrambled.tflite");
  LOAD_REAL_MODEL(model8, "tflite_micro/keyword_scrambled/keyword_scrambled_8bit.tflite");
  for (const auto* m : {model16.get(), model8.get()}) {
    const bool int8_state = m == model8.get();
    int checked = 0;
    for (size_t op = 0; op < m->subgraphs[0].operators.size(); ++op) {
      if (m->CodeOf(m->subgraphs[0].operators[op]).builtin_code != tflite::BuiltinOperator::SVDF) continue;
      // An int8 state holds each activation to a coarser step than int16.
      const int compared = CheckIntegerSvdf(*m, static_cast<int>(op), 10, int8_state ? 8.0 : 1.5, 0.0);
      std::cout << (int8_state ? "int8" : "int16") << " state, SVDF operator " << op << ": " << compared
                << " outputs compared\n";
      EXPECT_GT(compared, 0);
      ++checked;
    }
    EXPECT_EQ(checked, 7);
  }
}

}  // namespace
}  // namespace tfconv
