// Inputs for the real models on which the shared default pattern is not a valid input: index
// inputs whose pattern values (-3, -2, ...) are out of range, and TRANSPOSE_CONV output shapes
// given as model inputs. Everything else gets the default pattern.
#ifndef TFCONV_RUNTIME_CHECK_REAL_MODELS_MODEL_INPUTS_H_
#define TFCONV_RUNTIME_CHECK_REAL_MODELS_MODEL_INPUTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "runtime_check/io/tensor_io.h"

namespace tfconv {

// The inputs to give instead of the pattern (by name; inputs not listed keep the pattern).
// `label` is the model's path under testdata/real.
absl::StatusOr<std::vector<TensorSource>> SpecialInputs(const std::string& label, const TflModel& model,
                                                        int subgraph);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_REAL_MODELS_MODEL_INPUTS_H_
