// Which tensor of a quantized model stands for which tensor of its float model, so the debugger can
// compare them. Quantizers keep most names; where they do not, the pairing follows what they do:
//
//   1. the same name;
//   2. the name with a quantizer's suffix removed ("input_1_int8" -> "input_1"; also _uint8, _int16,
//      _int32, _float16, _quantized, _dequantized, ...), the official tools' renaming of model I/O;
//   3. model inputs and outputs still unpaired, by position;
//   4. the output of a QUANTIZE or DEQUANTIZE whose input is paired stands for the same float tensor
//      (float I/O around an int8 model, float16 weights behind a DEQUANTIZE, requantization).
//
//   TensorPairing p = PairTensors(float_model, 0, quant_model, 0);
//   for (const TensorPair& pair : p.pairs) { ... pair.float_tensor, pair.quant_tensor, pair.how ... }
//   int q = p.preferred[float_index];   // the quantized tensor that best stands for it, or -1
#ifndef TFCONV_QUANTIZATION_DEBUG_TENSOR_PAIRING_H_
#define TFCONV_QUANTIZATION_DEBUG_TENSOR_PAIRING_H_

#include <string>
#include <vector>

#include "converter/tflite/model_ir.h"

namespace tfconv {

struct TensorPair {
  int float_tensor = -1;  // index in the float subgraph
  int quant_tensor = -1;  // index in the quantized subgraph
  std::string how;        // "name", "name without '_int8'", "QUANTIZE output", "input position 0"...
};

struct TensorPairing {
  std::vector<TensorPair> pairs;  // in quantized-tensor order; a float tensor may have several
  // Per float tensor: the paired quantized tensor that best represents it (an integer-typed one
  // before a float copy, then the one paired by name), or -1.
  std::vector<int> preferred;
  // Per quantized tensor: its float tensor, or -1.
  std::vector<int> float_of_quant;
  // Per float / quantized tensor: the operator producing it, or -1 (inputs, constants).
  std::vector<int> float_producer, quant_producer;
};

// Never fails: tensors that cannot be paired are left out (float_of_quant -1).
TensorPairing PairTensors(const TflModel& float_model, int float_subgraph, const TflModel& quant_model,
                          int quant_subgraph);

// `name` without one of the suffixes quantizers append ("x_int8" -> "x"); `name` when it has none.
std::string WithoutQuantSuffix(const std::string& name);

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_DEBUG_TENSOR_PAIRING_H_
