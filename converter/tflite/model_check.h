// Structural checks of the TFLite model IR that both the flatbuffer reader (on untrusted files)
// and the writer (on what the converter built) rely on: every index in range, every options union
// either empty or holding a value of a known type. Messages name the subgraph, operator and tensor.
//
//   absl::Status s = CheckModelStructure(model);
//   if (!s.ok()) return s;   // e.g. "subgraph 0 ('main'), operator 3 (CONV_2D): input 1 refers to
//                            //       tensor 57, but the subgraph has 40 tensors"
#ifndef TFCONV_CONVERTER_TFLITE_MODEL_CHECK_H_
#define TFCONV_CONVERTER_TFLITE_MODEL_CHECK_H_

#include <string>

#include "absl/status/status.h"
#include "converter/tflite/model_ir.h"

namespace tfconv {

absl::Status CheckModelStructure(const TflModel& model);

// "ADD", or "BUILTIN_207" for a code this schema does not name.
std::string BuiltinOperatorName(tflite::BuiltinOperator op);
// "CONV_2D", "CUSTOM(MyOp)".
std::string OperatorCodeName(const TflOperatorCode& code);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_TFLITE_MODEL_CHECK_H_
