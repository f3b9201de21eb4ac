// What to quantize and how: the optimization flag family of tflite_convert / tflite_quantize, as one
// struct that the converter, the command lines and the C++ API share.
//
//   QuantizeOptions options;
//   options.mode = QuantizationMode::kInt8;              // --optimizations=DEFAULT + a dataset
//   options.inference_input_type = tflite::TensorType::INT8;
//   options.denylist_regex = "head/.*";                  // those ops and tensors stay float
//   absl::StatusOr<QuantizeReport> report = QuantizeModel(model, options);   // quantize.h
#ifndef TFCONV_QUANTIZATION_OPTIONS_H_
#define TFCONV_QUANTIZATION_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "converter/schema/tflite_schema_generated.h"

namespace tfconv {

enum class QuantizationMode {
  kNone,
  // Weights int8 symmetric (per-channel for CONV_2D / DEPTHWISE_CONV_2D), activations float; hybrid
  // kernels where LiteRT has them, a DEQUANTIZE elsewhere. Needs no data.
  kDynamicRange,
  // Weights float16 behind DEQUANTIZE.
  kFloat16,
  // Full integer: activations int8 asymmetric from calibrated min/max, weights int8, bias int32.
  kInt8,
  // Activations int16 symmetric, weights int8, bias int64.
  kInt16x8,
};

// "none", "dynamic_range", "float16", "int8", "int16x8".
const char* QuantizationModeName(QuantizationMode mode);

struct QuantizeOptions {
  QuantizationMode mode = QuantizationMode::kNone;
  // Full-integer modes: true when only integer builtins are allowed (--target_ops=TFLITE_BUILTINS_INT8
  // alone, or the 16x8 target alone): an op without an integer kernel is an error naming it. False:
  // such ops stay float between DEQUANTIZE and QUANTIZE.
  bool integer_only = false;
  // Full-integer modes: the type the model's inputs and outputs keep. FLOAT32 puts QUANTIZE /
  // DEQUANTIZE at the boundary; INT8 / UINT8 (or INT16 for 16x8) make the model's I/O integer.
  tflite::TensorType inference_input_type = tflite::TensorType::FLOAT32;
  tflite::TensorType inference_output_type = tflite::TensorType::FLOAT32;
  // RE2 pattern, matched (partially, like RE2::PartialMatch) against operator output tensor names and
  // tensor names: matching operators stay float, matching weights are not quantized. Empty: none.
  std::string denylist_regex;
  // Dynamic range: weights with fewer elements than this stay float (the official 1024).
  int64_t weights_min_num_elements = 1024;
  // Per-tensor weight scales everywhere instead of per channel for CONV_2D / DEPTHWISE_CONV_2D /
  // TRANSPOSE_CONV (the official `_experimental_disable_per_channel`). In dynamic range this is the
  // older hybrid scheme TF <= 2.5 wrote (e.g. the official KWS kws_ref_model_float32.tflite):
  // CONV_2D hybrid with one scale, DEPTHWISE_CONV_2D weights behind a DEQUANTIZE.
  bool disable_per_channel = false;
};

// What quantization did, for the command line and the debugger.
struct QuantizeReport {
  int quantized_operators = 0;               // operators that now run an integer or hybrid kernel
  std::vector<std::string> float_operators;  // "CONV_2D 'name' (reason)" of operators left float
  std::vector<std::string> warnings;
};

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_OPTIONS_H_
