// SVDF against a plain reference: each filter keeps its last `memory` feature activations; the
// unit output is the bias plus the sum over its `rank` filters of (time weights . memory).
#include <random>

#include "gtest/gtest.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/sequence/sequence_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using namespace kernel_test;  // NOLINT: test helpers

using T = tflite::TensorType;

struct SvdfWeights {
  int batch = 2, input_size = 3, filters = 6, memory = 4, rank = 2;
  std::vector<float> feature, time, bias;  // bias empty: none
  tflite::ActivationFunctionType act = tflite::ActivationFunctionType::NONE;
  int units() const { return filters / rank; }
};

class ReferenceSvdf {
 public:
  explicit ReferenceSvdf(const SvdfWeights& w)
      : w_(w), memory_(w.batch * w.filters, std::vector<double>(w.memory, 0.0)) {}

  std::vector<double> Step(const std::vector<float>& x) {
    std::vector<double> out;
    for (int b = 0; b < w_.batch; ++b) {
      for (int f = 0; f < w_.filters; ++f) {
        std::vector<double>& m = memory_[b * w_.filters + f];
        m.erase(m.begin());
        double a = 0;
        for (int k = 0; k < w_.input_size; ++k) a += w_.feature[f * w_.input_size + k] * x[b * w_.input_size + k];
        m.push_back(a);
      }
      for (int u = 0; u < w_.units(); ++u) {
        double s = w_.bias.empty() ? 0 : w_.bias[u];
        for (int r = 0; r < w_.rank; ++r) {
          const int f = u * w_.rank + r;
          for (int t = 0; t < w_.memory; ++t) s += w_.time[f * w_.memory + t] * memory_[b * w_.filters + f][t];
        }
        if (w_.act == tflite::ActivationFunctionType::RELU) s = std::max(0.0, s);
        out.push_back(s);
      }
    }
    return out;
  }

 private:
  SvdfWeights w_;
  std::vector<std::vector<double>> memory_;
};

struct IntegerSvdfQuant {
  float input_scale = 1.f / 32;
  int input_zp = -3;
  float state_scale = 1.f / 256;
  int state_zp = 0;
  bool int8_state = false;
  float output_scale = 1.f / 16;
  int output_zp = 2;
};

// A one-operator SVDF model, float or integer (then `w` becomes the weights the model holds).
std::shared_ptr<const TflModel> SvdfModel(SvdfWeights& w, const IntegerSvdfQuant* q) {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  auto add = [&](const std::string& name, T type, std::vector<int32_t> shape, uint32_t buffer,
                 std::optional<TflQuantization> quant, bool variable = false) {
    return g.AddTensor({.name = name,
                        .type = type,
                        .shape = std::move(shape),
                        .buffer = buffer,
                        .quantization = quant,
                        .is_variable = variable,
                        .has_rank = true});
  };
  std::vector<int32_t> in(5, -1);
  int out;
  if (q == nullptr) {
    in[0] = add("input", T::FLOAT32, {w.batch, w.input_size}, 0, std::nullopt);
    in[1] = add("feature", T::FLOAT32, {w.filters, w.input_size}, BufferOf(m, w.feature), std::nullopt);
    in[2] = add("time", T::FLOAT32, {w.filters, w.memory}, BufferOf(m, w.time), std::nullopt);
    if (!w.bias.empty()) in[3] = add("bias", T::FLOAT32, {w.units()}, BufferOf(m, w.bias), std::nullopt);
    in[4] = add("state", T::FLOAT32, {w.batch, w.memory * w.filters}, 0, std::nullopt, true);
    out = add("output", T::FLOAT32, {w.batch, w.units()}, 0, std::nullopt);
  } else {
    in[0] = add("input", T::INT8, {w.batch, w.input_size}, 0, Quant(q->input_scale, q->input_zp));
    const float fs = MaxAbs(w.feature) / 127;
    auto fq = QuantizeValues<int8_t>(w.feature, fs, 0);
    w.feature = DequantizeValues(fq, fs, 0);
    in[1] = add("feature", T::INT8, {w.filters, w.input_size}, BufferOf(m, fq), Quant(fs, 0));
    float ts;
    if (q->int8_state) {
      ts = MaxAbs(w.time) / 127;
      auto tq = QuantizeValues<int8_t>(w.time, ts, 0);
      w.time = DequantizeValues(tq, ts, 0);
      in[2] = add("time", T::INT8, {w.filters, w.memory}, BufferOf(m, tq), Quant(ts, 0));
    } else {
      ts = MaxAbs(w.time) / 32767;
      auto tq = QuantizeValues<int16_t>(w.time, ts, 0);
      w.time = DequantizeValues(tq, ts, 0);
      in[2] = add("time", T::INT16, {w.filters, w.memory}, BufferOf(m, tq), Quant(ts, 0));
    }
    if (!w.bias.empty()) {
      const float bs = q->state_scale * ts;
      auto bq = QuantizeValues<int32_t>(w.bias, bs, 0);
      w.bias = DequantizeValues(bq, bs, 0);
      in[3] = add("bias", T::INT32, {w.units()}, BufferOf(m, bq), Quant(bs, 0));
    }
    in[4] = add("state", q->int8_state ? T::INT8 : T::INT16, {w.batch, w.memory * w.filters}, 0,
                Quant(q->state_scale, q->state_zp), true);
    out = add("output", T::INT8, {w.batch, w.units()}, 0, Quant(q->output_scale, q->output_zp));
  }
  TflOperator& op = g.operators.emplace_back();
  op.opcode_index = m.OpcodeIndex(tflite::BuiltinOperator::SVDF);
  op.inputs = in;
  op.outputs = {out};
  tflite::SVDFOptionsT o;
  o.rank = w.rank;
  o.fused_activation_function = w.act;
  op.builtin_options.Set(std::move(o));
  g.inputs = {in[0]};
  g.outputs = {out};
  return RoundTrip(m);
}

KernelRegistry Kernels() {
  KernelRegistry r;
  RegisterSequenceKernels(r);
  return r;
}

SvdfWeights RandomSvdf(std::mt19937& rng, bool bias) {
  SvdfWeights w;
  w.feature = RandomFloats(rng, w.filters * w.input_size, -1.f, 1.f);
  w.time = RandomFloats(rng, w.filters * w.memory, -1.f, 1.f);
  if (bias) w.bias = RandomFloats(rng, w.units(), -0.5f, 0.5f);
  return w;
}

TEST(SvdfTest, FloatMatchesReferenceOverSteps) {
  std::mt19937 rng(5);
  for (bool bias : {true, false}) {
    for (auto act : {tflite::ActivationFunctionType::NONE, tflite::ActivationFunctionType::RELU}) {
      SvdfWeights w = RandomSvdf(rng, bias);
      w.act = act;
      auto interp = Interpreter::Create(SvdfModel(w, nullptr), Kernels());
      ASSERT_TRUE(interp.ok()) << interp.status();
      ReferenceSvdf ref(w);
      for (int step = 0; step < 7; ++step) {  // longer than the memory: old activations drop out
        const std::vector<float> x = RandomFloats(rng, w.batch * w.input_size, -1.f, 1.f);
        auto out = (*interp)->Invoke(0, {MakeTensor(T::FLOAT32, {w.batch, w.input_size}, x)});
        ASSERT_TRUE(out.ok()) << out.status();
        const std::vector<double> want = ref.Step(x);
        for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR((*out)[0].data<float>()[i], want[i], 1e-5) << step;
      }
    }
  }
}

void CheckInteger(const IntegerSvdfQuant& q, int seed) {
  std::mt19937 rng(seed);
  SvdfWeights w = RandomSvdf(rng, true);
  auto interp = Interpreter::Create(SvdfModel(w, &q), Kernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  ReferenceSvdf ref(w);
  double worst = 0;
  for (int step = 0; step < 7; ++step) {
    auto xq = QuantizeValues<int8_t>(RandomFloats(rng, w.batch * w.input_size, -2.f, 2.f), q.input_scale, q.input_zp);
    auto out = (*interp)->Invoke(0, {MakeTensor(T::INT8, {w.batch, w.input_size}, xq)});
    ASSERT_TRUE(out.ok()) << out.status();
    const std::vector<double> want = ref.Step(DequantizeValues(xq, q.input_scale, q.input_zp));
    for (size_t i = 0; i < want.size(); ++i) {
      const double got = ((*out)[0].data<int8_t>()[i] - q.output_zp) * q.output_scale;
      worst = std::max(worst, std::abs(got - want[i]) / q.output_scale);
    }
  }
  // The state holds each activation rounded to one state step; the output adds one rounding.
  EXPECT_LE(worst, q.int8_state ? 2.0 : 1.0);
  EXPECT_GT(worst, 0.0);
}

TEST(SvdfTest, Int8WithInt16StateTracksFloat) { CheckInteger(IntegerSvdfQuant{}, 6); }

TEST(SvdfTest, Int8WithInt8StateAndZeroPointTracksFloat) {
  IntegerSvdfQuant q;
  q.int8_state = true;
  q.state_scale = 1.f / 24;
  q.state_zp = 7;
  CheckInteger(q, 7);
}

TEST(SvdfTest, BadRankIsAnError) {
  std::mt19937 rng(8);
  SvdfWeights w = RandomSvdf(rng, false);
  w.rank = 4;  // does not divide 6 filters
  auto interp = Interpreter::Create(SvdfModel(w, nullptr), Kernels());
  ASSERT_TRUE(interp.ok());
  auto out = (*interp)->Invoke(0, {MakeTensor(T::FLOAT32, {w.batch, w.input_size}, std::vector<float>(6, 0.f))});
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("rank 4"), std::string::npos) << out.status();
}

}  // namespace
}  // namespace tfconv
