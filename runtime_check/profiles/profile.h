// Hardware profiles: what a target runtime accepts, as data. Each profile is a JSON file in this
// folder (cpu.json, gpu_fp16.json, edgetpu.json, tflm.json; the schema is in README.md, the facts'
// sources in SOURCES.md): the builtin ops it runs with their version ranges and constraints, the
// tensor types, whether shapes may be dynamic, a memory limit, and the tolerances a validator
// should use when it compares this target's outputs with the reference.
//
//   absl::StatusOr<HardwareProfile> p = LoadProfile("edgetpu");          // by name
//   absl::StatusOr<HardwareProfile> q = LoadProfile("/tmp/my_npu.json"); // or by path
//   if (!p.ok()) return p.status();     // names the file and the field that is wrong
//   CompatReport r = CheckModel(model, *p);                               // compat_check.h
//
// Profiles by name are looked up in, in order: ProfileSearch::dirs, $TFCONV_PROFILE_DIR (a
// colon-separated list), the runfiles tree (<runfiles>/tfconv/runtime_check/profiles) and
// <directory of the executable>/profiles.
#ifndef TFCONV_RUNTIME_CHECK_PROFILES_PROFILE_H_
#define TFCONV_RUNTIME_CHECK_PROFILES_PROFILE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"

namespace tfconv {

// The value of the "schema" field every profile file starts with.
inline constexpr char kProfileSchema[] = "tfconv-hardware-profile/1";

// How a validator compares one output of this target with the reference run. Applied to each
// output tensor separately.
struct OutputTolerance {
  double max_abs = 0;     // float outputs: every |got - want| <= max_abs + max_rel * |want|
  double max_rel = 0;
  double min_cosine = 1;  // cosine similarity of the whole output with the reference
  int max_lsb = 0;        // quantized outputs: largest difference in quantized steps
};

// The constraints on one builtin op. Unset fields do not constrain.
struct OpRule {
  tflite::BuiltinOperator op = tflite::BuiltinOperator::ADD;
  std::string name;         // "CONV_2D"
  int min_version = 1;
  int max_version = 0;      // 0: no upper bound
  // Types of runtime (non-constant) inputs and of outputs; when unset the profile's
  // tensor_types apply. input_types_at overrides input_types for the given input index.
  std::optional<std::vector<tflite::TensorType>> input_types;
  std::map<int, std::vector<tflite::TensorType>> input_types_at;
  std::optional<std::vector<tflite::TensorType>> output_types;
  int min_rank = 0, max_rank = 0;  // of every input and output; 0: unconstrained
  std::vector<int> input0_ranks;   // allowed ranks of input 0; empty: any
  std::vector<int> const_inputs;   // input indices that must be constant (weights, axes...)
  std::vector<int> nonconst_inputs;  // input indices that must not be constant
  int min_runtime_inputs = -1, max_runtime_inputs = -1;  // -1: unconstrained
  std::optional<std::vector<tflite::ActivationFunctionType>> fused_activations;
  int max_stride = 0, max_dilation = 0, max_filter = 0;  // 0: unconstrained
  bool same_dilation_hw = false;   // dilation_h == dilation_w
  bool batch_one = false;          // dim 0 of input 0 must be 1
  bool no_batch_axis = false;      // the op must not reduce/split/pack/pad along axis 0
  int64_t max_input_elements = 0;  // of input 0; 0: unconstrained
  std::vector<std::string> requirements;  // JSON "requires": named checks (op_requirements.h)
  std::string note;                // the source's wording, shown with failures
};

struct HardwareProfile {
  std::string name;
  std::string description;
  std::string file;  // where it was loaded from ("" when parsed from a string)
  std::vector<std::string> sources;
  std::vector<std::string> notes;
  // "fp32": float ops in float32, quantized ops with the integer reference kernels;
  // "fp16_emulated": as fp32 but float tensors are rounded to float16 between ops;
  // "int8_only": only 8-bit quantized arithmetic runs on the target.
  std::string numeric_mode;
  // Whose integer kernels the target runs where LiteRT and TFLite Micro round differently (today the
  // integer LSTM): "litert" (default) or "tflite_micro".
  std::string kernel_numerics = "litert";
  OutputTolerance float_tolerance;
  OutputTolerance quantized_tolerance;
  std::vector<tflite::TensorType> tensor_types;    // runtime tensors; empty: any
  std::vector<tflite::TensorType> constant_types;  // constant tensors; empty: any
  bool dynamic_shapes = true;
  int max_rank = 0;           // 0: unconstrained
  int max_non_unit_dims = 0;  // only this many innermost dims may exceed 1; 0: unconstrained
  int max_subgraphs = 0;      // 0: unconstrained
  int64_t arena_bytes = 0;    // activation arena limit; 0: none
  int arena_alignment = 16;   // bytes each arena buffer is aligned to
  std::vector<std::string> custom_ops;  // custom op names the target runs
  std::vector<OpRule> ops;

  const OpRule* FindOp(tflite::BuiltinOperator op) const;
};

// Parses a profile from JSON text. `file` names the source in error messages, which also name
// the field: "profile edgetpu.json: ops[3] (CONV_2D).max_stride: expected an integer, got a string".
absl::StatusOr<HardwareProfile> ParseProfile(const std::string& json_text, const std::string& file);

struct ProfileSearch {
  std::vector<std::string> dirs;   // searched first
  bool search_environment = true;  // $TFCONV_PROFILE_DIR
  bool search_runfiles = true;
  bool search_executable_dir = true;
};

// `name_or_path` is a profile name ("edgetpu": [a-z0-9_]+) or a path to a .json file (anything
// with a '/' or ending in ".json"). A name that no directory holds is NotFound and lists the
// directories searched and the known profiles.
absl::StatusOr<HardwareProfile> LoadProfile(const std::string& name_or_path,
                                            const ProfileSearch& search = {});

// The directories searched for profiles by name, in order (existing ones only).
std::vector<std::string> ProfileDirs(const ProfileSearch& search = {});
// The names of the profiles found in those directories, sorted.
std::vector<std::string> KnownProfiles(const ProfileSearch& search = {});

// Small helpers shared by the checks and the analyzer.
std::string TensorTypeName(tflite::TensorType type);            // "FLOAT32"
std::optional<tflite::TensorType> TensorTypeFromName(const std::string& name);
std::string BuiltinName(tflite::BuiltinOperator op);            // "CONV_2D"
std::optional<tflite::BuiltinOperator> BuiltinFromName(const std::string& name);
std::string ActivationName(tflite::ActivationFunctionType act);  // "RELU6"
// Bytes of one element; 0 when the type has no fixed byte size (STRING, RESOURCE, INT4...).
int TensorTypeBytes(tflite::TensorType type);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_PROFILES_PROFILE_H_
