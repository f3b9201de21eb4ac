#include "quantization/full_integer/full_integer.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "converter/tflite/op_version.h"
#include "quantization/full_integer/quant_arith.h"
#include "quantization/full_integer/subgraph_pass.h"
#include "re2/re2.h"

namespace tfconv {
namespace {

using full_integer::ResourcePlan;
using full_integer::SubgraphPass;

using Op = tflite::BuiltinOperator;

// The subgraphs quantized: 0, those of signatures, and the initializers their CALL_ONCE operators
// run (no inputs or outputs, they set resource variables). The others are called by control flow
// (WHILE, IF...), whose operators stay float, so those subgraphs stay float too.
std::set<int> QuantizedSubgraphs(const TflModel& model) {
  std::set<int> entries;
  if (!model.subgraphs.empty()) entries.insert(0);
  for (const TflSignatureDef& sig : model.signature_defs) {
    if (sig.subgraph_index < model.subgraphs.size()) entries.insert(static_cast<int>(sig.subgraph_index));
  }
  std::set<int> all = entries;
  for (int sub : entries) {
    for (const TflOperator& o : model.subgraphs[sub].operators) {
      if (o.opcode_index >= model.operator_codes.size() ||
          model.CodeOf(o).builtin_code != Op::CALL_ONCE) {
        continue;
      }
      const auto* call = o.builtin_options.AsCallOnceOptions();
      if (call != nullptr && call->init_subgraph_index >= 0 &&
          call->init_subgraph_index < static_cast<int>(model.subgraphs.size()) &&
          model.subgraphs[call->init_subgraph_index].inputs.empty() &&
          model.subgraphs[call->init_subgraph_index].outputs.empty()) {
        all.insert(call->init_subgraph_index);
      }
    }
  }
  return all;
}

// Every resource variable's range over all its reads and assignments (in every subgraph), or why
// it stays float.
ResourcePlan PlanResources(const TflModel& model, const std::set<int>& quantized_subgraphs,
                           const re2::RE2* denylist) {
  ResourcePlan plan;
  for (int sub = 0; sub < static_cast<int>(model.subgraphs.size()); ++sub) {
    const TflSubgraph& g = model.subgraphs[sub];
    for (const TflOperator& o : g.operators) {
      if (o.opcode_index >= model.operator_codes.size() ||
          model.CodeOf(o).builtin_code != Op::VAR_HANDLE || o.outputs.empty()) {
        continue;
      }
      const auto* handle = o.builtin_options.AsVarHandleOptions();
      const std::string key = handle == nullptr ? std::string()
                                                : absl::StrCat(handle->container, "/", handle->shared_name);
      plan.handle_key[{sub, o.outputs[0]}] = key;
    }
  }
  for (int sub = 0; sub < static_cast<int>(model.subgraphs.size()); ++sub) {
    const TflSubgraph& g = model.subgraphs[sub];
    const int n = static_cast<int>(g.tensors.size());
    for (const TflOperator& o : g.operators) {
      if (o.opcode_index >= model.operator_codes.size()) continue;
      const Op code = model.CodeOf(o).builtin_code;
      if (code != Op::READ_VARIABLE && code != Op::ASSIGN_VARIABLE) continue;
      const std::vector<int32_t>& list = code == Op::READ_VARIABLE ? o.outputs : o.inputs;
      const size_t pos = code == Op::READ_VARIABLE ? 0 : 1;
      if (o.inputs.empty() || pos >= list.size() || list[pos] < 0 || list[pos] >= n) continue;
      auto key = plan.handle_key.find({sub, o.inputs[0]});
      if (key == plan.handle_key.end()) continue;  // a handle passed in: the op stays float
      const TflTensor& value = g.tensors[list[pos]];
      if (value.type != tflite::TensorType::FLOAT32) continue;
      if (quantized_subgraphs.count(sub) == 0) {
        plan.float_reason[key->second] = absl::StrCat("resource variable '", key->second,
                                                      "' is also used in a control-flow subgraph, "
                                                      "which stays float");
      } else if (denylist != nullptr && RE2::PartialMatch(value.name, *denylist)) {
        plan.float_reason[key->second] = absl::StrCat(
            "resource variable '", key->second, "' matches --quantize_denylist (at '", value.name, "')");
      }
      float lo = 0, hi = 0;
      if (value.quantization.has_value() && !value.quantization->min.empty() &&
          !value.quantization->max.empty()) {
        lo = value.quantization->min[0];
        hi = value.quantization->max[0];
      } else if (absl::StatusOr<std::vector<float>> data = ReadFloatConstant(model, value);
                 data.ok() && !data->empty()) {  // an initial value counts with its data's range
        lo = *std::min_element(data->begin(), data->end());
        hi = *std::max_element(data->begin(), data->end());
      } else {
        continue;
      }
      auto [it, inserted] = plan.range.emplace(key->second, std::make_pair(lo, hi));
      if (!inserted) {
        it->second.first = std::min(it->second.first, lo);
        it->second.second = std::max(it->second.second, hi);
      }
    }
  }
  for (const auto& [key, why] : plan.float_reason) plan.range.erase(key);
  return plan;
}

std::vector<int> BufferRefs(const TflModel& model) {
  std::vector<int> refs(model.buffers.size(), 0);
  for (const TflSubgraph& g : model.subgraphs) {
    for (const TflTensor& t : g.tensors) {
      if (t.buffer < refs.size()) ++refs[t.buffer];
    }
  }
  return refs;
}

// Drops the bytes of buffers that no tensor or metadata uses any more (the float weights that
// were replaced), keeping every index stable.
void ClearUnusedBuffers(TflModel& model, const std::vector<int>& refs_before) {
  std::vector<int> refs = BufferRefs(model);
  for (const auto& [name, index] : model.metadata) {
    if (index < refs.size()) ++refs[index];
  }
  for (int32_t index : model.metadata_buffer) {
    if (index >= 0 && static_cast<size_t>(index) < refs.size()) ++refs[index];
  }
  for (size_t b = 1; b < refs.size() && b < refs_before.size(); ++b) {
    if (refs[b] == 0 && refs_before[b] > 0) model.buffers[b].data = ByteBuffer();
  }
}

}  // namespace

absl::StatusOr<QuantizeReport> QuantizeFullIntegerModel(TflModel& model, const QuantizeOptions& options) {
  if (options.mode != QuantizationMode::kInt8 && options.mode != QuantizationMode::kInt16x8) {
    return absl::InvalidArgumentError(absl::StrCat("full-integer quantization was asked for mode '",
                                                   QuantizationModeName(options.mode),
                                                   "'; it handles int8 and int16x8"));
  }
  std::unique_ptr<re2::RE2> denylist;
  if (!options.denylist_regex.empty()) {
    denylist = std::make_unique<re2::RE2>(options.denylist_regex, re2::RE2::Quiet);
    if (!denylist->ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--quantize_denylist '", options.denylist_regex,
                                                     "' is not a valid RE2 pattern: ",
                                                     denylist->error()));
    }
  }

  TflModel working = model;  // buffers are shared views: the copy is cheap
  const std::vector<int> refs_before = BufferRefs(working);
  std::vector<int> refs = refs_before;
  QuantizeReport report;
  const std::set<int> subgraphs = QuantizedSubgraphs(model);
  const ResourcePlan resources = PlanResources(model, subgraphs, denylist.get());
  for (int sub : subgraphs) {
    SubgraphPass pass(model, working, sub, options, denylist.get(), resources, refs, report);
    absl::Status s = pass.Plan();
    if (s.ok()) s = pass.Run();
    if (!s.ok()) return s;
  }
  for (int sub = 0; sub < static_cast<int>(model.subgraphs.size()); ++sub) {
    if (subgraphs.count(sub) > 0) continue;
    for (const TflTensor& t : model.subgraphs[sub].tensors) {
      if (t.type != tflite::TensorType::FLOAT32) continue;
      report.warnings.push_back(absl::StrCat("subgraph ", sub, " '", model.subgraphs[sub].name,
                                             "' is called by control flow and stays float"));
      break;
    }
  }
  ClearUnusedBuffers(working, refs_before);
  AssignOperatorVersions(working);
  model = std::move(working);
  return report;
}

}  // namespace tfconv
