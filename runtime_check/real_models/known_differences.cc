#include "runtime_check/real_models/known_differences.h"

#include "absl/strings/match.h"

namespace tfconv {
namespace {

// LiteRT.js runs quantized CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED in XNNPACK, which
// requantizes accumulators in fp32 (acc * float(scale), rounded) where TFLite's reference kernels,
// and this interpreter, use the fixed-point multiplier (MultiplyByQuantizedMultiplier). The two
// differ by one LSB on some values: hello_world_int8 on the default input gives 13 in the reference
// pipeline (worked by hand) and 14 in XNNPACK's. Through deep models these LSBs add up; cutting
// mobilenet_v1_0.25_224_quant after each layer shows 0 LSB after the first conv, 1 after the first
// depthwise conv, then up to 43 inside and 1 on the logits, which the uint8 SOFTMAX turns into 9 on
// the top probabilities. Bounds are the observed maxima.
constexpr char kXnnpackRequant[] =
    "XNNPACK requantizes in fp32, the reference in fixed point: 1 LSB per quantized layer";

constexpr KnownDifference kKnown[] = {
    {"litert/python_testdata/pc_conv.bin", 0, 0.0048,
     "XNNPACK requantizes in fp32, the reference in fixed point: 1 LSB (output scale 0.00475) of the int8 "
     "DEPTHWISE_CONV_2D between QUANTIZE (exact) and DEQUANTIZE"},
    {"tflite_micro/hello_world/hello_world_int8.tflite", 1, 0, kXnnpackRequant},
    {"mlperf_tiny/image_classification/pretrainedResnet_quant.tflite", 1, 0, kXnnpackRequant},
    {"tflite_support/vision/mobilenet_v1_0.25_224_quant.tflite", 9, 0,
     "XNNPACK fp32 requantization: 1 LSB per layer, accumulating, amplified by the uint8 SOFTMAX"},
    {"tflite_support/vision/mobilenet_v1_0.25_224_quant_without_subgraph_metadata.tflite", 9, 0,
     "XNNPACK fp32 requantization: 1 LSB per layer, accumulating, amplified by the uint8 SOFTMAX"},
    // No SOFTMAX here: cut after each layer the model shows 1 LSB after the first conv, then up to 25
    // inside (1x1 expansion convs amplify their inputs' LSBs) and 6 on the logits.
    {"tflite_support/metadata_mobilenet_v2_quant/mobilenet_v2_1.0_224_quant.tflite", 6, 0,
     "XNNPACK fp32 requantization: 1 LSB per layer, accumulating over 65 quantized layers"},
    // Hybrid (dynamic-range) CONV_2D: float activations, int8 weights. The reference quantizes each
    // input batch to int8 on the fly (TFLite's hybrid kernel, which the interpreter follows);
    // LiteRT.js computes these layers in XNNPACK, which does not, and five such layers in a row move
    // the softmax output by up to 0.014 (12 of 12 values).
    {"mlperf_tiny/keyword_spotting/kws_ref_model_float32.tflite", 0, 0.015,
     "hybrid CONV_2D (int8 weights): TFLite's hybrid kernel quantizes activations to int8 on the fly, "
     "LiteRT.js's XNNPACK path computes them otherwise"},
};

constexpr LiteRtLimit kLimits[] = {
    // The output shape is a model input, so the output is resized at run time; LiteRT.js 2.5.3 then
    // returns stale bytes with no error. Ours matches the models' golden CSVs exactly
    // (runtime_check/kernels/conv/real_models_test).
    {"tflite_micro/seanet/transpose_conv/",
     "TRANSPOSE_CONV with a runtime output shape: LiteRT.js returns stale output bytes (no error)"},
};

}  // namespace

absl::Span<const KnownDifference> KnownDifferences() { return kKnown; }
absl::Span<const LiteRtLimit> LiteRtLimits() { return kLimits; }

const KnownDifference* FindKnownDifference(absl::string_view model) {
  for (const KnownDifference& k : kKnown) {
    if (model == k.model) return &k;
  }
  return nullptr;
}

const LiteRtLimit* FindLiteRtLimit(absl::string_view model) {
  for (const LiteRtLimit& l : kLimits) {
    if (absl::StartsWith(model, l.model_prefix)) return &l;
  }
  return nullptr;
}

}  // namespace tfconv
