// Human- and machine-readable descriptions of a TFLite model (the `tflite_inspect` tool):
// operator codes, subgraphs with every operator (builtin name, version, inputs and outputs by
// tensor name), every tensor (type, shape, shape signature, buffer size, quantization), signatures,
// metadata and buffers.
//
//   absl::StatusOr<TflModel> model = ReadModelFile(path);
//   std::cout << DescribeModel(*model);       // text
//   std::cout << DescribeModelJson(*model);   // one JSON object, stable key order
#ifndef TFCONV_CONVERTER_TFLITE_MODEL_PRINTER_H_
#define TFCONV_CONVERTER_TFLITE_MODEL_PRINTER_H_

#include <string>

#include "converter/tflite/model_ir.h"

namespace tfconv {

std::string DescribeModel(const TflModel& model);
std::string DescribeModelJson(const TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_TFLITE_MODEL_PRINTER_H_
