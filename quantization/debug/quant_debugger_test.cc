// The debugger on official float/int8 pairs of ../shared (MLPerf Tiny). Expected values come from
// the maths of rounding (an error uniform over one step has RMS 1/sqrt(12) of the step and never
// exceeds half a step), from the models' documented parameters, and from deliberately broken copies.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "converter/frontend/shared_testdata.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "gtest/gtest.h"
#include "quantization/debug/float_fallback.h"
#include "quantization/debug/quant_debugger.h"
#include "quantization/debug/tensor_pairing.h"
#include "re2/re2.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {
namespace {

using tflite::TensorType;

std::shared_ptr<TflModel> Load(const std::string& path) {
  absl::StatusOr<TflModel> m = ReadModelFile(path);
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? std::make_shared<TflModel>(*std::move(m)) : nullptr;
}

// A 32x32x3 "image" of values spread evenly over [0, 255] without being integers (an LCG), so the
// int8 input quantization (scale 1) rounds each by a uniform amount.
RtTensor SpreadImage(uint32_t seed) {
  RtTensor t = RtTensor::Make(TensorType::FLOAT32, {1, 32, 32, 3});
  uint32_t s = seed;
  for (int i = 0; i < 32 * 32 * 3; ++i) {
    s = s * 1664525u + 1013904223u;
    t.mutable_data<float>()[i] = 255.0f * static_cast<float>(s >> 8) / 16777216.0f;
  }
  return t;
}

const TensorErrorRow* FindTensor(const QuantDebugReport& r, const std::string& name, const std::string& kind) {
  for (const TensorErrorRow& t : r.tensors) {
    if (t.name == name && t.kind == kind) return &t;
  }
  return nullptr;
}

struct ResNetPair {
  std::shared_ptr<TflModel> float_model, quant_model;
};

ResNetPair LoadResNet(const std::string& shared) {
  const std::string dir = shared + "/testdata/real/mlperf_tiny/image_classification/";
  return {Load(dir + "pretrainedResnet.tflite"), Load(dir + "pretrainedResnet_quant.tflite")};
}

QuantDebugSetup ResNetSetup(const ResNetPair& p) {
  QuantDebugSetup s;
  s.float_model = p.float_model;
  s.quant_model = p.quant_model;
  s.float_name = "pretrainedResnet.tflite";
  s.quant_name = "pretrainedResnet_quant.tflite";
  s.samples = {{SpreadImage(1)}, {SpreadImage(2)}};
  return s;
}

TEST(QuantDebugger, ResNetInputAndWeightsShowPureRoundingError) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  ResNetPair p = LoadResNet(shared);
  ASSERT_NE(p.float_model, nullptr);
  ASSERT_NE(p.quant_model, nullptr);
  QuantDebugSetup s = ResNetSetup(p);
  s.suggest_denylist = false;
  absl::StatusOr<QuantDebugReport> r = DebugQuantization(s);
  ASSERT_TRUE(r.ok()) << r.status();

  // The int8 input (scale 1, zero point -128, the official I/O rewriting renamed it input_1_int8).
  const TensorErrorRow* in = FindTensor(*r, "input_1", "input");
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->quant_name, "input_1_int8");
  EXPECT_EQ(in->match, "name without '_int8'");
  EXPECT_EQ(in->scale, 1.0);
  EXPECT_EQ(in->zero_point, -128);
  EXPECT_EQ(in->stats.count(), 2 * 32 * 32 * 3);
  EXPECT_NEAR(*in->stats.rmse_over_scale(), kIdealRmseOverScale, 0.015);
  EXPECT_LE(*in->stats.max_abs_error_over_scale(), 0.5 + 1e-6);

  // The largest weight tensor, per-channel symmetric int8: each weight rounded once.
  const TensorErrorRow* w = FindTensor(*r, "model/conv2d_7/Conv2D", "weight");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->channels, 64);
  EXPECT_EQ(w->stats.count(), 64 * 3 * 3 * 64);
  EXPECT_NEAR(*w->stats.rmse_over_scale(), kIdealRmseOverScale, 0.01);
  EXPECT_LE(*w->stats.max_abs_error_over_scale(), 0.5 + 1e-4);

  // Every operator is a layer row, paired with the one the official quantizer left in its place.
  ASSERT_EQ(r->layers.size(), 16u);
  for (const LayerErrorRow& l : r->layers) {
    EXPECT_EQ(l.quant_op, l.float_op) << l.output;  // the official pair keeps the operator order
    EXPECT_TRUE(l.can_fall_back) << l.output << ": " << l.fallback_note;
  }
  // A RESHAPE moves values without arithmetic: no error of its own.
  for (const LayerErrorRow& l : r->layers) {
    if (l.op == "RESHAPE") {
      EXPECT_LT(l.layer.max_abs_error(), 1e-6);
    }
  }
  ASSERT_EQ(r->outputs.size(), 1u);
  EXPECT_EQ(r->outputs[0].name, "Identity");
  EXPECT_EQ(r->outputs[0].quant_name, "Identity_int8");
  EXPECT_GT(r->outputs[0].stats.cosine(), 0.9);
}

TEST(QuantDebugger, AllOperatorsFloatGiveTheFloatModelUpToTheOutputRounding) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  ResNetPair p = LoadResNet(shared);
  ASSERT_NE(p.quant_model, nullptr);
  const TensorPairing pairing = PairTensors(*p.float_model, 0, *p.quant_model, 0);
  std::vector<int> all;
  for (int i = 0; i < 16; ++i) all.push_back(i);
  absl::StatusOr<TflModel> fallback = WithFloatFallback(*p.float_model, 0, *p.quant_model, 0, pairing, all);
  ASSERT_TRUE(fallback.ok()) << fallback.status();
  // Integer pixels are exact in the int8 input (scale 1), every operator is float and tensors between
  // them stay float: only the int8 softmax output rounds, by at most half of 1/256 within its range
  // [0, 255/256] (a probability above that clamps to 255/256).
  RtTensor image = RtTensor::Make(TensorType::FLOAT32, {1, 32, 32, 3});
  RtTensor image_q = RtTensor::Make(TensorType::INT8, {1, 32, 32, 3});
  for (int i = 0; i < 32 * 32 * 3; ++i) {
    image.mutable_data<float>()[i] = static_cast<float>((i * 37) % 256);
    image_q.mutable_data<int8_t>()[i] = static_cast<int8_t>((i * 37) % 256 - 128);
  }
  auto f = Interpreter::Create(p.float_model, BuiltinKernels());
  auto q = Interpreter::Create(std::make_shared<const TflModel>(*std::move(fallback)), BuiltinKernels());
  ASSERT_TRUE(f.ok() && q.ok());
  absl::StatusOr<std::vector<RtTensor>> want = (*f)->Invoke(0, {image});
  absl::StatusOr<std::vector<RtTensor>> got = (*q)->Invoke(0, {image_q});
  ASSERT_TRUE(want.ok() && got.ok());
  ASSERT_EQ((*got)[0].type(), TensorType::INT8);
  for (int k = 0; k < 10; ++k) {
    const double real = ((*got)[0].data<int8_t>()[k] + 128) / 256.0;
    const double in_range = std::min<double>((*want)[0].data<float>()[k], 255.0 / 256);
    EXPECT_LE(std::abs(real - in_range), 0.5 / 256 + 1e-6) << k;
  }
}

// A copy of the int8 model whose conv2d_3 weight scales are 4x too large: its CONV_2D (operator 4)
// computes 4x too much. The debugger must rank that operator and that weight worst, and the
// suggested denylist must be that operator and bring the model back to the unbroken model's error.
TEST(QuantDebugger, BrokenWeightScaleIsRankedWorstAndDenylisted) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  ResNetPair p = LoadResNet(shared);
  ASSERT_NE(p.quant_model, nullptr);
  QuantDebugSetup good = ResNetSetup(p);
  good.suggest_denylist = false;
  absl::StatusOr<QuantDebugReport> unbroken = DebugQuantization(good);
  ASSERT_TRUE(unbroken.ok()) << unbroken.status();

  auto broken = std::make_shared<TflModel>(*p.quant_model);
  TflTensor& w = broken->subgraphs[0].tensors[11];
  ASSERT_EQ(w.name, "model/conv2d_3/Conv2D");
  for (float& scale : w.quantization->scale) scale *= 4;
  const std::string op4_output = broken->subgraphs[0].tensors[broken->subgraphs[0].operators[4].outputs[0]].name;

  QuantDebugSetup s = ResNetSetup({p.float_model, broken});
  s.tolerance = 1.25 * unbroken->final_error();
  absl::StatusOr<QuantDebugReport> r = DebugQuantization(s);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_GT(r->final_error(), 2 * unbroken->final_error());
  ASSERT_FALSE(r->layers.empty());
  EXPECT_EQ(r->layers[0].output, op4_output);
  EXPECT_EQ(r->layers[0].quant_op, 4);
  EXPECT_GT(*r->layers[0].layer.rmse_over_scale(), 10);
  // The worst weight is the broken one. Its dequantized values are 4x the float weights, so the
  // error is 3x the weights: its RMSE is 3x their RMS.
  const TensorErrorRow* worst_weight = nullptr;
  for (const TensorErrorRow& t : r->tensors) {
    if (t.kind == "weight") {
      worst_weight = &t;
      break;
    }
  }
  ASSERT_NE(worst_weight, nullptr);
  EXPECT_EQ(worst_weight->name, "model/conv2d_3/Conv2D");
  const TflTensor& fw = p.float_model->subgraphs[0].tensors[11];
  ASSERT_EQ(fw.name, "model/conv2d_3/Conv2D");
  const ByteBuffer& data = p.float_model->buffers[fw.buffer].data;
  double sum_sq = 0;
  const size_t n = data.size() / sizeof(float);
  for (size_t i = 0; i < n; ++i) {
    float v;
    std::memcpy(&v, data.data() + 4 * i, 4);
    sum_sq += static_cast<double>(v) * v;
  }
  const double rms = std::sqrt(sum_sq / n);
  EXPECT_NEAR(worst_weight->stats.rmse(), 3 * rms, 0.02 * 3 * rms);

  const DenylistSuggestion& d = r->denylist;
  EXPECT_TRUE(d.within_tolerance) << d.note;
  ASSERT_EQ(d.outputs.size(), 1u) << d.note;
  EXPECT_EQ(d.outputs[0], op4_output);
  EXPECT_LE(d.error, s.tolerance.value());
  RE2 re(d.regex);
  ASSERT_TRUE(re.ok()) << re.error();
  EXPECT_TRUE(RE2::PartialMatch(op4_output, re));
  EXPECT_FALSE(d.verified);  // no quantizer given: measured, not re-quantized
}

TEST(QuantDebugger, JsonHasTheDocumentedFields) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  ResNetPair p = LoadResNet(shared);
  ASSERT_NE(p.quant_model, nullptr);
  QuantDebugSetup s = ResNetSetup(p);
  s.samples.resize(1);
  s.max_candidates = 3;
  absl::StatusOr<QuantDebugReport> r = DebugQuantization(s);
  ASSERT_TRUE(r.ok()) << r.status();
  const nlohmann::json j = nlohmann::json::parse(r->ToJson().dump());
  EXPECT_EQ(j["samples"], 1);
  ASSERT_EQ(j["outputs"].size(), 1u);
  EXPECT_EQ(j["outputs"][0]["name"], "Identity");
  for (const char* key : {"rmse", "rmse_over_scale", "max_abs_error", "mean_error", "cosine", "count"}) {
    EXPECT_TRUE(j["outputs"][0].contains(key)) << key;
  }
  ASSERT_EQ(j["layers"].size(), 16u);
  EXPECT_TRUE(j["layers"][0]["layer"]["rmse_over_scale"].is_number());
  EXPECT_TRUE(j["layers"][0]["accumulated"]["rmse"].is_number());
  EXPECT_TRUE(j["layers"][0]["can_fall_back"].is_boolean());
  // Worst first.
  for (size_t i = 1; i < j["layers"].size(); ++i) {
    EXPECT_GE(j["layers"][i - 1]["layer"]["rmse_over_scale"].get<double>(),
              j["layers"][i]["layer"]["rmse_over_scale"].get<double>());
  }
  ASSERT_GT(j["tensors"].size(), 16u);
  EXPECT_TRUE(j["tensors"][0].contains("kind"));
  EXPECT_TRUE(j["tensors"][0].contains("match"));
  EXPECT_TRUE(j["denylist"]["tolerance"].is_number());
  EXPECT_TRUE(j["denylist"]["regex"].is_string());
  EXPECT_LE(j["denylist"]["ranking"].size(), 3u);
  EXPECT_NEAR(j["ideal_rmse_over_scale"].get<double>(), 0.2887, 1e-4);
  // The text form names the tables and the ideal.
  const std::string text = r->ToText();
  EXPECT_NE(text.find("Layers, worst first"), std::string::npos);
  EXPECT_NE(text.find("~0.289"), std::string::npos);
}

// KWS: the official dynamic-range model as the reference and the official int8 model, on the
// reference int8 MFCC input of the benchmark (dequantized for the float model).
TEST(QuantDebugger, KwsOfficialPairOnTheReferenceInput) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = shared + "/testdata/real/mlperf_tiny/keyword_spotting/";
  auto fm = Load(dir + "kws_ref_model_float32.tflite");
  auto qm = Load(dir + "kws_ref_model.tflite");
  ASSERT_TRUE(fm && qm);
  std::ifstream f(dir + "ref/g_kws_inputs.int8.raw", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  ASSERT_EQ(bytes.size(), 490u);
  RtTensor in = RtTensor::Make(TensorType::INT8, {1, 49, 10, 1});
  for (int i = 0; i < 490; ++i) in.mutable_data<int8_t>()[i] = static_cast<int8_t>(bytes[i]);
  absl::StatusOr<std::vector<std::vector<RtTensor>>> samples = FloatSamplesFromQuantized(*fm, 0, *qm, 0, {{in}});
  ASSERT_TRUE(samples.ok()) << samples.status();
  // The model's input parameters: scale 0.584703, zero point 83.
  EXPECT_NEAR((*samples)[0][0].data<float>()[0], 0.584703 * (static_cast<int8_t>(bytes[0]) - 83), 1e-4);

  QuantDebugSetup s;
  s.float_model = fm;
  s.quant_model = qm;
  s.samples = *samples;
  absl::StatusOr<QuantDebugReport> r = DebugQuantization(s);
  ASSERT_TRUE(r.ok()) << r.status();
  const TensorErrorRow* input = FindTensor(*r, "input_1", "input");
  ASSERT_NE(input, nullptr);
  EXPECT_LT(input->stats.max_abs_error(), 1e-4);  // the input was int8 to begin with
  EXPECT_EQ(r->layers.size(), 13u);
  EXPECT_GT(r->outputs[0].stats.cosine(), 0.99);
  // Both models are quantized versions of the same network and agree closely on this input: the
  // default tolerance (1% of the output range) holds and no denylist is needed.
  EXPECT_TRUE(r->denylist.within_tolerance) << r->denylist.note;
  EXPECT_TRUE(r->denylist.outputs.empty());
}

TEST(QuantDebugger, ErrorsNameTheProblem) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  ResNetPair p = LoadResNet(shared);
  ASSERT_NE(p.quant_model, nullptr);
  QuantDebugSetup s = ResNetSetup(p);
  s.samples.clear();
  EXPECT_NE(std::string(DebugQuantization(s).status().message()).find("at least one input sample"),
            std::string::npos);
  s = ResNetSetup(p);
  s.samples = {{RtTensor::Make(TensorType::FLOAT32, {1, 16, 16, 3})}};
  absl::Status st = DebugQuantization(s).status();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(std::string(st.message()).find("input_1"), std::string::npos) << st;
}

}  // namespace
}  // namespace tfconv
