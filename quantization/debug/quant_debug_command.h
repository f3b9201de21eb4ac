// `tflite_validate --quant_debug`: the quantization debugger as a command. Reads both models and the
// inputs, runs DebugQuantization (quant_debugger.h), prints the text report, writes the JSON one.
//
//   tflite_validate --quant_debug --tflite=m_int8.tflite --reference_tflite=m.tflite
//       [--inputs=x.json|x.npy|x.raw] [--representative_dataset=DIR|FILE.json]
//       [--quant_debug_json=report.json] [--quant_debug_tolerance=0.01]
//
//   QuantDebugCommand c;
//   c.quant_path = "m_int8.tflite";  c.float_path = "m.tflite";
//   int code = RunQuantDebugCommand(c, std::cout, std::cerr);   // 0 within tolerance, 3 not, 1 error
//
// Samples: --inputs gives one (files matched to the float model's inputs; when they fit the quantized
// model's integer inputs instead, e.g. an int8 raw file, they are dequantized for the float model);
// --representative_dataset gives many (quantization/calibration/representative_dataset.h); neither:
// the shared default input pattern. The suggested denylist is checked by quantizing the float model
// again (requantize.h; calibrated on the same samples when it records no ranges).
#ifndef TFCONV_QUANTIZATION_DEBUG_QUANT_DEBUG_COMMAND_H_
#define TFCONV_QUANTIZATION_DEBUG_QUANT_DEBUG_COMMAND_H_

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "quantization/debug/quant_debugger.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

struct QuantDebugCommand {
  std::string quant_path, float_path;
  std::string inputs;                  // comma-separated tensor files; may be empty
  std::string representative_dataset;  // may be empty
  std::string json_path;               // where to write the JSON report; empty: none
  std::optional<double> tolerance;
  std::string signature_key;  // the signature to run in both models; empty: the only one, else subgraph 0
  int max_rows = 20;
  int max_candidates = 64;
  // Check the suggested denylist by quantizing the float model again with it (requantize.h).
  bool verify = true;
};

// Exit status: 0 the outputs are within tolerance, 3 they are not, 1 an error (message on `err`).
int RunQuantDebugCommand(const QuantDebugCommand& command, std::ostream& out, std::ostream& err);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_DEBUG_QUANT_DEBUG_COMMAND_H_
