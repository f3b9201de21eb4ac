// The debugger's verification path: our quantizer redoes the official models' quantization (mode and
// I/O types read from them) and the suggested denylist is measured on that.
#include <memory>
#include <string>

#include "converter/frontend/shared_testdata.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "gtest/gtest.h"
#include "quantization/debug/quant_debugger.h"
#include "quantization/debug/requantize.h"

namespace tfconv {
namespace {

using tflite::TensorType;

std::shared_ptr<TflModel> Load(const std::string& path) {
  absl::StatusOr<TflModel> m = ReadModelFile(path);
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? std::make_shared<TflModel>(*std::move(m)) : nullptr;
}

RtTensor Image(int seed) {
  RtTensor t = RtTensor::Make(TensorType::FLOAT32, {1, 32, 32, 3});
  for (int i = 0; i < 32 * 32 * 3; ++i) t.mutable_data<float>()[i] = static_cast<float>((i * 37 + seed * 101) % 256);
  return t;
}

TEST(Requantize, InfersTheOfficialModelsModes) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string real = shared + "/testdata/real/mlperf_tiny/";
  auto ic = Load(real + "image_classification/pretrainedResnet_quant.tflite");
  auto kws = Load(real + "keyword_spotting/kws_ref_model.tflite");
  auto kws_dr = Load(real + "keyword_spotting/kws_ref_model_float32.tflite");
  auto ic_float = Load(real + "image_classification/pretrainedResnet.tflite");
  ASSERT_TRUE(ic && kws && kws_dr && ic_float);
  QuantizeOptions o = InferQuantizeOptions(*ic, 0);
  EXPECT_EQ(o.mode, QuantizationMode::kInt8);
  EXPECT_EQ(o.inference_input_type, TensorType::INT8);
  EXPECT_EQ(o.inference_output_type, TensorType::INT8);
  EXPECT_EQ(InferQuantizeOptions(*kws, 0).mode, QuantizationMode::kInt8);
  EXPECT_EQ(InferQuantizeOptions(*kws_dr, 0).mode, QuantizationMode::kDynamicRange);
  EXPECT_EQ(InferQuantizeOptions(*ic_float, 0).mode, QuantizationMode::kNone);
}

// The broken copy of quant_debugger_test: conv2d_3's weight scales 4x too large. The suggestion
// (that CONV_2D float) is then checked on our own int8 quantization of the float model, calibrated
// on the same samples: with the denylist it must stay within the tolerance.
TEST(Requantize, VerifiesTheSuggestionWithOurQuantizer) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = shared + "/testdata/real/mlperf_tiny/image_classification/";
  auto fm = Load(dir + "pretrainedResnet.tflite");
  auto qm = Load(dir + "pretrainedResnet_quant.tflite");
  ASSERT_TRUE(fm && qm);
  for (float& s : qm->subgraphs[0].tensors[11].quantization->scale) s *= 4;
  QuantDebugSetup s;
  s.float_model = fm;
  s.quant_model = qm;
  s.samples = {{Image(0)}, {Image(1)}};
  s.tolerance = 0.05;
  absl::StatusOr<Requantizer> r = MakeRequantizer(fm, qm, s.samples);
  ASSERT_TRUE(r.ok()) << r.status();
  s.requantize = *r;
  absl::StatusOr<QuantDebugReport> report = DebugQuantization(s);
  ASSERT_TRUE(report.ok()) << report.status();
  const DenylistSuggestion& d = report->denylist;
  ASSERT_TRUE(d.within_tolerance) << d.note;
  EXPECT_TRUE(d.verified) << d.verify_note;
  ASSERT_TRUE(d.requantized_error.has_value());
  EXPECT_LE(*d.requantized_error, *s.tolerance) << d.verify_note;
  EXPECT_LE(*d.requantized_baseline_error, *s.tolerance) << d.verify_note;  // nothing broken in ours
}

}  // namespace
}  // namespace tfconv
