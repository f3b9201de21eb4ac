#include "runtime_check/real_models/model_inputs.h"

#include "absl/strings/str_cat.h"

namespace tfconv {
namespace {

struct ExplicitInputs {
  const char* model;
  const char* json;  // the shared JSON form
  const char* why;
};

// Each entry says why the default pattern does not fit.
constexpr ExplicitInputs kExplicit[] = {
    {"litert/quant_testdata/quantized_with_gather.bin", R"({"arg0": {"data": [0, 11]}})",
     "GATHER indices into 12 rows; the pattern starts at -3, which TFLite and we both refuse"},
};

}  // namespace

absl::StatusOr<std::vector<TensorSource>> SpecialInputs(const std::string& label, const TflModel& model,
                                                        int subgraph) {
  for (const ExplicitInputs& e : kExplicit) {
    if (label == e.model) return ParseTensorsJson(e.json, absl::StrCat("inputs for ", label));
  }
  // A TRANSPOSE_CONV output shape fed as a model input: the pattern is no shape, so give the static
  // shape of the op's output (the model's own expectation).
  std::vector<TensorSource> out;
  const TflSubgraph& g = model.subgraphs[subgraph];
  for (const TflOperator& op : g.operators) {
    if (model.CodeOf(op).builtin_code != tflite::BuiltinOperator::TRANSPOSE_CONV || op.inputs.empty() ||
        op.outputs.empty() || op.inputs[0] < 0 || op.outputs[0] < 0) {
      continue;
    }
    bool is_input = false;
    for (int32_t i : g.inputs) is_input |= i == op.inputs[0];
    if (!is_input) continue;
    TensorSource s;
    s.name = g.tensors[op.inputs[0]].name;
    s.origin = absl::StrCat("output shape of TRANSPOSE_CONV '", g.tensors[op.outputs[0]].name, "'");
    std::vector<InputNumber> dims;
    for (int32_t d : g.tensors[op.outputs[0]].shape) dims.push_back({static_cast<double>(d), d, true});
    s.numbers = std::move(dims);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace tfconv
