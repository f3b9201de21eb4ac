// Operator versions: which version of a builtin kernel an operator needs, from its tensors' types,
// ranks and quantization and from its options, following the official rules
// (tensorflow/lite/tools/versioning/op_version.cc; LiteRT's copy for newer versions). A runtime
// refuses versions it does not know, so an operator gets the lowest version that covers what it
// uses.
//
//   TflModel model = ...;            // operator codes created with version 1 by the lowering
//   AssignOperatorVersions(model);   // e.g. an int8 ADD becomes ADD v2, FC with keep_num_dims v5
#ifndef TFCONV_CONVERTER_TFLITE_OP_VERSION_H_
#define TFCONV_CONVERTER_TFLITE_OP_VERSION_H_

#include "converter/tflite/model_ir.h"

namespace tfconv {

// The version one operator of `graph` needs. Custom operators and builtins without rules: 1.
// Tolerates any IR (missing or out-of-range tensors count as "no tensor").
int BuiltinOperatorVersion(const TflModel& model, const TflSubgraph& graph, const TflOperator& op);

// Sets every operator's version to max(its code's version, the version its use needs) and
// rebuilds `operator_codes` so that each distinct (builtin, custom code, version) appears once, in
// order of first use (subgraphs, then operators, in order); codes no operator uses are dropped.
// Leaves the model unchanged when an operator's opcode index is out of range (the writer reports
// it).
void AssignOperatorVersions(TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_TFLITE_OP_VERSION_H_
