// A quantization request: the options (quantize.h), where calibration samples come from and a
// progress callback; and the mode decision from the official converter's flag family. Shared by the
// converter API (ConversionRequest::quantization), tflite_convert and tflite_quantize.
//
//   QuantizationFlags flags;                        // the flags as the user gave them
//   flags.optimizations = "DEFAULT";
//   flags.representative_dataset = "calib/";
//   absl::StatusOr<QuantizationRequest> request = QuantizationRequestFromFlags(flags);  // int8, float fallback
//   absl::StatusOr<QuantizeReport> report = ApplyQuantization(model, *request);  // apply_quantization.h
//
// The mode, as the official TFLiteConverter decides it (tflite/python/lite.py, QuantizationMode):
//   --optimizations=DEFAULT (or the deprecated OPTIMIZE_FOR_SIZE / OPTIMIZE_FOR_LATENCY)
//     + no dataset                                  -> dynamic range
//     + --supported_types=float16                   -> float16 (a dataset is not used)
//     + a dataset                                   -> int8, float fallback for ops without an int8 kernel
//     + a dataset, --target_ops=TFLITE_BUILTINS_INT8 (alone, or --supported_types=int8)  -> int8 only
//     + a dataset, --target_ops=EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8
//                                                   -> 16x8 (float fallback when TFLITE_BUILTINS is
//                                                      also a target, integer only otherwise)
// "A dataset" is also a model that already carries calibrated ranges (tflite_quantize on a
// calibrated model). Where the official converter silently ignores a flag, this is an error naming
// it: a dataset, integer target, integer inference type or denylist without --optimizations; an
// integer target without a dataset; an inference type the mode does not allow. SELECT_TF_OPS is
// refused (this converter writes no Flex ops), as are supported types other than float16 and int8.
#ifndef TFCONV_QUANTIZATION_TOOLS_QUANTIZATION_REQUEST_H_
#define TFCONV_QUANTIZATION_TOOLS_QUANTIZATION_REQUEST_H_

#include <cstddef>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "quantization/options.h"

namespace tfconv {

struct QuantizationRequest {
  QuantizeOptions options;  // mode kNone: the model stays float
  // The representative dataset (quantization/calibration/representative_dataset.h gives the
  // formats). The full-integer modes need one, unless the model already carries calibrated ranges.
  std::string representative_dataset;
  // The signature whose subgraph the dataset feeds; empty: the only signature, or subgraph 0.
  std::string signature_key;
  // Called after each calibration sample.
  std::function<void(size_t done, size_t total)> calibration_progress;
};

// The flag values as given ("" when a flag is not given). Names are matched without regard to case;
// lists are comma-separated.
struct QuantizationFlags {
  std::string optimizations;           // DEFAULT, OPTIMIZE_FOR_SIZE, OPTIMIZE_FOR_LATENCY
  std::string representative_dataset;  // a path
  std::string representative_dataset_signature;  // QuantizationRequest::signature_key
  std::string target_ops;              // TFLITE_BUILTINS, TFLITE_BUILTINS_INT8, EXPERIMENTAL_..._INT16_WEIGHTS_INT8
  std::string supported_types;         // float16, int8
  std::string inference_input_type;    // FLOAT32, INT8, UINT8, INT16
  std::string inference_output_type;
  std::string quantize_denylist;       // an RE2 pattern
  // The model already carries calibrated ranges (HasCalibratedRanges), so full-integer modes need
  // no dataset.
  bool model_calibrated = false;
};

// Fails with a message naming the flag for a bad value or an inconsistent combination.
absl::StatusOr<QuantizationRequest> QuantizationRequestFromFlags(const QuantizationFlags& flags);

// True when every non-constant FLOAT32 tensor that an operator reads or writes has a recorded min
// and max (the form calibration and the official calibrator write). A model with ranges on only some
// tensors is not calibrated.
bool HasCalibratedRanges(const TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_TOOLS_QUANTIZATION_REQUEST_H_
