// tflite_validate's core: runs a .tflite in the reference interpreter the way a hardware profile's
// target computes (profile.h numeric_mode), runs a reference on the same inputs, and reports per
// output the errors against the profile's tolerance and per operator whether the target runs it.
//
//   ValidationSetup s;
//   s.model = std::make_shared<const TflModel>(*ReadModelFile("m.tflite"));
//   s.evaluator = evaluator.get();        // the source graph (GraphEvaluator), or instead
//   // s.reference_model = ...;           // another .tflite (the official converter's)
//   s.profile = *LoadProfile("gpu_fp16");
//   absl::StatusOr<ValidationReport> r = Validate(s);
//   r->passed();                          // outputs within tolerance and every op allowed
//   std::cout << r->ToText();             // or r->ToJson()
//
// Inputs: those `inputs` gives (matched to the model's by name, else by position), the shared
// default pattern for the rest; the reference gets the same values, paired by name or position.
// Numeric modes of the model under test (the reference always computes in float32):
// - "fp32": as the model says (float32 ops, integer reference kernels for quantized ops);
// - "fp16_emulated": float32 model inputs, float32 constants and every float32 op output are
//   rounded to float16 (to nearest even) and back, so the error of half-precision storage shows;
//   the arithmetic inside each op stays float32;
// - "int8_only": as fp32; a float model is refused by the profile check (each float op is listed
//   with its reason), its numbers are still reported.
// Tolerance per output: the profile's float tolerance; when either side is quantized, max_lsb
// steps of its (largest) scale as the absolute bound with the quantized min_cosine.
#ifndef TFCONV_RUNTIME_CHECK_VALIDATE_VALIDATION_H_
#define TFCONV_RUNTIME_CHECK_VALIDATE_VALIDATION_H_

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"
#include "ops/op_registry.h"
#include "runtime_check/compare/tensor_compare.h"
#include "runtime_check/evaluator/graph_evaluator.h"
#include "runtime_check/io/tensor_io.h"
#include "runtime_check/profiles/compat_check.h"
#include "runtime_check/profiles/profile.h"

namespace tfconv {

struct ValidationSetup {
  std::shared_ptr<const TflModel> model;  // the model under test
  std::string model_name;                 // for the report ("mnist.tflite")
  // The reference: exactly one of these.
  const GraphEvaluator* evaluator = nullptr;        // the source graph
  std::shared_ptr<const TflModel> reference_model;  // another .tflite, run in float32
  std::string reference_name;
  std::vector<TensorSource> inputs;  // given inputs (io/tensor_io.h); the rest: default pattern
  std::string inputs_name;           // where they came from, for the report
  HardwareProfile profile;
  // The signature of `model` (and of reference_model) to run; empty: the only one, else subgraph 0.
  std::string signature_key;
  const OpRegistry* plugins = nullptr;  // custom-op kernels of loaded plugins; may be null
};

struct OutputCheck {
  TensorComparison comparison;
  Tolerance tolerance;  // what this output was held to
  bool quantized = false;
};

struct ValidationReport {
  std::string model, reference;
  bool reference_is_source = false;  // the source graph; else another .tflite
  std::string profile, profile_file, numeric_mode;
  // For an int8_only profile and a model with float operators: the refusal in one sentence.
  std::string numeric_note;
  std::string inputs_from;          // "default pattern" or the file
  std::vector<std::string> inputs;  // "image FLOAT32[1,28,28,1]"
  std::vector<OutputCheck> outputs;
  std::string output_failure;       // outputs could not all be paired; "" otherwise
  CompatReport compat;

  bool numerics_passed() const;
  bool passed() const { return numerics_passed() && compat.compatible(); }
  std::string ToText() const;
  nlohmann::json ToJson() const;
};

// Errors (a model the interpreter cannot run, inputs that do not fit, a source graph that cannot
// be evaluated, tensors that cannot be paired) name the model and what is wrong.
absl::StatusOr<ValidationReport> Validate(const ValidationSetup& setup);

// The tolerance an output is held to under `profile` (see above).
Tolerance ToleranceFor(const CompareOperand& actual, const CompareOperand& expected,
                          const HardwareProfile& profile);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_VALIDATE_VALIDATION_H_
