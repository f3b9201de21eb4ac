// The oldest TFLite runtime that can run a model: the newest of the runtime versions that
// introduced each (builtin, version) the model uses, from the official table
// (tensorflow/lite/tools/versioning/runtime_version.cc). The official converter stores it as the
// "min_runtime_version" metadata entry: a 16-byte buffer holding the string, zero padded.
//
//   AssignOperatorVersions(model);          // op_version.h: versions first
//   SetMinRuntimeVersionMetadata(model);    // e.g. "1.14.0" for a model with ADD v2
#ifndef TFCONV_CONVERTER_TFLITE_RUNTIME_VERSION_H_
#define TFCONV_CONVERTER_TFLITE_RUNTIME_VERSION_H_

#include <string>

#include "converter/tflite/model_ir.h"

namespace tfconv {

inline constexpr char kMinRuntimeVersionMetadata[] = "min_runtime_version";

// "1.14.0"; "" when the table has no entry for that builtin and version (and for custom ops).
std::string RuntimeVersionOf(tflite::BuiltinOperator op, int version);

// True when runtime version `a` is older than `b`, comparing dot-separated numbers ("2.9.0" is
// older than "2.10.0"); "" is older than any version.
bool RuntimeVersionOlder(const std::string& a, const std::string& b);

// The newest RuntimeVersionOf over the model's operators; "" when none is in the table.
std::string MinRuntimeVersion(const TflModel& model);

// Adds (or refreshes) the "min_runtime_version" metadata entry: a new 16-byte buffer holding
// MinRuntimeVersion(model) zero padded (all zeros when the string would not fit, as the official
// converter leaves it).
void SetMinRuntimeVersionMetadata(TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_TFLITE_RUNTIME_VERSION_H_
