#include "quantization/tools/quantization_request.h"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "re2/re2.h"

namespace tfconv {
namespace {

using T = tflite::TensorType;

constexpr char kInt16x8Target[] = "EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8";

absl::Status FlagError(absl::string_view message) { return absl::InvalidArgumentError(message); }

// The comma-separated entries of a flag, upper-cased, without a "tf." / "tf.lite.OpsSet." prefix
// (so the Python spellings are accepted too).
std::vector<std::string> Entries(const std::string& value, absl::string_view prefix_to_drop) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
    std::string v = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(part));
    if (absl::StartsWith(v, "TF.")) v = v.substr(3);
    if (!prefix_to_drop.empty() && absl::StartsWith(v, prefix_to_drop)) v = v.substr(prefix_to_drop.size());
    out.push_back(v);
  }
  return out;
}

absl::StatusOr<T> InferenceType(const std::string& flag, const std::string& value) {
  if (value.empty()) return T::FLOAT32;
  const std::vector<std::string> entries = Entries(value, "");
  const std::string v = entries.size() == 1 ? entries[0] : "";
  if (v == "FLOAT32" || v == "FLOAT") return T::FLOAT32;
  if (v == "INT8") return T::INT8;
  if (v == "UINT8" || v == "QUANTIZED_UINT8") return T::UINT8;
  if (v == "INT16") return T::INT16;
  return FlagError(absl::StrCat("--", flag, "=", value, ": unknown type; use FLOAT32, INT8, UINT8 or INT16"));
}

const char* TypeFlagName(T type) {
  switch (type) {
    case T::INT8: return "INT8";
    case T::UINT8: return "UINT8";
    case T::INT16: return "INT16";
    default: return "FLOAT32";
  }
}

}  // namespace

absl::StatusOr<QuantizationRequest> QuantizationRequestFromFlags(const QuantizationFlags& flags) {
  QuantizationRequest request;
  request.representative_dataset = flags.representative_dataset;
  request.signature_key = flags.representative_dataset_signature;

  // --optimizations
  bool optimize = false;
  for (const std::string& o : Entries(flags.optimizations, "LITE.OPTIMIZE.")) {
    if (o == "DEFAULT" || o == "OPTIMIZE_FOR_SIZE" || o == "OPTIMIZE_FOR_LATENCY") {
      optimize = true;
    } else if (o == "EXPERIMENTAL_SPARSITY") {
      return FlagError("--optimizations=EXPERIMENTAL_SPARSITY is not supported (no sparse weights are written); "
                       "use --optimizations=DEFAULT");
    } else {
      return FlagError(absl::StrCat("--optimizations: unknown optimization '", o,
                                    "'; use DEFAULT (OPTIMIZE_FOR_SIZE and OPTIMIZE_FOR_LATENCY are accepted as "
                                    "its deprecated aliases, as the official converter does)"));
    }
  }

  // --target_ops (official default: TFLITE_BUILTINS)
  std::set<std::string> ops;
  for (const std::string& o : Entries(flags.target_ops, "LITE.OPSSET.")) {
    if (o == "TFLITE_BUILTINS" || o == "TFLITE_BUILTINS_INT8" || o == kInt16x8Target) {
      ops.insert(o);
    } else if (o == "SELECT_TF_OPS") {
      return FlagError("--target_ops=SELECT_TF_OPS is not supported: this converter writes no Select-TF (Flex) ops; "
                       "--allow_custom_ops keeps ops it cannot convert as custom ops");
    } else {
      return FlagError(absl::StrCat("--target_ops: unknown op set '", o, "'; use TFLITE_BUILTINS, TFLITE_BUILTINS_INT8 or ",
                                    kInt16x8Target, " (comma-separated)"));
    }
  }
  const bool ops_given = !ops.empty();
  if (!ops_given) ops.insert("TFLITE_BUILTINS");

  // --supported_types
  std::set<std::string> types;
  for (const std::string& t : Entries(flags.supported_types, "")) {
    if (t == "FLOAT16" || t == "INT8") {
      types.insert(t);
    } else {
      return FlagError(absl::StrCat("--supported_types: '", absl::AsciiStrToLower(t),
                                    "' is not supported; use float16 or int8"));
    }
  }

  absl::StatusOr<T> input_type = InferenceType("inference_input_type", flags.inference_input_type);
  if (!input_type.ok()) return input_type.status();
  absl::StatusOr<T> output_type = InferenceType("inference_output_type", flags.inference_output_type);
  if (!output_type.ok()) return output_type.status();

  if (!flags.quantize_denylist.empty()) {
    RE2 re(flags.quantize_denylist, RE2::Quiet);
    if (!re.ok()) {
      return FlagError(absl::StrCat("--quantize_denylist='", flags.quantize_denylist, "' is no valid RE2 pattern: ",
                                    re.error()));
    }
  }

  const bool has_dataset = !flags.representative_dataset.empty();
  if (!has_dataset && !flags.representative_dataset_signature.empty()) {
    return FlagError("--representative_dataset_signature names the signature a dataset feeds: it needs "
                     "--representative_dataset=PATH");
  }
  const bool has_ranges = has_dataset || flags.model_calibrated;
  const bool int16x8 = ops.count(kInt16x8Target) > 0;
  // As the official converter: int8 types alone make the int8 op set the only target.
  if (types == std::set<std::string>{"INT8"}) {
    if (ops_given && ops.count("TFLITE_BUILTINS_INT8") == 0 && !int16x8) {
      return FlagError("--supported_types=int8 asks for integer-only int8 ops; it cannot be combined with "
                       "--target_ops=TFLITE_BUILTINS alone (drop one of them)");
    }
    if (!int16x8) ops = {"TFLITE_BUILTINS_INT8"};
  }
  const bool int8_required = ops.count("TFLITE_BUILTINS_INT8") > 0;
  const bool allow_float = ops.count("TFLITE_BUILTINS") > 0;
  if (ops == std::set<std::string>{"TFLITE_BUILTINS_INT8"} && !types.empty() && types != std::set<std::string>{"INT8"}) {
    return FlagError("--target_ops=TFLITE_BUILTINS_INT8 alone asks for full integer quantization: leave "
                     "--supported_types out or set it to int8");
  }

  if (!optimize) {
    std::string what;
    if (has_dataset) what = "--representative_dataset";
    else if (ops_given && (int8_required || int16x8)) what = absl::StrCat("--target_ops=", flags.target_ops);
    else if (!types.empty()) what = absl::StrCat("--supported_types=", flags.supported_types);
    else if (*input_type != T::FLOAT32) what = absl::StrCat("--inference_input_type=", flags.inference_input_type);
    else if (*output_type != T::FLOAT32) what = absl::StrCat("--inference_output_type=", flags.inference_output_type);
    else if (!flags.quantize_denylist.empty()) what = "--quantize_denylist";
    if (!what.empty()) {
      return FlagError(absl::StrCat(what, " needs --optimizations=DEFAULT, which turns quantization on"));
    }
    return request;  // kNone
  }

  QuantizeOptions& o = request.options;
  o.denylist_regex = flags.quantize_denylist;
  const bool int8_smallest = types.empty() || types.count("INT8") > 0;
  if (int16x8 || int8_required) {
    if (!has_ranges) {
      return FlagError(absl::StrCat(
          "full integer quantization (--target_ops=", int16x8 ? kInt16x8Target : "TFLITE_BUILTINS_INT8",
          ") needs calibration data: give --representative_dataset=PATH"));
    }
  }
  if (int16x8 && has_ranges) {
    o.mode = QuantizationMode::kInt16x8;
    o.integer_only = !allow_float;
  } else if (has_ranges && int8_required && !allow_float) {
    o.mode = QuantizationMode::kInt8;
    o.integer_only = true;
  } else if (has_ranges && int8_smallest) {
    o.mode = QuantizationMode::kInt8;
    o.integer_only = false;
  } else if (int8_smallest) {
    o.mode = QuantizationMode::kDynamicRange;
  } else {
    o.mode = QuantizationMode::kFloat16;
  }

  o.inference_input_type = *input_type;
  o.inference_output_type = *output_type;
  for (auto [flag, type] : {std::pair<const char*, T>{"inference_input_type", *input_type},
                            std::pair<const char*, T>{"inference_output_type", *output_type}}) {
    if (type == T::FLOAT32) continue;
    if (o.mode == QuantizationMode::kInt8 && type == T::INT16) {
      return FlagError(absl::StrCat("--", flag, "=INT16 needs 16x8 quantization (--target_ops=", kInt16x8Target,
                                    "); int8 quantization allows FLOAT32, INT8 or UINT8"));
    }
    if (o.mode == QuantizationMode::kInt16x8 && type != T::INT16) {
      return FlagError(absl::StrCat("--", flag, "=", TypeFlagName(type),
                                    ": 16x8 quantization allows FLOAT32 or INT16"));
    }
    if (o.mode != QuantizationMode::kInt8 && o.mode != QuantizationMode::kInt16x8) {
      return FlagError(absl::StrCat("--", flag, "=", TypeFlagName(type),
                                    " needs full integer quantization, which needs calibration data: give "
                                    "--representative_dataset=PATH (the mode would be ",
                                    QuantizationModeName(o.mode), ")"));
    }
  }
  return request;
}

bool HasCalibratedRanges(const TflModel& model) {
  // Every activation must have its range: a model with ranges on a few tensors (fake-quant ranges
  // kept by an old converter) is not calibrated, and gets dynamic range like any float model.
  bool any = false;
  for (const TflSubgraph& g : model.subgraphs) {
    std::vector<bool> used(g.tensors.size(), false);
    for (const TflOperator& op : g.operators) {
      for (int32_t t : op.inputs) if (t >= 0 && static_cast<size_t>(t) < used.size()) used[t] = true;
      for (int32_t t : op.outputs) if (t >= 0 && static_cast<size_t>(t) < used.size()) used[t] = true;
    }
    for (size_t i = 0; i < g.tensors.size(); ++i) {
      const TflTensor& t = g.tensors[i];
      const bool constant = t.buffer != 0 && t.buffer < model.buffers.size() && !model.buffers[t.buffer].data.empty();
      if (!used[i] || t.type != T::FLOAT32 || constant) continue;
      if (std::find(t.shape.begin(), t.shape.end(), 0) != t.shape.end()) continue;  // omitted optional input
      if (!t.quantization || t.quantization->min.empty() || t.quantization->max.empty()) return false;
      any = true;
    }
  }
  return any;
}

}  // namespace tfconv
